"""Plain functions over the graph: what the GraphQL layer (and anyone else) calls."""

from .findings import (
    BadCursor,
    BadOrder,
    FindingFilter,
    Page,
    filter_findings,
    order_findings,
    page,
)
from .index import GRADE_ORDER, GraphIndex, UnknownName
from .relations import (
    Cooccurrence,
    EdgeView,
    QueryTooLarge,
    Subgraph,
    cooccurrence,
    neighbourhood,
    search,
    shortest_path,
)
from .subgraph import Selection, select_subgraph, selection_from_params

__all__ = [
    "GRADE_ORDER",
    "BadCursor",
    "BadOrder",
    "Cooccurrence",
    "EdgeView",
    "FindingFilter",
    "GraphIndex",
    "Page",
    "QueryTooLarge",
    "Selection",
    "Subgraph",
    "UnknownName",
    "cooccurrence",
    "filter_findings",
    "neighbourhood",
    "order_findings",
    "page",
    "search",
    "select_subgraph",
    "selection_from_params",
    "shortest_path",
]
