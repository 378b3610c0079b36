"""Schwartz-Hearst abbreviation definitions, on sentences shaped like the seed abstracts."""

from __future__ import annotations

import pytest
from extract_fixtures import small_extractor  # noqa: F401

from kg.extract.abbreviations import find_abbreviations


def pairs(text: str) -> list[tuple[str, str]]:
    return [(text[a.long_start:a.long_end], text[a.short_start:a.short_end]) for a in find_abbreviations(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Implicit Neural Representations (INRs) are popular.", ("Implicit Neural Representations", "INRs")),
        ("models such as Neural Metamorphosis (NeuMeta), a new", ("Neural Metamorphosis", "NeuMeta")),
        ("a new class called the closest surface-point (CSP) representation", ("closest surface-point", "CSP")),
        ("we use Low-Rank Adaptation (LoRA) here", ("Low-Rank Adaptation", "LoRA")),
        ("Deep implicit functions (DIFs) have emerged", ("Deep implicit functions", "DIFs")),
        # Initials win over the shortest character match ("Cooccurrence Restrictions" spells CCR too).
        ("the formalism of Category Cooccurrence Restrictions (CCRs) is", ("Category Cooccurrence Restrictions",
                                                                           "CCRs")),
        ("we rank oriented object proposals (OOPs) first", ("oriented object proposals", "OOPs")),
        # Short form first, long form in the bracket.
        ("We built KDS (Knowledge Delivery System) for", ("Knowledge Delivery System", "KDS")),
        ("a BERT (Bidirectional Encoder Representations from Transformers) encoder",
         ("Bidirectional Encoder Representations from Transformers", "BERT")),
        # A coined name first spells its Title Case long form from more than initials.
        ("we propose EntroPE (Entropy-Guided Dynamic Patch Encoder), a", ("Entropy-Guided Dynamic Patch Encoder",
                                                                         "EntroPE")),
    ],
)
def test_finds_long_and_short_form(text: str, expected: tuple[str, str]) -> None:
    assert pairs(text) == [expected]


def test_rejects_parentheses_that_spell_nothing() -> None:
    assert pairs("the results (e.g. on images) and the model (Fig) improve (see CNN)") == []
    assert pairs("our GPU (which is large and slow) and a Model (Trained On Dogs) run") == []
    assert pairs("we train ResNet (see the Appendix) and EntroPE (entropy-guided patches)") == []


def test_offsets_index_the_text() -> None:
    text = "Title\n\nWe study the neural tangent kernel (NTK)."
    (found,) = find_abbreviations(text)
    assert text[found.short_start:found.short_end] == "NTK"
    assert text[found.long_start:found.long_end] == "neural tangent kernel"


def test_a_digit_in_a_short_form_can_stand_for_a_word() -> None:
    """"D2C-VAE": the 2 reads "to"; "Seq2Seq" too."""
    from kg.extract.abbreviations import find_abbreviations

    text = "We develop a Discrete-to-continuous space Variational AutoEncoder (D2C-VAE), which is fast."
    (found,) = find_abbreviations(text)
    assert text[found.long_start:found.long_end] == "Discrete-to-continuous space Variational AutoEncoder"
    assert text[found.short_start:found.short_end] == "D2C-VAE"


@pytest.mark.parametrize(("text", "expected"), [
    ("We propose Zero-shot Anchored Prompt Tuning, dubbed ZAPT, for it.",
     [("Zero-shot Anchored Prompt Tuning", "ZAPT")]),
    ("We study the kernel regime, or KR for short.", [("kernel regime", "KR")]),
    ("A Frobenius gap statistic (FGS for short) is used.", [("Frobenius gap statistic", "FGS")]),
])
def test_a_short_form_introduced_by_a_naming_word(text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(text) == expected


def test_a_naming_word_before_a_name_that_spells_nothing_is_no_definition() -> None:
    """"a model called BERT": the words before do not spell the name; a long form never crosses a bracket."""
    assert pairs("We fine-tune a model called BERT on it.") == []
    assert pairs("Implicit Neural Representations (INRs) fit signals, or INR.") == [
        ("Implicit Neural Representations", "INRs")]


def test_a_named_definition_gives_two_mentions_of_one_entity(small_extractor) -> None:  # noqa: F811
    text = "A title\n\nWe propose Zero-shot Anchored Prompt Tuning, dubbed ZAPT. ZAPT is fast."
    (mentions,) = small_extractor.annotate([text])
    named = [(m.text, m.entity_key) for m in mentions if m.component == "kg_abbreviations"]
    assert named == [("Zero-shot Anchored Prompt Tuning", "zero-shot-anchored-prompt-tuning"),
                     ("ZAPT", "zero-shot-anchored-prompt-tuning")]


def test_a_long_form_named_by_a_cue_word_does_not_run_back_past_a_comma() -> None:
    text = ("We connect diffusion, compression, and (masked) completion, deriving a deep transformer-like "
            "masked autoencoder architecture, called CRATE-MAE, in which each layer is clear.")
    assert [text[a.short_start:a.short_end] for a in find_abbreviations(text)] == []


@pytest.mark.parametrize(("text", "label"), [
    # a long form that ends in a modifier takes the noun after the bracket as its head
    ("A title\n\nWe design Universal RPE-based (URPE) Attention, and URPE works.", "Universal RPE-based Attention"),
    ("A title\n\nWe use the closest surface-point (CSP) representation here.", "closest surface-point representation"),
    # a long form that is a name already keeps the noun after the bracket out
    ("A title\n\nWe use Surface Point Networks (SPN) Attention maps.", "Surface Point Network"),
])
def test_the_noun_after_a_definition_completes_the_name_only_as_its_head(small_extractor, text: str,  # noqa: F811
                                                                         label: str) -> None:
    (mentions,) = small_extractor.annotate([text])
    assert label in {m.label for m in mentions if m.component == "kg_abbreviations"}
