"""Which part of a corpus an HTML view shows: filters, a focus neighbourhood and a size cap.

A page with every entity of a large build is an unreadable hairball and slow to open, so a view
keeps the most connected entities (and the papers linked to them) and says what it left out.
Selection is separate from drawing so it can be tested, and reused, without a browser.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from kg.corpus import Corpus
from kg.errors import NotFoundError, UsageError
from kg.iri import fold
from kg.model import Edge, Entity, EntityType, Paper

DEFAULT_MAX_ENTITIES = 100
"""Entities a view shows unless told otherwise: enough for an overview, few enough to read.

Every shown entity is labelled, and the labels must fit the window at a legible size: the 100
entities of the seed build (glyphs and labels of 12 px and up) take about 40% of a 1400 x 637 px
view, which opens at zoom 0.94, so no label is under 12 px on screen; with 150 it opened at zoom
0.79, labels from 10 px (measured in headless Chromium, ``tests/test_html_browser.py``).
"""


@dataclass(frozen=True, slots=True)
class Selection:
    """The papers, entities and edges one view draws, and notes on what it left out.

    ``edges`` are the corpus edges whose paper and entity are both selected; ``entities_total`` and
    ``papers_total`` count the whole corpus so a page can say "showing 100 of 2,340".
    """

    papers: tuple[Paper, ...]
    entities: tuple[Entity, ...]
    edges: tuple[Edge, ...]
    focus: Entity | None
    notes: tuple[str, ...]
    papers_total: int
    entities_total: int
    edges_total: int


def parse_types(types: Sequence[str] | None) -> frozenset[EntityType]:
    """Entity types named case-insensitively (``"method"`` → ``EntityType.METHOD``); ``None`` = all."""
    if not types:
        return frozenset(EntityType)
    by_name = {fold(t.value): t for t in EntityType}
    unknown = [name for name in types if fold(name) not in by_name]
    if unknown:
        known = ", ".join(t.value for t in EntityType)
        raise UsageError(f"unknown entity type {', '.join(map(repr, unknown))}; known types: {known}")
    return frozenset(by_name[fold(name)] for name in types)


def resolve_focus(corpus: Corpus, name: str) -> Entity:
    """The entity whose label or alias is ``name`` (case- and accent-insensitive).

    A label match wins over an alias match, and ties go to the entity in most papers, so an
    acronym shared by two entities resolves the way a reader most likely means it.
    """
    wanted = fold(name)
    counts = corpus.paper_counts()
    labelled = [e for e in corpus.entities if fold(e.label) == wanted]
    aliased = [e for e in corpus.entities if any(fold(a) == wanted for a in e.aliases)]
    for found in (labelled, aliased):
        if found:
            return min(found, key=lambda e: (-counts.get(e.key, 0), e.key))
    names = sorted({e.label for e in corpus.entities} | {a for e in corpus.entities for a in e.aliases})
    by_fold = {fold(n): n for n in reversed(names)}
    close = difflib.get_close_matches(wanted, list(by_fold), n=5, cutoff=0.6)
    hint = f"; did you mean: {', '.join(by_fold[c] for c in close)}?" if close else ""
    raise NotFoundError(f"no entity named {name!r} in the graph{hint}")


def select(
    corpus: Corpus,
    *,
    focus: str | None = None,
    hops: int = 1,
    min_papers: int = 1,
    types: Sequence[str] | None = None,
    max_entities: int | None = None,
) -> Selection:
    """Choose what a view shows.

    Entities are kept when their type is wanted and they are in at least ``min_papers`` papers.
    With ``focus``, only entities within ``hops`` co-occurrence steps of it remain (one step =
    sharing a paper), with the papers that connect them. At most ``max_entities`` entities stay
    (default ``DEFAULT_MAX_ENTITIES``), nearest to the focus and then most connected first; papers
    stay when they link to a kept entity. The focus entity is always kept.
    """
    if hops < 1:
        raise UsageError(f"--hops must be at least 1, not {hops}")
    if min_papers < 0:
        raise UsageError(f"--min-papers must not be negative, not {min_papers}")
    cap = DEFAULT_MAX_ENTITIES if max_entities is None else max_entities
    if cap < 1:
        raise UsageError(f"--max-entities must be at least 1, not {max_entities}")
    wanted_types = parse_types(types)
    centre = resolve_focus(corpus, focus) if focus is not None else None

    counts = corpus.paper_counts()
    typed = {e.key for e in corpus.entities if e.type in wanted_types}
    allowed = {k for k in typed if counts.get(k, 0) >= min_papers} | ({centre.key} if centre else set())
    notes: list[str] = []
    if len(typed) < len(corpus.entities):
        notes.append(f"{_count(len(corpus.entities) - len(typed), 'entity')} of other types hidden")
    rare = len(typed - allowed)
    if rare:
        fewer = "no paper" if min_papers == 1 else f"fewer than {_count(min_papers, 'paper')}"
        notes.append(f"{_count(rare, 'entity')} in {fewer} hidden")
    if centre is None:
        distance = dict.fromkeys(allowed, 0)
        paper_keys = None
    else:
        distance, paper_keys = _neighbourhood(corpus, centre.key, allowed, hops)
        notes.append(f"focus: {centre.label} ({centre.type.value}), {_count(hops, 'hop')}")
        outside = len(allowed) - len(distance)
        if outside:
            notes.append(f"{_count(outside, 'entity')} further than {_count(hops, 'hop')} from the focus hidden")

    ranked = sorted(distance, key=lambda k: (distance[k], -counts.get(k, 0), k))
    kept = set(ranked[:cap])
    if len(ranked) > cap:
        notes.append(
            f"{_count(len(ranked) - cap, 'less connected entity')} left out (showing the {cap:,} most "
            "connected; raise --max-entities, or narrow the view with --focus, --types or --min-papers)"
        )

    edges = tuple(
        e for e in corpus.edges if e.entity_key in kept and (paper_keys is None or e.paper_key in paper_keys)
    )
    shown_papers = {e.paper_key for e in edges}
    papers = tuple(p for p in corpus.papers if p.key in shown_papers)
    left_papers = len(corpus.papers) - len(papers)
    if left_papers:
        notes.append(f"{_count(left_papers, 'paper')} left out (no link to a shown entity)")
    return Selection(
        papers=papers,
        entities=tuple(e for e in corpus.entities if e.key in kept),
        edges=edges,
        focus=centre,
        notes=tuple(notes),
        papers_total=len(corpus.papers),
        entities_total=len(corpus.entities),
        edges_total=len(corpus.edges),
    )


def _neighbourhood(
    corpus: Corpus, start: str, allowed: set[str], hops: int
) -> tuple[dict[str, int], set[str]]:
    """Entities within ``hops`` shared-paper steps of ``start`` and the papers walked through.

    Breadth-first over the paper–entity graph; only ``allowed`` entities are stepped on, so a
    type filter also stops the walk from reaching further through hidden entities.
    """
    by_entity: dict[str, list[str]] = {}
    by_paper: dict[str, list[str]] = {}
    for edge in corpus.edges:
        if edge.entity_key in allowed:
            by_entity.setdefault(edge.entity_key, []).append(edge.paper_key)
            by_paper.setdefault(edge.paper_key, []).append(edge.entity_key)
    distance = {start: 0}
    papers: set[str] = set()
    frontier = [start]
    for step in range(1, hops + 1):
        reached: list[str] = []
        for entity in frontier:
            for paper in by_entity.get(entity, ()):
                if paper in papers:
                    continue
                papers.add(paper)
                for other in by_paper[paper]:
                    if other not in distance:
                        distance[other] = step
                        reached.append(other)
        frontier = reached
    return distance, papers


def _count(n: int, noun: str) -> str:
    """``3 papers``, ``1 paper``, ``2 entities``: a count with its noun in the right number."""
    if n == 1:
        return f"1 {noun}"
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{n:,} {plural}"
