"""``kg build --update``: adding inputs to a build gives the graph a full build of the union gives."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from filecompare import assert_same_bytes

from kg.build import build_corpus
from kg.errors import UsageError
from kg.extract import Extractor
from kg.incremental import IncrementalBuild, build_incremental
from kg.model import Mention
from kg.partitions import write_ntriples
from kg.state import STATE_DIR, save_state

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
PAGES = sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.default()


@pytest.fixture(scope="module")
def first(extractor: Extractor) -> IncrementalBuild:
    """A build of the first two seed pages."""
    return build_incremental(PAGES[:2], extractor=extractor)


@pytest.fixture(scope="module")
def update(tmp_path_factory: pytest.TempPathFactory, first: IncrementalBuild,
           extractor: Extractor) -> tuple[IncrementalBuild, list[str]]:
    """The last two pages added to ``first`` through its saved state, and the texts it extracted."""
    folder = tmp_path_factory.mktemp("build") / STATE_DIR
    save_state(first.state, folder)
    seen: list[str] = []

    def annotate(texts: list[str]) -> Iterable[list[Mention]]:
        seen.extend(texts)
        return extractor.annotate(texts)

    return build_incremental(PAGES[2:], state_dir=folder, extractor=extractor, annotate=annotate), seen


def test_update_gives_the_corpus_of_a_full_build_of_the_union(update, extractor: Extractor) -> None:
    full, _ = build_corpus(PAGES, extractor=extractor)
    assert update[0].corpus == full


def test_update_writes_byte_identical_exports(update, extractor: Extractor, tmp_path: Path) -> None:
    full, _ = build_corpus(PAGES, extractor=extractor)
    write_ntriples(update[0].corpus, tmp_path / "update.nt")
    write_ntriples(full, tmp_path / "full.nt")
    assert_same_bytes(tmp_path / "update.nt", tmp_path / "full.nt")


def test_update_extracts_only_papers_it_has_not_seen(first: IncrementalBuild, update) -> None:
    result, seen = update
    assert seen and not {paper.text for paper in first.corpus.papers} & set(seen)
    assert result.extracted == len(seen)
    assert result.reused + result.extracted == len(result.corpus.papers)


def test_update_keeps_every_paper_iri_of_the_first_build(first: IncrementalBuild, update) -> None:
    assert {p.key for p in first.corpus.papers} <= {p.key for p in update[0].corpus.papers}


def test_rereading_an_input_that_changed_is_refused(tmp_path: Path, first: IncrementalBuild) -> None:
    page = tmp_path / "page.txt"
    page.write_text("changed", encoding="utf-8")
    state = first.state
    save_state(type(state)(state.extractor, ((page.as_posix(), "0" * 64),), state.entries, state.mentions),
               tmp_path / STATE_DIR)
    with pytest.raises(UsageError, match="changed since the last build"):
        build_incremental([page], state_dir=tmp_path / STATE_DIR, extractor=object())


def test_update_without_a_previous_build_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no build state"):
        build_incremental(PAGES[:1], state_dir=tmp_path / STATE_DIR, extractor=object())
