"""The plan of a query operation: a tree of closures made once, with graphql-core's own
field collection, that completes a result the way graphql-core's executor does.

A *step* ``(ex, source, path) -> value`` per response key, a *completer*
``(ex, value, path) -> value`` per output type; ``ex`` is the graphql-core executor of the
request (variables, fragments, resolve info). Wherever graphql-core would record an error,
a step raises :class:`GiveUp` instead: :mod:`schema.compiled` then lets graphql-core execute
the operation from the start. Response paths are made only where a resolver or an abstract
type may read them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from graphql import (
    FieldNode,
    GraphQLAbstractType,
    GraphQLEnumType,
    GraphQLField,
    GraphQLID,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLString,
    Node,
    VariableNode,
    is_abstract_type,
    is_leaf_type,
)
from graphql.execution.collect_fields import collect_subfields
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path, Undefined

from .direct_call import direct_resolver

__all__ = ["BACKREF", "GiveUp", "ObjectPlan", "walk"]

BACKREF = "strawberry-definition"  # where Strawberry keeps a GraphQL field's definition


class GiveUp(Exception):
    """graphql-core must execute this operation (an error, or something not planned)."""


def walk(*roots: Any) -> Iterator[Any]:
    """Every AST node under the roots."""
    stack = list(roots)
    while stack:
        node = stack.pop()
        yield node
        for key in node.keys:
            value = getattr(node, key, None)
            if isinstance(value, Node):
                stack.append(value)
            elif isinstance(value, tuple | list):
                stack.extend(v for v in value if isinstance(v, Node))


Step = Callable[[Any, Any, "Path | None"], Any]  # (executor, source, path) -> value


class ObjectPlan:
    """An object's selection: one step per response key, in collection order."""

    __slots__ = ("needs_path", "steps")

    def __init__(self, object_type: GraphQLObjectType, grouped: dict, ex: Any) -> None:
        steps = [(key, *_step(object_type, key, details, ex)) for key, details in grouped.items()]
        self.steps = tuple((key, step) for key, step, _ in steps)
        self.needs_path = any(needs for _, _, needs in steps)

    def complete(self, ex: Any, source: Any, path: Path | None) -> dict[str, Any]:
        return {key: step(ex, source, path) for key, step in self.steps}


def _step(parent: GraphQLObjectType, key: str, details: list[Any], ex: Any) -> tuple[Step, bool]:
    """The step for one response key, and whether it needs the response path."""
    if any(d.defer_usage is not None or d.fragment_variable_values is not None
           for d in details):
        raise GiveUp
    node = details[0].node
    name = node.name.value
    typename = parent.name
    if name == "__typename":
        return (lambda _ex, _source, _path: typename), False
    definition = ex.schema.get_field(parent, name)
    strawberry_field = (definition.extensions or {}).get(BACKREF) if definition else None
    if strawberry_field is None or strawberry_field.is_async:
        raise GiveUp  # introspection, async resolvers: graphql-core's path
    nodes = [d.node for d in details]
    complete, needs_path = _completer(definition.type, details, ex, (definition, nodes, parent))
    attribute = None if node.arguments else attribute_of(definition)

    if attribute is not None:
        leaf_type = definition.type
        required = isinstance(leaf_type, GraphQLNonNull)
        leaf_type = leaf_type.of_type if required else leaf_type
        if is_leaf_type(leaf_type):  # the commonest field: read and coerce in one step
            coerce = LeafCoercer.of(leaf_type)
            same = coerce.same

            def read_leaf(_ex: Any, source: Any, _path: Any) -> Any:
                value = getattr(source, attribute)
                if value is None:
                    if required:
                        raise GiveUp
                    return None
                return value if type(value) is same else coerce(value)

            return read_leaf, False
        if not needs_path:
            def read(ex: Any, source: Any, _path: Any) -> Any:
                return complete(ex, getattr(source, attribute), None)

            return read, False

        def read_on_path(ex: Any, source: Any, path: Any) -> Any:
            return complete(ex, getattr(source, attribute), Path(path, key, typename))

        return read_on_path, True

    resolve = direct_resolver(definition, ex.schema) or definition.resolve
    fixed = None if _uses_variables(node) else get_argument_values(
        definition, node, ex.variable_values)

    def call(ex: Any, source: Any, path: Any) -> Any:
        path = Path(path, key, typename)
        info = ex.build_resolve_info(definition, nodes, parent, path)
        args = fixed if fixed is not None else get_argument_values(
            definition, node, ex.variable_values)
        value = resolve(source, info, **args)
        if hasattr(value, "__await__"):
            close = getattr(value, "close", None)
            if close is not None:
                close()
            raise GiveUp
        return complete(ex, value, path)

    return call, True


def _uses_variables(node: FieldNode) -> bool:
    return any(isinstance(n, VariableNode) for n in walk(*(node.arguments or ())))


def attribute_of(field_def: GraphQLField) -> str | None:
    """The attribute a field reads, when it is a Strawberry field without a resolver."""
    resolve = field_def.resolve
    definition = (field_def.extensions or {}).get(BACKREF)
    if (
        resolve is not None
        and getattr(resolve, "_is_default", False)
        and definition is not None
        and definition.default_resolver is getattr
        and not field_def.args
    ):
        return definition.python_name
    return None


def _completer(
    kind: GraphQLOutputType, details: list[Any], ex: Any, owner: tuple
) -> tuple[Callable[[Any, Any, Any], Any], bool]:
    """Completes a value of `kind` as graphql-core's ``complete_value`` does, raising
    :class:`GiveUp` wherever graphql-core would record an error; and whether it needs
    the response path. Each completer checks for null itself: one call less per value
    than a shared wrapper, on the path every field takes."""
    non_null = isinstance(kind, GraphQLNonNull)
    if non_null:
        kind = kind.of_type
    if is_leaf_type(kind):
        coerce = LeafCoercer.of(kind)
        same = coerce.same

        def leaf(_ex: Any, value: Any, _path: Any) -> Any:
            if value is None:
                if non_null:
                    raise GiveUp
                return None
            return value if type(value) is same else coerce(value)

        return leaf, False
    if isinstance(kind, GraphQLList):
        item, needs_path = _completer(kind.of_type, details, ex, owner)

        def many(ex: Any, value: Any, path: Any) -> Any:
            if value is None:
                if non_null:
                    raise GiveUp
                return None
            if not isinstance(value, list | tuple):
                raise GiveUp
            if needs_path:
                return [item(ex, v, Path(path, i, None)) for i, v in enumerate(value)]
            return [item(ex, v, None) for v in value]

        return many, needs_path
    if isinstance(kind, GraphQLObjectType):
        grouped = collect_subfields(
            ex.schema, ex.fragments, ex.variable_values, ex.operation, kind, details
        ).grouped_field_set
        sub = ObjectPlan(kind, grouped, ex)
        steps = sub.steps
        is_type_of = kind.is_type_of

        def obj(ex: Any, value: Any, path: Any) -> Any:
            if value is None:
                if non_null:
                    raise GiveUp
                return None
            if is_type_of is not None and not is_type_of(value, None):
                raise GiveUp
            return {key: step(ex, value, path) for key, step in steps}

        return obj, sub.needs_path
    if is_abstract_type(kind):
        abstract = _Abstract(kind, details, owner)

        def either(ex: Any, value: Any, path: Any) -> Any:
            if value is None:
                if non_null:
                    raise GiveUp
                return None
            return abstract.complete(ex, value, path)

        return either, True
    raise GiveUp


class _Abstract:
    """An interface or union: the runtime type from its ``resolve_type``, then that type's
    completer (made the first time the type is met)."""

    def __init__(self, kind: GraphQLAbstractType, details: list[Any], owner: tuple) -> None:
        self.kind = kind
        self.details = details
        self.owner = owner
        self.by_type: dict[str, Callable[[Any, Any, Any], Any]] = {}

    def complete(self, ex: Any, value: Any, path: Any) -> Any:
        definition, nodes, parent = self.owner
        info = ex.build_resolve_info(definition, nodes, parent, path)
        resolve_type = self.kind.resolve_type or ex.type_resolver
        name = resolve_type(value, info, self.kind)
        complete = self.by_type.get(name) if isinstance(name, str) else None
        if complete is None:
            runtime = ex.ensure_valid_runtime_type(name, self.kind, self.details, info, value)
            complete = self.by_type[name] = _completer(runtime, self.details, ex, self.owner)[0]
        return complete(ex, value, path)


class LeafCoercer:
    """A scalar's or enum's output coercion, with its shortcuts: a `str` for String or
    ID is itself (graphql-core returns it unchanged); an enum value maps to its name, and
    so does a member of the Python enum behind a Strawberry enum (the first name with the
    member's value, as Strawberry's ``CustomGraphQLEnumType`` finds it)."""

    __slots__ = ("coerce", "names", "same")

    def __init__(self, kind: Any) -> None:
        self.coerce = kind.coerce_output_value
        self.same = str if kind in (GraphQLString, GraphQLID) else _Never
        self.names: dict[Any, str] = {}
        if isinstance(kind, GraphQLEnumType):
            try:
                names = {v.value: name for name, v in kind.values.items()}
                for member in getattr(kind, "wrapped_cls", None) or ():
                    names[member] = next(
                        name for name, v in kind.values.items() if v.value == member.value
                    )
                self.names = names
            except (TypeError, StopIteration):  # unhashable or unknown values: no shortcut
                self.names = {}

    _cache: dict[int, tuple[Any, LeafCoercer]] = {}  # noqa: RUF012 - one per leaf type

    @classmethod
    def of(cls, kind: Any) -> LeafCoercer:
        cached = cls._cache.get(id(kind))
        if cached is None or cached[0] is not kind:
            cached = cls._cache[id(kind)] = (kind, cls(kind))
        return cached[1]

    def __call__(self, value: Any) -> Any:
        names = self.names
        if names:
            try:
                name = names.get(value)
            except TypeError:
                name = None
            if name is not None:
                return name
        out = self.coerce(value)
        if out is None or out is Undefined:
            raise GiveUp
        return out


class _Never:
    """No value has this type."""
