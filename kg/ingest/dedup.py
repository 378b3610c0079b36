"""Deduplication: one ``Paper`` per paper, however many pages or files list it.

Two listings are the same paper when they share an arXiv id, or when their normalised titles fold
to the same string (case, accents and spacing ignored). A listing without an id joins the paper
with that title only when exactly one arXiv id carries the title; two different ids with one
title stay two papers (it happens: short titles get reused).

Conflicting metadata is resolved by fixed rules, so the result never depends on input order:

* title and abstract come from the *primary* listing: the one with the most metadata, then the
  longest abstract, then the first source (file name, line);
* ``date``: the earliest full date (a paper's first publication; later listings show revisions);
  a yearless ``month_day`` only when no listing gives a year — no year is ever invented;
* ``upvotes``: the highest count (pages are snapshots, counts only grow);
* ``authors``: the longest list; ``author_count``: its length, else the highest count given;
* ``url``: the primary's, else the next listing's; ``categories``: the union;
* ``sources``: every listing, sorted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from kg.iri import fold, paper_key
from kg.model import Paper, Source


def merge_papers(papers: Iterable[Paper]) -> tuple[Paper, ...]:
    """The distinct papers among ``papers`` (see the module docstring), sorted by key."""
    listings = list(papers)
    ids_by_title: dict[str, set[str]] = defaultdict(set)
    for paper in listings:
        if paper.arxiv_id:
            ids_by_title[fold(paper.title)].add(paper.arxiv_id)
    groups: dict[str, list[Paper]] = defaultdict(list)
    for paper in listings:
        groups[_group(paper, ids_by_title)].append(paper)
    by_key: dict[str, list[Paper]] = defaultdict(list)
    for members in groups.values():
        merged = merge_group(members)
        by_key[merged.key].append(merged)
    return tuple(merge_group(same) if len(same) > 1 else same[0] for _, same in sorted(by_key.items()))


def _group(paper: Paper, ids_by_title: dict[str, set[str]]) -> str:
    if paper.arxiv_id:
        return "arxiv:" + paper.arxiv_id
    ids = ids_by_title.get(fold(paper.title), set())
    if len(ids) == 1:
        return "arxiv:" + next(iter(ids))
    return "title:" + fold(paper.title)


def _richness(paper: Paper) -> tuple[int, int]:
    filled = sum(value not in (None, (), "") for value in (
        paper.arxiv_id, paper.authors, paper.author_count, paper.date or paper.month_day, paper.upvotes,
        paper.url, paper.categories))
    return filled, len(paper.abstract)


def _first_source(paper: Paper) -> tuple[str, int, str]:
    return min((_source_order(s) for s in paper.sources), default=("", 0, ""))


def _source_order(source: Source) -> tuple[str, int, str]:
    return source.file, source.line or 0, source.page_date or ""


def merge_group(listings: list[Paper]) -> Paper:
    """One paper from listings known to be the same paper."""
    ordered = sorted(listings, key=lambda p: (tuple(-x for x in _richness(p)), _first_source(p), p.title))
    primary = ordered[0]
    full_dates = sorted(p.date for p in ordered if p.date)
    authors = max((p.authors for p in ordered), key=len)
    counts = [p.author_count for p in ordered if p.author_count is not None]
    upvotes = [p.upvotes for p in ordered if p.upvotes is not None]
    arxiv_id = next((p.arxiv_id for p in ordered if p.arxiv_id), None)
    date = full_dates[0] if full_dates else None
    return Paper(
        key=paper_key(primary.title, arxiv_id),
        title=primary.title,
        abstract=primary.abstract,
        raw_title=primary.raw_title,
        raw_abstract=primary.raw_abstract,
        arxiv_id=arxiv_id,
        authors=authors,
        author_count=len(authors) if authors else (max(counts) if counts else None),
        date=date,
        month_day=None if date else next((p.month_day for p in ordered if p.month_day), None),
        upvotes=max(upvotes) if upvotes else None,
        url=next((p.url for p in ordered if p.url), None),
        categories=tuple(sorted({c for p in ordered for c in p.categories})),
        sources=tuple(sorted({s for p in ordered for s in p.sources}, key=_source_order)),
    )
