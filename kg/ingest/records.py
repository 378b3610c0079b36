"""Building one ``Paper`` from one input entry: limits, normalisation and the paper key.

Limits are errors, not truncation: cutting a title or abstract would lose text and change the
paper's key silently. ``MAX_TITLE_CHARS`` is far above any real title (arXiv's longest are a
few hundred characters) and ``MAX_ABSTRACT_CHARS`` far above arXiv's 1,920-character abstract
limit, so only broken or hostile input reaches them.
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.errors import InputError
from kg.iri import paper_key
from kg.model import Paper, Source

from .normalize import normalize_text

MAX_TITLE_CHARS = 2_000
MAX_ABSTRACT_CHARS = 100_000
MAX_AUTHORS = 10_000


def make_paper(
    *,
    title: str,
    abstract: str,
    source: Source,
    path: str,
    line: int | None,
    arxiv_id: str | None = None,
    authors: Sequence[str] = (),
    author_count: int | None = None,
    date: str | None = None,
    month_day: str | None = None,
    upvotes: int | None = None,
    url: str | None = None,
    categories: Sequence[str] = (),
) -> Paper:
    """A ``Paper`` for one entry, or ``InputError`` (at ``path``:``line``) if a field is unusable."""
    _check_length("title", title, MAX_TITLE_CHARS, path, line)
    _check_length("abstract", abstract, MAX_ABSTRACT_CHARS, path, line)
    if len(authors) > MAX_AUTHORS:
        raise InputError(f"{len(authors)} authors exceed the limit of {MAX_AUTHORS}", path=path, line=line)
    clean_title = normalize_text(title)
    clean_abstract = normalize_text(abstract)
    if not clean_title:
        raise InputError("entry has an empty title", path=path, line=line)
    if not clean_abstract:
        raise InputError(f"entry {_quote(clean_title)} has no abstract", path=path, line=line)
    clean_authors = tuple(a for a in (normalize_text(name) for name in authors) if a)
    count = len(clean_authors) if clean_authors else author_count
    return Paper(
        key=paper_key(clean_title, arxiv_id),
        title=clean_title,
        abstract=clean_abstract,
        raw_title=title,
        raw_abstract=abstract,
        arxiv_id=arxiv_id,
        authors=clean_authors,
        author_count=count,
        date=date,
        month_day=month_day if date is None else None,
        upvotes=upvotes,
        url=url,
        categories=tuple(sorted(set(categories))),
        sources=(source,),
    )


def _check_length(field: str, value: str, limit: int, path: str, line: int | None) -> None:
    if len(value) > limit:
        raise InputError(f"{field} has {len(value):,} characters, over the limit of {limit:,}",
                         path=path, line=line)


def _quote(title: str, width: int = 60) -> str:
    return repr(title if len(title) <= width else title[: width - 1] + "…")
