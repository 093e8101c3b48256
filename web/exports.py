"""`GET /export/{format}`: the graph or a filtered part of it, as a download."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from graph.export import FORMATS, ExportError
from graph.query import (
    FindingFilter,
    GraphIndex,
    QueryTooLarge,
    Selection,
    UnknownName,
    select_subgraph,
)

__all__ = ["export_endpoint", "selection_from_params"]

_LISTS = ("kinds", "themes", "themes_all", "units", "partners", "terms", "areas", "grades",
          "forces", "reports")


def _split(values: list[str]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def selection_from_params(params: dict[str, list[str]]) -> Selection:
    """Query parameters (or CLI options) to a Selection; finding filters use `finding_` names."""
    finding = {name: _split(params.get(f"finding_{name}", [])) for name in _LISTS}
    finding["grades"] = tuple(g.replace("_", " ").capitalize() for g in finding["grades"])
    finding["kinds"] = tuple(k.lower() for k in finding["kinds"])
    text = (params.get("finding_text") or [None])[0]
    where = FindingFilter(**finding, text=text)
    depth = (params.get("depth") or ["1"])[0]
    if not depth.isdigit():
        raise ValueError(f"depth: expected a whole number, got {depth!r}")
    return Selection(
        report=(params.get("report") or [None])[0],
        force=(params.get("force") or [None])[0],
        node_kinds=_split(params.get("kinds", [])),
        where=where if where != FindingFilter() else None,
        around=(params.get("around") or [None])[0],
        depth=int(depth),
        edge_kinds=_split(params.get("edge_kinds", [])),
    )


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
        graph = select_subgraph(index, selection_from_params(params))
        body = spec.function(graph)
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
