"""The paperkg benchmark: one command that measures every figure in docs/benchmarks.md.

Each measurement runs in its own child process so that peak RSS (``os.wait4``'s per-child
``ru_maxrss``) belongs to that measurement alone and no cache survives from one to the next:

1. ``rates``: extraction abstracts/s pinned to one core, and bare ``spacy.blank("en")`` tokenisation of
   the same texts in the same process, as a ratio (how far the extractor is from the tokenizer's floor);
   then the time spent in each pipeline component, for whoever profiles the extractor.
2. ``build`` per corpus size: the end-to-end build (read, extract and link, corpus) and the export writes.
3. ``queries``: the shipped example queries (``ontology/queries/*.rq``) on the largest graph, loaded
   into pyoxigraph from its N-Triples.

Usage::

    nice -n 10 .venv/bin/python bench/run.py --sizes 10000 100000 --doc docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
sys.path.insert(0, str(REPO))

from bench.make_corpus import write_corpus  # noqa: E402

ONE_CORE = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def _texts(corpus: Path, limit: int | None = None) -> list[str]:
    """Title and abstract of each record joined as ``Paper.text`` joins them (what extraction sees)."""
    texts = []
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            texts.append(f"{record['title']}\n\n{record['abstract']}")
            if limit is not None and len(texts) >= limit:
                break
    return texts


def _timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _drain(items: Iterator[object]) -> int:
    return sum(1 for _ in items)


def child_rates(corpus: Path, limit: int, batch_size: int) -> dict[str, object]:
    """Extraction and bare tokenisation rates on one core, plus seconds per pipeline component."""
    import spacy

    from kg.extract import Extractor

    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    texts = _texts(corpus, limit)
    blank = spacy.blank("en")
    tokenise_s = _timed(lambda: _drain(blank.pipe(texts, batch_size=batch_size)))
    start = time.perf_counter()
    extractor = Extractor.default()
    load_s = time.perf_counter() - start
    extract_s = _timed(lambda: _drain(extractor.annotate(texts, batch_size=batch_size)))
    words = sum(len(t.split()) for t in texts)
    return {
        "abstracts": len(texts), "words": words, "batch_size": batch_size, "load_s": round(load_s, 2),
        "tokenise_s": round(tokenise_s, 2), "extract_s": round(extract_s, 2),
        "tokenise_per_s": round(len(texts) / tokenise_s), "extract_per_s": round(len(texts) / extract_s, 1),
        "tokenise_words_per_s": round(words / tokenise_s), "ratio": round(extract_s / tokenise_s, 1),
        "components": _component_seconds(extractor, texts[: min(len(texts), 2000)], batch_size),
    }


def _component_seconds(extractor: object, texts: list[str], batch_size: int) -> dict[str, float]:
    """Seconds each stage of the extractor's spaCy pipeline takes on ``texts`` (tokenizer included)."""
    nlp = getattr(extractor, "nlp", None)
    if nlp is None:
        return {}
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    docs = [nlp.make_doc(text) for text in texts]
    seconds["tokenizer"] = time.perf_counter() - start
    for name, proc in nlp.pipeline:
        start = time.perf_counter()
        docs = list(proc.pipe(docs, batch_size=batch_size)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        seconds[name] = time.perf_counter() - start
    return {name: round(value, 3) for name, value in seconds.items()}


def child_build(corpus: Path, out: Path) -> dict[str, object]:
    """The end-to-end build of one corpus (``kg.build.build_corpus``) and its partitioned N-Triples."""
    from kg.build import build_corpus
    from kg.partitions import write_ntriples

    start = time.perf_counter()
    corpus_obj, report = build_corpus([corpus], fmt="jsonl")
    build_s = time.perf_counter() - start
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    triples = write_ntriples(corpus_obj, out / "paperkg.nt")
    write_s = time.perf_counter() - start
    return {
        "papers": report.papers, "entities": len(corpus_obj.entities), "edges": len(corpus_obj.edges),
        "mentions": sum(len(edge.mentions) for edge in corpus_obj.edges), "triples": triples,
        "build_s": round(build_s, 1), "build_per_s": round(report.papers / build_s, 1),
        "write_s": round(write_s, 1), "total_s": round(build_s + write_s, 1),
        "nt_mb": round((out / "paperkg.nt").stat().st_size / 1e6, 1),
    }


def child_exports(corpus: Path, limit: int) -> dict[str, object]:
    """Seconds per step of ``write_rdf`` (graph, SHACL, Turtle, N-Triples, JSON-LD) on ``limit`` papers."""
    from kg.build import build_corpus
    from kg.export import rdf
    from kg.export.validate import validate_graph

    sample = OUT / f"sample-{limit}.jsonl"
    with corpus.open(encoding="utf-8") as source:
        sample.write_text("".join(line for _, line in zip(range(limit), source, strict=False)), encoding="utf-8")
    corpus_obj, _ = build_corpus([sample], fmt="jsonl")
    steps: dict[str, float] = {}

    def step(name: str, run: Callable[[], object]) -> object:
        start = time.perf_counter()
        value = run()
        steps[name] = round(time.perf_counter() - start, 1)
        return value

    graph = step("rdflib graph", lambda: rdf.corpus_to_graph(corpus_obj))
    step("SHACL validation", lambda: validate_graph(graph))
    step("Turtle (longturtle, canon)", lambda: rdf.to_turtle(graph))
    step("N-Triples (rdflib, sorted)", lambda: rdf.to_ntriples(graph))
    step("JSON-LD", lambda: rdf.to_jsonld(graph))
    partitioned = OUT / "sample.nt"
    from kg.partitions import write_ntriples

    step("N-Triples (kg.partitions)", lambda: write_ntriples(corpus_obj, partitioned))
    return {"papers": len(corpus_obj.papers), "triples": len(graph), "seconds": steps}


def child_queries(ntriples: Path, repeat: int) -> None:
    """Bulk-load the N-Triples into pyoxigraph, then time each example query (best of ``repeat``).

    Prints one JSON line per step as it goes, so a parent that stops a runaway query keeps the rest;
    a query slower than 10 s is run once.
    """
    from pyoxigraph import RdfFormat, Store

    store = Store()
    load_s = _timed(lambda: store.bulk_load(path=str(ntriples), format=RdfFormat.N_TRIPLES))
    print(json.dumps({"triples": len(store), "load_s": round(load_s, 1)}), flush=True)
    for query in sorted((REPO / "ontology" / "queries").glob("*.rq")):
        text = query.read_text(encoding="utf-8")
        run = partial(_run_query, store, text)
        runs = [_timed(run)]
        while len(runs) < repeat and runs[0] < 10:
            runs.append(_timed(run))
        print(json.dumps({"query_ms": {query.name: round(min(runs) * 1000, 1)}}), flush=True)


def _run_query(store: object, text: str) -> int:
    return _drain(iter(store.query(text)))


def _in_child(*argv: str, timeout: float | None = None) -> dict[str, object]:
    """Run this script's ``argv`` child mode; merge the JSON lines it prints; add its own peak RSS and CPU.

    With ``timeout``, a child still running is stopped and what it printed so far is kept.
    """
    env = {**os.environ, **ONE_CORE, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen([sys.executable, __file__, *argv], stdout=subprocess.PIPE, env=env, cwd=REPO)
    timer = threading.Timer(timeout, process.kill) if timeout else None
    if timer is not None:
        timer.start()
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    stopped = timer is not None and not timer.is_alive() and status != 0
    if timer is not None:
        timer.cancel()
    if status != 0 and not stopped:
        raise SystemExit(f"child {argv} failed with status {status}")
    result: dict[str, object] = {}
    for line in output.decode("utf-8").splitlines():
        for key, value in json.loads(line).items():
            result[key] = {**result[key], **value} if isinstance(value, dict) and key in result else value
    if stopped:
        result["stopped_after_s"] = timeout
    result["peak_rss_mb"] = round(usage.ru_maxrss / 1024)
    result["cpu_s"] = round(usage.ru_utime + usage.ru_stime, 1)
    return result


def _corpus(n: int) -> Path:
    path = OUT / f"corpus-{n}.jsonl"
    if not path.exists():
        print(f"generating {path.name}: {json.dumps(write_corpus(n, path))}", file=sys.stderr)
    return path


def measure(sizes: list[int], rate_n: int, export_n: int, batch_size: int, repeat: int,
            query_budget: float) -> dict[str, object]:
    """Every figure, in one run."""
    results: dict[str, object] = {"sizes": sizes, "repeat": repeat}
    smallest = _corpus(min(sizes))
    _log("rates")
    results["rates"] = _in_child("rates", str(smallest), str(rate_n), str(batch_size))
    _log("exports")
    results["exports"] = _in_child("exports", str(smallest), str(export_n))
    builds = {}
    for n in sizes:
        _log(f"build {n}")
        builds[n] = _in_child("build", str(_corpus(n)), str(OUT / f"build-{n}"))
    results["builds"] = builds
    _log("queries")
    results["queries"] = _in_child("queries", str(OUT / f"build-{max(sizes)}" / "paperkg.nt"), str(repeat),
                                   timeout=query_budget)
    return results


def _log(step: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {step} ...", file=sys.stderr, flush=True)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in {"rates", "exports", "build", "queries"}:
        mode, *rest = sys.argv[1:]
        if mode == "rates":
            result = child_rates(Path(rest[0]), int(rest[1]), int(rest[2]))
        elif mode == "exports":
            result = child_exports(Path(rest[0]), int(rest[1]))
        elif mode == "build":
            result = child_build(Path(rest[0]), Path(rest[1]))
        else:
            child_queries(Path(rest[0]), int(rest[1]))
            return
        print(json.dumps(result))
        return
    parser = argparse.ArgumentParser(description="Measure paperkg's throughput, memory and query latency.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--rate-n", type=int, default=2_000, help="abstracts for the one-core rates")
    parser.add_argument("--export-n", type=int, default=500,
                        help="abstracts for the per-format write_rdf timings (rdflib's Turtle is slow)")
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--repeat", type=int, default=3, help="runs per query (best is kept)")
    parser.add_argument("--query-budget", type=float, default=600,
                        help="seconds for loading and all queries; the rest are reported as not finished")
    parser.add_argument("--doc", type=Path, help="write the Markdown report here (e.g. docs/benchmarks.md)")
    args = parser.parse_args()
    results = measure(sorted(args.sizes), args.rate_n, args.export_n, args.batch_size, args.repeat,
                      args.query_budget)
    results["command"] = "nice -n 10 .venv/bin/python bench/run.py " + " ".join(sys.argv[1:])
    results["machine"] = _machine()
    results["date"] = dt.date.today().isoformat()
    (OUT / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if args.doc:
        from bench.report import render

        args.doc.write_text(render(results), encoding="utf-8")
    print(json.dumps(results, indent=2))


def _machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // (1024 * 1024)
    return f"{os.cpu_count()} cores ({cpu}), {memory} GiB RAM, Python {platform.python_version()}, {platform.system()}"


if __name__ == "__main__":
    main()
