"""HTTP wiring: Starlette app, settings, start-up load, routes. No graph or GraphQL logic here."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.config import Config
from starlette.datastructures import CommaSeparatedStrings
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute

from graph.load import DEFAULT_DATA
from schema import build_schema
from schema.context import Context
from schema.execution import tune_schema
from schema.limits import Limits
from web.admin import Admin, admin_routes
from web.assets import assets_mount
from web.compare import compare_routes
from web.events import GraphEvent, GraphEvents
from web.examples import load_examples
from web.explore import explore_routes
from web.exports import export_endpoint, export_index
from web.graphql_view import make_graphql_app
from web.home import home_routes
from web.persisted import load_trusted_documents
from web.playground import playground_html
from web.response_cache import ResponseCache
from web.store import GraphStore

ROOT = Path(__file__).resolve().parent
log = logging.getLogger("peel_graph")


def settings() -> dict:
    """Every setting, from the environment, with its default: read here and nowhere else."""
    config = Config(environ=os.environ)
    return {
        "data_dir": Path(config("PEEL_DATA_DIR", default=str(DEFAULT_DATA))),
        "cors_origins": list(config("PEEL_CORS_ORIGINS", cast=CommaSeparatedStrings, default="")),
        "introspection": config("PEEL_INTROSPECTION", cast=bool, default=True),
        "max_depth": config("PEEL_MAX_DEPTH", cast=int, default=12),
        "max_aliases": config("PEEL_MAX_ALIASES", cast=int, default=30),
        "max_tokens": config("PEEL_MAX_TOKENS", cast=int, default=2000),
        "max_fields": config("PEEL_MAX_FIELDS", cast=int, default=2000),
        "max_directives": config("PEEL_MAX_DIRECTIVES", cast=int, default=50),
        "max_query_chars": config("PEEL_MAX_QUERY_CHARS", cast=int, default=100_000),
        "max_json_depth": config("PEEL_MAX_JSON_DEPTH", cast=int, default=32),
        "max_page_size": config("PEEL_MAX_PAGE_SIZE", cast=int, default=100),
        "max_export_nodes": config("PEEL_MAX_EXPORT_NODES", cast=int, default=10_000),
        "max_traversal_nodes": config("PEEL_MAX_TRAVERSAL_NODES", cast=int, default=2000),
        "max_body_bytes": config("PEEL_MAX_BODY_BYTES", cast=int, default=262_144),
        "max_url_bytes": config("PEEL_MAX_URL_BYTES", cast=int, default=16_384),
        "response_cache": config("PEEL_RESPONSE_CACHE", cast=bool, default=True),
        "admin_token": config("PEEL_ADMIN_TOKEN", default="") or None,
        "max_report_bytes": config("PEEL_MAX_REPORT_BYTES", cast=int, default=2_097_152),
        "reload_seconds": config("PEEL_RELOAD_SECONDS", cast=float, default=1.0),
        "max_subscriptions": config("PEEL_MAX_SUBSCRIPTIONS", cast=int, default=10),
        "persisted_queries": config("PEEL_PERSISTED_QUERIES", cast=int, default=1000),
        "trusted_documents": config("PEEL_TRUSTED_DOCUMENTS", default="") or None,
        "node_modules": Path(config("PEEL_NODE_MODULES", default=str(ROOT / "node_modules"))),
    }


def create_app(**overrides: object) -> Starlette:
    """The application; `overrides` replace settings (tests pass `data_dir`)."""
    conf = {**settings(), **overrides}
    limits = Limits(**{name: conf[name] for name in Limits.__dataclass_fields__})
    store = GraphStore(Path(conf["data_dir"]))
    admin = Admin(store, token=conf["admin_token"], max_bytes=conf["max_report_bytes"])
    # Subscriptions only where the graph changes at run time: with writes on.
    events = GraphEvents() if conf["admin_token"] is not None else None
    if events is not None:
        store.listeners.append(lambda snapshot, changes: events.publish(
            GraphEvent(snapshot.index.version, tuple(changes), snapshot.index)))

    async def context(request: Request, response: Response) -> Context:
        return Context(index=store.index, limits=limits, request=request, response=response,
                       extra={"writer": admin, "events": events})

    examples = load_examples(ROOT / "data" / "examples")
    schema = build_schema(limits)
    graphql = make_graphql_app(
        tune_schema(schema), limits=limits, context_getter=context,
        graphiql_html=playground_html(examples),
        max_body_bytes=conf["max_body_bytes"], max_url_bytes=conf["max_url_bytes"],
        persisted_queries=conf["persisted_queries"],
        trusted_documents=load_trusted_documents(Path(conf["trusted_documents"]))
        if conf["trusted_documents"] else None,
        subscriptions=events is not None, max_subscriptions=conf["max_subscriptions"],
        allowed_origins=conf["cors_origins"],
    )

    graphql_cached = ResponseCache(
        graphql, version=lambda: store.index.version if store.index is not None else None,
        max_body_bytes=conf["max_body_bytes"],
    ) if conf["response_cache"] else graphql

    writable = conf["admin_token"] is not None
    health: dict[str, object] = {"snapshot": None, "body": b""}

    async def healthz(request: Request) -> Response:
        """Counted once per graph version (at publish): each answer is a lookup."""
        current = store.current  # one snapshot: version and counts from the same graph
        if current is None:
            return JSONResponse({"status": "loading"}, status_code=503)
        if health["snapshot"] is not current:
            health["body"] = json.dumps({**current.health, "writable": writable}).encode()
            health["snapshot"] = current
        if events is None:
            return Response(health["body"], media_type="application/json")
        # Open subscriptions change between answers: one small merge, still no graph work.
        return JSONResponse({**current.health, "writable": writable, "subscribers": len(events)})

    async def readyz(request: Request) -> JSONResponse:
        """Ready = the graph and its indexes are loaded (they are built before publishing)."""
        current = store.current
        if current is None:
            return JSONResponse({"ready": False}, status_code=503)
        return JSONResponse({"ready": True, "graphVersion": current.health["graphVersion"]})

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        store.load()
        for error in store.loaded.errors if store.loaded else []:
            log.error("report refused: %s", error)
        # With several workers each holds its own graph: a write through one worker reaches
        # the others when they see the data folder change.
        watcher = asyncio.create_task(_watch(store, conf["reload_seconds"]))
        yield
        watcher.cancel()

    app = Starlette(
        routes=[
            Route("/graphql", graphql_cached, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/export", export_index),
            Route("/export/{format}", export_endpoint),
            *home_routes(schema.as_str() + "\n"),
            *admin_routes(admin),
            *explore_routes(),
            *compare_routes(),
            assets_mount(Path(conf["node_modules"])),
        ],
        middleware=[
            Middleware(CORSMiddleware, allow_origins=conf["cors_origins"],
                       allow_methods=["GET", "POST"],
                       allow_headers=["content-type", "authorization"]),
            Middleware(GZipMiddleware, minimum_size=2048),
        ],
        lifespan=lifespan,
    )
    app.state.store = store
    return app


async def _watch(store: GraphStore, seconds: float) -> None:
    while seconds > 0:
        await asyncio.sleep(seconds)
        try:
            if await run_in_threadpool(store.refresh):
                log.info("data folder changed: graph %s loaded", store.index.version)
        except Exception:  # a bad file must not stop the watcher; the old graph stays live
            log.exception("reloading the data folder failed; the current graph stays live")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="server.py", description="Serve the PEEL Graph API")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--data", help="data folder (default: PEEL_DATA_DIR or data/)")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    if args.data:
        os.environ["PEEL_DATA_DIR"] = str(Path(args.data).resolve())
    import uvicorn

    # A WebSocket message (a subscription's document) is held to the body limit too.
    max_message = settings()["max_body_bytes"]
    uvicorn.run("server:app", host=args.host, port=args.port, workers=args.workers,
                factory=False, log_level="info", ws_max_size=max_message)
    return 0


app = create_app()

if __name__ == "__main__":
    raise SystemExit(main())
