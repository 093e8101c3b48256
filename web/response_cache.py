"""Caches that are correct because the graph is immutable between reloads.

(Parsed and validated documents are cached per schema by ``schema.context.tune_schema``.)

:class:`ResponseCache`, an ASGI layer around the ``/graphql`` app, keeps a whole response,
keyed by (document, variables, operation name, response media type, graph version), so
a new graph version can never be answered from an old one. Only ``200`` answers without
``errors`` to queries are kept (never mutations or subscriptions, never error responses,
never responses that set cookies). When the graph version changes every entry is dropped;
an answer computed while the version changed is not stored. Bounded by entries and bytes.
GET answers carry ``ETag: W/"<graph version>"`` and honour ``If-None-Match`` with
``304 Not Modified``.
"""

from __future__ import annotations

import json
import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web.graphql_view import negotiate_media_type
from web.replay import replay

__all__ = ["ResponseCache"]

# A document naming an operation type other than query is never cached; a false
# positive (the word inside a string or a comment) only costs a cache miss.
_NOT_A_QUERY = re.compile(rb"\b(?:mutation|subscription)\b")
_ERRORS = b'"errors"'


# -- whole responses -------------------------------------------------------------------


@dataclass(frozen=True)
class _Response:
    headers: list[tuple[bytes, bytes]]
    body: bytes


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value
    return None


def _etag_matches(if_none_match: bytes, etag: bytes) -> bool:
    """Weak comparison (RFC 9110 13.1.2): ``W/`` prefixes are ignored."""
    bare = etag.removeprefix(b"W/")
    for tag in if_none_match.split(b","):
        tag = tag.strip()
        if tag == b"*" or tag.removeprefix(b"W/") == bare:
            return True
    return False


def _canonical(variables: object) -> str:
    return json.dumps(variables, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class ResponseCache:
    """Whole-response cache for the ``/graphql`` ASGI app (see the module docstring).

    ``version`` returns the live graph version (``None`` while loading: nothing is
    cached then). Bounded by entries and by bytes; least recently used first out.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        version: Callable[[], str | None],
        max_entries: int = 1024,
        max_bytes: int = 64 * 1024 * 1024,
        max_body_bytes: int = 256 * 1024,
        max_entry_bytes: int = 4 * 1024 * 1024,
    ) -> None:
        self.app = app
        self.version = version
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.max_body_bytes = max_body_bytes
        self.max_entry_bytes = max_entry_bytes
        self._entries: OrderedDict[tuple, _Response] = OrderedDict()
        self._bytes = 0
        self._version: str | None = None
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        self._entries.clear()
        self._bytes = 0

    def _store(self, key: tuple, response: _Response) -> None:
        size = len(response.body) + sum(len(k) + len(v) for k, v in response.headers)
        if size > self.max_entry_bytes:
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= len(old.body)
        self._entries[key] = response
        self._bytes += len(response.body)
        while self._entries and (
            len(self._entries) > self.max_entries or self._bytes > self.max_bytes
        ):
            _, dropped = self._entries.popitem(last=False)
            self._bytes -= len(dropped.body)

    def _current_version(self) -> str | None:
        version = self.version()
        if version != self._version:  # a new graph: nothing cached can be served
            self.clear()
            self._version = version
        return version

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope.get("method") if scope["type"] == "http" else None
        if method not in ("GET", "POST"):
            await self.app(scope, receive, send)
            return
        version = self._current_version()
        if version is None:
            await self.app(scope, receive, send)
            return
        buffered: list[Message] = []
        if method == "GET":
            request = self._get_request(scope)
        else:
            request, buffered = await self._post_request(scope, receive)
        resend = replay(buffered, receive) if buffered else receive
        if request is None:
            await self.app(scope, resend, send)
            return
        query, variables, operation = request
        media = negotiate_media_type((_header(scope, b"accept") or b"").decode("latin-1"))
        key = (query, variables, operation, media, version)
        etag = f'W/"{version}"'.encode()
        if_none_match = _header(scope, b"if-none-match") if method == "GET" else None

        cached = self._entries.get(key)
        if cached is not None:
            self._entries.move_to_end(key)
            self.hits += 1
            await self._send(send, cached, method, etag, if_none_match, b"hit")
            return
        self.misses += 1

        start: Message | None = None
        chunks: list[bytes] = []
        passthrough = False

        async def capture(message: Message) -> None:
            nonlocal start, passthrough
            if passthrough:
                await send(message)
            elif message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            else:  # anything unexpected: give up caching, forward as it comes
                passthrough = True
                if start is not None:
                    await send(start)
                for chunk in chunks:
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
                await send(message)

        await self.app(scope, resend, capture)
        if passthrough or start is None:
            return
        body = b"".join(chunks)
        headers = [(k, v) for k, v in start.get("headers", ()) if k != b"content-length"]
        response = _Response(headers, body)
        cacheable = (
            start["status"] == 200
            and _ERRORS not in body
            and not any(k == b"set-cookie" for k, _ in headers)
            and self.version() == version  # not computed across a graph swap
        )
        if cacheable:
            self._store(key, response)
            await self._send(send, response, method, etag, if_none_match, b"miss")
            return
        await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    @staticmethod
    async def _send(
        send: Send, response: _Response, method: str, etag: bytes,
        if_none_match: bytes | None, state: bytes,
    ) -> None:
        if method == "GET":
            validators = [(b"etag", etag), (b"cache-control", b"no-cache"), (b"vary", b"accept")]
            if if_none_match is not None and _etag_matches(if_none_match, etag):
                await send({"type": "http.response.start", "status": 304,
                            "headers": [*validators, (b"x-cache", state)]})
                await send({"type": "http.response.body", "body": b""})
                return
        else:
            validators = []
        headers = [
            *response.headers, *validators, (b"x-cache", state),
            (b"content-length", str(len(response.body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": response.body})

    # -- the request's key parts ---------------------------------------------------------

    @staticmethod
    def _key_parts(
        query: object, variables: object, operation: object, extensions: object = None
    ) -> tuple | None:
        if query is None:
            query = _persisted_key(extensions)  # APQ: the hash names the document
        if not isinstance(query, str) or not query or _NOT_A_QUERY.search(query.encode()):
            return None
        if variables is not None and not isinstance(variables, dict):
            return None
        if operation is not None and not isinstance(operation, str):
            return None
        if extensions is not None and not isinstance(extensions, dict):
            return None  # malformed: the view answers it (400), never the cache
        try:
            canonical = _canonical(variables or {})
            if extensions:  # rare: part of the key only when present
                canonical += _canonical(extensions)
        except (RecursionError, TypeError, ValueError):
            return None
        return query, canonical, operation or None

    def _get_request(self, scope: Scope) -> tuple | None:
        try:
            params = parse_qs(scope.get("query_string", b"").decode("utf-8"), strict_parsing=False)
        except UnicodeDecodeError:
            return None
        wanted = params.keys() & {"query", "extensions"}
        if any(len(v) != 1 for v in params.values()) or not wanted:
            return None  # no query (the IDE) or repeated parameters: let the view decide
        decoded: dict[str, object] = {}
        for name in ("variables", "extensions"):
            if name in params:
                try:
                    decoded[name] = json.loads(params[name][0])
                except (ValueError, RecursionError):
                    return None
        operation = params.get("operationName", [None])[0]
        return self._key_parts(params.get("query", [None])[0], decoded.get("variables"), operation,
                               decoded.get("extensions"))

    async def _post_request(self, scope: Scope, receive: Receive) -> tuple[tuple | None, list]:
        content_type = (_header(scope, b"content-type") or b"").split(b";")[0].strip().lower()
        length = _header(scope, b"content-length")
        if content_type != b"application/json" or (
            length is not None and (not length.isdigit() or int(length) > self.max_body_bytes)
        ):
            return None, []
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                return None, messages
            size += len(message.get("body", b""))
            if size > self.max_body_bytes:
                return None, messages  # let the limits middleware refuse it
            if not message.get("more_body", False):
                break
        body = b"".join(m.get("body", b"") for m in messages)
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            return None, messages
        if not isinstance(data, dict):
            return None, messages
        parts = self._key_parts(data.get("query"), data.get("variables"),
                                data.get("operationName"), data.get("extensions"))
        return parts, messages


def _persisted_key(extensions: object) -> str | None:
    """`sha256:<hash>` for a hash-only persisted query (the hash fixes the document, and an
    unknown hash is an error, which is never cached); None otherwise."""
    persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
    digest = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
    return f"sha256:{digest}" if isinstance(digest, str) and digest else None
