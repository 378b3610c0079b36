"""Integrity of the hand-annotated gold sets: the dev set ``tests/gold/seed_gold.json``, the second
dev set ``tests/gold/seed_gold_dev2.json`` (the remaining seed papers, annotated completely) and the
held-out set ``tests/gold/seed_gold_heldout.json`` (never tuned on). No paper may be in two sets.

Extraction quality is measured against this file, so a typo in it silently skews every score:
a title that no longer matches its seed entry drops a paper, an alias that is not in the text can
never be found, an unknown type or tier is counted nowhere. These tests keep the file honest.

The seed pages are read with a deliberately tiny local parser (not ``kg.ingest``) so the gold
set's checks do not depend on the code whose output it judges.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "gold" / "seed_gold.json"
HELDOUT = REPO / "tests" / "gold" / "seed_gold_heldout.json"
DEV2 = REPO / "tests" / "gold" / "seed_gold_dev2.json"
SEEDS = REPO / "seeds"

TYPES = {"Method", "Dataset", "Task", "Concept", "Metric"}
TIERS = {"core", "ok"}
ROLES = {"proposed", "used"}
KEYS = {"name", "type", "tier", "aliases", "role"}
MIN_PAPERS = 40

# Lines that carry no title or abstract: "• 7 authors", "·", and dates such as
# "Jun 10, 2021", "Dec 12" or "Jan 31, 2024 1" (a trailing upvote count).
_META = re.compile(r"^(•\s*\d+\s+authors?|·|[A-Z][a-z]{2} \d{1,2}(, \d{4})?( \d+)?)$")


def normalise(text: str) -> str:
    """Collapse every whitespace run to one space: the form titles and aliases are compared in."""
    return " ".join(text.split())


def seed_entries(page: str) -> list[tuple[str, str]]:
    """(title, abstract) pairs of one Daily Papers text dump.

    The page header ends at the first date line; after it, non-empty lines that are not
    author/date markers alternate title, abstract (the markers themselves are optional).
    """
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if _META.match(line)) + 1
    body = [normalise(line) for line in lines[start:] if not _META.match(line)]
    if len(body) % 2:
        raise ValueError("seed page does not alternate title and abstract lines")
    return list(zip(body[0::2], body[1::2], strict=True))


def occurs(form: str, text: str) -> bool:
    """Whether ``form`` appears in ``text`` case-insensitively, not inside a longer word."""
    pattern = r"(?<![0-9a-z])" + re.escape(normalise(form).casefold()) + r"(?![0-9a-z])"
    return re.search(pattern, normalise(text).casefold()) is not None


@pytest.fixture(scope="module", params=[GOLD, DEV2, HELDOUT], ids=["dev", "dev2", "heldout"])
def gold(request: pytest.FixtureRequest) -> list[dict]:
    """Each gold set in turn: every check below holds for all of them."""
    return json.loads(request.param.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def dev_gold() -> list[dict]:
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pages() -> dict[str, list[tuple[str, str]]]:
    """Seed file name -> its (title, abstract) entries."""
    return {path.name: seed_entries(path.read_text(encoding="utf-8")) for path in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="module")
def seeds(pages: dict[str, list[tuple[str, str]]]) -> dict[str, str]:
    """Title -> abstract over all seed pages (a paper listed on several pages has one abstract)."""
    return {title: abstract for entries in pages.values() for title, abstract in entries}


def _entities(gold: list[dict]):
    for paper in gold:
        for entity in paper["entities"]:
            yield paper["title"], entity


def test_seed_helper_pairs_titles_with_abstracts_with_and_without_marker_lines() -> None:
    page = "new\n\nDaily Papers\n\nDec 12\n\nT1\n\nA  one.\n\n  • 3 authors\n·\nJun 10, 2021\n\nT2\n\nA two.\n"
    assert seed_entries(page) == [("T1", "A one."), ("T2", "A two.")]


def test_occurs_is_case_insensitive_and_respects_word_edges() -> None:
    assert occurs("cnn", "deep CNNs and a CNN")
    assert not occurs("NAS", "dynamics of a nasal model")


def test_gold_file_has_the_annotation_schema(gold: list[dict]) -> None:
    assert isinstance(gold, list)
    for paper in gold:
        assert set(paper) == {"title", "entities"}
        assert isinstance(paper["title"], str) and paper["entities"]
        for entity in paper["entities"]:
            assert {"name", "type", "tier", "aliases"} <= set(entity) <= KEYS, entity
            assert isinstance(entity["name"], str) and entity["name"].strip()
            assert all(isinstance(alias, str) and alias.strip() for alias in entity["aliases"])


def test_dev_gold_covers_enough_papers(dev_gold: list[dict]) -> None:
    assert len(dev_gold) >= MIN_PAPERS


def test_no_paper_is_in_two_gold_sets(seeds: dict[str, str]) -> None:
    """A held-out paper that is also tuned on is not held out. Papers are compared by abstract: one
    paper can be listed under differently escaped titles on different seed pages."""
    seen: dict[str, str] = {}
    for path in [GOLD, DEV2, HELDOUT]:
        for paper in json.loads(path.read_text(encoding="utf-8")):
            abstract = seeds[normalise(paper["title"])][:300]
            assert abstract not in seen, (path.name, paper["title"], seen.get(abstract))
            seen[abstract] = f"{path.name}: {paper['title']}"


def test_titles_are_unique(gold: list[dict]) -> None:
    titles = [normalise(paper["title"]) for paper in gold]
    assert len(titles) == len(set(titles))


def test_every_title_occurs_in_the_seed_pages(gold: list[dict], seeds: dict[str, str]) -> None:
    missing = [paper["title"] for paper in gold if normalise(paper["title"]) not in seeds]
    assert not missing


def test_dev_papers_are_drawn_from_every_seed_page(dev_gold: list[dict],
                                                  pages: dict[str, list[tuple[str, str]]]) -> None:
    titles = {normalise(paper["title"]) for paper in dev_gold}
    unused = [name for name, entries in pages.items() if not titles & {title for title, _ in entries}]
    assert not unused


def test_types_tiers_and_roles_come_from_the_allowed_sets(gold: list[dict]) -> None:
    for title, entity in _entities(gold):
        assert entity["type"] in TYPES, (title, entity)
        assert entity["tier"] in TIERS, (title, entity)
        assert entity.get("role", "used") in ROLES, (title, entity)
        assert "role" not in entity or entity["type"] == "Method", (title, entity)


def test_every_alias_occurs_in_its_papers_text(gold: list[dict], seeds: dict[str, str]) -> None:
    absent = []
    for title, entity in _entities(gold):
        text = title + " " + seeds.get(normalise(title), "")
        absent += [(title, alias) for alias in entity["aliases"] if not occurs(alias, text)]
    assert not absent


def test_every_core_entity_is_grounded_in_its_papers_text(
    gold: list[dict], seeds: dict[str, str]
) -> None:
    """A canonical name may be a normalised form (singular, expanded); then an alias must be in the text."""
    ungrounded = []
    for title, entity in _entities(gold):
        text = title + " " + seeds.get(normalise(title), "")
        forms = [entity["name"], *entity["aliases"]]
        if entity["tier"] == "core" and not any(occurs(form, text) for form in forms):
            ungrounded.append((title, entity["name"]))
    assert not ungrounded


def test_names_and_aliases_are_not_repeated_within_a_paper(gold: list[dict]) -> None:
    for paper in gold:
        names = [entity["name"].casefold() for entity in paper["entities"]]
        assert len(names) == len(set(names)), paper["title"]
        for entity in paper["entities"]:
            forms = [form.casefold() for form in (entity["name"], *entity["aliases"])]
            assert len(forms) == len(set(forms)), (paper["title"], entity["name"])
