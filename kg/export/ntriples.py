"""N-Triples terms written directly as text, byte for byte what rdflib's ``nt`` serialiser writes.

A large export is millions of triples. Building rdflib ``URIRef``/``Literal`` objects for each one and
turning them back into text with rdflib's ``_nt_row`` cost about 10 µs a triple, nearly all of it in
constructing, validating and normalising objects whose only use was to be printed. The exporter
describes its triples once (``kg.export.rdf.describe``) against a small back-end interface;
``NTriplesTerms`` is the back-end that writes each term as its N-Triples text at once.

The escaping copies rdflib 7's (``rdflib/plugins/serializers/nt.py``) so the files do not change:
in a literal only backslash, line feed, double quote and carriage return are escaped (in that
order); tabs, other control characters and non-ASCII characters are written as they are, in UTF-8.
IRIs are written as they are, after rdflib's check for the characters it refuses to serialise.
``tests/test_export_ntriples.py`` compares both on awkward text.

>>> NTriplesTerms().literal('say "hi"\\n')
'"say \\\\"hi\\\\"\\\\n"'
"""

from __future__ import annotations

import re
from decimal import Decimal

from rdflib import Literal

XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"

# rdflib.term._invalid_uri_chars: URIRef.n3() raises on any of them, so this writer does too.
_REFUSED_IN_IRI = re.compile(r'[<>" {}|\\^`]')


def iri(value: str) -> str:
    """``<value>``; ``ValueError`` for the characters rdflib refuses to write in an IRI."""
    if _REFUSED_IN_IRI.search(value):
        raise ValueError(f'"{value}" does not look like a valid URI, I cannot serialize this as N-Triples. '
                         "Perhaps you wanted to urlencode it?")
    return f"<{value}>"


def quoted(text: str) -> str:
    """A plain literal: ``text`` in double quotes with rdflib's four escapes (``\\\\``, ``\\n``, ``\\"``, ``\\r``)."""
    return '"' + text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r") + '"'


def literal(lexical: str, datatype: str | None = None, language: str | None = None) -> str:
    """A literal with its language tag or datatype IRI, as rdflib's ``_quoteLiteral`` writes it."""
    if language:
        return f"{quoted(lexical)}@{language}"
    if datatype:
        return f"{quoted(lexical)}^^<{datatype}>"
    return quoted(lexical)


class NTriplesTerms:
    """The exporter's back-end that writes N-Triples lines: terms are their N-Triples text, and the
    triples collect in ``rows`` (a set, so a triple stated twice is written once, as in a graph)."""

    def __init__(self) -> None:
        self.rows: set[str] = set()

    def iri(self, value: str) -> str:
        return iri(value)

    def literal(self, value: str | int | Decimal, datatype: str | None = None) -> str:
        """The literal ``rdflib.Literal(value, datatype=datatype)`` would write.

        Strings, integers and decimals (nearly every literal of an export) are formatted here the way
        rdflib formats them (``str(int)``, ``f"{decimal:f}"``); anything else (dates, whose lexical
        form rdflib normalises) goes through rdflib itself, so it cannot differ.
        """
        kind = type(value)
        if kind is str and datatype is None:
            return quoted(value)  # type: ignore[arg-type]
        if kind is int:
            return f'"{value}"^^<{datatype or XSD_INTEGER}>'
        if kind is Decimal and datatype is None:
            return f'"{value:f}"^^<{XSD_DECIMAL}>'
        term = Literal(value, datatype=datatype)
        return literal(str(term), term.datatype, term.language)

    def add(self, s: str, p: str, o: str) -> None:
        self.rows.add(f"{s} {p} {o} .")
