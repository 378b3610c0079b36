"""Python-side layout: every node placed, deterministic, no overlaps, islands kept apart, labels clear."""

from __future__ import annotations

import doctest
import math
import random

import networkx as nx

from kg.export import html, html_layout
from kg.export.html_layout import (
    ASPECT,
    FILL,
    LABEL_GAP,
    Footprint,
    place_papers,
    readable_layout,
    spread_layout,
    text_width,
)


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


def _labelled(n: int, seed: int = 3) -> tuple[nx.Graph, dict[str, Footprint]]:
    """A random co-occurrence-like graph of ``n`` entities whose labels are 5 to 30 characters long."""
    rng = random.Random(seed)
    graph = nx.Graph()
    names = [f"e{i:03d}" for i in range(n)]
    graph.add_nodes_from(names)
    graph.add_weighted_edges_from((rng.choice(names[:10]), name, rng.randint(1, 4)) for name in names[10:])
    graph.add_weighted_edges_from((rng.choice(names), rng.choice(names), 1) for _ in range(n))
    graph.remove_edges_from(nx.selfloop_edges(graph))
    footprints = {name: Footprint.of(6 + rng.random() * 8, "x" * rng.randint(5, 30), 12) for name in names}
    return graph, footprints


def _boxes_overlap(a: tuple[float, float, Footprint], b: tuple[float, float, Footprint]) -> bool:
    (xa, ya, fa), (xb, yb, fb) = a, b
    return (abs(xa - xb) < fa.half_width + fb.half_width
            and ya - fa.above < yb + fb.below and yb - fb.above < ya + fa.below)


def test_readable_layout_leaves_no_two_footprints_overlapping() -> None:
    graph, footprints = _labelled(120)
    positions = readable_layout(graph, footprints)
    assert set(positions) == set(graph)
    placed = [(*positions[n], footprints[n]) for n in sorted(positions)]
    assert not [(i, j) for i, a in enumerate(placed) for j, b in enumerate(placed[i + 1:]) if _boxes_overlap(a, b)]


def test_readable_layout_fills_a_window_shaped_area_sized_for_the_labels() -> None:
    graph, footprints = _labelled(120)
    positions = readable_layout(graph, footprints)
    left = min(x - footprints[n].half_width for n, (x, _) in positions.items())
    right = max(x + footprints[n].half_width for n, (x, _) in positions.items())
    top = min(y - footprints[n].above for n, (_, y) in positions.items())
    bottom = max(y + footprints[n].below for n, (_, y) in positions.items())
    width, height = right - left, bottom - top
    assert 0.8 * ASPECT < width / height < 1.25 * ASPECT
    covered = sum(f.area for f in footprints.values()) / (width * height)
    assert 0.4 * FILL < covered < FILL  # settling only ever pushes footprints apart


def test_readable_layout_is_deterministic() -> None:
    graph, footprints = _labelled(60)
    assert readable_layout(graph, footprints) == readable_layout(graph.copy(), dict(footprints))


def test_labels_hang_under_the_glyph_and_widen_the_footprint() -> None:
    bare = Footprint.of(5)
    labelled = Footprint.of(5, "Implicit Neural\nRepresentation", 12)
    assert bare == Footprint(5, 5, 5)
    assert labelled.above == 5
    assert labelled.below == 5 + LABEL_GAP + 2 * 12
    assert labelled.half_width == text_width("Representation", 12) / 2 > 5
    assert text_width("WWW", 12) > text_width("iii", 12)


def test_a_paper_of_one_entity_sits_above_it_clear_of_its_label() -> None:
    footprints = {"a": Footprint.of(6, "Alpha", 12)}
    positions = place_papers({f"p{i}": ["a"] for i in range(8)}, {"a": (100.0, 100.0)}, footprints)
    label_top = 100 + footprints["a"].above + LABEL_GAP
    assert all(y + 4 < label_top and math.dist((x, y), (100, 100)) > footprints["a"].above
               for x, y in positions.values())
    assert all(y <= 100 for _, y in positions.values())
    assert len(set(positions.values())) == 8


def test_a_paper_of_several_entities_sits_between_them() -> None:
    anchors = {"a": (0.0, 0.0), "b": (100.0, 0.0), "c": (50.0, 90.0)}
    footprints = {name: Footprint.of(6, name, 12) for name in anchors}
    positions = place_papers({"p1": ["a", "b", "c"], "p2": ["c", "a", "b"], "p3": ["a", "b"]}, anchors, footprints)
    assert positions["p1"] == (50.0, 30.0)
    assert positions["p2"] != positions["p1"]  # same entities, fanned out beside it
    assert math.dist(positions["p2"], positions["p1"]) < 20
    assert positions["p3"] == (50.0, 0.0)


def test_layout_docstring_examples_run() -> None:
    for module in (html_layout, html):
        assert doctest.testmod(module, optionflags=doctest.ELLIPSIS).failed == 0, module.__name__
