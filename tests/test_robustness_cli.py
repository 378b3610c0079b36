"""Bad input and interrupted builds at the command line (issue 8).

Every catalogued bad input through ``kg build``: exit 2, one stderr line naming the file, no
traceback, and the exports already in ``--out`` byte-identical afterwards. Interrupted writes
(SIGINT and SIGKILL at seeded random moments) leave every export file either exactly as before
or exactly as a complete build writes it, never a partial file.
"""

from __future__ import annotations

import json
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_robustness_catalogue import ERRORS, Bad

from kg.cli import main

REPO = Path(__file__).resolve().parents[1]
EXPORTS = ("paperkg.ttl", "paperkg.nt", "paperkg.jsonld", "paperkg.html")


def old_exports(out: Path) -> dict[str, bytes]:
    """Stand-ins for a previous build's exports; a bad build must leave them byte-identical."""
    out.mkdir(parents=True, exist_ok=True)
    for name in EXPORTS:
        (out / name).write_bytes(f"previous {name}\n".encode())
    return snapshot(out)


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


@pytest.mark.parametrize("case", ERRORS, ids=lambda case: case.name)
def test_bad_input_build_fails_cleanly_and_keeps_old_exports(case: Bad, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = case.make(tmp_path)
    out = tmp_path / "exports"
    before = old_exports(out)
    code = main(["build", str(path), "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.count("\n") == 1 and captured.err.startswith("kg: error: ")
    assert str(path) in captured.err and case.message in captured.err
    assert snapshot(out) == before


def test_bad_input_is_reported_before_the_extractor_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """Loading the extractor takes seconds; a user with a broken file should not wait for it."""
    from kg.extract import Extractor

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the extractor was loaded before the input was read")

    monkeypatch.setattr(Extractor, "default", never)
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"id": "a", "title": "T", "abstract": "A"}\n{"id": \n', encoding="utf-8")
    assert main(["build", str(bad), "--out", str(tmp_path / "exports")]) == 2
    assert "broken.jsonl:2: invalid JSON" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["empty.txt", "latin1.txt", "broken_line.jsonl"])
def test_bad_input_in_a_real_process_prints_no_traceback(name: str, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    before = old_exports(out)
    run = subprocess.run([sys.executable, "-m", "kg", "build", str(REPO / "tests" / "bad_inputs" / name),
                          "--out", str(out)], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr and run.stderr.count("\n") == 1
    assert snapshot(out) == before


WRITER = """
import sys
from pathlib import Path
from kg.corpus import Corpus
from kg.export.html import write_html
from kg.export.rdf import write_rdf
from kg.ingest import read_inputs

corpus = Corpus.of(read_inputs([sys.argv[1]]).papers, (), ())
write_rdf(corpus, Path(sys.argv[2]))
write_html(corpus, Path(sys.argv[2]) / "paperkg.html")
"""


def _write(corpus: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(corpus), str(out)], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _corpus(path: Path, papers: int, topic: str) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(papers):
            handle.write(json.dumps({"id": f"2101.{i:05d}", "title": f"{topic} paper {i}",
                                     "abstract": f"We study {topic}. " * 15, "date": "2021-01-05"}) + "\n")
    return path


@pytest.mark.slow
def test_killed_writes_leave_each_export_old_or_complete(tmp_path: Path) -> None:
    small, big = _corpus(tmp_path / "small.jsonl", 5, "pruning"), _corpus(tmp_path / "big.jsonl", 200, "attention")
    old_dir, new_dir, out = tmp_path / "old", tmp_path / "new", tmp_path / "out"
    assert _write(small, old_dir).wait(timeout=300) == 0
    durations = []
    for _ in range(2):  # the faster of two runs: a busy machine during one run must not stretch the kill times
        started = time.monotonic()
        assert _write(big, new_dir).wait(timeout=300) == 0
        durations.append(time.monotonic() - started)
    duration = min(durations)
    old, new = snapshot(old_dir), snapshot(new_dir)
    assert set(old) == set(new) == set(EXPORTS)
    rng = random.Random(20240131)
    outcomes = []
    for sig in [signal.SIGINT, signal.SIGKILL] * 3:
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(old_dir, out)
        process = _write(big, out)
        time.sleep(rng.uniform(0.6 * duration, 1.05 * duration))  # the writes come last
        process.send_signal(sig)
        process.wait(timeout=300)
        exports = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
        assert set(exports) == set(EXPORTS)
        for name, data in exports.items():
            assert data in (old[name], new[name]), f"{name} is partial after {sig.name}"
        outcomes.append(sum(exports[n] == new[n] for n in EXPORTS))
    assert any(count < len(EXPORTS) for count in outcomes), "no kill landed before the writes finished"


def test_a_missing_vocabulary_file_is_named_before_anything_is_read(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "exports"
    before = old_exports(out)
    assert main(["build", str(REPO / "seeds"), "--vocabulary", str(tmp_path / "gone.ttl"), "--out", str(out)]) == 2
    assert capsys.readouterr().err.strip().endswith("gone.ttl: no such vocabulary file")
    assert snapshot(out) == before


def test_a_build_whose_exports_fail_keeps_the_previous_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """The state is written while the exports are; it must still only describe exports that were written."""
    from kg.errors import ExportError
    from kg.export import rdf

    out = tmp_path / "exports"
    assert main(["build", str(_corpus(tmp_path / "a.jsonl", 3, "pruning")), "--out", str(out),
                 "--fast", "--no-html"]) == 0
    state = {p.name: p.read_bytes() for p in (out / ".paperkg-state").iterdir()}

    def full_disk(*args: object, **kwargs: object) -> list[Path]:
        raise ExportError("no space left on device", path=out / "paperkg.nt")

    monkeypatch.setattr(rdf, "write_rdf", full_disk)
    assert main(["build", str(_corpus(tmp_path / "b.jsonl", 4, "attention")), "--out", str(out),
                 "--fast", "--no-html"]) != 0
    assert "no space left on device" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in (out / ".paperkg-state").iterdir()} == state
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".paperkg-state"]
