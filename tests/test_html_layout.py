"""Python-side layout: every node placed, deterministic, no two nodes on the same spot."""

from __future__ import annotations

import networkx as nx

from kg.export.html_layout import anchored_layout


def _graph() -> tuple[nx.Graph, dict[str, list[str]]]:
    anchors = nx.Graph()
    anchors.add_weighted_edges_from([("a", "b", 3), ("b", "c", 1), ("c", "d", 1), ("x", "y", 1)])
    anchors.add_node("lonely")
    attached = {f"p{i}": ["a", "b"] if i % 2 else ["c"] for i in range(12)}
    attached["orphan"] = ["not-an-anchor"]
    return anchors, attached


def test_every_anchor_and_attached_node_gets_a_position() -> None:
    anchors, attached = _graph()
    positions = anchored_layout(anchors, attached)
    assert set(positions) == set(anchors) | set(attached)


def test_layout_is_deterministic() -> None:
    assert anchored_layout(*_graph()) == anchored_layout(*_graph())


def test_no_two_nodes_share_a_position() -> None:
    positions = anchored_layout(*_graph())
    assert len(set(positions.values())) == len(positions)


def test_nodes_beyond_the_core_are_placed_near_a_neighbour() -> None:
    anchors = nx.path_graph([f"n{i}" for i in range(30)])
    positions = anchored_layout(anchors, core=5, spacing=10.0)
    (x1, y1), (x2, y2) = positions["n20"], positions["n21"]
    assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 < 10.0 * 8


def test_islands_do_not_overlap() -> None:
    anchors = nx.Graph()
    anchors.add_edges_from([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y")])
    anchors.add_node("alone")
    positions = anchored_layout(anchors, {"p1": ["a"], "p2": ["x"], "p3": ["nowhere"]}, spacing=10.0)

    def box(nodes: list[str]) -> tuple[float, float, float, float]:
        xs, ys = [positions[n][0] for n in nodes], [positions[n][1] for n in nodes]
        return min(xs), min(ys), max(xs), max(ys)

    islands = [box(["a", "b", "c", "p1"]), box(["x", "y", "p2"]), box(["alone"]), box(["p3"])]
    for i, (l1, t1, r1, b1) in enumerate(islands):
        for l2, t2, r2, b2 in islands[i + 1:]:
            assert r1 < l2 or r2 < l1 or b1 < t2 or b2 < t1
