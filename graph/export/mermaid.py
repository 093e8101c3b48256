"""Mermaid flowchart, for pasting a small subgraph into Markdown (GitHub, GitLab, Notion).

Mermaid is for pictures, not data: node ids are positional (``n0``, ``n1`` … in id order) so
no id can break the syntax, labels are entity-escaped, and big graphs are refused because
Mermaid renders them unreadably (or not at all).
"""

import re
from collections.abc import Hashable

import networkx as nx

from graph.export.canonical import display_label, sorted_edges, sorted_nodes
from graph.export.errors import ExportError
from graph.export.style import kind_colour

__all__ = ["DEFAULT_MAX_NODES", "export_mermaid", "mermaid_escape"]

DEFAULT_MAX_NODES = 60
_ENTITIES = {
    "#": "#35;",
    '"': "#quot;",
    "&": "#amp;",
    "<": "#lt;",
    ">": "#gt;",
    "`": "#96;",
}
_ENTITY_RE = re.compile("|".join(re.escape(ch) for ch in _ENTITIES))


def mermaid_escape(text: object) -> str:
    """Text safe inside a quoted Mermaid label: entity codes for specials, newlines as spaces."""
    flat = " ".join(str(text).split())
    return _ENTITY_RE.sub(lambda m: _ENTITIES[m.group()], flat)


def _class_name(kind: object) -> str:
    return "k_" + (re.sub(r"[^A-Za-z0-9_]", "_", str(kind)) or "none")


def export_mermaid(G: nx.Graph, max_nodes: int = DEFAULT_MAX_NODES) -> str:
    """The graph as a ``flowchart LR``; raises `ExportError` above ``max_nodes`` nodes."""
    if G.number_of_nodes() > max_nodes:
        raise ExportError(
            f"Mermaid export is limited to {max_nodes} nodes but this graph has "
            f"{G.number_of_nodes()}. Filter the graph first (for example to one report, "
            "area or finding) or choose a data format such as GraphML, GEXF or DOT."
        )
    nodes = sorted_nodes(G)
    ids: dict[Hashable, str] = {node: f"n{i}" for i, (node, _) in enumerate(nodes)}
    lines = ["flowchart LR"]
    classes: dict[str, list[str]] = {}
    kinds: dict[str, object] = {}
    for node, data in nodes:
        lines.append(f'  {ids[node]}["{mermaid_escape(display_label(node, data))}"]')
        name = _class_name(data.get("kind"))
        classes.setdefault(name, []).append(ids[node])
        kinds[name] = data.get("kind")
    for u, v, key, data in sorted_edges(G):
        label = mermaid_escape(str(data.get("kind", key)).replace("_", " "))
        lines.append(f'  {ids[u]} -->|"{label}"| {ids[v]}')
    for name in sorted(classes):
        lines.append(f"  classDef {name} fill:{kind_colour(kinds[name])},stroke:#333,color:#000")
        lines.append(f"  class {','.join(classes[name])} {name}")
    return "\n".join(lines) + "\n"
