"""The response cache never serves another graph version, errors or mutations; the fast
execution path answers exactly as graphql-core does."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, request_response

from graph.query import GraphIndex
from schema import build_schema
from schema.context import Context
from schema.execution import tune_schema
from web.response_cache import ResponseCache

QUERY = "{ findings(first: 3) { totalCount edges { node { id title area { name } } } } }"


class _Client:
    """Synchronous calls into an ASGI app through httpx's ASGI transport."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
                return await c.request(method, url, **kwargs)

        return asyncio.run(go())

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)


def _app(version: list[str], calls: list[int]) -> _Client:
    async def graphql(request: Request) -> Response:
        calls.append(1)
        body = await request.body()
        query = json.loads(body)["query"] if body else request.query_params.get("query", "")
        if "boom" in query:
            return Response('{"errors":[{"message":"x"}]}', media_type="application/json")
        return Response(json.dumps({"data": {"v": version[0], "n": len(calls)}}),
                        media_type="application/json")

    cached = ResponseCache(request_response(graphql), version=lambda: version[0])
    return _Client(Starlette(routes=[Route("/graphql", cached, methods=["GET", "POST"])]))


def test_a_new_graph_version_is_never_answered_from_the_old_one() -> None:
    version, calls = ["v1"], []
    client = _app(version, calls)
    first = client.post("/graphql", json={"query": "{ a }"}).json()
    assert client.post("/graphql", json={"query": "{ a }"}).json() == first
    assert len(calls) == 1
    version[0] = "v2"
    assert client.post("/graphql", json={"query": "{ a }"}).json()["data"]["v"] == "v2"
    assert len(calls) == 2


def test_errors_mutations_and_variables_are_kept_apart() -> None:
    version, calls = ["v1"], []
    client = _app(version, calls)
    for _ in range(2):
        client.post("/graphql", json={"query": "{ boom }"})
        client.post("/graphql", json={"query": "mutation { a }"})
    assert len(calls) == 4
    a = client.post("/graphql", json={"query": "query($x: Int) { a }", "variables": {"x": 1}})
    b = client.post("/graphql", json={"query": "query($x: Int) { a }", "variables": {"x": 2}})
    assert a.json() != b.json()


def test_get_has_an_etag_and_honours_if_none_match() -> None:
    client = _app(["v1"], [])
    first = client.get("/graphql", params={"query": "{ a }"})
    assert first.headers["etag"] == 'W/"v1"'
    again = client.get("/graphql", params={"query": "{ a }"},
                       headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize("query", [
    QUERY,
    "{ reports { id force { name } areas { grade findings(kinds: [MAIN_FINDING]) { id } } } }",
    '{ themes { id findings(where: {units: ["nope"]}) { totalCount } } }',
    "query($s: Boolean!) { findings(first: 2) { edges { node { id title @include(if: $s) } } } }",
    "{ findings(first: 2) { edges { node { ...F } } } } "
    "fragment F on Finding { id a: title __typename themeLinks { theme { id } lines } }",
])
def test_fast_execution_answers_as_graphql_core(graph, query: str) -> None:
    index = GraphIndex.build(graph)
    fast, plain = tune_schema(build_schema()), build_schema()
    for _ in range(2):  # the second run uses the cached document and plans
        a = fast.execute_sync(query, {"s": False}, context_value=Context(index=index))
        b = plain.execute_sync(query, {"s": False}, context_value=Context(index=index))
        assert a.data == b.data
        assert [e.formatted for e in a.errors or []] == [e.formatted for e in b.errors or []]
