"""Human-readable text for the CLI: the build summary, ``kg stats`` and ``kg show``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kg.corpus import Corpus
from kg.model import EntityType, Role

if TYPE_CHECKING:
    from kg.build import BuildReport
    from kg.graph import KnowledgeGraph


def _type_counts(corpus: Corpus) -> Counter[EntityType]:
    return Counter(entity.type for entity in corpus.entities)


def _role_counts(corpus: Corpus) -> Counter[Role]:
    return Counter(role for edge in corpus.edges for role in edge.roles)


def format_build_summary(corpus: Corpus, report: BuildReport, written: Sequence[Path]) -> str:
    """What a build did: papers read and kept, entities per type, edges per role, files written."""
    types = _type_counts(corpus)
    roles = _role_counts(corpus)
    lines = [
        f"papers: {report.papers} distinct from {report.entries} entries"
        + (f" ({len(report.skipped)} bad entries skipped)" if report.skipped else ""),
        f"entities: {len(corpus.entities)} ("
        + ", ".join(f"{t.value} {types.get(t, 0)}" for t in EntityType) + ")",
        f"edges: {len(corpus.edges)} paper-entity ("
        + ", ".join(f"{r.value} {roles[r]}" for r in Role if r is not Role.MENTIONS and roles.get(r)) + ")",
    ]
    lines.extend(f"wrote {path}" for path in written)
    return "\n".join(lines)


def format_stats(corpus: Corpus, top: int = 5) -> str:
    """Counts, the most-linked entities of each type, and acronyms with conflicting senses."""
    counts = corpus.paper_counts()
    types = _type_counts(corpus)
    lines = [
        f"papers: {len(corpus.papers)}",
        f"entities: {len(corpus.entities)}",
        f"edges: {len(corpus.edges)}",
    ]
    for entity_type in EntityType:
        ranked = sorted((e for e in corpus.entities if e.type is entity_type),
                        key=lambda e: (-counts.get(e.key, 0), e.label.casefold()))[:top]
        lines.append(f"{entity_type.value} ({types.get(entity_type, 0)}): "
                     + (", ".join(f"{e.label} ({counts.get(e.key, 0)})" for e in ranked) or "-"))
    conflicts = [e for e in corpus.entities if e.acronym_conflicts]
    if conflicts or corpus.notes:
        lines.append("acronym conflicts:")
        lines.extend(f"  {note}" for note in corpus.notes)
    return "\n".join(lines)


def format_entity(graph: KnowledgeGraph, name: str) -> str:
    """``kg show``: an entity's type, aliases and every paper with its roles and evidence sentence."""
    entity = graph.entity(name)
    lines = [f"{entity.label} [{entity.type}]"]
    if entity.aliases:
        lines.append("aliases: " + ", ".join(entity.aliases))
    papers = graph.papers_for(entity)
    lines.append(f"papers: {len(papers)}")
    for paper in papers:
        roles = sorted(str(r) for r in graph.roles(paper, entity) if r is not Role.MENTIONS) or ["mentions"]
        lines.append(f"- {paper.title} ({', '.join(roles)})")
        for evidence in graph.evidence(paper, entity)[:1]:
            lines.append(f"    \"{evidence.sentence}\"")
    return "\n".join(lines)
