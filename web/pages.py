"""What the server's own pages share: their static files, headers and template filling.

``/explore`` and ``/compare`` are static HTML plus a script and stylesheet of their own from
``web/static/``, read once at startup (a bad install fails then, not as a blank page), each
served under a hashed URL with its SRI hash, behind one Content-Security-Policy.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from web.assets import CACHE_CONTROL

__all__ = [
    "CSP",
    "PAGE_HEADERS",
    "SHARED_STATIC",
    "STATIC_DIR",
    "STATIC_PREFIX",
    "StaticFile",
    "file_markers",
    "fill",
    "json_for_script",
    "page_route",
    "static_files",
    "static_routes",
]

STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_PREFIX = "/explore/static"

# Only this server: no CDN, no inline script or style (the config block is JSON, not run).
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-cache",
}

SHARED_STATIC: tuple[str, ...] = ("page.css", "page.js")
"""What every page loads before its own files (web/static/page.*)."""

_MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


@dataclass(frozen=True)
class StaticFile:
    """One of a page's own files, read at startup; ``?v=`` is its hash, so cache forever."""

    name: str
    media_type: str
    body: bytes

    @property
    def integrity(self) -> str:
        return "sha384-" + base64.b64encode(hashlib.sha384(self.body).digest()).decode()

    @property
    def url(self) -> str:
        return f"{STATIC_PREFIX}/{self.name}?v={hashlib.sha256(self.body).hexdigest()[:12]}"


def static_files(static_dir: Path, names: tuple[str, ...]) -> dict[str, StaticFile]:
    return {
        name: StaticFile(name, _MEDIA_TYPES[(static_dir / name).suffix],
                         (static_dir / name).read_bytes())
        for name in names
    }


def file_markers(static: Mapping[str, StaticFile], css: str, js: str) -> dict[str, str]:
    """Template markers for the shared files (``__PAGE_CSS_URL__`` … ``__PAGE_JS_SRI__``) and
    the page's own stylesheet and script (``__CSS_URL__`` … ``__JS_SRI__``)."""
    files = {"PAGE_CSS": "page.css", "PAGE_JS": "page.js", "CSS": css, "JS": js}
    markers = {}
    for marker, name in files.items():
        markers[f"__{marker}_URL__"] = escape(static[name].url)
        markers[f"__{marker}_SRI__"] = static[name].integrity
    return markers


def json_for_script(value: object) -> str:
    """JSON that cannot close the ``<script>`` element it is embedded in."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def fill(template: str, replacements: Mapping[str, str]) -> str:
    """The template with each ``__MARKER__`` replaced (values already escaped for their place)."""
    for marker, value in replacements.items():
        template = template.replace(marker, value)
    return template


def page_route(path: str, html: str) -> Route:
    async def page(request: Request) -> Response:
        return HTMLResponse(html, headers=PAGE_HEADERS)

    return Route(path, page, methods=["GET", "HEAD"])


def _static(file: StaticFile) -> Callable[[Request], Awaitable[Response]]:
    etag = f'"{file.integrity}"'
    headers = {"Cache-Control": CACHE_CONTROL, "ETag": etag, "X-Content-Type-Options": "nosniff"}

    async def serve(request: Request) -> Response:
        if etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
        return Response(file.body, media_type=file.media_type, headers=headers)

    return serve


def static_routes(files: Mapping[str, StaticFile]) -> list[Route]:
    return [
        Route(f"{STATIC_PREFIX}/{f.name}", _static(f), methods=["GET", "HEAD"])
        for f in files.values()
    ]
