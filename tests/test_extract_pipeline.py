"""The Extractor contract: one sorted list of evidenced, typed, linked mentions per text."""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_fixtures import small_extractor  # noqa: F401

from kg.iri import entity_key
from kg.model import EntityType, Role

TEXT = (
    "NeuMeta: Neural Metamorphosis of Networks\n\n"
    "We propose Neural Metamorphosis (NeuMeta), which learns a continuous weight manifold. "
    "We fine-tune Transformers with LoRA and report PSNR on the ShapeNet dataset. "
    "NeuMeta is fast."
)


def test_mentions_are_sorted_and_offsets_index_the_text(small_extractor) -> None:  # noqa: F811
    (mentions,) = list(small_extractor.annotate([TEXT]))
    assert mentions == sorted(mentions, key=lambda m: (m.start, m.end))
    for m in mentions:
        assert TEXT[m.start:m.end] == m.text
        assert m.sentence_start <= m.start < m.end <= m.sentence_end
        assert 0.0 <= m.confidence <= 1.0
        assert m.entity_key == entity_key(m.label)


def test_vocabulary_gives_canonical_label_and_type(small_extractor) -> None:  # noqa: F811
    (mentions,) = list(small_extractor.annotate([TEXT]))
    by_text = {m.text: m for m in mentions}
    assert (by_text["LoRA"].label, by_text["LoRA"].type) == ("Low-Rank Adaptation", EntityType.METHOD)
    assert by_text["Transformers"].label == "Transformer"
    assert by_text["PSNR"].type is EntityType.METRIC
    assert by_text["ShapeNet"].role is Role.EVALUATES_ON


def test_abbreviation_merges_short_and_long_form_and_marks_proposal(small_extractor) -> None:  # noqa: F811
    (mentions,) = list(small_extractor.annotate([TEXT]))
    neumeta = [m for m in mentions if m.text in ("NeuMeta", "Neural Metamorphosis", "Neural Metamorphosis (NeuMeta)")]
    assert len(neumeta) == 4  # title name, title phrase, the definition, a bare use
    assert {m.entity_key for m in neumeta} == {"neural-metamorphosis"}
    definition = next(m for m in neumeta if "(" in m.text)
    assert definition.is_definition and set(definition.names) == {"Neural Metamorphosis", "NeuMeta"}
    assert "NeuMeta" in neumeta[0].aliases
    assert any(m.role is Role.PROPOSES for m in neumeta)


def test_generic_words_are_not_entities(small_extractor) -> None:  # noqa: F811
    (mentions,) = list(small_extractor.annotate(["We propose a novel model and approach with better performance."]))
    assert mentions == []


def test_ambiguous_acronym_is_not_linked_to_the_vocabulary(small_extractor) -> None:  # noqa: F811
    (mentions,) = list(small_extractor.annotate(["AL improves sample use."]))
    assert all(m.entity_key != "active-learning" for m in mentions)


def test_fast_pipeline_has_no_learned_detector_and_a_different_version() -> None:
    from kg.extract import Extractor

    fast, full = Extractor.fast(), Extractor.default()
    assert "ner" not in fast.nlp.pipe_names and "ner" in full.nlp.pipe_names
    assert fast.version != full.version


def test_doc_text_is_joined_once_and_equals_the_doc_text() -> None:
    """Components read the text of a doc through ``doc_text``: the same string, built once."""
    import spacy

    from kg.extract.doctext import doc_text

    doc = spacy.blank("en")("Implicit Neural Representations (INRs) fit  signals.\n\nTwice.")
    first = doc_text(doc)
    assert first == doc.text
    assert doc_text(doc) is first


def test_numpy_matrix_products_give_the_same_mentions_as_blis() -> None:
    """The shipped config runs the detector's matrix products through numpy (faster); only float
    summation order differs from thinc's BLIS, which must not change any mention."""
    from thinc.api import NumpyOps

    from kg.extract import Extractor

    extractor = Extractor.default()
    detector = extractor.nlp.get_pipe("ner").model
    assert all(not getattr(node.ops, "use_blis", True) for node in detector.walk())
    texts = [
        "Implicit Neural Representations\n\nWe propose NeuMeta, a hypernetwork that morphs implicit neural "
        "representations (INRs) of 3D shapes, and evaluate it on ShapeNet with PSNR and Chamfer distance.",
        "Sparse mixtures of experts scale transformers; we study routing collapse, load balancing losses and "
        "the information bottleneck of expert choice on C4 and the Pile.",
    ]

    def mentions() -> list[list[tuple]]:
        return [[(m.start, m.end, m.label, m.type, m.confidence, m.role) for m in found]
                for found in extractor.annotate(texts)]

    with_numpy = mentions()
    blis = NumpyOps(use_blis=True)
    for node in detector.walk():
        node.ops = blis
    assert mentions() == with_numpy


def test_a_missing_shipped_model_or_vocabulary_is_an_error_not_a_weaker_extractor(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken install must not build a graph with the learned detector or the vocabulary silently
    left out; the error names the missing file (and ``--fast`` still works without the model)."""
    import kg.extract as extract
    from kg.errors import InputError

    monkeypatch.setattr(extract, "MODEL_PATH", tmp_path / "no-model")
    with pytest.raises(InputError, match="no-model"):
        extract.Extractor.default()
    with pytest.raises(InputError, match="no-model"):
        extract.Extractor.identity()
    assert extract.Extractor.identity(fast=True).vocabulary
    monkeypatch.setattr(extract, "DEFAULT_PATH", tmp_path / "no-vocabulary.ttl")
    with pytest.raises(InputError, match="no-vocabulary"):
        extract.Extractor.fast()
