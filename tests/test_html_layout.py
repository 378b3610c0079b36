"""Python-side layout: every node placed, deterministic, no overlaps, islands kept apart."""

from __future__ import annotations

import networkx as nx

from kg.export.html_layout import spread_layout


def _graph() -> nx.Graph:
    graph = nx.Graph()
    graph.add_weighted_edges_from([("a", "b", 3), ("b", "c", 1), ("c", "d", 1), ("x", "y", 1)])
    graph.add_edges_from((f"p{i}", "a" if i % 2 else "c") for i in range(12))
    graph.add_node("lonely")
    return graph


def test_every_node_gets_a_position() -> None:
    assert set(spread_layout(_graph())) == set(_graph())


def test_layout_is_deterministic() -> None:
    assert spread_layout(_graph()) == spread_layout(_graph())


def test_no_two_nodes_share_a_position() -> None:
    positions = spread_layout(_graph(), core=3)
    assert len(set(positions.values())) == len(positions)


def test_nodes_beyond_the_core_are_placed_near_a_neighbour() -> None:
    graph = nx.path_graph([f"n{i:02d}" for i in range(30)])
    positions = spread_layout(graph, core=5, spacing=10.0)
    (x1, y1), (x2, y2) = positions["n20"], positions["n21"]
    assert ((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5 < 10.0 * 8


def test_islands_do_not_overlap() -> None:
    positions = spread_layout(_graph(), spacing=10.0)

    def box(nodes: list[str]) -> tuple[float, float, float, float]:
        xs, ys = [positions[n][0] for n in nodes], [positions[n][1] for n in nodes]
        return min(xs), min(ys), max(xs), max(ys)

    islands = [box(["a", "b", "c", "d", *(f"p{i}" for i in range(12))]), box(["x", "y"]), box(["lonely"])]
    for i, (l1, t1, r1, b1) in enumerate(islands):
        for l2, t2, r2, b2 in islands[i + 1:]:
            assert r1 < l2 or r2 < l1 or b1 < t2 or b2 < t1
