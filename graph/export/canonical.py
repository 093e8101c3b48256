"""Canonical ordering, edge ids and value coercion shared by every exporter.

Exports must be byte-for-byte reproducible whatever order the builder inserted things in, and
most formats want one scalar type per attribute name with no ``None`` and no lists, so every
writer goes through these helpers rather than iterating the graph itself.
"""

from collections.abc import Hashable, Iterable, Mapping
from typing import Any

import networkx as nx

__all__ = [
    "LIST_SEPARATOR",
    "Edge",
    "canonical_graph",
    "coerce",
    "display_label",
    "edge_id",
    "format_scalar",
    "scalar_types",
    "sorted_edges",
    "sorted_nodes",
    "unify_type",
]

LIST_SEPARATOR = "; "

Edge = tuple[Hashable, Hashable, Hashable, dict[str, Any]]


def sorted_nodes(G: nx.Graph) -> list[tuple[Hashable, dict[str, Any]]]:
    """Nodes with their data, ordered by id (as text, so mixed id types still sort)."""
    return sorted(G.nodes(data=True), key=lambda item: str(item[0]))


def sorted_edges(G: nx.Graph) -> list[Edge]:
    """``(u, v, key, data)`` ordered by (source, target, key); simple graphs key on ``kind``."""
    if G.is_multigraph():
        edges: Iterable[Edge] = G.edges(keys=True, data=True)
    else:
        edges = ((u, v, d.get("kind", ""), d) for u, v, d in G.edges(data=True))
    return sorted(edges, key=lambda e: (str(e[0]), str(e[1]), str(e[2])))


def edge_id(u: Hashable, v: Hashable, key: Hashable) -> str:
    """A readable id, unique because a MultiDiGraph edge is unique by (u, v, key)."""
    return f"{u}-[{key}]->{v}"


def display_label(node: Hashable, data: Mapping[str, Any]) -> str:
    """The node's readable name, falling back to its id when the builder gave none."""
    label = data.get("label")
    return str(label) if label not in (None, "") else str(node)


def format_scalar(value: Any) -> str:
    """Text for one value; bools as XML/JSON spell them, lists joined."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(format_scalar(item) for item in value)
    return str(value)


def unify_type(values: Iterable[Any]) -> type:
    """The one type that can hold every value: bool, int, float, else str (lists are text)."""
    kinds = set()
    for value in values:
        if value is None:
            continue
        if isinstance(value, bool):
            kinds.add(bool)
        elif isinstance(value, int):
            kinds.add(int)
        elif isinstance(value, float):
            kinds.add(float)
        else:
            kinds.add(str)
    if kinds in ({bool}, {int}, {float}):
        return kinds.pop()
    if kinds == {int, float}:
        return float
    return str


def scalar_types(records: Iterable[Mapping[str, Any]]) -> dict[str, type]:
    """Per attribute name, the single type to write it as across all records."""
    values: dict[str, list[Any]] = {}
    for record in records:
        for name, value in record.items():
            values.setdefault(name, []).append(value)
    return {name: unify_type(vals) for name, vals in sorted(values.items())}


def coerce(data: Mapping[str, Any], types: Mapping[str, type]) -> dict[str, Any]:
    """Data with ``None`` dropped, keys sorted and each value cast to its attribute's type."""
    out: dict[str, Any] = {}
    for name in sorted(data):
        value = data[name]
        if value is None:
            continue
        target = types.get(name, str)
        out[name] = format_scalar(value) if target is str else target(value)
    return out


def canonical_graph(
    G: nx.Graph,
    *,
    scalars_only: bool = False,
    drop_none: bool = False,
    rekey: bool = False,
) -> nx.MultiDiGraph:
    """A copy of ``G`` whose insertion order (nodes, edges, attribute keys) is sorted.

    networkx writers emit things in insertion order, so writing this copy is deterministic.
    ``scalars_only`` also coerces values for formats that need one type per attribute and no
    ``None`` or lists; ``drop_none`` only drops ``None``; ``rekey`` keys edges by `edge_id`.
    """
    nodes = sorted_nodes(G)
    edges = sorted_edges(G)
    node_types = scalar_types(d for _, d in nodes)
    edge_types = scalar_types(d for *_, d in edges)
    graph_types = scalar_types([G.graph])

    def clean(data: Mapping[str, Any], types: Mapping[str, type]) -> dict[str, Any]:
        if scalars_only:
            return coerce(data, types)
        return {k: data[k] for k in sorted(data) if not (drop_none and data[k] is None)}

    H = nx.MultiDiGraph()
    H.graph.update(clean(G.graph, graph_types))
    for node, data in nodes:
        H.add_node(node, **clean(data, node_types))
    for u, v, key, data in edges:
        H.add_edge(u, v, key=edge_id(u, v, key) if rekey else key, **clean(data, edge_types))
    return H
