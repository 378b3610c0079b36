"""Export steps run in a process of their own: the value comes back, and any failure is "no answer"."""

from __future__ import annotations

import math
import time
from pathlib import Path

import pytest
from filecompare import assert_same_bytes
from rdf_samples import sample_corpus

from kg.export import rdf
from kg.export.aside import Aside


def test_the_function_value_comes_back_from_its_process() -> None:
    worker = Aside.start(math.factorial, 20)
    assert worker is not None
    assert worker.result() == (True, math.factorial(20))


def test_an_exception_in_the_process_is_no_answer() -> None:
    """The caller then does the step itself, so the user sees the error raised in the build's own process."""
    worker = Aside.start(math.sqrt, -1.0)
    assert worker is not None
    assert worker.result() == (False, None)


def test_a_daemonic_process_does_the_work_itself() -> None:
    """Inside a pool's worker (daemonic: it may not start children) no process is started."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        assert pool.apply(_start_here) is None


def _start_here() -> Aside | None:
    return Aside.start(math.factorial, 5)


def test_a_script_read_from_stdin_does_the_work_itself() -> None:
    """A child could not re-run a main script read from stdin: it would print a traceback and die."""
    import subprocess
    import sys

    script = "from kg.export.aside import Aside\nimport math\nprint(Aside.start(math.factorial, 5))\n"
    done = subprocess.run([sys.executable, "-"], input=script, capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[1], check=True)
    assert done.stdout.strip() == "None"
    assert "Traceback" not in done.stderr


def test_stopping_ends_a_process_still_at_work() -> None:
    worker = Aside.start(time.sleep, 60)
    assert worker is not None
    started = time.monotonic()
    worker.stop()
    worker.stop()
    assert not worker.process.is_alive() and time.monotonic() - started < 10


def test_turtle_written_beside_the_jsonld_is_the_turtle_written_here(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    here = rdf.write_rdf(sample_corpus(), tmp_path / "here")
    monkeypatch.setattr(rdf, "TURTLE_BESIDE_BYTES", 0)
    answers = []
    result = Aside.result
    monkeypatch.setattr(Aside, "result", lambda self: answers.append(result(self)) or answers[-1])
    beside = rdf.write_rdf(sample_corpus(), tmp_path / "beside")
    # processes wrote the JSON-LD's second half and the Turtle (the build did not write them again)
    assert answers == [(True, None), (True, None)]
    assert [p.name for p in beside] == [p.name for p in here]
    for one, other in zip(beside, here, strict=True):
        assert_same_bytes(one, other)
