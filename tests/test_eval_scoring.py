"""Scoring rules of kg eval: the ANNOTATION.md comparison form and span P/R/F1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from extract_fixtures import small_extractor  # noqa: F401

from kg.evaluate import SpanScores, evaluate_scierc, match_form
from kg.extract.scierc import read_scierc


def test_match_form_folds_case_punctuation_and_plural() -> None:
    assert match_form("Implicit Neural Representations") == match_form("implicit neural-representation")
    assert match_form("CNNs") == match_form("CNN")
    assert match_form("ResNet") != match_form("ResNeXt")


def test_span_scores() -> None:
    scores = SpanScores(true_positives=3, predicted=4, gold=6)
    assert (scores.precision, scores.recall) == (0.75, 0.5)
    assert scores.f1 == pytest.approx(0.6)
    assert SpanScores(0, 0, 0).f1 == 0.0


def test_scierc_scores_exact_character_spans(tmp_path: Path, small_extractor) -> None:  # noqa: F811
    record = {"doc_key": "x", "sentences": [["We", "fine-tune", "with", "LoRA", "on", "ShapeNet", "."]],
              "ner": [[[3, 3, "Method"], [5, 5, "Task"], [0, 0, "Generic"]]], "relations": [[]], "clusters": []}
    path = tmp_path / "mini.json"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    report = evaluate_scierc(path, small_extractor)
    assert (report.untyped.true_positives, report.untyped.gold) == (2, 2)
    assert report.typed.true_positives == 1  # ShapeNet is a Dataset here, a Task in the (made-up) gold


def test_scierc_brackets_are_read_as_brackets_and_a_definition_is_one_span(tmp_path: Path,
                                                                           small_extractor) -> None:  # noqa: F811
    """SciERC writes "(" as "-LRB-" and marks "long form (SHORT)" as one mention; the extractor reads
    real brackets and gives a definition one span, so such gold spans can match exactly."""
    tokens = ["We", "use", "Layered", "Oscillator", "Ring", "Arrays", "-LRB-", "LORAs", "-RRB-", "here", "."]
    record = {"doc_key": "x", "sentences": [tokens], "ner": [[[2, 8, "Method"]]], "relations": [[]],
              "clusters": []}
    path = tmp_path / "mini.json"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (document,) = read_scierc(path)
    assert "Layered Oscillator Ring Arrays ( LORAs )" in document.text and "LRB" not in document.text
    report = evaluate_scierc(path, small_extractor)
    assert (report.untyped.true_positives, report.untyped.predicted, report.untyped.gold) == (1, 1, 1)


def test_the_report_lists_misses_of_the_dev_golds_only() -> None:
    """Reading the held-out set's misses is how it stops being held out: the report gives its scores only."""
    from kg.evaluate import GoldReport, format_report

    def report(miss: str) -> GoldReport:
        return GoldReport(papers=1, core=2, core_found=1, extracted=2, extracted_correct=1,
                          misses=(("Paper", miss),), false_positives=(("Paper", miss + " extra"),), seconds=1.0)

    text = format_report(report("DevMiss"), heldout=report("HeldMiss"), dev2=report("Dev2Miss"), details=5)
    assert "dev gold: 1 papers, core recall 0.500 (1/2), precision 0.500 (1/2)" in text
    assert "second dev gold: 1 papers, core recall 0.500 (1/2)" in text
    assert "held-out gold: 1 papers, core recall 0.500 (1/2)" in text
    assert "DevMiss" in text and "Dev2Miss extra" in text and "HeldMiss" not in text


def test_the_gold_report_counts_correct_entities_typed_as_annotated(tmp_path: Path, small_extractor) -> None:  # noqa: F811
    from kg.evaluate import evaluate_gold

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "papers.jsonl").write_text(json.dumps({"id": "1", "title": "Adapters for shapes",
                                                    "abstract": "We fine-tune LoRA on ShapeNet."}) + "\n",
                                        encoding="utf-8")
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps([{"title": "Adapters for shapes", "entities": [
        {"name": "Low-Rank Adaptation", "type": "Method", "tier": "core", "aliases": ["LoRA"]},
        {"name": "ShapeNet", "type": "Task", "tier": "core", "aliases": []}]}]), encoding="utf-8")
    report = evaluate_gold(gold, small_extractor, seeds)
    assert (report.core_found, report.extracted_correct, report.typed_right) == (2, 2, 1)
