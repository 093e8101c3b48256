"""One table of export formats, so the HTTP, CLI and GraphQL layers offer the same choices."""

from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

from graph.export.cyjs import export_cyjs
from graph.export.dot import export_dot
from graph.export.gexf import export_gexf
from graph.export.graphml import export_graphml
from graph.export.mermaid import export_mermaid
from graph.export.neo4j import export_neo4j
from graph.export.node_link import export_node_link

__all__ = ["FORMATS", "ExportFormat", "find_format"]


@dataclass(frozen=True)
class ExportFormat:
    """How to produce one format and how to serve it (media type, extension, text or bytes)."""

    name: str
    function: Callable[[nx.Graph], str | bytes]
    media_type: str
    file_extension: str
    binary: bool
    description: str

    def filename(self, stem: str) -> str:
        """``stem`` with this format's extension, for Content-Disposition or ``-o``."""
        return f"{stem}.{self.file_extension}"


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat(
            "graphml",
            export_graphml,
            "application/graphml+xml",
            "graphml",
            False,
            "GraphML for Gephi, yEd, Cytoscape and networkx.",
        ),
        ExportFormat(
            "gexf",
            export_gexf,
            "application/gexf+xml",
            "gexf",
            False,
            "GEXF 1.2 for Gephi, with colour and size by node kind.",
        ),
        ExportFormat(
            "cyjs",
            export_cyjs,
            "application/json",
            "cyjs",
            False,
            "Cytoscape JSON for Cytoscape desktop and Cytoscape.js.",
        ),
        ExportFormat(
            "node-link",
            export_node_link,
            "application/json",
            "json",
            False,
            "Node-link JSON (nodes/links) for D3 and networkx.",
        ),
        ExportFormat(
            "dot",
            export_dot,
            "text/vnd.graphviz",
            "dot",
            False,
            "Graphviz DOT, coloured by node kind.",
        ),
        ExportFormat(
            "neo4j",
            export_neo4j,
            "application/zip",
            "zip",
            True,
            "Zip of CSVs for neo4j-admin import, plus a LOAD CSV Cypher script.",
        ),
        ExportFormat(
            "mermaid",
            export_mermaid,
            "text/vnd.mermaid",
            "mmd",
            False,
            "Mermaid flowchart for Markdown; small (filtered) graphs only.",
        ),
    )
}


def find_format(name: str) -> ExportFormat | None:
    """A format by its name, in any case, with `_` accepted for `-` (``node_link``)."""
    return FORMATS.get(name.strip().lower().replace("_", "-"))
