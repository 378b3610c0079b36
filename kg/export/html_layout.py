"""Node positions computed in Python, so the page opens with physics off, drawn and readable.

Letting vis-network's physics settle a graph in the browser takes seconds to minutes (about 100 s
for 5,000 nodes in headless Chromium), and a full networkx spring layout is quadratic (and, for
large graphs, needs SciPy, which paperkg does not depend on). So :func:`spread_layout` works per
connected component ("island"):

1. the ``core`` most connected nodes of an island get a seeded spring layout (all of a small one);
2. every other node is placed, breadth-first, beside an already-placed neighbour, on a sunflower
   spiral around it (golden-angle steps, radius growing with the square root of the count);
3. islands are packed in rows, largest first, so small islands never squeeze the main one.

Fitted to a window, that layout of papers and entities was a hairball: the default overview
opened at a zoom of 0.24, with labels 4 px tall. So the page is laid out for its labels, in
pixels at zoom 1 (the zoom the fitted default view opens at, give or take):

- :func:`readable_layout` places entities: their spread layout (by shared papers) is evened out
  over a window-shaped area sized for their :class:`Footprint` (glyph plus the label vis-network
  draws under it), then nudged, biggest first, to the nearest spot where no footprint overlaps;
- :func:`place_papers` then puts the unlabelled papers between the entities they link.

Everything is seeded and iterated in sorted order, so the same graph always gets the same layout.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
SEED = 7

ASPECT = 2.2
"""Width to height of the area entities are spread over: a landscape window below the page's
header (1400 x 637 px in the browser test's 1400 x 900 window)."""

FILL = 0.6
"""Share of that area the entities' footprints cover before overlaps are removed: denser packs
labels into each other, sparser makes the whole view, and so every label, smaller once fitted."""

LABEL_GAP = 2.0
"""Pixels between a glyph and the label under it. vis-network would hang a label half its font
size plus 4 px lower (``Label.calculateLabelSize``, baseline "hanging"); :func:`label_lift` is
the font ``vadjust`` that closes that gap, which saves a fifth of every footprint's height."""

MARGIN = 2.0
"""Pixels kept clear around every footprint, so neighbouring labels do not touch."""

Point = tuple[float, float]
Box = tuple[float, float, float, float]

# Advance widths in em of DejaVu Sans, the widest common fallback for system-ui, by character class:
# estimating wide keeps labels from overlapping where the reader's font is narrower.
_NARROW = frozenset("ilj.,:;'|!I ")
_SEMI = frozenset("frt()[]-/\\")
_WIDE = frozenset("mwMW@%")


def text_width(text: str, size: float) -> float:
    """Estimated width in pixels of one line of ``text`` drawn at font ``size``.

    >>> round(text_width("Transformer", 12))
    74
    """
    em = 0.0
    for char in text:
        if char in _NARROW:
            em += 0.3
        elif char in _SEMI:
            em += 0.38
        elif char in _WIDE:
            em += 0.95
        elif char.isupper() or char.isdigit():
            em += 0.68
        else:
            em += 0.6
    return em * size


@dataclass(frozen=True, slots=True)
class Footprint:
    """What a node covers around its centre: ``half_width`` either side, ``above`` and ``below`` it."""

    half_width: float
    above: float
    below: float

    @classmethod
    def of(cls, radius: float, label: str = "", font: float = 0.0) -> Footprint:
        """A glyph of ``radius`` with ``label`` (lines split by "\\n") drawn under it at size ``font``."""
        lines = [line for line in label.split("\n") if line]
        if not lines:
            return cls(radius, radius, radius)
        width = max(text_width(line, font) for line in lines)
        return cls(max(radius, width / 2), radius, radius + LABEL_GAP + font * len(lines))

    @property
    def area(self) -> float:
        """Its box with ``MARGIN`` all round: what the layout budgets for the node."""
        return (2 * self.half_width + 2 * MARGIN) * (self.above + self.below + 2 * MARGIN)


def label_lift(font: float) -> float:
    """The ``font.vadjust`` that draws a label ``LABEL_GAP`` pixels under its glyph.

    >>> label_lift(12)
    -8.0
    """
    return -(font / 2 + 4 - LABEL_GAP)


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


def readable_layout(
    graph: nx.Graph, footprints: Mapping[str, Footprint], *, aspect: float = ASPECT, fill: float = FILL,
    seed: int = SEED,
) -> dict[str, Point]:
    """Positions for labelled nodes such that, fitted to a window, labels are legible and apart.

    ``graph`` holds the nodes to place (an entity co-occurrence graph: its weights pull entities
    that share papers together) and ``footprints`` what each covers. The nodes are spread over
    an ``aspect``-shaped area whose size is their footprints' total over ``fill``, so the zoom
    that fits the view to a window depends on how many labels there are, not on the graph's
    shape: the 100 entities of the default seed view fit a 1400 x 637 px canvas at zoom 0.94. No
    two footprints overlap in the result.
    """
    if not graph:
        return {}
    area = sum(footprints[n].area for n in graph) / fill
    width = math.sqrt(area * aspect)
    start = spread_layout(graph, seed=seed)
    return _settle(_even_out(start, width, width / aspect), footprints)


def place_papers(
    links: Mapping[str, Sequence[str]], anchors: Mapping[str, Point], footprints: Mapping[str, Footprint],
    *, spacing: float = 10.0,
) -> dict[str, Point]:
    """Positions for papers (small, unlabelled) given the positions of the entities they link.

    A paper linking several entities goes to their barycentre, where its edges are shortest and
    the reader sees it between them; papers that land on the same spot fan out on a small spiral.
    A paper of a single entity goes on a half-spiral above it, clear of the label that hangs below
    the glyph. Papers may still land on other entities' labels; the page draws papers first, so
    labels stay on top. (Moving papers clear of every label, as entities are, was tried: the
    500-node benchmark page then took 2.7 s to write, for dots drawn under the labels anyway.)
    """
    placed: dict[str, Point] = {}
    crowd: dict[tuple[int, int], int] = {}
    above: dict[str, int] = {}
    for paper in sorted(links):
        entities = sorted(links[paper])
        if len(entities) == 1:
            entity = entities[0]
            k = above.get(entity, 0) + 1
            above[entity] = k
            x, y = anchors[entity]
            radius = footprints[entity].above + spacing * (0.6 + math.sqrt(k))
            angle = math.pi + (k * GOLDEN_ANGLE) % math.pi
            placed[paper] = (round(x + radius * math.cos(angle), 1), round(y + radius * math.sin(angle), 1))
            continue
        x = sum(anchors[e][0] for e in entities) / len(entities)
        y = sum(anchors[e][1] for e in entities) / len(entities)
        spot = (round(x / spacing), round(y / spacing))
        k = crowd.get(spot, 0)
        crowd[spot] = k + 1
        if k:
            radius = spacing * math.sqrt(k)
            x, y = x + radius * math.cos(k * GOLDEN_ANGLE), y + radius * math.sin(k * GOLDEN_ANGLE)
        placed[paper] = (round(x, 1), round(y, 1))
    return placed


def _even_out(positions: dict[str, Point], width: float, height: float) -> dict[str, Point]:
    """``positions`` spread evenly over ``width`` x ``height``, each keeping its direction from the centre.

    A spring layout crowds hubs into the middle, where their labels would pile up, and leaves the
    rim sparse. Ranking distances from the centre (the i-th nearest of n goes to radius
    sqrt(i / n)) spreads the nodes evenly over a disc, and the concentric map of Shirley and Chiu
    (area-preserving) turns the disc into the rectangle, so the density stays even. Evening out
    x and y by rank separately was tried first: it keeps a centre-heavy layout's far nodes far on
    both axes, and piled them into the corners of a large view.
    """
    names = sorted(positions)
    cx = sum(positions[n][0] for n in names) / len(names)
    cy = sum(positions[n][1] for n in names) / len(names)
    polar = {n: (math.hypot(positions[n][0] - cx, positions[n][1] - cy),
                 math.atan2(positions[n][1] - cy, positions[n][0] - cx)) for n in names}
    order = sorted(names, key=lambda n: (polar[n][0], n))
    result = {}
    for place, name in enumerate(order):
        a, b = _disc_to_square(math.sqrt((place + 0.5) / len(order)), polar[name][1])
        result[name] = (width / 2 * (1 + a), height / 2 * (1 + b))
    return result


def _disc_to_square(radius: float, angle: float) -> Point:
    """The point of the square [-1, 1]² that Shirley and Chiu's concentric map sends to a polar point
    of the unit disc: the circle of ``radius`` goes to the square ring of that half-width."""
    quarter = math.pi / 4
    angle = (angle + quarter) % (2 * math.pi) - quarter  # now in [-pi/4, 7pi/4)
    side, offset = divmod(angle + quarter, 2 * quarter)
    along = radius * (offset - quarter) / quarter  # position along the ring's side, -radius..radius
    return ((radius, along), (-along, radius), (-radius, -along), (along, -radius))[int(side)]


def _settle(positions: dict[str, Point], footprints: Mapping[str, Footprint]) -> dict[str, Point]:
    """``positions`` moved, as little as needed, so that no two footprints overlap.

    Greedy, as word clouds are laid out: nodes are placed biggest footprint first, each at the
    first free spot of a sunflower spiral around where the layout wanted it (golden-angle steps,
    radius growing with the square root of the count, so tries cover the disc evenly; a third of
    the footprint's height apart, fine enough to find a gap a label fits in), so hubs keep their
    place and small entities fill the gaps near theirs. Placed footprints are filed in a grid of
    cells as big as the biggest footprint, so each try checks only the few footprints nearby.
    """
    cell = max(max(2 * f.half_width, f.above + f.below) + 2 * MARGIN for f in footprints.values())
    grid: dict[tuple[int, int], list[Box]] = {}

    def cells(box: Box) -> list[tuple[int, int]]:
        return [(gx, gy) for gx in range(int(box[0] // cell), int(box[2] // cell) + 1)
                for gy in range(int(box[1] // cell), int(box[3] // cell) + 1)]

    def taken(box: Box) -> bool:
        left, top, right, bottom = box
        for c in cells(box):
            for other in grid.get(c, ()):
                if left < other[2] and other[0] < right and top < other[3] and other[1] < bottom:
                    return True
        return False

    placed: dict[str, Point] = {}
    for name in sorted(positions, key=lambda n: (-footprints[n].area, n)):
        f = footprints[name]
        x0, y0 = positions[name]
        half, up, down = f.half_width + MARGIN, f.above + MARGIN, f.below + MARGIN
        step = (f.above + f.below) / 3
        k = 0
        x, y = x0, y0
        while taken((x - half, y - up, x + half, y + down)):
            k += 1
            radius = step * math.sqrt(k)
            x, y = x0 + radius * math.cos(k * GOLDEN_ANGLE), y0 + radius * math.sin(k * GOLDEN_ANGLE)
        box = (x - half, y - up, x + half, y + down)
        for c in cells(box):
            grid.setdefault(c, []).append(box)
        placed[name] = (round(x, 1), round(y, 1))
    return {n: placed[n] for n in sorted(placed)}


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
