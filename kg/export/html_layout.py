"""Node positions computed in Python, so the page opens with physics off and draws at once.

Letting vis-network's physics settle a graph in the browser takes seconds to minutes (about 100 s
for 5,000 nodes in headless Chromium), and a full networkx spring layout is quadratic (and, for
large graphs, needs SciPy, which paperkg does not depend on). So the layout is done per connected
component ("island") of the drawn graph (papers and entities, or entities linked by shared papers):

1. the ``core`` most connected nodes of an island get a seeded spring layout (all of a small one);
2. every other node is placed, breadth-first, beside an already-placed neighbour;
3. islands are packed in rows, largest first, so small islands never squeeze the main one.

A node placed beside a parent goes on a sunflower spiral around it (golden-angle steps, radius
growing with the square root of the count), which spreads siblings evenly without a force pass.
Everything is seeded and iterated in sorted order, so the same graph always gets the same layout.
"""

from __future__ import annotations

import math
from collections import deque

import networkx as nx

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
SEED = 7

Point = tuple[float, float]


def spread_layout(graph: nx.Graph, *, core: int = 200, spacing: float = 18.0, seed: int = SEED) -> dict[str, Point]:
    """Positions in pixels for every node of ``graph``; edges may carry a ``weight``.

    ``spacing`` is roughly the distance in pixels between a node and a neighbour placed beside it.
    """
    strength = dict(graph.degree(weight="weight"))
    islands = sorted(
        (sorted(c, key=lambda n: (-strength[n], n)) for c in nx.connected_components(graph)),
        key=lambda members: (-len(members), members[0]),
    )
    return _pack([_lay_out_island(graph, members, core, spacing, seed) for members in islands], spacing)


def _lay_out_island(graph: nx.Graph, members: list[str], core: int, spacing: float, seed: int) -> dict[str, Point]:
    """Positions around the origin for one connected component, ``members`` strongest first."""
    positions: dict[str, Point] = {}
    spiral = _Spiral(spacing)
    core_nodes = members[:core]
    if len(core_nodes) == 1:
        positions[core_nodes[0]] = (0.0, 0.0)
    else:
        inside = set(core_nodes)
        sub = nx.Graph()
        sub.add_nodes_from(core_nodes)
        # Log weights: a pair sharing 40 papers should pull harder than one sharing 1, not 40 times.
        sub.add_weighted_edges_from(
            (a, b, 1 + math.log(d.get("weight", 1))) for a in core_nodes for b, d in graph[a].items() if b in inside
        )
        scale = spacing * max(4.0 * math.sqrt(len(members)), 16.0)
        # k (ideal distance) at twice networkx's default spreads the dense middle where hubs meet.
        spring = nx.spring_layout(
            sub, k=2.0 / math.sqrt(len(core_nodes)), seed=seed, weight="weight", method="force", iterations=60,
            scale=scale,
        )
        positions.update({n: (float(x), float(y)) for n, (x, y) in sorted(spring.items())})
    queue = deque(core_nodes)
    while queue:
        node = queue.popleft()
        for other in sorted(
            (m for m in graph[node] if m not in positions), key=lambda m: (-graph[node][m].get("weight", 1), m)
        ):
            positions[other] = spiral.beside(node, positions[node])
            queue.append(other)
    return positions


class _Spiral:
    """Places the k-th child of a parent at golden-angle step k, radius growing with sqrt(k)."""

    def __init__(self, spacing: float) -> None:
        self.spacing = spacing
        self.children: dict[str, int] = {}

    def beside(self, parent: str, centre: Point) -> Point:
        k = self.children.get(parent, 0) + 1
        self.children[parent] = k
        radius = self.spacing * (1.5 + math.sqrt(k))
        return (centre[0] + radius * math.cos(k * GOLDEN_ANGLE), centre[1] + radius * math.sin(k * GOLDEN_ANGLE))


def _pack(islands: list[dict[str, Point]], spacing: float) -> dict[str, Point]:
    """Islands side by side in rows (shelf packing), in the order given, largest expected first."""
    boxes = []
    for positions in islands:
        xs = [x for x, _ in positions.values()]
        ys = [y for _, y in positions.values()]
        boxes.append((min(xs), min(ys), max(xs) - min(xs) + 4 * spacing, max(ys) - min(ys) + 4 * spacing))
    row_width = max(max((w for _, _, w, _ in boxes), default=0.0), 1.3 * math.sqrt(sum(w * h for *_, w, h in boxes)))
    result: dict[str, Point] = {}
    x = y = row_height = 0.0
    for positions, (left, top, width, height) in zip(islands, boxes, strict=True):
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in positions.items():
            result[node] = (round(px - left + x, 1), round(py - top + y, 1))
        x += width
        row_height = max(row_height, height)
    return result
