"""Ingestion: input files → ``Paper`` records (Hugging Face pages, JSON Lines, arXiv snapshot).

``read_inputs`` reads everything and deduplicates; ``iter_entries`` streams entries before
deduplication for corpora too large to hold twice. Every problem is a ``kg.errors.InputError``
naming the file and, where there is one, the line; with ``skip_bad`` the bad entry (or file) is
skipped and reported through ``on_skip`` instead.

>>> result = read_inputs(["seeds"])
>>> result.entries, len(result.papers)
(199, 145)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError, UsageError
from kg.model import Paper

from .arxiv import parse_arxiv
from .dedup import merge_papers
from .detect import FORMATS, detect_format
from .files import Line, expand_paths, read_lines
from .hf_pages import parse_page
from .jsonl import parse_jsonl
from .normalize import normalize_text
from .records import MAX_ABSTRACT_CHARS, MAX_TITLE_CHARS

__all__ = [
    "FORMATS", "MAX_ABSTRACT_CHARS", "MAX_TITLE_CHARS", "IngestResult", "iter_entries", "merge_papers",
    "normalize_text", "read_inputs",
]

Parser = Callable[[Path, Iterable[Line]], Iterator[Paper | InputError]]
_PARSERS: dict[str, Parser] = {"hf": parse_page, "jsonl": parse_jsonl, "arxiv": parse_arxiv}


@dataclass(frozen=True)
class IngestResult:
    """What ``read_inputs`` read: distinct papers sorted by key, the entry count, and what it skipped."""

    papers: tuple[Paper, ...]
    entries: int
    skipped: tuple[str, ...]


def iter_entries(
    paths: Sequence[str | Path],
    *,
    fmt: str | None = None,
    skip_bad: bool = False,
    on_skip: Callable[[InputError], None] | None = None,
) -> Iterator[Paper]:
    """Every entry of every input, in input order and before deduplication.

    ``fmt`` forces a reader (``hf``, ``jsonl``, ``arxiv``) instead of detecting it per file.
    Raises the first ``InputError`` unless ``skip_bad``, in which case each one goes to ``on_skip``.
    """
    if fmt is not None and fmt not in _PARSERS:
        raise UsageError(f"unknown input format {fmt!r} (choose from {', '.join(FORMATS)})")
    if not paths:
        raise UsageError("no input files or folders given")

    def bad(error: InputError) -> None:
        if not skip_bad:
            raise error
        if on_skip is not None:
            on_skip(error)

    for item in expand_paths(paths):
        if isinstance(item, InputError):
            bad(item)
            continue
        try:
            lines = read_lines(item)
            chosen, lines = (fmt, lines) if fmt else detect_format(lines)
            for entry in _PARSERS[chosen](item, lines):
                if isinstance(entry, InputError):
                    bad(entry)
                else:
                    yield entry
        except InputError as error:
            bad(error)


def read_inputs(
    paths: Sequence[str | Path], *, fmt: str | None = None, skip_bad: bool = False
) -> IngestResult:
    """Read and deduplicate every paper in ``paths`` (files, or folders read recursively).

    Raises ``InputError`` for the first bad input, or, with ``skip_bad``, when nothing usable is
    left after skipping.
    """
    skipped: list[str] = []
    entries = list(iter_entries(paths, fmt=fmt, skip_bad=skip_bad,
                                on_skip=lambda error: skipped.append(error.one_line())))
    if not entries:
        raise InputError(f"no papers found in the inputs ({len(skipped)} bad entries or files skipped)",
                         path=str(paths[0]))
    return IngestResult(papers=merge_papers(entries), entries=len(entries), skipped=tuple(skipped))
