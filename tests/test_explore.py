"""/explore must draw the graph with no internet: local assets only, text never as HTML."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from threaded_server import serving

from graph.export import FORMATS
from graph.export.style import KIND_COLOURS
from web.assets import ASSETS
from web.explore import DEFAULT_FILTER, EXPLORE_ASSETS, explore_routes
from web.pages import CSP, STATIC_DIR

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
SCRIPT = ROOT / "scripts" / "screenshot_explore.py"
CHROMIUM = Path("/usr/bin/chromium")
SUPERVISION_FINDING = "finding:staffordshire-2021-22:managing-offenders:area-for-improvement-4"

needs_node_modules = pytest.mark.skipif(
    not all((NODE_MODULES / ASSETS[name].file).is_file() for name in EXPLORE_ASSETS),
    reason="node_modules lacks Cytoscape.js; run `npm ci --omit=dev`",
)


class _Page(HTMLParser):
    """Collects src/href references, script elements, and inline styles or handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str | None]] = []
        self.scripts: list[dict[str, str | None]] = []
        self.inline_attrs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("src", "href", "action"):
            if values.get(name):
                self.refs.append((values[name] or "", values.get("integrity")))
        if tag == "script":
            self.scripts.append(values)
        if tag == "style":
            self.inline_attrs.append("<style>")
        self.inline_attrs += [n for n, _ in attrs if n == "style" or n.startswith("on")]


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _config(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="explore-config">(.*?)</script>', html)
    assert match, "explore config script missing"
    return json.loads(match.group(1))


Get = Callable[[str], httpx.Response]


def _getter(app: Starlette) -> Get:
    """GET in-process through httpx's ASGI transport (TestClient warns under -W error)."""

    async def fetch(url: str) -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            return await http.get(url)

    return lambda url: asyncio.run(fetch(url))


@pytest.fixture(scope="module")
def page_client() -> Get:
    """Only the explorer's own routes: needs no node_modules and no graph."""
    return _getter(Starlette(routes=explore_routes()))


@pytest.fixture(scope="module")
def app_client() -> Get:
    """The whole application with its graph loaded (ASGITransport runs no lifespan)."""
    if not all((NODE_MODULES / asset.file).is_file() for asset in ASSETS.values()):
        pytest.skip("node_modules lacks the browser assets; run `npm ci --omit=dev`")
    from server import create_app

    app = create_app()
    app.state.store.load()
    return _getter(app)


@pytest.fixture(scope="module")
def html(page_client: Get) -> str:
    response = page_client("/explore")
    assert response.status_code == 200
    return response.text


# --- the page --------------------------------------------------------------------------------


def test_page_is_html_with_a_self_only_csp(page_client: Get) -> None:
    response = page_client("/explore")
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert csp == CSP
    assert "script-src 'self';" in csp and "default-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"


def test_page_references_only_local_urls(html: str) -> None:
    page = _parse(html)
    assert page.refs, "no src/href found"
    for url, _integrity in page.refs:
        assert url.startswith("data:") or (url.startswith("/") and not url.startswith("//")), url
    assert re.findall(r"https?://", html) == []
    assert "unpkg" not in html and "jsdelivr" not in html and "cdnjs" not in html


def test_page_has_no_inline_script_or_style(html: str) -> None:
    page = _parse(html)
    for script in page.scripts:
        assert script.get("src") or script.get("type") == "application/json", script
    assert page.inline_attrs == []


def test_page_loads_cytoscape_from_the_pinned_local_copy(html: str) -> None:
    scripts = {url.split("?")[0]: sri for url, sri in _parse(html).refs}
    assert scripts["/assets/cytoscape/cytoscape.min.js"] == ASSETS[EXPLORE_ASSETS[0]].integrity
    assert "/explore/static/explore.js" in scripts
    package = json.loads((ROOT / "package.json").read_text())
    assert package["dependencies"]["cytoscape"] == ASSETS[EXPLORE_ASSETS[0]].version


def test_page_config_matches_the_python_vocabularies(html: str) -> None:
    config = _config(html)
    assert [f["name"] for f in config["formats"]] == list(FORMATS)
    assert config["defaultFilter"] == DEFAULT_FILTER
    assert {k["name"]: k["colour"] for k in config["kinds"]} == KIND_COLOURS
    assert "finding_themes" in config["filterParams"] and "around" in config["filterParams"]


def test_page_says_what_the_default_view_is() -> None:
    script = (STATIC_DIR / "explore.js").read_text()
    assert "Default view (no filter in the address)" in script
    assert DEFAULT_FILTER == {
        "finding_themes": "supervision",
        "finding_kinds": "cause_of_concern,area_for_improvement",
    }


# --- its own script and stylesheet -------------------------------------------------------------


def test_own_script_and_stylesheet_are_served_with_matching_sri(
    html: str, page_client: Get
) -> None:
    checked = 0
    for url, integrity in _parse(html).refs:
        if not url.startswith("/explore/static/"):
            continue
        response = page_client(url)
        assert response.status_code == 200, url
        expected = "text/css" if ".css" in url else "text/javascript"
        assert response.headers["content-type"].split(";")[0] == expected
        digest = base64.b64encode(hashlib.sha384(response.content).digest()).decode()
        assert integrity == f"sha384-{digest}", url
        assert response.headers["cache-control"].endswith("immutable")
        checked += 1
    assert checked == 4  # page.css, explore.css, page.js, explore.js


def test_script_never_writes_html() -> None:
    script = (STATIC_DIR / "explore.js").read_text() + (STATIC_DIR / "page.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script, sink
    assert "textContent" in script
    assert re.findall(r"https?://", script) == []


def test_unknown_static_file_is_404(page_client: Get) -> None:
    assert page_client("/explore/static/../explore.py").status_code == 404
    assert page_client("/explore/static/other.js").status_code == 404


def test_missing_static_file_fails_at_startup(tmp_path: Path) -> None:
    for name in ("page.css", "page.js", "explore.css"):
        (tmp_path / name).write_bytes((STATIC_DIR / name).read_bytes())
    with pytest.raises(FileNotFoundError, match=r"explore\.js"):
        explore_routes(static_dir=tmp_path)


# --- wired into the application ---------------------------------------------------------------


@needs_node_modules
def test_app_serves_the_page_and_cytoscape(app_client: Get) -> None:
    assert app_client("/explore").status_code == 200
    response = app_client("/assets/cytoscape/cytoscape.min.js?v=3.34.4")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")


@needs_node_modules
def test_default_filter_exports_the_supervision_subgraph(app_client: Get) -> None:
    query = "&".join(f"{k}={v}" for k, v in DEFAULT_FILTER.items())
    response = app_client(f"/export/cyjs?{query}")
    assert response.status_code == 200
    nodes = {n["data"]["id"]: n["data"] for n in response.json()["elements"]["nodes"]}
    assert "theme:supervision" in nodes
    findings = [d for d in nodes.values() if d["kind"] == "finding"]
    assert findings
    assert {d["finding_kind"] for d in findings} <= {"cause_of_concern", "area_for_improvement"}
    assert SUPERVISION_FINDING in nodes


# --- the browser: offline, through Debian's Chromium -------------------------------------------


@pytest.fixture(scope="module")
def live_url() -> Iterator[str]:
    """The real application on 127.0.0.1 (random port) in a thread, lifespan and all."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium absent (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    pytest.importorskip("uvicorn")
    from server import create_app

    with serving(create_app()) as url:
        yield url


def _screenshot(url: str, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), url, str(out), *extra],
        capture_output=True, text=True, timeout=120, check=False,
    )


def test_default_view_offline_click_a_finding_shows_its_text(
    live_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "explore.png"
    result = _screenshot(f"{live_url}/explore", out, "--finding", SUPERVISION_FINDING)
    assert result.returncode == 0, result.stderr or result.stdout
    assert "no non-local requests" in result.stdout
    assert SUPERVISION_FINDING in result.stdout
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 50_000


LIST_FINDING = "finding:staffordshire-2021-22:treatment-of-the-public:area-for-improvement-2"


def test_finding_lists_render_as_lists_and_search_highlights(
    live_url: str, tmp_path: Path
) -> None:
    # The finding's "The force needs to:" bullets are list items in the panel (checked
    # against the API's `paragraphs { items }` by the script), and the search box finds SOMU.
    result = _screenshot(f"{live_url}/explore", tmp_path / "list.png", "--finding",
                         LIST_FINDING, "--search", "SOMU", "--expect-hit", "unit:somu")
    assert result.returncode == 0, result.stderr or result.stdout
    assert "search 'SOMU'" in result.stdout


def test_filtered_view_offline(live_url: str, tmp_path: Path) -> None:
    out = tmp_path / "somu.png"
    result = _screenshot(f"{live_url}/explore?finding_units=somu", out,
                         "--expect-node", "unit:somu")
    assert result.returncode == 0, result.stderr or result.stdout


def test_unknown_focus_is_reported_not_a_blank_page(live_url: str, tmp_path: Path) -> None:
    result = _screenshot(f"{live_url}/explore?finding_themes=no-such-theme", tmp_path / "x.png")
    assert result.returncode == 1
    assert "unknown theme 'no-such-theme'" in result.stderr


def test_script_refuses_non_loopback_url(tmp_path: Path) -> None:
    result = _screenshot("https://example.org/explore", tmp_path / "x.png")
    assert result.returncode == 1
    assert "loopback" in result.stderr
