"""The ``KG`` namespace module and ``ontology/paperkg.ttl`` declare exactly the same terms."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS

from kg.namespace import KG, ONTOLOGY_IRI

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology" / "paperkg.ttl"
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def _ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY, format="turtle")


def _declared(graph: rdflib.Graph) -> set[str]:
    prefix = str(KG._NS)
    return {
        str(term)[len(prefix):]
        for kind in TERM_TYPES
        for term in graph.subjects(RDF.type, kind)
        if str(term).startswith(prefix)
    }


def test_module_and_ontology_declare_the_same_terms() -> None:
    assert _declared(_ontology()) == set(KG.__annotations__)


def test_every_term_is_labelled_and_commented() -> None:
    graph = _ontology()
    for name in KG.__annotations__:
        term = KG[name]
        assert graph.value(term, RDFS.label) is not None, name
        assert graph.value(term, RDFS.comment) is not None, name


def test_ontology_header_has_version_license_and_prefix() -> None:
    graph = _ontology()
    vann = rdflib.Namespace("http://purl.org/vocab/vann/")
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    assert graph.value(ONTOLOGY_IRI, OWL.versionIRI) is not None
    assert graph.value(ONTOLOGY_IRI, rdflib.DCTERMS.license) is not None
    assert str(graph.value(ONTOLOGY_IRI, vann.preferredNamespacePrefix)) == "kg"


def test_entity_classes_specialise_skos_concept() -> None:
    graph = _ontology()
    for cls in (KG.Method, KG.Dataset, KG.Task, KG.Metric, KG.Concept):
        assert (cls, RDFS.subClassOf, rdflib.SKOS.Concept) in graph


def test_every_role_is_a_sub_property_of_mentions() -> None:
    from kg.model import Role

    graph = _ontology()
    for role in Role:
        if role is not Role.MENTIONS:
            assert (KG[role.value], RDFS.subPropertyOf, KG.mentions) in graph, role


def test_the_curated_vocabulary_uses_only_declared_terms() -> None:
    vocabulary = ONTOLOGY.with_name("vocabulary.ttl")
    if not vocabulary.is_file():
        pytest.skip("ontology/vocabulary.ttl not present")
    prefix = str(KG._NS)
    used = {
        str(term)[len(prefix):]
        for triple in rdflib.Graph().parse(vocabulary, format="turtle")
        for term in triple
        if isinstance(term, rdflib.URIRef) and str(term).startswith(prefix)
    }
    assert used and used <= set(KG.__annotations__)
