"""The arXiv metadata snapshot (Kaggle ``arxiv-metadata-oai-snapshot.json``): JSON Lines records

``{"id", "submitter", "authors", "title", "comments", "journal-ref", "doi", "categories",
"license", "abstract", "versions": [{"version", "created"}], "update_date", "authors_parsed"}``.

The paper's date is the first version's ``created`` date (when it was first published); the
snapshot's ``update_date`` is only a fallback, since it moves with every metadata edit. Authors come
from ``authors_parsed`` (``[last, first, suffix]``) when present, else from the ``authors`` string.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.iri import normalise_arxiv_id
from kg.model import Paper, Source

from .dates import PaperDate, parse_date
from .files import Line
from .jsonl import AUTHOR_SPLIT, FieldError, json_type, names_field, parse_objects, text_field
from .records import make_paper


def _first_version_date(record: dict[str, Any]) -> PaperDate | None:
    versions = record.get("versions")
    if versions is None:
        return None
    if not isinstance(versions, list) or not all(isinstance(v, dict) for v in versions):
        raise FieldError(f"field 'versions' must be a list of objects, not {json_type(versions)}")
    for version in versions:
        created = version.get("created")
        if isinstance(created, str) and created.strip():
            try:
                moment = email.utils.parsedate_to_datetime(created)
            except (TypeError, ValueError):
                raise FieldError(f"unrecognised version date {created!r}") from None
            return PaperDate(moment.date().isoformat(), None)
    return None


def _authors(record: dict[str, Any]) -> tuple[str, ...]:
    parsed = record.get("authors_parsed")
    if parsed is None:
        return names_field(record, "authors", split=AUTHOR_SPLIT)
    if not isinstance(parsed, list) or not all(
        isinstance(name, list) and all(isinstance(part, str) for part in name) for name in parsed
    ):
        raise FieldError("field 'authors_parsed' must be a list of [last, first, suffix] string lists")
    names = []
    for name in parsed:
        last, first, suffix = (list(name) + ["", "", ""])[:3]
        names.append(" ".join(part for part in (first, last, suffix) if part.strip()))
    return tuple(names)


def record_to_paper(record: dict[str, Any], path: Path, line: int) -> Paper:
    """One snapshot record as a ``Paper``; ``InputError`` names the line and the field."""
    try:
        identifier = text_field(record, "id", required=True)
        title = text_field(record, "title", required=True)
        abstract = text_field(record, "abstract", required=True)
        arxiv_id = normalise_arxiv_id(identifier)
        if arxiv_id is None:
            raise FieldError(f"field 'id' is not an arXiv identifier: {identifier!r}")
        date = _first_version_date(record)
        update = text_field(record, "update_date")
        if date is None and update:
            date = parse_date(update)
        categories = names_field(record, "categories", split=re.compile(r"\s+"))
        authors = _authors(record)
    except ValueError as error:
        raise InputError(str(error), path=path, line=line) from None
    assert title is not None and abstract is not None
    return make_paper(
        title=title,
        abstract=abstract,
        source=Source(file=path.name, line=line),
        path=str(path),
        line=line,
        arxiv_id=arxiv_id,
        authors=authors,
        date=date.iso if date else None,
        month_day=date.month_day if date else None,
        url=f"https://arxiv.org/abs/{arxiv_id}",
        categories=categories,
    )


def parse_arxiv(path: Path, lines: Iterable[Line]) -> Iterator[Paper | InputError]:
    """Every record of a snapshot file as a ``Paper``, or the ``InputError`` it causes."""
    return parse_objects(path, lines, record_to_paper)
