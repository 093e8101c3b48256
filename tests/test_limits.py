"""Document limits from schema.limits, exercised over HTTP and directly on graphql-core."""

from __future__ import annotations

import asyncio
import time
from enum import Enum
from typing import Any

import httpx
import pytest
import strawberry
from graphql import (
    GraphQLError,
    OperationDefinitionNode,
    TypeInfo,
    ValidationContext,
    get_introspection_query,
    parse,
    validate,
)
from hypothesis import given
from hypothesis import strategies as st
from starlette.applications import Starlette
from starlette.routing import Route

from schema.limits import Limits, limits_rules, page_size, schema_extensions
from web.graphql_view import make_graphql_app


@strawberry.enum
class Kind(Enum):
    FORCE = "force"
    REPORT = "report"


@strawberry.type
class Node:
    id: int

    @strawberry.field
    def neighbors(self) -> list[Node]:
        return [Node(id=self.id + 1)]


@strawberry.type
class Query:
    @strawberry.field
    def node(self) -> Node:
        return Node(id=1)

    @strawberry.field
    def kind(self, kind: Kind) -> str:
        return kind.value


def make_app(limits: Limits) -> Starlette:
    schema = strawberry.Schema(Query, extensions=schema_extensions(limits))
    graphql = make_graphql_app(schema, limits=limits)
    return Starlette(routes=[Route("/graphql", graphql)])


SMALL = Limits(
    max_depth=4,
    max_aliases=3,
    max_directives=3,
    max_fields=20,
    max_tokens=200,
    max_query_chars=3000,
)
APP = make_app(SMALL)


def post(query: str, app: Starlette = APP, **body: Any) -> dict[str, Any]:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.post(
                "/graphql",
                json={"query": query, **body},
                headers={"accept": "application/graphql-response+json"},
            )

    response = asyncio.run(go())
    assert response.status_code in (200, 400)
    return response.json()


def error_codes(result: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in result.get("errors", [])]


def chain(depth: int) -> str:
    """``{ node { neighbors { ... id } } }`` with ``depth`` field levels."""
    inner = "id"
    for _ in range(depth - 2):
        inner = f"neighbors {{ {inner} }}"
    return f"{{ node {{ {inner} }} }}"


def test_depth_under_limit_runs() -> None:
    assert "errors" not in post(chain(SMALL.max_depth))


def test_depth_over_limit_is_rejected() -> None:
    result = post(chain(SMALL.max_depth + 1))
    assert "data" not in result
    assert error_codes(result) == ["QUERY_TOO_DEEP"]
    assert "depth 5" in result["errors"][0]["message"]


def test_depth_counts_through_fragments() -> None:
    query = (
        "{ node { ...A } } fragment A on Node { neighbors { ...B } } "
        "fragment B on Node { neighbors { neighbors { id } } }"
    )
    assert error_codes(post(query)) == ["QUERY_TOO_DEEP"]


def test_aliases() -> None:
    ok = "{ " + " ".join(f"a{i}: node {{ id }}" for i in range(SMALL.max_aliases)) + " }"
    assert "errors" not in post(ok)
    over = "{ " + " ".join(f"a{i}: node {{ id }}" for i in range(SMALL.max_aliases + 1)) + " }"
    assert error_codes(post(over)) == ["TOO_MANY_ALIASES"]


def test_aliases_count_after_fragment_expansion() -> None:
    query = (
        "{ ...F ...G } fragment F on Query { a: node { id } b: node { id } } "
        "fragment G on Query { ...F }"
    )
    result = post(query)
    assert "TOO_MANY_ALIASES" in error_codes(result)


def test_directives() -> None:
    ok = "{ node { id " + "@include(if: true) " + "} " + "node { __typename @skip(if: false) } }"
    assert "errors" not in post(ok)
    over = (
        "{ "
        + " ".join(f"n{i}: node {{ id @include(if: true) }}" for i in range(3))
        + " node { id @skip(if: false) } }"
    )
    result = post(over)
    assert "TOO_MANY_DIRECTIVES" in error_codes(result)


def test_field_count() -> None:
    ok = "{ node { " + "id " * (SMALL.max_fields - 1) + "} }"
    assert "errors" not in post(ok)
    over = "{ node { " + "id " * SMALL.max_fields + "} }"
    assert error_codes(post(over)) == ["TOO_MANY_FIELDS"]


def test_tokens() -> None:
    result = post("{ node { " + "id " * 300 + "} }")
    assert error_codes(result) == ["TOO_MANY_TOKENS"]


def test_query_length_counts_comments() -> None:
    result = post("{ node { id } }\n#" + "x" * SMALL.max_query_chars)
    assert error_codes(result) == ["QUERY_TOO_LARGE"]


def test_parser_nesting_is_a_request_error() -> None:
    result = post(
        "{ node " + "{ neighbors " * 80 + "{ id }" + " }" * 81,
        app=make_app(Limits(max_tokens=10_000)),
    )
    assert error_codes(result) and "data" not in result


def test_fragment_bomb_is_measured_in_linear_time() -> None:
    bomb = ["fragment B0 on Query { __typename }"] + [
        f"fragment B{j} on Query {{ ...B{j - 1} ...B{j - 1} }}" for j in range(1, 41)
    ]
    app = make_app(Limits())  # the 1.6 KB bomb is under the default token limit
    started = time.perf_counter()
    result = post("{ ...B40 } " + " ".join(bomb), app=app)
    assert time.perf_counter() - started < 1.0
    assert error_codes(result) == ["TOO_MANY_FIELDS"]
    assert str(2**40) in result["errors"][0]["message"]


def test_fragment_cycle_is_rejected_without_hanging() -> None:
    result = post(
        "{ ...A } fragment A on Query { __typename ...B } fragment B on Query { __typename ...A }"
    )
    assert "data" not in result
    assert "within itself" in result["errors"][0]["message"]


def test_long_fragment_chain_does_not_hit_the_recursion_limit() -> None:
    """The rule walks with an explicit stack. graphql-core's validate() aborts such deep
    fragment nesting by itself, so the rule is driven directly here."""
    n = 5000
    frags = " ".join(
        f"fragment F{k} on Query {{ __typename" + (f" ...F{k + 1}" if k + 1 < n else "") + " }"
        for k in range(n)
    )
    document = parse("{ ...F0 } " + frags)
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)

    def run(limits: Limits) -> list[GraphQLError]:
        errors: list[GraphQLError] = []
        schema = _graphql_schema()
        context = ValidationContext(schema, document, TypeInfo(schema), errors.append)
        limits_rules(limits)[0](context).enter_operation_definition(operation)
        return errors

    assert run(Limits(max_fields=n)) == []
    assert [e.extensions["code"] for e in run(Limits(max_fields=n - 1))] == ["TOO_MANY_FIELDS"]


@given(st.integers(min_value=0, max_value=60))
def test_field_count_of_doubling_fragments_is_exact(k: int) -> None:
    frags = ["fragment B0 on Query { __typename }"] + [
        f"fragment B{j} on Query {{ ...B{j - 1} ...B{j - 1} }}" for j in range(1, k + 1)
    ]
    document = parse(f"{{ ...B{k} }} " + " ".join(frags))
    errors = validate(_graphql_schema(), document, limits_rules(Limits(max_fields=0)))
    assert errors[0].message.startswith(f"Query selects {2**k} fields")


def test_suggestions_are_hidden() -> None:
    result = post("{ nod { id } }")
    assert result["errors"][0]["message"] == "Cannot query field 'nod' on type 'Query'."
    enum = post("query Q($k: Kind!) { kind(kind: $k) }", variables={"k": "FORC"})
    assert error_codes(enum) == ["BAD_USER_INPUT"]
    for message in (result["errors"][0]["message"], enum["errors"][0]["message"]):
        assert "did you mean" not in message.lower()


def test_introspection_switch() -> None:
    on = post("{ __schema { queryType { name } } }")
    assert on == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
    off_app = make_app(Limits(introspection=False))
    for query in ("{ __schema { queryType { name } } }", '{ __type(name: "Node") { name } }'):
        off = post(query, app=off_app)
        assert "data" not in off
        assert set(error_codes(off)) == {"INTROSPECTION_DISABLED"}
    assert post("{ __typename }", app=off_app) == {"data": {"__typename": "Query"}}


def test_graphiql_introspection_fits_the_default_limits() -> None:
    result = post(get_introspection_query(descriptions=True), app=make_app(Limits()))
    assert "errors" not in result
    assert result["data"]["__schema"]["queryType"]["name"] == "Query"


def test_introspection_recursion_is_bounded() -> None:
    query = "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"
    result = post(query, app=make_app(Limits()))
    assert result["errors"][0]["message"] == "Maximum introspection depth exceeded"
    assert "data" not in result


def test_page_size() -> None:
    limits = Limits(max_page_size=50)
    assert page_size(limits, None) == 50
    assert page_size(limits, 10) == 10
    for bad in (-1, 51):
        with pytest.raises(GraphQLError) as info:
            page_size(limits, bad)
        assert info.value.extensions == {"code": "BAD_USER_INPUT"}


def _graphql_schema() -> Any:
    return strawberry.Schema(Query)._schema
