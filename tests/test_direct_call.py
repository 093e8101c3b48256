"""The plan calls plain resolvers directly (`schema.direct_call`): the same value as
Strawberry's wrapper for every argument form, and the wrapper whenever a field has
something the direct call does not do (field extensions, an argument named `info`)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import strawberry
from graphql import GraphQLResolveInfo
from graphql.pyutils import Path
from strawberry.extensions.field_extension import FieldExtension

from schema import build_schema
from schema.context import Context
from schema.direct_call import direct_resolver
from schema.execution import tune_schema
from schema.limits import Limits


def _info(schema: Any, type_name: str, field_name: str, context: Any) -> GraphQLResolveInfo:
    parent = schema.get_type(type_name)
    given = {
        "field_name": field_name, "field_nodes": [], "return_type": parent.fields[field_name].type,
        "parent_type": parent, "path": Path(None, field_name, None), "schema": schema,
        "fragments": {}, "variable_values": {}, "context": context,
    }
    return GraphQLResolveInfo(**{name: given.get(name) for name in GraphQLResolveInfo._fields})


def _dump(value: Any) -> str:
    return json.dumps(value, default=lambda o: repr(o), sort_keys=True)


def test_the_app_s_resolvers_are_called_directly() -> None:
    """Every resolver field of the app either gets a direct call or keeps the wrapper;
    the entity `findings` fields (the hot path) get one."""
    schema = build_schema(Limits())._schema
    direct = {
        (name, field_name)
        for name, kind in schema.type_map.items() if hasattr(kind, "fields") and
        not name.startswith("__")
        for field_name, field in kind.fields.items()
        if getattr(field, "resolve", None) is not None and direct_resolver(field, schema)
    }
    assert {("Unit", "findings"), ("Theme", "findings"), ("Query", "node"),
            ("Query", "findings")} <= direct


ARGUMENTS = [
    {},  # defaults only
    {"first": 3},
    {"first": 2, "after": "b2Zmc2V0OjE="},
    {"last": 2},
    {"where": None, "first": None},
    {"where": {"kinds": ["CAUSE_OF_CONCERN", "AREA_FOR_IMPROVEMENT"], "themes": ["supervision"]}},
    {"where": {"grades": ["GOOD"], "themeStrength": "MENTIONS"}, "first": 1},
]


@pytest.mark.parametrize("args", ARGUMENTS)
def test_direct_call_gives_what_the_wrapper_gives(index, args) -> None:
    """Input objects, enums, lists, nulls and scalars: the direct call and Strawberry's
    wrapper return the same connection from the same graphql-core argument values."""
    from graphql.execution.values import get_argument_values
    from graphql.language import parse

    tuned = tune_schema(build_schema(Limits()))
    schema = tuned._schema
    field = schema.get_type("Theme").fields["findings"]
    call = direct_resolver(field, schema)
    assert call is not None
    literal = ", ".join(f"{k}: {_literal(v)}" for k, v in args.items())
    document = parse(f"{{ x{'(' + literal + ')' if literal else ''} }}")
    node = document.definitions[0].selection_set.selections[0]
    values = get_argument_values(field, node, {})
    context = Context(index=index)
    from schema.types import views

    theme = views(index)["theme:supervision"]
    info = _info(schema, "Theme", "findings", context)
    ours = call(theme, info, **values)
    theirs = field.resolve(theme, info, **values)
    assert _dump(_plain(ours)) == _dump(_plain(theirs))


def _literal(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, str) and value.isupper():
        return value  # an enum value
    return json.dumps(value)


def _plain(connection: Any) -> Any:
    return {
        "total": connection.total_count,
        "edges": [(e.cursor, str(e.node.id)) for e in connection.edges],
        "page": vars(connection.page_info),
    }


class _Marks(FieldExtension):
    def resolve(self, next_: Any, source: Any, info: Any, **kwargs: Any) -> Any:
        return next_(source, info, **kwargs) + "!"


@strawberry.type
class _Query:
    @strawberry.field(extensions=[_Marks()])
    def shout(self, word: str = "hi") -> str:
        return word

    @strawberry.field
    def echo(self, info: strawberry.Info, word: str | None = None) -> str:
        return f"{word}:{info.field_name}"


def test_fields_with_extensions_keep_the_wrapper() -> None:
    schema = strawberry.Schema(query=_Query)._schema
    query = schema.query_type
    assert direct_resolver(query.fields["shout"], schema) is None
    echo = direct_resolver(query.fields["echo"], schema)
    assert echo is not None
    info = _info(schema, "Query", "echo", None)
    assert echo(None, info, word="a") == query.fields["echo"].resolve(None, info, word="a")
    assert echo(None, info, word=None) == "None:echo"


def test_a_replaced_resolver_is_not_bypassed() -> None:
    """Only Strawberry's own wrapper is replaced by a direct call: a resolver installed by
    anything else is always called as it is."""
    schema = strawberry.Schema(query=_Query)._schema
    field = schema.query_type.fields["echo"]
    original = field.resolve
    field.resolve = lambda source, info, **kwargs: original(source, info, **kwargs)
    assert direct_resolver(field, schema) is None
