"""Headless Chromium that may only talk to loopback hosts, for the screenshot scripts.

Police networks block CDNs, so every request and websocket to a non-loopback host is
aborted and logged; the scripts then report the log as a failure. Uses Debian's Chromium
(``apt-get install chromium``) through Playwright for Python; ``playwright install`` is
not needed.
"""

from __future__ import annotations

import ipaddress
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import Page, Route, ViewportSize, WebSocketRoute

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "BrowserStepError",
    "NetworkLog",
    "OfflineBrowserError",
    "browser_problem",
    "graphql",
    "is_local_url",
    "offline_page",
    "run_check",
    "step_failure",
]

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


class OfflineBrowserError(RuntimeError):
    """The offline check failed; callers can have their own error class raised instead."""


class BrowserStepError(OfflineBrowserError):
    """A Playwright step failed; ``error`` is Playwright's error, ``log`` what the page did."""

    def __init__(self, error: PlaywrightError, log: NetworkLog) -> None:
        super().__init__(str(error))
        self.error = error
        self.log = log

    @property
    def first_line(self) -> str:
        """The first line of Playwright's message (its call log follows), or its repr."""
        text = str(self.error).strip()
        return text.splitlines()[0] if text else repr(self.error)


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
class NetworkLog:
    """What the page did that an offline check must fail on; ``check()`` raises ``error``."""

    error: type[Exception] = OfflineBrowserError
    blocked: list[str] = field(default_factory=list)  # non-local requests, aborted
    failed: list[str] = field(default_factory=list)  # local requests that failed or got >= 400
    page_errors: list[str] = field(default_factory=list)  # uncaught errors (and console errors)

    @property
    def entries(self) -> list[str]:
        return self.blocked + self.failed + self.page_errors

    def describe(self) -> str:
        """One line naming every problem, or "" when there is none."""
        return "; ".join(
            f"{what}: {items}"
            for what, items in (
                ("blocked non-local requests", self.blocked),
                ("failed local requests", self.failed),
                ("page errors", self.page_errors),
            )
            if items
        )

    def check(self) -> None:
        """Raise ``self.error`` if anything went off-host, failed or threw."""
        if self.entries:
            raise self.error(self.describe())


def browser_problem(url: str) -> str | None:
    """Why ``url`` cannot be checked offline here, or None when it can."""
    if not is_local_url(url):
        return f"{url} is not a loopback URL; serve the app on 127.0.0.1"
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} not found; apt-get install -y chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"playwright is not installed ({exc}); pip install playwright"
    return None


@contextmanager
def offline_page(
    url: str,
    *,
    viewport: ViewportSize,
    timeout: float,
    error: type[Exception] = OfflineBrowserError,
    console_errors: bool = False,
    local_websockets: bool = True,
) -> Iterator[tuple[Page, NetworkLog]]:
    """Yield a blank page, and its log, whose non-loopback traffic is aborted and logged.

    ``url`` is the page the caller will open (it must be on a loopback host); ``timeout``
    is in seconds per browser step. Uncaught page errors, failed local requests and HTTP
    errors are logged too, and console errors when ``console_errors``; websockets to
    loopback hosts are let through only when ``local_websockets``. The browser is closed
    on leaving. Raises ``error`` when ``browser_problem(url)`` finds a problem (before
    launching anything), as ``log.check()`` does, and BrowserStepError when a Playwright
    step fails, inside the block or out.
    """
    problem = browser_problem(url)
    if problem:
        raise error(problem)
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    log = NetworkLog(error)

    def route(route: Route) -> None:
        request_url = route.request.url
        if is_local_url(request_url):
            route.continue_()
        else:
            log.blocked.append(request_url)
            route.abort("blockedbyclient")

    def route_ws(ws: WebSocketRoute) -> None:
        if local_websockets and is_local_url(ws.url):
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
                page = browser.new_page(viewport=viewport)
                page.set_default_timeout(timeout * 1000)
                page.route("**/*", route)
                page.route_web_socket("**/*", route_ws)
                page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))
                if console_errors:
                    page.on(
                        "console",
                        lambda m: log.page_errors.append(m.text) if m.type == "error" else None,
                    )
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
                yield page, log
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise BrowserStepError(exc, log) from exc


def graphql(
    page: Page, url: str, query: str, variables: dict[str, Any], error: type[Exception]
) -> dict[str, Any]:
    """What the page's own server answers, POSTed beside the page (to check what it shows)."""
    response = page.request.post(
        urljoin(url, "/graphql"),
        data=json.dumps({"query": query, "variables": variables}),
        headers={"content-type": "application/json", "accept": "application/json"},
    )
    payload = response.json()
    if payload.get("errors"):
        raise error(f"GraphQL errors: {payload['errors']}")
    return payload["data"]


def step_failure(exc: BrowserStepError, error: type[Exception]) -> Exception:
    """A script's own error for a failed browser step, with what the page did meanwhile."""
    entries = exc.log.entries
    detail = f" ({'; '.join(entries)})" if entries else ""
    return error(f"browser step failed: {exc.error}{detail}")


def run_check(prog: str, check: Callable[[], str], error: type[Exception]) -> int:
    """A script's exit status: print ``check()``'s summary and return 0, or, when it
    raises ``error``, print ``PROG: FAILED: why`` to stderr and return 1."""
    try:
        summary = check()
    except error as exc:
        print(f"{prog}: FAILED: {exc}", file=sys.stderr)
        return 1
    print(summary)
    return 0
