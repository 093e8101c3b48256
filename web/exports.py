"""`GET /export/{format}`: the graph or a filtered part of it, as a download."""

from __future__ import annotations

from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from graph.export import FORMATS, ExportError
from graph.query import (
    GraphIndex,
    QueryTooLarge,
    UnknownName,
    select_subgraph,
    selection_from_params,
)

__all__ = ["export_endpoint"]

def _export(index: GraphIndex, params: dict[str, list[str]], write: Callable) -> tuple:
    """Select and write off the event loop: a whole-graph export must not stall other requests."""
    graph = select_subgraph(index, selection_from_params(params))
    return graph, write(graph)


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]},
                        status_code=status)


async def export_endpoint(request: Request) -> Response:
    name = request.path_params["format"].replace("-", "_")
    spec = FORMATS.get(name)
    if spec is None:
        return _error(404, "NOT_FOUND", f"format: unknown export format {name!r}; "
                      f"choose one of {', '.join(FORMATS)}")
    index: GraphIndex = request.app.state.store.index
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    try:
        _, body = await run_in_threadpool(_export, index, params, spec.function)
    except (UnknownName, ExportError, ValueError) as exc:
        return _error(400, "BAD_USER_INPUT", str(exc))
    except QueryTooLarge as exc:
        return _error(400, "QUERY_TOO_LARGE", str(exc))
    filename = spec.filename(f"peel-graph-{index.version}")
    return Response(
        body, media_type=spec.media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"',
                 "ETag": f'"{index.version}-{name}"'},
    )
