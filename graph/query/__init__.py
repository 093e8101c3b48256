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
    shortest_path,
)
from .similar import MAX_SIMILAR, SimilarFinding, similar_findings
from .subgraph import (
    FILTER_HELP,
    PARAMS,
    Selection,
    UnknownParameter,
    select_subgraph,
    selection_from_params,
    selection_stem,
)

__all__ = [
    "FILTER_HELP",
    "GRADE_ORDER",
    "MAX_SIMILAR",
    "PARAMS",
    "BadCursor",
    "BadOrder",
    "Cooccurrence",
    "EdgeView",
    "FindingFilter",
    "GraphIndex",
    "Page",
    "QueryTooLarge",
    "Selection",
    "SimilarFinding",
    "Subgraph",
    "UnknownName",
    "UnknownParameter",
    "cooccurrence",
    "filter_findings",
    "neighbourhood",
    "order_findings",
    "page",
    "select_subgraph",
    "selection_from_params",
    "selection_stem",
    "shortest_path",
    "similar_findings",
]
