"""Turn a Papers with Code dump into extra vocabulary: a SKOS Turtle file to pass at build time.

Papers with Code published its lists as ``methods.json.gz`` (JSON array: ``name``, ``full_name``),
a datasets file (JSON Lines here: ``id`` and ``variants``) and task names (one quoted name per line).
Each becomes a ``skos:Concept`` typed ``kg:Method``/``kg:Dataset``/``kg:Task`` in its own concept
scheme, so the curated vocabulary can stay small while users who download the archive get its names:

    python -m kg.extract.pwc_import --methods methods.json.gz --datasets datasets.jsonl \\
        --tasks tasks.txt --out pwc-vocabulary.ttl

The lists are noisy ("COCO test-dev" as a dataset variant, "16k" as a task); the filters below
drop split names, fragments and bare numbers. Names are facts; descriptions are not copied.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import rdflib
from rdflib.namespace import RDF, SKOS

from kg.atomic import write_bytes
from kg.errors import InputError
from kg.iri import entity_key
from kg.model import EntityType

KG = rdflib.Namespace("https://w3id.org/paperkg/ontology#")
ENTITY = rdflib.Namespace("https://w3id.org/paperkg/resource/entity/")
SCHEME = rdflib.URIRef("https://w3id.org/paperkg/resource/vocabulary/pwc")
_SPLIT_WORDS = re.compile(r"\b(?:test|val|valid|validation|train|dev|split|subset|leaderboard)\b", re.IGNORECASE)
_LETTERS = re.compile(r"[A-Za-z].*[A-Za-z]")


def usable_name(name: str) -> bool:
    """A name worth matching: two letters at least, short, printable, no markup or split suffix."""
    name = name.strip()
    return (2 <= len(name) <= 80 and _LETTERS.search(name) is not None and not _SPLIT_WORDS.search(name)
            and not any(c in name for c in "[]{}<>|\\\"*") and not re.fullmatch(r"[0-9]+[kKmM]?", name))


def read_methods(path: Path) -> Iterator[tuple[str, list[str]]]:
    """(preferred name, aliases) per method: the full name is preferred, the short name an alias."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else path.open(encoding="utf-8") as f:
            items = json.load(f)
    except (OSError, ValueError, EOFError) as exc:
        raise InputError(f"{path}: not a Papers with Code methods file ({exc})") from exc
    for item in items:
        name, full = str(item.get("name") or "").strip(), str(item.get("full_name") or "").strip()
        preferred = full if usable_name(full) else name
        if usable_name(preferred):
            yield preferred, [name] if name != preferred and usable_name(name) else []


def read_datasets(path: Path) -> Iterator[tuple[str, list[str]]]:
    """(name, variants) per dataset line; variants that name a split or differ only by case are dropped."""
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                except ValueError as exc:
                    raise InputError(f"{path}:{number}: not JSON ({exc})") from exc
                name = str(item.get("id") or item.get("name") or "").strip()
                if usable_name(name):
                    variants = {str(v).strip() for v in item.get("variants") or ()}
                    yield name, sorted(v for v in variants if usable_name(v) and v.casefold() != name.casefold())
    except OSError as exc:
        raise InputError(f"{path}: cannot read datasets file ({exc.strerror})") from exc


def read_tasks(path: Path) -> Iterator[tuple[str, list[str]]]:
    """Task names, one quoted name per line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read tasks file ({exc.strerror})") from exc
    for line in lines:
        name = line.strip().strip(",").strip().strip('"').strip()
        if usable_name(name) and len(name) > 3:
            yield name, []


def build_graph(sources: Iterable[tuple[EntityType, Iterable[tuple[str, list[str]]]]]) -> rdflib.Graph:
    """One concept per entity key; the first source to claim a key keeps it (methods, datasets, tasks)."""
    graph = rdflib.Graph()
    graph.bind("skos", SKOS)
    graph.bind("kg", KG)
    graph.bind("kgr", ENTITY)
    graph.add((SCHEME, RDF.type, SKOS.ConceptScheme))
    graph.add((SCHEME, SKOS.prefLabel, rdflib.Literal("Papers with Code names (imported)", lang="en")))
    seen: set[str] = set()
    for kind, entries in sources:
        for name, aliases in sorted(entries):
            key = entity_key(name)
            if key in seen:
                continue
            seen.add(key)
            concept = ENTITY[key]
            graph.add((concept, RDF.type, SKOS.Concept))
            graph.add((concept, RDF.type, KG[kind.value]))
            graph.add((concept, SKOS.prefLabel, rdflib.Literal(name, lang="en")))
            graph.add((concept, SKOS.inScheme, SCHEME))
            for alias in aliases:
                graph.add((concept, SKOS.altLabel, rdflib.Literal(alias, lang="en")))
    return graph


def write_pwc_vocabulary(out: Path, *, methods: Path | None = None, datasets: Path | None = None,
                         tasks: Path | None = None) -> int:
    """Write the SKOS Turtle file for whichever lists are given; returns the number of concepts."""
    sources = []
    for kind, path, reader in ((EntityType.METHOD, methods, read_methods),
                               (EntityType.DATASET, datasets, read_datasets),
                               (EntityType.TASK, tasks, read_tasks)):
        if path is not None:
            sources.append((kind, list(reader(path))))
    if not sources:
        raise InputError("give at least one of --methods, --datasets, --tasks")
    graph = build_graph(sources)
    write_bytes(out, graph.serialize(format="longturtle", encoding="utf-8"))
    return len(set(graph.subjects(RDF.type, SKOS.Concept)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Convert a Papers with Code dump into a SKOS vocabulary.")
    parser.add_argument("--methods", type=Path, help="methods JSON (.json or .json.gz)")
    parser.add_argument("--datasets", type=Path, help="datasets JSON Lines")
    parser.add_argument("--tasks", type=Path, help="task names, one quoted name per line")
    parser.add_argument("--out", type=Path, required=True, help="Turtle file to write")
    args = parser.parse_args(argv)
    count = write_pwc_vocabulary(args.out, methods=args.methods, datasets=args.datasets, tasks=args.tasks)
    print(f"wrote {args.out}: {count} concepts")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
