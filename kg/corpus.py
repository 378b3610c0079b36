"""The built graph as plain records: what exporters write and the Python API wraps.

Everything is sorted by a stable key on construction, so every representation made from a
``Corpus`` (Turtle, HTML, networkx) is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.model import Edge, Entity, Paper


@dataclass(frozen=True, slots=True)
class Provenance:
    """What produced a build: tool version, extractor name/version, inputs with hashes, settings."""

    tool_version: str
    extractor: str
    inputs: tuple[tuple[str, str], ...] = ()
    settings: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Corpus:
    """Papers, entities and paper-entity edges of one build."""

    papers: tuple[Paper, ...]
    entities: tuple[Entity, ...]
    edges: tuple[Edge, ...]
    provenance: Provenance | None = None
    notes: tuple[str, ...] = field(default=())

    @classmethod
    def of(
        cls,
        papers: Iterable[Paper],
        entities: Iterable[Entity],
        edges: Iterable[Edge],
        provenance: Provenance | None = None,
        notes: Iterable[str] = (),
    ) -> Corpus:
        """Build a corpus with every collection in its canonical order."""
        return cls(
            papers=tuple(sorted(papers, key=lambda p: p.key)),
            entities=tuple(sorted(entities, key=lambda e: e.key)),
            edges=tuple(sorted(edges, key=lambda e: (e.paper_key, e.entity_key))),
            provenance=provenance,
            notes=tuple(sorted(notes)),
        )

    def paper_counts(self) -> dict[str, int]:
        """Number of distinct papers per entity key."""
        counts: dict[str, int] = {}
        for edge in self.edges:
            counts[edge.entity_key] = counts.get(edge.entity_key, 0) + 1
        return counts
