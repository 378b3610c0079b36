"""The examples in the extractor's and linker's docstrings are true: they document the rules."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["kg.extract.canonical", "kg.extract.vocabulary", "kg.extract.resolve", "kg.extract.termhood",
           "kg.extract.abbreviations", "kg.link"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name: str) -> None:
    module = importlib.import_module(name)
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0
