"""Pure ASGI middleware that caps the request body and URL size.

The body limit is enforced while the body streams in (a lying or missing
Content-Length cannot get more than ``max_body_bytes`` buffered), so an oversized
upload is refused before it is read into memory. Refusals are JSON, in the same
``{"errors": [...]}`` shape as GraphQL errors, and close the connection so the
unread remainder of the body is dropped.
"""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_MAX_URL_BYTES",
    "RequestLimitsMiddleware",
    "error_response",
]

DEFAULT_MAX_BODY_BYTES = 256 * 1024
DEFAULT_MAX_URL_BYTES = 16 * 1024


class _BodyTooLarge(Exception):
    """Raised from ``receive`` when the streamed body passes the limit."""


def error_response(status: int, code: str, message: str) -> JSONResponse:
    """A JSON error body shaped like a GraphQL request error."""
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code}}]},
        status_code=status,
        headers={"connection": "close"},
    )


class RequestLimitsMiddleware:
    """Answer 414 for long URLs and 413 for large bodies; other scopes pass through."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        max_url_bytes: int = DEFAULT_MAX_URL_BYTES,
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_url_bytes = max_url_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("raw_path") or scope["path"].encode()
        if len(path) + len(scope.get("query_string", b"")) > self.max_url_bytes:
            await self._refuse(
                414,
                "URI_TOO_LONG",
                f"URL exceeds {self.max_url_bytes} bytes.",
                scope,
                receive,
                send,
            )
            return
        declared = _content_length(scope)
        if declared is None:
            await self._refuse(
                400, "BAD_REQUEST", "Invalid Content-Length header.", scope, receive, send
            )
            return
        if declared > self.max_body_bytes:
            await self._refuse_body(scope, receive, send)
            return

        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise _BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyTooLarge:
            if not started:
                await self._refuse_body(scope, receive, send)

    async def _refuse_body(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"Request body exceeds {self.max_body_bytes} bytes."
        await self._refuse(413, "PAYLOAD_TOO_LARGE", message, scope, receive, send)

    @staticmethod
    async def _refuse(
        status: int, code: str, message: str, scope: Scope, receive: Receive, send: Send
    ) -> None:
        await error_response(status, code, message)(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    """The declared body length (0 when absent), or None when the header is malformed."""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return 0
