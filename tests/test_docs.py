"""Every command a user can type is documented: --help text and a line in the README."""

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
