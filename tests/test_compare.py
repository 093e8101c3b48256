"""/compare: forces by areas coloured by grade, offline, text never as HTML."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from threaded_server import serving

from graph.export.style import GRADE_COLOURS
from graph.kinds import Grade
from web.compare import COMPARE_STATIC, compare_routes
from web.pages import CSP, STATIC_DIR

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "screenshot_compare.py"
CHROMIUM = Path("/usr/bin/chromium")
FICTIONAL = ROOT.parent / "shared" / "reports" / "fictional"
REAL = ROOT / "data" / "reports" / "staffordshire-peel-2021-22.txt"


def _get(app: Starlette, url: str) -> httpx.Response:
    async def fetch() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            return await http.get(url)

    return asyncio.run(fetch())


@pytest.fixture(scope="module")
def page() -> tuple[Starlette, str]:
    app = Starlette(routes=compare_routes())
    response = _get(app, "/compare")
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == CSP
    return app, response.text


def test_page_is_self_contained(page: tuple[Starlette, str]) -> None:
    app, html = page
    refs = re.findall(r'(?:src|href|action)="([^"]+)"', html)
    assert refs and all(r.startswith(("/", "data:")) for r in refs), refs
    assert "<style" not in html and " style=" not in html and " onclick" not in html
    for name in COMPARE_STATIC:
        url = next(r for r in refs if f"/{name}?v=" in r)
        served = _get(app, url)
        assert served.status_code == 200
        assert served.content == (STATIC_DIR / name).read_bytes()


def test_config_has_the_five_grades_and_their_colours(page: tuple[Starlette, str]) -> None:
    _, html = page
    match = re.search(r'<script type="application/json" id="compare-config">(.*?)</script>', html)
    assert match
    config = json.loads(match.group(1))
    assert [g["label"] for g in config["grades"]] == [g.value for g in Grade]
    assert [g["colour"] for g in config["grades"]] == [
        GRADE_COLOURS[g.value]["colour"] for g in Grade
    ]
    assert set(config["gradeChanges"]) == {"UP", "DOWN", "SAME", "NEW_AREA"}


def test_script_never_writes_html() -> None:
    script = (STATIC_DIR / "compare.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script, sink
    assert "textContent" in script
    assert re.findall(r"https?://", script) == []


# --- the browser: offline, through Debian's Chromium -------------------------------------


@pytest.fixture(scope="module")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real application on a folder holding the real report and both Kestrel Vale ones."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium absent (apt-get install chromium)")
    if not FICTIONAL.is_dir():
        pytest.skip("shared reports not present")
    pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    pytest.importorskip("uvicorn")
    from server import create_app

    data = tmp_path_factory.mktemp("compare")
    (data / "reports").mkdir()
    shutil.copy(REAL, data / "reports")
    for name in ("kestrel-vale-peel-2021-22.txt", "kestrel-vale-peel-2023-25.txt"):
        shutil.copy(FICTIONAL / name, data / "reports")
    with serving(create_app(data_dir=data)) as url:
        yield url


def _screenshot(url: str, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), url, str(out), *extra],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_2023_25_grid_offline_with_arrows_and_a_click(live_url: str, tmp_path: Path) -> None:
    out = tmp_path / "compare.png"
    cell = "assessment:kestrel-vale-2023-25:managing-offenders"
    result = _screenshot(f"{live_url}/compare?cycle=2023-25", out, "--cell", cell)
    assert result.returncode == 0, result.stderr or result.stdout
    # Kestrel Vale's nine areas; six grades moved (four up, two down) since 2021/22
    assert "2023-25: 9 cells, 6 arrows" in result.stdout
    assert "no non-local requests" in result.stdout
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_2021_22_grid_has_two_forces_and_no_arrows(live_url: str, tmp_path: Path) -> None:
    result = _screenshot(f"{live_url}/compare?cycle=2021/22", tmp_path / "old.png")
    assert result.returncode == 0, result.stderr or result.stdout
    assert "2021-22: 24 cells, 0 arrows" in result.stdout


def test_unknown_cycle_is_reported(live_url: str, tmp_path: Path) -> None:
    result = _screenshot(f"{live_url}/compare?cycle=1999-00", tmp_path / "x.png")
    assert result.returncode == 1
    assert "no reports of cycle '1999-00'" in result.stderr
