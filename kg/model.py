"""Records that cross stage boundaries: papers, mentions, entities and edges.

Plain frozen dataclasses, so ingestion, extraction, linking, the graph and the exporters can be
used (and tested) alone; RDF and networkx are representations made at the edges.

A build holds all of them until its exports are written, so each record shares what repeats
(``__post_init__``): interned names and keys, one object per offset, confidence and role set, a raw
text that equals the clean one held once. Equal values either way; only memory changes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from operator import is_
from typing import Any


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


_INTS: dict[int, int] = {}
_FLOATS: dict[float, float] = {}
_ROLE_TUPLES: dict[tuple[Role, ...], tuple[Role, ...]] = {}
_SHARED_ROLE_TUPLES: set[int] = set()
"""The ids of the tuples in ``_ROLE_TUPLES``, which keeps them alive, so an id is never reused."""


def shared_int(value: int) -> int:
    """One ``int`` object per value: offsets repeat across a corpus' mentions, and CPython only
    shares -5..256, so every other offset would otherwise cost its own 28-byte object."""
    return _INTS.setdefault(value, value) if type(value) is int else value


def shared_float(value: float) -> float:
    """One ``float`` object per value (confidences take a handful of values). A separate table from
    the ints because ``1 == 1.0``: a shared table would hand back ``1`` for ``1.0``."""
    return _FLOATS.setdefault(value, value) if type(value) is float and value == value else value


def shared_str(value: str | None) -> str | None:
    """The interned copy of ``value`` (``sys.intern``): names, keys and labels repeat across papers."""
    return sys.intern(value) if type(value) is str else value


def shared_strs(values: tuple[str, ...]) -> tuple[str, ...]:
    """``values`` with each string interned; the empty tuple stays the shared empty tuple."""
    return tuple(map(shared_str, values)) if values else ()


_new, _set = object.__new__, object.__setattr__


def _share(record: object, **values: Any) -> None:
    """Set fields of a frozen record to their shared copies (``__post_init__`` of a frozen dataclass)."""
    for name, value in values.items():
        object.__setattr__(record, name, value)


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

    def __post_init__(self) -> None:
        # Most inputs need no normalisation, so the raw text usually equals the clean one: hold it
        # once (the export writes ``kg:rawTitle``/``kg:rawAbstract`` only when they differ anyway).
        # A corpus of 100k papers otherwise holds every abstract twice.
        _share(self,
               raw_title=self.title if self.raw_title == self.title else self.raw_title,
               raw_abstract=self.abstract if self.raw_abstract == self.abstract else self.raw_abstract,
               authors=shared_strs(self.authors), categories=shared_strs(self.categories))

    def __reduce__(self) -> tuple[type[Paper], tuple[Any, ...]]:
        # Unpickled copies (Dask) go through ``__init__`` too, so they share what ``__post_init__`` shares.
        return Paper, tuple(getattr(self, name) for name in self.__dataclass_fields__)

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

    def __post_init__(self) -> None:
        # A build holds every mention of every paper (about 16 per abstract) until its exports are
        # written; their surface forms, labels and keys repeat across papers, their offsets and
        # confidences take few values. One shared object per value keeps that memory bounded by
        # the distinct names rather than by the input size.
        _share(self, start=shared_int(self.start), end=shared_int(self.end), text=shared_str(self.text),
               label=shared_str(self.label), entity_key=shared_str(self.entity_key),
               component=shared_str(self.component), confidence=shared_float(self.confidence),
               sentence_start=shared_int(self.sentence_start), sentence_end=shared_int(self.sentence_end),
               aliases=shared_strs(self.aliases))

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Mentions come back from extraction processes and Dask workers pickled (about 26 an abstract):
        # rebuilt by ``mention_of`` so they are shared too.
        return mention_of, tuple(getattr(self, name) for name in self.__dataclass_fields__)

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


def mention_of(start: int, end: int, text: str, type: EntityType, label: str, entity_key: str,
               component: str, confidence: float, sentence_start: int, sentence_end: int, role: Role,
               aliases: Iterable[str]) -> Mention:
    """The mention ``Mention(...)`` makes of these fields, in a third of the time, for fields of the
    declared types (strings ``str``, offsets ``int``, ``type`` and ``role`` members of their enums).

    Each field is set once, shared directly; ``__init__`` sets each field and ``__post_init__`` then
    sets it again, about 10 µs a mention. The extractor makes about 26 mentions an abstract and a
    ``kg build --jobs 2`` unpickles each of them again while its extraction processes wait.
    """
    mention = _new(Mention)
    ints, intern = _INTS, sys.intern
    _set(mention, "start", ints.setdefault(start, start))
    _set(mention, "end", ints.setdefault(end, end))
    _set(mention, "text", intern(text))
    _set(mention, "type", type)
    _set(mention, "label", intern(label))
    _set(mention, "entity_key", intern(entity_key))
    _set(mention, "component", intern(component))
    _set(mention, "confidence", shared_float(confidence))
    _set(mention, "sentence_start", ints.setdefault(sentence_start, sentence_start))
    _set(mention, "sentence_end", ints.setdefault(sentence_end, sentence_end))
    _set(mention, "role", role)
    _set(mention, "aliases", tuple(map(intern, aliases)) if aliases else ())
    return mention


_MENTION_FIELDS = frozenset(Mention.__dataclass_fields__)


def mention_with(mention: Mention, **changes: Any) -> Mention:
    """``dataclasses.replace(mention, **changes)`` made by ``mention_of``, so values are shared, in
    about half the time (3.3 against 5.7 µs): ``replace`` was a third of ``Corpus.of`` on the 20k
    benchmark (every mention whose type its entity's final type overrides is rebuilt), and the
    linker relabels mentions the same way."""
    if not changes.keys() <= _MENTION_FIELDS:
        raise TypeError(f"Mention has no field {sorted(changes.keys() - _MENTION_FIELDS)[0]!r}")
    fields = {name: getattr(mention, name) for name in Mention.__dataclass_fields__}
    fields.update(changes)
    return mention_of(**fields)


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

    def __post_init__(self) -> None:
        # About a dozen role combinations occur; one tuple each instead of one per edge. Only tuples of
        # ``Role`` members are shared: ``Role`` equals its string, so a tuple of plain strings would
        # otherwise come back as members (or the other way round).
        roles = self.roles
        if type(roles) is not tuple or id(roles) in _SHARED_ROLE_TUPLES:
            return  # already a shared tuple (the linker's are): its id is an int, cheap to hash; a member is not
        shared = _ROLE_TUPLES.get(roles)
        if shared is None:
            if all(type(role) is Role for role in roles):
                _ROLE_TUPLES[roles] = roles
                _SHARED_ROLE_TUPLES.add(id(roles))
        elif shared is not roles and all(map(is_, roles, shared)):  # the same members (a build makes 300k edges)
            _set(self, "roles", shared)

    def __reduce__(self) -> tuple[type[Edge], tuple[Any, ...]]:
        return Edge, (self.paper_key, self.entity_key, self.roles, self.mentions)

    @property
    def confidence(self) -> float:
        """The strongest evidence for the edge."""
        return max((m.confidence for m in self.mentions), default=0.0)
