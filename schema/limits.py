"""Cost limits and error policy for GraphQL documents, as Strawberry extensions.

Every limit is checked before execution, so a hostile document costs at most one
parse and one validation pass. The selection-cost rule memoises each fragment, so
a 1.6 KB fragment bomb (2^40 expanded fields) is measured in linear time; Strawberry's
own QueryDepthLimiter and MaxAliasesLimiter re-walk every spread and wedge the server.

Use it when building the schema::

    schema = strawberry.Schema(Query, extensions=schema_extensions(Limits()))

Expected errors (``GraphQLError`` raised on purpose, parse and validation errors) keep
their message and ``extensions.code``; any other exception is masked as
``Unexpected error.`` with code ``INTERNAL_SERVER_ERROR`` (the original is still logged
by Strawberry).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar, NamedTuple

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    validate,
)
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import AddValidationRules, MaskErrors, SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from .messages import json_words

__all__ = [
    "ErrorPolicy",
    "Limits",
    "MaskInternalErrors",
    "QueryCostRule",
    "is_internal_error",
    "limits_rules",
    "page_size",
    "schema_extensions",
]

INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-request limits. Defaults suit a public, read-only knowledge-graph API."""

    max_depth: int = 12
    """Nested field levels, through fragments. Introspection (``__schema``/``__type``)
    subtrees are exempt, so GraphiQL's introspection query passes; graphql-core's
    MaxIntrospectionDepthRule (a specified rule) bounds their recursion instead."""
    max_aliases: int = 30
    """Aliased fields per operation, after fragments are expanded."""
    max_directives: int = 50
    """Directive uses per operation, after fragments are expanded."""
    max_fields: int = 2000
    """Field selections per operation, after fragments are expanded."""
    max_tokens: int = 2000
    """Lexical tokens in the document (comments excluded), enforced by the parser."""
    max_query_chars: int = 100_000
    """Characters in the document, comments included, checked before lexing."""
    max_json_depth: int = 32
    """Nesting of the ``variables`` and ``extensions`` JSON (checked by the HTTP view)."""
    max_page_size: int = 100
    """Largest page a list field may return (see :func:`page_size`)."""
    max_traversal_nodes: int = 2000
    """Nodes a `neighbourhood` (or an export around a node) may reach before it is refused."""
    max_export_nodes: int = 10_000
    """Nodes the GraphQL `export` field may return (`GET /export/...` has no such cap)."""
    introspection: bool = True
    """Allow ``__schema``/``__type``; GraphiQL needs it."""


class _Cost(NamedTuple):
    fields: int = 0
    aliases: int = 0
    directives: int = 0
    depth: int = 0


_ZERO = _Cost()


class QueryCostRule(ValidationRule):
    """Reject operations over the depth, alias, directive or field-count limits.

    Costs are computed bottom-up with an explicit stack (no recursion limit) and
    memoised per fragment and per selection set, so each node is measured once however
    many times it is spread. Fragment cycles count as zero here; graphql-core's
    NoFragmentCyclesRule reports them.
    """

    limits: ClassVar[Limits] = Limits()

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        self._fragments: dict[str, FragmentDefinitionNode] = {
            d.name.value: d
            for d in context.document.definitions
            if isinstance(d, FragmentDefinitionNode)
        }
        self._memo: dict[int | str, _Cost] = {}

    def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
        cost = self._cost(node.selection_set)
        directives = cost.directives + len(node.directives or ())
        lim = self.limits
        checks = (
            (
                cost.depth,
                lim.max_depth,
                "QUERY_TOO_DEEP",
                "Query depth {} exceeds the limit of {}.",
            ),
            (
                cost.aliases,
                lim.max_aliases,
                "TOO_MANY_ALIASES",
                "Query uses {} aliases; the limit is {}.",
            ),
            (
                directives,
                lim.max_directives,
                "TOO_MANY_DIRECTIVES",
                "Query uses {} directives; the limit is {}.",
            ),
            (
                cost.fields,
                lim.max_fields,
                "TOO_MANY_FIELDS",
                "Query selects {} fields once fragments are expanded; the limit is {}.",
            ),
        )
        for value, limit, code, message in checks:
            if value > limit:
                self.report_error(
                    GraphQLError(message.format(value, limit), node, extensions={"code": code})
                )

    def _children(self, item: SelectionSetNode | str) -> Iterator[SelectionSetNode | str]:
        if isinstance(item, str):
            fragment = self._fragments.get(item)
            if fragment is not None:
                yield fragment.selection_set
            return
        for sel in item.selections:
            if isinstance(sel, FragmentSpreadNode):
                yield sel.name.value
            elif sel.selection_set is not None:
                yield sel.selection_set

    def _cost(self, root: SelectionSetNode) -> _Cost:
        """Post-order walk; an item already on the stack (a cycle) is not re-entered."""
        memo, visiting = self._memo, set()
        stack: list[SelectionSetNode | str] = [root]
        while stack:
            item = stack[-1]
            key = item if isinstance(item, str) else id(item)
            if key in memo:
                stack.pop()
            elif key in visiting:
                memo[key] = self._combine(item)
                visiting.discard(key)
                stack.pop()
            else:
                visiting.add(key)
                for child in self._children(item):
                    ckey = child if isinstance(child, str) else id(child)
                    if ckey not in memo and ckey not in visiting:
                        stack.append(child)
        return memo[id(root)]

    def _lookup(self, item: SelectionSetNode | str | None) -> _Cost:
        if item is None:
            return _ZERO
        return self._memo.get(item if isinstance(item, str) else id(item), _ZERO)

    def _combine(self, item: SelectionSetNode | str) -> _Cost:
        if isinstance(item, str):
            fragment = self._fragments.get(item)
            if fragment is None:
                return _ZERO
            inner = self._lookup(fragment.selection_set)
            return inner._replace(directives=inner.directives + len(fragment.directives or ()))
        fields = aliases = directives = depth = 0
        for sel in item.selections:
            if isinstance(sel, FragmentSpreadNode):
                sub = self._lookup(sel.name.value)
            else:
                sub = self._lookup(sel.selection_set)
            fields += sub.fields
            aliases += sub.aliases
            directives += sub.directives + len(sel.directives or ())
            if isinstance(sel, FieldNode):
                fields += 1
                aliases += sel.alias is not None
                if sel.name.value not in INTROSPECTION_ROOTS:
                    depth = max(depth, 1 + sub.depth)
            else:
                depth = max(depth, sub.depth)
        return _Cost(fields, aliases, directives, depth)


def _coded(rule: type[ValidationRule], code: str) -> type[ValidationRule]:
    """Subclass a graphql-core rule so each error it reports carries ``code``."""

    def report_error(self: ValidationRule, error: GraphQLError) -> None:
        error.extensions = {**(error.extensions or {}), "code": code}
        rule.report_error(self, error)

    return type(rule.__name__, (rule,), {"report_error": report_error})


def limits_rules(limits: Limits) -> list[type[ValidationRule]]:
    """The validation rules that enforce ``limits`` (add them to the spec rules).

    Introspection recursion (``types { fields { type { fields ...``) is already bounded
    by graphql-core's MaxIntrospectionDepthRule, one of its specified rules.
    """
    rules: list[type[ValidationRule]] = [
        type("QueryCostRule", (QueryCostRule,), {"limits": limits})
    ]
    if not limits.introspection:
        rules.append(_coded(NoSchemaIntrospectionCustomRule, "INTROSPECTION_DISABLED"))
    return rules


def _set_code(errors: list[GraphQLError] | None, code: str) -> None:
    for error in errors or ():
        if not (error.extensions or {}).get("code"):
            error.extensions = {**(error.extensions or {}), "code": code}


def _parse_error_code(error: GraphQLError) -> str:
    message = error.message
    if "more than" in message and "tokens" in message:
        return "TOO_MANY_TOKENS"
    if "more than" in message and "code points" in message:
        return "QUERY_TOO_LARGE"
    if "nested too deeply" in message:
        return "QUERY_TOO_DEEP"
    return "GRAPHQL_PARSE_FAILED"


class ErrorPolicy(SchemaExtension):
    """Parser limits, validation without suggestions, and an ``extensions.code`` on
    every request error.

    Strawberry does not pass ``hide_suggestions`` to graphql-core's ``validate``, so this
    extension validates the document itself (Strawberry then skips its own pass).
    Execution-time messages (e.g. enum variable coercion) are scrubbed of "Did you mean".
    """

    def __init__(self, *, limits: Limits) -> None:
        self.limits = limits

    def on_operation(self) -> Iterator[None]:
        self.execution_context.parse_options.update(  # type: ignore[call-arg]
            max_lexical_tokens=self.limits.max_tokens,
            max_source_length=self.limits.max_query_chars,
        )
        yield
        result = self.execution_context.result
        for error in (result.errors if result else None) or ():
            error.message = json_words(_SUGGESTION.sub("", error.message))

    def on_parse(self) -> Iterator[None]:
        yield
        for error in self.execution_context.pre_execution_errors or ():
            if isinstance(error, GraphQLSyntaxError):
                _set_code([error], _parse_error_code(error))

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        if ctx.pre_execution_errors is None and ctx.graphql_document is not None:
            rules = (*ctx.validation_rules, MaybeNullValidationRule, OneOfInputValidationRule)
            errors = validate(
                ctx.schema._schema, ctx.graphql_document, rules, hide_suggestions=True
            )
            _set_code(errors, "GRAPHQL_VALIDATION_FAILED")
            ctx.pre_execution_errors = errors
        yield

    def on_execute(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        # Errors graphql-core raises while executing (variable or argument coercion, such as
        # null for a non-null argument) come from the request; resolvers' own errors carry
        # their code already, and internal errors are masked and coded by MaskInternalErrors.
        if isinstance(result, GraphQLExecutionResult) and result.errors:
            _set_code([e for e in result.errors if not is_internal_error(e)], "BAD_USER_INPUT")


def is_internal_error(error: GraphQLError) -> bool:
    """True for errors caused by an unexpected exception (anything but a GraphQLError)."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


class MaskInternalErrors(MaskErrors):
    """Strawberry's MaskErrors, masking only internal errors and tagging them with a code."""

    def __init__(
        self, should_mask_error: Callable[[GraphQLError], bool] = is_internal_error
    ) -> None:
        super().__init__(should_mask_error=should_mask_error)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": "INTERNAL_SERVER_ERROR"}
        return masked


def schema_extensions(limits: Limits | None = None) -> list[Callable[[], SchemaExtension]]:
    """Extension factories for ``strawberry.Schema(..., extensions=...)``.

    Factories, not instances: Strawberry builds fresh extensions per request (and warns
    about shared instances).
    """
    limits = limits or Limits()
    return [
        partial(AddValidationRules, limits_rules(limits)),
        partial(ErrorPolicy, limits=limits),
        MaskInternalErrors,
    ]


def page_size(limits: Limits, requested: int | None) -> int:
    """The page size to use for a ``first``-style argument, or a BAD_USER_INPUT error."""
    if requested is None:
        return limits.max_page_size
    if not 0 <= requested <= limits.max_page_size:
        raise GraphQLError(
            f"Page size must be between 0 and {limits.max_page_size}; got {requested}.",
            extensions={"code": "BAD_USER_INPUT"},
        )
    return requested
