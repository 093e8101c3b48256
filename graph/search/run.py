"""`search(index, text, …)`: parse, expand, rank, filter; and snippets as spans."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..query.findings import FindingFilter, filter_findings
from ..query.index import GraphIndex
from .grammar import parse_query
from .index import Hit, text_index

__all__ = ["explain", "search", "snippet_spans"]

_SPANS = re.compile("\x02(.*?)\x03", re.S)
_WORDS = re.compile(r"\w+")


def search(
    index: GraphIndex,
    text: str,
    kinds: Iterable[str] | None = None,
    where: FindingFilter | None = None,
) -> list[Hit]:
    """Every hit for `text`, best first. `where` keeps only the findings it matches (and so
    only findings); `kinds` keeps those node kinds. Raises `BadQuery` (and, for `where`,
    `UnknownName`)."""
    items = parse_query(text)
    wanted = set(kinds) if kinds else None
    allowed = set(filter_findings(index, where)) if where is not None else None
    found = text_index(index)
    key = " ".join(w for item in items for w in item.words)
    exact = [] if any(item.prefix for item in items) else found.exact.get(key, [])
    return found.search(items, exact, allowed, wanted)


def explain(index: GraphIndex, hits: list[Hit]) -> list[Hit]:
    """The hits (a page of them) with matched words and snippets filled in."""
    return text_index(index).explain(hits)


def snippet_spans(snippet: str) -> list[tuple[str, bool]]:
    """The snippet as (text, matched) pieces, in order: what a client highlights."""
    out: list[tuple[str, bool]] = []
    position = 0
    for match in _SPANS.finditer(snippet):
        if match.start() > position:
            out.append((snippet[position:match.start()], False))
        out.append((match.group(1), True))
        position = match.end()
    if position < len(snippet):
        out.append((snippet[position:], False))
    return out
