"""Adding papers or rebuilding never breaks an entity IRI that an export already published.

Keys of unknown entities come from their canonical form, not from the spelling most papers use, and
an IRI that a later build retires (a bare acronym merged into its definition) keeps resolving
through ``dcterms:isReplacedBy`` in every later export into the same folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from extract_fixtures import small_extractor  # noqa: F401
from filecompare import assert_same_bytes

from kg.cli import main
from kg.corpus import Corpus
from kg.export.rdf import load_corpus, write_rdf
from kg.graph import KnowledgeGraph
from kg.iri import entity_iri
from kg.link import extract_corpus
from kg.model import Paper
from kg.registry import read_published

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
REPLACED = "http://purl.org/dc/terms/isReplacedBy"


def paper(key: str, title: str, abstract: str) -> Paper:
    return Paper(key=key, title=title, abstract=abstract)


BARE = paper("bare", "Faster QZX", "We make QZX training faster on ShapeNet.")
DEFINES = paper("defines", "Quantised zonal experts", "Quantised Zonal Experts (QZX) route tokens.")
UNRELATED = paper("other", "Shapes", "We evaluate on ShapeNet.")


def corpus_of(papers: list[Paper], extractor) -> Corpus:
    entities, edges, notes = extract_corpus(papers, extractor)
    return Corpus.of(papers, entities, edges, notes=notes)


def live_targets(folder: Path) -> dict[str, str]:
    """Ask the export, with a real SPARQL engine, which live entity each entity IRI it knows names now."""
    store = ox.Store()
    store.bulk_load(path=str(folder / "paperkg.nt"), format=ox.RdfFormat.N_TRIPLES)
    query = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?iri ?now WHERE { ?iri dcterms:isReplacedBy? ?now . ?now a skos:Concept }"""
    base = len(entity_iri(""))
    found: dict[str, str] = {}
    for row in store.query(query):
        assert found.setdefault(row["iri"].value[base:], row["now"].value[base:]) == row["now"].value[base:]
    return found


def live_target(folder: Path, old_key: str) -> str | None:
    return live_targets(folder).get(old_key)


def test_an_unknown_entity_keeps_its_key_when_another_spelling_wins_the_vote(small_extractor) -> None:  # noqa: F811
    first = corpus_of([DEFINES], small_extractor)
    (before,) = [e for e in first.entities if "QZX" in e.aliases]
    later = [paper(f"p{i}", "More experts", "We scale quantised-zonal experts (QZX) to many tokens.")
             for i in range(3)]
    grown = corpus_of([DEFINES, *later], small_extractor)
    (after,) = [e for e in grown.entities if "QZX" in e.aliases]
    assert after.key == before.key
    assert "quantised-zonal experts" in {a.lower() for a in (after.label, *after.aliases)}


def test_a_retired_acronym_iri_redirects_to_the_entity_that_absorbed_it(
        tmp_path: Path, small_extractor) -> None:  # noqa: F811
    write_rdf(corpus_of([BARE], small_extractor), tmp_path)
    assert "qzx" in read_published(tmp_path / "paperkg.nt").names
    write_rdf(corpus_of([BARE, DEFINES], small_extractor), tmp_path)
    target = live_target(tmp_path, "qzx")
    assert target is not None and target != "qzx"
    graph = KnowledgeGraph.load(tmp_path / "paperkg.ttl")
    assert graph.entity(entity_iri("qzx")).key == target
    assert "QZX" in graph.entity(target).aliases
    assert ("qzx", target) in load_corpus(tmp_path / "paperkg.nt").redirects


def test_redirects_are_carried_into_every_later_export(tmp_path: Path, small_extractor) -> None:  # noqa: F811
    write_rdf(corpus_of([BARE], small_extractor), tmp_path)
    write_rdf(corpus_of([BARE, DEFINES], small_extractor), tmp_path)
    first_target = live_target(tmp_path, "qzx")
    write_rdf(corpus_of([BARE, DEFINES, UNRELATED], small_extractor), tmp_path)
    assert live_target(tmp_path, "qzx") == first_target


def test_an_iri_whose_concept_left_the_graph_is_not_redirected_anywhere(
        tmp_path: Path, small_extractor) -> None:  # noqa: F811
    write_rdf(corpus_of([BARE], small_extractor), tmp_path)
    write_rdf(corpus_of([UNRELATED], small_extractor), tmp_path)  # a different corpus, not a rename
    assert live_target(tmp_path, "qzx") is None
    assert load_corpus(tmp_path / "paperkg.nt").redirects == ()


def test_a_fresh_folder_has_no_redirects(tmp_path: Path, small_extractor) -> None:  # noqa: F811
    write_rdf(corpus_of([BARE, DEFINES], small_extractor), tmp_path)
    assert REPLACED not in (tmp_path / "paperkg.nt").read_text(encoding="utf-8")


@pytest.mark.slow
def test_adding_seed_pages_keeps_every_published_entity_iri(tmp_path: Path, repo_root: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Build two seed pages, add the other two with --update: every IRI of the first export resolves."""
    monkeypatch.chdir(repo_root)
    pages = sorted(p.relative_to(repo_root).as_posix() for p in SEEDS.glob("*.txt"))
    first, updated, rebuilt = tmp_path / "first", tmp_path / "updated", tmp_path / "rebuilt"
    assert main(["build", *pages[:2], "--out", str(first), "--no-html"]) == 0
    published = read_published(first / "paperkg.nt").names
    shutil.copytree(first, updated)
    shutil.copytree(first, rebuilt)
    assert main(["build", "--update", *pages, "--out", str(updated), "--no-html"]) == 0
    targets = live_targets(updated)
    unresolved = [key for key in published if key not in targets]
    assert not unresolved, f"{len(unresolved)} published entity IRIs no longer resolve: {unresolved[:10]}"
    # A full rebuild of the union into a folder with the same history writes the same export.
    assert main(["build", *pages, "--out", str(rebuilt), "--no-html"]) == 0
    assert_same_bytes(rebuilt / "paperkg.nt", updated / "paperkg.nt")
