"""The SHACL shapes accept a correct export and reject each kind of deliberately broken one."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import rdflib
from rdf_samples import BLENDER, EDGES, LORA, P_NERF, sample_corpus
from rdflib import DCTERMS, RDF, SKOS, Literal, URIRef

from kg.errors import ValidationError
from kg.export.rdf import annotation_iri, corpus_to_graph
from kg.export.validate import sparql_rules, validate_graph, violations
from kg.iri import entity_iri, paper_iri
from kg.namespace import KG, OA

PAPER = URIRef(paper_iri(P_NERF.key))
DATASET = URIRef(entity_iri(BLENDER.key))
METHOD = URIRef(entity_iri(LORA.key))
ANNOTATION = annotation_iri(EDGES[0].paper_key, EDGES[0].mentions[0])


def _drop_title(g: rdflib.Graph) -> None:
    g.remove((PAPER, DCTERMS.title, None))


def _second_pref_label(g: rdflib.Graph) -> None:
    g.add((DATASET, SKOS.prefLabel, Literal("Blender")))


def _two_entity_types(g: rdflib.Graph) -> None:
    g.add((DATASET, RDF.type, KG.Method))


def _role_against_range(g: rdflib.Graph) -> None:
    g.add((PAPER, KG.mentions, DATASET))
    g.add((PAPER, KG.usesMethod, DATASET))


def _role_without_mentions(g: rdflib.Graph) -> None:
    g.add((PAPER, KG.proposes, METHOD))


def _selector_missing(g: rdflib.Graph) -> None:
    g.remove((URIRef(f"{ANNOTATION}/target"), OA.hasSelector, URIRef(f"{ANNOTATION}/quote")))
    g.add((URIRef(f"{ANNOTATION}/target"), OA.hasSelector, URIRef(f"{ANNOTATION}/position2")))


def _quote_off_the_text(g: rdflib.Graph) -> None:
    g.set((URIRef(f"{ANNOTATION}/quote"), OA.exact, Literal("Radiance")))


def _annotation_of_unlinked_entity(g: rdflib.Graph) -> None:
    g.set((ANNOTATION, OA.hasBody, METHOD))


def _confidence_above_one(g: rdflib.Graph) -> None:
    g.set((ANNOTATION, KG.confidence, Literal(1.5)))


def _start_after_end(g: rdflib.Graph) -> None:
    g.set((URIRef(f"{ANNOTATION}/position"), OA.start, Literal(999, datatype=rdflib.XSD.nonNegativeInteger)))


def _untyped_date(g: rdflib.Graph) -> None:
    g.set((PAPER, DCTERMS.date, Literal("March 2021")))


RETIRED = URIRef(entity_iri("retired-name"))


def _redirect_from_a_live_entity(g: rdflib.Graph) -> None:
    g.add((DATASET, DCTERMS.isReplacedBy, METHOD))


def _redirect_to_two_entities(g: rdflib.Graph) -> None:
    g.add((RETIRED, DCTERMS.isReplacedBy, METHOD))
    g.add((RETIRED, DCTERMS.isReplacedBy, DATASET))


def _redirect_to_nothing(g: rdflib.Graph) -> None:
    g.add((RETIRED, DCTERMS.isReplacedBy, URIRef(entity_iri("never-issued"))))


BREAKAGES: dict[str, tuple[Callable[[rdflib.Graph], None], str]] = {
    "missing title": (_drop_title, "exactly one non-empty dcterms:title"),
    "two prefLabels": (_second_pref_label, "exactly one non-empty skos:prefLabel"),
    "two entity types": (_two_entity_types, "exactly one of the types"),
    "role against its range": (_role_against_range, "kg:usesMethod points to a kg:Method"),
    "role without mentions": (_role_without_mentions, "must also be asserted as kg:mentions"),
    "selector missing": (_selector_missing, "one oa:TextPositionSelector and one oa:TextQuoteSelector"),
    "quote off the text": (_quote_off_the_text, "oa:exact must be the paper's text"),
    "annotation of an unlinked entity": (_annotation_of_unlinked_entity, "must assert kg:mentions"),
    "confidence above one": (_confidence_above_one, "kg:confidence is one decimal between 0 and 1"),
    "start after end": (_start_after_end, "oa:start is one offset before oa:end"),
    "untyped date": (_untyped_date, "dcterms:date is one typed xsd:date"),
    "redirect from a live entity": (_redirect_from_a_live_entity, "is no longer typed as an entity"),
    "redirect to two entities": (_redirect_to_two_entities, "replaced by exactly one live entity"),
    "redirect to nothing": (_redirect_to_nothing, "replaced by exactly one live entity"),
}


def test_the_sample_export_conforms() -> None:
    assert violations(corpus_to_graph(sample_corpus())) == []


def test_a_redirect_to_a_live_entity_conforms() -> None:
    graph = corpus_to_graph(sample_corpus())
    graph.add((RETIRED, DCTERMS.isReplacedBy, METHOD))
    assert violations(graph) == []


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_a_broken_graph_is_rejected_with_a_readable_reason(name: str) -> None:
    breakage, expected = BREAKAGES[name]
    graph = corpus_to_graph(sample_corpus())
    breakage(graph)
    with pytest.raises(ValidationError) as caught:
        validate_graph(graph)
    assert expected in str(caught.value)
    assert caught.value.exit_code == 3


def test_sparql_rules_are_read_from_the_shapes_file() -> None:
    assert len(sparql_rules()) == 5
