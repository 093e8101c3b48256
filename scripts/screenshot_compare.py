"""Prove the compare page works offline: draw the grid, click a cell, read it, screenshot it.

Usage: screenshot_compare.py URL OUT.png [--cell ASSESSMENT_ID] [--timeout S]

URL is ``/compare`` (optionally ``?cycle=2023-25``) on a loopback host; every request to any
other host is aborted and reported. Checks that the grid shows every report of the cycle with
one coloured cell per assessment, an arrow exactly where the API says the grade moved, and
that a click on a cell lists that assessment's findings as the API has them.
Exits 0 with the screenshot written, or 1 with a message saying what went wrong.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from offline_browser import (
    BrowserStepError,
    NetworkLog,
    graphql,
    offline_page,
    run_check,
    step_failure,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

__all__ = ["CompareCheckError", "main", "screenshot_compare"]

VIEWPORT = {"width": 1600, "height": 900}
_GRID = """{ reports { id cycleKey areas { id gradeChange } } }"""
_FINDINGS = """query ($id: ID!) { node(id: $id) { ... on AreaAssessment {
    heading findings { id title } } } }"""


class CompareCheckError(RuntimeError):
    """The compare page did not behave as it should."""


def _graphql(page: Page, url: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    return graphql(page, url, query, variables, CompareCheckError)


def _check_grid(page: Page, url: str, log: NetworkLog) -> dict[str, Any]:
    page.wait_for_function("() => ['ready', 'error'].includes(document.body.dataset.state)")
    if page.evaluate("() => document.body.dataset.state") != "ready":
        raise CompareCheckError(f"the page says: {page.locator('#status').inner_text()}")
    log.check()
    cycle = page.locator("#cycle").input_value()
    reports = [r for r in _graphql(page, url, _GRID, {})["reports"] if r["cycleKey"] == cycle]
    shown = page.evaluate(
        """() => ({
            rows: document.querySelectorAll('#grid tbody tr').length,
            cells: Array.from(document.querySelectorAll('button.grade'), b => b.dataset.node),
            arrows: Array.from(document.querySelectorAll('button.grade .arrow'),
                               a => a.closest('button').dataset.node),
            coloured: Array.from(document.querySelectorAll('button.grade:not(.ungraded)'),
                                 b => getComputedStyle(b).backgroundColor),
        })"""
    )
    if shown["rows"] != len(reports):
        raise CompareCheckError(f"{shown['rows']} rows for {len(reports)} reports of {cycle}")
    expected = sorted(a["id"] for r in reports for a in r["areas"])
    if sorted(shown["cells"]) != expected:
        raise CompareCheckError("the cells are not the cycle's assessments")
    moved = sorted(
        a["id"] for r in reports for a in r["areas"] if a["gradeChange"] in ("UP", "DOWN")
    )
    if sorted(shown["arrows"]) != moved:
        raise CompareCheckError(f"arrows on {shown['arrows']}, the API moved {moved}")
    if len(set(shown["coloured"])) < 2:
        raise CompareCheckError(f"the cells are not coloured by grade: {shown['coloured'][:5]}")
    return {"cycle": cycle, "cells": len(expected), "arrows": len(moved), "ids": expected}


def _check_click(page: Page, url: str, cell: str) -> str:
    page.locator(f'button.grade[data-node="{cell}"]').click()
    page.wait_for_selector(f'#details[data-state="ready"][data-node="{cell}"]')
    expected = _graphql(page, url, _FINDINGS, {"id": cell})["node"]
    shown = page.locator("#details .finding").evaluate_all(
        "items => items.map(i => i.dataset.node)"
    )
    if shown != [f["id"] for f in expected["findings"]]:
        raise CompareCheckError(f"details list {shown}, the API has {expected['findings']}")
    titles = page.locator("#details .finding-title").all_inner_texts()
    if [" ".join(t.split()) for t in titles] != [
        " ".join(f["title"].split()) for f in expected["findings"]
    ]:
        raise CompareCheckError("the findings' titles differ from the API's")
    return expected["heading"]


def screenshot_compare(
    url: str, out: Path, *, cell: str | None = None, timeout_s: float = 30.0
) -> str:
    """Run the checks and write the screenshot; returns a one-line summary."""
    try:
        with offline_page(
            url,
            viewport=VIEWPORT,
            timeout=timeout_s,
            error=CompareCheckError,
            console_errors=True,
            local_websockets=False,
        ) as (page, log):
            started = time.monotonic()
            page.goto(url, wait_until="load")
            grid = _check_grid(page, url, log)
            chosen = cell or grid["ids"][0]
            if chosen not in grid["ids"]:
                raise CompareCheckError(f"{chosen} is not a cell of the {grid['cycle']} grid")
            heading = _check_click(page, url, chosen)
            log.check()
            page.screenshot(path=str(out), full_page=False)
            return (
                f"{out}: {grid['cycle']}: {grid['cells']} cells, {grid['arrows']} arrows; "
                f"clicked {chosen} ({heading!r}); no non-local requests; "
                f"{out.stat().st_size} bytes in {time.monotonic() - started:.1f}s"
            )
    except BrowserStepError as exc:
        raise step_failure(exc, CompareCheckError) from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "url", help="compare URL on a loopback host (http://127.0.0.1:8000/compare)"
    )
    parser.add_argument("out", type=Path, help="PNG file to write")
    parser.add_argument("--cell", help="assessment id to click (default: the first cell)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per browser step")
    args = parser.parse_args(argv)
    return run_check(
        "screenshot_compare",
        lambda: screenshot_compare(args.url, args.out, cell=args.cell, timeout_s=args.timeout),
        CompareCheckError,
    )


if __name__ == "__main__":
    sys.exit(main())
