"""The build pipeline: inputs → papers → mentions → linked entities and edges → ``Corpus``.

Kept separate from the CLI so the Python API and the benchmarks run exactly the same stages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg import __version__
from kg.corpus import Corpus, Provenance


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build read and skipped, for the CLI summary."""

    entries: int
    papers: int
    skipped: tuple[str, ...]


def input_files(inputs: Sequence[str | Path]) -> list[Path]:
    """Every readable input file named by ``inputs``, in the order ingestion reads them."""
    from kg.ingest.files import expand_paths

    return [p for p in expand_paths(inputs) if isinstance(p, Path)]


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

    Imports the extractor lazily: loading spaCy is the expensive part of a run and the other
    commands (query, show, stats) never need it. ``on_total`` receives the number of distinct
    papers once they are read, so a progress bar can show a total.
    """
    from kg.ingest import read_inputs

    # Read (and reject bad input) before loading spaCy, so a bad file fails in a fraction of a second.
    result = read_inputs(list(inputs), fmt=fmt, skip_bad=skip_bad)
    if on_total is not None:
        on_total(len(result.papers))
    from kg.extract import Extractor
    from kg.link import extract_corpus

    extractor = extractor or Extractor.default()
    entities, edges, notes = extract_corpus(result.papers, extractor, progress=progress)
    provenance = Provenance(
        tool_version=__version__,
        extractor=f"{extractor.name} {extractor.version}",
        inputs=tuple((p.as_posix(), file_digest(p)) for p in input_files(inputs)),
        settings=(("format", fmt or "auto"), ("skip_bad", str(skip_bad).lower())),
    )
    corpus = Corpus.of(result.papers, entities, edges, provenance=provenance, notes=notes)
    return corpus, BuildReport(entries=result.entries, papers=len(result.papers), skipped=result.skipped)
