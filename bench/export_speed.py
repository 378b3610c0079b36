"""The export writers before and after the N-Triples string back-end, on one corpus, in one process.

The old writers are read from git at ``--old`` (a revision before the change; nothing is checked out):
``kg/export/rdf.py``'s rdflib graph builder serialised row by row with rdflib's ``_nt_row`` (the old
``kg.partitions.part_lines``, copied below) and ``kg/export/stream.py``'s ``write_jsonld``. Old and new
run alternately on the same ``Corpus``, ``--repeat`` times (best time kept, as the machine is shared),
and their files are compared byte for byte; the script fails if they differ.

The corpus is the first ``--papers`` lines of a JSONL file built with the fast extractor
(``kg build --fast``), which is quick and gives the exporter real text and real mentions.

Usage::

    .venv/bin/python bench/export_speed.py bench/out/corpus-10000.jsonl --papers 2000 --old 3373a3b
"""

from __future__ import annotations

import argparse
import filecmp
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.corpus import Corpus  # noqa: E402
from kg.export import stream  # noqa: E402
from kg.export.rdf import PREFIXES  # noqa: E402
from kg.partitions import Part, part_lines, split, write_ntriples  # noqa: E402


def old_module(revision: str, path: str, name: str) -> ModuleType:
    """The module at ``path`` as it was at ``revision`` (imports resolve to today's ``kg``)."""
    source = subprocess.run(["git", "show", f"{revision}:{path}"], cwd=REPO, check=True, capture_output=True,
                            text=True).stdout
    spec = importlib.util.spec_from_loader(name, loader=None)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[name] = module
    exec(compile(source, f"{revision}:{path}", "exec"), module.__dict__)  # noqa: S102
    return module


def old_part_lines(old_rdf: ModuleType) -> Callable[[Part], list[str]]:
    """``kg.partitions.part_lines`` before the change: rdflib terms from the graph builder, ``_nt_row``."""
    from rdflib.plugins.serializers.nt import _nt_row

    def part_lines(part: Part) -> list[str]:
        class _RowBuilder(old_rdf._GraphBuilder):
            def add(self, s: object, p: object, o: object) -> None:
                rows.add(_nt_row((s, p, o))[:-1])

        rows: set[str] = set()
        builder = _RowBuilder(Corpus(papers=part.papers, entities=(), edges=part.edges,
                                     provenance=part.provenance, notes=part.notes))
        for paper in part.papers:
            builder.paper(paper)
        for entity, count in part.entities:
            builder.entity(entity, count)
        for edge in part.edges:
            builder.edge(edge)
        for old, new in part.redirects:
            builder.redirect(old, new)
        if part.build_record:
            builder.provenance(part.provenance, part.notes)
        return sorted(rows)

    return part_lines


def load_corpus(jsonl: Path, papers: int, folder: Path) -> Corpus:
    from kg.build import build_corpus
    from kg.extract import Extractor

    sliced = folder / "slice.jsonl"
    with jsonl.open(encoding="utf-8") as source, sliced.open("w", encoding="utf-8") as target:
        for index, line in enumerate(source):
            if index >= papers:
                break
            target.write(line)
    corpus, _ = build_corpus([sliced], extractor=Extractor.fast())
    return corpus


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of ``run()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="JSONL corpus (bench/make_corpus.py)")
    parser.add_argument("--papers", type=int, default=2000, help="first N lines of the corpus")
    parser.add_argument("--old", required=True, help="git revision of the writers to compare against")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    old_rdf = old_module(args.old, "kg/export/rdf.py", "old_kg_export_rdf")
    old_stream = old_module(args.old, "kg/export/stream.py", "old_kg_export_stream")
    old_lines = old_part_lines(old_rdf)
    with tempfile.TemporaryDirectory(prefix="export-speed-") as tmp:
        folder = Path(tmp)
        corpus = load_corpus(args.corpus, args.papers, folder)
        parts = split(corpus)
        nt = {name: folder / f"{name}.nt" for name in ("old", "new")}
        jsonld = {name: folder / f"{name}.jsonld" for name in ("old", "new")}
        steps: dict[str, dict[str, Callable[[], object]]] = {
            "part_lines": {"old": lambda: _each(old_lines, parts), "new": lambda: _each(part_lines, parts)},
            "write_ntriples": {
                "old": lambda: write_ntriples(corpus, nt["old"], serialise=lambda items: map(old_lines, items)),
                "new": lambda: write_ntriples(corpus, nt["new"]),
            },
            "write_jsonld": {"old": _jsonld(old_stream, nt["new"], jsonld["old"]),
                             "new": _jsonld(stream, nt["new"], jsonld["new"])},
        }
        best: dict[str, dict[str, list[float]]] = {step: {} for step in steps}
        for _ in range(args.repeat):
            for step, runs in steps.items():
                for name, run in runs.items():
                    wall, cpu = timed(run)
                    kept = best[step].get(name)
                    best[step][name] = [wall, cpu] if kept is None else [min(kept[0], wall), min(kept[1], cpu)]
        triples = sum(1 for _ in nt["new"].open(encoding="utf-8"))
        identical = {"paperkg.nt": filecmp.cmp(nt["old"], nt["new"], shallow=False),
                     "paperkg.jsonld": filecmp.cmp(jsonld["old"], jsonld["new"], shallow=False)}
    report = {
        "papers": len(corpus.papers), "edges": len(corpus.edges),
        "mentions": sum(len(edge.mentions) for edge in corpus.edges), "triples": triples,
        "identical": identical,
        "seconds": {step: {name: {"wall": round(w, 2), "cpu": round(c, 2)} for name, (w, c) in runs.items()}
                    for step, runs in best.items()},
        "speed-up (cpu)": {step: round(runs["old"][1] / runs["new"][1], 1) for step, runs in best.items()},
    }
    print(json.dumps(report, indent=2))
    if not all(identical.values()):
        sys.exit("old and new exports differ")


def _each(lines_of: Callable[[Part], list[str]], parts: list[Part]) -> None:
    for part in parts:
        lines_of(part)


def _jsonld(module: ModuleType, ntriples: Path, target: Path) -> Callable[[], None]:
    def run() -> None:
        with target.open("w", encoding="utf-8", newline="\n") as handle:
            module.write_jsonld(ntriples, handle, PREFIXES)
    return run


if __name__ == "__main__":
    main()
