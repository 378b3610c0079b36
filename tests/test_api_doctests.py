"""The Python API's docstring examples run as doctests, on the committed seed export.

Examples use a ``graph`` loaded once from ``exports/paperkg.ttl`` (the module docstring of
``kg.graph`` shows the load) and run from the repository root, as a user's notebook would.
"""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED_EXPORT = REPO / "exports" / "paperkg.ttl"
MODULES = ["kg.graph", "kg.analysis", "kg.networks", "kg.resolve", "kg.results"]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.fixture(scope="module")
def seed_graph() -> object:
    if not SEED_EXPORT.is_file():
        pytest.skip("exports/paperkg.ttl (the committed seed build) is not present")
    from kg.graph import KnowledgeGraph

    return KnowledgeGraph.load(SEED_EXPORT)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str, seed_graph: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    module = importlib.import_module(name)
    tests = doctest.DocTestFinder().find(module, name, extraglobs={"graph": seed_graph})
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    report: list[str] = []
    for test in sorted(tests, key=lambda t: t.name):
        runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)
    if name == "kg.graph":
        assert runner.tries >= 10, "kg.graph should show its API by example"
