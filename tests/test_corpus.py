"""Corpus.of keeps the invariants every export and view relies on, whichever stage made the records."""

from __future__ import annotations

from kg.corpus import Corpus
from kg.model import Edge, Entity, EntityType, Mention, Paper, Role

PAPER = Paper(key="p", title="LoRA on ShapeNet", abstract="We evaluate LoRA on ShapeNet.")


def _mention(start: int, end: int, confidence: float, component: str, type_: EntityType) -> Mention:
    return Mention(start=start, end=end, text=PAPER.text[start:end], type=type_, label="ShapeNet",
                   entity_key="shapenet", component=component, confidence=confidence,
                   sentence_start=0, sentence_end=len(PAPER.text))


def test_typed_roles_follow_the_entity_type_and_mentions_are_kept() -> None:
    shapenet = Entity(key="shapenet", label="ShapeNet", type=EntityType.DATASET)
    edge = Edge("p", "shapenet", (Role.MENTIONS, Role.USES_METHOD, Role.EVALUATES_ON))
    corpus = Corpus.of([PAPER], [shapenet], [edge])
    assert corpus.edges[0].roles == (Role.MENTIONS, Role.EVALUATES_ON)


def test_a_span_supports_an_edge_once_with_its_strongest_mention_typed_like_the_entity() -> None:
    shapenet = Entity(key="shapenet", label="ShapeNet", type=EntityType.DATASET)
    start = PAPER.text.index("ShapeNet")
    weak = _mention(start, start + 8, 0.6, "ner", EntityType.METHOD)
    strong = _mention(start, start + 8, 0.9, "kg_vocabulary", EntityType.DATASET)
    corpus = Corpus.of([PAPER], [shapenet], [Edge("p", "shapenet", (Role.MENTIONS,), (weak, strong))])
    assert corpus.edges[0].mentions == (strong,)


def test_broader_links_only_name_entities_of_the_corpus() -> None:
    resnet = Entity(key="resnet-50", label="ResNet-50", type=EntityType.METHOD, broader=("resnet", "absent"))
    family = Entity(key="resnet", label="ResNet", type=EntityType.METHOD)
    corpus = Corpus.of([PAPER], [resnet, family], [])
    assert {e.key: e.broader for e in corpus.entities}["resnet-50"] == ("resnet",)
