"""Time writing HTML pages of about 500 and 5,000 nodes (a benchmark, not a test).

    .venv/bin/python bench/html_bench.py [--repeat 3] [--sizes 500,5000] [--out bench/out]

Corpora are synthetic (``tests/html_corpus.synthetic_corpus``: 4 entity links per paper, skewed
entity popularity), one entity per five papers, every entity shown. Prints the best of ``--repeat``
runs per size (wall clock and this process's CPU time, which a busy shared machine inflates less)
for selection + layout + JSON + template + atomic write, and the page size; for
comparison it also times pyvis's own ``add_node``/``add_edge`` on the same nodes and edges once.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from html_corpus import synthetic_corpus  # noqa: E402
from pyvis.network import Network  # noqa: E402

from kg.export.html import write_html  # noqa: E402


def _pyvis_add_calls(nodes: int, edges: list[tuple[str, str]], node_ids: list[str]) -> float:
    """Seconds pyvis's own per-node/per-edge API needs for the same graph (its linear scans add up)."""
    net = Network()
    start = time.perf_counter()
    for node_id in node_ids[:nodes]:
        net.add_node(node_id, label=node_id)
    for a, b in edges:
        net.add_edge(a, b)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="500,5000", help="approximate node counts, comma-separated")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument("--no-pyvis", action="store_true", help="skip timing pyvis add_node/add_edge")
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        papers, entities = size * 5 // 6, size // 6
        corpus = synthetic_corpus(papers, entities)
        target = args.out / f"html_{size}.html"
        times, cpu = [], []
        for _ in range(args.repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            summary = write_html(corpus, target, max_entities=entities)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        print(
            f"{summary.nodes:>6,} nodes {summary.edges:>7,} edges: write_html best {min(times):.3f} s wall, "
            f"{min(cpu):.3f} s CPU (wall runs: {', '.join(f'{t:.3f}' for t in times)}), "
            f"page {target.stat().st_size / 1e6:.1f} MB"
        )
        if not args.no_pyvis:
            ids = [f"paper/{p.key}" for p in corpus.papers] + [f"entity/{e.key}" for e in corpus.entities]
            links = [(f"paper/{e.paper_key}", f"entity/{e.entity_key}") for e in corpus.edges]
            print(f"{'':>6} pyvis add_node/add_edge alone for the same graph: "
                  f"{_pyvis_add_calls(len(ids), links, ids):.2f} s")


if __name__ == "__main__":
    main()
