"""Extraction in local processes (``kg build --jobs N``): same mentions, in order; failures reported."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kg.distributed import ExtractorSpec
from kg.errors import KgError
from kg.extract import Extractor
from kg.processes import ProcessAnnotator

TEXTS = [f"Paper {i}\n\nWe fine-tune LoRA adapters on ImageNet and report PSNR on ShapeNet {i}." for i in range(7)] + [
    "NeuMeta\n\nNeural Metamorphosis (NeuMeta) learns implicit neural representations (INRs) of weights."]


@pytest.fixture(scope="module")
def fast_extractor() -> Extractor:
    return Extractor.fast()


def test_processes_give_the_mentions_of_one_process_in_input_order(fast_extractor: Extractor) -> None:
    annotate = ProcessAnnotator(2, ExtractorSpec(fast=True), lambda: fast_extractor, min_texts=0, chunk=3)
    in_processes = list(annotate(TEXTS))
    here = [list(found) for found in fast_extractor.annotate(TEXTS)]
    assert in_processes == here
    assert len(in_processes) == len(TEXTS) and in_processes[-1]  # the last, smaller chunk came back too


def test_small_inputs_are_extracted_in_this_process(fast_extractor: Extractor) -> None:
    class NoProcesses(ExtractorSpec):
        def __call__(self) -> Extractor:
            raise AssertionError("a process was started")

    annotate = ProcessAnnotator(2, NoProcesses(fast=True), lambda: fast_extractor, min_texts=len(TEXTS) + 1)
    assert [m.label for m in next(iter(annotate(TEXTS)))] == [m.label for m in next(fast_extractor.annotate(TEXTS))]


class _Dies:
    """A factory whose process exits at once, as one killed for memory would."""

    def __call__(self) -> Extractor:
        os._exit(9)


def test_a_dead_extraction_process_is_one_clear_error(fast_extractor: Extractor) -> None:
    annotate = ProcessAnnotator(2, _Dies(), lambda: fast_extractor, min_texts=0, chunk=3)
    with pytest.raises(KgError, match="extraction process died"):
        list(annotate(TEXTS))


@pytest.mark.parametrize("flags", [["--jobs", "0"], ["--jobs", "2", "--workers", "2"]])
def test_impossible_jobs_are_a_usage_error(tmp_path, flags: list[str]) -> None:
    source = tmp_path / "papers.jsonl"
    source.write_text('{"id": "1", "title": "T", "abstract": "We use LoRA."}\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "kg", "build", str(source), "--out", str(tmp_path / "out"), *flags],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "--jobs" in done.stderr
    assert not (tmp_path / "out").exists()
