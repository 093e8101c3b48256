"""GraphQL over HTTP: Strawberry's ASGI view, made to follow the GraphQL-over-HTTP spec.

What changes from ``strawberry.asgi.GraphQL`` and why:

- Content negotiation: a client that accepts ``application/graphql-response+json``
  gets it, and a request error (parse, validation, variable coercion) is then a 400
  without a ``data`` entry. Clients accepting only ``application/json`` keep getting
  200, as the spec requires for them; ``data`` is omitted there too, since execution
  never started.
- Bad input is a 4xx, never a 500: invalid UTF-8, JSON nested deeper than
  ``Limits.max_json_depth`` (Strawberry answers 500 for both), POST without a JSON
  content type (415), GET with a mutation (405), batches (400).
- Errors raised by the HTTP layer are JSON ``{"errors": [...]}`` with a code, not text.
- Body and URL size are capped by :class:`RequestLimitsMiddleware`, applied by
  :func:`make_graphql_app`.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any
from urllib.parse import unquote_to_bytes

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import MissingQueryError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.parse_content_type import parse_content_type
from strawberry.schema import BaseSchema
from strawberry.schema.exceptions import (
    CannotGetOperationTypeError,
    InvalidOperationTypeError,
)
from strawberry.subscriptions import GRAPHQL_SSE_PROTOCOL, GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from schema.limits import ErrorPolicy, Limits
from web.limits_middleware import (
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_MAX_URL_BYTES,
    RequestLimitsMiddleware,
)
from web.persisted import PersistedQueries, QueryStore
from web.ws_handler import TrustedTransportWSHandler

__all__ = [
    "GRAPHQL_RESPONSE_JSON",
    "JSON",
    "ContextGetter",
    "GraphQLView",
    "make_graphql_app",
    "negotiate_media_type",
]

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"
ContextGetter = Callable[[Request, Response], Any]
"""``(request, response) -> context``; may be async. ``response`` is the sub-response
whose headers, cookies and status a resolver may set."""

_SUB_RESPONSE = "peel.graphql.sub_response"
_BODY_KEYS = frozenset({"query", "variables", "operationName", "extensions"})
_POST_OPERATIONS = OperationType.from_http("POST") - {OperationType.SUBSCRIPTION}
_CODES = {
    400: "BAD_REQUEST",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    415: "UNSUPPORTED_MEDIA_TYPE",
}


class _HTTPError(HTTPException):
    """An HTTPException that also carries response headers (e.g. ``Allow``)."""

    def __init__(self, status_code: int, reason: str, headers: Mapping[str, str]) -> None:
        super().__init__(status_code, reason)
        self.headers = dict(headers)


def negotiate_media_type(accept: str | None) -> str:
    """The response media type for an ``Accept`` header: highest q wins, then order.

    Wildcards and a missing header mean ``application/json`` (the spec's legacy
    default); a header naming neither type also gets JSON rather than a 406.
    """
    best, best_q = JSON, 0.0
    for part in (accept or "").split(","):
        media, *params = (p.strip() for p in part.split(";"))
        media = media.lower()
        if media == GRAPHQL_RESPONSE_JSON:
            candidate = GRAPHQL_RESPONSE_JSON
        elif media in (JSON, "application/*", "*/*"):
            candidate = JSON
        else:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > best_q:
            best, best_q = candidate, q
    return best


def _is_request_error(result: ExecutionResult) -> bool:
    """Parse, validation and coercion errors come without data and without a path."""
    errors = result.errors or []
    return result.data is None and bool(errors) and all(e.path is None for e in errors)


def _json_too_deep(value: object, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _check_query_string(scope: Scope) -> None:
    try:
        unquote_to_bytes(scope.get("query_string", b"").replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPException(400, "The query string is not valid UTF-8.") from exc


class GraphQLView(GraphQL):
    """Strawberry's ASGI view with spec status codes, strict input and JSON errors."""

    graphql_transport_ws_handler_class = TrustedTransportWSHandler

    def __init__(
        self,
        schema: BaseSchema,
        *,
        limits: Limits,
        context_getter: ContextGetter | None = None,
        graphiql_html: str | None = None,
        subscriptions: bool = False,
        max_subscriptions: int = 10,
        allowed_origins: Sequence[str] = (),
        trusted_documents: Mapping[str, str] | None = None,
    ) -> None:
        self.trusted_documents = trusted_documents
        super().__init__(
            schema,
            # graphql-transport-ws over WebSocket, and GraphQL over SSE, only when the
            # server's graph can change (writes on); the legacy graphql-ws protocol never.
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_SSE_PROTOCOL)
            if subscriptions else (),
            multipart_uploads_enabled=False,
            max_subscriptions_per_connection=max_subscriptions,
            allowed_origins=allowed_origins,
        )
        self.limits = limits
        self._context_getter = context_getter
        self._graphiql_html = graphiql_html

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        if scope["method"] == "HEAD":
            await self(_as_get(scope), receive, _without_body(send))
            return
        request = Request(scope, receive=receive)
        try:
            _check_query_string(scope)
            response = await self._planned(request) or await self.run(request)
        except HTTPException as exc:
            response = self._error_response(request, exc)
        await response(scope, receive, send)

    async def _planned(self, request: Request) -> Response | None:
        """The answer to a plain JSON POST whose query the schema answers from its plan
        without error (``schema.compiled``), built as the full path builds it: the same
        context, sub-response, result processing and encoding. ``None`` for anything else
        (then Strawberry's full path runs, with every check and status code of its own);
        nothing here can run a mutation, so falling back never repeats a write."""
        compiled = getattr(self.schema, "compiled", None)
        if compiled is None or request.method != "POST":
            return None
        content_type, _ = parse_content_type(request.headers.get("content-type", ""))
        accept = request.headers.get("accept", "")
        if content_type != JSON or "multipart/" in accept or "text/event-stream" in accept:
            return None  # streaming transports are Strawberry's to negotiate
        try:
            data = self.decode_json(await request.body())
        except (HTTPException, ValueError):
            return None
        if not isinstance(data, dict) or not data.keys() <= _BODY_KEYS:
            return None
        query, variables = data.get("query"), data.get("variables")
        name, extensions = data.get("operationName"), data.get("extensions")
        limit = self.limits.max_json_depth
        if (
            not isinstance(query, str)
            or not isinstance(variables, dict | None)
            or not isinstance(name, str | None)
            or not isinstance(extensions, dict | None)
            or _json_too_deep(variables, limit)
            or _json_too_deep(extensions, limit)
        ):
            return None
        sub_response = await self.get_sub_response(request)
        context = await self.get_context(request, sub_response)
        root_value = await self.get_root_value(request)
        result = compiled.execute(
            query, variables, context, root_value, name, _POST_OPERATIONS, extensions
        )
        if result is None:
            return None
        return self.create_response(await self.process_result(request, result), sub_response)

    def _error_response(self, request: Request, exc: HTTPException) -> Response:
        code = _CODES.get(exc.status_code, "BAD_REQUEST")
        body = {"errors": [{"message": exc.reason, "extensions": {"code": code}}]}
        headers = getattr(exc, "headers", None) or {}
        if exc.status_code == 405 and "allow" not in headers:
            headers = {**headers, "allow": "GET, POST"}
        media = negotiate_media_type(request.headers.get("accept"))
        return Response(
            self.encode_json(body),
            status_code=exc.status_code,
            headers=headers,
            media_type=f"{media}; charset=utf-8",
        )

    # -- request parsing -------------------------------------------------------------

    def decode_json(self, data: str | bytes) -> object:
        try:
            text = data.decode("utf-8") if isinstance(data, bytes) else data
            return json.loads(text)
        except UnicodeDecodeError as exc:
            raise HTTPException(400, "The request body is not valid UTF-8.") from exc
        except RecursionError as exc:
            raise HTTPException(400, "The JSON is nested too deeply.") from exc

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        if request.method == "POST":
            content_type, _ = parse_content_type(request.content_type or "")
            if content_type != JSON:
                raise HTTPException(415, "POST requests must use Content-Type application/json.")
        data = await super().parse_http_body(request)
        if isinstance(data, list):
            raise HTTPException(400, "Batched requests are not supported.")
        limit = self.limits.max_json_depth
        if _json_too_deep(data.variables, limit) or _json_too_deep(data.extensions, limit):
            raise HTTPException(400, f"variables/extensions are nested deeper than {limit}.")
        return data

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Any,
        root_value: Any,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """Strawberry's, but a subscription needs a streaming transport (WebSocket, SSE):
        in a plain request it is a 400 naming the transports, not an internal error."""
        method = request_adapter.method
        allowed = OperationType.from_http(method) - {OperationType.SUBSCRIPTION}
        try:
            return await self.schema.execute(
                request_data.query,
                root_value=root_value,
                variable_values=request_data.variables,
                context_value=context,
                operation_name=request_data.operation_name,
                allowed_operation_types=allowed,
                operation_extensions=request_data.extensions,
            )
        except CannotGetOperationTypeError as exc:
            raise HTTPException(400, exc.as_http_error_reason()) from exc
        except InvalidOperationTypeError as exc:
            if exc.operation_type is OperationType.SUBSCRIPTION and not self.protocols:
                raise HTTPException(400, "Subscriptions are off: this server accepts no "
                                    "writes, so its graph does not change.") from exc
            if exc.operation_type is OperationType.SUBSCRIPTION:
                raise HTTPException(400, "Subscriptions need a streaming transport: "
                                    "graphql-transport-ws over WebSocket, or GraphQL over "
                                    "SSE (Accept: text/event-stream).") from exc
            if method == "GET":  # the spec: a mutation over GET is 405 Method Not Allowed
                raise _HTTPError(405, exc.as_http_error_reason(method),
                                 {"allow": "POST"}) from exc
            raise HTTPException(400, exc.as_http_error_reason(method)) from exc
        except MissingQueryError as exc:
            raise HTTPException(400, "No GraphQL query found in the request") from exc

    # -- responses -------------------------------------------------------------------

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        sub_response.media_type = negotiate_media_type(request.headers.get("accept"))
        request.scope[_SUB_RESPONSE] = sub_response
        return sub_response

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Any:
        if self._context_getter is None:
            return await super().get_context(request, response)
        context = self._context_getter(request, response)
        return await context if inspect.isawaitable(context) else context

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        data = await super().process_result(request, result)
        if _is_request_error(result):
            data.pop("data", None)
            sub_response = request.scope.get(_SUB_RESPONSE)
            if sub_response is not None and sub_response.media_type == GRAPHQL_RESPONSE_JSON:
                sub_response.status_code = 500 if _has_internal_error(result) else 400
        return data

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        response.headers["content-type"] = f"{sub_response.media_type or JSON}; charset=utf-8"
        return response

    async def render_graphql_ide(self, request: Request) -> Response:
        if self._graphiql_html is not None:
            return HTMLResponse(self._graphiql_html)
        return await super().render_graphql_ide(request)


def _as_get(scope: Scope) -> Scope:
    return {**scope, "method": "GET"}


def _without_body(send: Send) -> Send:
    """HEAD: GET's status and headers (its Content-Length included), no body."""

    sent_body = False

    async def head(message: Message) -> None:
        nonlocal sent_body
        if message["type"] == "http.response.body":
            if sent_body:
                return
            sent_body = True
            message = {"type": "http.response.body", "body": b"", "more_body": False}
        await send(message)

    return head


def _has_internal_error(result: ExecutionResult) -> bool:
    return any(
        (error.extensions or {}).get("code") == "INTERNAL_SERVER_ERROR"
        for error in result.errors or ()
        if isinstance(error, GraphQLError)
    )


def _has_error_policy(schema: BaseSchema) -> bool:
    extensions = getattr(schema, "extensions", ())
    return any(getattr(ext, "func", ext) is ErrorPolicy for ext in extensions)


def make_graphql_app(
    schema: BaseSchema,
    *,
    limits: Limits | None = None,
    context_getter: ContextGetter | Callable[[Request, Response], Awaitable[Any]] | None = None,
    graphiql_html: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    max_url_bytes: int = DEFAULT_MAX_URL_BYTES,
    persisted_queries: int = 1000,
    trusted_documents: Mapping[str, str] | None = None,
    subscriptions: bool = False,
    max_subscriptions: int = 10,
    allowed_origins: Sequence[str] = (),
) -> ASGIApp:
    """The ``/graphql`` ASGI app: the view wrapped in the body/URL size limits.

    Mount it with ``Route("/graphql", make_graphql_app(...))``. ``schema`` must be built
    with ``extensions=schema_extensions(limits)``: without them no document limit
    applies, so this refuses to start rather than serve unguarded.
    ``graphiql_html`` is served to browsers (GET, no ``query``, accepting text/html).
    Automatic persisted queries keep up to ``persisted_queries`` documents; with
    ``trusted_documents`` (hash → document) only those documents run.
    """
    if not _has_error_policy(schema):
        raise ValueError(
            "The schema has no request limits: build it with "
            "strawberry.Schema(..., extensions=schema_extensions(limits))."
        )
    view = GraphQLView(
        schema,
        limits=limits or Limits(),
        context_getter=context_getter,
        graphiql_html=graphiql_html,
        subscriptions=subscriptions,
        max_subscriptions=max_subscriptions,
        allowed_origins=allowed_origins,
        trusted_documents=trusted_documents,
    )
    persisted = PersistedQueries(view, store=QueryStore(persisted_queries),
                                 trusted=trusted_documents)
    return RequestLimitsMiddleware(persisted, max_body_bytes=max_body_bytes,
                                   max_url_bytes=max_url_bytes)
