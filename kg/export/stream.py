"""Turtle and JSON-LD written from the sorted N-Triples file, one subject at a time.

An rdflib graph of the whole export costs about 1 KB of memory per triple (2.9 GB for a
2,000-paper build) and its JSON-LD serialiser needs all of it at once. The N-Triples are written
part by part (``kg.partitions``) in sorted order, so every subject's triples are consecutive:
Oxigraph's Turtle serialiser and the JSON-LD writer below stream through the file and hold one
subject's triples at a time, whatever the size of the build.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from json.encoder import encode_basestring as _encode
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _triples(ntriples: Path) -> Iterator[ox.Triple]:
    """The triples of the build's own N-Triples. Their terms were written one by one with rdflib's
    checks (``kg.export.ntriples``), so Oxigraph's lenient parser skips checking every IRI again,
    which was a third of the Turtle's time (13.5 s against 9 s for a 20,000-paper build, same bytes)."""
    return ox.parse(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES, lenient=True)


def write_turtle(ntriples: Path, target: IO[bytes], prefixes: Mapping[str, str]) -> None:
    """Prefixed Turtle of a sorted N-Triples file; the same bytes ``ntriples_to_turtle`` gives."""
    ox.serialize(_triples(ntriples), target, ox.RdfFormat.TURTLE, prefixes=dict(prefixes))


def write_turtle_file(ntriples: Path, target: Path, prefixes: Mapping[str, str]) -> None:
    """``write_turtle`` into the file ``target``: what ``kg.export.aside`` runs beside the JSON-LD writer
    (this module imports no rdflib, so the process starts fast)."""
    with Path(target).open("wb") as handle:
        write_turtle(ntriples, handle, prefixes)


def write_turtle_following(merged: Path, published: Path, target: Path, prefixes: Mapping[str, str]) -> bool:
    """``write_turtle_file`` of the N-Triples that GNU sort is still merging into ``merged``, to be
    renamed ``published`` when done (see ``kg.partitions.merge_runs``), read as they are written:
    ``True`` once the whole merged file is turned into Turtle, ``False`` if the merge failed (the
    Turtle is then to be written again).

    The merge of a 20,000-paper build keeps one core busy for about 7 s while the other waits; this
    runs on that core, in a process of its own (``kg.export.aside``). Alone, merge and Turtle took
    11.6 s together against 17.6 s one after the other.
    """
    from kg.partitions import merge_outcome

    def outcome() -> bool | None:
        return merge_outcome(merged)

    try:
        with _Growing(_open_merged(merged, published, outcome), outcome) as raw, \
                io.BufferedReader(raw, 1 << 20) as stream, Path(target).open("wb") as handle:
            ox.serialize(ox.parse(stream, format=ox.RdfFormat.N_TRIPLES, lenient=True), handle, ox.RdfFormat.TURTLE,
                         prefixes=dict(prefixes))
    except Exception:
        if outcome() is False:
            return False  # what stopped the reading was the failed merge
        raise
    return outcome() is True


class _MergeFailed(OSError):
    """The merge being followed failed: its output is incomplete."""


_PAUSE = 0.002
"""Seconds between looks at a merge that has not moved on yet."""


def _open_merged(merged: Path, published: Path, outcome: Callable[[], bool | None]) -> IO[bytes]:
    """The merge's file: ``merged`` while sort writes it, ``published`` once it is done and renamed
    (a small merge can be over before this process has started)."""
    while True:
        try:
            return Path(merged).open("rb", buffering=0)
        except FileNotFoundError:
            done = outcome()
            if done is True:
                return Path(published).open("rb", buffering=0)
            if done is False:
                raise _MergeFailed("the merge being followed failed") from None
            time.sleep(_PAUSE)  # renamed, and the marker not written yet


class _Growing(io.RawIOBase):
    """A file read as another process writes it: at its end, wait for more until ``outcome()`` says the
    writer has finished (``True``: read what is left) or failed (``False``: ``_MergeFailed``)."""

    def __init__(self, handle: IO[bytes], outcome: Callable[[], bool | None]) -> None:
        self._file = handle
        self._outcome = outcome

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while True:
            count = self._file.readinto(buffer)  # type: ignore[attr-defined]
            if count:
                return count
            outcome = self._outcome()
            if outcome is True:  # finished: whatever it wrote before is there now
                return self._file.readinto(buffer) or 0  # type: ignore[attr-defined]
            if outcome is False:
                raise _MergeFailed("the merge being followed failed")
            time.sleep(_PAUSE)

    def close(self) -> None:
        self._file.close()
        super().close()


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
        self.shapes: dict[tuple[str, ...], list[tuple[str, str]]] = {}  # keys as met -> (key, text) sorted

    def __call__(self, lines: Iterable[str]) -> Iterator[str]:
        """The JSON text of each subject's node, in the order of the lines.

        A line in the exporter's shape is handled here, without a call per line (this loop runs once
        per triple: 8.5 million times for a 20,000-paper build); any other goes to ``parsed``.
        """
        current: str | None = None
        values: dict[str, list[str]] = {}
        fullmatch, compact, keys, literal = _LINE.fullmatch, self.compact, self.keys, self.literal
        for line in lines:
            match = fullmatch(line)
            value = None
            if match is not None:
                subject, predicate, iri, text, datatype = match.groups()
                if iri is None:
                    value = literal(text, datatype)
                    key = keys.get(predicate) or self.key(predicate)
                elif predicate == _RDF_TYPE:
                    key, value = _TYPE_KEY, _encode(compact(iri))
                else:
                    key, value = keys.get(predicate) or self.key(predicate), f'{{"@id": {_encode(compact(iri))}}}'
            if value is not None:
                if subject != current:
                    if current is not None:
                        yield self.node(current, values)
                    current, values = subject, {}
                texts = values.get(key)
                if texts is None:
                    values[key] = [value]
                else:
                    texts.append(value)
                continue
            for subject, key, value in self.parsed(line):
                if subject != current:
                    if current is not None:
                        yield self.node(current, values)
                    current, values = subject, {}
                values.setdefault(key, []).append(value)
        if current is not None:
            yield self.node(current, values)

    def literal(self, text: str, datatype: str | None) -> str | None:
        """The value text of a literal as the exporter writes it (``text`` between the quotes, as
        escaped in N-Triples); ``None`` for any other, which Oxigraph reads (``parsed``)."""
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
            return _encode(text)
        if datatype == _LANG_STRING:
            return None
        return self.typed(text, datatype)

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
        """Keys sorted, a single value as itself, several as a list sorted by their JSON text.

        Nodes come in few shapes (every annotation has the same keys, in the same order), so each
        shape's sorted keys and their JSON texts are worked out once (``shapes``).
        """
        identifier = subject if subject.startswith("_:") else self.compact(subject)
        shape = tuple(values)
        order = self.shapes.get(shape)
        if order is None:
            order = sorted((key, self.key_texts[key]) for key in (*shape, "@id"))
            if len(self.shapes) < _MEMO:
                self.shapes[shape] = order
        values["@id"] = [_encode(identifier)]
        members = []
        for key, key_text in order:
            texts = values[key]
            if len(texts) > 1:
                texts.sort()
                members.append(f"{key_text}: [{', '.join(texts)}]")
            else:
                members.append(f"{key_text}: {texts[0]}")
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
    write_jsonld_head(target, prefixes)
    with Path(ntriples).open(encoding="utf-8", newline="\n") as lines:
        write_jsonld_nodes(lines, target, prefixes, first=True)
    write_jsonld_tail(target)


def write_jsonld_head(target: IO[str], prefixes: Mapping[str, str]) -> None:
    """The JSON-LD up to its first node: the ``@context`` and the opening of ``@graph``."""
    context = json.dumps(dict(sorted(prefixes.items())), ensure_ascii=False)
    target.write(f'{{"@context": {context},\n"@graph": [')


def write_jsonld_nodes(lines: Iterable[str], target: IO[str], prefixes: Mapping[str, str], *, first: bool) -> None:
    """The ``@graph`` nodes of a run of N-Triples lines that holds every line of its subjects, each
    after its separator (the very first node of the file has no comma before it)."""
    separator = "\n" if first else ",\n"
    for node in _Nodes(_Compactor(prefixes))(lines):
        target.write(separator + node)
        separator = ",\n"


def write_jsonld_tail(target: IO[str]) -> None:
    """The end of the JSON-LD after its last node."""
    target.write("\n]}\n")


def subject_boundary(ntriples: Path, near: int) -> int:
    """The offset of the first line at or after byte ``near`` of a sorted N-Triples file whose subject
    differs from the line before it (the file's size when there is none): a subject's triples are
    consecutive, so the lines before and after it describe disjoint sets of nodes."""
    size = Path(ntriples).stat().st_size
    if near <= 0 or near >= size:
        return min(max(near, 0), size)
    with Path(ntriples).open("rb") as handle:
        handle.seek(near - 1)
        handle.readline()  # the rest of the line ``near`` falls in (nothing if it starts a line)
        offset = handle.tell()
        line = handle.readline()
        subject = line.split(b" ", 1)[0]
        while line:
            offset += len(line)
            line = handle.readline()
            if line.split(b" ", 1)[0] != subject:
                return offset
        return offset


class _Window(io.RawIOBase):
    """Bytes ``start`` to ``end`` of a file as a stream of their own (what ``open_window`` wraps)."""

    def __init__(self, path: Path, start: int, end: int) -> None:
        self._file = Path(path).open("rb", buffering=0)
        self._file.seek(start)
        self._left = max(0, end - start)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)[:self._left]
        count = self._file.readinto(view) or 0
        self._left -= count
        return count

    def close(self) -> None:
        self._file.close()
        super().close()


def open_window(path: Path, start: int, end: int) -> IO[str]:
    """The text of bytes ``start`` to ``end`` of ``path`` (both at line starts), read line by line at the
    speed of an ordinary text file, which a loop decoding each line in Python is not."""
    return io.TextIOWrapper(io.BufferedReader(_Window(path, start, end), 1 << 20), encoding="utf-8", newline="\n")


def write_jsonld_from(ntriples: Path, start: int, target: Path, prefixes: Mapping[str, str]) -> None:
    """The JSON-LD nodes of the N-Triples from byte ``start`` (a subject boundary, see
    ``subject_boundary``) to the end, then the end of the document, into the file ``target``: the
    second half of a large build's JSON-LD, written in a process of its own (``kg.export.aside``)
    while the first half is written by the build and the Turtle by another process."""
    with Path(target).open("w", encoding="utf-8", newline="\n") as handle, \
            open_window(ntriples, start, Path(ntriples).stat().st_size) as lines:
        write_jsonld_nodes(lines, handle, prefixes, first=start == 0)
        write_jsonld_tail(handle)


def write_jsonld_file(ntriples: Path, target: Path, prefixes: Mapping[str, str], *, halves: bool = False) -> None:
    """``write_jsonld`` into the file ``target``; with ``halves``, the nodes of the second half of the
    N-Triples are written by a process of its own meanwhile (``write_jsonld_from``) and appended.

    A 20,000-paper build's JSON-LD took 21 s of this process while the Turtle (13 s) was written
    beside it, so one core sat idle for 8 s; in halves, the three share both cores. Whatever goes
    wrong in the other process, this one writes that half itself, so the file is the same either way.
    """
    from kg.export.aside import Aside

    size = Path(ntriples).stat().st_size
    split = subject_boundary(ntriples, size // 2) if halves else size
    rest = Path(target).with_name(f".{Path(target).name}.rest")
    worker = Aside.start(write_jsonld_from, ntriples, split, rest, dict(prefixes)) if split < size else None
    try:
        with Path(target).open("w", encoding="utf-8", newline="\n") as handle:
            write_jsonld_head(handle, prefixes)
            with open_window(ntriples, 0, size if worker is None else split) as lines:
                write_jsonld_nodes(lines, handle, prefixes, first=True)
            if worker is not None and worker.result()[0]:
                handle.flush()
                with rest.open("rb") as part:
                    shutil.copyfileobj(part, handle.buffer, 1 << 20)
                return
            if worker is not None:  # no answer from the other process: its half is written here
                with open_window(ntriples, split, size) as lines:
                    write_jsonld_nodes(lines, handle, prefixes, first=split == 0)
            write_jsonld_tail(handle)
    finally:
        if worker is not None:
            worker.stop()
        rest.unlink(missing_ok=True)
