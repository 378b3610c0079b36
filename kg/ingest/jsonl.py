"""JSON Lines input: one paper object per line.

Fields: ``title`` and ``abstract`` (strings, required); optional ``id`` (an arXiv id becomes the
paper's key), ``authors`` (list of names, or one string ``"A, B and C"``), ``date`` (``YYYY-MM-DD``,
``Jun 10, 2021`` or yearless ``Jun 12``), ``url``, ``upvotes`` (integer ≥ 0) and ``categories``
(list, or a space-separated string). ``null`` counts as absent; unknown fields are ignored, so
richer exports load unchanged. Blank lines are skipped. Every other problem names its line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.iri import normalise_arxiv_id
from kg.model import Paper, Source

from .dates import parse_date
from .files import Line
from .records import make_paper

AUTHOR_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:\.pdf)?/?$", re.IGNORECASE)
_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", int: "a number", float: "a number",
               bool: "a boolean", type(None): "null"}


Converter = Callable[[dict[str, Any], Path, int], Paper]


class FieldError(ValueError):
    """A field of one JSON object has the wrong type or value; the caller adds path and line."""


def json_objects(path: Path, lines: Iterable[Line]) -> Iterator[tuple[int, dict[str, Any]] | InputError]:
    """``(line, object)`` for every non-blank line, or the ``InputError`` that line causes."""
    for number, text in lines:
        if isinstance(text, InputError):
            yield text
            continue
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            yield InputError(f"invalid JSON at column {error.colno}: {error.msg}", path=path, line=number)
            continue
        except (ValueError, RecursionError) as error:
            reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
            yield InputError(f"invalid JSON: {reason}", path=path, line=number)
            continue
        if not isinstance(value, dict):
            yield InputError(f"expected a JSON object, got {json_type(value)}", path=path, line=number)
            continue
        yield number, value


def json_type(value: object) -> str:
    """How JSON names the type of ``value``."""
    return _JSON_TYPES.get(type(value), type(value).__name__)


def text_field(record: dict[str, Any], name: str, *, required: bool = False) -> str | None:
    """A string field; ``FieldError`` if it has another type (or is missing and required)."""
    value = record.get(name)
    if value is None:
        if required:
            raise FieldError(f"missing required field {name!r}")
        return None
    if not isinstance(value, str):
        raise FieldError(f"field {name!r} must be a string, not {json_type(value)}")
    return value


def names_field(record: dict[str, Any], name: str, *, split: re.Pattern[str]) -> tuple[str, ...]:
    """A list of strings, or one string split by ``split``."""
    value = record.get(name)
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(part for part in split.split(value.strip()) if part)
    if isinstance(value, list):
        wrong = next((item for item in value if not isinstance(item, str)), None)
        if wrong is None:
            return tuple(value)
        raise FieldError(f"field {name!r} must list strings only, not {json_type(wrong)}")
    raise FieldError(f"field {name!r} must be a list of strings or a string, not {json_type(value)}")


def _upvotes(record: dict[str, Any]) -> int | None:
    value = record.get("upvotes")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FieldError(f"field 'upvotes' must be a whole number ≥ 0, not {json.dumps(value)[:40]}")
    return value


def _arxiv_id(identifier: str | None, url: str | None) -> str | None:
    found = normalise_arxiv_id(identifier)
    if found is None and url:
        match = _ARXIV_URL.search(url.strip())
        found = normalise_arxiv_id(match.group(1)) if match else None
    return found


def record_to_paper(record: dict[str, Any], path: Path, line: int) -> Paper:
    """One JSON Lines object as a ``Paper``; ``InputError`` names the line and the field."""
    try:
        title = text_field(record, "title", required=True)
        abstract = text_field(record, "abstract", required=True)
        identifier = text_field(record, "id")
        url = text_field(record, "url")
        written_date = text_field(record, "date")
        parsed = parse_date(written_date) if written_date is not None and written_date.strip() else None
        authors = names_field(record, "authors", split=AUTHOR_SPLIT)
        categories = names_field(record, "categories", split=re.compile(r"\s+"))
        upvotes = _upvotes(record)
    except ValueError as error:  # FieldError, or parse_date's impossible/unrecognised date
        raise InputError(str(error), path=path, line=line) from None
    assert title is not None and abstract is not None
    return make_paper(
        title=title,
        abstract=abstract,
        source=Source(file=path.name, line=line),
        path=str(path),
        line=line,
        arxiv_id=_arxiv_id(identifier, url),
        authors=authors,
        date=parsed.iso if parsed else None,
        month_day=parsed.month_day if parsed else None,
        upvotes=upvotes,
        url=url.strip() if url and url.strip() else None,
        categories=categories,
    )


def parse_objects(path: Path, lines: Iterable[Line], convert: Converter) -> Iterator[Paper | InputError]:
    """Every object line converted to a ``Paper`` by ``convert``, or the ``InputError`` it causes."""
    for item in json_objects(path, lines):
        if isinstance(item, InputError):
            yield item
            continue
        number, record = item
        try:
            yield convert(record, path, number)
        except InputError as error:
            yield error


def parse_jsonl(path: Path, lines: Iterable[Line]) -> Iterator[Paper | InputError]:
    """Every line of a JSON Lines file as a ``Paper``, or the ``InputError`` it causes."""
    return parse_objects(path, lines, record_to_paper)
