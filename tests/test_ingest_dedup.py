"""Deduplication rules: which listings are one paper, and how conflicting metadata is resolved."""

from __future__ import annotations

from kg.ingest.dedup import merge_papers
from kg.iri import paper_key
from kg.model import Paper, Source


def listing(title: str, line: int, **fields: object) -> Paper:
    arxiv_id = fields.get("arxiv_id")
    return Paper(key=paper_key(title, arxiv_id), title=title, abstract=str(fields.pop("abstract", "A.")),
                 raw_title=title, sources=(Source(file="f.txt", line=line),), **fields)


def test_titles_differing_in_case_and_spacing_are_one_paper() -> None:
    (paper,) = merge_papers([listing("Deep  Nets", 1), listing("deep nets", 2)])
    assert [s.line for s in paper.sources] == [1, 2]


def test_same_title_with_two_arxiv_ids_stays_two_papers() -> None:
    papers = merge_papers([listing("Attention", 1, arxiv_id="1706.03762"), listing("Attention", 2,
                                                                                     arxiv_id="2001.00001"),
                           listing("Attention", 3)])
    assert sorted(p.key for p in papers) == ["arxiv-1706-03762", "arxiv-2001-00001", "attention"]


def test_listing_without_id_joins_the_only_paper_with_its_title() -> None:
    (paper,) = merge_papers([listing("Attention", 1), listing("Attention", 2, arxiv_id="1706.03762")])
    assert (paper.key, len(paper.sources)) == ("arxiv-1706-03762", 2)


def test_earliest_full_date_wins_and_no_year_is_invented() -> None:
    (dated,) = merge_papers([listing("P", 1, date="2023-05-01"), listing("P", 2, date="2021-06-10"),
                             listing("P", 3, month_day="06-12")])
    (yearless,) = merge_papers([listing("Q", 1, month_day="06-12"), listing("Q", 2)])
    assert (dated.date, dated.month_day) == ("2021-06-10", None)
    assert (yearless.date, yearless.month_day) == (None, "06-12")


def test_highest_upvotes_and_author_count_win() -> None:
    (paper,) = merge_papers([listing("P", 1, upvotes=3, author_count=5), listing("P", 2, upvotes=7,
                                                                                   author_count=4)])
    assert (paper.upvotes, paper.author_count) == (7, 5)


def test_result_does_not_depend_on_input_order() -> None:
    items = [listing("P", 1, abstract="short"), listing("P", 2, abstract="a longer abstract", upvotes=1),
             listing("R", 3)]
    assert merge_papers(items) == merge_papers(list(reversed(items)))
