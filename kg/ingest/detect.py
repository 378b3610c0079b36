"""Choosing a reader from a file's content, never from its name.

The first non-blank line decides: a JSON object with any of the arXiv snapshot's own fields
(``versions``, ``update_date``, ``authors_parsed``) means the snapshot; any other line starting
with ``{`` or ``[`` means JSON Lines (so a broken first line is reported as broken JSON, with its
line number); anything else is a Hugging Face page.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator

from .files import Line

FORMATS = ("hf", "jsonl", "arxiv")
ARXIV_FIELDS = frozenset({"versions", "update_date", "authors_parsed"})


def detect_format(lines: Iterator[Line]) -> tuple[str, Iterator[Line]]:
    """The format of a file and its lines, unconsumed (the lines read to decide are put back)."""
    seen: list[Line] = []
    fmt = "hf"
    for item in lines:
        seen.append(item)
        text = item[1]
        if isinstance(text, str) and text.strip():
            fmt = _format_of(text.strip())
            break
    return fmt, itertools.chain(seen, lines)


def _format_of(first: str) -> str:
    if not first.startswith(("{", "[")):
        return "hf"
    try:
        value = json.loads(first)
    except (ValueError, RecursionError):
        return "jsonl"
    if isinstance(value, dict) and ARXIV_FIELDS & value.keys():
        return "arxiv"
    return "jsonl"
