"""Partitioned N-Triples: the merge of per-partition runs is the single-graph export, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdf_samples import sample_corpus

from kg.export.rdf import corpus_to_graph, to_ntriples
from kg.partitions import merge_runs, part_lines, split, write_ntriples


@pytest.mark.parametrize("size", [1, 2, 1000])
def test_merged_partitions_equal_the_whole_graph_export(tmp_path: Path, size: int) -> None:
    corpus = sample_corpus()
    target = tmp_path / "paperkg.nt"
    count = write_ntriples(corpus, target, size=size, entity_size=size)
    expected = to_ntriples(corpus_to_graph(corpus))
    assert target.read_text(encoding="utf-8") == expected
    assert count == len(expected.splitlines())


def test_each_paper_part_carries_only_its_own_papers_edges() -> None:
    corpus = sample_corpus()
    for part in split(corpus, size=1):
        assert {edge.paper_key for edge in part.edges} <= {paper.key for paper in part.papers}


def test_parts_serialise_in_any_order(tmp_path: Path) -> None:
    corpus = sample_corpus()
    target = tmp_path / "paperkg.nt"
    write_ntriples(corpus, target, size=1, entity_size=1,
                   serialise=lambda parts: [part_lines(p) for p in reversed(parts)])
    assert target.read_text(encoding="utf-8") == to_ntriples(corpus_to_graph(corpus))


def test_the_export_folder_is_created_when_missing(tmp_path: Path) -> None:
    target = tmp_path / "new" / "exports" / "paperkg.nt"
    write_ntriples(sample_corpus(), target)
    assert target.read_text(encoding="utf-8") == to_ntriples(corpus_to_graph(sample_corpus()))


@pytest.fixture
def python_merge(monkeypatch: pytest.MonkeyPatch) -> None:
    """The merge in Python, as on a machine without GNU sort."""
    from kg import partitions

    monkeypatch.setattr(partitions, "_gnu_sort", lambda: None)


def test_many_runs_merge_in_rounds_into_one_sorted_deduplicated_file(tmp_path: Path, python_merge: None) -> None:
    runs = []
    for index in range(7):
        run = tmp_path / f"{index:06d}.nt"
        run.write_text("".join(f"<a:{n:03d}> <b:p> \"{n}\" .\n" for n in sorted({index, index + 3, 50})),
                       encoding="utf-8")
        runs.append(run)
    target = tmp_path / "out" / "all.nt"
    target.parent.mkdir()
    count = merge_runs(runs, target, fan_in=2)  # the two smallest merged, again and again, then the last 2
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(set(lines)) and count == len(lines) == 11
    assert not any(path.name.startswith("merge-") for path in tmp_path.iterdir())


def test_only_the_smallest_runs_are_merged_before_the_final_merge(tmp_path: Path, monkeypatch,
                                                                  python_merge: None) -> None:
    """Large runs (whole partitions of papers) are read and written once, not once per merge round."""
    from kg import partitions

    runs = []
    for index in range(6):
        run = tmp_path / f"{index:06d}.nt"
        run.write_text("".join(f"<a:{index}-{n:05d}> <b:p> <c:o> .\n" for n in range(10 * (index + 1))),
                       encoding="utf-8")
        runs.append(run)
    merges: list[list[str]] = []
    merge_into = partitions._merge_into
    monkeypatch.setattr(partitions, "_merge_into",
                        lambda group, out, **kw: merges.append([p.name for p in group]) or merge_into(group, out, **kw))
    assert merge_runs(list(reversed(runs)), tmp_path / "all.nt", fan_in=4) == 210
    assert merges == [["000000.nt", "000001.nt", "000002.nt"],
                      ["000003.nt", "000004.nt", "000005.nt", "merge-000000.nt"]]


def _runs(folder: Path) -> list[Path]:
    """Sorted runs that overlap, repeat lines and hold non-ASCII text and escapes."""
    lines = [f'<https://w3id.org/paperkg/e/{w}> <b:label> "{w} \\"q\\" \u00e9\u4e2d" .' for w in
             ("zeta", "Alpha", "alpha", "\u00e9cole", "\u4e2d\u6587", "a-b", "a b", "a_b", "~tilde")]
    runs = []
    for index in range(5):
        run = folder / f"{index:06d}.nt"
        run.write_text("".join(line + "\n" for line in sorted(lines[index:index + 5])), encoding="utf-8")
        runs.append(run)
    return runs


def test_gnu_sort_merges_to_the_same_bytes_as_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg import partitions

    if partitions._gnu_sort() is None:
        pytest.skip("no GNU sort on this machine: the Python merge is the only one")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with_sort = merge_runs(_runs(tmp_path / "a"), tmp_path / "sort.nt")
    monkeypatch.setattr(partitions, "_gnu_sort", lambda: None)
    in_python = merge_runs(_runs(tmp_path / "b"), tmp_path / "python.nt")
    assert (tmp_path / "sort.nt").read_bytes() == (tmp_path / "python.nt").read_bytes()
    assert with_sort == in_python == 9


def test_gnu_sort_merges_all_runs_in_one_pass_within_the_open_file_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past its --batch-size, sort merges into temporary files first: a second pass over the whole
    export (a 20,000-paper build's 188 runs took 9.4 s instead of 3.3 s)."""
    import resource
    import subprocess

    from kg import partitions

    if partitions._gnu_sort() is None:
        pytest.skip("no GNU sort on this machine: the Python merge is the only one")
    runs = []
    for index in range(300):
        run = tmp_path / f"{index:06d}.nt"
        run.write_text(f"<a:{index % 7}> <b:p> \"{index}\" .\n<a:x> <b:p> <c:o> .\n", encoding="utf-8")
        runs.append(run)
    commands: list[list[str]] = []
    real_run = subprocess.run
    monkeypatch.setattr(partitions.subprocess, "run",
                        lambda command, **kw: commands.append(command) or real_run(command, **kw))
    assert merge_runs(runs, tmp_path / "all.nt") == 301
    assert "--batch-size=300" in commands[-1]
    monkeypatch.setattr(resource, "getrlimit", lambda which: (64, 64))
    assert merge_runs(runs, tmp_path / "limited.nt") == 301
    assert "--batch-size=32" in commands[-1]
    assert (tmp_path / "limited.nt").read_bytes() == (tmp_path / "all.nt").read_bytes()


def test_parts_written_in_two_processes_give_the_same_file(tmp_path: Path) -> None:
    """`kg build --jobs 2` shares the N-Triples parts with a second process."""
    corpus = sample_corpus()
    write_ntriples(corpus, tmp_path / "one.nt", size=1, entity_size=1)
    from kg import partitions

    assert len(split(corpus, size=1, entity_size=1)) >= partitions.MIN_PARTS_BESIDE
    write_ntriples(corpus, tmp_path / "two.nt", size=1, entity_size=1, jobs=2)
    assert (tmp_path / "two.nt").read_bytes() == (tmp_path / "one.nt").read_bytes()


def test_a_dead_ntriples_process_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg import partitions
    from kg.errors import KgError

    monkeypatch.setattr(partitions, "_part_run", _exits)
    with pytest.raises(KgError, match="process writing N-Triples died"):
        write_ntriples(sample_corpus(), tmp_path / "two.nt", size=1, entity_size=1, jobs=2)


def _exits(part: object, run: str) -> str:
    """What a process killed for memory does."""
    import os

    os._exit(9)
