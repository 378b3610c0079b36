"""Analyses over a corpus: related entities, trends, neighbourhoods and communities.

Pure functions of a ``Corpus`` returning typed results in a deterministic order; the
``KnowledgeGraph`` facade resolves names and delegates here.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from statistics import median_low

import networkx as nx

from kg.corpus import Corpus
from kg.errors import UsageError
from kg.model import Entity, EntityType
from kg.networks import cooccurrence, entity_papers
from kg.results import Related, Trend

METRICS = ("jaccard", "npmi")


def _score(metric: str, shared: int, n_a: int, n_b: int, total: int) -> float:
    if metric == "jaccard":
        return shared / (n_a + n_b - shared)
    p_ab = shared / total
    if p_ab == 1.0:
        return 1.0
    return math.log(p_ab / ((n_a / total) * (n_b / total))) / -math.log(p_ab)


def related(corpus: Corpus, key: str, k: int = 10, *, metric: str = "jaccard",
            min_support: int = 1) -> tuple[Related, ...]:
    """The ``k`` entities that co-occur most strongly with entity ``key``.

    Scores, over the sets of papers P(x) linking each entity:

    - ``jaccard`` (default): |P(a) ∩ P(b)| / |P(a) ∪ P(b)|, in [0, 1]. Symmetric and bounded;
      an entity seen in one paper with the target scores only 1/|P(a)|, so hubs are not drowned
      by one-off terms.
    - ``npmi``: normalised pointwise mutual information, log(p(a,b) / p(a)p(b)) / -log p(a,b)
      with p estimated as paper fractions; in [-1, 1], 1 when the two always occur together.
      PMI overrates rare pairs, so raise ``min_support`` with it.

    Pairs sharing fewer than ``min_support`` papers are dropped. Ties go to the entity with more
    shared papers, then the smaller key.
    """
    if metric not in METRICS:
        raise UsageError(f"unknown metric {metric!r}; choose one of {', '.join(METRICS)}")
    papers = entity_papers(corpus)
    own = papers.get(key, frozenset())
    by_key = {e.key: e for e in corpus.entities}
    total = len(corpus.papers)
    candidates: dict[str, int] = {}
    for other, other_papers in papers.items():
        if other != key:
            shared = len(own & other_papers)
            if shared and shared >= min_support:
                candidates[other] = shared
    ranked = sorted(
        (Related(by_key[other], _score(metric, shared, len(own), len(papers[other]), total), shared, metric)
         for other, shared in candidates.items()),
        key=lambda r: (-r.score, -r.shared, r.entity.key))
    return tuple(ranked[:k])


def neighbourhood(corpus: Corpus, paper_keys: Iterable[str], entity_keys: Iterable[str], hops: int) -> Corpus:
    """The part of ``corpus`` within ``hops`` steps of the focus papers and entities.

    Steps are taken on the bipartite paper-entity graph: from an entity, one hop reaches its
    papers and two hops the entities those papers also mention. The result keeps the edges between
    kept nodes, the provenance and the build notes.
    """
    by_paper: dict[str, set[str]] = {}
    by_entity: dict[str, set[str]] = {}
    for edge in corpus.edges:
        by_paper.setdefault(edge.paper_key, set()).add(edge.entity_key)
        by_entity.setdefault(edge.entity_key, set()).add(edge.paper_key)
    papers, entities = set(paper_keys), set(entity_keys)
    frontier_papers, frontier_entities = set(papers), set(entities)
    for _ in range(hops):
        new_entities = {e for p in frontier_papers for e in by_paper.get(p, ())} - entities
        new_papers = {p for e in frontier_entities for p in by_entity.get(e, ())} - papers
        papers |= new_papers
        entities |= new_entities
        frontier_papers, frontier_entities = new_papers, new_entities
    return Corpus.of(
        (p for p in corpus.papers if p.key in papers),
        (e for e in corpus.entities if e.key in entities),
        (e for e in corpus.edges if e.paper_key in papers and e.entity_key in entities),
        provenance=corpus.provenance, notes=corpus.notes, redirects=corpus.redirects)


def trending(corpus: Corpus, *, since: str | None = None, k: int = 10, by: str = "papers",
             min_papers: int = 2, types: Collection[EntityType] | None = None) -> tuple[Trend, ...]:
    """Entities whose share of papers (``by="papers"``) or of upvotes (``by="upvotes"``) grew.

    Only papers with a full date (``Paper.date``, which exists only when the input gives a year)
    take part; papers with no date or only a month and day are left out of both periods rather
    than guessed. ``since`` (an ISO date or prefix such as ``"2024"`` or ``"2024-06"``) splits
    recent (on or after) from earlier papers; by default it is the median date of dated papers,
    so both periods are about equally large. An entity's growth is its add-one-smoothed share
    of the recent period over its share of the earlier one::

        growth = ((r + 1) / (R + 1)) / ((e + 1) / (E + 1))

    where r, e count the entity's papers (or sum their upvotes) and R, E the period totals.
    Entities in fewer than ``min_papers`` recent papers are skipped. Returns the ``k`` highest
    growths (ties: more recent papers, then key); empty when a period has no papers (or, by
    upvotes, no upvotes), since there is nothing to compare with.
    """
    if by not in ("papers", "upvotes"):
        raise UsageError(f"trending by {by!r}: choose 'papers' or 'upvotes'")
    dated = {p.key: p for p in corpus.papers if p.date}
    if not dated:
        return ()
    cut = since or median_low(sorted(p.date for p in dated.values()))
    recent = {key for key, p in dated.items() if p.date >= cut}

    def weight(key: str) -> int:
        return 1 if by == "papers" else (dated[key].upvotes or 0)

    totals = {True: sum(weight(p) for p in recent), False: sum(weight(p) for p in dated.keys() - recent)}
    if not totals[True] or not totals[False]:
        return ()
    tallies: dict[str, list[int]] = {}
    for edge in corpus.edges:
        if edge.paper_key in dated:
            tally = tallies.setdefault(edge.entity_key, [0, 0, 0, 0])
            is_recent = edge.paper_key in recent
            tally[0 if is_recent else 1] += 1
            tally[2 if is_recent else 3] += dated[edge.paper_key].upvotes or 0
    trends = []
    for entity in corpus.entities:
        tally = tallies.get(entity.key)
        if tally is None or tally[0] < min_papers or (types and entity.type not in types):
            continue
        r, e = (tally[0], tally[1]) if by == "papers" else (tally[2], tally[3])
        growth = ((r + 1) / (totals[True] + 1)) / ((e + 1) / (totals[False] + 1))
        trends.append(Trend(entity, cut, tally[0], tally[1], tally[2], tally[3], growth))
    trends.sort(key=lambda t: (-t.growth, -t.recent, t.entity.key))
    return tuple(trends[:k])


def communities(corpus: Corpus, *, resolution: float = 1.0, seed: int = 0,
                min_size: int = 2) -> tuple[tuple[Entity, ...], ...]:
    """Groups of entities that co-occur more than chance, by Louvain modularity on co-occurrence.

    Uses ``networkx.community.louvain_communities`` with edge weight = shared papers and a fixed
    ``seed``; the graph is built in sorted order, so the result is reproducible. Communities
    smaller than ``min_size`` (by default the isolated entities) are left out. Largest first
    (ties: first key); members by paper count, then key.
    """
    graph = cooccurrence(corpus)
    if graph.number_of_edges() == 0:
        return ()
    counts = corpus.paper_counts()
    by_key = {e.key: e for e in corpus.entities}
    groups = nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=seed)
    ordered = [sorted(group, key=lambda key: (-counts.get(key, 0), key)) for group in groups
               if len(group) >= min_size]
    ordered.sort(key=lambda keys: (-len(keys), min(keys)))
    return tuple(tuple(by_key[key] for key in keys) for keys in ordered)
