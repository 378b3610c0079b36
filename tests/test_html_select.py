"""Choosing what a view shows: focus by label or alias, hops, type and paper-count filters, the cap."""

from __future__ import annotations

import pytest
from html_corpus import small_corpus

from kg.errors import NotFoundError, UsageError
from kg.export.html_select import resolve_focus, select


def _labels(selection) -> set[str]:
    return {e.label for e in selection.entities}


def test_focus_resolves_an_alias_case_insensitively() -> None:
    assert resolve_focus(small_corpus(), "lora").label == "Low-Rank Adaptation"
    assert resolve_focus(small_corpus(), "  question   ANSWERING ").label == "Question Answering"


def test_unknown_focus_suggests_close_names() -> None:
    with pytest.raises(NotFoundError) as caught:
        resolve_focus(small_corpus(), "Low-Rank Adaptaton")
    assert "did you mean: Low-Rank Adaptation" in str(caught.value)
    assert caught.value.exit_code == 6


def test_one_hop_is_the_focus_papers_and_their_entities() -> None:
    chosen = select(small_corpus(), focus="BERT", hops=1)
    assert _labels(chosen) == {"BERT", "Question Answering", "Attention"}
    assert len(chosen.papers) == 1
    assert chosen.focus is not None and chosen.focus.label == "BERT"


def test_two_hops_reach_entities_that_share_a_paper_with_a_neighbour() -> None:
    chosen = select(small_corpus(), focus="BERT", hops=2)
    assert _labels(chosen) == {"BERT", "Question Answering", "Attention", "GLUE", "Low-Rank Adaptation"}
    assert len(chosen.papers) == 2


def test_type_filter_is_case_insensitive_and_keeps_the_focus() -> None:
    assert _labels(select(small_corpus(), types=["method"])) == {"BERT", "Low-Rank Adaptation"}
    assert "GLUE" in _labels(select(small_corpus(), types=["Method"], focus="GLUE"))


def test_unknown_type_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="Methods"):
        select(small_corpus(), types=["Methods"])


def test_min_papers_hides_rare_entities_and_says_so() -> None:
    chosen = select(small_corpus(), min_papers=2)
    assert _labels(chosen) == {"Low-Rank Adaptation", "GLUE", "Question Answering", "Attention"}
    assert "2 entities in fewer than 2 papers hidden" in chosen.notes


def test_cap_keeps_the_most_connected_entities_first() -> None:
    chosen = select(small_corpus(), max_entities=2)
    assert _labels(chosen) == {"Attention", "GLUE"}  # all in 2 papers: ties go by key
    assert any(note.startswith("4 less connected entities left out") for note in chosen.notes)


def test_cap_keeps_the_focus_and_its_nearest_entities() -> None:
    chosen = select(small_corpus(), focus="Accuracy", hops=2, max_entities=3)
    assert "Accuracy" in _labels(chosen)
    assert _labels(chosen) <= {"Accuracy", "GLUE", "Low-Rank Adaptation"}


@pytest.mark.parametrize("arguments", [{"hops": 0}, {"max_entities": 0}, {"min_papers": -1}])
def test_impossible_numbers_are_usage_errors(arguments: dict) -> None:
    with pytest.raises(UsageError):
        select(small_corpus(), **arguments)
