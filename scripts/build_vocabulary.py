"""Build ``ontology/vocabulary.ttl`` (SKOS) from the hand-curated ``ontology/vocabulary_src/*.tsv``.

The TSV files are the source people edit; the Turtle is generated so IRIs always come from
``kg.iri.entity_key`` (labels such as ``C++`` or ``β-VAE`` get a hashed key) and the output is
byte-for-byte reproducible, which ``tests/test_vocabulary.py`` checks.

One TSV per entity type (``method.tsv`` → ``kg:Method`` …). Each non-blank line that does not start
with ``#`` has up to four tab-separated columns::

    prefLabel <TAB> altLabels (a|b) <TAB> broader prefLabels (a|b) <TAB> ambiguous acronyms (a|b)

Ambiguous acronyms become ``kg:ambiguousAcronym`` instead of ``skos:altLabel``: an extractor should
accept them only where the text defines them. Two flag files list prefLabels, one a line:

- ``generic.txt``: broad field terms ("Classification", "Robustness"), real but borderline entities
  (tier "ok" in ``ANNOTATION.md``) → ``kg:generic true``, so an extractor can weigh them down;
- ``case_sensitive.txt``: names that are ordinary words in lower case ("Kinetics", "Replica",
  "Conformer") → ``kg:caseSensitive true``: match their labels only as written.

The build refuses a source in which two concepts share a label (after folding case and
punctuation), a broader target is missing, or ``broader`` loops.

Usage::

    python scripts/build_vocabulary.py            # rewrite ontology/vocabulary.ttl
    python scripts/build_vocabulary.py --check    # exit 1 if the committed file is stale
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import RDF, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere without installing the package
    sys.path.insert(0, str(ROOT))

from kg.atomic import write_bytes  # noqa: E402
from kg.iri import RESOURCE, entity_iri, entity_key, fold  # noqa: E402

SOURCE_DIR = ROOT / "ontology" / "vocabulary_src"
OUTPUT = ROOT / "ontology" / "vocabulary.ttl"

KG = Namespace("https://w3id.org/paperkg/ontology#")
KGR = Namespace(f"{RESOURCE}entity/")
SCHEME = URIRef(f"{RESOURCE}vocabulary")
LICENSE = URIRef("https://creativecommons.org/publicdomain/zero/1.0/")

FLAGS: dict[str, str] = {"generic.txt": "generic", "case_sensitive.txt": "caseSensitive"}
TYPES: dict[str, str] = {
    "method.tsv": "Method",
    "dataset.tsv": "Dataset",
    "task.tsv": "Task",
    "metric.tsv": "Metric",
    "concept.tsv": "Concept",
}

_PUNCT = re.compile(r"[\W_]+")


class VocabularyError(ValueError):
    """The curated source is inconsistent; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One curated concept as read from a TSV line."""

    label: str
    type: str
    alt_labels: tuple[str, ...]
    broader: tuple[str, ...]
    ambiguous: tuple[str, ...]
    origin: str
    flags: frozenset[str] = frozenset()

    @property
    def key(self) -> str:
        return entity_key(self.label)


def match_key(label: str) -> str:
    """The form two labels collide on: folded case and accents, no punctuation or spaces, one final
    ``s`` dropped (the extractor folds plurals, so ``VITS`` would meet ``ViT``).

    Stricter than the extractor's matching, so anything it could confuse is caught here; ``+``
    counts, so ``PointNet++`` stays apart from ``PointNet``.

    >>> match_key("Mask R-CNN") == match_key("mask rcnns")
    True
    >>> match_key("PointNet++") == match_key("PointNet")
    False
    """
    key = _PUNCT.sub("", fold(label).replace("+", "plus"))
    return key[:-1] if len(key) > 3 and key.endswith("s") else key


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _read_lines(path: Path) -> list[tuple[int, str]]:
    """Numbered lines that are neither blank nor ``#`` comments; a missing file has none."""
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [(n, line) for n, line in enumerate(lines, start=1) if line.strip() and not line.lstrip().startswith("#")]


def read_source(directory: Path = SOURCE_DIR) -> list[Entry]:
    """Read every TSV in ``directory`` into entries, in file then line order, flagging generic ones."""
    entries: list[Entry] = []
    for name, type_ in TYPES.items():
        path = directory / name
        for number, line in _read_lines(path):
            cells = [cell.strip() for cell in line.split("\t")]
            if len(cells) > 4:
                raise VocabularyError(f"{path.name}:{number}: more than 4 columns")
            cells += [""] * (4 - len(cells))
            entries.append(
                Entry(
                    label=cells[0],
                    type=type_,
                    alt_labels=_split(cells[1]),
                    broader=_split(cells[2]),
                    ambiguous=_split(cells[3]),
                    origin=f"{path.name}:{number}",
                )
            )
    for name, flag in FLAGS.items():
        entries = _flag(entries, directory / name, flag)
    return entries


def _flag(entries: list[Entry], path: Path, flag: str) -> list[Entry]:
    """Add ``flag`` to the entries whose prefLabel ``path`` lists; an unknown label is an error."""
    known = {match_key(e.label) for e in entries}
    listed: set[str] = set()
    for number, line in _read_lines(path):
        key = match_key(line.strip())
        if key not in known:
            raise VocabularyError(f"{path.name}:{number}: {line.strip()!r} is not a prefLabel")
        listed.add(key)
    return [replace(e, flags=e.flags | {flag}) if match_key(e.label) in listed else e for e in entries]


def validate(entries: Sequence[Entry]) -> None:
    """Raise ``VocabularyError`` listing every label collision, missing broader target or cycle."""
    problems: list[str] = []
    owner: dict[str, Entry] = {}
    keys: dict[str, Entry] = {}
    for entry in entries:
        if not entry.label:
            problems.append(f"{entry.origin}: empty prefLabel")
            continue
        if entry.key in keys:
            problems.append(f"{entry.origin}: key {entry.key!r} also at {keys[entry.key].origin}")
        keys[entry.key] = entry
        labels = (entry.label, *entry.alt_labels)
        if len({fold(label) for label in labels}) != len(labels):
            problems.append(f"{entry.origin}: a label is repeated")
        own = {match_key(label) for label in labels}
        for mk in sorted(own):
            other = owner.get(mk)
            if other is not None:
                problems.append(
                    f"{entry.origin}: label {mk!r} also belongs to {other.label!r} ({other.origin}); "
                    "make it an ambiguous acronym on both"
                )
            owner[mk] = entry
        problems += [
            f"{entry.origin}: {acronym!r} is both a label and ambiguous"
            for acronym in entry.ambiguous
            if match_key(acronym) in own
        ]
    by_label = {match_key(e.label): e for e in entries}
    for entry in entries:
        for acronym in entry.ambiguous:
            other = owner.get(match_key(acronym))
            if other is not None and other is not entry:
                problems.append(f"{entry.origin}: ambiguous {acronym!r} is a label of {other.label!r} ({other.origin})")
        problems += [
            f"{entry.origin}: broader {parent!r} is not a prefLabel"
            for parent in entry.broader
            if match_key(parent) not in by_label
        ]
    if problems:
        raise VocabularyError("\n".join(problems))
    _check_acyclic(entries, by_label)


def _check_acyclic(entries: Iterable[Entry], by_label: dict[str, Entry]) -> None:
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished

    def visit(entry: Entry) -> None:
        state[entry.key] = 1
        for parent in entry.broader:
            target = by_label[match_key(parent)]
            if state.get(target.key) == 1:
                raise VocabularyError(f"{entry.origin}: broader cycle through {target.label!r}")
            if target.key not in state:
                visit(target)
        state[entry.key] = 2

    for entry in entries:
        if entry.key not in state:
            visit(entry)


def build_graph(entries: Sequence[Entry]) -> Graph:
    """The SKOS graph of validated entries; broader targets are resolved by prefLabel."""
    validate(entries)
    by_label = {match_key(e.label): e for e in entries}
    graph = Graph()
    graph.bind("kg", KG)
    graph.bind("kgr", KGR)
    graph.bind("skos", SKOS)
    graph.bind("dcterms", DCTERMS)
    graph.add((SCHEME, RDF.type, SKOS.ConceptScheme))
    graph.add((SCHEME, DCTERMS.title, Literal("paperkg curated ML vocabulary", lang="en")))
    graph.add((SCHEME, DCTERMS.license, LICENSE))
    for entry in entries:
        node = URIRef(entity_iri(entry.key))
        graph.add((node, RDF.type, SKOS.Concept))
        graph.add((node, RDF.type, KG[entry.type]))
        graph.add((node, SKOS.prefLabel, Literal(entry.label, lang="en")))
        graph.add((node, SKOS.inScheme, SCHEME))
        for alt in entry.alt_labels:
            graph.add((node, SKOS.altLabel, Literal(alt, lang="en")))
        for acronym in entry.ambiguous:
            graph.add((node, KG.ambiguousAcronym, Literal(acronym)))
        for flag in sorted(entry.flags):
            graph.add((node, KG[flag], Literal(True)))
        for parent in entry.broader:
            graph.add((node, SKOS.broader, URIRef(entity_iri(by_label[match_key(parent)].key))))
    return graph


def render(entries: Sequence[Entry]) -> bytes:
    """The Turtle bytes of ``entries``: the same bytes for the same source, whatever the hash seed."""
    return build_graph(entries).serialize(format="longturtle", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed .ttl is stale")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    try:
        entries = read_source()
        data = render(entries)
    except VocabularyError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.check:
        current = args.output.read_bytes() if args.output.exists() else b""
        if current != data:
            print(f"{args.output} is stale: run python scripts/build_vocabulary.py", file=sys.stderr)
            return 1
        return 0
    write_bytes(args.output, data)
    print(f"wrote {args.output} ({len(entries)} concepts)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
