"""The GraphQL schema: thin Strawberry types over `graph.query`."""

from __future__ import annotations

import strawberry

from .export import ExportDocument, export_field
from .limits import Limits, schema_extensions
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

__all__ = ["Query", "build_schema"]


@strawberry.type(description="Questions across PEEL inspection reports.")
class Query(_Query):
    export: ExportDocument = strawberry.field(
        resolver=export_field,
        description="The graph, or a filtered part of it, as a document in an export format",
    )


def build_schema(limits: Limits | None = None) -> strawberry.Schema:
    """The schema with its request limits (depth, aliases, tokens …) as extensions."""
    return strawberry.Schema(
        query=Query,
        types=[Area, AreaAssessment, Finding, Force, Partner, Report, Statistic, Term, Theme, Unit],
        extensions=schema_extensions(limits or Limits()),
    )
