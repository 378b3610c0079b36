"""Renders bench/run.py's results as docs/benchmarks.md, so the document only ever shows measured figures."""

from __future__ import annotations

ARXIV = 2_500_000


def _hours(seconds: float) -> str:
    return f"{seconds / 3600:.1f} h" if seconds >= 3600 else f"{seconds / 60:.0f} min"


def render(results: dict) -> str:
    """The Markdown page: how it was measured, then one table per figure and the projections."""
    rates, builds, queries = results["rates"], results["builds"], results["queries"]
    lines = [
        "# Benchmarks",
        "",
        "Produced by one run of the benchmark harness (not part of the test suite):",
        "",
        "```",
        results["command"],
        "```",
        "",
        f"- Machine: {results['machine']}",
        f"- Date: {results['date']}",
        "- Corpora: `bench/make_corpus.py`, seeded synthetic abstracts built from the seed sentences plus",
        "  fresh invented names (methods, acronyms with definitions, datasets, tasks, numbers), so the",
        "  tokenizer's cache and the linker's memory see realistic novelty.",
        "",
        "## Extraction on one core",
        "",
        f"{rates['abstracts']:,} abstracts ({rates['words']:,} words), pinned to one core, batch size "
        f"{rates['batch_size']}, model load excluded ({rates['load_s']} s).",
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
        lines += ["Time per pipeline stage (first 2,000 abstracts, one core):", "",
                  "| stage | seconds | share |", "|---|---:|---:|"]
        lines += [f"| `{name}` | {value} | {value / total:.0%} |" for name, value in rates["components"].items()]
        lines.append("")
    lines += [
        "## End-to-end build",
        "",
        "Each size in its own process; peak RSS is that process's `ru_maxrss`. *build* is",
        "`kg.build.build_corpus` (read, extract, link, sorted corpus); *write* is `kg.export.rdf.write_rdf`.",
        "",
        "| abstracts | entities | edges | build s | abstracts/s | write s | total s | peak RSS |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, b in sorted(builds.items(), key=lambda kv: int(kv[0])):
        lines.append(f"| {int(n):,} | {b['entities']:,} | {b['edges']:,} | {b['build_s']} | {b['build_per_s']} | "
                     f"{b['write_s']} | {b['total_s']} | {b['peak_rss_mb']:,} MB |")
    for n, b in sorted(builds.items(), key=lambda kv: int(kv[0])):
        if b.get("writes"):
            lines += ["", f"Export writes at {int(n):,} abstracts:", "", "| file | seconds | MB |", "|---|---:|---:|"]
            lines += [f"| `{name}` | {seconds} | {b['bytes'].get(name, 0) / 1e6:.1f} |"
                      for name, seconds in b["writes"].items()]
    largest = max(builds, key=int)
    lines += [
        "",
        f"## Example queries on the {int(largest):,}-abstract graph",
        "",
        f"{queries['triples']:,} triples bulk-loaded into pyoxigraph from N-Triples in {queries['load_s']} s "
        f"(peak RSS {queries['peak_rss_mb']:,} MB); best of {results.get('repeat', 3)} runs.",
        "",
        "| query | ms |",
        "|---|---:|",
    ]
    lines += [f"| `{name}` | {ms} |" for name, ms in queries["query_ms"].items()]
    per_s = builds[largest]["papers"] / builds[largest]["total_s"]
    lines += [
        "",
        "## Projection to all of arXiv (2.5M abstracts)",
        "",
        f"At the measured end-to-end rate of the largest build ({per_s:.0f} abstracts/s, one process), "
        f"2.5M abstracts take **{_hours(ARXIV / per_s)}** on this machine. Extraction is the part that",
        "parallelises (see docs/scale-out.md): with N Dask worker processes of one core each, the extraction",
        f"share divides by N while linking and writing stay on the client; at {rates['extract_per_s']} "
        "abstracts/s per worker core, extraction alone takes "
        + ", ".join(f"{_hours(ARXIV / (rates['extract_per_s'] * n))} on {n} cores" for n in (2, 16, 64))
        + ".",
        "",
    ]
    return "\n".join(lines)
