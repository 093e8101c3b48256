"""The GraphiQL playground must work with no internet: local assets only, pinned bytes."""

from __future__ import annotations

import asyncio
import base64
import enum
import hashlib
import json
import re
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
import strawberry
from starlette.applications import Starlette
from threaded_server import serving

from web.assets import ASSETS, CACHE_CONTROL, MissingAssetError, assets_app, assets_mount
from web.examples import load_examples
from web.playground import PLAYGROUND_ASSETS, playground_html

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
EXAMPLES = ROOT / "data" / "examples"
SCREENSHOT_SCRIPT = ROOT / "scripts" / "screenshot_playground.py"
CHROMIUM = Path("/usr/bin/chromium")
SVG_NAMESPACE = "http://www.w3.org/2000/svg"  # inside the favicon data: URL, never fetched

needs_node_modules = pytest.mark.skipif(
    not all((NODE_MODULES / asset.file).is_file() for asset in ASSETS.values()),
    reason="node_modules lacks the browser assets; run `npm ci --omit=dev` to test serving them",
)


class _Refs(HTMLParser):
    """Collects (url, integrity) of every src/href attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("src", "href"):
            if values.get(name):
                self.refs.append((values[name] or "", values.get("integrity")))


def _refs(html: str) -> list[tuple[str, str | None]]:
    parser = _Refs()
    parser.feed(html)
    return parser.refs


def _config(html: str) -> dict:
    match = re.search(
        r'<script type="application/json" id="playground-config">(.*?)</script>', html
    )
    assert match, "playground config script missing"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def examples() -> list[tuple[str, str]]:
    return load_examples(EXAMPLES)


@pytest.fixture(scope="module")
def html(examples: list[tuple[str, str]]) -> str:
    return playground_html(examples)


Get = Callable[..., httpx.Response]


@pytest.fixture(scope="module")
def client() -> Get:
    """GET against the assets mount in-process (httpx's ASGI transport, no TestClient)."""
    app = Starlette(routes=[assets_mount(NODE_MODULES)])

    async def fetch(url: str, headers: dict[str, str] | None) -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            return await http.get(url, headers=headers)

    def get(url: str, headers: dict[str, str] | None = None) -> httpx.Response:
        return asyncio.run(fetch(url, headers))

    return get


def test_examples_load_in_file_name_order_supervision_first(
    examples: list[tuple[str, str]],
) -> None:
    titles = [title for title, _query in examples]
    assert len(examples) == 7
    assert titles[0] == "Which causes of concern and areas for improvement involve supervision?"
    assert "findings(" in examples[0][1]
    assert '$themes: [String!] = ["supervision"]' in examples[0][1]
    assert "reports {" in examples[1][1]
    assert "grades: [INADEQUATE]" in examples[2][1]
    assert 'shortestPath(from: "SOMU", to: "ViSOR")' in examples[3][1]
    assert "search(text: $text" in examples[5][1]
    assert "status: $status" in examples[6][1] and "followUps {" in examples[6][1]


def test_example_without_title_comment_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "01-untitled.graphql").write_text("{ reports { id } }\n")
    with pytest.raises(ValueError, match="title"):
        load_examples(tmp_path)


def test_html_opens_with_example_tabs_first_example_first(
    html: str, examples: list[tuple[str, str]]
) -> None:
    config = _config(html)
    assert [tab["query"] for tab in config["tabs"]] == [query for _t, query in examples]
    assert config["endpoint"] == "/graphql"
    assert "defaultTabs" in html
    assert "GraphiQLPluginExplorer.explorerPlugin()" in html


def test_html_references_no_external_host(html: str) -> None:
    refs = _refs(html)
    assert refs, "no src/href found"
    for url, _integrity in refs:
        assert url.startswith("data:") or (url.startswith("/") and not url.startswith("//")), url
    assert re.findall(r"https?://[^\s\"'<>]+", html.replace(SVG_NAMESPACE, "")) == []
    assert "unpkg" not in html and "jsdelivr" not in html


def test_html_loads_exactly_the_playground_assets(html: str) -> None:
    local = [url.split("?")[0] for url, _ in _refs(html) if url.startswith("/assets/")]
    assert sorted(local) == sorted(f"/assets/{name}" for name in PLAYGROUND_ASSETS)


def test_config_cannot_close_its_script_element() -> None:
    html = playground_html([("evil", "# evil\n{ a } </script><script>alert(1)</script>")])
    assert "alert(1)</script>" not in html
    assert _config(html)["tabs"][0]["query"].endswith("</script><script>alert(1)</script>")


@pytest.mark.parametrize("bad", ["https://cdn.example.net", "//cdn.example", "assets", "http:/x"])
def test_external_prefixes_are_rejected(bad: str) -> None:
    with pytest.raises(ValueError, match="local path"):
        playground_html([], asset_prefix=bad)
    with pytest.raises(ValueError, match="local path"):
        playground_html([], endpoint=bad)


@needs_node_modules
def test_every_asset_url_is_served_with_its_content_type(html: str, client: Get) -> None:
    for url, _integrity in _refs(html):
        if url.startswith("data:"):
            continue
        response = client(url)
        assert response.status_code == 200, url
        expected = "text/css" if url.split("?")[0].endswith(".css") else "text/javascript"
        assert response.headers["content-type"].split(";")[0] == expected, url
        assert response.headers["cache-control"] == CACHE_CONTROL


@needs_node_modules
def test_integrity_hashes_match_served_bytes(html: str, client: Get) -> None:
    checked = 0
    for url, integrity in _refs(html):
        if url.startswith("data:"):
            continue
        assert integrity and integrity.startswith("sha384-"), f"{url} has no SRI hash"
        digest = base64.b64encode(hashlib.sha384(client(url).content).digest()).decode()
        assert integrity == f"sha384-{digest}", url
        checked += 1
    assert checked == len(PLAYGROUND_ASSETS)


@needs_node_modules
def test_cytoscape_is_served_for_the_graph_explorer(client: Get) -> None:
    response = client("/assets/cytoscape/cytoscape.min.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")


@needs_node_modules
def test_only_allow_listed_files_are_served(client: Get) -> None:
    for path in (
        "/assets/graphiql/package.json",
        "/assets/react/index.js",
        "/assets/../package.json",
        "/assets/graphiql/../react/package.json",
    ):
        assert client(path).status_code == 404, path


@needs_node_modules
def test_revalidation_with_etag_returns_304(client: Get) -> None:
    first = client("/assets/react/react.production.min.js")
    again = client(
        "/assets/react/react.production.min.js", headers={"If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304
    assert again.content == b""


def test_missing_node_modules_fails_at_startup_naming_file_and_npm_ci(tmp_path: Path) -> None:
    with pytest.raises(MissingAssetError) as excinfo:
        assets_app(tmp_path / "node_modules")
    message = str(excinfo.value)
    assert "npm ci" in message
    assert str(tmp_path / "node_modules" / next(iter(ASSETS.values())).file) in message


def test_different_file_version_fails_at_startup(tmp_path: Path) -> None:
    first = next(iter(ASSETS.values()))
    path = tmp_path / first.file
    path.parent.mkdir(parents=True)
    path.write_text("/* not react 18.2.0 */")
    with pytest.raises(MissingAssetError, match=r"sha384.*npm ci"):
        assets_app(tmp_path)


# --- browser check: the whole flow through Debian's Chromium --------------------------------


# Just enough schema for the first example query (the real schema is built elsewhere).
# Module level because strawberry resolves postponed annotations from module globals.


@strawberry.enum
class FindingKind(enum.Enum):
    CAUSE_OF_CONCERN = "cause_of_concern"
    AREA_FOR_IMPROVEMENT = "area_for_improvement"


@strawberry.input
class FindingFilter:
    kinds: list[FindingKind] | None = None
    themes: list[str] | None = None


@strawberry.type
class Area:
    name: str
    grade: str


@strawberry.type
class Theme:
    id: str


@strawberry.type
class ThemeLink:
    theme: Theme
    matched_terms: list[str]


@strawberry.type
class Source:
    line_start: int
    line_end: int


@strawberry.type
class Finding:
    kind: FindingKind
    title: str
    area: Area
    theme_links: list[ThemeLink]
    source: Source


@strawberry.type
class FindingEdge:
    node: Finding


@strawberry.type
class FindingConnection:
    total_count: int
    edges: list[FindingEdge]


@strawberry.type
class Query:
    @strawberry.field
    def findings(self, where: FindingFilter | None = None, first: int = 10) -> FindingConnection:
        node = Finding(
            kind=FindingKind.CAUSE_OF_CONCERN,
            title="Supervision of investigations needs to improve",
            area=Area(name="Investigating crime", grade="REQUIRES_IMPROVEMENT"),
            theme_links=[ThemeLink(theme=Theme(id="supervision"), matched_terms=["supervision"])],
            source=Source(line_start=10, line_end=12),
        )
        return FindingConnection(total_count=1, edges=[FindingEdge(node=node)])


STUB_SCHEMA = strawberry.Schema(Query)


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium absent (apt-get install chromium)"
)
@needs_node_modules
def test_screenshot_flow_offline(html: str, tmp_path: Path) -> None:
    pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    pytest.importorskip("uvicorn")
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, Response
    from starlette.routing import Route
    from strawberry.asgi import GraphQL

    class PlaygroundGraphQL(GraphQL):
        async def render_graphql_ide(self, request: Request) -> Response:
            return HTMLResponse(html)

    app = Starlette(
        routes=[assets_mount(NODE_MODULES), Route("/graphql", PlaygroundGraphQL(STUB_SCHEMA))]
    )
    with serving(app, lifespan="off", start_within=10) as url:
        out = tmp_path / "playground.png"
        result = subprocess.run(
            [sys.executable, str(SCREENSHOT_SCRIPT), f"{url}/graphql", str(out)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stderr or result.stdout
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 20_000


def test_screenshot_script_refuses_non_loopback_url(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(SCREENSHOT_SCRIPT),
            "https://example.org/graphql",
            str(tmp_path / "x"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "loopback" in result.stderr


def test_asset_files_are_not_copied_into_the_repository() -> None:
    """npm's files are installed, never vendored: no tracked file has an asset's hash."""
    pinned = {asset.integrity for asset in ASSETS.values()}
    tracked = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout.split()
    copies = [
        name for name in tracked
        if (ROOT / name).is_file()
        and "sha384-" + base64.b64encode(hashlib.sha384((ROOT / name).read_bytes()).digest())
        .decode() in pinned
    ]
    assert copies == []
