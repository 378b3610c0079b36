"""The Hugging Face page reader on the four seed pages and on small slices in both layouts."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import read_inputs
from kg.model import Source

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
HEADER = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n" \
         "byAK and the research community\n\nDec 12\n\n"
ABSTRACT = "We study a thing. It works well on every benchmark we tried."


def page(tmp_path: Path, body: str, name: str = "page.txt") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_seed_pages_hold_199_entries_of_145_papers() -> None:
    result = read_inputs([SEEDS])
    assert (result.entries, len(result.papers), result.skipped) == (199, 145, ())


def test_seed_papers_are_sorted_by_key_and_keys_are_unique() -> None:
    keys = [p.key for p in read_inputs([SEEDS]).papers]
    assert keys == sorted(set(keys))


def test_header_lines_are_not_papers() -> None:
    titles = {p.title for p in read_inputs([SEEDS]).papers}
    assert not titles & {"new", "Subscribe", "Daily Papers", "byAK and the research community", "Dec 12"}


def test_paper_listed_on_four_pages_keeps_every_listing() -> None:
    papers = {p.title: p for p in read_inputs([SEEDS]).papers}
    listed = papers["Evolving Normalization-Activation Layers"]
    assert [s.file[:3] for s in listed.sources] == ["000", "001", "002", "003"]
    assert listed.sources[0] == Source(file="000_2d93422cef0b709d.txt", page_date="12-12", line=53)


def test_richest_listing_wins_over_bare_listing() -> None:
    papers = {p.title: p for p in read_inputs([SEEDS]).papers}
    paper = papers["Deep Implicit Surface Point Prediction Networks"]
    assert (paper.date, paper.author_count, len(paper.sources)) == ("2021-06-10", 7, 2)


def test_yearless_date_is_not_given_a_year() -> None:
    papers = {p.title: p for p in read_inputs([SEEDS]).papers}
    paper = papers["Principled Approaches for Extending Neural Architectures to Function Spaces for Operator Learning"]
    assert (paper.date, paper.month_day) == (None, "06-12")


def test_upvote_count_after_date_is_read() -> None:
    papers = {p.title: p for p in read_inputs([SEEDS]).papers}
    assert papers["Neural Metamorphosis"].upvotes == 3
    assert papers["Learnable SMPLify: A Neural Solution for Optimization-Free Human Pose Inverse Kinematics"] \
        .upvotes == 2


def test_latex_residue_title_is_normalised_and_raw_kept() -> None:
    paper = next(p for p in read_inputs([SEEDS]).papers if p.raw_title.startswith("HyperZ"))
    assert paper.title.startswith("HyperZ⋅Z⋅W Operator")
    assert paper.raw_title.startswith("HyperZcdotZcdotW Operator")


def test_entry_with_only_title_and_abstract(tmp_path: Path) -> None:
    (paper,) = read_inputs([page(tmp_path, f"Bare Entry\n\n{ABSTRACT}\n")]).papers
    assert (paper.title, paper.abstract, paper.date, paper.author_count) == ("Bare Entry", ABSTRACT, None, None)


def test_entry_with_date_but_no_authors_line(tmp_path: Path) -> None:
    (paper,) = read_inputs([page(tmp_path, f"Dated Entry\n\n{ABSTRACT}\n\n·\nJan 31, 2024 1\n")]).papers
    assert (paper.date, paper.upvotes, paper.author_count) == ("2024-01-31", 1, None)


def test_page_date_is_recorded_on_each_source(tmp_path: Path) -> None:
    (paper,) = read_inputs([page(tmp_path, f"Entry\n\n{ABSTRACT}\n")]).papers
    assert paper.sources == (Source(file="page.txt", page_date="12-12", line=13),)


def test_multi_line_abstract_is_joined_without_losing_text(tmp_path: Path) -> None:
    (paper,) = read_inputs([page(tmp_path, "Entry\n\nFirst line of text.\nSecond line.\n")]).papers
    assert (paper.raw_abstract, paper.abstract) == ("First line of text.\nSecond line.",
                                                    "First line of text. Second line.")


def test_crlf_page_reads_like_lf_page(tmp_path: Path) -> None:
    lf = page(tmp_path, f"Entry\n\n{ABSTRACT}\n\n  • 2 authors\n·\nJun 10, 2021\n", "lf.txt")
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(lf.read_bytes().replace(b"\n", b"\r\n"))
    first, second = read_inputs([lf]).papers[0], read_inputs([crlf]).papers[0]
    assert (first.raw_title, first.raw_abstract, first.date) == (second.raw_title, second.raw_abstract,
                                                                 second.date)


def test_second_date_line_in_one_entry_is_an_error(tmp_path: Path) -> None:
    path = page(tmp_path, f"Entry\n\n{ABSTRACT}\n\nJun 10, 2021\nJun 11, 2021\n")
    with pytest.raises(InputError, match="second date line") as caught:
        read_inputs([path])
    assert caught.value.line == 18


def test_stray_metadata_before_any_entry_is_an_error(tmp_path: Path) -> None:
    path = page(tmp_path, f"  • 3 authors\n\nEntry\n\n{ABSTRACT}\n")
    with pytest.raises(InputError, match="without a paper") as caught:
        read_inputs([path])
    assert caught.value.line == 13
