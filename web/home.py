"""`GET /`: where everything is (a small page, or JSON for `Accept: application/json`), and
`GET /schema.graphql`: the schema's SDL, so a new user never starts at a bare 404."""

from __future__ import annotations

import json
from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from graph.query import FILTER_HELP

from .exports import formats_listing

__all__ = ["home_routes", "links"]


def links() -> dict[str, object]:
    """Every entry point, with a line saying what it is for."""
    return {
        "playground": {"url": "/graphql", "about": "GraphiQL with example queries (GET in a "
                       "browser); POST JSON here for the API"},
        "explorer": {"url": "/explore", "about": "the graph drawn with Cytoscape.js, with "
                     "filters, search and downloads"},
        "exports": {"url": "/export", "about": "the graph or a filtered part of it as a file",
                    "formats": formats_listing(), "filters": list(FILTER_HELP)},
        "schema": {"url": "/schema.graphql", "about": "the GraphQL schema (SDL)"},
        "health": {"url": "/healthz", "about": "graph version and counts (503 while loading)"},
        "ready": {"url": "/readyz", "about": "200 once the graph and its indexes are loaded"},
    }


def _page() -> str:
    items = []
    for name, entry in links().items():
        assert isinstance(entry, dict)
        line = (f'<li><a href="{escape(entry["url"])}">{escape(name)}</a>: '
                f'{escape(entry["about"])}')
        if name == "exports":
            formats = ", ".join(f'<a href="{escape(f["url"])}" download>{escape(f["name"])}</a>'
                                for f in entry["formats"])
            line += f" — {formats}; filters: {escape(', '.join(entry['filters']))}"
        items.append(line + "</li>")
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>PEEL Graph</title></head><body>"
        "<h1>PEEL Graph</h1><p>A GraphQL API over a knowledge graph of HMICFRS PEEL "
        "inspection reports.</p><ul>" + "".join(items) + "</ul>"
        '<p>Example: <a href="/export/gexf?finding_themes=supervision">'
        "/export/gexf?finding_themes=supervision</a></p></body></html>\n"
    )


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def home_routes(sdl: str) -> list[Route]:
    html = _page()
    body = json.dumps({"name": "PEEL Graph", "links": links()}, ensure_ascii=False)

    async def home(request: Request) -> Response:
        if _wants_json(request):
            return Response(body, media_type="application/json")
        return HTMLResponse(html)

    async def schema(request: Request) -> Response:
        return PlainTextResponse(sdl, headers={"Content-Disposition":
                                               'inline; filename="schema.graphql"'})

    return [Route("/", home, methods=["GET", "HEAD"]),
            Route("/schema.graphql", schema, methods=["GET", "HEAD"])]
