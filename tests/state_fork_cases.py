"""Scenarios of ``StateWriter(fork=True)``, each run in a fresh interpreter by ``test_incremental_state``.

Forking needs a process that runs no other thread (``kg.state.may_fork``); the test process may hold
threads that earlier tests left behind (a Dask client's), so the forked writer is tested here, in a
process of its own: ``python tests/state_fork_cases.py CASE FOLDER`` prints "ok" or fails.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from filecompare import assert_same_bytes
from rdf_samples import EDGES, PAPERS

import kg.state
from kg.state import BuildState, StateWriter, load_state, save_state, text_hash

NAMES = ("state.json", "entries.jsonl.gz", "mentions.jsonl.gz")


def sample_state() -> BuildState:
    """A state with papers, mentions and inputs (``tests/test_incremental_state.py`` uses it too)."""
    by_paper = {paper.key: paper for paper in PAPERS}
    mentions: dict[str, list] = {}
    for edge in EDGES:
        mentions.setdefault(text_hash(by_paper[edge.paper_key].text), []).extend(edge.mentions)
    return BuildState(extractor="kg-extractor 1.2", inputs=(("seeds/b.txt", "b" * 64), ("seeds/a.txt", "a" * 64)),
                      entries=PAPERS, mentions={key: tuple(found) for key, found in mentions.items()})


def _written_like_save_state(folder: Path) -> None:
    """A forked writer's published files are the ones ``save_state`` writes."""
    save_state(sample_state(), folder / "saved")
    with StateWriter(sample_state(), folder / "out" / ".state", folder / "out", fork=True) as writer:
        assert writer.child is not None
        writer.publish()
    for name in NAMES:
        assert_same_bytes(folder / "out" / ".state" / name, folder / "saved" / name)


def same_files(folder: Path) -> None:
    """The forked copy writes the files ``save_state`` writes, and its staging folder goes."""
    _written_like_save_state(folder)
    assert [path.name for path in (folder / "out").iterdir()] == [".state"]


def failed_build(folder: Path) -> None:
    """A build that fails kills and reaps the copy; the previous state and no staging folder are left."""
    out = folder / "out"
    save_state(sample_state(), out / ".state")
    before = {path.name: path.read_bytes() for path in (out / ".state").iterdir()}
    newer = BuildState(extractor="kg-extractor 9.9", inputs=(), entries=PAPERS[:1], mentions={})
    child = None
    try:
        with StateWriter(newer, out / ".state", out, fork=True) as writer:
            child = writer.child
            raise RuntimeError("export failed")
    except RuntimeError:
        pass
    assert child is not None
    try:
        os.waitpid(child, os.WNOHANG)
    except ChildProcessError:
        pass  # reaped: no process is left behind
    else:
        raise AssertionError("the forked writer was not reaped")
    assert {path.name: path.read_bytes() for path in (out / ".state").iterdir()} == before
    assert [path.name for path in out.iterdir()] == [".state"]


def error_at_publish(folder: Path) -> None:
    """The copy fails on a broken state; ``publish`` writes here and meets the error itself."""
    broken = BuildState(extractor="x", inputs=(), entries=(), mentions={"h": (object(),)})  # type: ignore[arg-type]
    with StateWriter(broken, folder / ".state", folder, fork=True) as writer:
        assert writer.child is not None
        try:
            writer.publish()
        except AttributeError:
            pass
        else:
            raise AssertionError("no error at publish")
    assert not (folder / ".state" / "state.json").exists()


def copy_fails(folder: Path) -> None:
    """The copy dies (its writing raises only in the copy); the state is still written, the same."""
    parent, write = os.getpid(), kg.state._write_data

    def fails_in_the_copy(*args: object, **kwargs: object) -> None:
        if os.getpid() != parent:
            raise OSError("disk full")
        write(*args, **kwargs)  # type: ignore[arg-type]

    kg.state._write_data = fails_in_the_copy  # type: ignore[assignment]
    _written_like_save_state(folder)
    assert load_state(folder / "out" / ".state") == sample_state()


CASES = {case.__name__: case for case in (same_files, failed_build, error_at_publish, copy_fails)}

if __name__ == "__main__":
    CASES[sys.argv[1]](Path(sys.argv[2]))
    print("ok")
