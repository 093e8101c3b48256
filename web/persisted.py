"""Persisted queries: Apollo's automatic persisted queries (APQ), and trusted documents.

APQ saves sending a document the server has seen: a request may carry
``extensions.persistedQuery = {version: 1, sha256Hash}`` and no ``query``.

- A hash alone answers from the stored document, or ``PERSISTED_QUERY_NOT_FOUND``, on
  which the client (Apollo's ``PersistedQueryLink``) retries with the document.
- A hash with its document is checked (a mismatch is a 400) and the document stored, in
  a bounded least-recently-used store, so a client cannot grow it without limit.
- GET works with the hash alone, so a cache or CDN can serve a short, stable URL.

With *trusted documents* (an allowlist file, see ``scripts/trusted_documents.py``) the
server runs only the documents in the list: a hash from the list, or a document whose
hash is in it; anything else is ``PERSISTED_QUERY_NOT_ALLOWED``.

This layer sits inside the request-size limits (they apply to what the client sent) and
in front of the GraphQL view, to which it hands an ordinary request with its ``query``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web.replay import replay

__all__ = ["PersistedQueries", "QueryStore", "load_trusted_documents", "sha256"]

_HASH = re.compile(r"[0-9a-f]{64}")
GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"


def sha256(document: str) -> str:
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


class QueryStore:
    """Documents by their SHA-256, the least recently used dropped past `max_entries`
    documents or `max_chars` characters in all (so a client sending large documents cannot
    make it hold more than that either)."""

    def __init__(self, max_entries: int = 1000, max_chars: int = 4_000_000) -> None:
        self.max_entries, self.max_chars = max_entries, max_chars
        self._documents: OrderedDict[str, str] = OrderedDict()
        self._chars = 0

    def __len__(self) -> int:
        return len(self._documents)

    @property
    def chars(self) -> int:
        return self._chars

    def get(self, digest: str) -> str | None:
        document = self._documents.get(digest)
        if document is not None:
            self._documents.move_to_end(digest)
        return document

    def put(self, digest: str, document: str) -> None:
        if len(document) > self.max_chars or digest in self._documents:
            if digest in self._documents:
                self._documents.move_to_end(digest)
            return
        self._documents[digest] = document
        self._chars += len(document)
        while len(self._documents) > self.max_entries or self._chars > self.max_chars:
            _, dropped = self._documents.popitem(last=False)
            self._chars -= len(dropped)


def load_trusted_documents(path: Path) -> dict[str, str]:
    """The allowlist: a JSON object of SHA-256 → document, each hash checked."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: not a readable JSON allowlist ({exc})") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected an object of sha256 -> document")
    for digest, document in data.items():
        if not isinstance(document, str) or sha256(document) != digest:
            raise ValueError(f"{path}: entry {digest[:16]}… is not its document's SHA-256")
    return data


class _Refusal(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class PersistedQueries:
    """ASGI layer: resolves persisted-query hashes into documents before the view."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        store: QueryStore | None = None,
        trusted: Mapping[str, str] | None = None,
    ) -> None:
        self.app = app
        self.store = store if store is not None else QueryStore()
        self.trusted = trusted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope.get("method") if scope["type"] == "http" else None
        try:
            if method in ("GET", "HEAD"):
                scope = self._get(scope)
            elif method == "POST" and _is_json(scope):
                scope, receive = await self._post(scope, receive)
        except _Refusal as exc:
            await _refuse(scope, exc)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    # -- the two ways a request arrives -----------------------------------------------

    def _get(self, scope: Scope) -> Scope:
        try:
            params = parse_qsl(scope.get("query_string", b"").decode("utf-8"),
                               keep_blank_values=True)
        except UnicodeDecodeError:
            return scope  # the view answers 400
        names = [name for name, _ in params]
        if "extensions" not in names and "query" not in names:
            return scope  # the playground, HEAD: nothing to resolve
        values = dict(params)
        if len(values) != len(params):
            return scope  # repeated parameters: the view refuses them
        try:
            extensions = json.loads(values["extensions"]) if "extensions" in values else None
        except (ValueError, RecursionError):
            return scope
        query = self._resolve(values.get("query"), extensions)
        if query is None or query == values.get("query"):
            return scope
        values["query"] = query
        return {**scope, "query_string": urlencode(values).encode()}

    async def _post(self, scope: Scope, receive: Receive) -> tuple[Scope, Receive]:
        messages: list[Message] = []
        while True:  # the size limit outside this layer bounds what is read here
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request" or not message.get("more_body", False):
                break
        body = b"".join(m.get("body", b"") for m in messages)
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            return scope, replay(messages, receive)
        if not isinstance(data, dict):
            return scope, replay(messages, receive)
        query = self._resolve(data.get("query"), data.get("extensions"))
        if query is None or query == data.get("query"):
            return scope, replay(messages, receive)
        data["query"] = query
        new_body = json.dumps(data).encode()
        headers = [(k, v) for k, v in scope.get("headers", ()) if k != b"content-length"]
        headers.append((b"content-length", str(len(new_body)).encode()))
        replayed = [{"type": "http.request", "body": new_body, "more_body": False}]
        return {**scope, "headers": headers}, replay(replayed, receive)

    # -- the rules ----------------------------------------------------------------------

    def _resolve(self, query: object, extensions: object) -> str | None:
        """The document to run (None: leave the request as it is, for the view to judge)."""
        persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
        if persisted is None:
            if (self.trusted is not None and isinstance(query, str)
                    and sha256(query) not in self.trusted):
                raise _Refusal(400, "PERSISTED_QUERY_NOT_ALLOWED",
                               "This server runs only trusted documents: send the hash "
                               "of a document from its allowlist.")
            return None
        digest = _hash_of(persisted)
        if isinstance(query, str):
            if sha256(query) != digest:
                raise _Refusal(400, "BAD_REQUEST", "extensions.persistedQuery.sha256Hash is "
                               "not the SHA-256 of the query sent with it.")
            if self.trusted is not None:
                if digest not in self.trusted:
                    raise _Refusal(400, "PERSISTED_QUERY_NOT_ALLOWED",
                                   "This document is not in the server's trusted documents.")
            else:
                self.store.put(digest, query)
            return query
        if query is not None:
            return None  # a query that is not a string: the view answers 400
        document = (self.trusted or {}).get(digest) if self.trusted is not None else (
            self.store.get(digest))
        if document is None:
            if self.trusted is not None:
                raise _Refusal(400, "PERSISTED_QUERY_NOT_ALLOWED",
                               "No trusted document has this hash.")
            raise _Refusal(200, "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound")
        return document


def _hash_of(persisted: object) -> str:
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        raise _Refusal(400, "BAD_REQUEST",
                       "extensions.persistedQuery must be {version: 1, sha256Hash}.")
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str) or not _HASH.fullmatch(digest):
        raise _Refusal(400, "BAD_REQUEST",
                       "extensions.persistedQuery.sha256Hash must be 64 lower-case hex digits.")
    return digest


def _is_json(scope: Scope) -> bool:
    for key, value in scope.get("headers", ()):
        if key == b"content-type":
            return value.split(b";")[0].strip().lower() == b"application/json"
    return False


def _refuse(scope: Scope, refusal: _Refusal) -> Response:
    """A request error in the spec's shape: with `application/graphql-response+json` a 4xx
    (so PERSISTED_QUERY_NOT_FOUND is 400 there, as the spec has request errors), and with
    plain JSON 200 for not-found (what Apollo's link expects) and the status otherwise."""
    accept = b""
    for key, value in scope.get("headers", ()):
        if key == b"accept":
            accept = value
    wants_spec = GRAPHQL_RESPONSE_JSON.encode() in accept.lower()
    status = 400 if wants_spec and refusal.status == 200 else refusal.status
    media = GRAPHQL_RESPONSE_JSON if wants_spec else "application/json"
    body = {"errors": [{"message": refusal.message, "extensions": {"code": refusal.code}}]}
    return Response(json.dumps(body), status_code=status, media_type=f"{media}; charset=utf-8",
                    headers={"cache-control": "no-store"})
