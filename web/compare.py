"""`GET /compare`: forces by areas for one cycle, each cell coloured by grade.

Like ``/explore``, the page is static HTML plus its own script (``web/static/compare.js``),
which reads the grid from ``/graphql`` and opens an assessment's findings on a click; nothing
is loaded from anywhere but this server (the same Content-Security-Policy holds it to that).
The cycle is the page's own query string (``/compare?cycle=2023-25``), so a view can be shared.
"""

from __future__ import annotations

from pathlib import Path

from starlette.routing import Route

from graph.export.style import GRADE_COLOURS
from graph.kinds import FOLLOW_UP_STATUS_HELP, GRADE_CHANGE_HELP, Grade
from web.pages import (
    SHARED_STATIC,
    STATIC_DIR,
    file_markers,
    fill,
    json_for_script,
    page_route,
    static_files,
    static_routes,
)

__all__ = ["COMPARE_STATIC", "compare_html", "compare_routes"]

COMPARE_STATIC: tuple[str, ...] = (*SHARED_STATIC, "compare.js", "compare.css")

_TEMPLATE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>PEEL Graph · Compare forces</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="__PAGE_CSS_URL__" integrity="__PAGE_CSS_SRI__" crossorigin>
  <link rel="stylesheet" href="__CSS_URL__" integrity="__CSS_SRI__" crossorigin>
  <script src="__PAGE_JS_URL__" integrity="__PAGE_JS_SRI__" crossorigin defer></script>
  <script src="__JS_URL__" integrity="__JS_SRI__" crossorigin defer></script>
</head>
<body>
  <header>
    <h1>PEEL Graph · compare forces</h1>
    <form id="pick" action="/compare" method="get">
      <label>Cycle <select name="cycle" id="cycle"></select></label>
      <button type="submit">Show</button>
    </form>
    <p id="status" role="status">Loading the grades…</p>
  </header>
  <main>
    <section id="grid-panel">
      <ul id="legend" aria-label="Grades"></ul>
      <p class="hint">↑ better, ↓ worse than the force's previous report; NEW: an area the
        previous cycle did not have; * the grades answer different questions (see the cell's
        assessment). Click a cell for its findings.</p>
      <table id="grid"><thead></thead><tbody></tbody></table>
    </section>
    <aside id="details" aria-live="polite">
      <p class="hint">Click a cell to see that assessment's findings.</p>
    </aside>
  </main>
  <script type="application/json" id="compare-config">__CONFIG__</script>
</body>
</html>
"""


def _config() -> dict[str, object]:
    """Grades, colours and wording from the Python vocabularies: one source for each."""
    return {
        "graphql": "/graphql",
        "grades": [{"name": g.name, "label": g.value, **GRADE_COLOURS[g.value]} for g in Grade],
        "gradeChanges": {k.name: v for k, v in GRADE_CHANGE_HELP.items()},
        "statuses": {k.name: v for k, v in FOLLOW_UP_STATUS_HELP.items()},
    }


def compare_html(static_dir: Path = STATIC_DIR) -> str:
    static = static_files(static_dir, COMPARE_STATIC)
    replacements = {
        **file_markers(static, "compare.css", "compare.js"),
        "__CONFIG__": json_for_script(_config()),
    }
    return fill(_TEMPLATE, replacements)


def compare_routes(static_dir: Path = STATIC_DIR) -> list[Route]:
    """``/compare`` and its script and stylesheet (read now: a bad install fails at startup)."""
    static = static_files(static_dir, COMPARE_STATIC)
    return [page_route("/compare", compare_html(static_dir)), *static_routes(static)]
