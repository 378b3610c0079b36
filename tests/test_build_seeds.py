"""The committed seed exports are exactly what the code produces, and builds are reproducible."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from filecompare import assert_same_bytes

from kg.cli import main

EXPORTS = ("paperkg.ttl", "paperkg.nt", "paperkg.jsonld", "paperkg.html")


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory, repo_root: Path) -> Path:
    """One build of ``seeds/`` through the CLI, shared by the tests of this module."""
    out = tmp_path_factory.mktemp("seed-exports")
    # The README rebuilds into exports/, whose N-Triples are the registry of IRIs published so far.
    shutil.copy(repo_root / "exports" / "paperkg.nt", out / "paperkg.nt")
    # Provenance records input paths as given: build exactly as the README does, from the repo root.
    previous = Path.cwd()
    os.chdir(repo_root)
    try:
        assert main(["build", "seeds", "--out", str(out)]) == 0
    finally:
        os.chdir(previous)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", EXPORTS)
def test_committed_exports_match_a_fresh_build(seed_build: Path, repo_root: Path, name: str) -> None:
    committed = repo_root / "exports" / name
    assert committed.is_file(), f"exports/{name} is not committed; run the README's build command"
    assert_same_bytes(committed, seed_build / name, "the committed export is stale: rebuild it with `make build`")


@pytest.mark.slow
def test_two_builds_in_separate_processes_are_byte_identical(seed_build: Path, repo_root: Path,
                                                            tmp_path: Path) -> None:
    # A new interpreter gets a new hash seed: set/dict ordering must never reach an export.
    env_seed = {"PYTHONHASHSEED": "12345"}
    shutil.copy(repo_root / "exports" / "paperkg.nt", tmp_path / "paperkg.nt")
    subprocess.run([sys.executable, "-m", "kg", "build", "seeds", "--out", str(tmp_path), "--no-html"],
                   check=True, capture_output=True, cwd=repo_root, env={**os.environ, **env_seed})
    for name in ("paperkg.ttl", "paperkg.nt", "paperkg.jsonld"):
        assert_same_bytes(tmp_path / name, seed_build / name)


def test_extract_writes_one_line_per_input_with_offsets_into_the_text(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    texts = {
        "a": "We fine-tune LLaMA with Low-Rank Adaptation (LoRA) and evaluate on ImageNet.",
        "b": "Implicit neural representations (INRs) encode signals; an INR is trained per image.",
    }
    source.write_text("".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in texts.items()))
    assert main(["extract", str(source)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["id"] for line in lines] == ["a", "b"]
    for line in lines:
        text = texts[line["id"]]
        assert line["mentions"], f"nothing found in {text!r}"
        for mention in line["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["text"]
            assert mention["type"] in {"Method", "Dataset", "Task", "Metric", "Concept"}
            assert mention["entity"].startswith("https://w3id.org/paperkg/resource/entity/")
    found = {m["text"] for line in lines for m in line["mentions"]}
    assert {"Low-Rank Adaptation (LoRA)", "ImageNet"} <= found  # a definition is one span
    inr = {m["entity"] for m in lines[1]["mentions"] if "INR" in m["text"]}
    assert {m["text"] for m in lines[1]["mentions"] if "INR" in m["text"]} == {
        "Implicit neural representations (INRs)", "INR"}
    assert len(inr) == 1, "an acronym and its definition must link to one entity"


def test_extract_names_the_line_of_broken_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": "ok"}\n{"id": 2, "text": \n')
    assert main(["extract", str(source)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{source}:2:" in err
