"""GEXF 1.2draft, Gephi's native format, via networkx's writer.

Adds ``viz`` colour and size by node kind (size grows with degree), uses the readable label as
the GEXF label, and the edge kind as edge label. networkx stamps today's date into ``<meta>``;
we drop it so the same graph always gives the same bytes.
"""

from typing import Any
from xml.etree.ElementTree import SubElement

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from graph.export.canonical import canonical_graph, display_label, edge_id
from graph.export.style import kind_rgb, node_size

__all__ = ["export_gexf"]

XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>'
# Names the networkx GEXF writer lifts out of the attribute data into XML attributes/elements.
_NODE_RESERVED = frozenset({"id", "pid", "start", "end", "parents", "spells", "slices", "viz"})
_EDGE_RESERVED = _NODE_RESERVED | {"weight", "type", "networkx_key"}


def _safe(data: dict[str, Any], reserved: frozenset[str]) -> dict[str, Any]:
    """Rename attributes that the writer would otherwise swallow."""
    return {f"peel_{k}" if k in reserved else k: v for k, v in data.items()}


def export_gexf(G: nx.Graph) -> str:
    """The graph as a GEXF 1.2draft document, with viz colour/size per node kind."""
    H = canonical_graph(G, scalars_only=True)
    for node, data in H.nodes(data=True):
        safe = _safe(data, _NODE_RESERVED)
        r, g, b = kind_rgb(data.get("kind"))
        safe["label"] = display_label(node, data)
        safe["viz"] = {
            "color": {"r": r, "g": g, "b": b, "a": 1.0},
            "size": node_size(data.get("kind"), H.degree(node)),
        }
        data.clear()
        data.update(safe)
    for u, v, key, data in H.edges(keys=True, data=True):
        safe = _safe(data, _EDGE_RESERVED)
        safe["id"] = edge_id(u, v, key)
        safe.setdefault("label", str(data.get("kind", key)))
        data.clear()
        data.update(safe)

    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
        description = " ".join(str(H.graph[k]) for k in ("name", "version") if k in H.graph)
        if description:
            SubElement(meta, "description").text = description
    writer.add_graph(H)
    return f"{XML_DECLARATION}\n{writer}\n"
