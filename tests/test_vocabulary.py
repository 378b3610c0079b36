"""The curated SKOS vocabulary: reproducible from its TSV source, well-formed, unambiguous."""

from __future__ import annotations

import importlib.util
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import RDF, SKOS, Graph, URIRef

from kg.iri import entity_iri, entity_key, fold

ROOT = Path(__file__).resolve().parents[1]
TTL = ROOT / "ontology" / "vocabulary.ttl"
TYPES = {"Method", "Dataset", "Task", "Metric", "Concept"}


def _load_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_vocabulary", ROOT / "scripts" / "build_vocabulary.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module


builder = _load_builder()


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(TTL, format="turtle")


@pytest.fixture(scope="module")
def concepts(graph: Graph) -> list[URIRef]:
    return sorted(graph.subjects(RDF.type, SKOS.Concept))


def _write_source(directory: Path, **files: str) -> Path:
    for name in builder.TYPES:
        (directory / name).write_text(files.get(name.removesuffix(".tsv"), ""), encoding="utf-8")
    return directory


def test_generator_reproduces_committed_turtle_byte_for_byte() -> None:
    assert builder.render(builder.read_source()) == TTL.read_bytes()


def test_vocabulary_is_within_the_intended_size(concepts: list[URIRef]) -> None:
    # Curated by hand: thousands of well-known terms, not a dump (a dump belongs in `kg import-pwc`).
    assert 8000 <= len(concepts) <= 12000


def test_every_concept_has_one_english_preflabel_and_its_iri_is_the_entity_key(
    graph: Graph, concepts: list[URIRef]
) -> None:
    for node in concepts:
        labels = list(graph.objects(node, SKOS.prefLabel))
        assert len(labels) == 1, node
        assert labels[0].language == "en", node
        assert str(node) == entity_iri(entity_key(str(labels[0]))), node


def test_every_concept_has_exactly_one_of_the_five_types(graph: Graph, concepts: list[URIRef]) -> None:
    for node in concepts:
        kinds = {str(t).rsplit("#", 1)[1] for t in graph.objects(node, RDF.type) if t != SKOS.Concept}
        assert len(kinds) == 1 and kinds <= TYPES, (node, kinds)


def test_every_concept_is_in_the_scheme(graph: Graph, concepts: list[URIRef]) -> None:
    assert (builder.SCHEME, RDF.type, SKOS.ConceptScheme) in graph
    for node in concepts:
        assert list(graph.objects(node, SKOS.inScheme)) == [builder.SCHEME], node


def test_every_broader_target_is_a_concept(graph: Graph, concepts: list[URIRef]) -> None:
    known = set(concepts)
    for node, parent in graph.subject_objects(SKOS.broader):
        assert parent in known, (node, parent)
        assert parent != node


def test_no_label_is_shared_by_two_concepts(graph: Graph) -> None:
    owners: dict[str, set[URIRef]] = defaultdict(set)
    for predicate in (SKOS.prefLabel, SKOS.altLabel):
        for node, label in graph.subject_objects(predicate):
            owners[builder.match_key(str(label))].add(node)
    shared = {label: nodes for label, nodes in owners.items() if len(nodes) > 1}
    assert not shared


def test_ambiguous_acronyms_are_never_also_labels(graph: Graph) -> None:
    labels = {
        builder.match_key(str(label))
        for predicate in (SKOS.prefLabel, SKOS.altLabel)
        for label in graph.objects(None, predicate)
    }
    ambiguous = {str(a) for a in graph.objects(None, builder.KG.ambiguousAcronym)}
    assert ambiguous, "the vocabulary marks its ambiguous acronyms"
    assert not {a for a in ambiguous if builder.match_key(a) in labels}


def test_known_entries_have_their_documented_shape(graph: Graph) -> None:
    lora = URIRef(entity_iri("low-rank-adaptation"))
    assert (lora, RDF.type, builder.KG.Method) in graph
    assert {fold(str(a)) for a in graph.objects(lora, SKOS.altLabel)} >= {"lora"}
    assert (lora, SKOS.broader, URIRef(entity_iri("parameter-efficient-fine-tuning"))) in graph
    chain = [entity_iri(k) for k in ("resnet-50", "resnet", "residual-network", "convolutional-neural-network")]
    for child, parent in zip(chain, chain[1:], strict=False):
        assert (URIRef(child), SKOS.broader, URIRef(parent)) in graph


def test_a_shared_alt_label_is_refused(tmp_path: Path) -> None:
    source = _write_source(tmp_path, method="Alpha Net\tAN\nBeta Net\tan\n")
    with pytest.raises(builder.VocabularyError, match="also belongs to"):
        builder.validate(builder.read_source(source))


def test_a_missing_broader_target_is_refused(tmp_path: Path) -> None:
    source = _write_source(tmp_path, task="Child Task\t\tNo Such Parent\n")
    with pytest.raises(builder.VocabularyError, match="is not a prefLabel"):
        builder.validate(builder.read_source(source))


def test_a_broader_cycle_is_refused(tmp_path: Path) -> None:
    source = _write_source(tmp_path, concept="First Idea\t\tSecond Idea\nSecond Idea\t\tFirst Idea\n")
    with pytest.raises(builder.VocabularyError, match="cycle"):
        builder.validate(builder.read_source(source))


def test_an_acronym_cannot_be_both_a_label_and_ambiguous(tmp_path: Path) -> None:
    source = _write_source(tmp_path, metric="Some Score\tSS\nOther Score\t\t\tSS\n")
    with pytest.raises(builder.VocabularyError, match="ambiguous"):
        builder.validate(builder.read_source(source))


def test_ambiguous_acronyms_are_written_as_plain_literals(tmp_path: Path) -> None:
    source = _write_source(tmp_path, method="Compressed Sensing\tcompressive sensing\t\tCS\n")
    graph = builder.build_graph(builder.read_source(source))
    node = URIRef(entity_iri("compressed-sensing"))
    assert [str(a) for a in graph.objects(node, builder.KG.ambiguousAcronym)] == ["CS"]
    assert "CS" not in {str(a) for a in graph.objects(node, SKOS.altLabel)}


def test_generic_entries_are_flagged_and_unknown_ones_refused(tmp_path: Path) -> None:
    source = _write_source(tmp_path, task="Classification\nImage Classification\t\tClassification\n")
    (source / "generic.txt").write_text("# broad terms\nClassification\n", encoding="utf-8")
    graph = builder.build_graph(builder.read_source(source))
    assert list(graph.subjects(builder.KG.generic, None)) == [URIRef(entity_iri("classification"))]
    (source / "case_sensitive.txt").write_text("Segmentation\n", encoding="utf-8")
    with pytest.raises(builder.VocabularyError, match="not a prefLabel"):
        builder.read_source(source)


def test_case_sensitive_names_match_only_as_written(tmp_path: Path) -> None:
    """A name flagged in case_sensitive.txt ("Kinetics") is an ordinary word in lower case: the
    extractor must not link "the kinetics of training" to the dataset."""
    from kg.extract import CONFIG_PATH, Extractor

    source = _write_source(tmp_path, dataset="Kinetics\tKinetics-400\n", method="Conformer\n")
    (source / "case_sensitive.txt").write_text("Kinetics\nConformer\n", encoding="utf-8")
    ttl = tmp_path / "vocabulary.ttl"
    builder.build_graph(builder.read_source(source)).serialize(ttl, format="turtle")
    extractor = Extractor.from_config(CONFIG_PATH, vocabularies=[ttl], ner_model=None)
    (mentions,) = extractor.annotate(["The kinetics of a conformer differ from Kinetics and the Conformer."])
    assert sorted(m.text for m in mentions) == ["Conformer", "Kinetics"]
    assert extractor.vocabulary.lookup("kinetics") is None and extractor.vocabulary.lookup("Kinetics") is not None
