"""Property-based tests of ingestion (issue 8): generated pages in both layouts are read back with
every entry exactly once and its text intact; arbitrary text, bytes and JSON never crash a reader.

Generated abstracts end with a full stop: a page cannot say which of two short unpunctuated
paragraphs is the title, and hf_pages documents how it decides.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest import iter_entries, read_inputs
from kg.ingest.hf_pages import _AUTHORS, _DATE, _DOT, HEADER_LINES, TITLE_LIKE_CHARS
from kg.ingest.normalize import normalize_text
from kg.iri import paper_key

# KG_FUZZ_EXAMPLES=5000 runs a longer, randomised search; the default run is short and repeatable.
FUZZ_EXAMPLES = os.environ.get("KG_FUZZ_EXAMPLES")
SETTINGS = settings(max_examples=int(FUZZ_EXAMPLES or 100), derandomize=FUZZ_EXAMPLES is None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
HEADER = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n" \
         "byAK and the research community\n\nDec 12\n\n"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

_line_chars = st.characters(blacklist_characters="\n\r", blacklist_categories=("Cs",))


def _is_text_line(line: str) -> bool:
    return bool(line.strip()) and not any(p.fullmatch(line) for p in (_AUTHORS, _DOT, _DATE)) \
        and " ".join(line.split()).casefold() not in HEADER_LINES and "\x00" not in line


titles = st.text(_line_chars, min_size=1, max_size=120).filter(
    lambda t: _is_text_line(t) and not t.strip().endswith(".") and bool(normalize_text(t))
    and len(t.strip()) <= TITLE_LIKE_CHARS)
abstract_lines = st.text(_line_chars, min_size=1, max_size=200).filter(_is_text_line)
abstracts = st.lists(abstract_lines, min_size=1, max_size=3).map(lambda lines: "\n".join(lines) + ".").filter(
    lambda a: bool(normalize_text(a)))
dates = st.tuples(st.sampled_from(range(12)), st.integers(1, 28), st.none() | st.integers(1990, 2030),
                  st.none() | st.integers(0, 999))
metas = st.sampled_from(["none", "full", "date-only", "dot-date"])


def _render(entries: list[tuple[str, str, str, tuple]]) -> tuple[str, list[int]]:
    """The page text and each entry's title line number."""
    text = HEADER
    lines = []
    for title, abstract, meta, (month, day, year, votes) in entries:
        lines.append(text.count("\n") + 1)
        text += f"{title}\n\n{abstract}\n\n"
        written = f"{MONTHS[month]} {day}" + (f", {year}" if year else "") + (f" {votes}" if votes is not None
                                                                               else "")
        text += {"none": "", "full": f"  • 3 authors\n·\n{written}\n\n", "date-only": f"{written}\n\n",
                 "dot-date": f"·\n{written}\n\n"}[meta]
    return text, lines


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@SETTINGS
@given(st.lists(st.tuples(titles, abstracts, metas, dates), min_size=1, max_size=6))
def test_every_generated_entry_is_read_once_with_its_text(workdir: Path, entries: list) -> None:
    text, title_lines = _render(entries)
    path = workdir / "page.txt"
    path.write_text(text, encoding="utf-8")
    read = list(iter_entries([path]))
    assert [(p.raw_title, p.raw_abstract) for p in read] == [(t, a) for t, a, _, _ in entries]
    assert [p.sources[0].line for p in read] == title_lines
    for paper, (_, _, meta, (month, day, year, votes)) in zip(read, entries, strict=True):
        if meta == "none":
            assert (paper.date, paper.month_day, paper.upvotes) == (None, None, None)
        elif year:
            assert (paper.date, paper.upvotes) == (f"{year}-{month + 1:02d}-{day:02d}", votes)
        else:
            assert (paper.date, paper.month_day) == (None, f"{month + 1:02d}-{day:02d}")


@SETTINGS
@given(st.lists(st.tuples(titles, abstracts, metas, dates), min_size=1, max_size=6))
def test_every_entry_lands_in_exactly_one_paper(workdir: Path, entries: list) -> None:
    text, title_lines = _render(entries)
    path = workdir / "page.txt"
    path.write_text(text, encoding="utf-8")
    papers = read_inputs([path]).papers
    owners = [[p.key for p in papers if any(s.line == line for s in p.sources)] for line in title_lines]
    assert all(len(owner) == 1 for owner in owners)
    assert {p.key for p in papers} == {paper_key(normalize_text(t)) for t, _, _, _ in entries}


@SETTINGS
@given(st.text(max_size=2000))
def test_any_text_gives_papers_or_one_input_error(workdir: Path, text: str) -> None:
    path = workdir / "any.txt"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        result = read_inputs([path])
    except InputError as error:
        assert "\n" not in error.one_line()
    else:
        assert result.entries >= len(result.papers) >= 1


@SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes_give_papers_or_one_input_error(workdir: Path, data: bytes) -> None:
    path = workdir / "any.bin"
    path.write_bytes(data)
    try:
        read_inputs([path], skip_bad=True)
    except InputError as error:
        assert error.path == str(path)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=10)
fields = st.sampled_from(["title", "abstract", "id", "authors", "date", "url", "upvotes", "categories",
                          "versions", "update_date", "authors_parsed"])


paper_fields = st.fixed_dictionaries({"title": st.text(min_size=1, max_size=40),
                                      "abstract": st.text(min_size=1, max_size=80)})
records = st.tuples(paper_fields | st.just({}), st.dictionaries(fields, json_values, max_size=4)).map(
    lambda parts: {**parts[0], **parts[1]})


@SETTINGS
@given(st.lists(records, min_size=1, max_size=5))
def test_any_json_objects_give_papers_or_errors_per_line(workdir: Path, records: list[dict]) -> None:
    path = workdir / "any.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    skipped: list[InputError] = []
    read = list(iter_entries([path], skip_bad=True, on_skip=skipped.append))
    assert len(read) + len(skipped) == len(records)
    assert all(error.line is not None for error in skipped)
    assert all(p.title and p.abstract for p in read)
