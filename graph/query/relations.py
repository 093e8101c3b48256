"""Relationship questions: neighbourhoods, paths and co-occurrence (search: `graph.search`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations, pairwise

import networkx as nx

from ..errors import PeelGraphError
from ..theme_score import ABOUT
from .index import GraphIndex

__all__ = [
    "Cooccurrence",
    "EdgeView",
    "QueryTooLarge",
    "Subgraph",
    "cooccurrence",
    "neighbourhood",
    "shortest_path",
]

MAX_DEPTH = 3


class QueryTooLarge(PeelGraphError):
    """A traversal would return more than the budget allows."""


@dataclass(frozen=True)
class EdgeView:
    """An edge with its kind and the evidence attributes it carries."""

    source: str
    target: str
    kind: str
    evidence: dict


@dataclass(frozen=True)
class Subgraph:
    nodes: list[str]
    edges: list[EdgeView]
    depths: dict[str, int] = field(default_factory=dict)


def _evidence(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "kind" and v not in (None, [], "")}


def _allowed(edge_kinds: Iterable[str] | None) -> set[str] | None:
    return set(edge_kinds) if edge_kinds else None


def neighbourhood(
    index: GraphIndex,
    node: str,
    depth: int = 1,
    edge_kinds: Iterable[str] | None = None,
    max_nodes: int = 2000,
) -> Subgraph:
    """Nodes within `depth` hops (either direction) and the edges among them."""
    graph = index.graph
    if node not in graph:
        raise KeyError(node)
    if not 0 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be between 0 and {MAX_DEPTH}")
    allowed = _allowed(edge_kinds)
    seen = {node: 0}
    frontier = [node]
    for level in range(1, depth + 1):
        nxt: list[str] = []
        for current in frontier:
            for _, other, key in [*graph.out_edges(current, keys=True),
                                  *((v, u, k) for u, v, k in graph.in_edges(current, keys=True))]:
                if (allowed is None or key in allowed) and other not in seen:
                    seen[other] = level
                    nxt.append(other)
                    if len(seen) > max_nodes:
                        raise QueryTooLarge(
                            f"the neighbourhood of {node} at depth {depth} has more than"
                            f" {max_nodes} nodes; lower the depth or restrict edgeKinds"
                        )
        frontier = nxt
    nodes = sorted(seen, key=lambda n: (seen[n], n))
    edges = [
        EdgeView(u, v, k, _evidence(d))
        for u, v, k, d in graph.subgraph(seen).edges(keys=True, data=True)
        if allowed is None or k in allowed
    ]
    edges.sort(key=lambda e: (e.source, e.target, e.kind))
    return Subgraph(nodes, edges, seen)


def shortest_path(
    index: GraphIndex, source: str, target: str, edge_kinds: Iterable[str] | None = None
) -> Subgraph | None:
    """The shortest path ignoring direction; None when there is none."""
    graph = index.graph
    for node in (source, target):
        if node not in graph:
            raise KeyError(node)
    allowed = _allowed(edge_kinds)
    view = graph.to_undirected(as_view=True)
    if allowed is not None:
        view = nx.subgraph_view(view, filter_edge=lambda u, v, k: k in allowed)
    try:
        path = nx.shortest_path(view, source, target)
    except nx.NetworkXNoPath:
        return None
    edges = []
    for u, v in pairwise(path):
        forward = [(u, v, k, d) for k, d in (graph.get_edge_data(u, v) or {}).items()]
        backward = [(v, u, k, d) for k, d in (graph.get_edge_data(v, u) or {}).items()]
        choices = [e for e in forward + backward if allowed is None or e[2] in allowed]
        a, b, key, data = sorted(choices, key=lambda e: e[2])[0]
        edges.append(EdgeView(a, b, key, _evidence(data)))
    return Subgraph(path, edges, {n: i for i, n in enumerate(path)})


@dataclass(frozen=True)
class Cooccurrence:
    first: str
    second: str
    count: int
    findings: list[str]


def cooccurrence(
    index: GraphIndex, findings: list[str], kind: str = "theme", min_count: int = 1
) -> list[Cooccurrence]:
    """Pairs of themes (or units, partners …) that the given findings link together (themes:
    the ABOUT links, as `Finding.themes` lists them)."""
    edge = {"theme": "has_theme", "unit": "involves_unit", "partner": "involves_partner",
            "term": "mentions_term"}[kind]
    pairs: dict[tuple[str, str], list[str]] = {}
    for finding in findings:
        linked = sorted(
            v for _, v, k, d in index.graph.out_edges(finding, keys=True, data=True)
            if k == edge and d.get("strength", ABOUT) == ABOUT
        )
        for pair in combinations(linked, 2):
            pairs.setdefault(pair, []).append(finding)
    out = [Cooccurrence(a, b, len(f), f) for (a, b), f in pairs.items() if len(f) >= min_count]
    out.sort(key=lambda c: (-c.count, c.first, c.second))
    return out
