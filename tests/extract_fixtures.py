"""An extractor over the small test vocabulary (no trained model), built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import CONFIG_PATH, Extractor

VOCABULARY = Path(__file__).with_name("extract_vocabulary.ttl")


@pytest.fixture(scope="session")
def small_extractor(tmp_path_factory: pytest.TempPathFactory) -> Extractor:
    """Pipeline from ``kg/extract/config.cfg`` with the test vocabulary; caches go to a temp folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        return Extractor.from_config(CONFIG_PATH, vocabularies=[VOCABULARY], ner_model=None)
