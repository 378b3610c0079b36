"""Turtle and JSON-LD written from the sorted N-Triples file, one subject at a time.

An rdflib graph of the whole export costs about 1 KB of memory per triple (2.9 GB for a
2,000-paper build) and its JSON-LD serialiser needs all of it at once. The N-Triples are written
part by part (``kg.partitions``) in sorted order, so every subject's triples are consecutive:
Oxigraph's Turtle serialiser and the JSON-LD writer below stream through the file and hold one
subject's triples at a time, whatever the size of the build.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from json.encoder import encode_basestring as _encode
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


def write_turtle_file(ntriples: Path, target: Path, prefixes: Mapping[str, str]) -> None:
    """``write_turtle`` into the file ``target``: what ``kg.export.aside`` runs beside the JSON-LD writer
    (this module imports no rdflib, so the process starts fast)."""
    with Path(target).open("wb") as handle:
        write_turtle(ntriples, handle, prefixes)


class _Compactor:
    """Compact IRIs (``entity:lora``) for the prefixes of the export's JSON-LD context."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        # Longest namespace first, so "paper:" wins over a shorter namespace that also matches.
        self._prefixes = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        self._namespaces = tuple(namespace for _, namespace in self._prefixes)
        self._known: dict[str, str] = {}  # predicates, classes, datatypes and entities repeat

    def __call__(self, iri: str) -> str:
        known = self._known.get(iri)
        if known is not None:
            return known
        if not iri.startswith(self._namespaces):  # most annotation IRIs: one C call, nothing to compact
            return iri
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

_LINE = re.compile(r'<([^>]*)> <([^>]*)> (?:<([^>]*)>|"(.*)"(?:\^\^<([^>]*)>)?) \.\n?')
"""A line as the exporter writes it (``kg.export.ntriples``): IRIs, plain or typed literals, one space
between terms. Other lines (blank nodes, language tags, ``\\u`` escapes, comments) go to Oxigraph.
The literal is everything up to the line's last quote; ``_Nodes.statement`` checks it is well formed."""
_ESCAPED_TEXT = re.compile(r'(?:[^"\\\r\n]|\\.)*')
_ESCAPE = re.compile(r"\\(.)")
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_TYPE_KEY = "@type"


class _Nodes:
    """Groups N-Triples lines by subject into the JSON text of compact JSON-LD nodes.

    Each value's text is what ``json.dumps(value, sort_keys=True, ensure_ascii=False)`` gives
    (``{"@id": ...}``, a string, ``{"@type": ..., "@value": ...}``), written directly with json's own
    string encoder: the text is also a node's sort key for its values, so the node is what
    ``json.dumps(node, sort_keys=True, ensure_ascii=False)`` writes for the dict of those values.
    """

    def __init__(self, compact: _Compactor) -> None:
        self.compact = compact
        self.keys: dict[str, str] = {}  # predicate IRI -> compact key
        self.key_texts: dict[str, str] = {"@id": '"@id"', _TYPE_KEY: f'"{_TYPE_KEY}"'}
        self.datatypes: dict[str, str] = {}  # datatype IRI -> '{"@type": "xsd:...", "@value": '

    def __call__(self, lines: Iterable[str]) -> Iterator[str]:
        """The JSON text of each subject's node, in the order of the lines."""
        current: str | None = None
        values: dict[str, list[str]] = {}
        statement = self.statement
        for line in lines:
            found = statement(line)
            for subject, key, value in self.parsed(line) if found is None else (found,):
                if subject != current:
                    if current is not None:
                        yield self.node(current, values)
                    current, values = subject, {}
                texts = values.get(key)
                if texts is None:
                    values[key] = [value]
                else:
                    texts.append(value)
        if current is not None:
            yield self.node(current, values)

    def statement(self, line: str) -> tuple[str, str, str] | None:
        """``(subject IRI, key, value text)`` of a line in the exporter's shape; ``None`` for any other."""
        match = _LINE.fullmatch(line)
        if match is None:
            return None
        subject, predicate, iri, text, datatype = match.groups()
        if iri is not None:
            if predicate == _RDF_TYPE:
                return subject, _TYPE_KEY, _encode(self.compact(iri))
            return subject, self.key(predicate), f'{{"@id": {_encode(self.compact(iri))}}}'
        if "\\" in text:
            if not _ESCAPED_TEXT.fullmatch(text):
                return None
            try:
                text = _ESCAPE.sub(_unescape, text)
            except KeyError:  # \\u or \\U: Oxigraph decodes those
                return None
        elif '"' in text or "\r" in text:  # not N-Triples: Oxigraph says why
            return None
        if datatype is None:
            return subject, self.key(predicate), _encode(text)
        if datatype == _LANG_STRING:
            return None
        return subject, self.key(predicate), self.typed(text, datatype)

    def parsed(self, line: str) -> Iterator[tuple[str, str, str]]:
        """The statements of a line of any other shape, read by Oxigraph (which raises on bad syntax);
        a blank node subject is ``_:label``."""
        for triple in ox.parse(line.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
            subject = triple.subject.value if isinstance(triple.subject, ox.NamedNode) else f"_:{triple.subject.value}"
            predicate, term = triple.predicate.value, triple.object
            if isinstance(term, ox.NamedNode) and predicate == _RDF_TYPE:
                yield subject, _TYPE_KEY, _encode(self.compact(term.value))
            elif isinstance(term, ox.NamedNode):
                yield subject, self.key(predicate), f'{{"@id": {_encode(self.compact(term.value))}}}'
            elif isinstance(term, ox.BlankNode):
                yield subject, self.key(predicate), f'{{"@id": {_encode(f"_:{term.value}")}}}'
            elif term.language:
                value = f'{{"@language": {_encode(term.language)}, "@value": {_encode(term.value)}}}'
                yield subject, self.key(predicate), value
            elif term.datatype.value == _LANG_STRING:
                yield subject, self.key(predicate), _encode(term.value)
            else:
                yield subject, self.key(predicate), self.typed(term.value, term.datatype.value)

    def key(self, predicate: str) -> str:
        key = self.keys.get(predicate)
        if key is None:
            key = self.keys[predicate] = self.compact(predicate)
            self.key_texts[key] = _encode(key)
        return key

    def typed(self, value: str, datatype: str) -> str:
        if datatype == _XSD_STRING:
            return _encode(value)
        prefix = self.datatypes.get(datatype)
        if prefix is None:
            prefix = self.datatypes[datatype] = f'{{"@type": {_encode(self.compact(datatype))}, "@value": '
        return f"{prefix}{_encode(value)}}}"

    def node(self, subject: str, values: dict[str, list[str]]) -> str:
        """Keys sorted, a single value as itself, several as a list sorted by their JSON text."""
        identifier = subject if subject.startswith("_:") else self.compact(subject)
        values["@id"] = [_encode(identifier)]
        members = []
        for key, texts in sorted(values.items()):
            if len(texts) > 1:
                texts.sort()
                members.append(f"{self.key_texts[key]}: [{', '.join(texts)}]")
            else:
                members.append(f"{self.key_texts[key]}: {texts[0]}")
        return "{" + ", ".join(members) + "}"


def _unescape(escape: re.Match[str]) -> str:
    return _ECHAR[escape.group(1)]


def write_jsonld(ntriples: Path, target: IO[str], prefixes: Mapping[str, str]) -> None:
    """Compact JSON-LD (``@context`` of the export prefixes, one ``@graph`` node per subject, in the
    N-Triples' subject order; keys and values sorted), streamed node by node, one node a line: as
    diff-friendly as the N-Triples.

    The lines are matched against the exact shape the exporter writes and each node's JSON text is
    assembled with json's C string encoder, with no term object, dict or ``json.dumps`` per triple
    (which took about 8 µs a triple); a line of any other shape is parsed by Oxigraph. The bytes are
    those ``json.dumps`` gives for the node dicts (``tests/test_export_ntriples.py`` checks both).
    """
    context = json.dumps(dict(sorted(prefixes.items())), ensure_ascii=False)
    target.write(f'{{"@context": {context},\n"@graph": [')
    separator = "\n"
    with Path(ntriples).open(encoding="utf-8", newline="\n") as lines:
        for node in _Nodes(_Compactor(prefixes))(lines):
            target.write(separator + node)
            separator = ",\n"
    target.write("\n]}\n")
