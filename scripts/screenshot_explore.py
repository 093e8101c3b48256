"""Prove the graph explorer works offline: draw it, click a finding, read it, screenshot it.

Usage: screenshot_explore.py URL OUT.png [--finding ID] [--expect-node ID] [--timeout S]
                             [--search TEXT [--expect-hit ID]]

URL is ``/explore`` (with or without a filter) on a loopback host. Every request to any
other host is aborted and reported, as on a police network without CDN access. Uses
Debian's Chromium (``apt-get install chromium``) through Playwright for Python;
``playwright install`` is not needed. Checks that the graph draws, that the default
view holds the supervision theme, that a click on a finding shows its title and body
as the API has them, that the playground link's query selects the same subgraph, and
that the focus pickers and every download link work.
Exits 0 with the screenshot written, or 1 with a message saying what went wrong.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urljoin, urlsplit

from offline_browser import (
    BrowserStepError,
    NetworkLog,
    graphql,
    is_local_url,
    offline_page,
    run_check,
    step_failure,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page

__all__ = ["ExploreCheckError", "is_local_url", "main", "screenshot_explore"]

VIEWPORT = {"width": 1600, "height": 1000}
SUPERVISION = "theme:supervision"

_FINDING_QUERY = """query ($id: ID!) {
  node(id: $id) { ... on Finding { title body paragraphs { text items } } }
}"""


class ExploreCheckError(RuntimeError):
    """The explorer did not behave as an offline graph view should."""


def _squash(text: str) -> str:
    return " ".join(text.split())


def _wait_for_graph(page: Page, log: NetworkLog) -> dict[str, Any]:
    page.wait_for_function("() => ['ready', 'error'].includes(document.body.dataset.state)")
    if page.evaluate("() => document.body.dataset.state") != "ready":
        raise ExploreCheckError(f"the page says: {page.locator('#selection').inner_text()}")
    log.check()
    return page.evaluate(
        """() => ({
            nodes: cy.nodes().length,
            edges: cy.edges().length,
            ids: cy.nodes().map(n => n.id()),
            findings: cy.nodes('[kind = "finding"]')
                .sort((a, b) => b.degree() - a.degree() || (a.id() < b.id() ? -1 : 1))
                .map(n => n.id()),
            legend: Array.from(document.querySelectorAll('#legend .name'), e => e.textContent),
        })"""
    )


def _click_node(page: Page, node_id: str) -> None:
    """Click where Cytoscape draws the node (it is a canvas: no DOM element to click)."""
    point = page.evaluate(
        """id => {
            const node = cy.getElementById(id);
            if (node.empty()) return null;
            const pos = node.renderedPosition();
            const box = cy.container().getBoundingClientRect();
            return {x: box.left + pos.x, y: box.top + pos.y,
                    inside: pos.x > 0 && pos.y > 0 && pos.x < box.width && pos.y < box.height};
        }""",
        node_id,
    )
    if point is None:
        raise ExploreCheckError(f"{node_id} is not in the drawn graph")
    if not point["inside"]:
        raise ExploreCheckError(f"{node_id} is drawn outside the visible graph area")
    page.mouse.click(point["x"], point["y"])


def _graphql(page: Page, url: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    return graphql(page, url, query, variables, ExploreCheckError)


def _check_details(page: Page, url: str, finding: str) -> str:
    expected = _graphql(page, url, _FINDING_QUERY, {"id": finding})["node"]
    if not expected:
        raise ExploreCheckError(f"the API has no finding {finding}")
    page.wait_for_selector(f'#details[data-state="ready"][data-node="{finding}"]')
    title = _squash(page.locator("#details-title").inner_text())
    if title != _squash(expected["title"]):
        raise ExploreCheckError(f"details show title {title!r}, expected {expected['title']!r}")
    # Prose as paragraphs, lists as lists: the panel follows the document model.
    wanted = [(p["items"] or [p["text"]]) for p in expected["paragraphs"]]
    body = _squash(page.locator("#details-body").inner_text())
    if body != _squash(" ".join(t for texts in wanted for t in texts)):
        raise ExploreCheckError(f"details body differs from the finding's: {body[:200]!r}")
    items = [i for p in expected["paragraphs"] for i in p["items"]]
    shown = [_squash(t) for t in page.locator("#details-body ul > li").all_inner_texts()]
    if shown != [_squash(i) for i in items]:
        raise ExploreCheckError(f"details show {len(shown)} list items, the finding has "
                                f"{len(items)}")
    source = page.locator("#details-source").inner_text()
    if "lines" not in source:
        raise ExploreCheckError(f"details do not name the source lines: {source!r}")
    return expected["title"]


def _check_playground_link(page: Page, url: str, nodes: int, edges: int) -> None:
    """The link's query must select the subgraph on screen (same node and edge counts)."""
    href = page.locator("#playground-link").get_attribute("href") or ""
    query = parse_qs(urlsplit(href).query).get("q", [""])[0]
    if not href.startswith("/graphql?") or not query:
        raise ExploreCheckError(f"playground link has no ?q= query: {href[:200]!r}")
    subgraph = _graphql(page, url, query, {})["subgraph"]
    if (subgraph["nodes"], subgraph["edges"]) != (nodes, edges):
        raise ExploreCheckError(
            f"playground query selects {subgraph['nodes']} nodes/{subgraph['edges']} edges, "
            f"the page draws {nodes}/{edges}"
        )


def _check_links(page: Page, url: str) -> None:
    """The pickers are filled from the API and every download link answers with a file."""
    options = page.locator("#pick-theme option").count()
    if options < 2:
        raise ExploreCheckError(f"the theme picker is empty ({options} options)")
    errors = page.locator("#controls .error").all_inner_texts()
    if errors:
        raise ExploreCheckError(f"the controls show errors: {errors}")
    links = page.locator("#downloads a").evaluate_all("links => links.map(a => a.href)")
    if not links:
        raise ExploreCheckError("no download links")
    for link in links:
        response = page.request.get(urljoin(url, link))
        disposition = response.headers.get("content-disposition", "")
        if response.status != 200 or "attachment" not in disposition:
            raise ExploreCheckError(f"download {link} answered HTTP {response.status}")


def _check_search(page: Page, text: str, expect_hit: str | None) -> str:
    """Type into the search box: hits are listed with highlighted snippets, best first."""
    page.fill("#search-text", text)
    page.click("#search button[type=submit]")
    page.wait_for_function("() => /hit|failed/.test("
                           "document.getElementById('search-status').textContent)")
    status = page.locator("#search-status").inner_text()
    hits = page.locator("#search-results a[data-hit]").evaluate_all(
        "links => links.map(a => a.dataset.hit)")
    if not hits:
        raise ExploreCheckError(f"search {text!r} listed no hits ({status})")
    if expect_hit and hits[0] != expect_hit:
        raise ExploreCheckError(f"search {text!r}: first hit {hits[0]}, expected {expect_hit}")
    if not page.locator("#search-results mark").count():
        raise ExploreCheckError(f"search {text!r}: no highlighted words in the snippets")
    return f"search {text!r}: {status}, first {hits[0]}"


def _run(page: Page, url: str, out: Path, log: NetworkLog, finding: str | None,
         expect_node: str | None, search: str | None = None,
         expect_hit: str | None = None) -> str:
    started = time.monotonic()
    page.goto(url, wait_until="load")
    graph = _wait_for_graph(page, log)
    drawn = time.monotonic() - started
    if graph["nodes"] == 0:
        raise ExploreCheckError("the graph is empty")
    if expect_node and expect_node not in graph["ids"]:
        raise ExploreCheckError(f"{expect_node} is not in the drawn graph")
    if not graph["legend"]:
        raise ExploreCheckError("the legend of node kinds is empty")
    if not graph["findings"]:
        raise ExploreCheckError("the graph has no finding to click")
    finding = finding or graph["findings"][0]
    _click_node(page, finding)
    title = _check_details(page, url, finding)
    _check_playground_link(page, url, graph["nodes"], graph["edges"])
    _check_links(page, url)
    searched = f"{_check_search(page, search, expect_hit)}; " if search else ""
    log.check()
    page.screenshot(path=str(out), full_page=False)
    return (
        f"{out}: {graph['nodes']} nodes, {graph['edges']} edges drawn in {drawn:.1f}s; "
        f"clicked {finding} ({title!r}); {searched}no non-local requests; "
        f"{out.stat().st_size} bytes in {time.monotonic() - started:.1f}s"
    )


def screenshot_explore(
    url: str,
    out: Path,
    *,
    finding: str | None = None,
    expect_node: str | None = None,
    timeout_s: float = 30.0,
    search: str | None = None,
    expect_hit: str | None = None,
) -> str:
    """Run the checks and write the screenshot; returns a one-line summary."""
    try:
        # console errors include CSP violations; the page opens no websocket, even a local one
        with offline_page(url, viewport=VIEWPORT, timeout=timeout_s, error=ExploreCheckError,
                          console_errors=True, local_websockets=False) as (page, log):
            return _run(page, url, out, log, finding, expect_node, search, expect_hit)
    except BrowserStepError as exc:
        raise step_failure(exc, ExploreCheckError) from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="explorer URL on a loopback host "
                        "(http://127.0.0.1:8000/explore)")
    parser.add_argument("out", type=Path, help="PNG file to write")
    parser.add_argument("--finding", help="finding id to click (default: the most linked one)")
    parser.add_argument("--expect-node", help="node id the graph must hold (default: "
                        f"{SUPERVISION} when the URL has no filter)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per browser step")
    parser.add_argument("--search", help="text to type into the search box (hits must list "
                        "with highlighted snippets)")
    parser.add_argument("--expect-hit", help="node id the search must list first")
    args = parser.parse_args(argv)
    expect = args.expect_node
    if expect is None and not urlsplit(args.url).query:
        expect = SUPERVISION
    return run_check(
        "screenshot_explore",
        lambda: screenshot_explore(args.url, args.out, finding=args.finding,
                                   expect_node=expect, timeout_s=args.timeout,
                                   search=args.search, expect_hit=args.expect_hit),
        ExploreCheckError,
    )


if __name__ == "__main__":
    sys.exit(main())
