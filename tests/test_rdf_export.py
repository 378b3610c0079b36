"""RDF exports: complete (every record field), evidence-bearing, deterministic, atomic, readable back."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import rdflib
from filecompare import assert_same_bytes
from rdf_samples import BLENDER, EDGES, P_INR, P_LORA, P_NERF, sample_corpus
from rdflib import DCTERMS, RDF, SKOS, XSD, BNode, Literal, URIRef

from kg.corpus import Corpus
from kg.errors import ExportError, ValidationError
from kg.export.rdf import annotation_iri, corpus_to_graph, load_corpus, write_rdf
from kg.iri import entity_iri, paper_iri
from kg.model import Edge, Role
from kg.namespace import KG, OA


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    return corpus_to_graph(sample_corpus())


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_rdf(sample_corpus(), tmp_path_factory.mktemp("export"))


def test_writes_turtle_ntriples_and_jsonld(written: list[Path]) -> None:
    assert [p.name for p in written] == ["paperkg.ttl", "paperkg.nt", "paperkg.jsonld"]
    turtle = written[0].read_text(encoding="utf-8")
    assert "@prefix kg: <https://w3id.org/paperkg/ontology#> ." in turtle
    assert "entity:nerf-synthetic a skos:Concept , kg:Dataset ;" in turtle


@pytest.mark.parametrize("name", ["paperkg.ttl", "paperkg.nt", "paperkg.jsonld"])
def test_each_format_reads_back_into_the_same_corpus(written: list[Path], name: str) -> None:
    path = next(p for p in written if p.name == name)
    assert load_corpus(path) == sample_corpus()


def test_ntriples_are_sorted_lines(written: list[Path]) -> None:
    lines = written[1].read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == len(corpus_to_graph(sample_corpus()))


def test_rewriting_is_byte_identical_whatever_the_input_order(tmp_path: Path, written: list[Path]) -> None:
    corpus = sample_corpus()
    shuffled = Corpus.of(reversed(corpus.papers), reversed(corpus.entities), reversed(corpus.edges),
                         corpus.provenance, reversed(corpus.notes))
    again = write_rdf(shuffled, tmp_path)
    assert [p.name for p in again] == [p.name for p in written]
    for one, other in zip(again, written, strict=True):
        assert_same_bytes(one, other)


def test_no_blank_nodes(graph: rdflib.Graph) -> None:
    assert not [t for t in graph if any(isinstance(term, BNode) for term in t)]


def test_paper_metadata_uses_standard_terms(graph: rdflib.Graph) -> None:
    paper = URIRef(paper_iri(P_NERF.key))
    assert graph.value(paper, DCTERMS.title) == Literal(P_NERF.title)
    assert graph.value(paper, DCTERMS.date) == Literal("2021-03-18", datatype=XSD.date)
    assert graph.value(paper, KG.upvotes).toPython() == 12
    assert graph.value(paper, KG.arxivId) == Literal("2103.10380")
    assert {str(o) for o in graph.objects(paper, DCTERMS.creator)} == set(P_NERF.authors)
    assert len(list(graph.objects(paper, DCTERMS.source))) == 2


def test_yearless_date_is_a_month_day_without_invented_year(graph: rdflib.Graph) -> None:
    paper = URIRef(paper_iri(P_INR.key))
    assert graph.value(paper, DCTERMS.date) is None
    assert graph.value(paper, KG.monthDay) == Literal("--06-12", datatype=XSD.gMonthDay)


def test_raw_text_is_kept_only_where_it_differs(graph: rdflib.Graph) -> None:
    assert graph.value(URIRef(paper_iri(P_LORA.key)), KG.rawTitle) == Literal(P_LORA.raw_title)
    assert graph.value(URIRef(paper_iri(P_LORA.key)), KG.rawAbstract) is None
    assert graph.value(URIRef(paper_iri(P_NERF.key)), KG.rawAbstract) == Literal(P_NERF.raw_abstract)


def test_entities_are_typed_concepts_with_labels_and_paper_counts(graph: rdflib.Graph) -> None:
    node = URIRef(entity_iri(BLENDER.key))
    assert (node, RDF.type, KG.Dataset) in graph and (node, RDF.type, SKOS.Concept) in graph
    assert list(graph.objects(node, SKOS.prefLabel)) == [Literal("NeRF Synthetic")]
    assert set(graph.objects(node, SKOS.altLabel)) == {Literal("Blender")}
    assert graph.value(node, KG.paperCount).toPython() == 2


def test_every_edge_is_mentions_plus_its_roles(graph: rdflib.Graph) -> None:
    for edge in EDGES:
        paper, entity = URIRef(paper_iri(edge.paper_key)), URIRef(entity_iri(edge.entity_key))
        asserted = {p for p in graph.predicates(paper, entity)}
        assert asserted == {KG.mentions} | {KG[role.value] for role in edge.roles}


def test_one_annotation_per_mention_with_offsets_quote_and_sentence(graph: rdflib.Graph) -> None:
    assert len(set(graph.subjects(RDF.type, OA.Annotation))) == sum(len(e.mentions) for e in EDGES)
    edge = EDGES[0]
    mention = edge.mentions[1]
    node = annotation_iri(edge.paper_key, mention)
    target = graph.value(node, OA.hasTarget)
    assert graph.value(target, OA.hasSource) == URIRef(paper_iri(P_NERF.key))
    assert graph.value(node, OA.hasBody) == URIRef(entity_iri(edge.entity_key))
    position = URIRef(f"{node}/position")
    quote = URIRef(f"{node}/quote")
    assert (graph.value(position, OA.start).toPython(), graph.value(position, OA.end).toPython()) == (
        mention.start, mention.end)
    assert str(graph.value(quote, OA.exact)) == P_NERF.text[mention.start:mention.end] == "NeRF"
    assert str(graph.value(quote, OA.prefix)).endswith("Neural Radiance Fields (")
    assert str(graph.value(node, KG.evidenceSentence)) == (
        "We propose FastNeRF, which speeds up Neural Radiance Fields (NeRF).")
    assert graph.value(node, KG.confidence).toPython() == pytest.approx(0.75)
    assert graph.value(node, KG.role) == KG.mentions


def test_annotation_iris_do_not_depend_on_role_or_confidence() -> None:
    mention = EDGES[0].mentions[0]
    changed = dataclasses.replace(mention, role=Role.PROPOSES, confidence=0.1)
    assert annotation_iri(P_NERF.key, mention) == annotation_iri(P_NERF.key, changed)


def test_build_provenance_and_notes_are_exported(graph: rdflib.Graph) -> None:
    build = next(graph.subjects(RDF.type, KG.Build))
    assert [str(n) for n in graph.objects(build, KG.note)] == list(sample_corpus().notes)
    assert {str(graph.value(i, KG.sha256)) for i in graph.objects(build, rdflib.PROV.used)} == {"a" * 64, "b" * 64}
    assert str(graph.value(graph.value(build, KG.extractedWith), rdflib.RDFS.label)) == "kg-extractor 1.2"


def test_invalid_corpus_raises_and_leaves_old_exports_untouched(tmp_path: Path) -> None:
    write_rdf(sample_corpus(), tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    corpus = sample_corpus()
    bad_edge = Edge(P_LORA.key, BLENDER.key, (Role.USES_METHOD,))  # a dataset cannot be a used method
    # The plain constructor, not Corpus.of (which would drop the ill-typed role): the export stage
    # must still refuse a corpus that reaches it broken.
    broken = Corpus(corpus.papers, corpus.entities, (*corpus.edges, bad_edge), corpus.provenance)
    with pytest.raises(ValidationError, match="usesMethod points to a kg:Method"):
        write_rdf(broken, tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_loading_a_foreign_turtle_file_says_what_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "other.ttl"
    path.write_text("<http://example.org/a> <http://example.org/b> \"c\" .\n", encoding="utf-8")
    with pytest.raises(ExportError, match="not a paperkg export: no kg:Paper"):
        load_corpus(path)


def test_loading_garbage_is_an_export_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text("this is not turtle {", encoding="utf-8")
    with pytest.raises(ExportError, match="cannot parse as turtle"):
        load_corpus(path)


def test_loading_a_missing_file_is_an_export_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no such export file"):
        load_corpus(tmp_path / "absent.ttl")


def test_turtle_does_not_depend_on_triple_insertion_order(graph: rdflib.Graph) -> None:
    import random

    from kg.export.rdf import to_turtle

    triples = sorted(graph)
    random.Random(4).shuffle(triples)
    shuffled = rdflib.Graph()
    for prefix, namespace in graph.namespaces():
        shuffled.bind(prefix, namespace, override=True, replace=True)
    for triple in triples:
        shuffled.add(triple)
    assert to_turtle(shuffled) == to_turtle(graph)


def test_line_separator_characters_inside_literals_survive(tmp_path: Path) -> None:
    corpus = sample_corpus()
    odd = dataclasses.replace(P_LORA, abstract=P_LORA.abstract + " Page\x0cbreak, line\u2028separator\x85.",
                              raw_abstract=P_LORA.raw_abstract + " Page\x0cbreak, line\u2028separator\x85.")
    changed = Corpus.of([p if p.key != P_LORA.key else odd for p in corpus.papers], corpus.entities, corpus.edges,
                        corpus.provenance, corpus.notes)
    for path in write_rdf(changed, tmp_path):
        assert load_corpus(path) == changed, path.name


def test_staging_left_by_a_killed_build_is_swept(tmp_path: Path) -> None:
    """A build killed mid-export (SIGKILL) leaves its staging folder; the next build removes it, but
    never the staging folder of a build that is still running."""
    import os
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    stale = tmp_path / f".paperkg-export-{gone.stdout.strip()}-abc"
    running = tmp_path / f".paperkg-export-{os.getpid()}-def"
    for folder in (stale, running):
        folder.mkdir()
        (folder / "paperkg.nt").write_text("partial\n", encoding="utf-8")
    write_rdf(sample_corpus(), tmp_path)
    assert not stale.exists()
    assert running.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        "paperkg.jsonld", "paperkg.nt", "paperkg.ttl"]
