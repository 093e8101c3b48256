"""`search`: full-text hits with their score, the words that matched and a highlighted snippet."""

from __future__ import annotations

import html
from enum import Enum

import strawberry
from strawberry import relay

from graph.query import BadCursor, UnknownName, page
from graph.search import BadQuery, Hit, explain, search, snippet_spans

from .context import Info, index_of
from .enums import NodeKind
from .errors import bad_input
from .inputs import FindingWhere, to_filter
from .types import Node, PageArgs, from_node, page_sizes

__all__ = ["SearchConnection", "SearchHit", "search_field"]


@strawberry.enum(description="Why a hit ranks where it does: hits come in this order.")
class SearchMatch(Enum):
    EXACT_NAME = strawberry.enum_value(
        "exact_name", description="The text is the node's name, acronym or alias (\"SOMU\")")
    ALL_TERMS = strawberry.enum_value(
        "all_terms", description="Every word or phrase of the text (or its expansion) matched")
    SOME_TERMS = strawberry.enum_value(
        "some_terms", description="Some of the words or phrases matched")


@strawberry.type(description="A piece of a snippet; `matched` pieces are what to highlight.")
class SnippetSpan:
    text: str = strawberry.field(description="The text, as written in the report")
    matched: bool = strawberry.field(description="True for words that matched the search")


@strawberry.type(description="A search hit: the node, how well and why it matched, and where.")
class SearchHit:
    node: Node = strawberry.field(description="The matching node")
    score: float = strawberry.field(
        description="BM25 relevance (higher is better; titles and names weigh more than "
        "bodies); hits are ordered by `match` first, then by score")
    match: SearchMatch = strawberry.field(description="Exact name, every term, or some terms")
    matched_terms: list[str] = strawberry.field(
        description="The node's words that matched, in lower case, as written (stems, "
        "acronyms and their expansions included: \"supervisors\", \"dvpn\")")
    snippet: str = strawberry.field(
        description="The best-matching fragment as HTML: the text escaped, matches in "
        "<mark>…</mark>, cuts shown as …")
    snippet_spans: list[SnippetSpan] = strawberry.field(
        description="The same fragment as plain-text pieces, for clients that highlight "
        "without HTML (safer: nothing to escape)")

    @classmethod
    def of(cls, node: Node, hit: Hit) -> SearchHit:
        spans = snippet_spans(hit.snippet)
        return cls(
            node=node, score=hit.score, match=SearchMatch(hit.match),
            matched_terms=list(hit.matched),
            snippet="".join(f"<mark>{html.escape(t)}</mark>" if m else html.escape(t)
                            for t, m in spans),
            snippet_spans=[SnippetSpan(text=t, matched=m) for t, m in spans],
        )


@strawberry.type(description="A page of search hits, best first, Relay style.")
class SearchConnection(relay.Connection[SearchHit]):
    total_count: int = strawberry.field(description="How many hits there are, over all pages")


def search_field(
    info: Info,
    text: str,
    kinds: list[NodeKind] | None = None,
    where: FindingWhere | None = None,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> SearchConnection:
    first, last = page_sizes(PageArgs(first, after, last, before),
                             info.context.limits.max_page_size)
    index = index_of(info)
    try:
        hits = search(index, text, [k.value for k in kinds or ()],
                      to_filter(where) if where is not None else None)
        by_node = {h.node: h for h in hits}
        result = page([h.node for h in hits], first, after, last, before)
    except (BadQuery, UnknownName, BadCursor) as exc:
        raise bad_input(str(exc)) from exc
    by_node.update((h.node, h) for h in explain(index, [by_node[n] for _, n in result.items]))
    return SearchConnection(
        edges=[relay.Edge(cursor=c, node=SearchHit.of(from_node(index, n), by_node[n]))
               for c, n in result.items],
        page_info=relay.PageInfo(
            has_next_page=result.has_next, has_previous_page=result.has_previous,
            start_cursor=result.start_cursor, end_cursor=result.end_cursor,
        ),
        total_count=result.total,
    )
