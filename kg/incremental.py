"""Builds that remember: ``kg build --update`` adds papers without re-extracting the old ones.

The same function makes full and incremental builds, so they cannot drift apart:

1. listings: the saved ones (``kg.state``) plus those of the inputs not read before;
2. papers: deduplication over *all* listings (order-independent, so the union gives what a full
   build of the union gives);
3. extraction only for paper texts without cached mentions (a new paper, or a paper whose chosen
   abstract changed), in one process or on Dask (``annotate``);
4. linking over every paper's mentions at once (acronym memory, canonical names, counts);
5. the provenance lists the saved inputs, then the new ones, as a full build of ``A B`` lists ``A``, ``B``.

So ``build A`` then ``build --update B`` writes byte-identical exports to ``build A B``; every
existing IRI stays as long as a full rebuild of the union would keep it (IRIs derive from stable keys).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg import __version__
from kg.build import BuildReport, file_digest, input_files
from kg.corpus import Corpus, Provenance
from kg.errors import InputError, UsageError
from kg.model import Edge, Entity, Mention, Paper
from kg.state import BuildState, load_state, text_hash

Annotate = Callable[[list[str]], Iterable[list[Mention]]]
"""Texts → each text's extractor mentions, in order (one process, or ``kg.distributed.annotate``)."""


@dataclass(frozen=True, slots=True)
class IncrementalBuild:
    """A build's corpus and report, the state to save once its exports are written, and what it reused."""

    corpus: Corpus
    report: BuildReport
    state: BuildState
    extracted: int
    reused: int


def _new_inputs(inputs: Sequence[str | Path], previous: tuple[tuple[str, str], ...],
                on_error: Callable[[InputError], None] | None = None) -> list[tuple[Path, str]]:
    """Input files not read by the previous build; an input that changed since then is an error."""
    known = dict(previous)
    fresh = []
    for path in input_files(inputs, on_error):
        if not path.is_file():
            continue
        digest = file_digest(path)
        if path.as_posix() not in known:
            fresh.append((path, digest))
        elif known[path.as_posix()] != digest:
            raise UsageError(f"{path} changed since the last build; --update only adds inputs, "
                             "so run a full build to replace it")
    return fresh


def _extractor_id(extractor: Any) -> str:
    return f"{extractor.name} {extractor.version}"


def build_incremental(
    inputs: Sequence[str | Path],
    *,
    state_dir: Path | None = None,
    fmt: str | None = None,
    skip_bad: bool = False,
    extractor: Any | None = None,
    load_extractor: Callable[[], Any] | None = None,
    annotate: Annotate | None = None,
    batch_size: int = 256,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    on_state: Callable[[BuildState], None] | None = None,
) -> IncrementalBuild:
    """Build from ``inputs`` on top of the state saved in ``state_dir`` (a full build when it is ``None``).

    ``extractor`` (or, when it is ``None``, what ``load_extractor`` returns, by default the shipped
    extractor) is loaded only once the inputs have been read.
    ``annotate`` replaces in-process extraction (``kg.distributed`` passes one that runs on a cluster);
    ``progress`` counts extracted texts and ``on_total`` receives how many need extracting.
    ``on_state`` receives the build's state as soon as extraction ends, before linking (``kg build``
    starts writing it then); the result holds the same state.
    """
    from kg.ingest import iter_entries, merge_papers

    previous = None
    if state_dir is not None:
        previous = load_state(state_dir)
        if previous is None:
            raise UsageError(f"no build state in {state_dir}; run a full `kg build` into that folder first")
    skipped: list[str] = []
    fresh = _new_inputs(inputs, previous.inputs if previous else (),
                        (lambda error: skipped.append(error.one_line())) if skip_bad else None)
    entries = list(iter_entries([path for path, _ in fresh], fmt=fmt, skip_bad=skip_bad,
                                on_skip=lambda error: skipped.append(error.one_line()))) if fresh else []
    if not entries and previous is None:
        raise InputError(f"no papers found in the inputs ({len(skipped)} bad entries or files skipped)",
                         path=str(inputs[0]) if inputs else None)
    # Loaded only now: bad input fails in a fraction of a second, not after the ~3 s model load.
    if extractor is None:
        from kg.extract import Extractor

        extractor = (load_extractor or Extractor.default)()
    reusable = previous is not None and previous.extractor == _extractor_id(extractor)
    cache = dict(previous.mentions) if reusable else {}
    listings = (previous.entries if previous else ()) + tuple(entries)
    papers = merge_papers(listings)
    hashes = [text_hash(p.text) for p in papers]
    run = annotate or (lambda texts: extractor.annotate(texts, batch_size=batch_size))
    extracted = _extract_missing(papers, hashes, cache, run, progress, on_total)
    mentions = [cache[key] for key in hashes]
    inputs_read = (previous.inputs if previous else ()) + tuple((p.as_posix(), d) for p, d in fresh)
    state = BuildState(extractor=_extractor_id(extractor), inputs=inputs_read, entries=listings,
                       mentions={key: cache[key] for key in hashes})
    if on_state is not None:
        on_state(state)
    entities, edges, notes = _link(papers, mentions, extractor)
    provenance = Provenance(
        tool_version=__version__, extractor=_extractor_id(extractor), inputs=inputs_read,
        settings=(("format", fmt or "auto"), ("skip_bad", str(skip_bad).lower())),
    )
    corpus = Corpus.of(papers, entities, edges, provenance=provenance, notes=notes)
    report = BuildReport(entries=len(entries), papers=len(papers), skipped=tuple(skipped))
    return IncrementalBuild(corpus, report, state, extracted=extracted, reused=len(papers) - extracted)


def _extract_missing(papers: Sequence[Paper], hashes: Sequence[str], cache: dict[str, tuple[Mention, ...]],
                     run: Annotate, progress: Callable[[int], None] | None,
                     on_total: Callable[[int], None] | None) -> int:
    """Extract the texts ``cache`` has no mentions for into it; returns how many were extracted.

    A function of its own so the texts to extract (one title-and-abstract copy per paper, the size of
    the input) are freed when extraction ends, not held through linking and the build's return.
    """
    todo = sorted({key: paper.text for paper, key in zip(papers, hashes, strict=True) if key not in cache}.items())
    if on_total is not None:
        on_total(len(todo))
    for (key, _), found in zip(todo, _counted(run([text for _, text in todo]), progress), strict=True):
        cache[key] = tuple(found)
    return len(todo)


def _counted(items: Iterable[list[Mention]], progress: Callable[[int], None] | None) -> Iterator[list[Mention]]:
    for item in items:
        if progress is not None:
            progress(1)
        yield item


def _link(papers: Sequence[Paper], mentions: Sequence[Sequence[Mention]],
          extractor: Any) -> tuple[list[Entity], list[Edge], list[str]]:
    from kg.link import link_mentions

    return link_mentions(papers, mentions, extractor.vocabulary)
