"""Cytoscape JSON (``.cyjs``) for Cytoscape desktop, Cytoscape.js and ``nx.cytoscape_graph``.

Built with networkx's `cytoscape_data` and then completed: graph data as an object (what
Cytoscape.js expects), unique edge ids, and a ``name`` on every node — Cytoscape shows
``name`` by default, so nodes without one get their readable label. ``None`` is dropped
(Cytoscape desktop types columns from values); lists stay lists.
"""

import json

import networkx as nx

from graph.export.canonical import canonical_graph, display_label, edge_id

__all__ = ["export_cyjs"]


def export_cyjs(G: nx.Graph) -> str:
    """The graph as Cytoscape JSON text: ``{"data", "directed", "multigraph", "elements"}``."""
    H = canonical_graph(G, drop_none=True)
    data = nx.cytoscape_data(H)
    data["data"] = dict(data["data"])
    for element, (node, attrs) in zip(data["elements"]["nodes"], H.nodes(data=True), strict=True):
        element["data"]["label"] = display_label(node, attrs)
        if attrs.get("name") in (None, ""):
            element["data"]["name"] = element["data"]["label"]
    for element in data["elements"]["edges"]:
        edge = element["data"]
        edge["id"] = edge_id(edge["source"], edge["target"], edge["key"])
        edge.setdefault("kind", edge["key"])
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
