"""Planned queries (`schema.compiled`) answer exactly as Strawberry's ordinary path does.

Each document runs on two schemas built alike: one plain (Strawberry's path only) and one
tuned as the server tunes it. The tuned one answers the first request the ordinary way
(that validates the document) and later ones from the plan; the data must be equal, and
whatever the plan cannot answer must come back from the ordinary path unchanged.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from pathlib import Path
from typing import Any

import pytest
from graphql import (
    GraphQLInterfaceType,
    GraphQLNonNull,
    GraphQLObjectType,
    get_named_type,
    is_leaf_type,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from graph.kinds import FindingKind, Grade
from graph.query import GraphIndex
from schema import build_schema
from schema.context import Context
from schema.execution import tune_schema
from schema.limits import Limits

EXAMPLES = sorted((Path(__file__).parent.parent / "data" / "examples")
                  .glob("*.graphql"))


@pytest.fixture(scope="module")
def plain() -> Any:
    return build_schema(Limits())


@pytest.fixture(scope="module")
def tuned() -> Any:
    return tune_schema(build_schema(Limits()))


@pytest.fixture(scope="module")
def context(index: GraphIndex) -> Context:
    return Context(index=index)


def _both(plain: Any, tuned: Any, context: Context, document: str,
          variables: dict | None = None, operation: str | None = None) -> tuple[Any, Any, Any]:
    """(the plain schema's result, the short path's result or None, the tuned schema's
    second answer); the tuned schema's first answer (its pipeline) must equal the first."""
    expected = plain.execute_sync(document, variables, context_value=context,
                                  operation_name=operation)
    first = tuned.execute_sync(document, variables, context_value=context,
                               operation_name=operation)
    _same(first, expected)
    planned = tuned.compiled.execute(document, variables, context, None, operation, None)
    again = tuned.execute_sync(document, variables, context_value=context,
                               operation_name=operation)
    return expected, planned, again


def _json(data: Any) -> str:
    """Order matters too: clients see the keys in the order the spec gives them."""
    return json.dumps(data)


def _same(a: Any, b: Any) -> None:
    assert _json(a.data) == _json(b.data)
    assert (a.extensions or {}) == (b.extensions or {})
    assert [e.formatted for e in a.errors or ()] == [e.formatted for e in b.errors or ()]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_run_from_their_plan(plain, tuned, context, path) -> None:
    document = path.read_text(encoding="utf-8")
    expected, planned, again = _both(plain, tuned, context, document)
    assert expected.errors is None
    assert planned is not None and planned.errors is None
    assert _json(planned.data) == _json(expected.data)
    _same(again, expected)


FRAGMENTS = """
query Shapes($id: ID!, $withBody: Boolean!, $skipUnits: Boolean!, $kinds: [FindingKind!]) {
  __typename
  first: node(id: $id) { __typename id ...Named }
  again: node(id: $id) { ... on Finding { kind grade } id }
  nodes(ids: [$id, "unit:somu", "nope"]) { __typename ... on Linked { name findingCount } }
  reports {
    t: title
    areas {
      name
      findings(kinds: $kinds) {
        id
        body @include(if: $withBody)
        units @skip(if: $skipUnits) { id name }
        themes { ...Named }
      }
    }
  }
  units(orderByCount: true) { id acronym findings(first: 2) { totalCount edges { cursor } } }
}
fragment Named on Node { id ... on Linked { name aliases: id } ... on Finding { title } }
"""


@pytest.mark.parametrize("with_body", [True, False])
@pytest.mark.parametrize("skip_units", [True, False])
def test_fragments_aliases_and_directives(plain, tuned, context, with_body, skip_units) -> None:
    variables = {
        "id": "finding:staffordshire-2021-22:investigating-crime:cause-of-concern-1",
        "withBody": with_body, "skipUnits": skip_units, "kinds": ["CAUSE_OF_CONCERN"],
    }
    expected, planned, again = _both(plain, tuned, context, FRAGMENTS, variables)
    assert expected.errors is None
    assert planned is not None and _json(planned.data) == _json(expected.data)
    _same(again, expected)
    area = next(a for a in expected.data["reports"][0]["areas"] if a["findings"])
    assert ("body" in area["findings"][0]) is with_body
    assert ("units" in area["findings"][0]) is not skip_units


@pytest.mark.parametrize(("document", "variables"), [
    ("{ findings(first: 1000) { totalCount } }", None),  # a resolver's own error
    ("query($id: ID!) { node(id: $id) { id } }", {"id": None}),  # variable coercion
    ("query($n: Int!) { findings(first: $n) { totalCount } }", {"n": "x"}),
    ("{ neighbourhood(id: \"nope\") { nodes { nodeId } } }", None),
    ("{ search(text: \"supervision\", first: -1) { totalCount } }", None),
    ("{ search(text: \"NEAR(a b)\") { totalCount } }", None),
])
def test_errors_come_from_the_ordinary_path(plain, tuned, context, document, variables) -> None:
    expected, planned, again = _both(plain, tuned, context, document, variables)
    assert expected.errors
    assert planned is None
    _same(again, expected)


@pytest.mark.parametrize("document", [
    "{ __schema { queryType { name } } }",  # introspection
    "{ export(format: MERMAID) { mediaType } }",  # an async resolver
    "mutation { deleteReport(id: \"report:nope\") { action } }",
    "query A { graphVersion } query B { reports { id } }",  # no operation name given
])
def test_what_is_never_planned(plain, tuned, context, document) -> None:
    asyncio.run(tuned.execute(document, context_value=context))  # async: `export` is
    assert tuned.compiled.execute(document, None, context, None, None, None) is None


def test_only_validated_documents_and_allowed_operations(index) -> None:
    schema = tune_schema(build_schema(Limits()))
    context = Context(index=index)
    document = "{ graphVersion }"
    assert schema.compiled.execute(document, None, context, None, None, None) is None
    assert schema.execute_sync(document, context_value=context).data == {
        "graphVersion": index.version}
    assert schema.compiled.execute(document, None, context, None, None, None) is not None
    for method, planned in (("GET", True), ("POST", True)):  # what the HTTP view passes
        allowed = OperationType.from_http(method)
        result = schema.compiled.execute(document, None, context, None, None, allowed)
        assert (result is not None) is planned
    refused = schema.compiled.execute(document, None, context, None, None,
                                      {OperationType.MUTATION})
    assert refused is None


def test_the_pipeline_runs_queries_from_their_plan(index, monkeypatch) -> None:
    """The first request of a document goes through Strawberry's extensions, and its
    execution is planned too; a mutation never is."""
    import schema.compiled as compiled

    planned: list[bool] = []

    def spy(ex: Any) -> Any:
        data = run_plan(ex)
        planned.append(data is not None)
        return data

    run_plan = compiled.run_plan
    monkeypatch.setattr(compiled, "run_plan", spy)
    schema = tune_schema(build_schema(Limits()))
    context = Context(index=index)
    assert schema.execute_sync("{ reports { id } }", context_value=context).errors is None
    assert planned == [True]
    mutation = 'mutation { deleteReport(id: "report:nope") { action } }'
    assert asyncio.run(schema.execute(mutation, context_value=context)).errors
    assert planned == [True, False]


def test_an_unknown_extension_turns_plans_off(index) -> None:
    """Its hooks run on every request, and one that sees each field sees each field."""
    seen: list[str] = []

    class Observer(SchemaExtension):
        def on_execute(self):
            seen.append("execute")
            yield

        def resolve(self, _next, root, info, *args, **kwargs):
            seen.append(info.field_name)
            return _next(root, info, *args, **kwargs)

    schema = tune_schema(build_schema(Limits()))
    schema.extensions = (*schema.extensions, Observer)
    context = Context(index=index)
    for _ in range(2):
        result = schema.execute_sync("{ graphVersion reports { id } }", context_value=context)
        assert result.errors is None
    assert seen == ["execute", "graphVersion", "reports", "id"] * 2
    assert not schema.compiled.enabled


def test_a_null_where_the_type_forbids_one_falls_back(plain, tuned, context, index) -> None:
    """A view whose non-null field is None: the plan gives up, graphql-core reports it."""
    from schema.types import views

    finding = next(iter(index.by_kind["finding"]))
    view = views(index)[finding]
    document = "query($id: ID!) { node(id: $id) { ... on Finding { title } } }"
    variables = {"id": finding}
    tuned.execute_sync(document, variables, context_value=context)
    title = view.title
    try:
        view.title = None
        expected = plain.execute_sync(document, variables, context_value=context)
        assert tuned.compiled.execute(document, variables, context, None, None, None) is None
        _same(tuned.execute_sync(document, variables, context_value=context), expected)
        assert expected.errors and expected.data == {"node": None}
    finally:
        view.title = title


# -- random documents over the whole schema ------------------------------------------------

ROOTS = [
    'node(id: "unit:somu")',
    'node(id: "theme:supervision")',
    'node(id: "report:staffordshire-2021-22")',
    'nodes(ids: ["unit:mash", "partner:nca", "term:visor", "force:staffordshire"])',
    "reports", "forces", "areas", "themes(orderByCount: true)", "units", "partners", "terms",
    'findings(where: {kinds: [CAUSE_OF_CONCERN, AREA_FOR_IMPROVEMENT]}, first: 4)',
    'findings(where: {themes: ["supervision"]}, first: 3, orderBy: REPORT)',
    'neighbourhood(id: "unit:somu", depth: 1)',
    'shortestPath(from: "unit:somu", to: "term:visor")',
    'shortestPath(from: "SOMU", to: "ViSOR")',
    'findings(where: {grades: [INADEQUATE]}, last: 3)',
    "themeCooccurrence(minCount: 2)",
    'search(text: "supervision", first: 5)',
    'search(text: "SOMU \\"risk assessment\\" supervis*")',
]


class _Writer:
    """A random, valid selection for a type, with aliases, fragments and directives."""

    def __init__(self, schema: Any, rng: random.Random) -> None:
        self.schema = schema
        self.rng = rng
        self.fragments: dict[str, str] = {}

    def selection(self, kind: Any, depth: int) -> str:
        named = get_named_type(kind)
        if isinstance(named, GraphQLInterfaceType):
            parts = [self.fields(named, depth), "__typename"]
            for impl in self.rng.sample(self.schema.get_possible_types(named), 2):
                body = self.fields(impl, depth)
                if self.rng.random() < 0.3:
                    name = f"F{len(self.fragments)}"
                    self.fragments[name] = f"fragment {name} on {impl.name} {{ {body} }}"
                    parts.append(f"...{name}")
                else:
                    parts.append(f"... on {impl.name} {{ {body} }}")
            return "{ " + " ".join(parts) + " }"
        return "{ " + self.fields(named, depth) + " }"

    def fields(self, kind: GraphQLObjectType | GraphQLInterfaceType, depth: int) -> str:
        choices = [
            (name, field) for name, field in kind.fields.items()
            if not any(isinstance(a.type, GraphQLNonNull) and a.default_value is None
                       for a in field.args.values())
            and (depth > 0 or is_leaf_type(get_named_type(field.type)))
        ]
        picked = self.rng.sample(choices, min(len(choices), self.rng.randint(1, 4)))
        out = []
        for n, (name, field) in enumerate(picked):
            text = name
            if self.rng.random() < 0.2:
                text = f"a{n}_{name}: {name}"
            if name == "findings" and "first" in field.args:
                text += "(first: 2)"
            roll = self.rng.random()
            if roll < 0.1:
                text += " @include(if: $flag)"
            elif roll < 0.2:
                text += " @skip(if: $flag)"
            if not is_leaf_type(get_named_type(field.type)):
                text += " " + self.selection(field.type, depth - 1)
            out.append(text)
        return " ".join(out)


def _document(schema: Any, seed: int) -> tuple[str, dict]:
    rng = random.Random(seed)
    writer = _Writer(schema, rng)
    query = schema.query_type
    parts = []
    for n, root in enumerate(rng.sample(ROOTS, 2)):
        field = query.fields[root.split("(")[0]]
        body = "" if is_leaf_type(get_named_type(field.type)) else writer.selection(field.type, 2)
        parts.append(f"r{n}: {root} {body}")
    parts.append("flagged: graphVersion @include(if: $flag)")
    text = "query Random($flag: Boolean!) { " + " ".join(parts) + " }"
    return "\n".join([text, *writer.fragments.values()]), {"flag": rng.random() < 0.5}


def test_the_generator_reaches_every_kind_of_selection(plain) -> None:
    texts = [_document(plain._schema, seed)[0] for seed in range(120)]
    for needle in ("... on ", "...F", "@include", "@skip", "__typename", ": "):
        assert any(needle in t for t in texts), needle


@pytest.mark.parametrize("seed", range(120))
def test_random_documents_answer_alike(plain, tuned, context, seed) -> None:
    document, variables = _document(plain._schema, seed)
    expected, planned, again = _both(plain, tuned, context, document, variables)
    _same(again, expected)
    if expected.errors is None:
        assert planned is not None, document
        assert _json(planned.data) == _json(expected.data)
    else:
        assert planned is None


# -- FindingWhere's own input conversion ---------------------------------------------------

_WHERE_VALUES = {
    "kinds": st.lists(st.sampled_from(list(FindingKind))) | st.none(),
    "grades": st.lists(st.sampled_from(list(Grade))) | st.none(),
    "text": st.text(max_size=5) | st.none(),
    **{name: st.lists(st.text(max_size=5), max_size=3) | st.none()
       for name in ("themes", "themesAll", "units", "partners", "terms", "areas", "forces",
                    "reports")},
}


@given(st.fixed_dictionaries({}, optional=_WHERE_VALUES))
@settings(max_examples=200, deadline=None)
def test_finding_where_converts_as_strawberry_does(value: dict) -> None:
    """`FindingWhere` builds itself from its input (Strawberry's `from_input` hook) with
    the same result as Strawberry's generic conversion, lists copied as Strawberry copies
    them."""
    from strawberry.types.arguments import convert_argument

    from schema.inputs import FindingWhere

    definition = FindingWhere.__strawberry_definition__
    schema = build_schema(Limits())
    registry, config = schema.schema_converter.scalar_registry, schema.config
    ours = convert_argument(value, FindingWhere, registry, config)
    hook, definition.from_input = definition.from_input, None
    try:
        theirs = convert_argument(value, FindingWhere, registry, config)
    finally:
        definition.from_input = hook
    assert hook is not None and ours == theirs
    for name, item in value.items():
        if isinstance(item, list):
            python = getattr(ours, next(f.python_name for f in definition.fields
                                        if schema.config.name_converter.from_field(f) == name))
            assert python == item and python is not item


def test_the_http_view_takes_the_short_path(client, monkeypatch) -> None:
    """Over real HTTP (POST, and GET where only queries are allowed), a document that has
    validated once is answered from its plan, with the same body."""
    from schema.compiled import CompiledQueries

    answered: list[bool] = []
    execute = CompiledQueries.execute

    def spy(self, *args: Any, **kwargs: Any) -> Any:
        result = execute(self, *args, **kwargs)
        answered.append(result is not None)
        return result

    monkeypatch.setattr(CompiledQueries, "execute", spy)
    query = "query($id: ID!) { node(id: $id) { id ... on Unit { name findingCount } } }"
    answers = [  # distinct variables: the response cache cannot answer them
        client.post("/graphql", json={"query": query, "variables": {"id": "unit:somu"}}),
        client.post("/graphql", json={"query": query, "variables": {"id": "unit:mash"}}),
        client.get("/graphql", params={"query": query, "variables": '{"id": "unit:eipu"}'}),
    ]
    ids = [a.json()["data"]["node"]["id"] for a in answers]
    assert ids == ["unit:somu", "unit:mash", "unit:eipu"]
    assert answered[-2:] == [True, True], answered


@pytest.fixture(scope="module")
def uncached() -> Any:
    """The real app without its response cache, so that every request reaches the view."""
    from conftest import DATA, Client

    from server import create_app

    app = create_app(data_dir=DATA, response_cache=False)
    app.state.store.load()
    http = Client(app)
    yield http
    http.close()


ACCEPTS = [None, "application/json", "application/graphql-response+json",
           "application/graphql-response+json, application/json;q=0.9"]


@pytest.mark.parametrize("accept", ACCEPTS)
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_views_short_path_answers_as_the_full_path(uncached, monkeypatch, path, accept):
    """Status, content type and body are the same whether the view answers from the plan
    (a POST of a document seen before) or through Strawberry's full path."""
    from web.graphql_view import GraphQLView

    headers = {"accept": accept} if accept else {}
    body = {"query": path.read_text(encoding="utf-8")}
    uncached.post("/graphql", json=body, headers=headers)  # validates the document
    planned = []
    short = GraphQLView._planned

    async def spy(self, request):
        response = await short(self, request)
        planned.append(response is not None)
        return response

    monkeypatch.setattr(GraphQLView, "_planned", spy)
    fast = uncached.post("/graphql", json=body, headers=headers)

    async def never(self, request):
        return None

    monkeypatch.setattr(GraphQLView, "_planned", never)
    full = uncached.post("/graphql", json=body, headers=headers)
    assert planned == [True]
    assert fast.status_code == full.status_code == 200
    assert fast.headers["content-type"] == full.headers["content-type"]
    assert fast.content == full.content
    assert "errors" not in fast.json()


@pytest.mark.parametrize("body", [
    {"query": "{ findings(first: 1000) { totalCount } }"},  # an error: full path, 200
    {"query": "{ graphVersion }", "variables": "[]"},  # not an object: 400
    {"query": "{ graphVersion }", "batch": True},  # an unknown key: the full path decides
    {"query": "mutation { deleteReport(id: \"report:x\") { action } }"},  # never planned
])
def test_what_the_short_path_leaves_to_the_full_path(uncached, monkeypatch, body) -> None:
    from web.graphql_view import GraphQLView

    for _ in range(2):
        first = uncached.post("/graphql", json=body)
    monkeypatch.setattr(GraphQLView, "_planned", lambda self, request: _none())
    again = uncached.post("/graphql", json=body)
    assert first.status_code == again.status_code
    assert first.json() == again.json()


async def _none() -> None:
    return None


def test_only_unexpected_errors_are_logged(index, caplog) -> None:
    """A hostile or mistyped query is not an incident; an exception in a resolver is, and
    it is logged whichever path answered (a plan gives up, the pipeline reports)."""
    schema = tune_schema(build_schema(Limits()))
    with caplog.at_level(logging.ERROR, logger="strawberry.execution"):
        for bad in ("{ nope }", "{ findings(first: 1000) { totalCount } }", "{"):
            assert schema.execute_sync(bad, context_value=Context(index=index)).errors
        assert not caplog.records
        for _ in range(2):  # the second time, the document is a validated one
            broken = schema.execute_sync("{ graphVersion }", context_value=Context(index=None))
            assert broken.errors[0].extensions == {"code": "INTERNAL_SERVER_ERROR"}
    assert len(caplog.records) == 2
