"""Paper-level annotations become the detector's training spans (``kg.extract.annotated``).

A wrong span here is a wrong lesson for the detector: a missed occurrence teaches that the term is
not a term, a word labelled as an acronym teaches the opposite.
"""

from __future__ import annotations

from kg.extract.annotated import annotated_spans, surface_forms
from kg.model import EntityType


def _spans(text: str, entities: list[dict]) -> list[tuple[str, str]]:
    return [(text[start:end], kind.value) for start, end, kind in annotated_spans(text, entities)]


def test_every_occurrence_of_every_surface_form_is_a_mention() -> None:
    entity = {"name": "Neural Radiance Field", "type": "Method", "aliases": ["NeRF", "NeRFs"]}
    text = "Neural radiance fields (NeRFs) are slow. We speed up NeRF training; NeRFs render."
    assert _spans(text, [dict(entity, aliases=["neural radiance fields", "NeRF", "NeRFs"])]) == [
        ("Neural radiance fields", "Method"), ("NeRFs", "Method"), ("NeRF", "Method"), ("NeRFs", "Method")]


def test_acronyms_match_as_written_so_the_word_is_not_labelled() -> None:
    entity = {"name": "Implicit Function", "type": "Concept", "aliases": ["IF"]}
    assert _spans("If the IF is smooth, if not.", [entity]) == [("IF", "Concept")]


def test_words_without_inner_capitals_match_in_any_case() -> None:
    entity = {"name": "GPU Memory", "type": "Concept", "aliases": []}
    assert _spans("It saves GPU memory; gpu memory is not the same spelling.", [entity]) == [
        ("GPU memory", "Concept")]


def test_forms_match_whole_words_only() -> None:
    entity = {"name": "Adam", "type": "Method", "aliases": []}
    assert _spans("Adamant users of Adam and AdamW.", [entity]) == [("Adam", "Method")]


def test_the_longest_overlapping_form_wins() -> None:
    entities = [{"name": "Radiance Field", "type": "Concept", "aliases": []},
                {"name": "Neural Radiance Field", "type": "Method", "aliases": []}]
    assert _spans("A neural radiance field and a radiance field.", entities) == [
        ("neural radiance field", "Method"), ("radiance field", "Concept")]


def test_forms_are_normalised_like_the_paper_text() -> None:
    entity = {"name": "Poincaré Ball", "type": "Concept", "aliases": ["Poincar\\'e ball"]}
    assert surface_forms(entity) == ["Poincaré Ball", "Poincaré ball"]
    assert _spans("Points on the Poincaré ball.", [entity]) == [("Poincaré ball", "Concept")]


def test_spans_are_sorted_and_typed() -> None:
    entities = [{"name": "ImageNet", "type": "Dataset", "aliases": []},
                {"name": "ResNet", "type": "Method", "aliases": []}]
    spans = annotated_spans("ResNet on ImageNet.", entities)
    assert spans == [(0, 6, EntityType.METHOD), (10, 18, EntityType.DATASET)]
