"""The build state beside the exports: what ``kg build --update`` reloads instead of re-running spaCy."""

from __future__ import annotations

from pathlib import Path

import pytest
from filecompare import assert_same_bytes
from rdf_samples import PAPERS
from state_fork_cases import sample_state as _state

from kg.errors import ExportError
from kg.state import BuildState, load_state, save_state


def test_saved_state_loads_back_equal(tmp_path: Path) -> None:
    state = _state()
    save_state(state, tmp_path)
    assert load_state(tmp_path) == state


def test_saving_the_same_state_twice_gives_identical_files(tmp_path: Path) -> None:
    save_state(_state(), tmp_path / "one")
    save_state(_state(), tmp_path / "two")
    for name in ("state.json", "entries.jsonl.gz", "mentions.jsonl.gz"):
        assert_same_bytes(tmp_path / "one" / name, tmp_path / "two" / name)


def test_a_folder_without_state_has_none(tmp_path: Path) -> None:
    assert load_state(tmp_path) is None


def test_a_damaged_state_is_one_clear_error(tmp_path: Path) -> None:
    save_state(_state(), tmp_path)
    (tmp_path / "mentions.jsonl.gz").write_bytes(b"not gzip")
    with pytest.raises(ExportError, match="run a full build"):
        load_state(tmp_path)


def test_state_lines_hold_every_field_as_dataclasses_asdict_writes_it(tmp_path: Path) -> None:
    """The files stay the format earlier builds wrote, whatever way the records are turned into JSON:
    line for line the text of ``json.dumps(..., sort_keys=True)``, keys sorted at every level, so the
    files are byte-stable and diff-friendly."""
    import dataclasses
    import gzip
    import json

    def text(record: object) -> str:
        return json.dumps(record, ensure_ascii=False, sort_keys=True)

    state = _state()
    save_state(state, tmp_path)
    with gzip.open(tmp_path / "entries.jsonl.gz", "rt", encoding="utf-8") as handle:
        entries = handle.read().splitlines()
    with gzip.open(tmp_path / "mentions.jsonl.gz", "rt", encoding="utf-8") as handle:
        mentions = handle.read().splitlines()
    assert entries == [text(dataclasses.asdict(paper)) for paper in state.entries]
    assert any(json.loads(paper)["sources"] for paper in entries)
    assert mentions == [text({"hash": key, "mentions": [dataclasses.asdict(m) for m in state.mentions[key]]})
                        for key in sorted(state.mentions)]


def test_a_state_written_beside_the_exports_is_the_saved_state(tmp_path: Path) -> None:
    """Where it cannot fork, ``kg build`` writes the state in a thread beside the exports; the files
    are the same (the forked copy: ``test_a_forked_state_writer``)."""
    from kg.state import StateWriter

    save_state(_state(), tmp_path / "saved")
    with StateWriter(_state(), tmp_path / "out" / ".state", tmp_path / "out") as writer:
        writer.publish()
    for name in ("state.json", "entries.jsonl.gz", "mentions.jsonl.gz"):
        assert_same_bytes(tmp_path / "out" / ".state" / name, tmp_path / "saved" / name)
    assert [path.name for path in (tmp_path / "out").iterdir()] == [".state"]  # its staging folder is gone


def test_a_build_that_fails_before_publishing_keeps_the_previous_state(tmp_path: Path) -> None:
    from kg.state import StateWriter

    out = tmp_path / "out"
    save_state(_state(), out / ".state")
    before = {path.name: path.read_bytes() for path in (out / ".state").iterdir()}
    newer = BuildState(extractor="kg-extractor 9.9", inputs=(), entries=PAPERS[:1], mentions={})
    with pytest.raises(RuntimeError, match="export failed"), StateWriter(newer, out / ".state", out):
        raise RuntimeError("export failed")
    assert {path.name: path.read_bytes() for path in (out / ".state").iterdir()} == before
    assert [path.name for path in out.iterdir()] == [".state"]


def test_a_failed_first_build_leaves_no_folder_behind(tmp_path: Path) -> None:
    from kg.state import StateWriter

    out = tmp_path / "new"
    with pytest.raises(RuntimeError), StateWriter(_state(), out / ".state", out):
        raise RuntimeError("export failed")
    assert not out.exists()


def test_an_error_writing_the_state_is_raised_when_it_is_published(tmp_path: Path) -> None:
    from kg.state import StateWriter

    broken = BuildState(extractor="x", inputs=(), entries=(), mentions={"h": (object(),)})  # type: ignore[arg-type]
    with StateWriter(broken, tmp_path / ".state", tmp_path) as writer, pytest.raises(AttributeError):
        writer.publish()
    assert not (tmp_path / ".state" / "state.json").exists()


@pytest.mark.parametrize("case", ["same_files", "failed_build", "error_at_publish", "copy_fails"])
def test_a_forked_state_writer(tmp_path: Path, case: str) -> None:
    """``kg build`` forks a copy of itself to write the state while it links. Each scenario of
    ``tests/state_fork_cases.py`` runs in a fresh interpreter, which runs no other thread and so may
    fork (this process may hold threads earlier tests left): the copy writes ``save_state``'s files;
    a failed build kills and reaps it and keeps the previous state; an error reaches ``publish``;
    a copy that dies is replaced by the process itself."""
    import os
    import subprocess
    import sys

    tests = Path(__file__).resolve().parent
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tests), str(tests.parent)]))
    done = subprocess.run([sys.executable, str(tests / "state_fork_cases.py"), case, str(tmp_path)],
                          capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_a_process_running_other_threads_writes_its_state_in_a_thread(tmp_path: Path) -> None:
    """Forking a process that runs other threads (a Dask client) is unsafe: no copy is made then."""
    import threading

    from kg.state import StateWriter, may_fork

    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert not may_fork()
        with StateWriter(_state(), tmp_path / ".state", tmp_path, fork=True) as writer:
            assert writer.child is None
            writer.publish()
    finally:
        release.set()
        other.join()
    assert load_state(tmp_path / ".state") == _state()
