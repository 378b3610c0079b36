"""The Turtle written while GNU sort merges the N-Triples is the Turtle written from the finished file.

A large build's Turtle is written by a process that reads the merged N-Triples as sort writes them
(``kg.export.stream.write_turtle_following``); markers beside the file say when the merge is done or
failed (``kg.partitions.merge_outcome``). Whatever happens to the merge, the exports must be those
of a build that writes the Turtle after it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from filecompare import assert_same_bytes
from rdf_samples import sample_corpus

from kg import partitions
from kg.export import rdf
from kg.export.aside import Aside
from kg.export.rdf import PREFIXES
from kg.export.stream import write_turtle_file, write_turtle_following

needs_gnu_sort = pytest.mark.skipif(partitions._gnu_sort() is None, reason="the Turtle follows GNU sort's merge")


def _build_following(out: Path, monkeypatch: pytest.MonkeyPatch, expected: list[Path]) -> tuple[bool, object]:
    """A build of the sample corpus whose Turtle follows the merge, checked byte for byte against the
    ``expected`` files; returns the following process's answer as the build received it."""
    answers: list[tuple[str, tuple[bool, object]]] = []
    result = Aside.result
    monkeypatch.setattr(Aside, "result",
                        lambda self: answers.append((self.process.name, result(self))) or answers[-1][1])
    monkeypatch.setattr(rdf, "TURTLE_FOLLOWS_PAPERS", 0)
    for one, other in zip(rdf.write_rdf(sample_corpus(), out), expected, strict=True):
        assert_same_bytes(one, other)
    return dict(answers)["paperkg-write_turtle_following"]


@needs_gnu_sort
def test_a_large_builds_turtle_is_written_following_the_merge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = rdf.write_rdf(sample_corpus(), tmp_path / "after")
    assert _build_following(tmp_path / "following", monkeypatch, expected) == (True, True)


FAILING_SORT = """#!/bin/sh
# a GNU sort that dies half way: writes the start of its output (a line cut short), then fails
for arg in "$@"; do case "$arg" in --output=*) out="${arg#--output=}";; esac; done
printf '<https://example.org/a> <https://example.org/b> "cut sh' > "$out"
sleep 0.5
exit 2
"""


@needs_gnu_sort
def test_a_merge_that_fails_under_the_follower_leaves_the_turtle_to_the_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The follower drops what it read of the failed merge; the build merges without sort and
    writes the Turtle itself, and the files are those of a build whose sort did not fail."""
    expected = rdf.write_rdf(sample_corpus(), tmp_path / "good")
    script = tmp_path / "sort"
    script.write_text(FAILING_SORT)
    script.chmod(0o755)
    monkeypatch.setattr(partitions, "_gnu_sort", lambda: str(script))
    assert _build_following(tmp_path / "bad", monkeypatch, expected) == (True, False)


WRITER = """import sys, time
from pathlib import Path
lines = Path(sys.argv[1]).read_bytes().splitlines(keepends=True)
merged, published = Path(sys.argv[2]), Path(sys.argv[3])
with merged.open("ab") as out:
    for index in range(0, len(lines), 7):
        chunk = b"".join(lines[index:index + 7])
        out.write(chunk[:len(chunk) // 2]); out.flush(); time.sleep(0.01)  # lines cut in the middle
        out.write(chunk[len(chunk) // 2:]); out.flush(); time.sleep(0.01)
merged.rename(published)
Path(f"{merged}.done").touch()
"""


@pytest.mark.parametrize("late", [False, True])
def test_the_follower_reads_a_merge_whole_however_it_is_written(tmp_path: Path, late: bool) -> None:
    """Written in pieces that cut lines, then renamed: or over before the follower starts (``late``)."""
    source = tmp_path / "source.nt"
    rdf.write_rdf(sample_corpus(), tmp_path / "exports", validate=False)
    source.write_bytes((tmp_path / "exports" / "paperkg.nt").read_bytes())
    merged, published = tmp_path / ".x.nt.sorting", tmp_path / "x.nt"
    merged.touch()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(source), str(merged), str(published)])
    if late:
        assert writer.wait() == 0
    assert write_turtle_following(merged, published, tmp_path / "followed.ttl", PREFIXES) is True
    assert writer.wait() == 0
    write_turtle_file(source, tmp_path / "plain.ttl", PREFIXES)
    assert_same_bytes(tmp_path / "followed.ttl", tmp_path / "plain.ttl")


def test_a_failed_merge_is_dropped_by_the_follower(tmp_path: Path) -> None:
    merged = tmp_path / ".x.nt.sorting"
    merged.write_text('<https://example.org/a> <https://example.org/b> "cut', encoding="utf-8")
    Path(f"{merged}.failed").touch()
    assert write_turtle_following(merged, tmp_path / "x.nt", tmp_path / "x.ttl", PREFIXES) is False
    merged.unlink()
    assert write_turtle_following(merged, tmp_path / "x.nt", tmp_path / "x.ttl", PREFIXES) is False
