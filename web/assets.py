"""Serve the browser assets (GraphiQL, React, Cytoscape) from ``node_modules``.

Police networks block CDNs, so the playground must load every script and
stylesheet from this server. Only an explicit allow-list of files is exposed
(never the whole ``node_modules`` tree), and each file is checked against its
pinned SRI hash at startup: a missing or different file is a deployment error
that should stop the server with a message saying what to do, not a blank
page in the browser.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route, Router
from starlette.types import ASGIApp

__all__ = [
    "ASSETS",
    "CACHE_CONTROL",
    "Asset",
    "MissingAssetError",
    "asset_url",
    "assets_app",
    "assets_mount",
]

# The files never change at a given URL + ``?v=`` (see ``asset_url``), so let
# browsers and proxies keep them for a year without revalidating.
CACHE_CONTROL = "public, max-age=31536000, immutable"

_JS = "text/javascript; charset=utf-8"
_CSS = "text/css; charset=utf-8"


@dataclass(frozen=True, slots=True)
class Asset:
    """One allow-listed file: where it lives in node_modules and how to serve it."""

    package: str
    version: str
    file: str
    """Path relative to ``node_modules``."""
    media_type: str
    integrity: str
    """Subresource Integrity value (``sha384-...``) of the pinned npm file."""

    @property
    def sri_digest(self) -> bytes:
        return base64.b64decode(self.integrity.removeprefix("sha384-"))


def _asset(package: str, version: str, file: str, media_type: str, integrity: str) -> Asset:
    return Asset(package, version, f"{package}/{file}", media_type, integrity)


# URL path (below the mount) -> file. The URLs are stable across versions; the
# integrity values are those in Strawberry's graphiql.html (the npm files are
# byte-identical to the unpkg copies), plus cytoscape's for the graph explorer.
# Versions must match the exact pins in package.json.
ASSETS: Mapping[str, Asset] = MappingProxyType(
    {
        "react/react.production.min.js": _asset(
            "react",
            "18.2.0",
            "umd/react.production.min.js",
            _JS,
            "sha384-tMH8h3BGESGckSAVGZ82T9n90ztNXxvdwvdM6UoR56cYcf+0iGXBliJ29D+wZ/x8",
        ),
        "react-dom/react-dom.production.min.js": _asset(
            "react-dom",
            "18.2.0",
            "umd/react-dom.production.min.js",
            _JS,
            "sha384-bm7MnzvK++ykSwVJ2tynSE5TRdN+xL418osEVF2DE/L/gfWHj91J2Sphe582B1Bh",
        ),
        "js-cookie/js.cookie.min.js": _asset(
            "js-cookie",
            "3.0.5",
            "dist/js.cookie.min.js",
            _JS,
            "sha384-/vxhYfM1LENRhdpZ8dwEsQn/X4VhpbEZSiU4m/FwR+PVpzar4fkEOw8FP9Y+OfQN",
        ),
        "graphiql/graphiql.min.css": _asset(
            "graphiql",
            "3.8.3",
            "graphiql.min.css",
            _CSS,
            "sha384-Mq3vbRBY71jfjQAt/DcjxUIYY33ksal4cgdRt9U/hNPvHBCaT2JfJ/PTRiPKf0aM",
        ),
        "graphiql/graphiql.min.js": _asset(
            "graphiql",
            "3.8.3",
            "graphiql.min.js",
            _JS,
            "sha384-HbRVEFG0JGJZeAHCJ9Xm2+tpknBQ7QZmNlO/DgZtkZ0aJSypT96YYGRNod99l9Ie",
        ),
        "graphiql-plugin-explorer/style.css": _asset(
            "@graphiql/plugin-explorer",
            "1.0.2",
            "dist/style.css",
            _CSS,
            "sha384-5DFJlDPW2tSATRbM8kzoP1j194jexLswuNmClWoRr2Q0x7R68JIQzPHZ02Faktwi",
        ),
        "graphiql-plugin-explorer/index.umd.js": _asset(
            "@graphiql/plugin-explorer",
            "1.0.2",
            "dist/index.umd.js",
            _JS,
            "sha384-2oonKe47vfHIZnmB6ZZ10vl7T0Y+qrHQF2cmNTaFDuPshpKqpUMGMc9jgj9MLDZ9",
        ),
        "cytoscape/cytoscape.min.js": _asset(
            "cytoscape",
            "3.34.4",
            "dist/cytoscape.min.js",
            _JS,
            "sha384-lyd1lDWZ623YSUJ/wMQH50y+T81dWKJk7ZoFdYWXQS83b0+QpW0pgdfXEnQnXL/X",
        ),
    }
)


class MissingAssetError(RuntimeError):
    """node_modules lacks an allow-listed file, or holds a different version of it."""


def asset_url(name: str, prefix: str = "/assets") -> str:
    """Local URL for ``ASSETS[name]``; ``?v=`` changes with the version to bust caches."""
    asset = ASSETS[name]
    return f"{prefix.rstrip('/')}/{name}?v={asset.version}"


def _load(node_modules: Path, asset: Asset) -> bytes:
    path = node_modules / asset.file
    hint = "run `npm ci --omit=dev` in the project root (next to package.json)"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise MissingAssetError(
            f"browser asset missing: {path} ({asset.package}@{asset.version}); {hint}"
        ) from None
    if hashlib.sha384(data).digest() != asset.sri_digest:
        raise MissingAssetError(
            f"browser asset {path} is not {asset.package}@{asset.version} "
            f"(its sha384 differs from the pinned {asset.integrity}); {hint}"
        )
    return data


def _endpoint(body: bytes, asset: Asset) -> Callable[[Request], Awaitable[Response]]:
    etag = f'"{asset.integrity}"'
    headers = {"Cache-Control": CACHE_CONTROL, "ETag": etag, "X-Content-Type-Options": "nosniff"}

    async def serve(request: Request) -> Response:
        if etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
        return Response(body, media_type=asset.media_type, headers=headers)

    return serve


def assets_app(node_modules: Path) -> ASGIApp:
    """ASGI app serving ``ASSETS`` by URL path; anything else is 404.

    The files are read and verified now (about 4.5 MB, held in memory), so a
    broken install fails at startup with ``MissingAssetError``.
    """
    routes = [
        Route(f"/{name}", _endpoint(_load(node_modules, asset), asset), methods=["GET", "HEAD"])
        for name, asset in ASSETS.items()
    ]
    return Router(routes=routes)


def assets_mount(node_modules: Path, path: str = "/assets") -> Mount:
    """``Mount`` for ``Starlette(routes=[...])``; matches ``asset_url``'s default prefix."""
    return Mount(path, app=assets_app(node_modules), name="assets")
