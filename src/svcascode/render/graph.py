"""Dependency graphs as inline SVG geometry, laid out at build time with grandalf.

A page's graph is the neighbourhood of its service or item over the dependency graph of
services and items: up to ``depth`` hops towards what it needs (drawn below it) and as
many towards what needs it (drawn above). A node with more than ``fan`` neighbours in a
direction shows the first ones and a folded "+N more" node linking to the page that lists
them all, so a hub like the core network stays readable. The layout is Sugiyama's layered
drawing (grandalf, pure Python); the template only draws the boxes and lines computed here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from grandalf.graphs import Edge, Vertex, graph_core
from grandalf.layouts import SugiyamaLayout

from svcascode.index import CI, EntityKey, Index
from svcascode.render.urls import page_of

DRAWN_KINDS = ("Service", CI)
MARGIN = 8.0
NODE_HEIGHT = 28.0
CHAR_WIDTH = 6.6
LABEL_CHARS = 26
FIT_WIDTH = 1100.0
"""About the width of the page's content column."""
MIN_SCALE = 0.8


@dataclass(frozen=True)
class Bounds:
    """How much of the neighbourhood to draw."""

    depth: int = 2
    """Hops in each direction."""
    fan: int = 5
    """Most neighbours shown per node and direction before folding the rest."""
    focus_fan: int = 8
    """The same for the page's own service or item."""
    nodes: int = 24
    """Most entity nodes in one graph."""


@dataclass(frozen=True)
class GraphNode:
    """A box: a service, an item, or a folded "+N more"."""

    label: str
    title: str
    """Full text for the tooltip."""
    kind: str
    """``service``, ``item`` or ``more``."""
    path: str | None
    """Site-relative link target."""
    x: float
    """Left edge."""
    y: float
    """Top edge."""
    width: float
    height: float
    focus: bool = False

    @property
    def cx(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def cy(self) -> float:
        return round(self.y + self.height / 2, 1)


@dataclass(frozen=True)
class GraphEdge:
    """A line from a dependent to what it needs."""

    points: tuple[tuple[float, float], ...]
    redundant: bool = False
    """A member of a redundancy group (``any_of``)."""

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:g},{y:g}" for x, y in self.points)


@dataclass(frozen=True)
class GraphLayout:
    """A laid-out graph, ready for the template to draw."""

    width: float
    height: float
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    marker: str
    """Id of the arrowhead marker, unique per page."""
    folded: int = 0
    """Neighbours left out behind "+N more" nodes."""

    @property
    def display_width(self) -> float:
        """The width to draw at: a wide graph a little smaller, so that more of it fits
        a page before it scrolls, but never so small that labels cannot be read."""
        if self.width <= FIT_WIDTH:
            return self.width
        return round(max(self.width * MIN_SCALE, FIT_WIDTH), 1)

    @property
    def display_height(self) -> float:
        return round(self.height * self.display_width / self.width, 1)


@dataclass
class _Sketch:
    """The chosen nodes and edges before layout."""

    nodes: list[EntityKey] = field(default_factory=list)
    chosen: set[EntityKey] = field(default_factory=set)
    more: list[tuple[EntityKey, str, int]] = field(default_factory=list)
    """``(anchor, "down" | "up", hidden count)``."""
    expanded: list[tuple[EntityKey, str]] = field(default_factory=list)
    """Nodes whose neighbours in a direction were looked at."""

    def add(self, key: EntityKey) -> None:
        if key not in self.chosen:
            self.chosen.add(key)
            self.nodes.append(key)


def _neighbours(index: Index, key: EntityKey, direction: str) -> list[EntityKey]:
    """What ``key`` needs (``down``: its items first, then services) or what needs it
    (``up``: services first, then items), each sorted by id."""
    graph = index.requires if direction == "down" else index.required_by
    found = [k for k in graph.get(key, ()) if k[0] in DRAWN_KINDS and k != key]
    first = CI if direction == "down" else "Service"
    found.sort(key=lambda k: (k[0] != first, k[1]))
    return found


def _sketch(index: Index, focus: EntityKey, bounds: Bounds) -> _Sketch:
    sketch = _Sketch()
    sketch.add(focus)
    expanded = sketch.expanded
    frontiers = {"down": [focus], "up": [focus]}
    # Hop by hop in both directions, so that the node budget is shared between them.
    for _ in range(bounds.depth):
        for direction in ("down", "up"):
            following: list[EntityKey] = []
            for node in frontiers[direction]:
                expanded.append((node, direction))
                fan = bounds.focus_fan if node == focus else bounds.fan
                for key in _neighbours(index, node, direction)[: fan - 1]:
                    if len(sketch.chosen) >= bounds.nodes:
                        break
                    if key not in sketch.chosen:
                        sketch.add(key)
                        following.append(key)
            frontiers[direction] = following
    for node, direction in expanded:
        neighbours = _neighbours(index, node, direction)
        hidden = sum(1 for key in neighbours if key not in sketch.chosen)
        fan = bounds.focus_fan if node == focus else bounds.fan
        if len(neighbours) == fan and hidden == 1:
            # Folding one neighbour into "+1 more" takes the same room as showing it.
            sketch.add(next(key for key in neighbours if key not in sketch.chosen))
        elif hidden:
            sketch.more.append((node, direction, hidden))
    return sketch


def _redundant(index: Index, source: EntityKey, target: EntityKey) -> bool:
    if source[0] != CI or target[0] != CI:
        return False
    return any(
        need.redundant and target[1] in need.members for need in index.needs.get(source[1], ())
    )


def _label(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "\u2026"


class _Box:
    """The view grandalf lays out: a size in, a centre out."""

    def __init__(self, width: float, height: float) -> None:
        self.w = width
        self.h = height
        self.xy: tuple[float, float] = (0.0, 0.0)


class _Route:
    """The view of an edge: grandalf hands it the points of the line."""

    def __init__(self) -> None:
        self.points: list[tuple[float, float]] = []

    def setpath(self, points: list[tuple[float, float]]) -> None:
        self.points = [(float(x), float(y)) for x, y in points]


@dataclass
class _Spec:
    """A node to lay out."""

    label: str
    title: str
    kind: str
    path: str | None
    focus: bool
    box: _Box


def _clip(
    centre: tuple[float, float], box: _Box, toward: tuple[float, float]
) -> tuple[float, float]:
    """Where the line from the box's centre to ``toward`` leaves the box."""
    dx, dy = toward[0] - centre[0], toward[1] - centre[1]
    scales = [box.w / 2 / abs(dx)] if dx else []
    scales += [box.h / 2 / abs(dy)] if dy else []
    if not scales:
        return centre
    scale = min(1.0, *scales)
    return (centre[0] + dx * scale, centre[1] + dy * scale)


def _specs(index: Index, focus: EntityKey, sketch: _Sketch) -> dict[str, _Spec]:
    specs: dict[str, _Spec] = {}
    for key in sketch.nodes:
        entity = index.entity_of(*key)
        title = entity.title if entity is not None else key[1]
        kind = "service" if key[0] == "Service" else "item"
        label = _label(title)
        specs["|".join(key)] = _Spec(
            label,
            f"{'Service' if kind == 'service' else 'Item'}: {title} ({key[1]})",
            kind,
            page_of(*key) if entity is not None else None,
            key == focus,
            _Box(max(48.0, len(label) * CHAR_WIDTH + 16), NODE_HEIGHT),
        )
    for anchor, direction, hidden in sketch.more:
        section = "needs" if direction == "down" else "needed-by"
        page = page_of(*anchor)
        label = f"+{hidden} more"
        specs[f"more|{direction}|{'|'.join(anchor)}"] = _Spec(
            label,
            f"{hidden} more {'needed by' if direction == 'down' else 'needing'} {anchor[1]}",
            "more",
            f"{page}#{section}" if page else None,
            False,
            _Box(len(label) * CHAR_WIDTH + 16, NODE_HEIGHT),
        )
    return specs


def _edges(index: Index, sketch: _Sketch) -> list[tuple[str, str, bool]]:
    """The edges of expanded nodes to the nodes shown: the edges between two nodes at
    the rim are left out, so the drawing stays the neighbourhood of the focus."""
    pairs: set[tuple[EntityKey, EntityKey]] = set()
    for node, direction in sketch.expanded:
        for key in _neighbours(index, node, direction):
            if key in sketch.chosen:
                pairs.add((node, key) if direction == "down" else (key, node))
    edges = [
        ("|".join(source), "|".join(target), _redundant(index, source, target))
        for source, target in sorted(pairs)
    ]
    for anchor, direction, _hidden in sketch.more:
        more = f"more|{direction}|{'|'.join(anchor)}"
        pair = ("|".join(anchor), more) if direction == "down" else (more, "|".join(anchor))
        edges.append((*pair, False))
    return edges


def _compact(layers: list[list[Any]], space: float) -> None:
    """Close the wide gaps Brandes-Koepf leaves, keeping each layer's order and, roughly,
    where its vertices stand relative to the layers above and below."""
    rows = [sorted(layer, key=lambda v: v.view.xy[0]) for layer in layers if layer]
    if not rows:
        return
    xs = [v.view.xy[0] for row in rows for v in row]
    spread = max(xs) - min(xs)
    needed = max(sum(v.view.w for v in row) + space * (len(row) - 1) for row in rows)
    scale = min(1.0, needed / spread) if spread else 1.0
    origin = min(xs)
    for row in rows:
        wanted = [(v.view.xy[0] - origin) * scale for v in row]
        placed = list(wanted)
        for i in range(1, len(row)):
            least = placed[i - 1] + (row[i - 1].view.w + row[i].view.w) / 2 + space
            placed[i] = max(placed[i], least)
        # Pushing right drifts the row; shift it back so it sits where it wanted to.
        drift = (sum(placed) - sum(wanted)) / len(placed)
        for vertex, x in zip(row, placed, strict=True):
            vertex.view.xy = (x - drift, vertex.view.xy[1])


def _place(specs: dict[str, _Spec], edges: Iterable[tuple[str, str, bool]]) -> list[GraphEdge]:
    """Lay out the graph with Sugiyama's method; returns the lines."""
    vertices = {name: Vertex(name) for name in specs}
    for name, vertex in vertices.items():
        vertex.view = specs[name].box
    drawn: list[tuple[Edge, bool]] = []
    for source, target, redundant in edges:
        edge = Edge(vertices[source], vertices[target])
        edge.view = _Route()
        drawn.append((edge, redundant))
    # One component, always: every node was reached from the focus along a drawn edge.
    # graph_core keeps the order it is given; Graph() collects edges in a set, whose order
    # changes from run to run, and so would the drawing.
    component = graph_core(list(vertices.values()), [edge for edge, _ in drawn])
    layout = SugiyamaLayout(component)
    layout.xspace, layout.yspace = 16, 36
    # Dummy vertices (bends of long edges) as wide as a label spread the drawing.
    layout.dw, layout.dh = 8, NODE_HEIGHT
    layout.init_all(optimize=True)
    layout.draw()
    _compact(layout.layers, layout.xspace)
    layout.draw_edges()
    left = min(v.view.xy[0] - v.view.w / 2 for v in component.sV)
    for vertex in component.sV:
        vertex.view.xy = (vertex.view.xy[0] - left, vertex.view.xy[1])
    for edge in component.sE:
        edge.view.points = [(x - left, y) for x, y in edge.view.points]
    lines: list[GraphEdge] = []
    for edge, redundant in drawn:
        source, target = edge.v[0].view, edge.v[1].view
        points = list(edge.view.points) or [source.xy, target.xy]
        if points[0] != source.xy:
            points.reverse()  # an edge grandalf turned round to break a cycle
        if len(points) < 2:
            continue
        points[0] = _clip(source.xy, source, points[1])
        points[-1] = _clip(target.xy, target, points[-2])
        lines.append(GraphEdge(tuple(points), redundant))
    return lines


def layout(index: Index, focus: EntityKey, bounds: Bounds | None = None) -> GraphLayout:
    """The laid-out neighbourhood of a service or item."""
    bounds = bounds or Bounds()
    sketch = _sketch(index, focus, bounds)
    specs = _specs(index, focus, sketch)
    lines = _place(specs, _edges(index, sketch))
    top = min(spec.box.xy[1] - spec.box.h / 2 for spec in specs.values())
    dx, dy = MARGIN, MARGIN - top
    nodes = tuple(
        GraphNode(
            label=spec.label,
            title=spec.title,
            kind=spec.kind,
            path=spec.path,
            x=round(spec.box.xy[0] - spec.box.w / 2 + dx, 1),
            y=round(spec.box.xy[1] - spec.box.h / 2 + dy, 1),
            width=round(spec.box.w, 1),
            height=spec.box.h,
            focus=spec.focus,
        )
        for spec in specs.values()
    )
    edges = tuple(
        GraphEdge(
            tuple((round(x + dx, 1), round(y + dy, 1)) for x, y in line.points), line.redundant
        )
        for line in lines
    )
    width = max(node.x + node.width for node in nodes) + MARGIN
    height = max(node.y + node.height for node in nodes) + MARGIN
    return GraphLayout(
        width=round(width, 1),
        height=round(height, 1),
        nodes=nodes,
        edges=edges,
        marker=f"arrow-{focus[0].lower()}-{focus[1]}",
        folded=sum(hidden for _, _, hidden in sketch.more),
    )
