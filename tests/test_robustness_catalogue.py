"""The bad-input catalogue (issue 8): every case gives one clear error naming the file and line, or a
clean result; ``skip_bad`` goes on past each error case and records it.

Small inputs live in ``tests/bad_inputs/``; large, binary or filesystem cases (5 MB abstract,
random bytes, FIFO, unreadable files) are made in ``tmp_path`` so the repository stays small.
docs/exit-codes.md lists the same cases for users.
"""

from __future__ import annotations

import gzip
import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import read_inputs
from kg.ingest.files import MAX_LINE_BYTES

BAD = Path(__file__).parent / "bad_inputs"
GOOD_LINE = '{"title": "A Good Paper", "abstract": "It reads fine."}\n'


def stored(name: str) -> Callable[[Path], Path]:
    return lambda tmp: BAD / name


def written(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(data)
        return path
    return make


def random_bytes(tmp: Path) -> Path:
    path = tmp / "random.bin"
    path.write_bytes(random.Random(8).randbytes(4096))
    return path


def huge_abstract(tmp: Path) -> Path:
    path = tmp / "huge_abstract.jsonl"
    path.write_text(GOOD_LINE + json.dumps({"title": "Huge", "abstract": "word " * 1_000_000}) + "\n")
    return path


def huge_title_page(tmp: Path) -> Path:
    path = tmp / "huge_title.txt"
    path.write_text("Daily Papers\n\n" + "T" * 100_000 + "\n\nAn abstract that is fine.\n")
    return path


def over_long_line(tmp: Path) -> Path:
    path = tmp / "long_line.jsonl"
    with path.open("w") as handle:
        handle.write(GOOD_LINE)
        handle.write('{"title": "x", "abstract": "' + "y" * (MAX_LINE_BYTES + 10) + '"}\n')
    return path


def fifo(tmp: Path) -> Path:
    path = tmp / "pipe.txt"
    os.mkfifo(path)
    return path


def empty_dir(tmp: Path) -> Path:
    path = tmp / "nothing"
    (path / ".hidden").mkdir(parents=True)
    (path / ".hidden" / "ignored.txt").write_text("hidden files are not inputs")
    return path


def broken_link_dir(tmp: Path) -> Path:
    path = tmp / "links"
    path.mkdir()
    (path / "gone.jsonl").symlink_to(tmp / "does-not-exist.jsonl")
    return path


@dataclass(frozen=True)
class Bad:
    """A bad input, the words its error must contain, and the line it must name (or None)."""

    name: str
    make: Callable[[Path], Path]
    message: str
    line: int | None
    inner: str | None = None  # for folders: the file inside that the error names


ERRORS = [
    Bad("empty file", stored("empty.txt"), "empty file", None),
    Bad("whitespace-only file", stored("whitespace_only.txt"), "only whitespace", None),
    Bad("page with only a header", stored("header_only.txt"), "no papers found", None),
    Bad("random binary bytes", random_bytes, "binary file (NUL byte)", 1),
    Bad("gzip archive", written("snapshot.json", gzip.compress(GOOD_LINE.encode())), "gzip-compressed", None),
    Bad("NUL bytes in a page", stored("nul_bytes.txt"), "NUL byte", 15),
    Bad("Latin-1 text", stored("latin1.txt"), "not valid UTF-8: byte 0xE9 at column 3 (looks like Latin-1", 13),
    Bad("UTF-16 without byte-order mark", stored("utf16_no_bom.txt"), "UTF-16 text without a byte-order mark", 1),
    Bad("5 MB abstract", huge_abstract, "abstract has 5,000,000 characters, over the limit", 2),
    Bad("100k-character title", huge_title_page, "title has 100,000 characters, over the limit", 3),
    Bad("line over 16 MiB", over_long_line, "line longer than 16 MiB", 2),
    Bad("title without abstract mid-page", stored("no_abstract.txt"), "'A Title Left Alone' has a title but no", 13),
    Bad("title without abstract at the end", stored("no_abstract_at_end.txt"), "has a title but no abstract", 21),
    Bad("JSON Lines missing abstract", stored("missing_abstract.jsonl"), "missing required field 'abstract'", 1),
    Bad("JSON Lines broken line", stored("broken_line.jsonl"), "invalid JSON at column 33", 2),
    Bad("JSON Lines non-object line", stored("non_object.jsonl"), "expected a JSON object, got an array", 2),
    Bad("JSON Lines wrong-typed field", stored("wrong_types.jsonl"), "'title' must be a string, not a number", 2),
    Bad("JSON nested too deeply", written("deep.jsonl", b'{"title": ' + b"[" * 100_000 + b"\n"), "nested too deeply",
        1),
    Bad("impossible date Feb 30", stored("feb30.txt"), "impossible date 'Feb 30, 2021'", 19),
    Bad("impossible ISO date", written("iso.jsonl", b'{"title": "t", "abstract": "a", "date": "2021-02-30"}\n'),
        "impossible date '2021-02-30'", 1),
    Bad("negative upvotes", written("votes.jsonl", b'{"title": "t", "abstract": "a", "upvotes": -1}\n'),
        "'upvotes' must be a whole number", 1),
    Bad("arXiv record with a non-arXiv id", stored("arxiv_bad_id.json"), "not an arXiv identifier", 1),
    Bad("missing path", lambda tmp: tmp / "no-such-file.txt", "no such file or directory", None),
    Bad("FIFO instead of a file", fifo, "not a regular file", None),
    Bad("folder with no input files", empty_dir, "directory contains no input files", None),
    Bad("folder with a broken symbolic link", broken_link_dir, "broken symbolic link", None, inner="gone.jsonl"),
]


@pytest.mark.parametrize("case", ERRORS, ids=lambda case: case.name)
def test_bad_input_gives_one_error_naming_file_and_line(case: Bad, tmp_path: Path) -> None:
    path = case.make(tmp_path)
    with pytest.raises(InputError) as caught:
        read_inputs([path])
    error = caught.value
    expected_path = path / case.inner if case.inner else path
    assert (error.path, error.line, error.exit_code) == (str(expected_path), case.line, 2)
    assert case.message in error.message
    where = f"{expected_path}:{case.line}: " if case.line else f"{expected_path}: "
    assert error.one_line().startswith(where) and "\n" not in error.one_line()


@pytest.mark.parametrize("case", ERRORS, ids=lambda case: case.name)
def test_skip_bad_goes_on_and_records_the_skip(case: Bad, tmp_path: Path) -> None:
    path = case.make(tmp_path)
    good = tmp_path / "zz_good.jsonl"
    good.write_text(GOOD_LINE)
    result = read_inputs([path, good], skip_bad=True)
    assert "A Good Paper" in {p.title for p in result.papers}
    assert any(case.message in skipped for skipped in result.skipped)


def test_skip_bad_counts_every_bad_line_of_a_file() -> None:
    result = read_inputs([BAD / "wrong_types.jsonl"], skip_bad=True)
    assert [p.title for p in result.papers] == ["Good One"]
    assert [s.split(": ", 1)[0].rsplit(":", 1)[1] for s in result.skipped] == ["2", "3", "4"]


def test_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("text")
    real_open = Path.open

    def refuse(self: Path, *args: object, **kwargs: object):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(InputError, match="permission denied") as caught:
        read_inputs([path])
    assert caught.value.path == str(path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_folder_with_unreadable_file_skips_it(tmp_path: Path) -> None:
    (tmp_path / "a_locked.jsonl").write_text(GOOD_LINE)
    (tmp_path / "a_locked.jsonl").chmod(0)
    (tmp_path / "b_good.jsonl").write_text(GOOD_LINE)
    result = read_inputs([tmp_path], skip_bad=True)
    assert (len(result.papers), len(result.skipped)) == (1, 1)
    assert "permission denied" in result.skipped[0]


def test_utf16_with_byte_order_mark_is_read() -> None:
    (paper,) = read_inputs([BAD / "utf16_bom.txt"]).papers
    assert (paper.title, paper.date) == ("Fréchet Networks Saved as UTF-16", "2021-06-10")


def test_utf8_byte_order_mark_is_dropped() -> None:
    (paper,) = read_inputs([BAD / "utf8_bom.txt"]).papers
    assert paper.raw_title == "A Paper Saved With a Byte-Order Mark"


def test_markup_and_rtl_titles_come_out_clean() -> None:
    papers = read_inputs([BAD / "markup_rtl.txt"]).papers
    titles = sorted(p.title for p in papers)
    assert titles == ['Attention & Memory: שלום עולם - "Bidirectional" Models', "HyperZ⋅Z⋅W Networks"]
    assert "<b>" in next(p.raw_title for p in papers if p.title.startswith("Attention"))


def test_yearless_feb_29_is_a_real_date() -> None:
    (paper,) = read_inputs([BAD / "feb29_yearless.txt"]).papers
    assert (paper.date, paper.month_day, paper.upvotes) == (None, "02-29", 4)


def test_unknown_json_fields_are_ignored_and_known_ones_read() -> None:
    (paper,) = read_inputs([BAD / "unknown_fields.jsonl"]).papers
    assert (paper.key, paper.date, paper.upvotes) == ("arxiv-2106-01234", "2021-06-02", 5)
    assert paper.authors == ("Ada Lovelace", "Alan Turing", "Grace Hopper")


def test_duplicates_with_conflicting_metadata_merge_by_fixed_rules() -> None:
    result = read_inputs([BAD / "conflicting_b.jsonl", BAD / "conflicting_a.jsonl"])
    (paper,) = result.papers
    assert result.entries == 3
    assert paper.title == "Conflicting Metadata (Revised)"          # richest listing
    assert (paper.date, paper.upvotes, paper.authors) == ("2021-06-10", 9, ("A. One", "B. Two"))
    assert [(s.file, s.line) for s in paper.sources] == [
        ("conflicting_a.jsonl", 1), ("conflicting_b.jsonl", 1), ("conflicting_b.jsonl", 2)]


def test_entries_with_a_date_but_no_authors_line() -> None:
    papers = {p.title: p for p in read_inputs([BAD / "date_without_authors.txt"]).papers}
    assert (papers["Dated but Anonymous"].date, papers["Dated but Anonymous"].upvotes) == ("2024-01-31", 7)
    assert papers["Only a Date Line"].month_day == "05-08"


def test_hidden_files_in_a_folder_are_not_read(tmp_path: Path) -> None:
    (tmp_path / ".draft.jsonl").write_text("not json at all")
    (tmp_path / "good.jsonl").write_text(GOOD_LINE)
    assert [p.title for p in read_inputs([tmp_path]).papers] == ["A Good Paper"]
