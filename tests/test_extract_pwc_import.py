"""The Papers with Code importer, against the public-format lists in ../shared/data/pwc."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.pwc_import import usable_name, write_pwc_vocabulary
from kg.extract.vocabulary import load_vocabulary
from kg.model import EntityType


def test_noisy_names_are_dropped() -> None:
    assert [n for n in ("COCO test-dev", "16k", "", "x", "ImageNet", "All", "Drug–drug Interaction")
            if usable_name(n)] == ["ImageNet", "All", "Drug–drug Interaction"]


@pytest.mark.slow
def test_pwc_lists_become_a_loadable_skos_vocabulary(shared_data: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    pwc = shared_data / "pwc"
    if not pwc.is_dir():
        pytest.skip("no Papers with Code lists")
    out = tmp_path / "pwc.ttl"
    count = write_pwc_vocabulary(out, methods=pwc / "methods_2022-05.json.gz",
                                 datasets=pwc / "datafinder_pwc_datasets_2021-12.jsonl",
                                 tasks=pwc / "pwc_all_tasks_2025.txt")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    vocabulary = load_vocabulary([out])
    assert len(vocabulary) == count > 5000
    assert vocabulary.lookup("weighted finite state transducer").type is EntityType.METHOD
    assert vocabulary.lookup("WFST").label == "weighted finite state transducer"
    assert vocabulary.lookup("MuMu").type is EntityType.DATASET
    assert vocabulary.lookup("2D Human Pose Estimation").type is EntityType.TASK
    assert not any("test-dev" in alias for term in vocabulary.terms.values() for alias in term.aliases)
