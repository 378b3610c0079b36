"""Node positions computed in Python, so the page opens with physics off and draws at once.

Letting vis-network's physics settle a graph in the browser takes seconds to minutes (about 100 s
for 5,000 nodes in headless Chromium), and a full networkx spring layout is quadratic (and, for
large graphs, needs SciPy, which paperkg does not depend on). So the layout is anchored:

1. the ``core`` most connected nodes of the anchor graph get a seeded spring layout;
2. every other anchor node is placed, breadth-first, beside the already-placed neighbour it is most
   strongly linked to;
3. attached nodes (papers) are placed around the centroid of the anchors they link to.

Each node placed beside a parent goes on a sunflower spiral around it (golden-angle steps, radius
growing with the square root of the count), which spreads siblings evenly without a force pass.
Everything is seeded and iterated in sorted order, so the same graph always gets the same layout.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Mapping, Sequence

import networkx as nx

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
SEED = 7


def anchored_layout(
    anchors: nx.Graph,
    attached: Mapping[str, Sequence[str]] | None = None,
    *,
    core: int = 150,
    spacing: float = 18.0,
    seed: int = SEED,
) -> dict[str, tuple[float, float]]:
    """Positions in pixels for every node of ``anchors`` and every key of ``attached``.

    ``anchors`` may carry a ``weight`` on edges (shared papers); ``attached`` maps a node to the
    anchor nodes it hangs from (a paper to its entities). ``spacing`` is the distance in pixels
    between neighbouring nodes on a spiral.
    """
    attached = attached or {}
    strength = dict(anchors.degree(weight="weight"))
    order = sorted(anchors, key=lambda n: (-strength[n], n))
    core_nodes = order[:core]
    total = len(anchors) + len(attached)
    scale = max(spacing * 2.5 * math.sqrt(max(total, 1)), 12 * spacing)
    positions: dict[str, tuple[float, float]] = {}
    if core_nodes:
        members = set(core_nodes)
        sub = nx.Graph()
        sub.add_nodes_from(core_nodes)
        sub.add_edges_from((a, b, d) for a in core_nodes for b, d in anchors[a].items() if b in members)
        if len(core_nodes) == 1:
            positions[core_nodes[0]] = (0.0, 0.0)
        else:
            spring = nx.spring_layout(sub, seed=seed, weight="weight", method="force", iterations=50)
            positions.update({n: (float(x) * scale, float(y) * scale) for n, (x, y) in sorted(spring.items())})

    children: dict[str, int] = {}

    def beside(parent: str, centre: tuple[float, float]) -> tuple[float, float]:
        k = children.get(parent, 0) + 1
        children[parent] = k
        radius = spacing * (1.5 + math.sqrt(k))
        return (centre[0] + radius * math.cos(k * GOLDEN_ANGLE), centre[1] + radius * math.sin(k * GOLDEN_ANGLE))

    _place_remaining_anchors(anchors, order, positions, beside, scale)

    load: dict[str, int] = {}
    for hosts in attached.values():
        for a in hosts:
            load[a] = load.get(a, 0) + 1
    for node in sorted(attached):
        placed = [a for a in attached[node] if a in positions]
        if not placed:
            positions[node] = beside("", (0.0, 0.0))
            continue
        # Pull towards the rarest anchors: a paper sits with its specific entities, not among the hubs.
        weights = [1.0 / load[a] ** 2 for a in placed]
        total_weight = sum(weights)
        cx = sum(w * positions[a][0] for w, a in zip(weights, placed, strict=True)) / total_weight
        cy = sum(w * positions[a][1] for w, a in zip(weights, placed, strict=True)) / total_weight
        parent = min(placed, key=lambda a: (load[a], a))
        positions[node] = beside(parent, (cx, cy))
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in positions.items()}


def _place_remaining_anchors(
    anchors: nx.Graph,
    order: Sequence[str],
    positions: dict[str, tuple[float, float]],
    beside: Callable[[str, tuple[float, float]], tuple[float, float]],
    scale: float,
) -> None:
    """Breadth-first from the whole placed core at once; a component it never reaches starts on an outer ring."""
    queue = deque(n for n in order if n in positions)
    ring = 0
    for start in order:
        if start not in positions:
            angle = ring * GOLDEN_ANGLE
            ring += 1
            positions[start] = (1.15 * scale * math.cos(angle), 1.15 * scale * math.sin(angle))
            queue.append(start)
        while queue:
            node = queue.popleft()
            unplaced = sorted(
                (m for m in anchors[node] if m not in positions),
                key=lambda m: (-anchors[node][m].get("weight", 1), m),
            )
            for m in unplaced:
                positions[m] = beside(node, positions[node])
                queue.append(m)
