"""GraphQL-over-HTTP behaviour of web.graphql_view and web.limits_middleware.

Runs the ASGI app in-process through httpx (starlette.testclient warns about httpx).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
import strawberry
from graphql import GraphQLError
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.types import Message

from schema.limits import Limits, schema_extensions
from web.graphql_view import GRAPHQL_RESPONSE_JSON, make_graphql_app, negotiate_media_type
from web.limits_middleware import RequestLimitsMiddleware

GQL = {"accept": GRAPHQL_RESPONSE_JSON}
JSON_ONLY = {"accept": "application/json"}


@strawberry.type
class Node:
    id: int

    @strawberry.field
    def neighbors(self) -> list[Node]:
        return [Node(id=self.id + 1)]


@strawberry.type
class Query:
    @strawberry.field
    def hello(self, info: strawberry.Info) -> str:
        context = info.context
        return context.get("greeting", "hello") if isinstance(context, dict) else "hello"

    @strawberry.field
    def node(self, id: int = 1) -> Node:
        return Node(id=id)

    @strawberry.field
    def boom(self) -> str:
        raise RuntimeError("secret connection string")

    @strawberry.field
    def missing(self) -> str | None:
        raise GraphQLError("No such report.", extensions={"code": "NOT_FOUND"})


@strawberry.type
class Mutation:
    @strawberry.mutation
    def touch(self) -> int:
        return 1


LIMITS = Limits(max_json_depth=8)
SCHEMA = strawberry.Schema(Query, mutation=Mutation, extensions=schema_extensions(LIMITS))


def build_app(**kwargs: Any) -> Starlette:
    graphql = make_graphql_app(SCHEMA, limits=LIMITS, **kwargs)
    return Starlette(routes=[Route("/graphql", graphql)])


APP = build_app()


def call(method: str, url: str = "/graphql", app: Any = APP, **kwargs: Any) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.request(method, url, **kwargs)

    return asyncio.run(go())


def post(query: str, headers: dict[str, str] | None = None, **body: Any) -> httpx.Response:
    return call("POST", json={"query": query, **body}, headers=headers or {})


def codes(response: httpx.Response) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in response.json()["errors"]]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/json"),
        ("*/*", "application/json"),
        ("application/json", "application/json"),
        (GRAPHQL_RESPONSE_JSON, GRAPHQL_RESPONSE_JSON),
        (f"application/json;q=0.9, {GRAPHQL_RESPONSE_JSON}", GRAPHQL_RESPONSE_JSON),
        (f"{GRAPHQL_RESPONSE_JSON};q=0.5, application/json", "application/json"),
        ("text/html", "application/json"),
    ],
)
def test_negotiate_media_type(accept: str | None, expected: str) -> None:
    assert negotiate_media_type(accept) == expected


@pytest.mark.parametrize("headers", [GQL, JSON_ONLY, {}])
def test_success_matches_accepted_media_type(headers: dict[str, str]) -> None:
    r = post("{ node { neighbors { id } } }", headers)
    assert r.status_code == 200
    expected = GRAPHQL_RESPONSE_JSON if headers == GQL else "application/json"
    assert r.headers["content-type"].startswith(expected)
    assert r.json() == {"data": {"node": {"neighbors": [{"id": 2}]}}}


@pytest.mark.parametrize(
    ("query", "variables", "code"),
    [
        ("{", None, "GRAPHQL_PARSE_FAILED"),
        ("{ nosuchfield }", None, "GRAPHQL_VALIDATION_FAILED"),
        ("query Q($id: Int!) { node(id: $id) { id } }", {"id": None}, "BAD_USER_INPUT"),
    ],
)
def test_request_errors_are_400_without_data_for_graphql_response_json(
    query: str, variables: dict[str, Any] | None, code: str
) -> None:
    r = post(query, GQL, variables=variables)
    assert r.status_code == 400
    assert r.headers["content-type"].startswith(GRAPHQL_RESPONSE_JSON)
    assert "data" not in r.json()
    assert codes(r) == [code]

    legacy = post(query, JSON_ONLY, variables=variables)
    assert legacy.status_code == 200
    assert legacy.headers["content-type"].startswith("application/json")
    assert "data" not in legacy.json()
    assert codes(legacy) == [code]


def test_internal_errors_are_masked_but_field_errors_stay_200() -> None:
    r = post("{ boom }", GQL)
    assert r.status_code == 200
    body = r.json()
    assert body["data"] is None
    assert body["errors"][0]["message"] == "Unexpected error."
    assert body["errors"][0]["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}
    assert "secret" not in r.text


def test_expected_errors_keep_message_and_code() -> None:
    r = post("{ missing hello }", GQL)
    assert r.status_code == 200
    body = r.json()
    assert body["data"] == {"missing": None, "hello": "hello"}
    assert body["errors"][0]["message"] == "No such report."
    assert codes(r) == ["NOT_FOUND"]


def test_invalid_utf8_body_is_400() -> None:
    r = call(
        "POST",
        content=b'{"query":"{ hello \xff\xfe }"}',
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 400
    assert codes(r) == ["BAD_REQUEST"]


def test_invalid_utf8_query_string_is_400() -> None:
    r = call("GET", "/graphql?query=%7B%20hello%20%FF%20%7D", headers=JSON_ONLY)
    assert r.status_code == 400
    assert "UTF-8" in r.json()["errors"][0]["message"]


def test_malformed_json_is_400() -> None:
    r = call("POST", content=b'{"query": "{ hello }"', headers={"content-type": "application/json"})
    assert r.status_code == 400


def test_json_nested_past_the_parser_is_400() -> None:
    depth = 100_000
    body = b'{"query":"{ hello }","variables":{"v":' + b"[" * depth + b"]" * depth + b"}}"
    r = call("POST", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 400


def test_variables_deeper_than_the_limit_are_400() -> None:
    def nested(depth: int) -> object:
        return [nested(depth - 1)] if depth else 0

    ok = post("{ hello }", variables={"v": nested(LIMITS.max_json_depth - 2)})
    assert ok.status_code == 200
    r = post("{ hello }", variables={"v": nested(LIMITS.max_json_depth)})
    assert r.status_code == 400
    assert "nested deeper" in r.json()["errors"][0]["message"]


def test_get_runs_queries() -> None:
    r = call("GET", params={"query": "{ hello }"}, headers=GQL)
    assert r.status_code == 200
    assert r.json() == {"data": {"hello": "hello"}}


def test_get_refuses_mutations_with_405() -> None:
    r = call("GET", params={"query": "mutation { touch }"}, headers=GQL)
    assert r.status_code == 405
    assert r.headers["allow"] == "POST"
    assert codes(r) == ["METHOD_NOT_ALLOWED"]
    assert post("mutation { touch }").json() == {"data": {"touch": 1}}


def test_other_methods_are_405() -> None:
    r = call("PUT", json={"query": "{ hello }"})
    assert r.status_code == 405
    assert r.headers["allow"] == "GET, POST"


def test_batching_is_refused() -> None:
    r = call("POST", json=[{"query": "{ hello }"}, {"query": "{ hello }"}])
    assert r.status_code == 400
    assert "errors" in r.json()


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_post_needs_json_content_type(content_type: str | None) -> None:
    headers = {"content-type": content_type} if content_type else {}
    r = call("POST", content=json.dumps({"query": "{ hello }"}), headers=headers)
    assert r.status_code == 415


def test_missing_query_is_400() -> None:
    r = call("POST", json={"qeury": "{ hello }"}, headers=GQL)
    assert r.status_code == 400


def test_graphiql_html_is_served_to_browsers() -> None:
    app = build_app(graphiql_html="<html>peel ide</html>")
    r = call("GET", app=app, headers={"accept": "text/html"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert r.text == "<html>peel ide</html>"
    api = call("GET", app=app, params={"query": "{ hello }"}, headers={"accept": "text/html"})
    assert api.json() == {"data": {"hello": "hello"}}


@pytest.mark.parametrize("is_async", [False, True])
def test_context_getter(is_async: bool) -> None:
    def sync_getter(request: object, response: object) -> dict[str, str]:
        return {"greeting": "hi"}

    async def async_getter(request: object, response: object) -> dict[str, str]:
        return {"greeting": "hi"}

    app = build_app(context_getter=async_getter if is_async else sync_getter)
    r = call("POST", app=app, json={"query": "{ hello }"})
    assert r.json() == {"data": {"hello": "hi"}}


def test_schema_without_limits_is_refused() -> None:
    with pytest.raises(ValueError, match="schema_extensions"):
        make_graphql_app(strawberry.Schema(Query), limits=LIMITS)


def test_body_over_limit_is_413() -> None:
    app = build_app(max_body_bytes=1024)
    r = call("POST", app=app, json={"query": "{ hello }", "variables": {"x": "y" * 2000}})
    assert r.status_code == 413
    assert codes(r) == ["PAYLOAD_TOO_LARGE"]
    small = call("POST", app=app, json={"query": "{ hello }"})
    assert small.status_code == 200


def test_url_over_limit_is_414() -> None:
    app = build_app(max_url_bytes=512)
    r = call("GET", app=app, params={"query": "{ hello }", "pad": "x" * 600})
    assert r.status_code == 414
    assert codes(r) == ["URI_TOO_LONG"]


def test_body_limit_is_enforced_while_streaming() -> None:
    """No Content-Length: the middleware stops reading once the limit is passed."""
    reads = 0
    sent: list[Message] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        while (await receive()).get("more_body"):
            pass
        raise AssertionError("the app must not see the whole body")

    async def receive() -> Message:
        nonlocal reads
        reads += 1
        return {"type": "http.request", "body": b"x" * 100, "more_body": True}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "headers": [],
    }
    asyncio.run(RequestLimitsMiddleware(app, max_body_bytes=1000)(scope, receive, send))
    assert reads == 11
    assert sent[0]["status"] == 413
