"""The build state kept beside the exports, so ``kg build --update`` never re-runs spaCy on old papers.

A folder ``<out>/.paperkg-state/`` (hidden, so a later build reading ``<out>`` as input skips it) holds:

- ``state.json``: format version, the extractor that produced the cached mentions, and the inputs
  read so far (path and SHA-256, in the order the provenance record lists them);
- ``entries.jsonl.gz``: every listing read so far, *before* deduplication. Deduplication picks the
  primary listing and merges metadata by fixed rules over all listings, so re-running it over old
  and new listings gives exactly what a full build of the union gives (merging merged papers would not);
- ``mentions.jsonl.gz``: the extractor's mentions per paper text, keyed by the SHA-256 of
  ``Paper.text``. Linking (acronym memory, canonical names, counts) is re-run over all of them, which
  is cheap; extraction, the expensive part, only runs on texts without a cached entry.

The mentions cached are the extractor's, before corpus-level linking, so a new paper that defines
an acronym can still change how old papers' bare uses of it are linked, exactly as in a full build.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from kg import atomic
from kg.errors import ExportError
from kg.model import EntityType, Mention, Paper, Role, Source

STATE_DIR = ".paperkg-state"
FORMAT = 1


@dataclass(frozen=True, slots=True)
class BuildState:
    """What a later ``--update`` needs: the listings read, the inputs they came from, cached mentions."""

    extractor: str
    inputs: tuple[tuple[str, str], ...]
    entries: tuple[Paper, ...]
    mentions: Mapping[str, tuple[Mention, ...]]


def text_hash(text: str) -> str:
    """The cache key of a paper text: SHA-256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _paper(record: dict) -> Paper:
    return Paper(**{**record, "authors": tuple(record["authors"]), "categories": tuple(record["categories"]),
                    "sources": tuple(Source(**s) for s in record["sources"])})


def _mention(record: dict) -> Mention:
    return Mention(**{**record, "type": EntityType(record["type"]), "role": Role(record["role"]),
                      "aliases": tuple(record["aliases"])})


_MENTION_FIELDS = tuple(field.name for field in dataclasses.fields(Mention))
_PAPER_FIELDS = tuple(field.name for field in dataclasses.fields(Paper))
_SOURCE_FIELDS = tuple(field.name for field in dataclasses.fields(Source))


def _mention_record(mention: Mention) -> dict:
    """``dataclasses.asdict(mention)`` without its recursive deep copy, which took most of the time
    to save a build's state (a mention's fields are plain values, a tuple of strings at most)."""
    return {name: getattr(mention, name) for name in _MENTION_FIELDS}


def _paper_record(paper: Paper) -> dict:
    """``dataclasses.asdict(paper)``, the same way: its sources are the only records inside it."""
    record = {name: getattr(paper, name) for name in _PAPER_FIELDS}
    record["sources"] = [{name: getattr(source, name) for name in _SOURCE_FIELDS} for source in paper.sources]
    return record


def _write_lines(path: Path, records: Iterable[object]) -> None:
    # mtime=0 keeps the file identical across runs; level 1 because these files are rewritten often.
    with atomic.atomic_open(path, "wb", encoding=None) as raw, \
            gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1, mtime=0) as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n")


def _read_lines(path: Path) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def save_state(state: BuildState, folder: Path) -> None:
    """Write the state atomically, file by file; ``state.json`` last, so it only names complete data."""
    folder = Path(folder)
    _write_lines(folder / "entries.jsonl.gz", map(_paper_record, state.entries))
    _write_lines(folder / "mentions.jsonl.gz",
                 ({"hash": key, "mentions": list(map(_mention_record, state.mentions[key]))}
                  for key in sorted(state.mentions)))
    header = {"format": FORMAT, "extractor": state.extractor, "inputs": [list(item) for item in state.inputs]}
    atomic.write_text(folder / "state.json", json.dumps(header, indent=2, sort_keys=True) + "\n")


def load_state(folder: Path) -> BuildState | None:
    """The state saved in ``folder``; ``None`` when there is none. ``ExportError`` when it is unreadable."""
    folder = Path(folder)
    header_path = folder / "state.json"
    if not header_path.is_file():
        return None
    try:
        header = json.loads(header_path.read_text(encoding="utf-8"))
        if header.get("format") != FORMAT:
            raise ExportError(f"build state format {header.get('format')} is not {FORMAT}; run a full build",
                              path=header_path)
        entries = tuple(_paper(r) for r in _read_lines(folder / "entries.jsonl.gz"))
        mentions = {r["hash"]: tuple(_mention(m) for m in r["mentions"])
                    for r in _read_lines(folder / "mentions.jsonl.gz")}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ExportError(f"unreadable build state ({type(error).__name__}: {error}); run a full build",
                          path=folder) from error
    return BuildState(extractor=header["extractor"], inputs=tuple((p, d) for p, d in header["inputs"]),
                      entries=entries, mentions=mentions)
