"""HTTP wiring: Starlette app, settings, start-up load, routes. No graph or GraphQL logic here."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette
from starlette.config import Config
from starlette.datastructures import CommaSeparatedStrings
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from graph.load import DEFAULT_DATA
from schema import build_schema
from schema.context import Context
from schema.limits import Limits
from web.assets import assets_mount
from web.examples import load_examples
from web.exports import export_endpoint
from web.graphql_view import make_graphql_app
from web.playground import playground_html
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
        "max_body_bytes": config("PEEL_MAX_BODY_BYTES", cast=int, default=262_144),
        "max_url_bytes": config("PEEL_MAX_URL_BYTES", cast=int, default=16_384),
        "node_modules": Path(config("PEEL_NODE_MODULES", default=str(ROOT / "node_modules"))),
    }


def create_app(**overrides: object) -> Starlette:
    """The application; `overrides` replace settings (tests pass `data_dir`)."""
    conf = {**settings(), **overrides}
    limits = Limits(
        max_depth=conf["max_depth"], max_aliases=conf["max_aliases"],
        max_tokens=conf["max_tokens"], max_fields=conf["max_fields"],
        introspection=conf["introspection"],
    )
    store = GraphStore(Path(conf["data_dir"]))

    async def context(request: Request, response: Response) -> Context:
        return Context(index=store.index, request=request, response=response)

    examples = load_examples(ROOT / "data" / "examples")
    graphql = make_graphql_app(
        build_schema(limits), limits=limits, context_getter=context,
        graphiql_html=playground_html(examples),
        max_body_bytes=conf["max_body_bytes"], max_url_bytes=conf["max_url_bytes"],
    )

    async def healthz(request: Request) -> JSONResponse:
        index = store.index
        if index is None:
            return JSONResponse({"status": "loading"}, status_code=503)
        loaded = store.loaded
        return JSONResponse({
            "status": "ok",
            "graphVersion": index.version,
            "reports": len(loaded.reports) if loaded else 0,
            "nodes": index.graph.number_of_nodes(),
            "edges": index.graph.number_of_edges(),
            "refused": [str(e) for e in loaded.errors] if loaded else [],
        })

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        store.load()
        for error in store.loaded.errors if store.loaded else []:
            log.error("report refused: %s", error)
        yield

    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/healthz", healthz),
            Route("/export/{format}", export_endpoint),
            assets_mount(Path(conf["node_modules"])),
        ],
        middleware=[
            Middleware(CORSMiddleware, allow_origins=conf["cors_origins"],
                       allow_methods=["GET", "POST"], allow_headers=["content-type"]),
            Middleware(GZipMiddleware, minimum_size=2048),
        ],
        lifespan=lifespan,
    )
    app.state.store = store
    return app


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

    uvicorn.run("server:app", host=args.host, port=args.port, workers=args.workers,
                factory=False, log_level="info")
    return 0


app = create_app()

if __name__ == "__main__":
    raise SystemExit(main())
