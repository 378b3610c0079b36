"""The build pipeline: inputs → papers → mentions → linked entities and edges → ``Corpus``.

Kept separate from the CLI so the Python API and the benchmarks run exactly the same stages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.corpus import Corpus
from kg.errors import InputError


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build read and skipped, for the CLI summary."""

    entries: int
    papers: int
    skipped: tuple[str, ...]


def input_files(inputs: Sequence[str | Path],
                on_error: Callable[[InputError], None] | None = None) -> list[Path]:
    """Every readable input file named by ``inputs``, in the order ingestion reads them.

    A missing path or one that is not a regular file raises its ``InputError``, or goes to
    ``on_error`` (``--skip-bad``) when that is given.
    """
    from kg.ingest.files import expand_paths

    files = []
    for item in expand_paths(inputs):
        if isinstance(item, InputError):
            if on_error is None:
                raise item
            on_error(item)
        else:
            files.append(item)
    return files


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, for the provenance record."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def build_corpus(
    inputs: Sequence[str | Path],
    *,
    fmt: str | None = None,
    skip_bad: bool = False,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    extractor: object | None = None,
) -> tuple[Corpus, BuildReport]:
    """Read ``inputs``, extract and link entities, and return the sorted ``Corpus``.

    A full build is an incremental build on top of nothing, so both share one pipeline
    (``kg.incremental``); ``progress`` counts extracted papers and ``on_total`` receives how many
    need extracting, so a progress bar can show a total.
    """
    from kg.incremental import build_incremental

    result = build_incremental(inputs, fmt=fmt, skip_bad=skip_bad, extractor=extractor,
                               progress=progress, on_total=on_total)
    return result.corpus, result.report
