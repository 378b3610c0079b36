"""The Python API's analyses: related entities, co-occurrence, neighbourhoods, trends, communities, networkx."""

from __future__ import annotations

import math
from dataclasses import replace

import networkx as nx
import pytest
from api_corpus import make_corpus

from kg.errors import NotFoundError, UsageError
from kg.graph import KnowledgeGraph
from kg.iri import entity_iri, paper_iri


@pytest.fixture(scope="module")
def graph() -> KnowledgeGraph:
    return KnowledgeGraph(make_corpus())


def _papers_of(graph: KnowledgeGraph, name: str) -> set[str]:
    return {p.key for p in graph.papers_for(name)}


def test_related_ranks_by_jaccard_over_paper_sets(graph: KnowledgeGraph) -> None:
    inr = _papers_of(graph, "INR")
    for item in graph.related("INR", k=20):
        other = _papers_of(graph, item.entity.key)
        assert item.shared == len(inr & other)
        assert item.score == pytest.approx(len(inr & other) / len(inr | other))
    scores = [r.score for r in graph.related("INR", k=20)]
    assert scores == sorted(scores, reverse=True)


def test_related_breaks_ties_by_shared_papers_then_key(graph: KnowledgeGraph) -> None:
    top = graph.related("INR", k=4)
    assert [r.entity.label for r in top] == ["NeRV", "Peak Signal-to-Noise Ratio", "UVG", "Video Compression"]
    assert {r.shared for r in top} == {2}


def test_related_npmi_matches_its_formula_and_bounds(graph: KnowledgeGraph) -> None:
    total = len(graph.papers())
    inr = _papers_of(graph, "INR")
    for item in graph.related("INR", k=20, metric="npmi"):
        other = _papers_of(graph, item.entity.key)
        p_ab = item.shared / total
        expected = math.log(p_ab / (len(inr) / total * len(other) / total)) / -math.log(p_ab)
        assert item.score == pytest.approx(expected)
        assert -1.0 <= item.score <= 1.0


def test_related_min_support_drops_pairs_sharing_fewer_papers(graph: KnowledgeGraph) -> None:
    assert {r.shared for r in graph.related("INR", k=20, min_support=2)} == {2}
    assert graph.related("INR", k=20, min_support=3) == ()


def test_related_rejects_an_unknown_metric(graph: KnowledgeGraph) -> None:
    with pytest.raises(UsageError, match="jaccard, npmi"):
        graph.related("INR", metric="cosine")


def test_cooccurrence_weights_are_shared_paper_counts(graph: KnowledgeGraph) -> None:
    co = graph.cooccurrence()
    assert isinstance(co, nx.Graph)
    assert co.number_of_nodes() == len(graph.entities())
    for a, b, data in co.edges(data=True):
        shared = _papers_of(graph, a) & _papers_of(graph, b)
        assert data["weight"] == len(shared) > 0
    assert co["implicit-neural-representation"]["nerv"]["weight"] == 2
    assert co.nodes["nerv"]["label"] == "NeRV"


def test_cooccurrence_min_weight_prunes_edges_but_keeps_nodes(graph: KnowledgeGraph) -> None:
    co = graph.cooccurrence(min_weight=2)
    assert co.number_of_nodes() == len(graph.entities())
    assert {d["weight"] for _, _, d in co.edges(data=True)} == {2}


def test_subgraph_one_hop_from_an_entity_keeps_its_papers(graph: KnowledgeGraph) -> None:
    sub = graph.subgraph("INR", hops=1)
    assert [e.label for e in sub.entities()] == ["Implicit Neural Representation"]
    assert {p.key for p in sub.papers()} == _papers_of(graph, "INR")


def test_subgraph_two_hops_adds_the_other_entities_of_those_papers(graph: KnowledgeGraph) -> None:
    sub = graph.subgraph("INR", hops=2)
    expected = {e.key for p in graph.papers_for("INR") for e in graph.entities_for(p)}
    assert {e.key for e in sub.entities()} == expected
    assert all(e.paper_key in {p.key for p in sub.papers()} for e in sub.corpus.edges)
    assert len(sub.corpus.edges) == sum(len(graph.entities_for(p)) for p in sub.papers())


def test_subgraph_accepts_papers_and_several_foci(graph: KnowledgeGraph) -> None:
    sub = graph.subgraph(["2110.13903", "ShapeNet"], hops=0)
    assert [p.key for p in sub.papers()] == ["arxiv-2110-13903"]
    assert [e.label for e in sub.entities()] == ["ShapeNet"]


def test_subgraph_of_an_unknown_name_suggests_entities(graph: KnowledgeGraph) -> None:
    with pytest.raises(NotFoundError, match="did you mean: ShapeNet"):
        graph.subgraph("ShapeNett")


def test_trending_splits_dated_papers_at_since_and_leaves_undated_out(graph: KnowledgeGraph) -> None:
    trends = {t.entity.label: t for t in graph.trending(since="2023", min_papers=1, k=50)}
    # NTK is in one 2024 paper and in the Fourier-features paper, which has no year: that one is left out.
    assert (trends["Neural Tangent Kernel"].recent, trends["Neural Tangent Kernel"].earlier) == (1, 0)
    assert "Fourier Feature Mapping" not in trends
    inr = trends["Implicit Neural Representation"]
    assert (inr.recent, inr.earlier, inr.recent_upvotes, inr.since) == (2, 1, 17, "2023")
    # 3 recent papers (2023-03, 2023-06, 2024-01), 2 earlier (2021): ((2+1)/(3+1)) / ((1+1)/(2+1)).
    assert inr.growth == pytest.approx((3 / 4) / (2 / 3))


def test_trending_default_since_is_the_median_date_and_min_papers_applies(graph: KnowledgeGraph) -> None:
    trends = graph.trending()
    assert [t.entity.label for t in trends] == ["Implicit Neural Representation"]
    assert trends[0].since == "2023-03-16"


def test_trending_by_upvotes_needs_upvotes_in_both_periods(graph: KnowledgeGraph) -> None:
    # Both 2021 papers have no upvote count, so there is no earlier period to compare with.
    assert graph.trending(by="upvotes", since="2023", min_papers=1) == ()
    corpus = make_corpus()
    papers = [replace(p, upvotes=4) if p.date == "2021-10-26" else p for p in corpus.papers]
    upgraded = KnowledgeGraph(type(corpus).of(papers, corpus.entities, corpus.edges))
    top = upgraded.trending(by="upvotes", since="2023", min_papers=1)[0]
    # Recent upvotes 1 + 12 + 5 = 18, earlier 4; HiNeRV's paper has 12 recent, none earlier.
    assert (top.entity.label, top.recent_upvotes, top.earlier_upvotes) == ("HiNeRV", 12, 0)
    assert top.growth == pytest.approx(((12 + 1) / (18 + 1)) / ((0 + 1) / (4 + 1)))


def test_trending_type_filter(graph: KnowledgeGraph) -> None:
    trends = graph.trending(since="2023", min_papers=1, k=50, type="Dataset")
    assert {t.entity.type.value for t in trends} == {"Dataset"}


def test_communities_partition_cooccurring_entities_deterministically(graph: KnowledgeGraph) -> None:
    groups = graph.communities()
    assert groups == graph.communities()
    keys = [e.key for group in groups for e in group]
    assert len(keys) == len(set(keys))
    assert [len(g) for g in groups] == sorted((len(g) for g in groups), reverse=True)
    video = next(g for g in groups if any(e.label == "NeRV" for e in g))
    assert {"HiNeRV", "UVG", "Peak Signal-to-Noise Ratio"} <= {e.label for e in video}
    shape = next(g for g in groups if any(e.label == "ShapeNet" for e in g))
    assert "NeRV" not in {e.label for e in shape}


def test_to_networkx_has_typed_nodes_and_one_edge_per_role(graph: KnowledgeGraph) -> None:
    g = graph.to_networkx()
    assert isinstance(g, nx.MultiDiGraph)
    kinds = nx.get_node_attributes(g, "kind")
    assert sum(k == "paper" for k in kinds.values()) == 6
    assert sum(k == "entity" for k in kinds.values()) == 18
    nerv_paper, nerv = paper_iri("arxiv-2110-13903"), entity_iri("nerv")
    assert g.nodes[nerv]["type"] == "Method"
    assert g.nodes[nerv_paper]["date"] == "2021-10-26"
    assert "upvotes" not in g.nodes[nerv_paper]  # missing values are left out, not stored as None
    assert set(g[nerv_paper][nerv]) == {"mentions", "proposes"}
    assert g[nerv_paper][nerv]["proposes"]["confidence"] == pytest.approx(0.92)
    mentions = [(u, v) for u, v, key in g.edges(keys=True) if key == "mentions"]
    assert len(mentions) == len(graph.corpus.edges)


def test_to_networkx_carries_broader_links_between_entities(graph: KnowledgeGraph) -> None:
    g = graph.to_networkx()
    assert g.has_edge(entity_iri("deep-implicit-function"), entity_iri("implicit-neural-representation"),
                      key="broader")
