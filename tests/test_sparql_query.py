"""``kg query``'s engine: SPARQL over any export format, three output formats, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdf_samples import sample_corpus

from kg.errors import ExportError, QueryError, UsageError
from kg.export.rdf import write_rdf
from kg.sparql import run_query, with_prefixes

TOP = "SELECT ?label ?n WHERE { ?e a kg:Dataset ; skos:prefLabel ?label ; kg:paperCount ?n } ORDER BY DESC(?n)"


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {p.suffix: p for p in write_rdf(sample_corpus(), tmp_path_factory.mktemp("query"), validate=False)}


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".jsonld"])
def test_queries_every_export_format(exports: dict[str, Path], suffix: str) -> None:
    assert run_query(TOP, exports[suffix], "csv") == "label,n\nNeRF Synthetic,2\n"


def test_table_aligns_columns_and_abbreviates_iris(exports: dict[str, Path]) -> None:
    table = run_query("SELECT ?e ?n WHERE { ?e a kg:Dataset ; kg:paperCount ?n }", exports[".ttl"])
    assert table.splitlines() == ["e                      n", "---------------------  -",
                                  "entity:nerf-synthetic  2", "(1 row)"]


def test_json_is_standard_sparql_results(exports: dict[str, Path]) -> None:
    body = json.loads(run_query(TOP, exports[".ttl"], "json"))
    assert body["head"]["vars"] == ["label", "n"]
    assert body["results"]["bindings"][0]["label"]["value"] == "NeRF Synthetic"


def test_ask_and_construct(exports: dict[str, Path]) -> None:
    assert run_query("ASK { ?p kg:proposes entity:low-rank-adaptation }", exports[".ttl"]) == "true\n"
    triples = run_query("CONSTRUCT { ?p kg:proposes ?e } WHERE { ?p kg:proposes ?e }", exports[".ttl"])
    assert len(triples.splitlines()) == 2 and triples.splitlines() == sorted(triples.splitlines())


def test_reads_a_query_file(exports: dict[str, Path], tmp_path: Path) -> None:
    query = tmp_path / "top.rq"
    query.write_text(TOP, encoding="utf-8")
    assert run_query(str(query), exports[".ttl"], "csv") == "label,n\nNeRF Synthetic,2\n"


def test_own_prefix_declarations_win() -> None:
    query = "PREFIX kg: <http://example.org/>\nSELECT * WHERE { ?s kg:x ?o }"
    header = with_prefixes(query).split(query)[0]
    assert "PREFIX kg:" not in header and "PREFIX skos:" in header


def test_malformed_sparql_is_one_line_with_the_users_position(exports: dict[str, Path]) -> None:
    with pytest.raises(QueryError) as caught:
        run_query("SELECT ?x WHERE {\n  ?x kg:paperCount }", exports[".ttl"])
    message = caught.value.one_line()
    assert "\n" not in message and message.startswith("invalid SPARQL: error at line 2")
    assert caught.value.exit_code == 4


def test_missing_query_file_is_a_query_error(exports: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="cannot read query file"):
        run_query(str(tmp_path / "absent.rq"), exports[".ttl"])


def test_missing_or_broken_data_is_an_export_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no such export file"):
        run_query(TOP, tmp_path / "absent.ttl")
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .", encoding="utf-8")
    with pytest.raises(ExportError, match="cannot load"):
        run_query(TOP, broken)


def test_unknown_format_is_a_usage_error(exports: dict[str, Path]) -> None:
    with pytest.raises(UsageError, match="unknown format 'xml'"):
        run_query(TOP, exports[".ttl"], "xml")


def test_cli_query_prints_the_table(exports: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli import main

    assert main(["query", TOP, "--data", str(exports[".ttl"]), "--format", "csv"]) == 0
    assert capsys.readouterr().out == "label,n\nNeRF Synthetic,2\n"


def test_cli_bad_query_is_one_stderr_line_and_exit_4(exports: dict[str, Path],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from kg.cli import main

    assert main(["query", "SELECT ?x WHERE {", "--data", str(exports[".ttl"])]) == 4
    err = capsys.readouterr().err
    assert err.startswith("kg: error: invalid SPARQL: error at line 1") and err.count("\n") == 1
