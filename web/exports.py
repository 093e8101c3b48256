"""`GET /export/{format}`: the graph or a filtered part of it, as a download; `GET /export`:
what can be downloaded (formats and filters)."""

from __future__ import annotations

from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from graph.export import FORMATS, ExportError, find_format
from graph.query import (
    FILTER_HELP,
    GraphIndex,
    QueryTooLarge,
    UnknownName,
    select_subgraph,
    selection_from_params,
    selection_stem,
)

__all__ = ["export_endpoint", "export_index", "formats_listing"]

def formats_listing(prefix: str = "/export") -> list[dict[str, str]]:
    return [{"name": f.name, "url": f"{prefix}/{f.name}", "mediaType": f.media_type,
             "extension": f.file_extension, "description": f.description}
            for f in FORMATS.values()]


async def export_index(request: Request) -> Response:
    """`GET /export`: the formats (each a download URL) and the filters they take."""
    return JSONResponse({
        "formats": formats_listing(),
        "filters": [{"name": n, "help": h} for n, h in FILTER_HELP.items()],
        "example": "/export/gexf?finding_themes=supervision"
                   "&finding_kinds=cause_of_concern,area_for_improvement",
    })


def _export(index: GraphIndex, params: dict[str, list[str]], write: Callable) -> tuple:
    """Select and write off the event loop: a whole-graph export must not stall other requests."""
    selection = selection_from_params(params)
    graph = select_subgraph(index, selection)
    return graph, write(graph), selection


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]},
                        status_code=status)


async def export_endpoint(request: Request) -> Response:
    name = request.path_params["format"]
    spec = find_format(name)
    if spec is None:
        return _error(404, "NOT_FOUND", f"format: unknown export format {name!r}; "
                      f"choose one of {', '.join(FORMATS)} (see GET /export)")
    index: GraphIndex = request.app.state.store.index
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    try:
        _, body, selection = await run_in_threadpool(_export, index, params, spec.function)
    except (UnknownName, ExportError, ValueError) as exc:
        return _error(400, "BAD_USER_INPUT", str(exc))
    except QueryTooLarge as exc:
        return _error(400, "QUERY_TOO_LARGE", str(exc))
    filename = spec.filename(selection_stem(f"peel-graph-{index.version}", selection))
    return Response(
        body, media_type=spec.media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"',
                 "ETag": f'"{index.version}-{filename}"'},
    )
