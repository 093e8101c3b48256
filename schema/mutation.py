"""The Mutation root: adding and deleting reports at run time, for administrators only.

The schema knows nothing of tokens or files: the HTTP layer puts a `ReportWriter` in
`Context.extra["writer"]`, which checks the request's `Authorization` header and does the
write. Without one, every mutation answers WRITES_DISABLED.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Protocol

import strawberry
from graphql import GraphQLError

from .context import Info
from .types import Report

__all__ = ["Mutation", "ReportAction", "ReportChange", "ReportWriter", "WriteError"]


class WriteError(Exception):
    """A refused write: the HTTP status for REST, the `code` for GraphQL, a readable message."""

    def __init__(
        self, status: int, code: str, message: str, extensions: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.extensions = extensions or {}

    def graphql_error(self) -> GraphQLError:
        return GraphQLError(self.message, extensions={"code": self.code, **self.extensions})


@strawberry.enum(description="What a write did to a report.")
class ReportAction(Enum):
    ADDED = "added"
    REPLACED = "replaced"
    DELETED = "deleted"


@strawberry.type(
    description="What a write did to one report. Not an entity (no `id`): the report itself "
    "is `report`, so a client's cache updates the Report it already holds."
)
class ReportChange:
    report_id: strawberry.ID = strawberry.field(description="The report's node id")
    action: ReportAction = strawberry.field(description="What was done")
    graph_version: str = strawberry.field(description="The version readers now see")
    report: Report | None = strawberry.field(
        default=None, description="The report as it now is (null once deleted)"
    )


class ReportWriter(Protocol):
    """Authorises and performs writes; raises `WriteError` for anything refused."""

    async def add(self, authorization: str | None, text: str, replace: bool) -> ReportChange: ...

    async def delete(self, authorization: str | None, report_id: str) -> ReportChange: ...


def _writer(info: Info) -> ReportWriter:
    writer = info.context.extra.get("writer")
    if writer is None:
        raise GraphQLError("Writing is disabled on this server.",
                           extensions={"code": "WRITES_DISABLED"})
    return writer


def _authorization(info: Info) -> str | None:
    request = info.context.request
    return request.headers.get("authorization") if request is not None else None


@strawberry.type(description="Changes to the report set (needs `Authorization: Bearer <token>`).")
class Mutation:
    @strawberry.mutation(description="Add a report from its text; replace the loaded report "
                         "for the same force and cycle only when `replace` is true")
    async def add_report(self, info: Info, text: str, replace: bool = False) -> ReportChange:
        try:
            return await _writer(info).add(_authorization(info), text, replace)
        except WriteError as exc:
            raise exc.graphql_error() from None

    @strawberry.mutation(description="Delete a report by id (`report:…` or the bare id)")
    async def delete_report(self, info: Info, id: strawberry.ID) -> ReportChange:
        try:
            return await _writer(info).delete(_authorization(info), str(id))
        except WriteError as exc:
            raise exc.graphql_error() from None
