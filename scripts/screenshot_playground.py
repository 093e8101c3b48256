"""Prove the GraphiQL playground works offline: load it, run the first example, screenshot it.

Usage: screenshot_playground.py URL OUT.png [--examples DIR] [--timeout SECONDS]

Police networks block CDNs, so every request to a non-loopback host is aborted
and reported as a failure (see offline_browser.py). Uses Debian's Chromium
(``apt-get install chromium``) through Playwright for Python; ``playwright install``
is not needed. Exits 0 with the screenshot written, or 1 with a message saying
what went wrong.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from offline_browser import BrowserStepError, NetworkLog, is_local_url, offline_page, run_check

if TYPE_CHECKING:
    from playwright.sync_api import Page

__all__ = ["PlaygroundCheckError", "is_local_url", "main", "screenshot_playground"]

DEFAULT_EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"

_TAB = ".graphiql-tab"
_QUERY_EDITOR = ".graphiql-query-editor .CodeMirror"
_EXECUTE = "button.graphiql-execute-button"
_RESPONSE = ".graphiql-response .CodeMirror"
_EXPLORER_BUTTON = '.graphiql-sidebar button[aria-label$="GraphiQL Explorer"]'
_EXPLORER_PANEL = ".graphiql-explorer-root"


class PlaygroundCheckError(RuntimeError):
    """The playground did not behave as an offline GraphiQL with example tabs should."""


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
    try:
        with offline_page(
            url, viewport={"width": 1600, "height": 900}, timeout=timeout_s,
            error=PlaygroundCheckError,
        ) as (page, log):
            tab_count, first_title = _expected_tabs(examples)
            page.goto(url, wait_until="load")
            _check_page(page, log, tab_count, first_title)
            page.screenshot(path=str(out), full_page=False)
    except BrowserStepError as exc:
        cause = exc.log.describe()  # blocked requests explain most timeouts, so lead with them
        raise PlaygroundCheckError(
            f"{cause}; browser step failed: {exc.first_line}" if cause else exc.first_line
        ) from exc.error
    log.check()
    return f"{out}: {tab_count} example tabs, first query ran, no non-local requests"


def _check_page(page: Page, log: NetworkLog, tab_count: int, first_title: str) -> None:
    page.wait_for_selector(_QUERY_EDITOR)
    log.check()
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "url", help="playground URL on a loopback host (http://127.0.0.1:8000/graphql)"
    )
    parser.add_argument("out", type=Path, help="PNG file to write")
    parser.add_argument("--examples", type=Path, default=DEFAULT_EXAMPLES)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per browser step")
    args = parser.parse_args(argv)
    return run_check(
        "screenshot_playground",
        lambda: screenshot_playground(
            args.url, args.out, examples=args.examples, timeout_s=args.timeout
        ),
        PlaygroundCheckError,
    )


if __name__ == "__main__":
    sys.exit(main())
