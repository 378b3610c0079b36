"""Scale-out on a 2-worker Dask cluster gives exactly what one process gives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from filecompare import assert_same_bytes
from rdf_samples import sample_corpus

from kg.distributed import annotate, cluster, write_ntriples_on
from kg.export.rdf import corpus_to_graph, to_ntriples
from kg.model import EntityType, Mention


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    with cluster(workers=2, processes=False) as dask_client:
        yield dask_client


class CapitalisedWords:
    """A stand-in extractor for the plumbing: one mention per capitalised word, so order is visible."""

    def annotate(self, texts: list[str], batch_size: int) -> Iterator[list[Mention]]:
        for text in texts:
            found, start = [], 0
            for word in text.split():
                start = text.index(word, start)
                if word[0].isupper():
                    found.append(Mention(start, start + len(word), word, EntityType.CONCEPT, word, word.lower(),
                                         "test", 1.0, 0, len(text)))
                start += len(word)
            yield found


def test_partitioned_extraction_keeps_input_order(client: object) -> None:
    texts = [f"Paper {i} cites Model{i} and Data{i * 7}" for i in range(23)]
    expected = list(CapitalisedWords().annotate(texts, batch_size=4))
    assert list(annotate(client, CapitalisedWords, texts, batch_size=4, partition=5)) == expected


def test_ntriples_serialised_on_workers_equal_the_single_graph_export(client: object, tmp_path: Path) -> None:
    corpus = sample_corpus()
    target = tmp_path / "paperkg.nt"
    write_ntriples_on(client, corpus, target, size=1)
    assert target.read_text(encoding="utf-8") == to_ntriples(corpus_to_graph(corpus))


def test_build_with_extraction_on_dask_equals_the_single_process_build(client: object) -> None:
    from kg.build import build_corpus
    from kg.extract import Extractor
    from kg.incremental import build_incremental

    page = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))[:1]
    single, _ = build_corpus(page)
    scaled = build_incremental(page, annotate=lambda texts: annotate(client, Extractor.default, texts, partition=16))
    assert scaled.corpus == single


def test_kg_build_with_two_workers_writes_the_exports_of_a_one_process_build(
        tmp_path: Path, repo_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real CLI on a real 2-process LocalCluster (extraction on the workers)."""
    from kg.cli import main

    monkeypatch.chdir(repo_root)
    page = sorted((repo_root / "seeds").glob("*.txt"))[0].relative_to(repo_root).as_posix()
    assert main(["build", page, "--out", str(tmp_path / "one"), "--no-html"]) == 0
    assert main(["build", page, "--out", str(tmp_path / "two"), "--no-html", "--workers", "2"]) == 0
    for name in ("paperkg.nt", "paperkg.ttl", "paperkg.jsonld"):
        assert_same_bytes(tmp_path / "two" / name, tmp_path / "one" / name)


def test_kg_build_fast_with_two_workers_extracts_with_the_fast_extractor(
        tmp_path: Path, repo_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--fast (and --vocabulary) must reach the workers: the cluster once always ran the shipped
    extractor, so a "fast" build got other mentions than it recorded in its state."""
    from kg.cli import main

    monkeypatch.chdir(repo_root)
    page = sorted((repo_root / "seeds").glob("*.txt"))[0].relative_to(repo_root).as_posix()
    assert main(["build", page, "--out", str(tmp_path / "one"), "--no-html", "--fast"]) == 0
    assert main(["build", page, "--out", str(tmp_path / "two"), "--no-html", "--fast", "--workers", "2"]) == 0
    assert_same_bytes(tmp_path / "two" / "paperkg.nt", tmp_path / "one" / "paperkg.nt")


def test_extractor_spec_is_a_value_so_workers_reuse_their_extractor() -> None:
    import pickle

    from kg.distributed import ExtractorSpec

    spec = ExtractorSpec(fast=True, vocabularies=("extra.ttl",))
    assert pickle.loads(pickle.dumps(spec)) == spec and hash(pickle.loads(pickle.dumps(spec))) == hash(spec)
