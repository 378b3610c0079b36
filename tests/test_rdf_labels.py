"""Any label, however odd, gives a valid IRI and survives a Turtle round trip unchanged."""

from __future__ import annotations

import re

import pyoxigraph
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.corpus import Corpus
from kg.export.rdf import corpus_to_graph, graph_to_corpus, to_turtle
from kg.iri import entity_iri, entity_key, paper_key
from kg.model import Edge, Entity, EntityType, Paper

# Any Unicode text except lone surrogates (not encodable as UTF-8, so not text at all).
labels = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40).filter(str.strip)
IRI = re.compile(r"^https://w3id\.org/paperkg/resource/entity/[a-z0-9][a-z0-9-]*$")


@settings(max_examples=60, deadline=None)
@given(label=labels, alias=labels, kind=st.sampled_from(list(EntityType)))
def test_any_label_round_trips_through_turtle_with_a_valid_iri(label: str, alias: str, kind: EntityType) -> None:
    entity = Entity(entity_key(label), label, kind, aliases=(alias,))
    title = f"On {label}"
    paper = Paper(paper_key(title), title, alias, raw_title=title, raw_abstract=alias)
    corpus = Corpus.of([paper], [entity], [Edge(paper.key, entity.key, (), ())])
    iri = entity_iri(entity.key)
    assert IRI.match(iri)
    pyoxigraph.NamedNode(iri)  # raises on an invalid IRI
    turtle = to_turtle(corpus_to_graph(corpus))
    parsed = graph_to_corpus(rdflib.Graph().parse(data=turtle, format="turtle"))
    assert parsed.entities == (entity,)
    assert parsed.papers == (paper,)
    assert len(list(pyoxigraph.parse(turtle.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE))) == len(
        rdflib.Graph().parse(data=turtle, format="turtle"))
