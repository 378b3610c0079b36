"""Turtle and JSON-LD written from the sorted N-Triples file, one subject at a time.

An rdflib graph of the whole export costs about 1 KB of memory per triple (2.9 GB for a
2,000-paper build) and its JSON-LD serialiser needs all of it at once. The N-Triples are written
part by part (``kg.partitions``) in sorted order, so every subject's triples are consecutive:
Oxigraph's Turtle serialiser and the JSON-LD writer below stream through the file and hold one
subject's triples at a time, whatever the size of the build.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from itertools import groupby
from pathlib import Path
from typing import IO

import pyoxigraph as ox

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _triples(ntriples: Path) -> Iterator[ox.Triple]:
    return ox.parse(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES)


def write_turtle(ntriples: Path, target: IO[bytes], prefixes: Mapping[str, str]) -> None:
    """Prefixed Turtle of a sorted N-Triples file; the same bytes ``ntriples_to_turtle`` gives."""
    ox.serialize(_triples(ntriples), target, ox.RdfFormat.TURTLE, prefixes=dict(prefixes))


class _Compactor:
    """Compact IRIs (``entity:lora``) for the prefixes of the export's JSON-LD context."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        # Longest namespace first, so "paper:" wins over a shorter namespace that also matches.
        self._prefixes = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        self._known: dict[str, str] = {}  # predicates, classes, datatypes and entities repeat

    def __call__(self, iri: str) -> str:
        known = self._known.get(iri)
        if known is not None:
            return known
        compact = iri
        for prefix, namespace in self._prefixes:
            if iri.startswith(namespace):
                local = iri[len(namespace):]
                if local and not local.startswith("//"):
                    compact = f"{prefix}:{local}"
                    break
        if len(self._known) < _MEMO:
            self._known[iri] = compact
        return compact


_MEMO = 200_000


def _value(term: ox.NamedNode | ox.Literal | ox.BlankNode, compact: _Compactor) -> object:
    if isinstance(term, ox.NamedNode):
        return {"@id": compact(term.value)}
    if isinstance(term, ox.BlankNode):
        return {"@id": f"_:{term.value}"}
    datatype = term.datatype.value
    if term.language:
        return {"@language": term.language, "@value": term.value}
    if datatype in (_XSD_STRING, _LANG_STRING):
        return term.value
    return {"@type": compact(datatype), "@value": term.value}


def _sort_key(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _node(subject: ox.NamedNode | ox.BlankNode, triples: Iterable[ox.Triple], compact: _Compactor) -> dict:
    node: dict[str, object] = {"@id": compact(subject.value) if isinstance(subject, ox.NamedNode)
                               else f"_:{subject.value}"}
    values: dict[str, list[object]] = {}
    for triple in triples:
        if triple.predicate.value == _RDF_TYPE and isinstance(triple.object, ox.NamedNode):
            values.setdefault("@type", []).append(compact(triple.object.value))
        else:
            values.setdefault(compact(triple.predicate.value), []).append(_value(triple.object, compact))
    for key, items in values.items():
        items.sort(key=_sort_key)
        node[key] = items[0] if len(items) == 1 else items
    return node


def write_jsonld(ntriples: Path, target: IO[str], prefixes: Mapping[str, str]) -> None:
    """Compact JSON-LD (``@context`` of the export prefixes, one ``@graph`` node per subject, in the
    N-Triples' subject order; keys and values sorted), streamed node by node, one node a line: as
    diff-friendly as the N-Triples, and written by json's C encoder (``indent`` would switch to the
    pure-Python one, ten times slower)."""
    compact = _Compactor(prefixes)
    context = json.dumps(dict(sorted(prefixes.items())), ensure_ascii=False)
    target.write(f'{{"@context": {context},\n"@graph": [')
    first = True
    for subject, triples in groupby(_triples(ntriples), key=lambda triple: triple.subject):
        text = json.dumps(_node(subject, triples, compact), sort_keys=True, ensure_ascii=False)
        target.write(("\n" if first else ",\n") + text)
        first = False
    target.write("\n]}\n")
