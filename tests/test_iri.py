"""Stable keys: the same label always gives the same IRI, distinct labels never collide."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kg.iri import entity_iri, entity_key, fold, normalise_arxiv_id, paper_key, slug


def test_plain_labels_give_readable_slugs() -> None:
    assert entity_key("Low-Rank Adaptation") == "low-rank-adaptation"
    assert entity_key("ShapeNet") == "shapenet"


def test_labels_differing_only_in_dropped_characters_do_not_collide() -> None:
    assert entity_key("C++") != entity_key("C")
    assert entity_key("β-VAE") != entity_key("VAE")


def test_case_and_whitespace_do_not_change_the_key() -> None:
    assert entity_key("Neural  Tangent Kernel") == entity_key("neural tangent kernel")


def test_arxiv_ids_are_normalised_and_preferred_for_papers() -> None:
    assert normalise_arxiv_id("arXiv:2106.01234v3") == "2106.01234"
    assert normalise_arxiv_id("not an id") is None
    assert paper_key("Any Title", "2106.01234") == "arxiv-2106-01234"
    assert paper_key("Deep Implicit Surface Point Prediction Networks") == (
        "deep-implicit-surface-point-prediction-networks")


def test_fold_ignores_accents_and_case() -> None:
    assert fold("Schrödinger  Bridge") == fold("schrodinger bridge")


@given(st.text(min_size=1, max_size=200))
def test_any_label_gives_a_stable_iri_safe_key(label: str) -> None:
    key = slug(label)
    assert key == slug(label)
    assert key and all(c.isascii() and (c.isalnum() or c == "-") for c in key)
    assert entity_iri(key).startswith("https://w3id.org/paperkg/resource/entity/")
