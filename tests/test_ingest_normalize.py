"""Each normalisation rule, on text taken from the seed pages, and what is left alone on purpose."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ingest.normalize import normalize_text


@pytest.mark.parametrize(("raw", "clean"), [
    ("HyperZcdotZcdotW Operator", "HyperZ⋅Z⋅W Operator"),
    ("we propose a HyperZ{cdotZ{cdot}W} operator", "we propose a HyperZ⋅Z⋅W operator"),
    ("convergence speed (16times faster)", "convergence speed (16× faster)"),
    ("(NeRV, E-NeRV, \\etc) reconstruct", "(NeRV, E-NeRV, etc.) reconstruct"),
    ("semantic information (\\eg, which object", "semantic information (e.g., which object"),
    ("a prompt ``The capital of France is,'' task", 'a prompt "The capital of France is," task'),
    ("``get\\_capital(X),''", '"get_capital(X),"'),
    ("Embedding\\&MLP paradigm", "Embedding&MLP paradigm"),
    ("Fr\\'echet mean on the Poincar\\'e ball", "Fréchet mean on the Poincaré ball"),
    ('capacity [Aky\\"urek et al., 2023]', "capacity [Akyürek et al., 2023]"),
    ("amounts of {\\em labeled} training data", "amounts of labeled training data"),
    ("distributions \\pi_0 and \\pi_1", "distributions π_0 and π_1"),
    ("https://github.com/uncbiag/NAISR{https://github.com/uncbiag/NAISR}.", "https://github.com/uncbiag/NAISR."),
])
def test_latex_residue_from_the_pages(raw: str, clean: str) -> None:
    assert normalize_text(raw) == clean


@pytest.mark.parametrize(("raw", "clean"), [
    ("state\u2013of\u2013the\u2013art \u2014 fast", "state-of-the-art - fast"),
    ("\u201cquoted\u201d and \u2018single\u2019", "\"quoted\" and 'single'"),
    ("  many\t\tspaces\n and\u00a0lines\u2028 ", "many spaces and lines"),
    ("zero\u200bwidth\ufeff and \u202bbidi\u202c controls", "zerowidth and bidi controls"),
    ("<b>Bold</b> &amp; <i>italic</i> H<sub>2</sub>O", "Bold & italic H2O"),
])
def test_typography_whitespace_and_markup(raw: str, clean: str) -> None:
    assert normalize_text(raw) == clean


@pytest.mark.parametrize("kept", [
    "sometimes three times faster",          # ``times`` only after a digit
    "mathcal{O}(d^k) samples",               # maths residue with no single reading
    "reductionlibing_generalSDR",            # citation-key residue
    "*lightweight* predictions",             # Markdown emphasis
    "שלום עולם and Ünïcödé ² ﬁ",             # letters, superscripts and ligatures as written
    "a <script> tag is not inline markup",   # unknown tags are text
])
def test_text_that_is_left_alone(kept: str) -> None:
    assert normalize_text(kept) == kept


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text())
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.text())
def test_result_has_single_spaces_and_no_invisible_characters(text: str) -> None:
    clean = normalize_text(text)
    assert clean == " ".join(clean.split())
    assert not any(c in clean for c in "\u200b\u200e\u200f\u202b\ufeff\x00")


_RESIDUE_ALPHABET = st.sampled_from(list("\\'`{}^\"~=.ceZW16 <>/&;#_-\u2013\u201c\u200b") + [
    "cdot", "times", "etc", "em ", "emph", "pi", "amp;", "b>", "lt;", "``", "''", "sub>"])


@settings(max_examples=500, derandomize=True, deadline=None)
@given(st.lists(_RESIDUE_ALPHABET, max_size=30).map("".join))
def test_normalising_residue_like_text_twice_changes_nothing(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once


@pytest.mark.parametrize("text", [
    "Plain  abstract with\ttabs\nand newlines.", "a\x00b\x1fc\x7fd", "16 times faster", "16times faster",
    "HyperZcdotZcdotW", "a & b", "x < y", "{braces} here", "``quoted''", "Fr\\'echet", "\u00a0non-breaking",
    "CIFAR-10 \u2013 ImageNet", "",
])
def test_the_plain_text_shortcut_gives_what_the_rules_give(text: str) -> None:
    from kg.ingest.normalize import by_rules

    assert normalize_text(text) == by_rules(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab xyz16.-\t\n\x00\x7f&<\\`{}'\"") + ["cdot", "times", "\u2013"])).map("".join))
def test_the_plain_text_shortcut_agrees_with_the_rules_on_any_mix(text: str) -> None:
    from kg.ingest.normalize import by_rules

    assert normalize_text(text) == by_rules(text)
