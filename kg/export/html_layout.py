"""Node positions computed in Python, so the page opens with physics off and draws at once.

Letting vis-network's physics settle a graph in the browser takes seconds to minutes (about 100 s
for 5,000 nodes in headless Chromium), and a full networkx spring layout is quadratic (and, for
large graphs, needs SciPy, which paperkg does not depend on). So the layout is anchored and done
per connected component ("island"):

1. in each island of the anchor graph (entities linked by shared papers), the ``core`` most
   connected nodes get a seeded spring layout;
2. every other anchor node is placed, breadth-first, beside an already-placed neighbour;
3. attached nodes (papers) are placed near the anchors they link to, pulled towards the rarest
   (a paper sits with its specific entities, not among the hubs);
4. islands are packed in rows, largest first, so small islands never squeeze the main one.

A node placed beside a parent goes on a sunflower spiral around it (golden-angle steps, radius
growing with the square root of the count), which spreads siblings evenly without a force pass.
Everything is seeded and iterated in sorted order, so the same graph always gets the same layout.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
SEED = 7

Point = tuple[float, float]


def anchored_layout(
    anchors: nx.Graph,
    attached: Mapping[str, Sequence[str]] | None = None,
    *,
    core: int = 150,
    spacing: float = 18.0,
    seed: int = SEED,
) -> dict[str, Point]:
    """Positions in pixels for every node of ``anchors`` and every key of ``attached``.

    ``anchors`` may carry a ``weight`` on edges (shared papers); ``attached`` maps a node to the
    anchor nodes it hangs from (a paper to its entities); one with no known anchor becomes an
    island of its own. ``spacing`` is roughly the distance in pixels between neighbours.
    """
    attached = attached or {}
    strength = dict(anchors.degree(weight="weight"))
    islands = [
        _Island(sorted(c, key=lambda n: (-strength[n], n)))
        for c in nx.connected_components(anchors)
    ]
    islands.sort(key=lambda i: (-len(i.members), i.members[0]))
    home = {node: island for island in islands for node in island.members}
    load: dict[str, int] = {}
    for node in sorted(attached):
        hosts = [h for h in attached[node] if h in home]
        for host in hosts:
            load[host] = load.get(host, 0) + 1
        if hosts:
            home[hosts[0]].attached.append(node)
        else:
            islands.append(_Island([], [node]))
    placed = [
        island.lay_out(anchors, attached, strength, load, core=core, spacing=spacing, seed=seed)
        for island in islands
    ]
    return _pack(placed, spacing)


@dataclass
class _Island:
    """One connected component: its anchor nodes (strongest first) and the nodes hanging from them."""

    members: list[str]
    attached: list[str] = field(default_factory=list)

    def lay_out(
        self,
        anchors: nx.Graph,
        attached: Mapping[str, Sequence[str]],
        strength: Mapping[str, float],
        load: Mapping[str, int],
        *,
        core: int,
        spacing: float,
        seed: int,
    ) -> dict[str, Point]:
        """Positions around the origin for this island's nodes."""
        positions: dict[str, Point] = {}
        spiral = _Spiral(spacing)
        core_nodes = self.members[:core]
        if len(core_nodes) == 1:
            positions[core_nodes[0]] = (0.0, 0.0)
        elif core_nodes:
            members = set(core_nodes)
            sub = nx.Graph()
            sub.add_nodes_from(core_nodes)
            # Log weights: a hub sharing 40 papers should pull harder than one sharing 1, not 40 times.
            sub.add_weighted_edges_from(
                (a, b, 1 + math.log(d.get("weight", 1)))
                for a in core_nodes for b, d in anchors[a].items() if b in members
            )
            scale = spacing * max(3.0 * math.sqrt(len(self.members) + len(self.attached)), 12.0)
            # k (ideal distance) at 3x networkx's default spreads the dense middle where hubs meet.
            spread = 3.0 / math.sqrt(len(core_nodes))
            spring = nx.spring_layout(
                sub, k=spread, seed=seed, weight="weight", method="force", iterations=60, scale=scale
            )
            positions.update({n: (float(x), float(y)) for n, (x, y) in sorted(spring.items())})
        queue = deque(core_nodes)
        while queue:
            node = queue.popleft()
            for other in sorted(
                (m for m in anchors[node] if m not in positions),
                key=lambda m: (-anchors[node][m].get("weight", 1), m),
            ):
                positions[other] = spiral.beside(node, positions[node])
                queue.append(other)
        for node in self.attached:
            hosts = [h for h in attached[node] if h in positions]
            if not hosts:
                positions[node] = spiral.beside("", (0.0, 0.0))
                continue
            weights = [1.0 / load[h] ** 2 for h in hosts]
            total = sum(weights)
            centre = (
                sum(w * positions[h][0] for w, h in zip(weights, hosts, strict=True)) / total,
                sum(w * positions[h][1] for w, h in zip(weights, hosts, strict=True)) / total,
            )
            positions[node] = spiral.beside(min(hosts, key=lambda h: (load[h], h)), centre)
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
