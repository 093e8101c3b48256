"""Finding filters and pages: within a field the values are alternatives, across fields all hold."""

from __future__ import annotations

import base64
import functools
import re
from dataclasses import dataclass

from ..errors import PeelGraphError
from ..theme_score import ABOUT, MENTIONS
from .index import GRADE_ORDER, GraphIndex

__all__ = ["BadCursor", "BadOrder", "FindingFilter", "Page", "filter_findings", "page"]


class BadCursor(PeelGraphError):
    """A cursor that this API did not hand out."""


@dataclass(frozen=True)
class FindingFilter:
    """What a client may ask of findings. Names resolve by id, name, short name or acronym."""

    kinds: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    themes_all: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    grades: tuple[str, ...] = ()
    forces: tuple[str, ...] = ()
    reports: tuple[str, ...] = ()
    cycles: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()  # the latest follow-up status (graph.kinds.FollowUpStatus)
    text: str | None = None
    # Which theme links `themes` and `themes_all` match: "about" (the finding is about the
    # theme) or "mentions" (any link: about it, or only mentioning its words).
    theme_strength: str = ABOUT


_LINKED = (
    ("themes", "theme"),
    ("units", "unit"),
    ("partners", "partner"),
    ("terms", "term"),
    ("areas", "area"),
    ("forces", "force"),
    ("reports", "report"),
)


class BadOrder(PeelGraphError):
    """An order that needs a filter the query does not have."""


def _theme_posting(where: FindingFilter) -> str:
    if where.theme_strength not in (ABOUT, MENTIONS):
        raise BadOrder(f"themeStrength: {where.theme_strength!r} is not about or mentions")
    return "theme" if where.theme_strength == ABOUT else "theme_mentions"


def _union(index: GraphIndex, kind: str, nodes: list[str]) -> set[str]:
    out: set[str] = set()
    for node in nodes:
        out.update(index.posting(kind, node))
    return out


def filter_findings(index: GraphIndex, where: FindingFilter | None = None) -> list[str]:
    """Finding ids matching `where`, in report order. Unknown names raise `UnknownName`."""
    where = where or FindingFilter()
    candidates: list[set[str]] = []
    themes = _theme_posting(where)
    for field_name, kind in _LINKED:
        names = getattr(where, field_name)
        if names:
            nodes = [index.resolve(kind, n, field_name) for n in names]
            candidates.append(_union(index, themes if kind == "theme" else kind, nodes))
    for name in where.themes_all:
        candidates.append(set(index.posting(themes, index.resolve("theme", name, "themesAll"))))
    if where.kinds:
        candidates.append({f for k in where.kinds for f in index.posting("kind", k)})
    if where.grades:
        candidates.append({f for g in where.grades for f in index.posting("grade", g)})
    if where.cycles:
        keys = [index.resolve("cycle", c, "cycles") for c in where.cycles]
        candidates.append({f for k in keys for f in index.posting("cycle", k)})
    if where.statuses:
        candidates.append({f for s in where.statuses for f in index.posting("status", s)})
    if not candidates:
        chosen = list(index.findings)
    else:
        smallest = min(candidates, key=len)
        rest = [c for c in candidates if c is not smallest]
        chosen = sorted((f for f in smallest if all(f in c for c in rest)),
                        key=index.position.__getitem__)
    if where.text:
        # Words starting with the text: "visor" finds ViSOR, not "supervisor".
        needle = re.compile(rf"(?<!\w){re.escape(where.text.lower().strip())}")
        chosen = [f for f in chosen if any(needle.search(t) for t in index.search_text[f])]
    return chosen


def order_findings(
    index: GraphIndex, findings: list[str], order: str, where: FindingFilter | None = None
) -> list[str]:
    """`report` (document order), `grade` (worst first), `title`, or `relevance`: the summed
    score of the links to the themes `where` asks for, highest first (needs a theme filter)."""
    graph = index.graph
    if order == "relevance":
        names = [*(where.themes if where else ()), *(where.themes_all if where else ())]
        if not names:
            raise BadOrder("orderBy RELEVANCE needs a themes or themesAll filter to score by")
        themes = [index.resolve("theme", n, "themes") for n in names]
        scores = index.theme_scores
        return sorted(findings, key=lambda f: (-sum(scores.get((f, t), 0.0) for t in themes),
                                               index.position[f]))
    if order == "grade":
        rank = {g: i for i, g in enumerate(reversed(GRADE_ORDER))}
        return sorted(findings, key=lambda f: (rank.get(graph.nodes[f].get("grade"), 99),
                                               index.position[f]))
    if order == "title":
        return sorted(findings, key=lambda f: (graph.nodes[f]["title"].lower(), f))
    return findings


@dataclass(frozen=True)
class Page:
    items: list[tuple[str, str]]  # (cursor, node id)
    total: int
    has_next: bool
    has_previous: bool
    start_cursor: str | None
    end_cursor: str | None


@functools.lru_cache(maxsize=4096)
def _cursor(offset: int) -> str:
    """An offset's opaque cursor; the first pages' cursors are asked for again and again."""
    return base64.b64encode(f"offset:{offset}".encode()).decode()


def _offset(cursor: str, argument: str) -> int:
    try:
        kind, _, value = base64.b64decode(cursor, validate=True).decode().partition(":")
        if kind != "offset" or not value.isdigit():
            raise ValueError(cursor)
        return int(value)
    except ValueError as exc:
        raise BadCursor(f"{argument}: {cursor!r} is not a cursor from this API") from exc


def page(
    ids: list[str],
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> Page:
    """A slice of `ids`, Relay style: the edges after `after` and before `before`, then the
    first `first` of them, then the last `last`. Cursors are opaque offsets, so both
    `hasNextPage` and `hasPreviousPage` are exact in either direction."""
    start = _offset(after, "after") + 1 if after else 0
    end = min(_offset(before, "before"), len(ids)) if before else len(ids)
    end = max(start, end)
    if first is not None:
        end = min(end, start + first)
    if last is not None:
        start = max(start, end - last)
    items = [(_cursor(start + i), node) for i, node in enumerate(ids[start:end])]
    return Page(
        items=items,
        total=len(ids),
        has_next=end < len(ids),
        has_previous=start > 0,
        start_cursor=items[0][0] if items else None,
        end_cursor=items[-1][0] if items else None,
    )
