"""The built graph as plain records: what exporters write and the Python API wraps.

Everything is sorted by a stable key on construction, so every representation made from a
``Corpus`` (Turtle, HTML, networkx) is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from kg.model import Edge, Entity, EntityType, Mention, Paper, Role, mention_with

ROLE_TARGET_TYPE: dict[Role, EntityType] = {
    Role.USES_METHOD: EntityType.METHOD,
    Role.EVALUATES_ON: EntityType.DATASET,
    Role.ADDRESSES_TASK: EntityType.TASK,
    Role.MEASURES_WITH: EntityType.METRIC,
}
"""Typed roles only make sense towards entities of one type (the ontology's ranges say so)."""


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
    redirects: tuple[tuple[str, str], ...] = field(default=())
    """(retired entity key, key of the entity that replaced it): IRIs earlier exports published (``kg.registry``)."""

    @classmethod
    def of(
        cls,
        papers: Iterable[Paper],
        entities: Iterable[Entity],
        edges: Iterable[Edge],
        provenance: Provenance | None = None,
        notes: Iterable[str] = (),
        redirects: Iterable[tuple[str, str]] = (),
    ) -> Corpus:
        """Build a corpus with every collection in its canonical order and its invariants enforced.

        Invariants, whichever stage produced the records (full build, update, distributed build,
        loaded export): ``broader`` only names entities of this corpus; an edge's typed roles agree
        with its entity's final type (a span typed Task by one component may link to an entity
        typed Concept by the vocabulary); a span supports an edge once, by its strongest mention;
        a redirect leads from a key that is not an entity to one that is.
        """
        entity_list = sorted(entities, key=lambda e: e.key)
        known = {e.key for e in entity_list}
        types = {e.key: e.type for e in entity_list}
        entity_list = [e if set(e.broader) <= known
                       else replace(e, broader=tuple(b for b in e.broader if b in known)) for e in entity_list]
        return cls(
            papers=tuple(sorted(papers, key=lambda p: p.key)),
            entities=tuple(entity_list),
            edges=tuple(sorted((_consistent(edge, types.get(edge.entity_key)) for edge in edges),
                               key=lambda e: (e.paper_key, e.entity_key))),
            provenance=provenance,
            notes=tuple(sorted(notes)),
            redirects=tuple(sorted((old, new) for old, new in redirects if new in known and old not in known)),
        )

    def paper_counts(self) -> dict[str, int]:
        """Number of distinct papers per entity key."""
        counts: dict[str, int] = {}
        for edge in self.edges:
            counts[edge.entity_key] = counts.get(edge.entity_key, 0) + 1
        return counts


def _consistent(edge: Edge, entity_type: EntityType | None) -> Edge:
    """The edge with roles its entity's type allows and one mention per span (the most confident)."""
    roles = tuple(r for r in edge.roles if ROLE_TARGET_TYPE.get(r, entity_type) is entity_type)
    if Role.MENTIONS not in roles:
        roles = (Role.MENTIONS, *roles)
    best: dict[tuple[int, int], Mention] = {}
    for mention in edge.mentions:
        span = (mention.start, mention.end)
        if span not in best or (mention.confidence, mention.component) > (best[span].confidence, best[span].component):
            best[span] = mention
    mentions = tuple(best[span] for span in sorted(best))
    if entity_type is not None:
        mentions = tuple(m if m.type is entity_type else mention_with(m, type=entity_type) for m in mentions)
    if roles == edge.roles and mentions == edge.mentions:
        return edge
    return replace(edge, roles=roles, mentions=mentions)
