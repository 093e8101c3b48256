"""`GET /explore`: an interactive Cytoscape.js view of the graph or a filtered subgraph.

The page is static HTML; its script (``web/static/explore.js``) reads the filter from the
page's own query string (the ``/export`` parameter names), draws ``/export/cyjs?<same>``,
fills the focus pickers and the details panel from ``/graphql``. Everything it loads
comes from this server (Cytoscape.js from the pinned ``node_modules`` copy, see
``web.assets``), because police networks block CDNs; the Content-Security-Policy
header holds the browser to that.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from starlette.routing import Route

from graph.export import FORMATS
from graph.export.style import DEFAULT_COLOUR, DEFAULT_SIZE, KIND_COLOURS, KIND_SIZES
from graph.kinds import NODE_KIND_HELP, FindingKind, NodeKind
from web.assets import ASSETS, asset_url
from web.pages import (
    SHARED_STATIC,
    STATIC_DIR,
    StaticFile,
    file_markers,
    fill,
    json_for_script,
    page_route,
    static_files,
    static_routes,
)

__all__ = [
    "DEFAULT_FILTER",
    "EXPLORE_ASSETS",
    "EXPLORE_STATIC",
    "FILTER_PARAMS",
    "explore_html",
    "explore_routes",
]

EXPLORE_ASSETS: tuple[str, ...] = ("cytoscape/cytoscape.min.js",)
"""The ``web.assets.ASSETS`` keys this page loads."""

FILTER_PARAMS: tuple[str, ...] = (
    "report", "force", "kinds", "around", "depth", "edge_kinds",
    "finding_kinds", "finding_themes", "finding_themes_all", "finding_units",
    "finding_partners", "finding_terms", "finding_areas", "finding_grades",
    "finding_forces", "finding_reports", "finding_cycles", "finding_statuses", "finding_text",
)
"""Query parameters that choose the subgraph: the ``/export/{format}`` ones."""

DEFAULT_FILTER: dict[str, str] = {
    "finding_themes": "supervision",
    "finding_kinds": "cause_of_concern,area_for_improvement",
}
"""What an address without a filter shows: the issue's worked example, not 259 nodes."""

EXPLORE_STATIC: tuple[str, ...] = (*SHARED_STATIC, "explore.js", "explore.css")


def _config() -> dict[str, object]:
    """What the script needs from Python, so colours and names have one source."""
    return {
        "graphql": "/graphql",
        "exportPrefix": "/export",
        "filterParams": list(FILTER_PARAMS),
        "defaultFilter": DEFAULT_FILTER,
        "kinds": [
            {
                "name": kind.value,
                "help": NODE_KIND_HELP[kind],
                "colour": KIND_COLOURS.get(kind.value, DEFAULT_COLOUR),
                "size": KIND_SIZES.get(kind.value, DEFAULT_SIZE),
            }
            for kind in NodeKind
        ],
        "findingKinds": [kind.value for kind in FindingKind],
        "formats": [
            {"name": f.name, "extension": f.file_extension, "description": f.description}
            for f in FORMATS.values()
        ],
    }


# The stylesheet's id stops Cytoscape.js injecting a <style> element (the CSP refuses it);
# explore.css holds the one rule it would add.
_TEMPLATE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>PEEL Graph · Explorer</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="__PAGE_CSS_URL__" integrity="__PAGE_CSS_SRI__" crossorigin>
  <link id="__________cytoscape_stylesheet" rel="stylesheet" href="__CSS_URL__"
        integrity="__CSS_SRI__" crossorigin>
  <script src="__CYTOSCAPE_URL__" integrity="__CYTOSCAPE_SRI__" crossorigin defer></script>
  <script src="__PAGE_JS_URL__" integrity="__PAGE_JS_SRI__" crossorigin defer></script>
  <script src="__JS_URL__" integrity="__JS_SRI__" crossorigin defer></script>
</head>
<body>
  <header>
    <h1>PEEL Graph explorer</h1>
    <p id="selection" role="status">Loading the graph…</p>
  </header>
  <main>
    <nav id="controls" aria-label="Filter and links">
      <form id="focus" action="/explore" method="get">
        <h2>Focus</h2>
        <label>Theme <select name="finding_themes" id="pick-theme">
          <option value="">any</option></select></label>
        <label>Unit <select name="finding_units" id="pick-unit">
          <option value="">any</option></select></label>
        <label>Area <select name="finding_areas" id="pick-area">
          <option value="">any</option></select></label>
        <label>Force <select name="finding_forces" id="pick-force">
          <option value="">any</option></select></label>
        <fieldset id="pick-kinds"><legend>Finding kinds</legend></fieldset>
        <div class="buttons">
          <button type="submit">Show</button>
          <a href="/explore">Default view</a>
          <a href="/explore?all=1">Whole graph</a>
        </div>
      </form>
      <form id="search" role="search">
        <h2>Search</h2>
        <label>Words, "phrases", prefix* <input type="search" id="search-text" name="q"
          placeholder="e.g. SOMU or &quot;risk assessment&quot;"></label>
        <div class="buttons"><button type="submit">Search</button></div>
        <p id="search-status" role="status"></p>
        <ol id="search-results"></ol>
      </form>
      <section>
        <h2>This subgraph</h2>
        <p><a id="playground-link" href="/graphql">Open as a GraphQL query in the playground</a></p>
        <p>Download:</p>
        <ul id="downloads"></ul>
      </section>
      <section>
        <h2>Node kinds</h2>
        <p class="hint">Size grows with degree. Click a kind to hide or show it.</p>
        <ul id="legend"></ul>
      </section>
    </nav>
    <div id="cy" aria-label="Graph"></div>
    <aside id="details" aria-live="polite">
      <button type="button" id="details-close" aria-label="Close details">&times;</button>
      <p id="details-kind" class="kind"></p>
      <h2 id="details-title"></h2>
      <p id="details-meta" class="meta"></p>
      <p id="details-source" class="meta"></p>
      <div id="details-body"></div>
      <div id="details-links"></div>
    </aside>
  </main>
  <script type="application/json" id="explore-config">__CONFIG__</script>
</body>
</html>
"""


def explore_html(static: dict[str, StaticFile], asset_prefix: str = "/assets") -> str:
    """The page: static markup and a JSON config; the script does the rest."""
    cytoscape = "cytoscape/cytoscape.min.js"
    replacements = {
        **file_markers(static, "explore.css", "explore.js"),
        "__CYTOSCAPE_URL__": escape(asset_url(cytoscape, asset_prefix)),
        "__CYTOSCAPE_SRI__": ASSETS[cytoscape].integrity,
        "__CONFIG__": json_for_script(_config()),
    }
    return fill(_TEMPLATE, replacements)


def explore_routes(static_dir: Path = STATIC_DIR, asset_prefix: str = "/assets") -> list[Route]:
    """``/explore`` and its own script and stylesheet; files are read now, so a bad
    install fails at startup rather than as a blank page."""
    static = static_files(static_dir, EXPLORE_STATIC)
    return [page_route("/explore", explore_html(static, asset_prefix)), *static_routes(static)]
