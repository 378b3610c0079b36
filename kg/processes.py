"""Extraction in local processes: the other cores of one machine, without a Dask cluster.

Each paper's mentions depend on its text alone, so extraction splits into chunks of texts that
processes of their own extract while this process waits; the results come back in input order and
are linked here exactly as in a one-process build, so the graph is the same. Measured on two cores
(docs/benchmarks.md): two processes extracted 4,000 abstracts 1.6 times as fast as one, their start
included, where a local Dask cluster was no faster than one process (its scheduler, nannies and
client shared the same two cores). Each process holds its own extractor (about 380 MB), so the
default stays one process.

Starting a process costs about six seconds (it loads its own extractor: a spaCy pipeline cannot be
shared between processes), so small inputs are extracted in this process.
"""

from __future__ import annotations

import os
import pickle
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import Any

from kg.errors import KgError
from kg.model import Mention

CHUNK_TEXTS = 250
"""Texts per task: about two seconds of work, so a task's round trip is negligible."""
MIN_TEXTS = 4000
"""Below this many texts, starting the processes costs more than they save."""
PRESTART_BYTES = 4_000_000
"""Inputs at least this large (about MIN_TEXTS abstracts) start the processes before they are read."""
WORKER_BATCH = 32
"""Texts per ``nlp.pipe`` batch in a worker. The detector's activations for a batch (about 1.1 MB a
text) are the worker's transient peak: at 256 texts each worker jumped by about 200 MB at the end of
every chunk and a 20k ``--jobs 2`` build peaked at 1.35-1.43 GB; at 64, at 1.0-1.05 GB; at 32, at
940-960 MB, equally fast within the machine's noise, same output (docs/benchmarks.md, "Eleventh
session" and "Fourteenth session")."""

BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
"""What the BLAS libraries numpy may use read for their thread count, when they load."""

_EXTRACTOR: Any = None


def _load(factory: bytes, parent: int, blas_threads: int) -> None:
    """Initializer of an extraction process. ``factory`` comes pickled, so the modules it needs
    (numpy among them, for a test's factory) are imported only after the BLAS limit is set."""
    exit_with_parent(parent)
    limit_blas_threads(blas_threads)
    global _EXTRACTOR
    _EXTRACTOR = pickle.loads(factory)()


def blas_threads_per_process(jobs: int, cores: int | None = None) -> int:
    """The cores each of ``jobs`` extraction processes may give its BLAS library: a share, not all.

    The learned detector's matrix products run in numpy's OpenBLAS, which starts a thread per core.
    Alone on two cores, a process gains from them (183 abstracts/s with one thread, 216 with two); two
    processes that each start two threads on two cores fight over them: 20,000 abstracts took 87 s
    to extract in two processes against 69 s with one thread each (docs/benchmarks.md, "Thirteenth
    session")."""
    if cores is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, cores // max(1, jobs))


def limit_blas_threads(threads: int) -> None:
    """Have BLAS libraries loaded from now on start ``threads`` threads, unless the user chose.

    Only environment variables, read when numpy first loads OpenBLAS: a pool's process has not
    imported numpy yet when its initializer runs (``_load`` unpickles the factory after this), so
    this is in time there and changes nothing in a process that already has numpy. A variable the user set (to any
    of the three) is theirs to keep."""
    if any(name in os.environ for name in BLAS_THREAD_VARIABLES):
        return
    for name in BLAS_THREAD_VARIABLES:
        os.environ[name] = str(threads)


def exit_with_parent(parent: int, interval: float = 1.0) -> None:
    """Initializer of a pool's processes (``initargs=(os.getpid(),)``): end this process once
    ``parent``, the process that started it, is gone.

    A pool's processes wait for work from the process that started them. When that process is killed
    (SIGKILL, or SIGTERM, which runs no clean-up), nothing told them, and a killed ``kg build --jobs 2``
    left two idle processes of about 350 MB each running for good. A daemon thread notices the new
    parent (the orphan's adopter) within ``interval`` seconds. The parent's id comes from the parent:
    one killed before this process got this far has already been replaced by the adopter."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="paperkg-exit-with-parent", daemon=True).start()


def _ready() -> None:
    """A task that only makes the pool start a process (whose initializer loads the extractor)."""


def _annotate_chunk(texts: Sequence[str], batch_size: int) -> list[list[Mention]]:
    return [list(found) for found in _EXTRACTOR.annotate(list(texts), batch_size=batch_size)]


class ProcessAnnotator:
    """What ``kg build --jobs N`` passes to ``build_incremental(annotate=...)``.

    ``factory`` builds the extractor in each process (a picklable value such as
    ``kg.distributed.ExtractorSpec``, naming the extractor the build links with); ``local`` returns that
    extractor in this process (the build's own, loaded once), used for inputs too small to be worth
    the processes.
    """

    def __init__(self, jobs: int, factory: Callable[[], Any], local: Callable[[], Any], *,
                 batch_size: int = WORKER_BATCH, min_texts: int = MIN_TEXTS, chunk: int = CHUNK_TEXTS) -> None:
        self.jobs = jobs
        self.factory = factory
        self.local = local
        self.batch_size = batch_size
        self.min_texts = min_texts
        self.chunk = chunk
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ProcessAnnotator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def prestart(self) -> None:
        """Start the processes now, so they load their extractors (seconds) while this process
        still reads the inputs; for inputs known to be large enough to use them."""
        if self.jobs > 1 and self._pool is None:
            self._pool = self._new_pool()
            for _ in range(self.jobs):
                self._pool.submit(_ready)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __call__(self, texts: list[str]) -> Iterator[list[Mention]]:
        if self.jobs < 2 or len(texts) < self.min_texts:
            self.close()  # started for inputs that turned out small: the processes would only cost
            return iter(self.local().annotate(texts, batch_size=self.batch_size))
        return self._in_processes(texts)

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: a forked child would share (and count in its RSS) everything this process
        # holds, and forking a process with threads is unsafe.
        return ProcessPoolExecutor(self.jobs, mp_context=get_context("spawn"), initializer=_load,
                                   initargs=(pickle.dumps(self.factory), os.getpid(),
                                             blas_threads_per_process(self.jobs)))

    def _in_processes(self, texts: list[str]) -> Iterator[list[Mention]]:
        chunks = [texts[start:start + self.chunk] for start in range(0, len(texts), self.chunk)]
        pool, self._pool = self._pool or self._new_pool(), None
        with pool:
            window = 2 * self.jobs  # a few chunks in flight: finished ones do not pile up unread
            pending: deque[Future[list[list[Mention]]]] = deque(
                pool.submit(_annotate_chunk, chunk, self.batch_size) for chunk in chunks[:window])
            for index in range(len(chunks)):
                if index + window < len(chunks):
                    pending.append(pool.submit(_annotate_chunk, chunks[index + window], self.batch_size))
                try:
                    found = pending.popleft().result()
                except BrokenProcessPool as error:
                    raise KgError("an extraction process died (killed, or out of memory?); "
                                          "run again with --jobs 1") from error
                yield from found
