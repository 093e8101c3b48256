"""GraphML for Gephi, yEd, Cytoscape and ``nx.read_graphml``.

GraphML declares one type per attribute key and has no null or list, so values are coerced
(see `canonical.canonical_graph`) before networkx's own writer serialises them. Edge ids are
the readable `canonical.edge_id`, which ``nx.read_graphml(force_multigraph=True)`` uses as keys.
"""

from typing import Any

import networkx as nx
from networkx.readwrite.graphml import GraphMLWriter

from graph.export.canonical import canonical_graph

__all__ = ["export_graphml"]

XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>'


class _Writer(GraphMLWriter):
    """networkx writes ``str(True)``; GraphML (XML Schema) booleans are ``true``/``false``."""

    def add_data(
        self, name: str, element_type: type, value: Any, scope: str = "all", default: Any = None
    ) -> Any:
        if element_type is bool:
            value = str(value).lower()
        return super().add_data(name, element_type, value, scope, default)


def export_graphml(G: nx.Graph) -> str:
    """The graph as a GraphML document (text; non-ASCII written as character references)."""
    H = canonical_graph(G, scalars_only=True, rekey=True)
    writer = _Writer(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(H)
    return f"{XML_DECLARATION}\n{writer}\n"
