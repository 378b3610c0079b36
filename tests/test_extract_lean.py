"""The lean learned detector (``kg build --lean``): a BILUO tagger decoded under the BILUO constraints."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.cli import main
from kg.extract.biluo import BiluoNer, viterbi

LABELS = ("B-Method", "B-Task", "I-Method", "I-Task", "L-Method", "L-Task", "O", "U-Method", "U-Task")


def _valid(tags: list[str]) -> bool:
    """A tag sequence a span reader can trust: I/L continue a span of their type, B/I are continued."""
    previous = "O"
    for tag in tags:
        prefix, _, kind = tag.partition("-")
        opened = previous[0] in "BI"
        if prefix in ("I", "L") and not (opened and previous[2:] == kind):
            return False
        if prefix in ("B", "U", "O") and opened:
            return False
        previous = tag
    return previous[0] not in "BI"


def _score(tags: tuple[str, ...], probs: numpy.ndarray) -> float:
    return float(sum(numpy.log(max(probs[i, LABELS.index(t)], 1e-9)) for i, t in enumerate(tags)))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=1, max_size=3), st.integers(0, 2**31 - 1))
def test_viterbi_returns_the_best_valid_tag_sequence_of_each_doc(lengths: list[int], seed: int) -> None:
    """Greedy reading of the softmax gives "I-Task" after "O" (SciERC typed F1 0.41 against 0.53);
    the decoder must return, for every doc of a batch of ragged lengths, the best sequence among the
    valid ones, found here by brute force."""
    rng = numpy.random.default_rng(seed)
    batch = [rng.dirichlet(numpy.ones(len(LABELS)) * 0.3, size=n).astype("float32") for n in lengths]
    for probs, ids in zip(batch, viterbi(batch, LABELS), strict=True):
        tags = tuple(LABELS[i] for i in ids)
        assert _valid(list(tags)), tags
        best = max((seq for seq in itertools.product(LABELS, repeat=len(probs)) if _valid(list(seq))),
                   key=lambda seq: _score(seq, probs))
        assert _score(tags, probs) == pytest.approx(_score(best, probs), abs=1e-4)


def test_lean_extractor_runs_the_tagger_and_finds_names_and_lowercase_terms() -> None:
    from kg.extract import Extractor

    lean, default = Extractor.lean(), Extractor.default()
    assert isinstance(lean.nlp.get_pipe("ner"), BiluoNer)
    assert lean.version not in (default.version, Extractor.fast().version)
    text = ("NeuMeta: Neural Metamorphosis\n\nWe propose NeuMeta, a hypernetwork that morphs implicit neural "
            "representations (INRs) of 3D shapes, and evaluate it on ShapeNet with PSNR. We study the "
            "information bottleneck of weight manifolds.")
    (mentions,) = list(lean.annotate([text]))
    labels = {m.label for m in mentions}
    assert {"NeuMeta", "Implicit Neural Representation", "ShapeNet"} <= labels
    assert any(m.component == "ner" for m in mentions)
    assert all(text[m.start:m.end] == m.text for m in mentions)
    from kg.evaluate import format_report

    assert "ner[kg_biluo_ner] → kg_vocabulary" in format_report(extractor=lean)  # kg eval --lean says so


def test_lean_spec_builds_the_lean_extractor_in_workers_and_names_it_for_the_build_state() -> None:
    from kg.distributed import ExtractorSpec
    from kg.extract import Extractor

    spec = ExtractorSpec(lean=True)
    assert spec().version == Extractor.lean().version == spec.identity().version
    assert spec.identity().version != ExtractorSpec().identity().version


def test_kg_build_lean_records_its_extractor_and_cannot_be_combined_with_fast(
        tmp_path: Path, repo_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from kg.extract import Extractor

    monkeypatch.chdir(repo_root)
    source = tmp_path / "papers.jsonl"
    source.write_text(json.dumps({
        "id": "2401.00001", "title": "LoRA for Diffusion Transformers",
        "abstract": "We fine-tune diffusion transformers with Low-Rank Adaptation (LoRA) on ImageNet."}) + "\n",
        encoding="utf-8")
    assert main(["build", str(source), "--out", str(tmp_path / "out"), "--no-html", "--lean"]) == 0
    state = (tmp_path / "out").rglob("*.json")
    recorded = "\n".join(p.read_text(encoding="utf-8") for p in state)
    assert Extractor.lean().version in recorded
    nt = (tmp_path / "out" / "paperkg.nt").read_text(encoding="utf-8")
    assert "entity/low-rank-adaptation>" in nt and "entity/imagenet>" in nt
    with pytest.raises(SystemExit) as exit_info:
        main(["build", str(source), "--out", str(tmp_path / "other"), "--fast", "--lean"])
    assert exit_info.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
    assert not (tmp_path / "other").exists()


def test_kg_extract_and_eval_take_the_detector_flags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": "We fine-tune LLaMA with Low-Rank Adaptation (LoRA)."}) + "\n",
                      encoding="utf-8")
    assert main(["extract", str(source), "--lean", "--details"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert {m["text"] for m in json.loads(line)["mentions"]} >= {"LLaMA", "Low-Rank Adaptation (LoRA)"}
    with pytest.raises(SystemExit):
        main(["eval", "--fast", "--lean"])
