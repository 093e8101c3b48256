"""Prove the GraphiQL playground works offline: load it, run the first example, screenshot it.

Usage: screenshot_playground.py URL OUT.png [--examples DIR] [--timeout SECONDS]

Police networks block CDNs, so every request to a non-loopback host is aborted
and reported as a failure. Uses Debian's Chromium (``apt-get install chromium``)
through Playwright for Python; ``playwright install`` is not needed. Exits 0
with the screenshot written, or 1 with a message saying what went wrong.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route, WebSocketRoute

__all__ = ["PlaygroundCheckError", "is_local_url", "main", "screenshot_playground"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DEFAULT_EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"

_TAB = ".graphiql-tab"
_QUERY_EDITOR = ".graphiql-query-editor .CodeMirror"
_EXECUTE = "button.graphiql-execute-button"
_RESPONSE = ".graphiql-response .CodeMirror"
_EXPLORER_BUTTON = '.graphiql-sidebar button[aria-label$="GraphiQL Explorer"]'
_EXPLORER_PANEL = ".graphiql-explorer-root"


class PlaygroundCheckError(RuntimeError):
    """The playground did not behave as an offline GraphiQL with example tabs should."""


def is_local_url(url: str) -> bool:
    """True for loopback hosts and for URLs that never touch the network."""
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about", "chrome-error"}:
        return True
    host = (parts.hostname or "").strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class _NetworkLog:
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


def _expected_tabs(examples: Path) -> tuple[int, str]:
    """Number of example files and the first line of the first one (its title)."""
    files = sorted(examples.glob("*.graphql"), key=lambda p: p.name)
    if not files:
        raise PlaygroundCheckError(f"no *.graphql examples in {examples}")
    first_line = files[0].read_text(encoding="utf-8").strip().splitlines()[0].strip()
    return len(files), first_line


def screenshot_playground(
    url: str, out: Path, *, examples: Path = DEFAULT_EXAMPLES, timeout_s: float = 30.0
) -> str:
    """Run the checks and write the screenshot; returns a one-line summary."""
    if not is_local_url(url):
        raise PlaygroundCheckError(f"{url} is not a loopback URL; serve the app on 127.0.0.1")
    if not Path(CHROMIUM).exists():
        raise PlaygroundCheckError(f"{CHROMIUM} not found; apt-get install -y chromium")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise PlaygroundCheckError(
            f"playwright is not installed ({exc}); pip install playwright"
        ) from None
    tab_count, first_title = _expected_tabs(examples)
    log = _NetworkLog()
    timeout_ms = timeout_s * 1000

    def route(route: Route) -> None:
        request_url = route.request.url
        if is_local_url(request_url):
            route.continue_()
        else:
            log.blocked.append(request_url)
            route.abort("blockedbyclient")

    def route_ws(ws: WebSocketRoute) -> None:
        if is_local_url(ws.url):
            ws.connect_to_server()
        else:
            log.blocked.append(ws.url)
            ws.close()

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            try:
                page = browser.new_page(viewport={"width": 1600, "height": 900})
                page.set_default_timeout(timeout_ms)
                page.route("**/*", route)
                page.route_web_socket("**/*", route_ws)
                page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))
                page.on(
                    "requestfailed",
                    lambda r: (
                        log.failed.append(f"{r.url} ({r.failure})") if is_local_url(r.url) else None
                    ),
                )
                page.on(
                    "response",
                    lambda r: (
                        log.failed.append(f"{r.url} (HTTP {r.status})") if r.status >= 400 else None
                    ),
                )
                page.goto(url, wait_until="load")
                _check_page(page, log, tab_count, first_title)
                page.screenshot(path=str(out), full_page=False)
            finally:
                browser.close()
    except PlaywrightError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
        cause = _describe(log)  # blocked requests explain most timeouts, so lead with them
        raise PlaygroundCheckError(
            f"{cause}; browser step failed: {first}" if cause else first
        ) from exc
    _check_log(log)
    return f"{out}: {tab_count} example tabs, first query ran, no non-local requests"


def _check_page(page: Page, log: _NetworkLog, tab_count: int, first_title: str) -> None:
    page.wait_for_selector(_QUERY_EDITOR)
    _check_log(log)
    shown = page.locator(_TAB).count()
    if shown != tab_count:
        raise PlaygroundCheckError(f"expected {tab_count} example tabs, the page shows {shown}")
    if "graphiql-tab-active" not in (page.locator(_TAB).first.get_attribute("class") or ""):
        raise PlaygroundCheckError("the first example tab is not the active one")
    editor_text = page.locator(_QUERY_EDITOR).inner_text()
    if first_title not in editor_text:
        raise PlaygroundCheckError(f"active tab does not hold the first example ({first_title!r})")
    page.locator(_EXPLORER_BUTTON).click()  # shows the explorer plugin in the screenshot
    page.wait_for_selector(_EXPLORER_PANEL)
    page.locator(_EXECUTE).click()
    page.wait_for_function(
        """selector => {
            const el = document.querySelector(selector);
            return el && el.CodeMirror && /"(data|errors)"/.test(el.CodeMirror.getValue());
        }""",
        arg=_RESPONSE,
    )
    result = page.evaluate("s => document.querySelector(s).CodeMirror.getValue()", _RESPONSE)
    if '"data"' not in result:
        raise PlaygroundCheckError(f"the first example returned no data: {result[:300]}")


def _describe(log: _NetworkLog) -> str:
    parts = []
    if log.blocked:
        parts.append(f"blocked non-local requests: {log.blocked}")
    if log.failed:
        parts.append(f"failed local requests: {log.failed}")
    if log.page_errors:
        parts.append(f"page errors: {log.page_errors}")
    return "; ".join(parts)


def _check_log(log: _NetworkLog) -> None:
    if log.blocked or log.failed or log.page_errors:
        raise PlaygroundCheckError(_describe(log))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "url", help="playground URL on a loopback host (http://127.0.0.1:8000/graphql)"
    )
    parser.add_argument("out", type=Path, help="PNG file to write")
    parser.add_argument("--examples", type=Path, default=DEFAULT_EXAMPLES)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per browser step")
    args = parser.parse_args(argv)
    try:
        summary = screenshot_playground(
            args.url, args.out, examples=args.examples, timeout_s=args.timeout
        )
    except PlaygroundCheckError as exc:
        print(f"screenshot_playground: FAILED: {exc}", file=sys.stderr)
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
