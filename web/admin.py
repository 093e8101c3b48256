"""Run-time report writes over HTTP: `POST /reports`, `DELETE /reports/{id}`, and the
`ReportWriter` behind the GraphQL mutations. Both paths share the checks below, so a token,
size or parse failure is refused the same way (and before anything changes) in each.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
from collections.abc import Iterator

import strawberry
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from graph.errors import ReportError
from schema.mutation import ReportAction, ReportChange, WriteError
from schema.types import views
from web.store import Change, Conflict, GraphStore, NoSuchReport, NotLoaded

__all__ = ["Admin", "admin_routes"]

_TRUE, _FALSE = {"true", "1", "yes"}, {"false", "0", "no", ""}


def _digest(token: str) -> bytes:
    # Hashing first makes the comparison independent of the presented token's length too.
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).digest()


class Admin:
    """Guards writes with the administrator token; `token=None` disables writing."""

    def __init__(self, store: GraphStore, *, token: str | None, max_bytes: int) -> None:
        self.store = store
        self.max_bytes = max_bytes
        self._token = _digest(token) if token else None

    def authorize(self, authorization: str | None) -> None:
        """401 without a bearer token, 403 with a wrong one or when writing is disabled."""
        if self._token is None:
            raise WriteError(403, "WRITES_DISABLED",
                             "Writing is disabled: the server has no PEEL_ADMIN_TOKEN.")
        scheme, _, presented = (authorization or "").strip().partition(" ")
        if scheme.lower() != "bearer" or not presented.strip():
            raise WriteError(401, "UNAUTHENTICATED",
                             "Writing needs an 'Authorization: Bearer <token>' header.")
        if not hmac.compare_digest(_digest(presented.strip()), self._token):
            raise WriteError(403, "FORBIDDEN", "The administrator token is not valid.")

    async def add(self, authorization: str | None, text: str | bytes,
                  replace: bool, media_type: str | None = None) -> ReportChange:
        """Bytes are any supported format (by `media_type`, else by their first bytes)."""
        self.authorize(authorization)
        size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "replace"))
        if size > self.max_bytes:
            raise _too_large(self.max_bytes)
        try:
            with _refusals():
                change = await run_in_threadpool(
                    self.store.add_report, text, replace=replace, media_type=media_type
                )
        except ReportError as exc:
            raise WriteError(400, "BAD_USER_INPUT", str(exc),
                             {"reason": exc.reason, "line": exc.line}) from exc
        return self._change(change)

    async def delete(self, authorization: str | None, report_id: str) -> ReportChange:
        self.authorize(authorization)
        with _refusals():
            change = await run_in_threadpool(self.store.delete_report, report_id)
        return self._change(change)

    def _change(self, change: Change) -> ReportChange:
        """The payload, with the report from the graph this write published."""
        index = self.store.index
        report = views(index).get(change.node_id) if index is not None else None
        return ReportChange(report_id=strawberry.ID(change.node_id),
                            action=ReportAction(change.action), graph_version=change.version,
                            report=report if change.action != "deleted" else None)

    # -- REST ----------------------------------------------------------------------------

    async def post_report(self, request: Request) -> JSONResponse:
        """`POST /reports[?replace=true]` with the report as the body: text, Markdown, HTML
        or PDF, told apart by `Content-Type` (else by the body's first bytes)."""
        authorization = request.headers.get("authorization")
        try:
            self.authorize(authorization)  # before the body is read: strangers cost nothing
            replace = _flag(request.query_params.get("replace", ""), "replace")
            body = await _read_body(request, self.max_bytes)
            change = await self.add(authorization, body, replace,
                                    request.headers.get("content-type"))
        except WriteError as exc:
            return _error(exc)
        status = 200 if change.action is ReportAction.REPLACED else 201
        return _ok(change, status)

    async def delete_report(self, request: Request) -> JSONResponse:
        """`DELETE /reports/{id}`."""
        try:
            change = await self.delete(request.headers.get("authorization"),
                                       request.path_params["id"])
        except WriteError as exc:
            return _error(exc)
        return _ok(change, 200)


def admin_routes(admin: Admin) -> list[Route]:
    return [
        Route("/reports", admin.post_report, methods=["POST"]),
        Route("/reports/{id:path}", admin.delete_report, methods=["DELETE"]),
    ]


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, refused as soon as it passes `limit` (a lying Content-Length included)."""
    declared = request.headers.get("content-length")
    if declared is not None and not declared.isdigit():
        raise WriteError(400, "BAD_REQUEST", "Invalid Content-Length header.")
    if declared is not None and int(declared) > limit:
        raise _too_large(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _flag(value: str, name: str) -> bool:
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise WriteError(400, "BAD_REQUEST", f"{name} must be true or false (got {value!r}).")


def _too_large(limit: int) -> WriteError:
    return WriteError(413, "PAYLOAD_TOO_LARGE", f"The report exceeds {limit} bytes.")


@contextlib.contextmanager
def _refusals() -> Iterator[None]:
    """The store's refusals as the HTTP status and code both write paths answer with."""
    try:
        yield
    except Conflict as exc:
        raise WriteError(409, "CONFLICT", str(exc)) from exc
    except NoSuchReport as exc:
        raise WriteError(404, "NOT_FOUND", str(exc)) from exc
    except NotLoaded as exc:
        raise WriteError(503, "NOT_READY", str(exc)) from exc
    except OSError as exc:
        raise _not_saved(exc) from exc


def _not_saved(exc: OSError) -> WriteError:
    return WriteError(500, "WRITE_FAILED", f"The change could not be saved ({exc.strerror});"
                      " the live graph is unchanged.")


def _ok(change: ReportChange, status: int) -> JSONResponse:
    return JSONResponse({"id": change.report_id, "action": change.action.value,
                         "graphVersion": change.graph_version}, status_code=status)


def _error(exc: WriteError) -> JSONResponse:
    headers = {"www-authenticate": 'Bearer realm="peel-graph"'} if exc.status == 401 else {}
    if exc.status == 413:
        headers["connection"] = "close"  # the unread remainder of the body is dropped
    body = {"errors": [{"message": exc.message,
                        "extensions": {"code": exc.code, **exc.extensions}}]}
    return JSONResponse(body, status_code=exc.status, headers=headers)
