"""The build state beside the exports: what ``kg build --update`` reloads instead of re-running spaCy."""

from __future__ import annotations

from pathlib import Path

import pytest
from filecompare import assert_same_bytes
from rdf_samples import EDGES, PAPERS

from kg.errors import ExportError
from kg.state import BuildState, load_state, save_state, text_hash


def _state() -> BuildState:
    by_paper = {paper.key: paper for paper in PAPERS}
    mentions: dict[str, list] = {}
    for edge in EDGES:
        mentions.setdefault(text_hash(by_paper[edge.paper_key].text), []).extend(edge.mentions)
    return BuildState(extractor="kg-extractor 1.2", inputs=(("seeds/b.txt", "b" * 64), ("seeds/a.txt", "a" * 64)),
                      entries=PAPERS, mentions={key: tuple(found) for key, found in mentions.items()})


def test_saved_state_loads_back_equal(tmp_path: Path) -> None:
    state = _state()
    save_state(state, tmp_path)
    assert load_state(tmp_path) == state


def test_saving_the_same_state_twice_gives_identical_files(tmp_path: Path) -> None:
    save_state(_state(), tmp_path / "one")
    save_state(_state(), tmp_path / "two")
    for name in ("state.json", "entries.jsonl.gz", "mentions.jsonl.gz"):
        assert_same_bytes(tmp_path / "one" / name, tmp_path / "two" / name)


def test_a_folder_without_state_has_none(tmp_path: Path) -> None:
    assert load_state(tmp_path) is None


def test_a_damaged_state_is_one_clear_error(tmp_path: Path) -> None:
    save_state(_state(), tmp_path)
    (tmp_path / "mentions.jsonl.gz").write_bytes(b"not gzip")
    with pytest.raises(ExportError, match="run a full build"):
        load_state(tmp_path)


def test_state_lines_hold_every_field_as_dataclasses_asdict_writes_it(tmp_path: Path) -> None:
    """The files stay the format earlier builds wrote, whatever way the records are turned into JSON."""
    import dataclasses
    import gzip
    import json

    state = _state()
    save_state(state, tmp_path)
    with gzip.open(tmp_path / "entries.jsonl.gz", "rt", encoding="utf-8") as handle:
        entries = [json.loads(line) for line in handle]
    with gzip.open(tmp_path / "mentions.jsonl.gz", "rt", encoding="utf-8") as handle:
        mentions = {record["hash"]: record["mentions"] for record in map(json.loads, handle)}
    assert entries == [json.loads(json.dumps(dataclasses.asdict(paper))) for paper in state.entries]
    assert any(paper["sources"] for paper in entries)
    assert mentions == {key: [json.loads(json.dumps(dataclasses.asdict(m))) for m in found]
                        for key, found in state.mentions.items()}
