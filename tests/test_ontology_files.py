"""The ontology files are found in a checkout and, for a wheel install, under <prefix>/share/paperkg."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from kg import ontology_files


def test_a_checkout_uses_its_own_ontology_folder(repo_root: Path) -> None:
    assert ontology_files.ontology_file("shapes.ttl") == repo_root / "ontology" / "shapes.ttl"


def test_an_installed_copy_is_used_when_there_is_no_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    installed = tmp_path / "share" / "paperkg" / "ontology"
    installed.mkdir(parents=True)
    (installed / "shapes.ttl").write_text("# shapes\n", encoding="utf-8")
    monkeypatch.setattr(ontology_files, "_CHECKOUT", tmp_path / "no-checkout")
    monkeypatch.setattr(ontology_files, "_INSTALLED", installed)
    assert ontology_files.ontology_file("shapes.ttl") == installed / "shapes.ttl"


def test_the_wheel_installs_the_ontology_where_the_lookup_expects_it(repo_root: Path) -> None:
    config = tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))
    data_files = config["tool"]["setuptools"]["data-files"]
    target = Path(*ontology_files._INSTALLED.parts[-3:]).as_posix()
    assert target == "share/paperkg/ontology"
    assert "ontology/*.ttl" in data_files[target]
