"""SPARQL over an export with the embedded Oxigraph engine (``kg query``).

rdflib parses a 1M-triple Turtle file in ~27 s and answers a top-20 GROUP BY in ~11 s; Oxigraph's
``Store.bulk_load`` and query engine take about a tenth of that (see ``bench/sparql_engine.py``),
so queries never go through rdflib. The export's prefixes (``kg:``, ``skos:``, ``dcterms:``,
``oa:``, ``entity:``, ``paper:`` ...) are predeclared unless the query declares them itself.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pyoxigraph as ox

from kg.errors import ExportError, QueryError, UsageError
from kg.export.rdf import PREFIXES

FORMATS = ("table", "csv", "json")
_DECLARED = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE | re.MULTILINE)
_POSITION = re.compile(r"(\d+):(\d+)")
_RDF_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD,
                ".json": ox.RdfFormat.JSON_LD, ".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG}


def read_query(query: str) -> str:
    """The query text: ``query`` itself, or the contents of the ``.rq`` file it names."""
    candidate = Path(query)
    if query.strip().endswith(".rq") or ("\n" not in query and len(query) < 4096 and candidate.is_file()):
        try:
            return candidate.read_text(encoding="utf-8")
        except OSError as error:
            raise QueryError(f"cannot read query file: {error.strerror or error}", path=query) from error
    return query


def with_prefixes(query: str) -> str:
    """``query`` with the export's prefixes declared, except those it declares itself."""
    declared = {name or "" for name in _DECLARED.findall(query)}
    header = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items() if name not in declared)
    return header + query


def open_store(data: Path) -> ox.Store:
    """An in-memory Oxigraph store holding the export ``data`` (format from its suffix)."""
    data = Path(data)
    if not data.is_file():
        raise ExportError("no such export file (run `kg build` first, or pass --data)", path=data)
    rdf_format = _RDF_FORMATS.get(data.suffix.lower())
    if rdf_format is None:
        raise ExportError(f"unknown RDF format {data.suffix!r}; use one of {', '.join(sorted(_RDF_FORMATS))}",
                          path=data)
    store = ox.Store()
    try:
        store.bulk_load(path=str(data), format=rdf_format)
    except (SyntaxError, ValueError, OSError) as error:
        raise ExportError(f"cannot load: {_first_line(error)}", path=data) from error
    return store


def _first_line(error: BaseException, limit: int = 200) -> str:
    """The first line of an error, clipped: Oxigraph's parser lists every token it expected."""
    text = str(error).strip()
    line = text.splitlines()[0] if text else type(error).__name__
    return line if len(line) <= limit else line[:limit].rstrip() + " ..."


def _cell(term: object) -> str:
    """A term as a person reads it: literals by value, IRIs by prefixed name where a prefix fits."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for name, iri in PREFIXES.items():
            local = term.value[len(iri):]
            if term.value.startswith(iri) and local and "/" not in local and "#" not in local:
                return f"{name}:{local}"
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def _table(variables: list[str], rows: list[list[str]]) -> str:
    flat = [[" ".join(cell.split()) for cell in row] for row in rows]
    widths = [max([len(name)] + [len(row[i]) for row in flat]) for i, name in enumerate(variables)]
    lines = ["  ".join(name.ljust(w) for name, w in zip(variables, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in flat]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _solutions(results: ox.QuerySolutions, fmt: str) -> str:
    if fmt == "json":
        return results.serialize(format=ox.QueryResultsFormat.JSON).decode("utf-8") + "\n"
    variables = [v.value for v in results.variables]
    rows = [[_cell(solution[name]) for name in variables] for solution in results]
    if fmt == "table":
        return _table(variables, rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(variables)
    writer.writerows(rows)
    return out.getvalue()


def execute(store: ox.Store, query: str, fmt: str = "table") -> str:
    """Run SPARQL ``query`` (text) on ``store`` and format the answer.

    SELECT gives a table, CSV (terms as in the table: prefixed IRIs, literal values) or SPARQL
    JSON results; ASK gives ``true``/``false`` (JSON results for ``json``); CONSTRUCT and DESCRIBE
    give sorted N-Triples whatever ``fmt`` says.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    full = with_prefixes(query)
    try:
        results = store.query(full)
    except SyntaxError as error:
        shift = full.count("\n") - query.count("\n")  # report positions in the user's text, not ours
        message = _POSITION.sub(lambda m: f"line {int(m[1]) - shift}, column {m[2]}", _first_line(error))
        raise QueryError(f"invalid SPARQL: {message}") from error
    except (OSError, ValueError, RuntimeError) as error:
        raise QueryError(f"query failed: {_first_line(error)}") from error
    if isinstance(results, ox.QueryBoolean):
        if fmt == "json":
            return results.serialize(format=ox.QueryResultsFormat.JSON).decode("utf-8") + "\n"
        return ("true" if bool(results) else "false") + "\n"
    if isinstance(results, ox.QueryTriples):
        lines = sorted(f"{t.subject} {t.predicate} {t.object} ." for t in results)
        return "".join(line + "\n" for line in lines)
    return _solutions(results, fmt)


def run_query(query: str, data: Path, fmt: str = "table") -> str:
    """Run ``query`` (SPARQL text, or a path to a ``.rq`` file) over the export file ``data``.

    ``QueryError`` (one readable line) for malformed SPARQL, ``ExportError`` when ``data`` is
    missing or not RDF, ``UsageError`` for an unknown ``fmt``.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    text = read_query(query)
    return execute(open_store(data), text, fmt)
