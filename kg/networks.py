"""networkx views of a corpus: the paper-entity graph and the entity co-occurrence graph.

Both are built in the corpus's sorted order, so node and edge iteration order is deterministic.
Attributes whose value is missing (``None``) are left out rather than stored as ``None``, so the
graphs can be written with ``nx.write_gexf``/``nx.write_graphml`` after tuple-valued attributes
(``authors``, ``aliases``) are joined by the caller.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from itertools import combinations

import networkx as nx

from kg.corpus import Corpus
from kg.iri import entity_iri, paper_iri
from kg.model import Entity, Paper, Role

BROADER = "broader"
"""Key and ``role`` of an entity → broader-entity edge (``skos:broader`` in the RDF)."""


def _present(attrs: Mapping[str, object]) -> dict[str, object]:
    return {name: value for name, value in attrs.items() if value is not None and value != ()}


def paper_attributes(paper: Paper) -> dict[str, object]:
    """Node attributes of a paper (``kind="paper"``)."""
    return _present({
        "kind": "paper", "key": paper.key, "label": paper.title, "title": paper.title,
        "abstract": paper.abstract, "arxiv_id": paper.arxiv_id, "authors": paper.authors,
        "author_count": paper.author_count, "date": paper.date, "month_day": paper.month_day,
        "upvotes": paper.upvotes, "url": paper.url,
    })


def entity_attributes(entity: Entity, papers: int) -> dict[str, object]:
    """Node attributes of an entity (``kind="entity"``); ``papers`` is its paper count."""
    return _present({
        "kind": "entity", "key": entity.key, "label": entity.label, "type": entity.type.value,
        "aliases": entity.aliases, "papers": papers, "in_vocabulary": entity.in_vocabulary,
    })


def to_networkx(corpus: Corpus) -> nx.MultiDiGraph:
    """Papers and entities as nodes (keyed by IRI), one directed edge per paper-entity role.

    A paper → entity link appears once per role with the role's name as edge key and ``role``
    attribute; every link also has a ``mentions`` edge, as in the RDF where each specific role
    is a sub-property of ``kg:mentions``. So ``G.has_edge(p, e, key="proposes")`` asks the
    question directly and ``key="mentions"`` gives every link once. Edge attributes:
    ``confidence`` (strongest mention) and ``evidence`` (number of mentions). Entity → entity
    edges with key and role ``broader`` carry the vocabulary hierarchy.
    """
    counts = corpus.paper_counts()
    graph = nx.MultiDiGraph()
    graph.add_nodes_from((paper_iri(p.key), paper_attributes(p)) for p in corpus.papers)
    graph.add_nodes_from((entity_iri(e.key), entity_attributes(e, counts.get(e.key, 0)))
                         for e in corpus.entities)
    for edge in corpus.edges:
        roles = dict.fromkeys([Role.MENTIONS, *sorted(edge.roles)])
        for role in roles:
            graph.add_edge(paper_iri(edge.paper_key), entity_iri(edge.entity_key), key=role.value,
                           role=role.value, confidence=edge.confidence, evidence=len(edge.mentions))
    known = {e.key for e in corpus.entities}
    for entity in corpus.entities:
        for broader in sorted(set(entity.broader) & known):
            graph.add_edge(entity_iri(entity.key), entity_iri(broader), key=BROADER, role=BROADER)
    return graph


def entity_papers(corpus: Corpus) -> dict[str, frozenset[str]]:
    """The set of paper keys linked to each entity key (entities without papers are absent)."""
    papers: dict[str, set[str]] = {}
    for edge in corpus.edges:
        papers.setdefault(edge.entity_key, set()).add(edge.paper_key)
    return {key: frozenset(keys) for key, keys in papers.items()}


def cooccurring_pairs(corpus: Corpus) -> Iterator[tuple[str, str, int]]:
    """``(a, b, shared)`` for every entity pair sharing at least one paper, ``a < b``, sorted."""
    by_paper: dict[str, list[str]] = {}
    for edge in corpus.edges:
        by_paper.setdefault(edge.paper_key, []).append(edge.entity_key)
    shared: dict[tuple[str, str], int] = {}
    for keys in by_paper.values():
        for pair in combinations(sorted(set(keys)), 2):
            shared[pair] = shared.get(pair, 0) + 1
    for (a, b), count in sorted(shared.items()):
        yield a, b, count


def cooccurrence(corpus: Corpus, min_weight: int = 1) -> nx.Graph:
    """Entities (keyed by entity key) joined when they share papers.

    Edge ``weight`` is the number of shared papers and ``jaccard`` that number over the size of
    the union of both entities' papers. Every entity is a node, including those that share no
    paper with another (isolated), unless ``min_weight`` prunes all its edges: nodes stay.
    """
    counts = corpus.paper_counts()
    graph = nx.Graph()
    graph.add_nodes_from((e.key, entity_attributes(e, counts.get(e.key, 0))) for e in corpus.entities)
    for a, b, shared in cooccurring_pairs(corpus):
        if shared >= min_weight:
            union = counts[a] + counts[b] - shared
            graph.add_edge(a, b, weight=shared, jaccard=shared / union)
    return graph
