"""The written page: offline, safe with hostile text, deterministic, and carrying the graph it claims."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from filecompare import assert_same_bytes
from html_corpus import SCRIPT_BREAKER, XSS_TITLE, small_corpus

from kg.corpus import Corpus
from kg.errors import NotFoundError, UsageError
from kg.export.html import ENTITY_FONT, safe_json, write_html
from kg.iri import entity_key
from kg.model import Edge, Entity, EntityType, Role


def _data(page: str, name: str) -> list[dict]:
    match = re.search(rf"^var {name} = (.*);$", page, re.MULTILINE)
    assert match, f"{name} not found in the page"
    return json.loads(match.group(1))


class _Tags(HTMLParser):
    """Every start tag with its attributes, as a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    target = tmp_path_factory.mktemp("page") / "view.html"
    write_html(small_corpus(), target)
    return target.read_text(encoding="utf-8")


def test_page_loads_nothing_from_the_network(page: str) -> None:
    for tag, attrs in _tags(page):
        assert tag != "link", "stylesheets must be inlined"
        for name in ("src", "href", "action", "data", "poster"):
            assert not (attrs.get(name) or "").lower().startswith(("http:", "https:", "//")), (tag, attrs)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page, re.IGNORECASE)
    assert "@import" not in page
    assert not re.search(r"<script[^>]*\ssrc=", page, re.IGNORECASE)


def test_hostile_text_never_becomes_markup(page: str) -> None:
    assert XSS_TITLE not in page
    assert "<img" not in page.lower()
    assert "<script>window.__xss" not in page
    assert "\u2028" not in page and "\u2029" not in page
    tags = [tag for tag, _ in _tags(page)]
    assert "img" not in tags
    assert tags.count("script") == 3  # vis-network, the data, the page script: no injected one


def test_hostile_text_still_reads_as_written(page: str) -> None:
    nodes = _data(page, "KG_NODES")
    titles = [n["title"] for n in nodes if n["kgType"] == "Paper"]
    assert any(t.startswith(XSS_TITLE + "\n") for t in titles)
    assert any(SCRIPT_BREAKER in t for t in titles)


def test_safe_json_escapes_what_could_end_a_script() -> None:
    text = safe_json(["</script>", "<!--", "a&b", "\u2028\u2029"])
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == ["</script>", "<!--", "a&b", "\u2028\u2029"]


def test_same_corpus_gives_byte_identical_pages(tmp_path: Path) -> None:
    first, second = tmp_path / "a.html", tmp_path / "sub" / "b.html"
    write_html(small_corpus(), first)
    write_html(small_corpus(), second)
    assert_same_bytes(first, second)


def test_nodes_and_edges_match_the_summary(tmp_path: Path) -> None:
    target = tmp_path / "view.html"
    summary = write_html(small_corpus(), target)
    page = target.read_text(encoding="utf-8")
    nodes, edges = _data(page, "KG_NODES"), _data(page, "KG_EDGES")
    assert (len(nodes), len(edges)) == (summary.nodes, summary.edges) == (9, 10)
    assert (summary.papers_shown, summary.papers_total) == (3, 4)
    ids = {n["id"] for n in nodes}
    assert all(e["from"] in ids and e["to"] in ids for e in edges)
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes)
    assert '"physics":{"enabled":false}' in page.replace(" ", "")
    assert "1 paper left out" in page


def test_paper_tooltip_has_date_upvotes_authors_and_evidence(page: str) -> None:
    lora = next(n for n in _data(page, "KG_NODES") if n["names"] == ["LoRA: Low-Rank Adaptation"])
    assert "date: 2021-06-17" in lora["title"]
    assert "upvotes: 120" in lora["title"]
    assert "authors: 8" in lora["title"]
    assert "“We propose LoRA.”" in lora["title"]


def test_yearless_date_is_shown_without_inventing_a_year(page: str) -> None:
    hostile = next(n for n in _data(page, "KG_NODES") if n["names"] == [XSS_TITLE])
    assert "date: --03-14 (year unknown)" in hostile["title"]


def test_entity_tooltip_has_type_aliases_and_papers(page: str) -> None:
    lora = next(n for n in _data(page, "KG_NODES") if n["id"] == "entity/low-rank-adaptation")
    assert lora["title"].splitlines()[:3] == ["Low-Rank Adaptation", "Method · in 2 papers", "also: LoRA"]
    assert "• LoRA: Low-Rank Adaptation" in lora["title"]
    assert lora["names"] == ["Low-Rank Adaptation", "LoRA"]


def test_types_have_distinct_shapes_and_sizes_grow_with_papers(page: str) -> None:
    nodes = _data(page, "KG_NODES")
    styles = _data(page, "KG_STYLES")["nodes"]
    assert {n["kgType"] for n in nodes} == set(styles)
    assert len({s["shape"] for s in styles.values()}) == len({s["color"] for s in styles.values()}) == 6
    size = {n["id"]: n["size"] for n in nodes}
    assert size["entity/low-rank-adaptation"] > size["entity/bert"]


def test_papers_are_small_unlabelled_and_drawn_under_the_entities(page: str) -> None:
    nodes = _data(page, "KG_NODES")
    kinds = [n["kgType"] == "Paper" for n in nodes]
    assert kinds == sorted(kinds, reverse=True)  # vis-network draws in list order: papers first, labels on top
    papers = [n for n in nodes if n["kgType"] == "Paper"]
    entities = [n for n in nodes if n["kgType"] != "Paper"]
    assert all(p["label"] == "" for p in papers)
    assert max(p["size"] for p in papers) < min(e["size"] for e in entities)


def test_entity_labels_are_sized_for_the_fitted_view_and_long_ones_wrap(tmp_path: Path) -> None:
    corpus = small_corpus()
    long_name = "A Rather Long Name For A Method"
    entity = Entity(entity_key(long_name), long_name, EntityType.METHOD)
    paper = corpus.papers[0]
    edge = Edge(paper.key, entity.key, (Role.MENTIONS,), ())
    target = tmp_path / "view.html"
    write_html(Corpus.of(corpus.papers, [*corpus.entities, entity], [*corpus.edges, edge]), target)
    nodes = {n["id"]: n for n in _data(target.read_text(encoding="utf-8"), "KG_NODES")}
    long_node = nodes[f"entity/{entity.key}"]
    assert long_node["label"] == "A Rather Long\nName For A Method"
    assert long_node["names"][0] == long_name  # search and tooltips keep the name whole
    entities = [n for n in nodes.values() if n["kgType"] != "Paper"]
    assert all(n["font"]["size"] >= ENTITY_FONT for n in entities)
    # Labels hang right under their glyph (vis-network would leave half a line of gap).
    assert all(n["font"]["vadjust"] < 0 for n in entities)
    assert nodes["entity/low-rank-adaptation"]["font"]["size"] >= nodes["entity/bert"]["font"]["size"]


def test_edge_style_follows_the_strongest_role(page: str) -> None:
    styles = _data(page, "KG_STYLES")["edges"]
    edges = _data(page, "KG_EDGES")
    lora = [e for e in edges if e["to"] == "entity/low-rank-adaptation"]
    assert sorted(e["kgRole"] for e in lora) == ["proposes", "usesMethod"]
    glue = sorted(e["kgRole"] for e in edges if e["to"] == "entity/glue")
    assert glue == ["evaluatesOn", "mentions"]
    assert styles["proposes"]["arrows"] == "to" and not styles["proposes"]["dashes"]
    assert styles["proposes"]["width"] > styles["evaluatesOn"]["width"] > styles["mentions"]["width"]
    assert styles["evaluatesOn"]["dashes"]
    proposes = next(e for e in lora if e["kgRole"] == "proposes")
    assert proposes["title"].endswith("“We propose LoRA.”")


def test_cooccurrence_view_links_entities_by_shared_papers(tmp_path: Path) -> None:
    target = tmp_path / "co.html"
    summary = write_html(small_corpus(), target, view="cooccurrence")
    page = target.read_text(encoding="utf-8")
    nodes, edges = _data(page, "KG_NODES"), _data(page, "KG_EDGES")
    assert {n["kgType"] for n in nodes} == {"Method", "Dataset", "Task", "Metric", "Concept"}
    assert (summary.nodes, summary.edges) == (6, 10)
    heavy = sorted((e["from"], e["to"]) for e in edges if "2 shared papers" in e["title"])
    assert heavy == [("entity/attention", "entity/question-answering"), ("entity/glue", "entity/low-rank-adaptation")]


def test_unknown_view_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        write_html(small_corpus(), tmp_path / "x.html", view="sankey")


def test_unknown_focus_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "x.html"
    with pytest.raises(NotFoundError):
        write_html(small_corpus(), target, focus="no such thing")
    assert not target.exists()


def test_summary_line_says_what_was_left_out(tmp_path: Path) -> None:
    summary = write_html(small_corpus(), tmp_path / "x.html", max_entities=2)
    line = str(summary)
    assert line.startswith("papers view, ")
    assert "2 of 6 entities" in line
    assert "4 less connected entities left out" in line


def test_page_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]);"
        "from html_corpus import synthetic_corpus; from kg.export.html import write_html;"
        "corpus = synthetic_corpus(300, 60);"
        "[write_html(corpus, Path(sys.argv[2]) / f'{v}.html', view=v) for v in ('papers', 'cooccurrence')]"
    )
    tests = str(Path(__file__).resolve().parent)
    for seed in ("1", "2"):
        (tmp_path / seed).mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, tests, str(tmp_path / seed)], check=True, env=env)
    for view in ("papers", "cooccurrence"):
        assert_same_bytes(tmp_path / "1" / f"{view}.html", tmp_path / "2" / f"{view}.html")
