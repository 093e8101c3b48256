"""The Subscription root: live frontends learn when the graph changes.

The schema knows nothing of sockets: the HTTP layer puts the event source (an object with
an async `subscribe()` yielding `web.events.GraphEvent`s: `.version`, `.reports` and the
new graph's `.index`) in
`Context.extra["events"]`. Without one (writes are off, so the graph does not change at
run time) subscribing answers SUBSCRIPTIONS_DISABLED.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

import strawberry
from graphql import GraphQLError

from .context import Info
from .mutation import ReportAction, ReportChange
from .types import views

__all__ = ["GraphChange", "Subscription", "SubscriptionRefused"]


class SubscriptionRefused(Exception):
    """Raised by an event source that will not take another subscriber."""


@strawberry.type(description="A new graph version and what happened to which reports.")
class GraphChange:
    graph_version: str = strawberry.field(description="The version readers now see")
    reports: list[ReportChange] = strawberry.field(
        description="Each report added, replaced or deleted by the change"
    )


async def _chain(first: Any, rest: AsyncIterator[Any]) -> AsyncIterator[Any]:
    yield first
    async for item in rest:
        yield item


@strawberry.type(description="Live updates (graphql-transport-ws over WebSocket at /graphql).")
class Subscription:
    @strawberry.subscription(description="An event after each change to the report set "
                             "(a report added, replaced or deleted); only on servers that "
                             "accept writes")
    async def graph_changed(self, info: Info) -> AsyncGenerator[GraphChange, None]:
        events = info.context.extra.get("events")
        if events is None:
            raise GraphQLError("Subscriptions are off: this server accepts no writes, so "
                               "its graph does not change.",
                               extensions={"code": "SUBSCRIPTIONS_DISABLED"})
        stream = events.subscribe()
        try:
            first = await anext(stream)
        except SubscriptionRefused as exc:  # e.g. the server's cap on subscriptions
            raise GraphQLError(str(exc), extensions={"code": "TOO_MANY_SUBSCRIPTIONS"}) from None
        async for event in _chain(first, stream):
            objects = views(event.index)
            yield GraphChange(
                graph_version=event.version,
                reports=[
                    ReportChange(report_id=strawberry.ID(node), action=ReportAction(action),
                                 graph_version=event.version,
                                 report=objects.get(node) if action != "deleted" else None)
                    for node, action in event.reports
                ],
            )


