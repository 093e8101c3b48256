"""Query operations run from a plan (:mod:`schema.plan`): each operation is compiled once
into a tree of field steps, and runs of it follow that tree instead of graphql-core's
generic executor.

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
  graphql-core's resolve info, or, for a plain sync resolver (no field extensions, no
  exception handlers), called as that wrapper calls it (:mod:`schema.direct_call`);
  values are completed as graphql-core completes them (``is_type_of``, ``resolve_type``,
  leaf coercion);
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

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from graphql import OperationType, VariableNode
from graphql.execution.collect_fields import collect_fields
from graphql.language import DirectiveNode, FragmentDefinitionNode
from strawberry.extensions import AddValidationRules
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType as AllowedOperation

from .limits import ErrorPolicy, MaskInternalErrors
from .plan import GiveUp, ObjectPlan, walk

if TYPE_CHECKING:
    from .execution import DocumentCache

__all__ = ["CompiledQueries", "PlannedExecutionContext"]

_SAFE_EXTENSIONS: tuple[type, ...] = (AddValidationRules, ErrorPolicy, MaskInternalErrors)
"""Extensions that act only on parsing, validation or errors: a clean, validated query
runs the same with or without their hooks."""

_DIRECTIVES = frozenset({"skip", "include"})
_MAX_OPERATIONS = 1024  # operations with plans kept (oldest dropped first)
_MAX_VARIANTS = 16  # plans per operation, one per value of its @skip/@include variables


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
        self._checked: tuple[Any, bool] = (None, False)  # (extensions, whether all are safe)

    @property
    def enabled(self) -> bool:
        """Only when every extension is one whose hooks a clean query does not need
        (checked again whenever the schema's extensions are replaced)."""
        extensions = self.schema.extensions
        checked, safe = self._checked
        if checked is not extensions:
            safe = all(_is_safe(factory, self.documents) for factory in extensions)
            self._checked = (extensions, safe)
        return safe

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
        try:
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
        except Exception:  # whatever it is, the pipeline reports it as it always does
            return None
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


def _plan(ex: Any) -> ObjectPlan | None:
    """The operation's plan for the values of the variables its @skip/@include read; None
    when the operation cannot be planned."""
    operation, schema = ex.operation, ex.schema
    key = (id(operation), id(schema))
    known = _operations.get(key)
    if known is None or known[0] is not operation or known[1] is not schema:
        fragments = [d.definition for d in ex.fragments.values()]
        nodes = list(walk(operation, *fragments))
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
            plan = ObjectPlan(root_type, collected.grouped_field_set, ex)
        except GiveUp:
            plan = None
    if len(variants) >= _MAX_VARIANTS:
        variants.pop(next(iter(variants)))
    variants[values] = plan
    return plan
