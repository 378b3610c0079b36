"""Parse and top-20 GROUP BY times of the SPARQL engine on a ~1M-triple synthetic export.

Issue 4 chose Oxigraph over rdflib's in-memory store on this measurement; the script keeps that
choice checkable. The graph has the real export's shape (papers, entities, one ``oa:Annotation``
per mention with its selectors, the build record): a synthetic ``Corpus`` of ``--papers`` papers is
serialised by the exporter itself (``kg.partitions.write_ntriples``, byte-identical to
``write_rdf``'s N-Triples), then its paper and annotation resources are copied ``--copies`` times
under new IRIs (entities shared, so the GROUP BY counts grow) to reach the target size without
running rdflib's serialiser on a million triples; Oxigraph converts the result to Turtle. Not a
test: it takes a few minutes, most of them in the optional rdflib comparison.

Usage::

    .venv/bin/python bench/sparql_engine.py --papers 280 --copies 15 [--rdflib]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pyoxigraph as ox  # noqa: E402

from kg.corpus import Corpus, Provenance  # noqa: E402
from kg.iri import entity_key  # noqa: E402
from kg.model import Edge, Entity, EntityType, Mention, Paper, Role  # noqa: E402
from kg.partitions import write_ntriples  # noqa: E402
from kg.sparql import with_prefixes  # noqa: E402

TOP20 = """SELECT ?label (COUNT(?paper) AS ?papers) WHERE {
  ?paper kg:mentions ?entity . ?entity skos:prefLabel ?label
} GROUP BY ?label ORDER BY DESC(?papers) ?label LIMIT 20"""


def synthetic_corpus(papers: int, entities: int = 5000, edges_per_paper: int = 10, seed: int = 7) -> Corpus:
    """Papers linked to Zipf-distributed entities, one mention per edge, as a real build would give."""
    rng = random.Random(seed)
    kinds = list(EntityType)
    ents = [Entity(entity_key(f"entity {i}"), f"entity {i}", kinds[i % len(kinds)], aliases=(f"E{i}",))
            for i in range(entities)]
    weights = [1 / (rank + 1) for rank in range(entities)]
    recs, links = [], []
    for n in range(papers):
        chosen = sorted(set(rng.choices(range(entities), weights, k=edges_per_paper)))
        title = f"Paper {n} on " + ", ".join(ents[i].label for i in chosen[:2])
        abstract = " ".join(f"We use {ents[i].label}." for i in chosen)
        paper = Paper(key=f"synthetic-{n:07d}", title=title, abstract=abstract, upvotes=rng.randrange(100),
                      date="2024-01-15", author_count=3)
        recs.append(paper)
        for i in chosen:
            start = paper.text.index(ents[i].label, len(title))
            mention = Mention(start, start + len(ents[i].label), ents[i].label, ents[i].type, ents[i].label,
                              ents[i].key, "kg_vocabulary", 0.9, start - 7, start + len(ents[i].label) + 1)
            links.append(Edge(paper.key, ents[i].key, (Role.MENTIONS,), (mention,)))
    return Corpus.of(recs, ents, links, Provenance("0.1.0", "synthetic 1"))


_COPIED = re.compile(r"<(https://w3id\.org/paperkg/resource/(?:paper|annotation)/[^>/]+)")


def replicate(source: Path, target: Path, copies: int) -> int:
    """``source`` with paper and annotation IRIs copied ``copies`` times (suffix ``-cN``); returns the triples."""
    lines = source.read_text(encoding="utf-8").splitlines()
    out = {_COPIED.sub(lambda m, n=n: f"<{m[1]}-c{n}", line) for n in range(copies) for line in lines}
    target.write_text("".join(line + "\n" for line in sorted(out)), encoding="utf-8")
    return len(out)


def timed(label: str, action):  # noqa: ANN001, ANN201 - a tiny local helper
    started = time.perf_counter()
    result = action()
    print(f"| {label} | {time.perf_counter() - started:.2f} s |", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=280, help="papers in the synthetic corpus (280 ≈ 100k triples)")
    parser.add_argument("--copies", type=int, default=15, help="copies of the paper resources (15 × 280 ≈ 1M triples)")
    parser.add_argument("--rdflib", action="store_true", help="also time rdflib's in-memory store (slow)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="paperkg-bench-") as folder:
        base, nt, ttl = Path(folder) / "base.nt", Path(folder) / "graph.nt", Path(folder) / "graph.ttl"
        corpus = synthetic_corpus(args.papers)
        print("| step | time |\n|---|---|")
        timed(f"write N-Triples of {args.papers} papers (exporter)", lambda: write_ntriples(corpus, base))
        triples = replicate(base, nt, args.copies)
        store = ox.Store()
        store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
        store.dump(output=str(ttl), format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(),
                   prefixes={"kg": "https://w3id.org/paperkg/ontology#"})
        del store
        for source, fmt in ((ttl, ox.RdfFormat.TURTLE), (nt, ox.RdfFormat.N_TRIPLES)):
            store = ox.Store()
            timed(f"oxigraph bulk_load {source.suffix}", lambda s=store, p=source, f=fmt: s.bulk_load(
                path=str(p), format=f))
        rows = timed("oxigraph top-20 GROUP BY", lambda: list(store.query(with_prefixes(TOP20))))
        if args.rdflib:
            import rdflib

            graph = timed("rdflib parse .ttl", lambda: rdflib.Graph().parse(ttl, format="turtle"))
            timed("rdflib top-20 GROUP BY", lambda: list(graph.query(with_prefixes(TOP20))))
        print(f"\n{triples} triples, {len(corpus.papers) * args.copies} papers; top entity: {rows[0]['label'].value} "
              f"({rows[0]['papers'].value} papers)")


if __name__ == "__main__":
    main()
