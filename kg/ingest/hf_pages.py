"""Hugging Face "Daily Papers" pages saved as text: the page header, then one entry per paper.

An entry is a title paragraph, an abstract paragraph, then optionally metadata lines::

    Deep Implicit Surface Point Prediction Networks
    <blank>
    Deep neural representations of 3D shapes ...
    <blank>
      • 7 authors
    ·
    Jun 10, 2021 3          <- date (year optional), optional upvote count

Pages in the other layout have only titles and abstracts; some entries have a date but no
authors line. The header (``new``, ``Subscribe``, ``Daily Papers``, ``byAK and the research
community``, ...) and the page date before the first entry are not papers; the page date is kept
as each entry's ``Source.page_date``.

A title with no abstract is reported, not guessed: when the paragraph in the abstract slot looks
like a title (one line, at most ``TITLE_LIKE_CHARS``, no final full stop) and the next paragraph
looks like an abstract (longer than that, or several sentences ending in a full stop), the first
title had no abstract. Without that check one missing abstract would shift every later entry by
one paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.model import Paper, Source

from .dates import HUMAN_DATE, parse_human
from .files import Line
from .records import make_paper

HEADER_LINES = frozenset({
    "new", "get trending papers in your email inbox!", "subscribe", "daily papers",
    "byak and the research community",
})
TITLE_LIKE_CHARS = 300

_AUTHORS = re.compile(r"\s*•\s*(\d{1,6})\s+authors?\s*", re.IGNORECASE)
_DOT = re.compile(r"\s*·\s*")
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")
_DATE = re.compile(rf"\s*{HUMAN_DATE.pattern}(?:\s+(\d{{1,9}}))?\s*", re.IGNORECASE)


@dataclass(slots=True)
class _Paragraph:
    """Consecutive non-blank, non-metadata lines."""

    lines: list[tuple[int, str]]

    @property
    def line(self) -> int:
        return self.lines[0][0]

    @property
    def text(self) -> str:
        return "\n".join(text for _, text in self.lines)

    def title_like(self) -> bool:
        text = self.text.strip()
        return len(self.lines) == 1 and len(text) <= TITLE_LIKE_CHARS and not text.endswith(".")

    def abstract_like(self) -> bool:
        text = self.text.strip()
        return len(text) > TITLE_LIKE_CHARS or (text.endswith(".") and _SENTENCE_BREAK.search(text) is not None)


@dataclass(frozen=True, slots=True)
class _Meta:
    """One metadata line: ``kind`` is ``authors``, ``dot`` or ``date``."""

    line: int
    kind: str
    match: re.Match[str]
    text: str


@dataclass(slots=True)
class _Entry:
    title: _Paragraph
    abstract: _Paragraph | None = None
    meta: dict[str, _Meta] = field(default_factory=dict)
    error: InputError | None = None


def parse_page(path: Path, lines: Iterable[Line]) -> Iterator[Paper | InputError]:
    """Every entry of one page as a ``Paper``, or an ``InputError`` for an entry that is unusable.

    Raises ``InputError`` when the page cannot be read at all (an undecodable line) or holds no
    paper.
    """
    items = list(_items(path, lines))
    page_date, start = _header(items)
    source_file = path.name
    found = False
    for entry in _entries(path, items[start:]):
        found = True
        if entry.error is not None:
            yield entry.error
            continue
        try:
            yield _paper(entry, path, source_file, page_date)
        except InputError as error:
            yield error
    if not found:
        raise InputError("no papers found in the page", path=path)


def _items(path: Path, lines: Iterable[Line]) -> Iterator[_Paragraph | _Meta]:
    paragraph: list[tuple[int, str]] = []
    for number, text in lines:
        if isinstance(text, InputError):
            raise text
        meta = _meta(number, text)
        if meta is not None or not text.strip():
            if paragraph:
                yield _Paragraph(paragraph)
                paragraph = []
            if meta is not None:
                yield meta
        else:
            paragraph.append((number, text))
    if paragraph:
        yield _Paragraph(paragraph)


def _meta(number: int, text: str) -> _Meta | None:
    for kind, pattern in (("authors", _AUTHORS), ("dot", _DOT), ("date", _DATE)):
        match = pattern.fullmatch(text)
        if match:
            return _Meta(number, kind, match, text.strip())
    return None


def _header(items: list[_Paragraph | _Meta]) -> tuple[str | None, int]:
    """The page date (``MM-DD`` or ISO) and the index of the first item after the header."""
    page_date: str | None = None
    for index, item in enumerate(items):
        if isinstance(item, _Paragraph):
            if not (len(item.lines) == 1 and " ".join(item.text.split()).casefold() in HEADER_LINES):
                return page_date, index
        elif item.kind == "date" and page_date is None:
            try:
                parsed = parse_human(item.match, item.text)
            except ValueError:
                return page_date, index
            page_date = parsed.iso or parsed.month_day
        else:
            return page_date, index
    return page_date, len(items)


def _entries(path: Path, items: list[_Paragraph | _Meta]) -> Iterator[_Entry]:
    entry: _Entry | None = None
    orphan = False  # metadata lines of an entry already reported are not reported again
    for index, item in enumerate(items):
        if isinstance(item, _Paragraph):
            orphan = False
            if entry is None:
                entry = _Entry(item)
            elif entry.abstract is None and _missing_abstract(item, items[index + 1:index + 2]):
                yield _no_abstract(path, entry)
                entry = _Entry(item)
            elif entry.abstract is None:
                entry.abstract = item
            else:
                yield entry
                entry = _Entry(item)
        elif entry is not None and entry.abstract is not None:
            _attach(path, entry, item)
        elif entry is not None:
            yield _no_abstract(path, entry)
            entry, orphan = None, True
        elif not orphan:
            orphan = True
            yield _Entry(_Paragraph([(item.line, item.text)]),
                         error=InputError(f"metadata line {item.text!r} without a paper", path=path,
                                          line=item.line))
    if entry is not None:
        yield entry if entry.abstract is not None else _no_abstract(path, entry)


def _missing_abstract(candidate: _Paragraph, following: list[_Paragraph | _Meta]) -> bool:
    return (candidate.title_like() and bool(following) and isinstance(following[0], _Paragraph)
            and following[0].abstract_like())


def _no_abstract(path: Path, entry: _Entry) -> _Entry:
    title = " ".join(entry.title.text.split())
    shown = title if len(title) <= 60 else title[:59] + "…"
    return _Entry(entry.title, error=InputError(f"entry {shown!r} has a title but no abstract", path=path,
                                                line=entry.title.line))


def _attach(path: Path, entry: _Entry, meta: _Meta) -> None:
    if entry.error is not None:
        return
    if meta.kind in entry.meta:
        entry.error = InputError(f"second {meta.kind} line {meta.text!r} in one entry", path=path, line=meta.line)
        return
    entry.meta[meta.kind] = meta


def _paper(entry: _Entry, path: Path, source_file: str, page_date: str | None) -> Paper:
    assert entry.abstract is not None
    date = month_day = None
    upvotes = author_count = None
    if "date" in entry.meta:
        meta = entry.meta["date"]
        try:
            parsed = parse_human(meta.match, meta.text)
        except ValueError as error:
            raise InputError(str(error), path=path, line=meta.line) from None
        date, month_day = parsed
        upvotes = int(meta.match.group(4)) if meta.match.group(4) else None
    if "authors" in entry.meta:
        author_count = int(entry.meta["authors"].match.group(1))
    return make_paper(
        title=entry.title.text,
        abstract=entry.abstract.text,
        source=Source(file=source_file, page_date=page_date, line=entry.title.line),
        path=str(path),
        line=entry.title.line,
        author_count=author_count,
        date=date,
        month_day=month_day,
        upvotes=upvotes,
    )
