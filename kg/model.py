"""Records that cross stage boundaries: papers, mentions, entities and edges.

Plain frozen dataclasses, so ingestion, extraction, linking, the graph and the exporters can be
used (and tested) alone; RDF and networkx are representations made at the edges.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class EntityType(StrEnum):
    """The five kinds of entity a paper can be linked to."""

    METHOD = "Method"
    DATASET = "Dataset"
    TASK = "Task"
    METRIC = "Metric"
    CONCEPT = "Concept"


class Role(StrEnum):
    """How a paper relates to an entity. Every edge is also a plain ``mentions``."""

    MENTIONS = "mentions"
    PROPOSES = "proposes"
    USES_METHOD = "usesMethod"
    EVALUATES_ON = "evaluatesOn"
    ADDRESSES_TASK = "addressesTask"
    MEASURES_WITH = "measuresWith"


TITLE_SEPARATOR = "\n\n"
"""Joins title and abstract into the one text that extraction offsets index (see ``Paper.text``)."""


@dataclass(frozen=True, slots=True)
class Source:
    """One listing of a paper: the input file and, where the page gives it, the page's date."""

    file: str
    page_date: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Paper:
    """A paper as read from the inputs, already deduplicated.

    ``title`` and ``abstract`` are normalised text (whitespace, dashes, quotes, LaTeX residue);
    ``raw_title``/``raw_abstract`` keep what the input said, so no text is lost.
    ``date`` is ISO ``YYYY-MM-DD`` only when the input gives a year; ``month_day`` (``MM-DD``)
    records a yearless date without inventing a year.
    """

    key: str
    title: str
    abstract: str
    raw_title: str = ""
    raw_abstract: str = ""
    arxiv_id: str | None = None
    authors: tuple[str, ...] = ()
    author_count: int | None = None
    date: str | None = None
    month_day: str | None = None
    upvotes: int | None = None
    url: str | None = None
    categories: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()

    @property
    def text(self) -> str:
        """Title and abstract as one document; mention offsets index this string."""
        return self.title + TITLE_SEPARATOR + self.abstract

    @property
    def abstract_offset(self) -> int:
        """Where the abstract starts inside ``text``."""
        return len(self.title) + len(TITLE_SEPARATOR)


@dataclass(frozen=True, slots=True)
class Mention:
    """One span of text that refers to an entity, with its evidence.

    ``start``/``end`` are character offsets into the text given to the extractor (for papers,
    ``Paper.text``). ``entity_key`` is the canonical key the linker assigned (see ``kg.iri``).
    """

    start: int
    end: int
    text: str
    type: EntityType
    label: str
    entity_key: str
    component: str
    confidence: float
    sentence_start: int
    sentence_end: int
    role: Role = Role.MENTIONS
    aliases: tuple[str, ...] = ()

    @property
    def is_definition(self) -> bool:
        """The span is a whole abbreviation definition, "Implicit Neural Representations (INRs)"."""
        return self.component == "kg_abbreviations" and "(" in self.text

    @property
    def names(self) -> tuple[str, ...]:
        """The names this span gives its entity: its text, or a definition's label and long and short
        forms (the definition's text is evidence, not a name); a span without letters ("100" of
        "CIFAR-10/100") is evidence for its label."""
        if self.is_definition:
            return (self.label, *self.aliases)
        return (self.text,) if any(c.isalpha() for c in self.text) else (self.label,)


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical entity: one preferred label, its variants, its type and broader entities."""

    key: str
    label: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    broader: tuple[str, ...] = ()
    in_vocabulary: bool = False
    acronym_conflicts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Edge:
    """A paper-entity link with every role the text supports and the mentions that support it."""

    paper_key: str
    entity_key: str
    roles: tuple[Role, ...]
    mentions: tuple[Mention, ...] = field(default=())

    @property
    def confidence(self) -> float:
        """The strongest evidence for the edge."""
        return max((m.confidence for m in self.mentions), default=0.0)
