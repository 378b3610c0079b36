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

import contextlib
import dataclasses
import gzip
import hashlib
import json
import operator
import os
import shutil
import signal
import sys
import tempfile
import threading
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


# Field names in sorted order: records are built with their keys sorted, so the encoder below writes
# what ``json.dumps(record, sort_keys=True)`` wrote without sorting every mention's keys again.
_MENTION_FIELDS = tuple(sorted(field.name for field in dataclasses.fields(Mention)))
_PAPER_FIELDS = tuple(sorted(field.name for field in dataclasses.fields(Paper)))
_SOURCE_FIELDS = tuple(sorted(field.name for field in dataclasses.fields(Source)))
_mention_values = operator.attrgetter(*_MENTION_FIELDS)
_paper_values = operator.attrgetter(*_PAPER_FIELDS)
_source_values = operator.attrgetter(*_SOURCE_FIELDS)
_encode = json.JSONEncoder(ensure_ascii=False).encode
_LINES_PER_WRITE = 256


def _mention_record(mention: Mention) -> dict:
    """``dataclasses.asdict(mention)`` without its recursive deep copy, which took most of the time
    to save a build's state (a mention's fields are plain values, a tuple of strings at most)."""
    return dict(zip(_MENTION_FIELDS, _mention_values(mention), strict=True))


def _paper_record(paper: Paper) -> dict:
    """``dataclasses.asdict(paper)``, the same way: its sources are the only records inside it."""
    record = dict(zip(_PAPER_FIELDS, _paper_values(paper), strict=True))
    record["sources"] = [dict(zip(_SOURCE_FIELDS, _source_values(source), strict=True)) for source in paper.sources]
    return record


def _write_lines(path: Path, records: Iterable[dict]) -> None:
    """One JSON object a line, keys sorted (every record's dicts are built so), gzipped.

    Lines go to gzip a few hundred at a time: a 20,000-paper build's state took 3.7 s of the build
    process, half of it a ``json.dumps`` call with ``sort_keys`` per record and a gzip write per line.
    """
    # mtime=0 keeps the file identical across runs; level 1 because these files are rewritten often.
    with atomic.atomic_open(path, "wb", encoding=None) as raw, \
            gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1, mtime=0) as handle:
        lines: list[str] = []
        for record in records:
            lines.append(_encode(record))
            if len(lines) == _LINES_PER_WRITE:
                handle.write(("\n".join(lines) + "\n").encode("utf-8"))
                lines.clear()
        if lines:
            handle.write(("\n".join(lines) + "\n").encode("utf-8"))


def _read_lines(path: Path) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


_DATA_FILES = ("entries.jsonl.gz", "mentions.jsonl.gz")


def _write_data(state: BuildState, folder: Path, stop: threading.Event | None = None) -> None:
    """The two data files of ``state`` in ``folder``; ``stop`` ends the writing early (``_Stopped``)."""
    def checked(records: Iterable[object]) -> Iterator[object]:
        for record in records:
            if stop is not None and stop.is_set():
                raise _Stopped
            yield record

    _write_lines(folder / _DATA_FILES[0], checked(map(_paper_record, state.entries)))
    _write_lines(folder / _DATA_FILES[1],
                 checked({"hash": key, "mentions": list(map(_mention_record, state.mentions[key]))}
                         for key in sorted(state.mentions)))


def _write_header(state: BuildState, folder: Path) -> None:
    header = {"format": FORMAT, "extractor": state.extractor, "inputs": [list(item) for item in state.inputs]}
    atomic.write_text(folder / "state.json", json.dumps(header, indent=2, sort_keys=True) + "\n")


def save_state(state: BuildState, folder: Path) -> None:
    """Write the state atomically, file by file; ``state.json`` last, so it only names complete data."""
    folder = Path(folder)
    _write_data(state, folder)
    _write_header(state, folder)


class _Stopped(Exception):
    """The build failed while its state was being written: the staged state is discarded anyway."""


class StateWriter:
    """A build's state, written beside the build's other work and published after its exports.

    Saving a 20,000-paper build's state takes about 3.3 s of CPU (JSON and gzip). It goes to a staging
    folder in ``out`` and ``publish`` moves it into ``folder`` once the exports are in place, so the
    state only ever describes exports that were completely written (as ``save_state`` called after
    them did). Leaving the block without ``publish`` discards it.

    With ``fork``, the state is written by a forked copy of this process, started as soon as
    extraction ends (``kg build`` does so through ``build_incremental(on_state=...)``): linking then
    keeps one core busy for several seconds while the other would sit idle, and a copy of the
    process needs no pickling of the half a million mentions it writes. Forking a process that runs
    other threads is unsafe, so where any thread runs beside this one (a Dask client, say), or on a
    platform other than Linux (``may_fork``), the state is written by a thread instead, as without ``fork``:
    that thread shares this process's interpreter lock, so it mostly runs while the exports wait on
    GNU sort's merge and the other processes. A forked writer that fails leaves the work to
    ``publish``, which writes the state here.
    """

    def __init__(self, state: BuildState, folder: Path, out: Path, *, fork: bool = False) -> None:
        self.state, self.folder, self.out = state, Path(folder), Path(out)
        self.created = not self.out.exists()
        self.out.mkdir(parents=True, exist_ok=True)
        # Staged like the exports (``atomic.STAGING_PREFIX``), so a killed build's leftovers are swept too.
        self.stage = Path(tempfile.mkdtemp(prefix=f"{atomic.STAGING_PREFIX}{os.getpid()}-state-", dir=self.out))
        self.published = False
        self.error: BaseException | None = None
        self.stop = threading.Event()
        self.fork = fork
        self.child: int | None = None
        self.thread = threading.Thread(target=self._write, name="paperkg-state", daemon=True)

    def __enter__(self) -> StateWriter:
        if self.fork and may_fork():
            self.child = _forked_writer(self.state, self.stage)
        if self.child is None:
            self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join()
        if self.child is not None:  # the build failed: its state is not wanted
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.child, signal.SIGKILL)
            os.waitpid(self.child, 0)
            self.child = None
        shutil.rmtree(self.stage, ignore_errors=True)
        if self.created and not self.published:  # a failed first build leaves no folder of its own behind
            with contextlib.suppress(OSError):
                self.out.rmdir()

    def _write(self) -> None:
        try:
            _write_data(self.state, self.stage, self.stop)
        except BaseException as error:  # re-raised by ``publish``, in the build's own thread
            self.error = error

    def publish(self) -> None:
        """Wait for the data files, move them into ``folder``, then write ``state.json``."""
        if self.child is not None:
            _, status = os.waitpid(self.child, 0)
            self.child = None
            if os.waitstatus_to_exitcode(status) != 0:
                _write_data(self.state, self.stage)  # the copy failed: write here, raising any error
        elif self.thread.ident is not None:
            self.thread.join()
        if self.error is not None:
            raise self.error
        self.folder.mkdir(parents=True, exist_ok=True)
        for name in _DATA_FILES:
            atomic.publish(self.stage / name, self.folder / name)
        _write_header(self.state, self.folder)
        self.published = True


def may_fork() -> bool:
    """Whether this process may fork a copy of itself: Linux (elsewhere, forking without exec is not
    safe for every library a build loads), and no other thread."""
    return sys.platform == "linux" and hasattr(os, "fork") and threading.active_count() == 1


def _forked_writer(state: BuildState, stage: Path) -> int | None:
    """The id of a forked copy of this process that writes ``state``'s data files into ``stage`` and
    exits 0 (1 on any error); ``None`` when no process could be forked."""
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid:
        return pid
    code = 1
    try:  # the copy: an interrupt is the build's to handle, and the build kills the copy if it fails
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _write_data(state, stage)
        code = 0
    finally:
        os._exit(code)  # never the parent's clean-up (atexit, buffered output, its staging folders)


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
