"""The GraphQL schema: thin Strawberry types over `graph.query`."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError

from .export import ExportDocument, export_field
from .limits import Limits, is_internal_error, schema_extensions
from .mutation import Mutation
from .query import Query as _Query
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

__all__ = ["Mutation", "Query", "build_schema"]


@strawberry.type(description="Questions across PEEL inspection reports.")
class Query(_Query):
    export: ExportDocument = strawberry.field(
        resolver=export_field,
        description="The graph, or a filtered part of it, as a document in an export format",
    )


class _Schema(strawberry.Schema):
    """Logs only unexpected errors: a hostile or mistyped query is not an incident."""

    def process_errors(self, errors: list[GraphQLError], execution_context: object = None) -> None:
        unexpected = [e for e in errors if is_internal_error(e)]
        if unexpected:
            super().process_errors(unexpected, execution_context)  # type: ignore[arg-type]


def build_schema(limits: Limits | None = None) -> strawberry.Schema:
    """The schema with its request limits (depth, aliases, tokens …) as extensions."""
    return _Schema(
        query=Query,
        mutation=Mutation,
        types=[Area, AreaAssessment, Finding, Force, Partner, Report, Statistic, Term, Theme, Unit],
        extensions=schema_extensions(limits or Limits()),
    )
