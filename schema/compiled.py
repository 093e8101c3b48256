"""Query operations run from a plan: each operation is compiled once into a tree of field
steps, and runs of it follow that tree instead of graphql-core's generic executor.

Two ways in:

- :class:`PlannedExecutionContext` (graphql-core's ``executor_class`` hook) runs every
  query inside Strawberry's pipeline from its plan;
- :class:`CompiledQueries` (``schema.compiled``, called by the schema's ``execute`` and
  ``execute_sync``) answers a document that has already validated cleanly without the
  pipeline: its extension hooks only parse, validate and handle errors, and there are none.

Why the answers are exactly graphql-core's:

- the plan is made with graphql-core's own field collection (fragments, type conditions,
  ``@skip``/``@include``, merged fields), once per value of the variables those two
  directives read;
- variables are coerced by graphql-core (``Executor.build``), arguments by
  ``get_argument_values``; resolvers are the wrappers Strawberry installed, called with
  graphql-core's resolve info; values are completed as graphql-core completes them
  (``is_type_of``, ``resolve_type``, leaf coercion);
- a run that meets anything else (any error, a null where the type forbids one, an
  awaitable, a value of an unexpected type) gives up, and graphql-core executes the
  operation from the start. Every error and partial result therefore still comes from
  the libraries. Giving up is harmless because only queries are planned, and a query
  only reads.

Mutations, subscriptions, ``@defer``/``@stream`` and other directives, introspection and
async resolvers always take graphql-core's path; so does every request on a schema with
an extension this module does not know (it could observe or change a request).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

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
    OperationType,
    VariableNode,
    is_abstract_type,
    is_leaf_type,
)
from graphql.execution.collect_fields import collect_fields, collect_subfields
from graphql.execution.values import get_argument_values
from graphql.language import DirectiveNode, FragmentDefinitionNode
from graphql.pyutils import Path, Undefined
from strawberry.extensions import AddValidationRules
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType as AllowedOperation

from .limits import ErrorPolicy, MaskInternalErrors

if TYPE_CHECKING:
    from .execution import DocumentCache

__all__ = ["CompiledQueries", "PlannedExecutionContext"]

BACKREF = "strawberry-definition"  # where Strawberry keeps a GraphQL field's definition

_SAFE_EXTENSIONS: tuple[type, ...] = (AddValidationRules, ErrorPolicy, MaskInternalErrors)
"""Extensions that act only on parsing, validation or errors: a clean, validated query
runs the same with or without their hooks."""

_DIRECTIVES = frozenset({"skip", "include"})
_MAX_OPERATIONS = 1024  # operations with plans kept (oldest dropped first)
_MAX_VARIANTS = 16  # plans per operation, one per value of its @skip/@include variables


class _GiveUp(Exception):
    """graphql-core must execute this operation (an error, or something not planned)."""


class PlannedExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context, running query operations from their plan."""

    def execute_operation(self, serially: bool | None = None) -> Any:
        if serially is None:
            data = run_plan(self)
            if data is not None:
                return self.build_response(data)
        return super().execute_operation(serially)


class CompiledQueries:
    """A schema's short path: documents its :class:`DocumentCache` saw validate cleanly."""

    def __init__(self, schema: Any, documents: DocumentCache) -> None:
        self.schema = schema
        self.documents = documents

    @property
    def enabled(self) -> bool:
        """Only when every extension is one whose hooks a clean query does not need."""
        return all(_is_safe(factory, self.documents) for factory in self.schema.extensions)

    def execute(
        self,
        query: Any,
        variables: dict[str, Any] | None,
        context: Any,
        root: Any,
        operation_name: str | None,
        allowed: Iterable[AllowedOperation] | None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult | None:
        """The result from the plan, or None: then Strawberry's pipeline must answer."""
        if not isinstance(query, str) or not self.enabled:
            return None
        entry = self.documents.validated(query)
        if entry is None or (allowed is not None and AllowedOperation.QUERY not in allowed):
            return None
        executor = PlannedExecutionContext.build(
            self.schema._schema,
            entry.document,
            root_value=root,
            context_value=context,
            raw_variable_values=variables,
            operation_name=operation_name,
            is_awaitable=_is_awaitable,
            operation_extensions=operation_extensions,
        )
        if isinstance(executor, list):  # no such operation, bad variables: errors to report
            return None
        data = run_plan(executor)
        if data is None:
            return None
        return ExecutionResult(data=data, errors=None, extensions={})


def run_plan(ex: Any) -> dict[str, Any] | None:
    """The operation's data from its plan, or None when graphql-core must execute it."""
    if (
        ex.operation.operation is not OperationType.QUERY
        or ex.abort_signal is not None
        or (ex.middleware_manager is not None and ex.middleware_manager.middlewares)
    ):
        return None
    try:
        plan = _plan(ex)
        return None if plan is None else plan.complete(ex, ex.root_value, None)
    except Exception:  # any surprise: graphql-core runs it and reports what happened
        return None


def _is_safe(factory: Any, documents: DocumentCache) -> bool:
    if getattr(factory, "__self__", None) is documents:
        return True  # the document cache's own extension
    kind = factory.func if isinstance(factory, partial) else factory
    return isinstance(kind, type) and issubclass(kind, _SAFE_EXTENSIONS)


def _is_awaitable(value: Any) -> bool:
    return hasattr(value, "__await__")


# -- which plan ----------------------------------------------------------------------------

_operations: dict[tuple[int, int], tuple[Any, Any, tuple[str, ...] | None, dict]] = {}


def _plan(ex: Any) -> _Object | None:
    """The operation's plan for the values of the variables its @skip/@include read; None
    when the operation cannot be planned."""
    operation, schema = ex.operation, ex.schema
    key = (id(operation), id(schema))
    known = _operations.get(key)
    if known is None or known[0] is not operation or known[1] is not schema:
        fragments = [d.definition for d in ex.fragments.values()]
        nodes = list(_walk(operation, *fragments))
        plannable = not any(
            (isinstance(n, DirectiveNode) and n.name.value not in _DIRECTIVES)
            or (isinstance(n, FragmentDefinitionNode) and n.variable_definitions)
            for n in nodes
        )
        names = tuple(sorted({
            a.value.name.value
            for n in nodes if isinstance(n, DirectiveNode)
            for a in n.arguments or () if isinstance(a.value, VariableNode)
        })) if plannable else None
        if len(_operations) >= _MAX_OPERATIONS:
            _operations.pop(next(iter(_operations)))
        known = _operations[key] = (operation, schema, names, {})
    _, _, names, variants = known
    if names is None:
        return None
    coerced = ex.variable_values.coerced
    values = tuple(coerced.get(n) for n in names)
    if values in variants:
        return variants[values]
    root_type = ex.schema.query_type
    collected = collect_fields(ex.schema, ex.fragments, ex.variable_values, root_type, operation)
    plan = None
    if not collected.new_defer_usages and not collected.forbidden_directive_instances:
        try:
            plan = _Object(root_type, collected.grouped_field_set, ex)
        except _GiveUp:
            plan = None
    if len(variants) >= _MAX_VARIANTS:
        variants.pop(next(iter(variants)))
    variants[values] = plan
    return plan


def _walk(*roots: Any) -> Iterator[Any]:
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


# -- the plan ------------------------------------------------------------------------------
#
# A tree of closures made once: a *step* ``(ex, source, path) -> value`` per response key,
# a *completer* ``(ex, value, path) -> value`` per output type. Response paths are made
# only where a resolver or an abstract type may read them.

Step = Callable[[Any, Any, "Path | None"], Any]


class _Object:
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
        raise _GiveUp
    node = details[0].node
    name = node.name.value
    typename = parent.name
    if name == "__typename":
        return (lambda _ex, _source, _path: typename), False
    definition = ex.schema.get_field(parent, name)
    strawberry_field = (definition.extensions or {}).get(BACKREF) if definition else None
    if strawberry_field is None or strawberry_field.is_async:
        raise _GiveUp  # introspection, async resolvers: graphql-core's path
    nodes = [d.node for d in details]
    complete, needs_path = _completer(definition.type, details, ex, (definition, nodes, parent))
    attribute = None if node.arguments else attribute_of(definition)

    if attribute is not None:
        if not needs_path:
            def read(ex: Any, source: Any, _path: Any) -> Any:
                return complete(ex, getattr(source, attribute), None)

            return read, False

        def read_on_path(ex: Any, source: Any, path: Any) -> Any:
            return complete(ex, getattr(source, attribute), Path(path, key, typename))

        return read_on_path, True

    resolve = definition.resolve
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
            raise _GiveUp
        return complete(ex, value, path)

    return call, True


def _uses_variables(node: FieldNode) -> bool:
    return any(isinstance(n, VariableNode) for n in _walk(*(node.arguments or ())))


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
    :class:`_GiveUp` wherever graphql-core would record an error; and whether it needs
    the response path."""
    non_null = isinstance(kind, GraphQLNonNull)
    if non_null:
        kind = kind.of_type
    if is_leaf_type(kind):
        coerce = LeafCoercer.of(kind)
        same = coerce.same

        def leaf(_ex: Any, value: Any, _path: Any) -> Any:
            if value is None:
                if non_null:
                    raise _GiveUp
                return None
            return value if type(value) is same else coerce(value)

        return leaf, False
    if isinstance(kind, GraphQLList):
        item, needs_path = _completer(kind.of_type, details, ex, owner)

        def many(ex: Any, value: Any, path: Any) -> Any:
            if value is None:
                if non_null:
                    raise _GiveUp
                return None
            if not isinstance(value, list | tuple):
                raise _GiveUp
            if needs_path:
                return [item(ex, v, Path(path, i, None)) for i, v in enumerate(value)]
            return [item(ex, v, None) for v in value]

        return many, needs_path
    if isinstance(kind, GraphQLObjectType):
        grouped = collect_subfields(
            ex.schema, ex.fragments, ex.variable_values, ex.operation, kind, details
        ).grouped_field_set
        sub = _Object(kind, grouped, ex)
        complete_object = sub.complete
        is_type_of = kind.is_type_of

        def obj(ex: Any, value: Any, path: Any) -> Any:
            if value is None:
                if non_null:
                    raise _GiveUp
                return None
            if is_type_of is not None and not is_type_of(value, None):
                raise _GiveUp
            return complete_object(ex, value, path)

        return obj, sub.needs_path
    if is_abstract_type(kind):
        abstract = _Abstract(kind, details, owner)

        def either(ex: Any, value: Any, path: Any) -> Any:
            if value is None:
                if non_null:
                    raise _GiveUp
                return None
            return abstract.complete(ex, value, path)

        return either, True
    raise _GiveUp


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
            raise _GiveUp
        return out


class _Never:
    """No value has this type."""
