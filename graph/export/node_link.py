"""Node-link JSON (``{"nodes", "links"}``), the format D3 and ``nx.node_link_graph`` read.

JSON holds ``None`` and lists natively, so values are kept as the builder made them.
"""

import json

import networkx as nx

from graph.export.canonical import canonical_graph

__all__ = ["export_node_link"]


def export_node_link(G: nx.Graph) -> str:
    """The graph as node-link JSON text: edges under ``links``, with source, target and key."""
    data = nx.node_link_data(canonical_graph(G), edges="links")
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
