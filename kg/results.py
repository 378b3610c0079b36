"""Typed answers of the Python API that are not plain records (``Paper`` and ``Entity`` are).

Frozen dataclasses rather than dicts, so results are hashable, comparable in tests and
self-describing in a notebook; their ``repr`` stays one short line because abstracts and alias
lists would otherwise flood the output.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kg.model import Entity, Role


@dataclass(frozen=True, slots=True, repr=False)
class Evidence:
    """One mention supporting a paper-entity edge: the quote, its sentence and where both are.

    ``start``/``end`` and ``sentence_start``/``sentence_end`` are character offsets into
    ``Paper.text`` (title, blank line, abstract), so ``paper.text[start:end] == quote``.
    """

    paper_key: str
    entity_key: str
    quote: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    role: Role
    confidence: float
    component: str

    def __repr__(self) -> str:
        return (f"Evidence({self.quote!r} at {self.start}:{self.end}, role={self.role.value}, "
                f"confidence={self.confidence:.2f}, component={self.component!r})")


@dataclass(frozen=True, slots=True, repr=False)
class Related:
    """An entity that co-occurs with another, with the score it was ranked by.

    ``shared`` papers mention both entities; ``score`` is the metric named in ``metric``
    (see ``kg.analysis.related``).
    """

    entity: Entity
    score: float
    shared: int
    metric: str

    def __repr__(self) -> str:
        return f"Related({self.entity.label!r}, {self.metric}={self.score:.3f}, shared={self.shared})"


@dataclass(frozen=True, slots=True, repr=False)
class Trend:
    """How an entity's share of papers (or of upvotes) changed between two periods.

    ``recent``/``earlier`` count papers dated on/after and before ``since``; ``recent_upvotes``/
    ``earlier_upvotes`` sum those papers' upvotes (missing counts as 0). ``growth`` is the
    add-one-smoothed ratio of the entity's share in the recent period to its share earlier
    (see ``kg.analysis.trending``); above 1 means growing.
    """

    entity: Entity
    since: str
    recent: int
    earlier: int
    recent_upvotes: int
    earlier_upvotes: int
    growth: float

    def __repr__(self) -> str:
        return (f"Trend({self.entity.label!r}, growth={self.growth:.2f}, papers {self.earlier}->{self.recent}, "
                f"upvotes {self.earlier_upvotes}->{self.recent_upvotes}, since={self.since})")


@dataclass(frozen=True, slots=True)
class SparqlResult:
    """The answer to a SPARQL ``SELECT``: variable names and rows of Python values.

    IRIs and strings are ``str``, numbers ``int``/``float``, booleans ``bool``, unbound ``None``.
    Iterating gives the rows; ``column(name)`` one variable's values.
    """

    variables: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]

    def __iter__(self) -> Iterator[tuple[object, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, variable: str) -> tuple[object, ...]:
        """Every row's value of one variable."""
        index = self.variables.index(variable)
        return tuple(row[index] for row in self.rows)
