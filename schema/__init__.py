"""The GraphQL schema: thin Strawberry types over `graph.query`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import strawberry
from graphql import (
    DirectiveLocation,
    GraphQLDeprecatedDirective,
    GraphQLDirective,
    GraphQLError,
)
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from .export import ExportDocument, export_field
from .limits import Limits, is_internal_error, schema_extensions
from .mutation import Mutation
from .query import Query as _Query
from .search import SearchConnection, search_field
from .subscription import Subscription

if TYPE_CHECKING:
    from .compiled import CompiledQueries
from .types import (
    Area,
    AreaAssessment,
    Finding,
    Force,
    Partner,
    Report,
    Statistic,
    Term,
    Theme,
    Unit,
)

__all__ = ["Mutation", "Query", "Subscription", "build_schema"]


@strawberry.type(description="Questions across PEEL inspection reports.")
class Query(_Query):
    export: ExportDocument = strawberry.field(
        resolver=export_field,
        description="The graph, or a filtered part of it, as a document in an export format",
    )
    search: SearchConnection = strawberry.field(
        resolver=search_field,
        description="Full-text search (BM25, word forms, acronyms both ways) over finding "
        'titles and bodies, area assessments and the names of units, partners, themes and '
        'terms. `text` takes words, "quoted phrases" and prefix*; anything else, such as '
        "an unbalanced quote or an operator (AND, NEAR(…), column:), is BAD_USER_INPUT. "
        "`where` keeps only the findings it matches; `kinds` keeps those node kinds",
    )


class _Schema(strawberry.Schema):
    """Logs only unexpected errors: a hostile or mistyped query is not an incident.

    With ``schema.compiled`` (installed by ``schema.execution.tune_schema``), a query
    document that validated cleanly before runs from its plan; whatever the plan cannot
    answer exactly takes Strawberry's ordinary path.
    """

    compiled: CompiledQueries | None = None

    def execute_sync(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        request = (query, variable_values, context_value, root_value, operation_name,
                   allowed_operation_types, operation_extensions)
        result = self._planned(request)
        return result if result is not None else super().execute_sync(*request)

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        request = (query, variable_values, context_value, root_value, operation_name,
                   allowed_operation_types, operation_extensions)
        result = self._planned(request)
        return result if result is not None else await super().execute(*request)

    def _planned(self, request: tuple) -> ExecutionResult | None:
        return self.compiled.execute(*request) if self.compiled is not None else None

    def process_errors(self, errors: list[GraphQLError], execution_context: object = None) -> None:
        unexpected = [e for e in errors if is_internal_error(e)]
        if unexpected:
            super().process_errors(unexpected, execution_context)  # type: ignore[arg-type]


# `@deprecated` where the released GraphQL spec (and graphql-js 16, which most frontend
# tooling runs on) has it. graphql-core 3.3 also allows it on directive definitions, a draft
# location graphql-js 16 cannot parse: a client that prints the introspected schema and
# parses it again (GraphQL Code Generator, graphql-inspector) fails on it.
_DEPRECATED = GraphQLDirective(
    name=GraphQLDeprecatedDirective.name,
    locations=[loc for loc in GraphQLDeprecatedDirective.locations
               if loc is not DirectiveLocation.DIRECTIVE_DEFINITION],
    args=GraphQLDeprecatedDirective.args,
    description=GraphQLDeprecatedDirective.description,
)


def build_schema(limits: Limits | None = None) -> strawberry.Schema:
    """The schema with its request limits (depth, aliases, tokens …) as extensions."""
    schema = _Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[Area, AreaAssessment, Finding, Force, Partner, Report, Statistic, Term, Theme, Unit],
        extensions=schema_extensions(limits or Limits()),
    )
    core = schema._schema
    core.directives = tuple(
        _DEPRECATED if d is GraphQLDeprecatedDirective else d for d in core.directives
    )
    return schema
