"""Every command a user can type is documented (--help text and a line in the README), and the README's
example outputs are what the committed exports really give."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from kg.cli import _parser


def _subparsers() -> argparse._SubParsersAction:
    return next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))


def _commands() -> dict[str, argparse.ArgumentParser]:
    return dict(_subparsers().choices)


@pytest.mark.parametrize("name", sorted(_commands()))
def test_command_has_help_and_a_readme_entry(name: str, repo_root: Path) -> None:
    command = _commands()[name]
    summaries = {choice.dest: choice.help for choice in _subparsers()._choices_actions}
    assert summaries.get(name), f"kg {name} has no summary in `kg --help`"
    for action in command._actions:
        if action.option_strings and action.dest != "help":
            assert action.help, f"kg {name} {action.option_strings[0]} has no help text"
    assert f"kg {name}" in (repo_root / "README.md").read_text(encoding="utf-8"), f"README lacks `kg {name}`"


def test_readme_quickstart_is_the_two_make_targets_and_ci_runs_the_test_one(repo_root: Path) -> None:
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    assert "make build" in readme and "make test" in readme
    assert "make test" in (repo_root / ".ci" / "run").read_text(encoding="utf-8")


def _blocks_after(readme: str, heading: str) -> list[str]:
    """The fenced blocks of the README's text after ``heading``, in order, without their fences."""
    parts = readme[readme.index(heading):].split("```")
    return [part.split("\n", 1)[1] for part in parts[1::2]]


def test_readme_python_api_example_prints_what_the_readme_shows(repo_root: Path) -> None:
    """The README's Python API example and its printed output, run against the committed exports: the
    shown output had gone stale once ("1054 nodes" for a graph of 1354) without anything failing."""
    import subprocess
    import sys

    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    code, shown = _blocks_after(readme, "## Python API")[:2]
    run = subprocess.run([sys.executable, "-c", code], cwd=repo_root, capture_output=True, text=True, check=True)
    assert run.stdout == shown


def test_readme_stats_example_is_the_committed_exports_stats(repo_root: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli import main

    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    block = _blocks_after(readme, "### `kg stats` and `kg show`")[0]
    shown = block[block.index("$ kg stats --top 4\n") + len("$ kg stats --top 4\n"):block.index("\n\n$ kg show")]
    monkeypatch.chdir(repo_root)
    assert main(["stats", "--top", "4"]) == 0
    assert capsys.readouterr().out.rstrip("\n") == shown
