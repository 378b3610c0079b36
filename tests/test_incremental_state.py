"""The build state beside the exports: what ``kg build --update`` reloads instead of re-running spaCy."""

from __future__ import annotations

from pathlib import Path

import pytest
from filecompare import assert_same_bytes
from rdf_samples import EDGES, PAPERS

from kg.errors import ExportError
from kg.state import BuildState, load_state, save_state, text_hash


def _state() -> BuildState:
    by_paper = {paper.key: paper for paper in PAPERS}
    mentions: dict[str, list] = {}
    for edge in EDGES:
        mentions.setdefault(text_hash(by_paper[edge.paper_key].text), []).extend(edge.mentions)
    return BuildState(extractor="kg-extractor 1.2", inputs=(("seeds/b.txt", "b" * 64), ("seeds/a.txt", "a" * 64)),
                      entries=PAPERS, mentions={key: tuple(found) for key, found in mentions.items()})


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


@pytest.mark.parametrize("fork", [False, True])
def test_a_state_written_beside_the_exports_is_the_saved_state(tmp_path: Path, fork: bool) -> None:
    """``kg build`` writes the state beside its other work (a forked copy of the process while it links,
    or a thread while it writes the exports); the files are the same."""
    from kg.state import StateWriter

    save_state(_state(), tmp_path / "saved")
    with StateWriter(_state(), tmp_path / "out" / ".state", tmp_path / "out", fork=fork) as writer:
        assert (writer.child is not None) is fork  # the test process runs no other thread: it may fork
        writer.publish()
    for name in ("state.json", "entries.jsonl.gz", "mentions.jsonl.gz"):
        assert_same_bytes(tmp_path / "out" / ".state" / name, tmp_path / "saved" / name)
    assert [path.name for path in (tmp_path / "out").iterdir()] == [".state"]  # its staging folder is gone


@pytest.mark.parametrize("fork", [False, True])
def test_a_build_that_fails_before_publishing_keeps_the_previous_state(tmp_path: Path, fork: bool) -> None:
    import os

    from kg.state import StateWriter

    out = tmp_path / "out"
    save_state(_state(), out / ".state")
    before = {path.name: path.read_bytes() for path in (out / ".state").iterdir()}
    newer = BuildState(extractor="kg-extractor 9.9", inputs=(), entries=PAPERS[:1], mentions={})
    with pytest.raises(RuntimeError, match="export failed"), StateWriter(newer, out / ".state", out, fork=fork):
        raise RuntimeError("export failed")
    with pytest.raises(ChildProcessError):  # a forked writer was ended and reaped: no process is left
        os.waitpid(-1, os.WNOHANG)
    assert {path.name: path.read_bytes() for path in (out / ".state").iterdir()} == before
    assert [path.name for path in out.iterdir()] == [".state"]


def test_a_failed_first_build_leaves_no_folder_behind(tmp_path: Path) -> None:
    from kg.state import StateWriter

    out = tmp_path / "new"
    with pytest.raises(RuntimeError), StateWriter(_state(), out / ".state", out):
        raise RuntimeError("export failed")
    assert not out.exists()


@pytest.mark.parametrize("fork", [False, True])
def test_an_error_writing_the_state_is_raised_when_it_is_published(tmp_path: Path, fork: bool) -> None:
    """A forked writer that fails leaves the work to ``publish``, which meets the error itself."""
    from kg.state import StateWriter

    broken = BuildState(extractor="x", inputs=(), entries=(), mentions={"h": (object(),)})  # type: ignore[arg-type]
    with StateWriter(broken, tmp_path / ".state", tmp_path, fork=fork) as writer, pytest.raises(AttributeError):
        writer.publish()
    assert not (tmp_path / ".state" / "state.json").exists()


def test_a_forked_writer_that_fails_is_replaced_by_this_process(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The copy dies (here: its writing raises only in the copy); the state is still written, the same."""
    import os

    import kg.state
    from kg.state import StateWriter

    parent, write = os.getpid(), kg.state._write_data

    def fails_in_the_copy(*args: object, **kwargs: object) -> None:
        if os.getpid() != parent:
            raise OSError("disk full")
        write(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(kg.state, "_write_data", fails_in_the_copy)
    save_state(_state(), tmp_path / "saved")
    with StateWriter(_state(), tmp_path / "out" / ".state", tmp_path / "out", fork=True) as writer:
        assert writer.child is not None
        writer.publish()
    for name in ("state.json", "entries.jsonl.gz", "mentions.jsonl.gz"):
        assert_same_bytes(tmp_path / "out" / ".state" / name, tmp_path / "saved" / name)


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
