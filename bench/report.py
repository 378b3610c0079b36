"""Renders bench/run.py's results as docs/benchmarks.md, so the document only ever shows measured figures.

Figures that are extrapolated rather than measured say so, and show the measured points they come from.
"""

from __future__ import annotations

ARXIV = 2_500_000


def _duration(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 60:.0f} min" if seconds >= 120 else f"{seconds:.0f} s"


def _linear(points: list[tuple[int, float]], n: int) -> float:
    """The value at ``n`` on the line through the two largest measured points."""
    (x0, y0), (x1, y1) = points[-2:]
    return y1 + (y1 - y0) / (x1 - x0) * (n - x1)


def render(results: dict) -> str:
    """The Markdown page: how it was measured, one table per figure, then the projections."""
    results = {**results, "builds": {int(n): b for n, b in results["builds"].items()}}
    lines = _header(results) + _rates(results["rates"]) + _exports(results["exports"])
    lines += _builds(results["builds"]) + _queries(results) + _projection(results)
    return "\n".join(lines) + "\n"


def _header(results: dict) -> list[str]:
    return [
        "# Benchmarks",
        "",
        "Produced by one run of the benchmark harness (not part of the test suite); every figure below",
        "comes from `bench/out/results.json` of that run:",
        "",
        "```",
        results["command"],
        "```",
        "",
        f"- Machine: {results['machine']}.",
        "- The machine was shared with other jobs during the run, so wall-clock seconds are upper bounds;",
        "  *CPU s* (user + system time of the measuring process) is the robust figure.",
        f"- Date: {results['date']}",
        "- Corpora: `python bench/make_corpus.py N --out ...` (seed 0): abstracts built from the seed",
        "  sentences plus fresh invented names (proposed methods, acronyms with definitions, datasets,",
        "  tasks, numbers) drawn from a growing Zipf-distributed pool, so the tokenizer cache and the",
        "  linker's memory see realistic novelty.",
        "",
    ]


def _rates(rates: dict) -> list[str]:
    lines = [
        "## Extraction on one core",
        "",
        f"The first {rates['abstracts']:,} abstracts of the smallest corpus ({rates['words']:,} words), process pinned",
        f"to one core, `nlp.pipe` batch size {rates['batch_size']}, model load excluded ({rates['load_s']} s).",
        "",
        "| | seconds | abstracts/s | words/s |",
        "|---|---:|---:|---:|",
        f"| bare `spacy.blank(\"en\")` tokenisation | {rates['tokenise_s']} | {rates['tokenise_per_s']:,} | "
        f"{rates['tokenise_words_per_s']:,} |",
        f"| extractor (`Extractor.annotate`) | {rates['extract_s']} | {rates['extract_per_s']:,} | "
        f"{round(rates['words'] / rates['extract_s']):,} |",
        "",
        f"The extractor takes **{rates['ratio']}×** the time of bare tokenisation.",
        "",
    ]
    if rates.get("components"):
        total = sum(rates["components"].values())
        lines += ["Time per pipeline stage on the same abstracts (each stage run alone over all docs):", "",
                  "| stage | seconds | share |", "|---|---:|---:|"]
        lines += [f"| `{name}` | {value} | {value / total:.0%} |" for name, value in rates["components"].items()]
        lines.append("")
    return lines


def _exports(exports: dict) -> list[str]:
    lines = [
        f"## Export writes ({exports['papers']:,} abstracts, {exports['triples']:,} triples)",
        "",
        "`kg.export.rdf.write_rdf` builds one rdflib graph, validates it with SHACL and serialises it three",
        "ways; measured step by step on a small slice because rdflib's canonical Turtle does not finish",
        "in useful time on large graphs. `kg.partitions.write_ntriples` writes the same N-Triples bytes",
        "part by part (see docs/scale-out.md) and is what the large builds below use.",
        "",
        "| step | seconds |",
        "|---|---:|",
    ]
    lines += [f"| {name} | {seconds} |" for name, seconds in exports["seconds"].items()]
    return lines + [""]


def _builds(builds: dict) -> list[str]:
    lines = [
        "## End-to-end build",
        "",
        "Each size in its own process; peak RSS is that process's `ru_maxrss`. *build* is",
        "`kg.build.build_corpus` (read, extract, link, sorted corpus: what `kg build` runs before writing);",
        "*write* is the partitioned N-Triples export.",
        "",
        "| abstracts | entities | edges | mentions | triples | build s | abstracts/s | write s | CPU s | peak RSS |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, b in sorted(builds.items(), key=lambda kv: int(kv[0])):
        lines.append(f"| {int(n):,} | {b['entities']:,} | {b['edges']:,} | {b['mentions']:,} | {b['triples']:,} | "
                     f"{b['build_s']} | {b['build_per_s']} | {b['write_s']} | {b['cpu_s']} | "
                     f"{b['peak_rss_mb']:,} MB |")
    return lines + [""]


def _queries(results: dict) -> list[str]:
    queries, largest = results["queries"], max(results["builds"], key=int)
    lines = [
        f"## Example queries on the {int(largest):,}-abstract graph",
        "",
        f"{queries['triples']:,} triples bulk-loaded into pyoxigraph from N-Triples in {queries['load_s']} s "
        f"(peak RSS {queries['peak_rss_mb']:,} MB); each shipped query in `ontology/queries/`, best of "
        f"{results.get('repeat', 3)} runs, results fully consumed.",
        "",
        "| query | ms |",
        "|---|---:|",
    ]
    lines += [f"| `{name}` | {ms} |" for name, ms in queries.get("query_ms", {}).items()]
    if queries.get("stopped_after_s"):
        lines += ["", f"Stopped after {queries['stopped_after_s']:.0f} s (the harness's `--query-budget`): the queries",
                  "not listed had not finished by then."]
    return lines + [""]


def _projection(results: dict) -> list[str]:
    builds, rates = results["builds"], results["rates"]
    sizes = sorted(int(n) for n in builds)
    lines = ["## Projections (extrapolated, not measured)", ""]
    if len(sizes) >= 2 and 100_000 not in sizes:
        seconds = [(n, builds[n]["cpu_s"]) for n in sizes]
        rss = [(n, builds[n]["peak_rss_mb"]) for n in sizes]
        lines += [
            f"100,000 abstracts, on the line through the {sizes[-2]:,} and {sizes[-1]:,} builds: about "
            f"**{_duration(_linear(seconds, 100_000))} CPU** and **{_linear(rss, 100_000):,.0f} MB peak RSS**.",
            "",
        ]
    largest = sizes[-1]
    build = builds[largest]
    per_s = largest / build["cpu_s"]
    extract_cpu = min(build["cpu_s"], largest / rates["extract_per_s"])
    # Extraction and the N-Triples parts run on workers; reading, linking and merging stay on the client.
    parallel_share = min(1.0, (extract_cpu + build["write_s"]) / build["cpu_s"])
    serial = ARXIV / per_s * (1 - parallel_share)

    def on(workers: int) -> str:
        return _duration(serial + ARXIV / per_s * parallel_share / workers)

    lines += [
        f"All of arXiv (2.5M abstracts) at the measured end-to-end rate of the {largest:,} build ({per_s:.0f} "
        "abstracts per CPU second, one process):",
        "",
        f"- one core: **{_duration(ARXIV / per_s)}**;",
        f"- this 2-core machine with two single-threaded Dask workers: about **{on(2)}**, if the second core",
        "  is free (not measured: the machine was shared; each worker loads its own model);",
        f"- N Dask workers of one core each: extraction and the N-Triples parts ({parallel_share:.0%} of the CPU",
        f"  time at {largest:,}) divide by N; reading, linking and merging stay on the client (about",
        f"  {_duration(serial)} if they stay linear):",
        "  " + ", ".join(f"N = {n}: about {on(n)}" for n in (8, 32, 128)) + ".",
        "",
        "Memory grows with what the build holds (papers, edges with their evidence, the linker's mentions),",
        "so a 2.5M build does not fit a small machine without the streaming changes listed in the report.",
        "",
    ]
    return lines
