"""Full-text search: the query grammar, acronym expansion and the FTS5 index of a graph."""

from __future__ import annotations

from .grammar import BadQuery, Item, parse_query
from .index import Hit, TextIndex, text_index
from .run import explain, search, snippet_spans
from .synonyms import Synonyms, definitions, slash_forms

__all__ = [
    "BadQuery",
    "Hit",
    "Item",
    "Synonyms",
    "TextIndex",
    "definitions",
    "explain",
    "parse_query",
    "search",
    "slash_forms",
    "snippet_spans",
    "text_index",
]
