"""The graphql-transport-ws handler, held to the server's trusted documents."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)

from web.persisted import sha256

__all__ = ["TrustedTransportWSHandler"]


class TrustedTransportWSHandler(BaseGraphQLTransportWSHandler):
    """graphql-transport-ws, holding its documents to the server's trusted documents as the
    HTTP layer (``web.persisted``) holds requests: WebSocket messages never pass there."""

    async def handle_subscribe(self, message: Any) -> None:
        trusted = getattr(self.view, "trusted_documents", None)
        query = (message.get("payload") or {}).get("query")
        if (trusted is not None and self.connection_acknowledged
                and (not isinstance(query, str) or sha256(query) not in trusted)):
            error = GraphQLError("This server runs only trusted documents.",
                                 extensions={"code": "PERSISTED_QUERY_NOT_ALLOWED"})
            await self.send_message(
                {"id": message["id"], "type": "error", "payload": [error.formatted]}
            )
            return
        await super().handle_subscribe(message)
