"""Extraction in local processes (``kg build --jobs N``): same mentions, in order; failures reported."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kg.distributed import ExtractorSpec
from kg.errors import KgError
from kg.extract import Extractor
from kg.processes import BLAS_THREAD_VARIABLES, ProcessAnnotator, blas_threads_per_process, limit_blas_threads

TEXTS = [f"Paper {i}\n\nWe fine-tune LoRA adapters on ImageNet and report PSNR on ShapeNet {i}." for i in range(7)] + [
    "NeuMeta\n\nNeural Metamorphosis (NeuMeta) learns implicit neural representations (INRs) of weights."]


@pytest.fixture(scope="module")
def fast_extractor() -> Extractor:
    return Extractor.fast()


def test_processes_give_the_mentions_of_one_process_in_input_order(fast_extractor: Extractor) -> None:
    annotate = ProcessAnnotator(2, ExtractorSpec(fast=True), lambda: fast_extractor, min_texts=0, chunk=3)
    in_processes = list(annotate(TEXTS))
    here = [list(found) for found in fast_extractor.annotate(TEXTS)]
    assert in_processes == here
    assert len(in_processes) == len(TEXTS) and in_processes[-1]  # the last, smaller chunk came back too


def test_small_inputs_are_extracted_in_this_process(fast_extractor: Extractor) -> None:
    class NoProcesses(ExtractorSpec):
        def __call__(self) -> Extractor:
            raise AssertionError("a process was started")

    annotate = ProcessAnnotator(2, NoProcesses(fast=True), lambda: fast_extractor, min_texts=len(TEXTS) + 1)
    assert [m.label for m in next(iter(annotate(TEXTS)))] == [m.label for m in next(fast_extractor.annotate(TEXTS))]


class _Dies:
    """A factory whose process exits at once, as one killed for memory would."""

    def __call__(self) -> Extractor:
        os._exit(9)


def test_a_dead_extraction_process_is_one_clear_error(fast_extractor: Extractor) -> None:
    annotate = ProcessAnnotator(2, _Dies(), lambda: fast_extractor, min_texts=0, chunk=3)
    with pytest.raises(KgError, match="extraction process died"):
        list(annotate(TEXTS))


@pytest.mark.parametrize("flags", [["--jobs", "0"], ["--jobs", "2", "--workers", "2"]])
def test_impossible_jobs_are_a_usage_error(tmp_path, flags: list[str]) -> None:
    source = tmp_path / "papers.jsonl"
    source.write_text('{"id": "1", "title": "T", "abstract": "We use LoRA."}\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "kg", "build", str(source), "--out", str(tmp_path / "out"), *flags],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "--jobs" in done.stderr
    assert not (tmp_path / "out").exists()


def test_prestarted_processes_extract_as_one_process_does(fast_extractor: Extractor) -> None:
    with ProcessAnnotator(2, ExtractorSpec(fast=True), lambda: fast_extractor, min_texts=0, chunk=3) as annotate:
        annotate.prestart()  # what `kg build --jobs 2` does for large inputs, before reading them
        assert list(annotate(TEXTS)) == [list(found) for found in fast_extractor.annotate(TEXTS)]


def test_prestarted_processes_are_stopped_when_the_input_turns_out_small(fast_extractor: Extractor) -> None:
    with ProcessAnnotator(2, ExtractorSpec(fast=True), lambda: fast_extractor, min_texts=len(TEXTS) + 1) as annotate:
        annotate.prestart()
        assert list(annotate(TEXTS)) == [list(found) for found in fast_extractor.annotate(TEXTS)]
        assert annotate._pool is None  # no processes left running beside the in-process extraction


@pytest.mark.parametrize("fast", [True, False])
def test_an_extractors_identity_matches_the_extractor(fast: bool) -> None:
    """A build whose extraction runs in other processes records this version and links with this
    vocabulary; they must be the loaded extractor's, or `--update` would re-extract or mislink."""
    full = Extractor.fast() if fast else Extractor.default()
    identity = ExtractorSpec(fast=fast).identity()
    assert (identity.name, identity.version) == (full.name, full.version)
    assert identity.vocabulary.by_form == full.vocabulary.by_form


def test_kg_build_with_jobs_writes_the_exports_of_a_one_process_build(tmp_path, repo_root, monkeypatch) -> None:
    """With --jobs the build's own process links with the extractor's identity, not its pipeline."""
    from filecompare import assert_same_bytes

    from kg.cli import main

    monkeypatch.chdir(repo_root)
    page = sorted((repo_root / "seeds").glob("*.txt"))[0].relative_to(repo_root).as_posix()
    assert main(["build", page, "--out", str(tmp_path / "one"), "--no-html", "--fast"]) == 0
    assert main(["build", page, "--out", str(tmp_path / "two"), "--no-html", "--fast", "--jobs", "2"]) == 0
    for name in ("paperkg.nt", "paperkg.jsonld"):
        assert_same_bytes(tmp_path / "two" / name, tmp_path / "one" / name)


_KILLED_PARENT = """
import os, signal, sys
from kg.processes import BLAS_THREAD_VARIABLES, ProcessAnnotator, blas_threads_per_process, limit_blas_threads
if __name__ == "__main__":
    annotate = ProcessAnnotator(2, object, lambda: None)
    annotate.prestart()
    pool = annotate._pool
    for future in [pool.submit(os.getpid) for _ in range(4)]:
        future.result()
    with open(sys.argv[1], "w") as pids:
        pids.write(" ".join(str(pid) for pid in pool._processes))
    os.kill(os.getpid(), signal.SIGKILL)
"""


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as status:
            return not any(line.startswith("State:") and "Z" in line for line in status)
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads process states from /proc")
def test_extraction_processes_end_when_the_build_is_killed(tmp_path) -> None:
    """A build killed with SIGKILL (or SIGTERM, which runs no clean-up) leaves no idle extraction
    processes behind holding their extractors."""
    import time

    script = tmp_path / "killed.py"
    script.write_text(_KILLED_PARENT, encoding="utf-8")
    written = tmp_path / "pids"
    # no pipes: processes left running would hold them open, and this test would wait on them
    subprocess.run([sys.executable, str(script), str(written)], stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    pids = [int(pid) for pid in written.read_text(encoding="utf-8").split()]
    assert len(pids) == 2
    deadline = time.monotonic() + 20
    while any(map(_running, pids)) and time.monotonic() < deadline:
        time.sleep(0.2)
    alive = [pid for pid in pids if _running(pid)]
    for pid in alive:
        os.kill(pid, 9)
    assert not alive


def _openblas_threads() -> int | None:
    """Threads numpy's bundled OpenBLAS uses in this process, or None where it is another BLAS."""
    import ctypes
    import glob

    import numpy

    libraries = glob.glob(os.path.join(os.path.dirname(numpy.__file__) + ".libs", "libscipy_openblas*.so"))
    if not libraries:
        return None
    library = ctypes.CDLL(libraries[0])
    for name in ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_", "openblas_get_num_threads"):
        if hasattr(library, name):
            return int(getattr(library, name)())
    return None


class _ReportsBlasThreads:
    """A factory whose "extractor" answers each text with its process's OpenBLAS thread count."""

    def __call__(self) -> _ReportsBlasThreads:
        return self

    def annotate(self, texts: list[str], batch_size: int) -> list[list[int | None]]:
        return [[_openblas_threads()] for _ in texts]


@pytest.mark.skipif(_openblas_threads() is None, reason="numpy without its bundled OpenBLAS")
@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="one core: OpenBLAS starts one thread anyway")
def test_extraction_processes_share_the_cores_among_their_blas_threads(monkeypatch) -> None:
    """Two processes whose OpenBLAS each starts a thread per core fight over the cores (two
    processes extracted 20k abstracts in 87 s against 69 s with one thread each); each gets its share."""
    for name in BLAS_THREAD_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    jobs = 2
    annotate = ProcessAnnotator(jobs, _ReportsBlasThreads(), _ReportsBlasThreads(), min_texts=0, chunk=2)
    reported = {threads for found in annotate(["a", "b", "c", "d"]) for threads in found}
    assert reported == {blas_threads_per_process(jobs)}
    assert blas_threads_per_process(jobs) < len(os.sched_getaffinity(0))  # fewer than OpenBLAS would start


@pytest.mark.parametrize(("jobs", "cores", "threads"), [(1, 2, 2), (2, 2, 1), (3, 2, 1), (2, 16, 8), (4, 1, 1)])
def test_blas_threads_are_the_cores_shared_among_the_processes(jobs: int, cores: int, threads: int) -> None:
    assert blas_threads_per_process(jobs, cores) == threads


def test_a_blas_thread_count_the_user_chose_is_kept(monkeypatch) -> None:
    for name in BLAS_THREAD_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    limit_blas_threads(1)
    assert os.environ["OMP_NUM_THREADS"] == "3" and "OPENBLAS_NUM_THREADS" not in os.environ
    monkeypatch.delenv("OMP_NUM_THREADS")
    limit_blas_threads(1)
    assert all(os.environ[name] == "1" for name in BLAS_THREAD_VARIABLES)
