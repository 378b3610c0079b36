"""The ``kg`` command line: thin argparse commands over the library.

Every failure a user can cause ends as one line on stderr and a documented exit code
(see ``kg.errors`` and docs/exit-codes.md); tracebacks only with ``KG_DEBUG=1``.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TextIO

from kg import __version__
from kg.errors import InputError, KgError, UsageError

DEFAULT_EXPORT = Path("exports/paperkg.ttl")
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KgError as error:
        print(f"kg: error: {error.one_line()}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("kg: interrupted; existing exports were left as they were", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
    except Exception as error:  # noqa: BLE001 - the CLI promises one line, never a traceback
        if os.environ.get("KG_DEBUG"):
            raise
        print(f"kg: internal error: {type(error).__name__}: {error} (KG_DEBUG=1 shows the traceback)",
              file=sys.stderr)
        return EXIT_INTERNAL


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg", description="Build and query a knowledge graph of ML papers and their entities.")
    parser.add_argument("--version", action="version", version=f"paperkg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = sub.add_parser("build", help="build the graph from inputs into an export folder",
                           description="Read papers (HF Daily Papers pages, JSON Lines, arXiv snapshot), "
                                       "extract entities and write Turtle, N-Triples, JSON-LD and HTML.")
    build.add_argument("inputs", nargs="*", default=["seeds"], metavar="INPUT",
                       help="files or folders to read (default: seeds)")
    build.add_argument("--out", type=Path, default=Path("exports"), help="export folder (default: exports)")
    build.add_argument("--format", dest="fmt", choices=["hf", "jsonl", "arxiv"],
                       help="input format (default: detected from each file's content)")
    build.add_argument("--skip-bad", action="store_true", help="skip malformed entries/files and count them")
    build.add_argument("--no-html", action="store_true", help="do not write paperkg.html")
    build.add_argument("--vocabulary", type=Path, action="append", default=[], metavar="TTL",
                       help="extra SKOS vocabulary (e.g. from `kg import-pwc`); repeatable")
    _detector_flags(build)
    build.add_argument("--update", action="store_true",
                       help="add new inputs to the build in --out, re-extracting only unseen papers")
    build.add_argument("--jobs", type=int, metavar="N",
                       help="extract in N local processes (about 380 MB each; inputs under 4,000 new "
                            "papers are extracted in this process)")
    build.add_argument("--workers", type=int, metavar="N", help="extract on a local Dask cluster of N workers")
    build.add_argument("--dask", metavar="ADDR", help="extract on a running Dask scheduler, e.g. tcp://host:8786")
    build.set_defaults(func=_cmd_build)

    extract = sub.add_parser("extract", help="annotate JSON Lines {id, text} with typed entity mentions",
                             description="Read JSON Lines {\"id\": ..., \"text\": ...} from files or stdin and "
                                         "write one line {\"id\", \"mentions\": [...]} per input line.")
    extract.add_argument("files", nargs="*", type=Path, help="JSON Lines files (default: stdin)")
    _detector_flags(extract)
    extract.add_argument("--details", action="store_true",
                         help="also give label, role, confidence, component and sentence offsets per mention")
    extract.set_defaults(func=_cmd_extract)

    query = sub.add_parser("query", help="run SPARQL over an export",
                           description="Run a SPARQL query (a string or a .rq file) over an export.")
    query.add_argument("query", help="SPARQL text or path to a .rq file")
    query.add_argument("--data", type=Path, default=DEFAULT_EXPORT, help=f"export (default: {DEFAULT_EXPORT})")
    query.add_argument("--format", dest="fmt", choices=["table", "csv", "json"], default="table",
                       help="output format (default: table)")
    query.set_defaults(func=_cmd_query)

    stats = sub.add_parser("stats", help="counts, top entities per type, acronym conflicts")
    stats.add_argument("--data", type=Path, default=DEFAULT_EXPORT, help=f"export (default: {DEFAULT_EXPORT})")
    stats.add_argument("--top", type=int, default=5, help="entities listed per type (default: 5)")
    stats.set_defaults(func=_cmd_stats)

    show = sub.add_parser("show", help="an entity by label or alias: type, aliases, papers, evidence")
    show.add_argument("name", help="label or alias, case-insensitive")
    show.add_argument("--data", type=Path, default=DEFAULT_EXPORT, help=f"export (default: {DEFAULT_EXPORT})")
    show.set_defaults(func=_cmd_show)

    return _more_commands(sub, parser)


def _more_commands(sub: argparse._SubParsersAction, parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    viz = sub.add_parser("viz", help="write an interactive HTML view of an export",
                         description="Write an offline, interactive HTML graph (whole graph, a focus, or "
                                     "entity co-occurrence).")
    viz.add_argument("--data", type=Path, default=DEFAULT_EXPORT, help=f"export (default: {DEFAULT_EXPORT})")
    viz.add_argument("--out", type=Path, default=Path("exports/view.html"), help="HTML file to write")
    viz.add_argument("--view", choices=["papers", "cooccurrence"], default="papers",
                     help="papers and their entities, or entities linked by shared papers (default: papers)")
    viz.add_argument("--focus", help="centre the view on this entity (label or alias)")
    viz.add_argument("--hops", type=int, default=1, help="neighbourhood radius around --focus (default: 1)")
    viz.add_argument("--min-papers", type=int, default=1, help="hide entities in fewer papers (default: 1)")
    viz.add_argument("--types", help="comma-separated entity types to keep, e.g. Method,Dataset")
    viz.add_argument("--max-entities", type=int, help="cap on entities shown, most connected first (default: 100)")
    viz.set_defaults(func=_cmd_viz)

    serve = sub.add_parser("serve", help="read-only SPARQL endpoint on 127.0.0.1 over an export")
    serve.add_argument("--data", type=Path, default=DEFAULT_EXPORT, help=f"export (default: {DEFAULT_EXPORT})")
    serve.add_argument("--port", type=int, default=7878, help="port (default: 7878)")
    serve.add_argument("--timeout", type=float, default=30.0, help="query timeout in seconds (default: 30)")
    serve.set_defaults(func=_cmd_serve)

    evaluate = sub.add_parser("eval", help="measure extraction quality on the dev golds, the held-out gold and "
                                           "SciERC dev")
    evaluate.add_argument("--gold", type=Path, default=Path("tests/gold/seed_gold.json"),
                          help="hand-annotated gold (default: tests/gold/seed_gold.json)")
    evaluate.add_argument("--dev2", type=Path, default=Path("tests/gold/seed_gold_dev2.json"),
                          help="second hand-annotated dev gold (default: tests/gold/seed_gold_dev2.json)")
    evaluate.add_argument("--heldout", type=Path, default=Path("tests/gold/seed_gold_heldout.json"),
                          help="hand-annotated gold never tuned on (default: tests/gold/seed_gold_heldout.json)")
    evaluate.add_argument("--scierc", type=Path, default=Path("../shared/data/scierc/dev.json"),
                          help="SciERC split in JSON Lines (default: ../shared/data/scierc/dev.json)")
    evaluate.add_argument("--details", type=int, default=0, metavar="N",
                          help="also list N missed and N spurious entities")
    _detector_flags(evaluate)
    evaluate.set_defaults(func=_cmd_eval)

    pwc = sub.add_parser("import-pwc", help="turn a Papers with Code dump into an extra SKOS vocabulary",
                         description="Convert Papers with Code lists (methods .json.gz, datasets .jsonl, "
                                     "tasks .txt) into a SKOS Turtle vocabulary for `kg build --vocabulary`.")
    pwc.add_argument("--methods", type=Path, help="methods JSON (optionally gzipped)")
    pwc.add_argument("--datasets", type=Path, help="datasets JSON Lines")
    pwc.add_argument("--tasks", type=Path, help="task names, one per line")
    pwc.add_argument("--out", type=Path, required=True, help="Turtle file to write")
    pwc.set_defaults(func=_cmd_import_pwc)
    return parser


def _cmd_build(args: argparse.Namespace) -> int:
    from kg.distributed import ExtractorSpec, annotator
    from kg.incremental import build_incremental
    from kg.memory import release
    from kg.processes import PRESTART_BYTES, ProcessAnnotator
    from kg.progress import ProgressBar
    from kg.state import STATE_DIR, BuildState, StateWriter, may_fork
    from kg.summary import format_build_summary

    missing = [str(p) for p in args.inputs if not Path(p).exists()]
    if missing:
        raise InputError("no such file or directory", path=missing[0])
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if args.jobs is not None and (args.workers or args.dask):
        raise UsageError("--jobs extracts in local processes; it cannot be combined with --workers or --dask")
    state_dir = args.out / STATE_DIR
    # The cluster extracts; the export is written here: pure-Python N-Triples parts ran 8x slower
    # inside a Dask worker (84 against 10 microseconds a triple, measured on the 20k benchmark).
    spec = ExtractorSpec(fast=args.fast, lean=args.lean, vocabularies=tuple(str(p) for p in args.vocabulary))
    _check_vocabularies(args)
    # The build loads the extractor once the inputs are read (bad input fails fast); --jobs shares it
    # for inputs too small for processes. Where others extract, this process needs only the
    # extractor's identity and vocabulary, not its pipeline (seconds to load).
    load_extractor = functools.cache(lambda: _extractor(args) or spec())
    # The state is written from the end of extraction by a forked copy of this process while this one
    # links (``StateWriter``; where forking is unsafe, by a thread beside the exports), and published
    # last: it must only ever describe exports that were completely written.
    writers = ExitStack()
    forked: list[StateWriter] = []

    def write_state(state: BuildState) -> None:
        if may_fork():
            forked.append(writers.enter_context(StateWriter(state, state_dir, args.out, fork=True)))

    with writers:
        with ExitStack() as stack, annotator(workers=args.workers, address=args.dask, spec=spec) as annotate, \
                ProgressBar("extracting", unit="paper") as bar:
            if annotate is None and args.jobs and args.jobs > 1:
                annotate = stack.enter_context(ProcessAnnotator(args.jobs, spec, load_extractor))
                if not args.update and _input_bytes(args.inputs) >= PRESTART_BYTES:
                    annotate.prestart()  # the processes load their extractors while this one reads
            result = build_incremental(args.inputs, state_dir=state_dir if args.update else None, fmt=args.fmt,
                                       skip_bad=args.skip_bad, annotate=annotate,
                                       load_extractor=load_extractor if annotate is None else spec.identity,
                                       progress=bar.update, on_total=bar.set_total, on_state=write_state)
            del annotate
            load_extractor.cache_clear()
        release()  # the extractor and its docs are garbage now: do not carry them into the export's peak
        state = forked[0] if forked else writers.enter_context(StateWriter(result.state, state_dir, args.out))
        written = _write_exports(result.corpus, args.out, html=not args.no_html, jobs=args.jobs or 1)
        state.publish()
    print(format_build_summary(result.corpus, result.report, written))
    if args.update:
        print(f"update: {result.extracted} papers extracted, {result.reused} reused from the previous build")
    return 0


def _input_bytes(inputs: Sequence[Path]) -> int:
    """The size of the files the build will read, to judge the input before reading it (a bad path
    is reported by the build itself)."""
    from kg.build import input_files

    return sum(path.stat().st_size for path in input_files(inputs, on_error=lambda error: None))


def _extractor(args: argparse.Namespace) -> object | None:
    """The default extractor unless --fast, --lean or --vocabulary ask for another (None: build loads
    the default)."""
    if not (args.fast or args.lean or args.vocabulary):
        return None
    return _chosen_extractor(args, args.vocabulary)


def _detector_flags(parser: argparse.ArgumentParser) -> None:
    """--fast and --lean, which pick the learned detector (none, or the lean one) for build, extract and eval."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--fast", action="store_true",
                       help="skip the learned span detector: about 8x faster, lower recall")
    group.add_argument("--lean", action="store_true",
                       help="use the lean learned detector: about 1.8x faster, slightly lower recall and precision")


def _chosen_extractor(args: argparse.Namespace, vocabularies: Sequence[Path] = ()) -> Any:
    """The extractor --fast or --lean name, else the default one (chosen as the workers choose it)."""
    from kg.distributed import ExtractorSpec

    return ExtractorSpec(fast=args.fast, lean=args.lean, vocabularies=tuple(str(p) for p in vocabularies))()


def _check_vocabularies(args: argparse.Namespace) -> None:
    for path in args.vocabulary:
        if not path.is_file():
            raise InputError("no such vocabulary file", path=path)


def _write_exports(corpus, out: Path, *, html: bool, jobs: int = 1) -> list[Path]:
    """Validate and write every export; SHACL runs before the first file is replaced."""
    from kg.export.rdf import write_rdf

    written = write_rdf(corpus, out, jobs=jobs)
    if html:
        from kg.export.html import write_html

        target = out / "paperkg.html"
        write_html(corpus, target)
        written.append(target)
    return written


def _read_jsonl(files: Sequence[Path], stdin: TextIO) -> Iterator[tuple[object, str]]:
    """Yield (id, text) from JSON Lines, naming file and line of the first bad line."""
    sources: list[tuple[str, TextIO | Path]] = [(str(f), f) for f in files] or [("<stdin>", stdin)]
    for name, source in sources:
        handle = source if not isinstance(source, Path) else _open_text(source)
        try:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    raise InputError(f"not valid JSON ({error.msg})", path=name, line=number) from None
                if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                    raise InputError('each line must be an object with a string "text"', path=name, line=number)
                yield record.get("id"), record["text"]
        except UnicodeDecodeError:
            raise InputError("not UTF-8 text", path=name) from None
        finally:
            if isinstance(source, Path):
                handle.close()


def _open_text(path: Path) -> TextIO:
    try:
        return path.open(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except OSError as error:
        raise InputError(error.strerror or "cannot read", path=path) from None


def _cmd_extract(args: argparse.Namespace) -> int:
    from kg.iri import entity_iri

    extractor = _chosen_extractor(args)
    records = _read_jsonl(args.files, sys.stdin)
    pending: deque[tuple[object, str]] = deque()

    def texts() -> Iterator[str]:
        for ident, text in records:
            pending.append((ident, text))
            yield text

    for mentions in extractor.annotate(texts()):
        ident, _ = pending.popleft()
        out = []
        for m in mentions:
            item = {"start": m.start, "end": m.end, "text": m.text, "type": str(m.type),
                    "entity": entity_iri(m.entity_key)}
            if args.details:
                item.update(label=m.label, role=str(m.role), confidence=round(m.confidence, 4),
                            component=m.component, sentence=[m.sentence_start, m.sentence_end])
            out.append(item)
        sys.stdout.write(json.dumps({"id": ident, "mentions": out}, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 0


def _cmd_query(args: argparse.Namespace) -> int:
    from kg.sparql import run_query

    sys.stdout.write(run_query(args.query, args.data, args.fmt))
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    from kg.export.rdf import load_corpus
    from kg.summary import format_stats

    print(format_stats(load_corpus(args.data), top=args.top))
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    from kg.graph import KnowledgeGraph
    from kg.summary import format_entity

    print(format_entity(KnowledgeGraph.load(args.data), args.name))
    return 0


def _cmd_viz(args: argparse.Namespace) -> int:
    from kg.export.html import write_html
    from kg.export.rdf import load_corpus

    types = [t.strip() for t in args.types.split(",") if t.strip()] if args.types else None
    summary = write_html(load_corpus(args.data), args.out, view=args.view, focus=args.focus, hops=args.hops,
                         min_papers=args.min_papers, types=types, max_entities=args.max_entities)
    print(f"wrote {args.out}: {summary}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from kg.serve import serve

    serve(args.data, port=args.port, timeout_s=args.timeout)
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from kg.evaluate import run_evaluation

    print(run_evaluation(gold=args.gold, scierc=args.scierc, heldout=args.heldout, dev2=args.dev2,
                         details=args.details, extractor=_chosen_extractor(args)))
    return 0


def _cmd_import_pwc(args: argparse.Namespace) -> int:
    from kg.extract.pwc_import import write_pwc_vocabulary

    for path in (args.methods, args.datasets, args.tasks):
        if path is not None and not path.is_file():
            raise InputError("no such file", path=path)
    count = write_pwc_vocabulary(args.out, methods=args.methods, datasets=args.datasets, tasks=args.tasks)
    print(f"wrote {args.out}: {count} concepts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
