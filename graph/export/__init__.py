"""Graph exporters: pure functions from a PEEL graph to text or bytes, one module per format.

Use `FORMATS` to look a format up by name (HTTP, CLI and GraphQL share it).
"""

from graph.export.cyjs import export_cyjs
from graph.export.dot import export_dot
from graph.export.errors import ExportError
from graph.export.gexf import export_gexf
from graph.export.graphml import export_graphml
from graph.export.mermaid import export_mermaid
from graph.export.neo4j import export_neo4j
from graph.export.node_link import export_node_link
from graph.export.registry import FORMATS, ExportFormat, find_format

__all__ = [
    "FORMATS",
    "ExportError",
    "ExportFormat",
    "export_cyjs",
    "export_dot",
    "export_gexf",
    "export_graphml",
    "export_mermaid",
    "export_neo4j",
    "export_node_link",
    "find_format",
]
