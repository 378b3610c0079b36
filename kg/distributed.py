"""Scale-out on Dask: extraction per partition on workers, linking once, N-Triples per partition.

Extraction is embarrassingly parallel: each paper's mentions depend on its text alone. Linking is
not (the acronym memory and canonical names are corpus-wide), so workers return each paper's
*extractor* mentions and the client links them all at once, in paper order, exactly as a
single-process build does; the graph is therefore identical. ``kg build`` then writes the exports on
the client; ``write_ntriples_on`` serialises N-Triples parts on the workers instead.

Each worker process loads the extractor once (per worker thread, since a spaCy pipeline is not
meant to be shared between threads) and keeps it for every partition it is given.

See docs/scale-out.md for running it on a real cluster.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.corpus import Corpus
from kg.model import Mention
from kg.partitions import PARTITION_PAPERS, Part, part_lines, write_ntriples
from kg.processes import WORKER_BATCH

PARTITION_TEXTS = 500
"""Texts per extraction task: seconds of work per task, so scheduling overhead stays negligible."""

_LOCAL = threading.local()


def _annotate_partition(factory: Callable[[], Any], texts: Sequence[str], batch_size: int) -> list[list[Mention]]:
    """Runs on a worker: the extractor's mentions for each text, with the extractor loaded once."""
    cache: dict[Callable[[], Any], Any] = getattr(_LOCAL, "extractors", None) or {}
    _LOCAL.extractors = cache
    if factory not in cache:
        cache[factory] = factory()
    return [list(found) for found in cache[factory].annotate(list(texts), batch_size=batch_size)]


def annotate(client: Any, factory: Callable[[], Any], texts: Sequence[str], *, batch_size: int = WORKER_BATCH,
             partition: int = PARTITION_TEXTS, progress: Callable[[int], None] | None = None,
             ) -> Iterator[list[Mention]]:
    """The mentions of every text, in input order, extracted on the cluster ``client`` talks to.

    ``factory`` builds the extractor on a worker (e.g. ``kg.extract.Extractor.default``); it must be
    importable there, which is why it is a function and not an extractor object.
    """
    chunks = [texts[start:start + partition] for start in range(0, len(texts), partition)]
    futures = [client.submit(_annotate_partition, factory, chunk, batch_size, pure=False) for chunk in chunks]
    for future in futures:
        mentions = future.result()
        future.release()
        if progress is not None:
            progress(len(mentions))
        yield from mentions


def _serialise(client: Any, parts: list[Part]) -> Iterator[list[str]]:
    """Each part's N-Triples lines, computed on the cluster, in order; at most a few parts in flight
    so finished lines do not pile up in the workers' memory."""
    window = 2 * max(1, len(client.scheduler_info().get("workers", {})) or 1)
    pending = [client.submit(part_lines, part, pure=False) for part in parts[:window]]
    for index in range(len(parts)):
        future = pending[index]
        if index + window < len(parts):
            pending.append(client.submit(part_lines, parts[index + window], pure=False))
        yield future.result()
        future.release()


def write_ntriples_on(client: Any, corpus: Corpus, target: Path, *, size: int = PARTITION_PAPERS) -> int:
    """``kg.partitions.write_ntriples`` with the parts serialised on the cluster; returns the triple count."""
    return write_ntriples(corpus, target, size=size, serialise=lambda parts: _serialise(client, parts))


@contextlib.contextmanager
def cluster(*, workers: int | None = None, address: str | None = None, processes: bool = True) -> Iterator[Any]:
    """A ``dask.distributed.Client``: on the scheduler at ``address``, or on a local cluster of ``workers``.

    Local workers are single-threaded processes: spaCy releases the GIL too rarely for threads
    to help, and one process per core is the layout measured in docs/benchmarks.md.
    """
    from dask.distributed import Client, LocalCluster

    if address:
        with Client(address) as client:
            yield client
        return
    with LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=processes,
                      dashboard_address=None) as local, Client(local) as client:
        yield client


@dataclass(frozen=True)
class ExtractorSpec:
    """Which extractor a worker builds: the shipped one, the fast or the lean one, plus extra vocabularies.

    A frozen value, not a function: it travels to the workers by pickle and compares equal there,
    so each worker builds the extractor once and reuses it for every partition.
    """

    fast: bool = False
    vocabularies: tuple[str, ...] = ()
    lean: bool = False

    def __call__(self) -> Any:
        from kg.extract import Extractor

        paths = [Path(p) for p in self.vocabularies]
        make = Extractor.fast if self.fast else Extractor.lean if self.lean else Extractor.default
        return make(vocabularies=paths)

    def identity(self) -> Any:
        """The extractor's name, version and vocabulary without its pipeline: all a build whose
        extraction runs elsewhere needs in its own process."""
        from kg.extract import Extractor

        return Extractor.identity(fast=self.fast, lean=self.lean, vocabularies=[Path(p) for p in self.vocabularies])


@contextlib.contextmanager
def annotator(*, workers: int | None = None, address: str | None = None, batch_size: int = WORKER_BATCH,
              spec: ExtractorSpec = ExtractorSpec(),
              ) -> Iterator[Callable[[list[str]], Iterator[list[Mention]]] | None]:
    """What ``kg build --workers N`` / ``--dask ADDR`` pass to ``build_incremental(annotate=...)``:
    extraction on the cluster with the extractor ``spec`` names (the one the client links with).

    ``None`` (extract in this process) when neither is given.
    """
    if not workers and not address:
        yield None
        return
    with cluster(workers=workers, address=address) as client:
        yield lambda texts: annotate(client, spec, texts, batch_size=batch_size)
