"""A plain Strawberry resolver called the way Strawberry's own wrapper calls it, minus the
wrapper's per-call bookkeeping: for the plan (:mod:`schema.plan`).

Strawberry wraps each resolver (``GraphQLCoreConverter.from_resolver``): per call it makes
the ``Info``, converts every argument (``convert_arguments``: names looked up again, each
value walked through the argument's type), runs the field extensions and exception
handlers, then calls ``field.get_result``. For a resolver with no field extensions and no
exception handlers, and sync, that comes down to: ``Info``, converted arguments, the
``self``/``root``/``info`` parameters, ``get_result``. This module does exactly that,
with what does not change between calls worked out once:

- each argument's GraphQL name, Python name and type;
- an argument whose conversion is the identity is passed as it is: ``None`` for an
  optional (not ``Maybe``) argument, any value of a scalar (not ``GlobalID``), with or
  without ``Optional`` (``convert_argument`` returns these unchanged);
- every other value goes through Strawberry's own ``convert_argument``.

Anything else (extensions, handlers, async, a resolver that is not Strawberry's wrapper,
an argument named ``info``) gets None here, and the plan calls the wrapper as before.
tests/test_compiled.py compares the plan's answers with graphql-core's, which calls the
wrappers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLField
from strawberry.relay.types import GlobalID
from strawberry.types.arguments import convert_argument
from strawberry.types.base import StrawberryMaybe, StrawberryOptional

__all__ = ["direct_resolver"]

_WRAPPER = "GraphQLCoreConverter.from_resolver.<locals>._resolver"  # Strawberry's wrapper
_CONVERT, _AS_IS, _NONE_AS_IS = 0, 1, 2


def direct_resolver(definition: GraphQLField, schema: Any) -> Callable[..., Any] | None:
    """A function ``(source, info, **graphql_args)`` giving what ``definition.resolve``
    gives, or None when only the wrapper itself can (see the module docstring)."""
    field = (definition.extensions or {}).get("strawberry-definition")
    strawberry_schema = getattr(schema, "_strawberry_schema", None)
    converter = getattr(strawberry_schema, "schema_converter", None)
    resolver = getattr(field, "base_resolver", None)
    if (
        field is None
        or converter is None
        or resolver is None
        or getattr(definition.resolve, "__qualname__", None) != _WRAPPER
        or field.extensions
        or field.is_async
        or field.is_subscription
        or getattr(converter, "_exception_handler_specs", True)  # any, or unknown: no
    ):
        return None
    config = converter.config
    registry = converter.scalar_registry
    arguments = []
    for argument in field.arguments:
        if argument.python_name == "info":
            return None  # Strawberry would put its Info in this argument's place
        name = config.name_converter.from_argument(argument)
        arguments.append((name, argument.python_name, argument.type, _how(argument.type, registry)))
    info_class = config.info_class
    self_param = resolver.self_parameter is not None
    source_names = [p.name for p in (resolver.parent_parameter, resolver.root_parameter) if p]
    info_param = resolver.info_parameter
    info_name = info_param.name if info_param is not None else None
    get_result = field.get_result

    def call(source: Any, info: Any, **values: Any) -> Any:
        strawberry_info = info_class(_raw_info=info, _field=field)
        kwargs: dict[str, Any] = {}
        for name, python_name, type_, how in arguments:
            if name in values:
                value = values[name]
                if how == _AS_IS or (how == _NONE_AS_IS and value is None):
                    kwargs[python_name] = value
                else:
                    kwargs[python_name] = convert_argument(
                        value, type_, registry, config, strawberry_info, path=(name,)
                    )
        for source_name in source_names:
            kwargs[source_name] = source
        if info_name is not None:
            kwargs[info_name] = strawberry_info
        args = [source] if self_param else []
        return get_result(source, info=strawberry_info, args=args, kwargs=kwargs)

    return call


def _how(type_: Any, registry: Any) -> int:
    """Whether Strawberry's conversion of this argument's values is the identity: for all
    of them (a scalar), for None only (another optional), or not known to be."""
    if isinstance(type_, StrawberryMaybe):
        return _CONVERT
    optional = isinstance(type_, StrawberryOptional)
    inner = type_.of_type if optional else type_
    if isinstance(inner, StrawberryMaybe | StrawberryOptional):
        return _CONVERT
    try:
        scalar = inner in registry and inner is not GlobalID
    except TypeError:  # unhashable type object
        scalar = False
    if scalar:
        return _AS_IS
    return _NONE_AS_IS if optional else _CONVERT
