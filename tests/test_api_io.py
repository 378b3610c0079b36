"""The Python API's persistence and interop: save/load round trips, Turtle, rdflib, SPARQL, HTML, imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from api_corpus import make_corpus

from kg.errors import ExportError, QueryError
from kg.graph import KnowledgeGraph
from kg.iri import paper_iri
from kg.results import SparqlResult

REPO = Path(__file__).resolve().parents[1]
PREFIX = "PREFIX kg: <https://w3id.org/paperkg/ontology#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"


@pytest.fixture(scope="module")
def graph() -> KnowledgeGraph:
    return KnowledgeGraph(make_corpus())


@pytest.fixture(scope="module")
def saved(graph: KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export")
    graph.save(out)
    return out / "paperkg.ttl"


def test_save_then_load_gives_an_equal_graph(graph: KnowledgeGraph, saved: Path) -> None:
    loaded = KnowledgeGraph.load(saved)
    assert loaded == graph
    assert loaded.evidence("2110.13903", "PSNR") == graph.evidence("2110.13903", "PSNR")


def test_save_writes_every_rdf_export(graph: KnowledgeGraph, saved: Path) -> None:
    assert sorted(p.name for p in saved.parent.iterdir()) == ["paperkg.jsonld", "paperkg.nt", "paperkg.ttl"]


def test_to_turtle_is_exactly_what_save_writes(graph: KnowledgeGraph, saved: Path) -> None:
    assert graph.to_turtle() == saved.read_text(encoding="utf-8")


def test_graphs_differing_in_one_record_are_not_equal(graph: KnowledgeGraph) -> None:
    corpus = make_corpus()
    assert KnowledgeGraph(corpus) == graph
    smaller = KnowledgeGraph(type(corpus).of(corpus.papers, corpus.entities, corpus.edges[1:]))
    assert smaller != graph


def test_loading_turtle_that_is_not_a_paperkg_export_says_what_is_missing(tmp_path: Path) -> None:
    foaf = tmp_path / "people.ttl"
    foaf.write_text('@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n<http://example.org/a> foaf:name "A" .\n',
                    encoding="utf-8")
    with pytest.raises(ExportError, match="no kg:Paper") as caught:
        KnowledgeGraph.load(foaf)
    assert str(foaf) in str(caught.value)


def test_loading_a_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no such export file"):
        KnowledgeGraph.load(tmp_path / "absent.ttl")


def test_to_rdflib_gives_a_fresh_graph_with_the_papers(graph: KnowledgeGraph) -> None:
    first = graph.to_rdflib()
    assert isinstance(first, rdflib.Graph)
    assert (rdflib.URIRef(paper_iri("arxiv-2110-13903")), None, None) in first
    first.remove((None, None, None))
    assert len(graph.to_rdflib()) > 0


@pytest.mark.parametrize("source", ["memory", "paperkg.ttl", "paperkg.nt"])
def test_sparql_select_returns_typed_rows(graph: KnowledgeGraph, saved: Path, source: str) -> None:
    target = graph if source == "memory" else KnowledgeGraph.load(saved.parent / source)
    result = target.sparql(PREFIX + """
        SELECT ?label (COUNT(DISTINCT ?paper) AS ?papers) WHERE {
          ?paper kg:mentions ?entity . ?entity skos:prefLabel ?label
        } GROUP BY ?label ORDER BY DESC(?papers) ?label LIMIT 2""")
    assert isinstance(result, SparqlResult)
    assert result.variables == ("label", "papers")
    assert result.rows == (("Implicit Neural Representation", 3), ("NeRV", 2))
    assert result.column("papers") == (3, 2)


def test_sparql_ask_and_construct(graph: KnowledgeGraph) -> None:
    assert graph.sparql(PREFIX + 'ASK { ?e skos:altLabel "INR" }') is True
    assert graph.sparql(PREFIX + 'ASK { ?e skos:altLabel "GPT" }') is False
    triples = graph.sparql(PREFIX + 'CONSTRUCT { ?e skos:altLabel ?a } WHERE { ?e skos:prefLabel "NeRV" ; '
                                    "skos:altLabel ?a }")
    assert [t[2] for t in triples] == ["neural representation for videos"]


def test_malformed_sparql_raises_query_error(graph: KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match="malformed SPARQL") as caught:
        graph.sparql("SELECT ?x WHERE { ?x")
    assert caught.value.exit_code == 4


def test_to_html_writes_a_page_with_every_node(graph: KnowledgeGraph, tmp_path: Path) -> None:
    summary = graph.to_html(tmp_path / "view.html")
    assert (tmp_path / "view.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert (summary.papers_shown, summary.entities_shown) == (6, 18)


def test_to_html_focus_narrows_the_page(graph: KnowledgeGraph, tmp_path: Path) -> None:
    summary = graph.to_html(tmp_path / "inr.html", focus="INR", hops=1)
    assert summary.papers_shown == 3


def test_import_kg_loads_neither_networkx_nor_spacy() -> None:
    code = ("import sys, kg; assert 'networkx' not in sys.modules and 'spacy' not in sys.modules; "
            "from kg import KnowledgeGraph; assert 'spacy' not in sys.modules; print(KnowledgeGraph.__name__)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "KnowledgeGraph"


def test_kg_has_no_other_lazy_attributes() -> None:
    import kg

    with pytest.raises(AttributeError, match="no attribute 'Graph'"):
        kg.Graph  # noqa: B018 - the attribute access is the behaviour under test


@pytest.mark.slow
def test_build_then_save_then_load_gives_an_equal_graph(tmp_path: Path) -> None:
    seed = tmp_path / "page.jsonl"
    seed.write_text(
        '{"id": "2110.13903", "title": "NeRV: Neural Representations for Videos", "date": "2021-10-26", '
        '"abstract": "We propose a novel neural representation for videos (NeRV) which encodes videos in '
        'neural networks. Unlike implicit neural representations (INRs), NeRV takes only the frame index. '
        'On the UVG dataset NeRV improves PSNR for video compression."}\n', encoding="utf-8")
    built = KnowledgeGraph.build([seed])
    assert [p.key for p in built.papers()] == ["arxiv-2110-13903"]
    assert built.roles("2110.13903", "NeRV") != ()
    built.save(tmp_path / "out")
    assert KnowledgeGraph.load(tmp_path / "out" / "paperkg.ttl") == built
