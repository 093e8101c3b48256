"""Graphviz DOT, written by hand so the runtime needs no pydot.

Every id and value is a quoted DOT string: backslashes are doubled, quotes escaped and newlines
written as ``\\n``, so ids like ``unit:somu`` (a port separator if unquoted) are safe. Labels
are wrapped for readability, nodes are filled by kind colour, and model attributes that
Graphviz or pydot would interpret (``area``, ``name`` …) are written as ``peel_<name>``.
"""

import re
import textwrap
from collections.abc import Hashable, Mapping
from typing import Any

import networkx as nx

from graph.export.canonical import (
    canonical_graph,
    display_label,
    edge_id,
    format_scalar,
    sorted_edges,
    sorted_nodes,
)
from graph.export.style import kind_colour

__all__ = ["dot_quote", "export_dot"]

LABEL_WIDTH = 32
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Graphviz attributes a model attribute could collide with (and ones we set ourselves), plus
# pydot's constructor arguments (a node attribute ``name`` crashes pydot's parser).
# fmt: off
_RESERVED = frozenset({
    "area", "class", "color", "colorscheme", "comment", "fillcolor", "fixedsize", "fontcolor",
    "fontname", "fontsize", "group", "height", "href", "id", "image", "label", "layer", "margin",
    "ordering", "peripheries", "pos", "shape", "sides", "size", "skew", "style", "target",
    "tooltip", "URL", "weight", "width", "xlabel", "z", "dir", "len", "minlen", "constraint",
    "headlabel", "taillabel", "headport", "tailport", "arrowhead", "arrowtail", "penwidth",
    "name", "obj_dict", "src", "dst", "graph_name", "graph_type", "strict",
})
# fmt: on


def dot_quote(value: object) -> str:
    """``value`` as a double-quoted DOT string that any DOT parser reads back unambiguously."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{text}"'


def _name(name: str) -> str:
    return name if _IDENTIFIER.fullmatch(name) else dot_quote(name)


def _attributes(attrs: Mapping[str, Any]) -> str:
    return ", ".join(f"{_name(k)}={dot_quote(format_scalar(v))}" for k, v in attrs.items())


def _model(data: Mapping[str, Any]) -> dict[str, Any]:
    """Model attributes as DOT attributes: None dropped, clashes renamed, label set apart."""
    return {
        (f"peel_{k}" if k in _RESERVED else k): v
        for k, v in sorted(data.items())
        if v is not None and k != "label"
    }


def _wrap(label: str) -> str:
    return "\n".join(textwrap.wrap(label, LABEL_WIDTH, break_on_hyphens=False)) or label


def _node_line(node: Hashable, data: Mapping[str, Any]) -> str:
    attrs = {
        "label": _wrap(display_label(node, data)),
        "fillcolor": kind_colour(data.get("kind")),
        "tooltip": display_label(node, data),
        **_model(data),
    }
    return f"  {dot_quote(node)} [{_attributes(attrs)}];"


def _edge_line(u: Hashable, v: Hashable, key: Hashable, data: Mapping[str, Any]) -> str:
    kind = data.get("kind", key)
    attrs = {"id": edge_id(u, v, key), "key": key, "label": str(kind).replace("_", " ")}
    attrs.update(_model(data))
    return f"  {dot_quote(u)} -> {dot_quote(v)} [{_attributes(attrs)}];"


def export_dot(G: nx.Graph) -> str:
    """The graph as a DOT ``digraph`` (``strict`` off: parallel edges of different kinds stay)."""
    H = canonical_graph(G)
    name = H.graph.get("name") or "peel"
    lines = [
        f"digraph {dot_quote(name)} {{",
        f"  graph [{_attributes({'rankdir': 'LR', **_model(H.graph)})}];",
        '  node [shape="box", style="rounded,filled", fontname="Helvetica", fontsize="10"];',
        '  edge [fontname="Helvetica", fontsize="8", color="#666666"];',
    ]
    lines += [_node_line(node, data) for node, data in sorted_nodes(H)]
    lines += [_edge_line(u, v, key, data) for u, v, key, data in sorted_edges(H)]
    lines.append("}")
    return "\n".join(lines) + "\n"
