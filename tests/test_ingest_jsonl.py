"""JSON Lines and arXiv snapshot readers, and format detection by content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import InputError, UsageError
from kg.ingest import iter_entries, read_inputs

BAD = Path(__file__).parent / "bad_inputs"


def jsonl(tmp_path: Path, *records: dict, name: str = "papers.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_minimal_record_needs_only_title_and_abstract(tmp_path: Path) -> None:
    (paper,) = read_inputs([jsonl(tmp_path, {"title": "T", "abstract": "A."})]).papers
    assert (paper.key, paper.title, paper.abstract, paper.arxiv_id) == ("t", "T", "A.", None)


def test_arxiv_id_in_id_or_url_becomes_the_key(tmp_path: Path) -> None:
    path = jsonl(tmp_path, {"title": "One", "abstract": "A.", "id": "arXiv:2106.01234v2"},
                 {"title": "Two", "abstract": "B.", "url": "https://arxiv.org/pdf/2301.00001v1.pdf"})
    assert [p.key for p in read_inputs([path]).papers] == ["arxiv-2106-01234", "arxiv-2301-00001"]


def test_non_arxiv_id_keeps_title_key(tmp_path: Path) -> None:
    (paper,) = read_inputs([jsonl(tmp_path, {"title": "My Paper", "abstract": "A.", "id": "doc-7"})]).papers
    assert (paper.key, paper.arxiv_id) == ("my-paper", None)


def test_yearless_and_human_dates_are_accepted(tmp_path: Path) -> None:
    path = jsonl(tmp_path, {"title": "One", "abstract": "A.", "date": "Jun 12"},
                 {"title": "Two", "abstract": "B.", "date": "Jun 10, 2021"},
                 {"title": "Three", "abstract": "C.", "date": "2021-06-10T12:00:00Z"})
    got = {p.title: (p.date, p.month_day) for p in read_inputs([path]).papers}
    assert got == {"One": (None, "06-12"), "Two": ("2021-06-10", None), "Three": ("2021-06-10", None)}


def test_unrecognised_date_names_the_line(tmp_path: Path) -> None:
    path = jsonl(tmp_path, {"title": "One", "abstract": "A."}, {"title": "Two", "abstract": "B.", "date": "soon"})
    with pytest.raises(InputError, match="unrecognised date 'soon'") as caught:
        read_inputs([path])
    assert caught.value.line == 2


def test_null_fields_count_as_absent(tmp_path: Path) -> None:
    (paper,) = read_inputs([jsonl(tmp_path, {"title": "T", "abstract": "A.", "date": None, "authors": None})]).papers
    assert (paper.date, paper.authors) == (None, ())


def test_boolean_upvotes_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="'upvotes' must be a whole number"):
        read_inputs([jsonl(tmp_path, {"title": "T", "abstract": "A.", "upvotes": True})])


def test_blank_lines_are_skipped_and_line_numbers_kept(tmp_path: Path) -> None:
    path = tmp_path / "gaps.jsonl"
    path.write_text('\n{"title": "T", "abstract": "A."}\n\n', encoding="utf-8")
    (paper,) = read_inputs([path]).papers
    assert paper.sources[0].line == 2


def test_arxiv_snapshot_record() -> None:
    (paper,) = read_inputs([BAD / "arxiv_snapshot.json"]).papers
    assert paper.key == "arxiv-0704-0001"
    assert paper.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    assert paper.date == "2007-04-02"                      # first version, not update_date
    assert paper.authors == ("C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan")
    assert (paper.categories, paper.url) == (("hep-ph",), "https://arxiv.org/abs/0704.0001")


def test_arxiv_record_without_versions_falls_back_to_update_date(tmp_path: Path) -> None:
    record = {"id": "hep-th/9901001", "title": "Old Style", "abstract": "A.", "update_date": "1999-01-05",
              "authors": "A. Author and B. Author"}
    (paper,) = read_inputs([jsonl(tmp_path, record, name="snap.json")]).papers
    assert (paper.key, paper.date, paper.authors) == ("arxiv-hep-th-9901001", "1999-01-05",
                                                      ("A. Author", "B. Author"))


@pytest.mark.parametrize(("first_line", "fmt"), [
    ('{"id": "0704.0001", "title": "t", "abstract": "a", "versions": []}', "arxiv"),
    ('{"title": "t", "abstract": "a"}', "jsonl"),
    ('{"title": "broken', "jsonl"),
    ("Daily Papers", "hf"),
])
def test_format_is_detected_from_content(tmp_path: Path, first_line: str, fmt: str) -> None:
    from kg.ingest.detect import detect_format
    from kg.ingest.files import read_lines

    path = tmp_path / "input.dat"
    path.write_text("\n" + first_line + "\n", encoding="utf-8")
    detected, lines = detect_format(read_lines(path))
    assert detected == fmt
    assert [n for n, _ in lines] == [1, 2]


def test_format_flag_overrides_detection(tmp_path: Path) -> None:
    path = jsonl(tmp_path, {"title": "T", "abstract": "A."})
    with pytest.raises(InputError, match="not an arXiv identifier|missing required field 'id'"):
        read_inputs([path], fmt="arxiv")


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unknown input format"):
        list(iter_entries([tmp_path], fmt="csv"))
