"""How node types and edge roles look on the HTML page: one table, used by nodes, edges and legend.

Colours are the Okabe–Ito palette (distinguishable with the common colour-vision deficiencies), and
every type also has its own shape, so the legend never relies on colour alone. Only shapes that
vis-network draws with the label outside (and sizes by ``size``) are used.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.model import EntityType, Role

PAPER = "Paper"


@dataclass(frozen=True, slots=True)
class NodeStyle:
    """A node kind's vis-network shape and colour, and the glyph the legend shows for it."""

    shape: str
    color: str
    glyph: str


@dataclass(frozen=True, slots=True)
class EdgeStyle:
    """A role's line: colour, width and dash pattern (``()`` = solid), and its legend wording."""

    label: str
    color: str
    width: float
    dashes: tuple[int, ...] = ()


NODE_STYLES: dict[str, NodeStyle] = {
    PAPER: NodeStyle("square", "#8c8c8c", "■"),
    EntityType.METHOD.value: NodeStyle("dot", "#0072B2", "●"),
    EntityType.DATASET.value: NodeStyle("diamond", "#E69F00", "◆"),
    EntityType.TASK.value: NodeStyle("triangle", "#009E73", "▲"),
    EntityType.METRIC.value: NodeStyle("star", "#D55E00", "★"),
    EntityType.CONCEPT.value: NodeStyle("hexagon", "#CC79A7", "⬢"),
}

EDGE_STYLES: dict[Role, EdgeStyle] = {
    Role.PROPOSES: EdgeStyle("proposes", "#222222", 3.0),
    Role.EVALUATES_ON: EdgeStyle("evaluates on", "#C98A00", 1.6, (8, 4)),
    Role.USES_METHOD: EdgeStyle("uses method", "#3D7FC0", 1.6),
    Role.ADDRESSES_TASK: EdgeStyle("addresses task", "#2E9E7A", 1.4, (2, 4)),
    Role.MEASURES_WITH: EdgeStyle("measures with", "#D55E00", 1.4, (10, 3, 2, 3)),
    Role.MENTIONS: EdgeStyle("mentions", "#B5B5B5", 0.8),
}
"""In precedence order: an edge with several roles is drawn in the first that applies."""

COOCCURRENCE_EDGE = EdgeStyle("shares papers with", "#9AA7B8", 1.0)


@lru_cache(maxsize=256)
def primary_role(roles: tuple[Role, ...]) -> Role:
    """The most specific role of an edge, the one its line shows."""
    return next((r for r in EDGE_STYLES if r in roles), Role.MENTIONS)
