"""N-Triples of a large corpus, written partition by partition and merged: memory bounded by a partition.

One rdflib graph of the whole corpus (``corpus_to_graph``) costs about 1 KB of memory per triple, and
an export carries ~20 triples per mention: right for tests and small exports, impossible at 100k
abstracts. Here each partition (a slice of papers with their edges, or a slice of entities with their
corpus-wide paper counts) is described as a set of N-Triples lines (``part_lines``), sorted into a run
file, and the runs are merged (``merge_runs``) with duplicates dropped. Triples are a set
and ``to_ntriples`` is their sorted lines, so the result is byte-identical to
``to_ntriples(corpus_to_graph(corpus))``. The partitions are independent, so a Dask cluster can
serialise them in parallel (``kg.distributed``); the merged file is what ``pyoxigraph``'s
``Store.bulk_load`` (and ``oxigraph load``) read.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import groupby
from multiprocessing import get_context
from operator import itemgetter
from pathlib import Path
from typing import IO

from kg import atomic
from kg.corpus import Corpus, Provenance
from kg.errors import KgError
from kg.model import Edge, Entity, Paper

PARTITION_PAPERS = 500
"""Papers per partition. A part's rows are held as Python strings while they are sorted (about 230k
rows, some 100 MB, for 500 papers), so this bounds the writer's memory; runs stay long enough to
merge fast."""
PARTITION_ENTITIES = 5000
"""Entities per partition: an entity has a handful of triples (some 40k rows for 5,000), so parts of
500 were tiny and, at 20k papers, 146 of them pushed the runs past what one merge pass takes."""
MERGE_FAN_IN = 128
"""Runs merged at once by the merge in Python; more are merged in rounds, so huge builds never exhaust
file handles. GNU sort takes as many as the open-file limit allows (``_sort_fan_in``)."""
MERGE_BLOCK = 1 << 18
"""Bytes of lines read from a run at a time while merging (``readlines`` hint): 128 runs hold 32 MB."""
_WRITE_LINES = 8192


@dataclass(frozen=True, slots=True)
class Part:
    """One independent slice of the export: papers with their edges, entities with counts, or the build."""

    papers: tuple[Paper, ...] = ()
    edges: tuple[Edge, ...] = ()
    entities: tuple[tuple[Entity, int], ...] = ()
    provenance: Provenance | None = None
    notes: tuple[str, ...] = ()
    redirects: tuple[tuple[str, str], ...] = ()
    build_record: bool = False


def split(corpus: Corpus, size: int = PARTITION_PAPERS, entity_size: int = PARTITION_ENTITIES) -> list[Part]:
    """The corpus as parts whose triples together are exactly ``corpus_to_graph(corpus)``'s: ``size``
    papers (with their edges) or ``entity_size`` entities each, and the build record."""
    provenance, notes = corpus.provenance, corpus.notes
    edge_papers = [edge.paper_key for edge in corpus.edges]
    parts = []
    for start in range(0, len(corpus.papers), size):
        papers = corpus.papers[start:start + size]
        low = bisect_left(edge_papers, papers[0].key)
        high = bisect_left(edge_papers, papers[-1].key + "\0")
        parts.append(Part(papers=papers, edges=corpus.edges[low:high], provenance=provenance))
    counts = corpus.paper_counts()
    for start in range(0, len(corpus.entities), entity_size):
        chunk = corpus.entities[start:start + entity_size]
        parts.append(Part(entities=tuple((e, counts.get(e.key, 0)) for e in chunk), provenance=provenance))
    parts.append(Part(provenance=provenance, notes=notes, redirects=corpus.redirects, build_record=True))
    return parts


def whole(corpus: Corpus) -> Part:
    """The corpus as one part: what ``corpus_to_graph`` describes."""
    counts = corpus.paper_counts()
    return Part(papers=corpus.papers, edges=corpus.edges,
                entities=tuple((entity, counts.get(entity.key, 0)) for entity in corpus.entities),
                provenance=corpus.provenance, notes=corpus.notes, redirects=corpus.redirects, build_record=True)


def part_lines(part: Part) -> list[str]:
    """The sorted N-Triples lines of one part (no trailing newlines).

    The exporter's one description of the triples (``kg.export.rdf.describe``) writes them straight
    as N-Triples text (``kg.export.ntriples``), the bytes rdflib's serialiser gives, so the lines cannot
    drift from ``corpus_to_graph``; no rdflib term or graph is built, which was most of the time.
    """
    from kg.export.ntriples import NTriplesTerms
    from kg.export.rdf import describe

    terms = NTriplesTerms()
    describe(part, terms)
    return terms.lines()


def merge_runs(runs: Iterable[Path], target: Path, *, fan_in: int = MERGE_FAN_IN,
               follow: Callable[[Path], object] | None = None) -> int:
    """Merge sorted run files into ``target`` atomically, one copy of each line; returns the triple count.

    At most ``fan_in`` runs are open at once. From more, the smallest are first merged into an
    intermediate run beside them (and deleted), just enough of them that the rest fit one final
    merge: a 20,000-paper build has 40 runs of papers and 130 small runs of entities, and merging
    in rounds of ``fan_in`` regardless of size wrote every paper's lines twice.

    ``follow`` is called with the file GNU sort is about to write, when sort does the merge: whatever
    reads it as it grows learns the outcome from ``merge_outcome`` (the merged file is then renamed
    to ``target``; an open handle still reads it).
    """
    pending = list(runs)
    if (count := _merge_with_sort(pending, Path(target), follow)) is not None:
        return count
    ours: list[Path] = []
    while len(pending) > fan_in:
        pending.sort(key=lambda run: run.stat().st_size)
        take = min(fan_in, len(pending) - fan_in + 1)
        group, pending = pending[:take], pending[take:]
        out = group[0].with_name(f"merge-{len(ours):06d}.nt")
        _merge_into(group, out, atomic_write=False)
        for run in group:
            run.unlink()
        ours.append(out)
        pending.append(out)
    count = _merge_into(pending, target, atomic_write=True)
    for run in pending:  # intermediate runs are ours to remove; the caller's inputs are not
        if run in ours:
            run.unlink()
    return count


def _merge_with_sort(runs: list[Path], target: Path, follow: Callable[[Path], object] | None = None) -> int | None:
    """The merge by GNU ``sort -m -u`` in the C locale, when the machine has it (``None`` otherwise):
    the same bytes (byte order of UTF-8 is code point order, which is how Python sorts the runs'
    lines), in less than half the time of the merge below (3.8 s against 8.6 s for the 8.5 million
    lines of a 20,000-paper build), in a process of its own. All runs are merged in one pass where the
    open-file limit allows: past ``--batch-size`` runs, sort merges into temporary files first, and
    that second pass tripled the merge of a 20,000-paper build's 188 runs (9.4 s against 3.3 s).
    ``follow`` (see ``merge_runs``) is called with the file before sort starts writing it."""
    sort = _gnu_sort()
    if sort is None or not runs:
        return None
    staged = target.with_name(f".{target.name}.{os.getpid()}.sorting")
    command = [sort, "--merge", "--unique", f"--batch-size={_sort_fan_in(len(runs))}",
               f"--temporary-directory={runs[0].parent}", f"--output={staged}", *map(str, runs)]
    merged = False
    try:
        if follow is not None:
            staged.touch()  # there to be followed from its first byte; sort writes into the same file
            follow(staged)
        subprocess.run(command, check=True, env={**os.environ, "LC_ALL": "C"}, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        count = _count_lines(staged)
        atomic.publish(staged, target)
        merged = True
    except (OSError, subprocess.SubprocessError):
        staged.unlink(missing_ok=True)
        return None  # the merge below says what is wrong, if anything is
    finally:
        if follow is not None:
            _outcome_marker(staged, merged).touch()
    return count


def _outcome_marker(merged: Path, succeeded: bool) -> Path:
    return merged.with_name(f"{merged.name}.{'done' if succeeded else 'failed'}")


def merge_outcome(merged: Path) -> bool | None:
    """Whether the sort writing ``merged`` (the file ``follow`` was given) has finished it and it was
    renamed to the merge's target (``True``), failed (``False``: what was read of it is to be
    dropped), or is still at work (``None``). Markers beside the file say so; they go with the folder
    the exports are staged in."""
    if _outcome_marker(merged, True).exists():
        return True
    if _outcome_marker(merged, False).exists():
        return False
    return None


def _sort_fan_in(runs: int) -> int:
    """Runs GNU sort merges at once: all of them, up to half the open-file limit (the rest is left for
    sort's own files and whatever else the process holds)."""
    limit = 2 * MERGE_FAN_IN
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        if 0 < soft != resource.RLIM_INFINITY:
            limit = soft
    except (ImportError, OSError, ValueError):  # no such limit to read on this platform
        pass
    return max(2, min(runs, limit // 2))


@functools.cache
def _gnu_sort() -> str | None:
    path = shutil.which("sort")
    if path is None:
        return None
    try:
        version = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return path if "GNU coreutils" in version else None


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as handle:
        while block := handle.read(1 << 22):
            count += block.count(b"\n")
    return count


def _merge_into(runs: list[Path], target: Path, *, atomic_write: bool) -> int:
    count = 0
    opener = atomic.atomic_open(target, "w") if atomic_write else target.open("w", encoding="utf-8", newline="\n")
    with opener as handle:
        for lines in _union(runs):
            handle.writelines(lines)
            count += len(lines)
    return count


def _union(runs: list[Path], block: int = MERGE_BLOCK) -> Iterator[list[str]]:
    """The distinct lines of sorted run files, in order, in batches (each line with its newline).

    ``heapq.merge`` handled every line in Python (5.7 s of a 10k build's 4M lines). Here each step
    takes, from the block of lines in hand of every run, the lines up to the smallest last line of
    those blocks: no later block of any run holds a line below it, so sorting them together (timsort
    merges the sorted pieces in C) gives the next stretch of the merged file. A line that ended one
    batch and opens the next (a run that repeats it) is written once.
    """
    with ExitStack() as stack:
        handles = [stack.enter_context(run.open(encoding="utf-8", newline="\n")) for run in runs]
        blocks = {handle: (lines, 0) for handle in handles if (lines := _block(handle, block))}
        last = None
        while blocks:
            pivot = min(lines[-1] for lines, _ in blocks.values())
            batch: list[str] = []
            for handle, (lines, start) in list(blocks.items()):
                cut = bisect_right(lines, pivot, start)
                batch += lines[start:cut]
                if cut < len(lines):
                    blocks[handle] = (lines, cut)
                elif more := _block(handle, block):
                    blocks[handle] = (more, 0)
                else:
                    del blocks[handle]
            batch.sort()
            distinct = list(map(itemgetter(0), groupby(batch)))
            if distinct[0] == last:
                del distinct[0]
            last = pivot
            yield distinct


def _block(handle: IO[str], size: int) -> list[str]:
    """The next lines of a run, about ``size`` bytes, each ending in a newline (a run's last may not)."""
    lines = handle.readlines(size)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return lines


def write_ntriples(corpus: Corpus, target: Path, *, size: int = PARTITION_PAPERS,
                   entity_size: int = PARTITION_ENTITIES,
                   serialise: Callable[[list[Part]], Iterable[list[str]]] | None = None, jobs: int = 1,
                   follow: Callable[[Path], object] | None = None) -> int:
    """Write ``corpus``'s N-Triples to ``target`` partition by partition; returns the triple count.

    ``serialise`` maps the parts to their lines (in any order); the default does it here, one part at
    a time, and ``kg.distributed`` passes one that runs on a Dask cluster. ``jobs`` above 1 shares the
    parts with ``jobs - 1`` processes beside this one (``runs_in_processes``). ``follow`` is
    ``merge_runs``'s.
    """
    parts = split(corpus, size, entity_size)
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".nt-runs-", dir=Path(target).parent) as folder:
        if serialise is None and jobs > 1 and len(parts) >= MIN_PARTS_BESIDE:
            runs = runs_in_processes(parts, Path(folder), jobs - 1)
        else:
            lines_of = serialise or (lambda items: map(part_lines, items))
            runs = [write_run(lines, Path(folder) / f"{index:06d}.nt") for index, lines in enumerate(lines_of(parts))]
        return merge_runs(runs, Path(target), follow=follow)


def write_run(lines: list[str], run: Path) -> Path:
    """A part's sorted lines as a run file."""
    with run.open("w", encoding="utf-8", newline="\n") as handle:
        for start in range(0, len(lines), _WRITE_LINES):  # joined in slices: one copy of a slice at a time
            handle.write("\n".join(lines[start:start + _WRITE_LINES]) + "\n")
    return run


MIN_PARTS_BESIDE = 8
"""Fewer parts are written here: starting a process (about a second) would cost more than it saves."""


def _part_run(part: Part, run: str) -> str:
    write_run(part_lines(part), Path(run))
    return run


def runs_in_processes(parts: list[Part], folder: Path, processes: int) -> list[Path]:
    """Each part's run file, written by this process and ``processes`` others together. Describing a
    part of papers is pure Python (about half a second for 500 papers) while its pickled input is
    small (about 1.4 MB), so the paper parts are dealt round-robin: every ``processes + 1``-th stays
    here, with the entity parts (a few milliseconds each). Each run file is named by its part, so
    the result does not depend on who wrote what; the other processes hold one part at a time.

    (Sharing the parts by work stealing, this process taking parts from the back that the others had
    not started, was measured and was slower: the others' queued part is left for them at the end.)"""
    from kg.processes import exit_with_parent

    names = [folder / f"{index:06d}.nt" for index in range(len(parts))]
    heavy = [index for index, part in enumerate(parts) if part.papers]
    theirs = {index for turn, index in enumerate(heavy) if turn % (processes + 1)}
    with ProcessPoolExecutor(processes, mp_context=get_context("spawn"), initializer=exit_with_parent,
                             initargs=(os.getpid(),)) as pool:
        futures = [pool.submit(_part_run, parts[index], str(names[index])) for index in sorted(theirs)]
        for index, part in enumerate(parts):
            if index not in theirs:
                write_run(part_lines(part), names[index])
        try:
            for future in futures:
                future.result()
        except BrokenProcessPool as error:
            raise KgError("a process writing N-Triples died (killed, or out of memory?); "
                          "run again with --jobs 1") from error
    return names
