"""The HTTP floor and ceiling for the benchmark, on the same stack as server.py.

Starlette with the same middleware (CORS, GZip) under uvicorn with the same settings:

- ``POST /graphql`` answers the benchmark's queries in plain Python (no GraphQL): the
  operation name in the document and the variables say which answer to compute; the
  JSON is encoded as Strawberry encodes it.
- ``GET /static`` answers a precomputed response (the supervision query's bytes): the
  ceiling for any endpoint on this stack.

Run: ``python bench/plain_app.py --port 8101 --data data --workers 2``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
from collections.abc import AsyncIterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from queries import PLAIN_BY_OPERATION, plain_concerns  # noqa: E402
from starlette.applications import Starlette  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402
from starlette.middleware.cors import CORSMiddleware  # noqa: E402
from starlette.middleware.gzip import GZipMiddleware  # noqa: E402
from starlette.requests import Request  # noqa: E402
from starlette.responses import Response  # noqa: E402
from starlette.routing import Route  # noqa: E402

from graph.load import DEFAULT_DATA, load_graph  # noqa: E402
from graph.query import GraphIndex  # noqa: E402

_OPERATION = re.compile(r"\bquery\s+(\w+)")
_state: dict[str, object] = {}


def _encode(data: object) -> bytes:
    return json.dumps(data, separators=(",", ":")).encode()


async def graphql(request: Request) -> Response:
    body = json.loads(await request.body())
    index = _state["index"]
    match = _OPERATION.search(body["query"])
    answer = PLAIN_BY_OPERATION[match.group(1)](index, body.get("variables") or {})
    return Response(_encode({"data": answer}), media_type="application/json; charset=utf-8")


async def static(request: Request) -> Response:
    return Response(_state["static"], media_type="application/json; charset=utf-8")


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    data = Path(os.environ.get("PEEL_DATA_DIR", str(DEFAULT_DATA)))
    index = GraphIndex.build(load_graph(data).graph)
    _state["index"] = index
    _state["static"] = _encode({"data": plain_concerns(index)})
    yield


app = Starlette(
    routes=[Route("/graphql", graphql, methods=["POST"]), Route("/static", static)],
    middleware=[
        Middleware(CORSMiddleware, allow_origins=[], allow_methods=["GET", "POST"],
                   allow_headers=["content-type"]),
        Middleware(GZipMiddleware, minimum_size=2048),
    ],
    lifespan=lifespan,
)


def main() -> int:
    parser = argparse.ArgumentParser(prog="plain_app.py")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--data")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    if args.data:
        os.environ["PEEL_DATA_DIR"] = str(Path(args.data).resolve())
    os.environ["PYTHONPATH"] = os.pathsep.join([str(HERE), str(HERE.parent)])
    import uvicorn

    # The same settings as server.py's uvicorn.run.
    uvicorn.run("plain_app:app", host=args.host, port=args.port, workers=args.workers,
                factory=False, log_level="info", app_dir=str(HERE))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
