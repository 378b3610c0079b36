"""The interactive, offline HTML view of the graph (``exports/paperkg.html``, ``kg viz``).

The page is a pyvis network rendered through pyvis's own ``generate_html`` with paperkg's template
(``kg/templates/paperkg.html``), because pyvis's template links Bootstrap and vis-network from a
CDN even with ``cdn_resources="in_line"``. Node and edge records are built here as plain dicts
and handed to the ``Network`` in one step: pyvis's ``add_node``/``add_edge`` check for duplicates
with linear scans, so adding a 5,000-node, 16,000-edge graph that way took 22 s here (quadratic),
while this whole module writes the same page in about half a second of CPU time.

Positions come from :mod:`kg.export.html_layout` and physics is off, so the page draws at once.
Titles, abstracts and labels are untrusted: they reach the page only as JSON inside a script, with
``<``, ``>``, ``&``, U+2028 and U+2029 escaped (so ``</script>`` cannot end it), and the page
script writes them with ``textContent``/vis-network's plain-text tooltips, never as HTML.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from pyvis.network import Network

from kg import atomic
from kg.corpus import Corpus
from kg.errors import ExportError, UsageError
from kg.export.html_layout import Footprint, Point, label_lift, place_papers, readable_layout
from kg.export.html_select import Selection, select
from kg.export.html_style import COOCCURRENCE_EDGE, EDGE_STYLES, NODE_STYLES, PAPER, primary_role
from kg.model import Edge, Entity, Paper, Role

VIEWS = ("papers", "cooccurrence")
COOCCURS = "cooccurs"
TEMPLATE = "paperkg.html"
VIS_NETWORK = "lib/vis-9.1.2"
"""vis-network as shipped inside the pinned pyvis wheel; inlined so the page needs no network."""

MAX_EVIDENCE = 5
MAX_LISTED_PAPERS = 8
MAX_SENTENCE = 280
ENTITY_FONT = 12
"""Label size in pixels at zoom 1 of an entity in one paper: the smallest that reads comfortably."""
WRAP_AT = 18
"""Labels longer than this many characters are drawn on two lines."""
PAPER_SIZE = 4
"""Paper glyph radius: papers are small and unlabelled (their title shows on hover)."""

_JSON_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


@dataclass(frozen=True, slots=True)
class HtmlSummary:
    """What a written page shows and leaves out, for the CLI to print."""

    path: Path
    view: str
    nodes: int
    edges: int
    papers_shown: int
    papers_total: int
    entities_shown: int
    entities_total: int
    notes: tuple[str, ...]

    def __str__(self) -> str:
        shown = (
            f"{self.view} view, {self.nodes:,} nodes and {self.edges:,} edges "
            f"({self.entities_shown:,} of {self.entities_total:,} entities, "
            f"{self.papers_shown:,} of {self.papers_total:,} papers)"
        )
        return "; ".join((shown, *self.notes))


def safe_json(value: Any) -> str:
    """JSON that is safe inside an HTML ``<script>``: no ``</script>``, ``<!--`` or JS line breaks.

    >>> safe_json({"t": "</script><img src=x>"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in _JSON_ESCAPES:  # str.replace per character: far faster than str.translate on MBs
        text = text.replace(raw, escaped)
    return text


def write_html(
    corpus: Corpus,
    path: Path,
    *,
    view: str = "papers",
    focus: str | None = None,
    hops: int = 1,
    min_papers: int = 1,
    types: Sequence[str] | None = None,
    max_entities: int | None = None,
) -> HtmlSummary:
    """Write an interactive page of ``corpus`` to ``path`` (atomically) and say what it shows.

    ``view`` is ``"papers"`` (papers linked to their entities) or ``"cooccurrence"`` (entities
    linked when they share papers). The other arguments choose the entities, as in
    :func:`kg.export.html_select.select`; unknown ``focus`` raises ``NotFoundError`` with
    suggestions. The same corpus and arguments always give a byte-identical file.
    """
    if view not in VIEWS:
        raise UsageError(f"unknown view {view!r}; choose one of: {', '.join(VIEWS)}")
    chosen = select(corpus, focus=focus, hops=hops, min_papers=min_papers, types=types, max_entities=max_entities)
    counts = corpus.paper_counts()
    if view == "papers":
        nodes, edges = _papers_view(chosen, counts)
    else:
        nodes, edges = _cooccurrence_view(chosen, counts)
    summary = HtmlSummary(
        path=Path(path),
        view=view,
        nodes=len(nodes),
        edges=len(edges),
        papers_shown=len(chosen.papers),
        papers_total=chosen.papers_total,
        entities_shown=len(chosen.entities),
        entities_total=chosen.entities_total,
        notes=chosen.notes,
    )
    atomic.write_text(path, render_page(nodes, edges, summary))
    return summary


def _papers_view(chosen: Selection, counts: dict[str, int]) -> tuple[list[dict], list[dict]]:
    """Paper and entity nodes, one edge per paper–entity link, styled by its main role.

    Entities are laid out first, for their labels, as in the co-occurrence view; papers then go
    between the entities they link. Paper nodes come first in the list because vis-network draws
    nodes in list order: entity glyphs and labels are drawn over papers, never under them.
    """
    labels = {e.key: e.label for e in chosen.entities}
    papers = {p.key: p for p in chosen.papers}
    by_paper: dict[str, list[Edge]] = {}
    by_entity: dict[str, list[str]] = {}
    hosts: dict[str, list[str]] = {}
    for edge in chosen.edges:
        by_paper.setdefault(edge.paper_key, []).append(edge)
        by_entity.setdefault(edge.entity_key, []).append(edge.paper_key)
        hosts.setdefault(edge.paper_key, []).append(edge.entity_key)
    entity_nodes, pos, footprints = _entity_nodes(chosen, counts, by_entity, _shared_papers(hosts))
    paper_pos = place_papers(hosts, pos, footprints)

    nodes = []
    evidence: dict[tuple[str, str], str] = {}
    for paper in chosen.papers:
        sentences = _sentences(paper, by_paper[paper.key])
        for edge in by_paper[paper.key]:
            first = min(((m.sentence_start, m.sentence_end) for m in edge.mentions), default=None)
            if first in sentences:
                evidence[edge.paper_key, edge.entity_key] = sentences[first]
        x, y = paper_pos[paper.key]
        nodes.append({
            "id": _paper_id(paper.key), "label": "", "kgType": PAPER, "names": [paper.title], "size": PAPER_SIZE,
            "x": x, "y": y, "title": _paper_tooltip(paper, by_paper[paper.key], labels, list(sentences.values())),
        })
    nodes += entity_nodes
    edges = []
    for index, edge in enumerate(chosen.edges):
        roles = ", ".join(r.value for r in edge.roles)
        said = evidence.get((edge.paper_key, edge.entity_key))
        edges.append({
            "id": f"e{index}", "from": _paper_id(edge.paper_key), "to": _entity_id(edge.entity_key),
            "kgRole": primary_role(edge.roles).value,
            "title": f"{papers[edge.paper_key].title}\n→ {labels[edge.entity_key]}\n{roles}"
            + (f"\n\n“{said}”" if said else ""),
        })
    return nodes, edges


def _cooccurrence_view(chosen: Selection, counts: dict[str, int]) -> tuple[list[dict], list[dict]]:
    """Entity nodes only; an edge joins two entities that share papers, as wide as how many."""
    papers = {p.key: p for p in chosen.papers}
    hosts: dict[str, list[str]] = {}
    by_entity: dict[str, list[str]] = {}
    for edge in chosen.edges:
        hosts.setdefault(edge.paper_key, []).append(edge.entity_key)
        by_entity.setdefault(edge.entity_key, []).append(edge.paper_key)
    shared = _shared_papers(hosts)
    nodes, _, _ = _entity_nodes(chosen, counts, by_entity, shared)
    labels = {e.key: e.label for e in chosen.entities}
    edges = []
    for index, ((a, b), keys) in enumerate(sorted(shared.items())):
        listed = _paper_list([papers[k] for k in keys])
        edges.append({
            "id": f"e{index}", "from": _entity_id(a), "to": _entity_id(b), "kgRole": COOCCURS,
            "title": f"{labels[a]} — {labels[b]}\n{len(keys)} shared paper{'s' if len(keys) > 1 else ''}:\n{listed}",
            "width": round(min(1 + len(keys) ** 0.5, 8), 2),
        })
    return nodes, edges


def _shared_papers(hosts: dict[str, list[str]]) -> dict[tuple[str, str], list[str]]:
    """For every pair of entities (in key order) that share papers, those papers' keys in order."""
    shared: dict[tuple[str, str], list[str]] = {}
    for paper_key in sorted(hosts):
        keys = sorted(hosts[paper_key])
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                shared.setdefault((a, b), []).append(paper_key)
    return shared


def _cooccurrence_graph(entities: Sequence[Entity], shared: dict[tuple[str, str], list[str]]) -> nx.Graph:
    """Entities weighted by shared papers: what the layout spreads out."""
    graph = nx.Graph()
    graph.add_nodes_from(e.key for e in entities)
    graph.add_weighted_edges_from((a, b, len(keys)) for (a, b), keys in shared.items())
    return graph


def _entity_nodes(
    chosen: Selection, counts: dict[str, int], by_entity: dict[str, list[str]],
    shared: dict[tuple[str, str], list[str]],
) -> tuple[list[dict], dict[str, Point], dict[str, Footprint]]:
    """Vis nodes for the chosen entities, laid out so their labels read, with positions and footprints.

    Both views place entities the same way, by the papers they share; the papers view then puts
    papers around them, for which it needs the positions and footprints.
    """
    papers = {p.key: p for p in chosen.papers}
    looks = {e.key: _entity_look(e, counts.get(e.key, 0)) for e in chosen.entities}
    footprints = {key: Footprint.of(look["size"], look["label"], look["font"]["size"]) for key, look in looks.items()}
    pos = readable_layout(_cooccurrence_graph(chosen.entities, shared), footprints)
    nodes = [
        _entity_node(e, looks[e.key], counts.get(e.key, 0), by_entity.get(e.key, []), papers, pos[e.key])
        for e in chosen.entities
    ]
    return nodes, pos, footprints


def _entity_look(entity: Entity, count: int) -> dict[str, Any]:
    """Label, glyph size and font of an entity: what it covers on the page, known before layout.

    Sizes are pixels at zoom 1, about the zoom at which the default view fits a window (see
    :func:`~kg.export.html_layout.readable_layout`): labels from ``ENTITY_FONT`` px up to 16 px for
    the entities in most papers, so hubs stand out without crowding the rest (bigger hub labels
    cost the area that every other label needs to stay legible). Glyphs stay small for the same
    reason. Long labels are wrapped onto two lines, which packs far better than one long line.
    """
    extra = math.sqrt(max(count - 1, 0))
    font = round(min(ENTITY_FONT + 0.8 * extra, 16))
    return {"label": _wrap(entity.label), "size": round(min(5 + 1.5 * extra, 14), 1),
            "font": {"size": font, "vadjust": label_lift(font)}}


def _wrap(label: str) -> str:
    """``label`` on two lines, split at the space nearest its middle, when longer than ``WRAP_AT``.

    >>> _wrap("Implicit Neural Representation")
    'Implicit Neural\\nRepresentation'
    """
    if len(label) <= WRAP_AT or " " not in label.strip():
        return label
    middle = len(label) / 2
    cut = min((i for i, char in enumerate(label) if char == " "), key=lambda i: (abs(i - middle), i))
    return f"{label[:cut].rstrip()}\n{label[cut + 1:].lstrip()}"


def _entity_node(
    entity: Entity, look: dict[str, Any], count: int, paper_keys: list[str], papers: dict[str, Paper], at: Point
) -> dict:
    """A vis node for an entity: shape and colour by type, size by how many papers mention it."""
    lines = [entity.label, f"{entity.type.value} · in {count:,} paper{'s' if count != 1 else ''}"]
    if entity.aliases:
        lines.append("also: " + ", ".join(entity.aliases))
    shown = [papers[k] for k in paper_keys if k in papers]
    if shown:
        lines += ["", "papers:", _paper_list(shown)]
    return {
        "id": _entity_id(entity.key), "title": "\n".join(lines), "kgType": entity.type.value,
        "names": [entity.label, *entity.aliases], "x": at[0], "y": at[1], **look,
    }


def _paper_tooltip(paper: Paper, links: list[Edge], labels: dict[str, str], sentences: list[str]) -> str:
    """Title, date, upvotes, author count, linked entities and the sentences that support them."""
    date = paper.date or (f"--{paper.month_day} (year unknown)" if paper.month_day else "unknown")
    facts = [
        f"date: {date}",
        f"upvotes: {paper.upvotes if paper.upvotes is not None else 'unknown'}",
        f"authors: {paper.author_count if paper.author_count is not None else len(paper.authors) or 'unknown'}",
    ]
    entities = ", ".join(sorted({labels[e.entity_key] for e in links}, key=str.casefold))
    lines = [paper.title, " · ".join(facts), f"entities: {entities}"]
    distinct = list(dict.fromkeys(sentences))
    if distinct:
        lines += ["", "evidence:", *(f"“{s}”" for s in distinct[:MAX_EVIDENCE])]
    if len(distinct) > MAX_EVIDENCE:
        lines.append(f"… and {len(distinct) - MAX_EVIDENCE} more")
    return "\n".join(lines)


def _sentences(paper: Paper, links: list[Edge]) -> dict[tuple[int, int], str]:
    """Each evidence span of ``links`` (in text order) as one line of text, shortened when long."""
    text = paper.text
    found = {}
    for span in sorted({(m.sentence_start, m.sentence_end) for e in links for m in e.mentions}):
        sentence = " ".join(text[span[0]:span[1]].split())
        if sentence:
            found[span] = sentence if len(sentence) <= MAX_SENTENCE else sentence[: MAX_SENTENCE - 1] + "…"
    return found


def _paper_list(papers: list[Paper]) -> str:
    """The most upvoted papers, one per line, and how many more there are."""
    ranked = sorted(papers, key=lambda p: (-(p.upvotes or 0), p.key))
    lines = [f"• {p.title}" for p in ranked[:MAX_LISTED_PAPERS]]
    if len(ranked) > MAX_LISTED_PAPERS:
        lines.append(f"… and {len(ranked) - MAX_LISTED_PAPERS:,} more")
    return "\n".join(lines)


def _paper_id(key: str) -> str:
    return f"paper/{key}"


def _entity_id(key: str) -> str:
    return f"entity/{key}"


def render_page(nodes: list[dict], edges: list[dict], summary: HtmlSummary) -> str:
    """The page: a pyvis ``Network`` holding ``nodes``/``edges``, rendered with paperkg's template."""
    net = Network(height="100%", width="100%", directed=False, cdn_resources="in_line", heading="")
    net.nodes = nodes
    net.edges = edges
    net.node_ids = [n["id"] for n in nodes]
    net.node_map = {n["id"]: n for n in nodes}
    net.options = VIS_OPTIONS
    net.templateEnv = _environment()
    net.path = TEMPLATE
    edge_styles = {COOCCURS: COOCCURRENCE_EDGE} if summary.view == "cooccurrence" else EDGE_STYLES
    net.templateEnv.globals["kg"] = {
        "summary": summary,
        "node_styles": {k: v for k, v in NODE_STYLES.items() if k != PAPER or summary.view == "papers"},
        "edge_styles": list(edge_styles.values()),
        "styles": {
            "nodes": {name: {"shape": s.shape, "color": s.color} for name, s in NODE_STYLES.items()},
            "edges": {
                str(role): {"color": s.color, "width": s.width, "dashes": list(s.dashes) or False,
                            "arrows": "to" if role == Role.PROPOSES else ""}
                for role, s in edge_styles.items()
            },
        },
    }
    return net.generate_html()


VIS_OPTIONS: dict[str, Any] = {
    "physics": {"enabled": False},
    "layout": {"improvedLayout": False},
    "edges": {"smooth": False, "selectionWidth": 2, "arrows": {"to": {"scaleFactor": 0.6}}},
    "nodes": {"borderWidth": 1, "font": {"size": 14, "face": "system-ui, sans-serif", "strokeWidth": 3,
                                         "strokeColor": "#ffffff"}},
    "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True, "hideEdgesOnZoom": True,
                    "multiselect": False},
}


def _environment() -> Environment:
    """Jinja environment for paperkg's template: autoescaping on, JSON and inlined assets available."""
    env = Environment(loader=FileSystemLoader(str(resources.files("kg") / "templates")), autoescape=True,
                      keep_trailing_newline=True)
    env.filters["safe_json"] = lambda value: Markup(safe_json(value))
    env.globals["vis_js"], env.globals["vis_css"] = _vis_assets()
    return env


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[Markup, Markup]:
    """vis-network's script and stylesheet from the pyvis package, checked safe to inline."""
    base = resources.files("pyvis") / VIS_NETWORK
    try:
        script = (base / "vis-network.min.js").read_text(encoding="utf-8")
        style = (base / "vis-network.css").read_text(encoding="utf-8")
    except OSError as err:
        raise ExportError(f"cannot read vis-network from the pyvis package: {err}") from err
    if "</script" in script.lower() or "</style" in style.lower():
        raise ExportError("vis-network cannot be inlined: it contains a closing script/style tag")
    return Markup(script), Markup(style)
