"""Quality floors of the shipped extractor, so a change that makes extraction worse fails loudly.

Floors sit a little under the measured scores (see kg/models/README.md and the README's kg eval
section); raise them when the extractor improves.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate import evaluate_gold, evaluate_scierc
from kg.extract import Extractor

GOLD = Path(__file__).with_name("gold") / "seed_gold.json"
HELDOUT = Path(__file__).with_name("gold") / "seed_gold_heldout.json"
DEV2 = Path(__file__).with_name("gold") / "seed_gold_dev2.json"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.default()


def test_default_pipeline_includes_the_trained_detector(extractor: Extractor) -> None:
    assert extractor.nlp.pipe_names[0] == "ner"
    assert set(extractor.nlp.get_pipe("ner").labels) == {"Concept", "Dataset", "Method", "Metric", "Task"}


@pytest.mark.slow
def test_dev_gold_floor(extractor: Extractor) -> None:
    report = evaluate_gold(GOLD, extractor)
    assert report.recall_core >= 0.895
    assert report.precision >= 0.815


@pytest.mark.slow
def test_second_dev_gold_floor(extractor: Extractor) -> None:
    report = evaluate_gold(DEV2, extractor)
    assert report.recall_core >= 0.77
    assert report.precision >= 0.835


@pytest.mark.slow
def test_heldout_gold_floor(extractor: Extractor) -> None:
    """The held-out set is never tuned on; its floor only catches a regression."""
    report = evaluate_gold(HELDOUT, extractor)
    assert report.recall_core >= 0.765
    assert report.precision >= 0.775


@pytest.mark.slow
def test_scierc_dev_floor(extractor: Extractor, shared_data: Path) -> None:
    report = evaluate_scierc(shared_data / "scierc" / "dev.json", extractor)
    assert report.untyped.f1 >= 0.655
    assert report.typed.f1 >= 0.552


@pytest.fixture(scope="module")
def lean() -> Extractor:
    return Extractor.lean()


@pytest.mark.slow
def test_lean_extractor_dev_gold_floor(lean: Extractor) -> None:
    """``kg build --lean`` trades a little quality for speed; this floor bounds how little."""
    report = evaluate_gold(GOLD, lean)
    assert report.recall_core >= 0.885
    assert report.precision >= 0.80


@pytest.mark.slow
def test_lean_extractor_scierc_dev_floor(lean: Extractor, shared_data: Path) -> None:
    report = evaluate_scierc(shared_data / "scierc" / "dev.json", lean)
    assert report.untyped.f1 >= 0.64
    assert report.typed.f1 >= 0.535
