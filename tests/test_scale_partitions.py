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
    count = write_ntriples(corpus, target, size=size)
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
    write_ntriples(corpus, target, size=1, serialise=lambda parts: [part_lines(p) for p in reversed(parts)])
    assert target.read_text(encoding="utf-8") == to_ntriples(corpus_to_graph(corpus))


def test_the_export_folder_is_created_when_missing(tmp_path: Path) -> None:
    target = tmp_path / "new" / "exports" / "paperkg.nt"
    write_ntriples(sample_corpus(), target)
    assert target.read_text(encoding="utf-8") == to_ntriples(corpus_to_graph(sample_corpus()))


def test_many_runs_merge_in_rounds_into_one_sorted_deduplicated_file(tmp_path: Path) -> None:
    runs = []
    for index in range(7):
        run = tmp_path / f"{index:06d}.nt"
        run.write_text("".join(f"<a:{n:03d}> <b:p> \"{n}\" .\n" for n in sorted({index, index + 3, 50})),
                       encoding="utf-8")
        runs.append(run)
    target = tmp_path / "out" / "all.nt"
    target.parent.mkdir()
    count = merge_runs(runs, target, fan_in=2)  # 7 runs → 4 → 2 → final merge of 2
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(set(lines)) and count == len(lines) == 11
    assert not any(path.name.startswith("merge-") for path in tmp_path.iterdir())
