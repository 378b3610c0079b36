"""The streamed Turtle and JSON-LD say exactly what the N-Triples say, and large builds are validated
on a sample that still catches a broken graph."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
import rdflib
from rdf_samples import BLENDER, P_LORA, sample_corpus
from rdflib.compare import isomorphic

from kg.corpus import Corpus
from kg.errors import ValidationError
from kg.export.rdf import PREFIXES, ntriples_to_turtle
from kg.export.stream import write_jsonld, write_turtle
from kg.export.validate import sample_corpus as sample_of
from kg.export.validate import validate_corpus
from kg.model import Edge, Role


@pytest.fixture(scope="module")
def seed_nt(repo_root: Path) -> Path:
    return repo_root / "exports" / "paperkg.nt"


def test_streamed_turtle_is_byte_identical_to_the_in_memory_conversion(seed_nt: Path) -> None:
    out = io.BytesIO()
    write_turtle(seed_nt, out, PREFIXES)
    assert out.getvalue().decode("utf-8") == ntriples_to_turtle(seed_nt.read_text(encoding="utf-8"))


def test_streamed_jsonld_is_the_same_graph_as_the_ntriples(seed_nt: Path) -> None:
    out = io.StringIO()
    write_jsonld(seed_nt, out, PREFIXES)
    from_jsonld = rdflib.Graph().parse(data=out.getvalue(), format="json-ld")
    from_nt = rdflib.Graph().parse(seed_nt, format="nt")
    assert len(from_jsonld) == len(from_nt) and isomorphic(from_jsonld, from_nt)


def _subject(line: bytes) -> bytes:
    return line.split(b" ", 1)[0]


def test_a_subject_boundary_never_splits_a_subjects_triples(seed_nt: Path) -> None:
    from kg.export.stream import subject_boundary

    data = seed_nt.read_bytes()
    for near in (0, 1, 5000, len(data) // 3, len(data) // 2, len(data) - 10, len(data), len(data) + 99):
        cut = subject_boundary(seed_nt, near)
        assert cut == 0 or cut >= min(near, len(data))
        assert cut in (0, len(data)) or (data[cut - 1:cut] == b"\n" and _subject(data[cut:])
                                          != _subject(data[data.rindex(b"\n", 0, cut - 1) + 1:]))


def test_a_window_of_the_file_reads_exactly_its_lines(seed_nt: Path) -> None:
    from kg.export.stream import open_window, subject_boundary

    data = seed_nt.read_bytes()
    cut = subject_boundary(seed_nt, len(data) // 2)
    with open_window(seed_nt, 0, cut) as first, open_window(seed_nt, cut, len(data)) as second:
        assert first.read() + second.read() == data.decode("utf-8")
        assert first.read() == ""


def _jsonld_file(seed_nt: Path, target: Path, monkeypatch: pytest.MonkeyPatch, start: object) -> str:
    from kg.export import aside
    from kg.export.stream import write_jsonld_file

    if start is not None:
        monkeypatch.setattr(aside.Aside, "start", start)
    write_jsonld_file(seed_nt, target, PREFIXES, halves=True)
    assert [path.name for path in target.parent.iterdir()] == [target.name]  # the other half's file is gone
    return target.read_text(encoding="utf-8")


class _Silent:
    """A process that never answers (killed, or its function raised)."""

    def result(self) -> tuple[bool, None]:
        return False, None

    def stop(self) -> None:
        pass


def test_jsonld_written_in_halves_is_the_same_file(seed_nt: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A large build writes the second half of its JSON-LD in a process of its own; when that process
    gives no answer, or none can be started, this one writes that half itself."""
    whole = io.StringIO()
    write_jsonld(seed_nt, whole, PREFIXES)
    for name, start in (("process", None), ("silent", classmethod(lambda cls, *args: _Silent())),
                        ("none", classmethod(lambda cls, *args: None))):
        (tmp_path / name).mkdir()
        assert _jsonld_file(seed_nt, tmp_path / name / "paperkg.jsonld", monkeypatch, start) == whole.getvalue(), name


def many_papers(count: int) -> Corpus:
    """The sample corpus with its LoRA paper copied ``count`` times under new keys."""
    base = sample_corpus()
    lora_edges = [edge for edge in base.edges if edge.paper_key == P_LORA.key]
    papers, edges = list(base.papers), list(base.edges)
    for index in range(count):
        key = f"copy-{index:05d}"
        papers.append(replace(P_LORA, key=key, arxiv_id=None))
        edges.extend(replace(edge, paper_key=key) for edge in lora_edges)
    return Corpus.of(papers, base.entities, edges, base.provenance, base.notes)


def test_a_sample_keeps_every_entity_its_edges_reach() -> None:
    sample = sample_of(many_papers(40), 10)
    keys = {entity.key for entity in sample.entities}
    assert 5 <= len(sample.papers) <= 10
    assert {edge.entity_key for edge in sample.edges} <= keys
    assert all(set(entity.broader) <= keys for entity in sample.entities)


def test_a_large_build_is_validated_on_a_sample_that_catches_a_broken_graph() -> None:
    corpus = many_papers(40)
    assert validate_corpus(corpus, limit=10) < len(corpus.papers)
    bad = Edge(corpus.papers[0].key, BLENDER.key, (Role.MENTIONS, Role.USES_METHOD))  # a dataset used as a method
    broken = replace(corpus, edges=(*corpus.edges, bad))  # the first paper is always in the sample
    with pytest.raises(ValidationError, match="usesMethod points to a kg:Method"):
        validate_corpus(broken, limit=10)


def test_the_sample_holds_a_paper_for_every_kind_of_data_even_a_rare_one() -> None:
    """Evenly spaced papers can miss the one paper with a rare role; the sample takes the first paper
    of each kind of data, so a defect that only that kind shows is still caught."""
    from rdf_samples import LORA, mention

    base = many_papers(60)
    rare = base.papers[37]  # an evenly spaced sample of 10 takes every 7th paper: not this one
    bad = Edge(rare.key, LORA.key, (Role.MENTIONS, Role.MEASURES_WITH),
               (mention(replace(P_LORA, key=rare.key), "LoRA", LORA, Role.MEASURES_WITH),))  # a method as metric
    broken = replace(base, edges=tuple(sorted((*base.edges, bad), key=lambda e: (e.paper_key, e.entity_key))))
    sample = sample_of(broken, 10)
    assert rare in sample.papers and len(sample.papers) <= 10
    with pytest.raises(ValidationError, match="measuresWith points to a kg:Metric"):
        validate_corpus(broken, limit=10)


def test_validation_in_chunks_finds_a_violation_in_any_chunk() -> None:
    """The sample is validated a chunk of papers at a time (bounded memory); a broken paper in a later
    chunk is still reported, and a clean corpus still passes."""
    corpus = many_papers(30)
    assert validate_corpus(corpus, limit=100, chunk=7) == len(corpus.papers)
    last = corpus.papers[-1].key
    bad = Edge(last, BLENDER.key, (Role.MENTIONS, Role.USES_METHOD))
    broken = replace(corpus, edges=(*corpus.edges, bad))
    with pytest.raises(ValidationError, match="usesMethod points to a kg:Method"):
        validate_corpus(broken, limit=100, chunk=7)


def test_validation_beside_the_writes_gives_the_verdict_of_validate_corpus() -> None:
    """A large build's sample is validated in a process of its own while the exports are written; the
    process answers (no fallback to validating here) with the violations ``validate_corpus`` finds."""
    from kg.export.aside import Aside
    from kg.export.validate import _checked, _chunk_violations, validation_beside

    corpus = many_papers(40)
    bad = Edge(corpus.papers[0].key, BLENDER.key, (Role.MENTIONS, Role.USES_METHOD))
    broken = _checked(replace(corpus, edges=(*corpus.edges, bad)), 10)
    worker = Aside.start(_chunk_violations, broken, 7)
    assert worker is not None
    answered, found = worker.result()
    assert answered and found == _chunk_violations(broken, 7)
    assert any("usesMethod points to a kg:Method" in line for line in found)
    with validation_beside(corpus, limit=10, process=True) as verdict:
        assert verdict() == validate_corpus(corpus, limit=10)
    with pytest.raises(ValidationError, match="usesMethod"), validation_beside(broken, process=True) as verdict:
        verdict()


def test_a_large_invalid_build_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Validated beside the writes, a broken build still publishes no file and leaves no folder."""
    from kg.export import validate
    from kg.export.rdf import write_rdf

    monkeypatch.setattr(validate, "FULL_VALIDATION_PAPERS", 10)  # so 43 papers are a large build
    corpus = many_papers(40)
    bad = Edge(corpus.papers[0].key, BLENDER.key, (Role.MENTIONS, Role.USES_METHOD))
    with pytest.raises(ValidationError, match="usesMethod points to a kg:Method"):
        write_rdf(replace(corpus, edges=(*corpus.edges, bad)), tmp_path / "out")
    assert not (tmp_path / "out").exists()
