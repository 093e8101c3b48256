"""The `export` field: the same exporters and filters as `/export/{format}` and the CLI."""

from __future__ import annotations

import asyncio
import base64
from enum import Enum

import strawberry

from graph.export import FORMATS, ExportError
from graph.export import ExportFormat as ExportSpec
from graph.query import (
    GraphIndex,
    QueryTooLarge,
    Selection,
    UnknownName,
    select_subgraph,
    selection_stem,
)

from .context import Info, index_of
from .enums import EdgeKind, NodeKind
from .errors import bad_input, too_large
from .inputs import FindingWhere, to_filter

__all__ = ["ExportFormat", "export_field"]

ExportFormat = strawberry.enum(
    Enum("ExportFormat", {name.upper().replace("-", "_"): name for name in FORMATS}),
    description="Export formats: "
    + "; ".join(f"{name.upper().replace('-', '_')}: {f.description}"
                for name, f in FORMATS.items()),
)


@strawberry.type(description="An exported (sub)graph document.")
class ExportDocument:
    format: str = strawberry.field(description="Format name")
    media_type: str = strawberry.field(description="The document's media type")
    filename: str = strawberry.field(description="A file name for saving it")
    encoding: str = strawberry.field(description="utf-8, or base64 for binary formats (neo4j)")
    nodes: int = strawberry.field(description="Nodes in the exported graph")
    edges: int = strawberry.field(description="Edges in the exported graph")
    content: str = strawberry.field(description="The document")


def _export(index: GraphIndex, selection: Selection, spec: ExportSpec, limit: int) -> tuple:
    graph = select_subgraph(index, selection)
    if graph.number_of_nodes() > limit:
        raise QueryTooLarge(
            f"the export would hold {graph.number_of_nodes()} nodes (the limit here is {limit});"
            " filter it, or download it whole from /export/{format}"
        )
    return graph, spec.function(graph)


async def export_field(
    info: Info,
    format: ExportFormat,  # type: ignore[valid-type]
    where: FindingWhere | None = None,
    report: str | None = None,
    force: str | None = None,
    node_kinds: list[NodeKind] | None = None,
    around: strawberry.ID | None = None,
    depth: int = 1,
    edge_kinds: list[EdgeKind] | None = None,
) -> ExportDocument:
    index = index_of(info)
    spec = FORMATS[format.value]
    selection = Selection(
        report=report, force=force, node_kinds=tuple(k.value for k in node_kinds or ()),
        where=to_filter(where) if where else None, around=around, depth=depth,
        edge_kinds=tuple(k.value for k in edge_kinds or ()),
    )
    try:
        # Off the event loop: a large export must not stall the other requests.
        graph, content = await asyncio.to_thread(
            _export, index, selection, spec, info.context.limits.max_export_nodes
        )
    except (UnknownName, ExportError, ValueError) as exc:
        raise bad_input(str(exc)) from exc
    except QueryTooLarge as exc:
        raise too_large(str(exc)) from exc
    binary = isinstance(content, bytes)
    return ExportDocument(
        format=spec.name, media_type=spec.media_type,
        filename=spec.filename(selection_stem(f"peel-graph-{index.version}", selection)),
        encoding="base64" if binary else "utf-8",
        nodes=graph.number_of_nodes(), edges=graph.number_of_edges(),
        content=base64.b64encode(content).decode() if binary else content,
    )
