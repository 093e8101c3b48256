"""The Query root: entry points into the graph."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graph.query import (
    GraphIndex,
    QueryTooLarge,
    Subgraph,
    UnknownName,
    cooccurrence,
    filter_findings,
    neighbourhood,
    shortest_path,
)
from graph.query.relations import MAX_DEPTH

from .context import Info, index_of
from .enums import EdgeKind, FindingKind, FindingOrder, NodeKind
from .errors import bad_input, too_large
from .inputs import FindingWhere, to_filter
from .types import (
    Area,
    FindingConnection,
    Force,
    Node,
    PageArgs,
    Partner,
    Report,
    Term,
    Theme,
    Unit,
    finding_connection,
    from_node,
    views,
)

__all__ = ["Query"]


@strawberry.type(
    description="A node's place in one traversal's answer: its depth there, and the node. "
    "Not an entity (no `id`): the same node has another depth in another traversal, so "
    "clients' caches keep this with the query that asked, and the node itself by its id."
)
class GraphNode:
    node_id: strawberry.ID = strawberry.field(description="The node's stable id")
    kind: NodeKind = strawberry.field(description="Node kind")
    label: str = strawberry.field(description="Readable label")
    depth: int | None = strawberry.field(
        default=None, description="Hops from the start (in a path: the position on it)"
    )
    node: Node = strawberry.field(description="The node as its full GraphQL type")


@strawberry.type(
    description="Why an edge exists. A list is empty where the edge's kind has no such "
    "evidence: structural edges (a report's areas, an area's findings) have none."
)
class Evidence:
    matched_terms: list[str] = strawberry.field(description="The words that made the link")
    lines: list[int] = strawberry.field(description="Report lines the words are on")
    sentences: list[str] = strawberry.field(
        description="For WORKS_WITH: each sentence naming both ends"
    )
    finding_ids: list[strawberry.ID] = strawberry.field(
        description="For WORKS_WITH: the finding of each of those sentences"
    )

    @classmethod
    def of(cls, attributes: dict) -> Evidence:
        return cls(
            matched_terms=list(attributes.get("matched", ())),
            lines=list(attributes.get("lines", ())),
            sentences=list(attributes.get("sentences", ())),
            finding_ids=[strawberry.ID(f) for f in attributes.get("findings", ())],
        )


@strawberry.type(description="An edge in a subgraph answer, with the evidence for it.")
class GraphEdge:
    source: strawberry.ID = strawberry.field(description="Source node id")
    target: strawberry.ID = strawberry.field(description="Target node id")
    kind: EdgeKind = strawberry.field(description="Edge kind")
    evidence: Evidence = strawberry.field(description="Why the edge exists")


@strawberry.type(name="Subgraph", description="Nodes and the edges among them.")
class SubgraphResult:
    nodes: list[GraphNode] = strawberry.field(description="Nodes, nearest first")
    edges: list[GraphEdge] = strawberry.field(description="Edges among the nodes")


@strawberry.type(description="One step of a path: a node and the edge that led to it.")
class PathStep:
    position: int = strawberry.field(description="0 for the start, then 1, 2 …")
    node: Node = strawberry.field(description="The node reached")
    edge: GraphEdge | None = strawberry.field(
        description="The edge from the previous step's node (null at the start)"
    )


@strawberry.type(description="A path between two nodes, step by step, with the evidence.")
class Path:
    steps: list[PathStep] = strawberry.field(description="The nodes from start to end")
    nodes: list[GraphNode] = strawberry.field(description="The same nodes with kind and label")
    edges: list[GraphEdge] = strawberry.field(description="The edges, start to end")


@strawberry.type(description="Two things that findings link together, and how often.")
class Cooccurrence:
    first: Theme = strawberry.field(description="One theme")
    second: Theme = strawberry.field(description="The other theme")
    count: int = strawberry.field(description="How many findings link both")
    finding_ids: list[strawberry.ID] = strawberry.field(description="Those findings' ids")


def _subgraph(index: GraphIndex, sub: Subgraph) -> SubgraphResult:
    return SubgraphResult(nodes=_graph_nodes(index, sub), edges=_graph_edges(sub))


def _graph_nodes(index: GraphIndex, sub: Subgraph) -> list[GraphNode]:
    graph = index.graph
    objects = views(index)
    return [
        GraphNode(node_id=strawberry.ID(n), kind=NodeKind(graph.nodes[n]["kind"]),
                  label=graph.nodes[n]["label"], depth=sub.depths.get(n), node=objects[n])
        for n in sub.nodes
    ]


def _graph_edges(sub: Subgraph) -> list[GraphEdge]:
    return [
        GraphEdge(source=strawberry.ID(e.source), target=strawberry.ID(e.target),
                  kind=EdgeKind(e.kind), evidence=Evidence.of(e.evidence))
        for e in sub.edges
    ]


def _path(index: GraphIndex, sub: Subgraph) -> Path:
    objects = views(index)
    edges = _graph_edges(sub)
    return Path(
        steps=[PathStep(position=i, node=objects[n], edge=edges[i - 1] if i else None)
               for i, n in enumerate(sub.nodes)],
        nodes=_graph_nodes(index, sub),
        edges=edges,
    )


def _named(index: GraphIndex, name: str, argument: str) -> str:
    """A node id from an id or a name, as `FindingWhere` reads names."""
    try:
        return index.resolve_node(name, argument)
    except UnknownName as exc:
        raise bad_input(str(exc)) from exc


def _objects(index: GraphIndex, ids: list[str]) -> list:
    objects = views(index)
    return [objects[i] for i in ids]


def _by_count(index, kind: str, order_by_count: bool) -> list[str]:
    ids = index.by_kind.get(kind, [])
    if order_by_count:
        return sorted(ids, key=lambda n: (-len(index.posting(kind, n)), n))
    return ids


@strawberry.type(description="Questions across PEEL inspection reports.")
class Query:
    @strawberry.field(description="The graph's version: a content hash of its reports and lexicon")
    def graph_version(self, info: Info) -> str:
        return index_of(info).version

    @strawberry.field(description="A node by its stable id; null when there is none")
    def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return from_node(index_of(info), id)

    @strawberry.field(description="Nodes by id, null for each unknown id")
    def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        most = info.context.limits.max_page_size
        if len(ids) > most:
            raise bad_input(f"ids: at most {most} ids per request (got {len(ids)})")
        return [from_node(index_of(info), i) for i in ids]

    @strawberry.field(description="Every report")
    def reports(self, info: Info) -> list[Report]:
        return _objects(index_of(info), index_of(info).by_kind.get("report", []))

    @strawberry.field(description="Every force")
    def forces(self, info: Info) -> list[Force]:
        return _objects(index_of(info), index_of(info).by_kind.get("force", []))

    @strawberry.field(description="The canonical areas of policing")
    def areas(self, info: Info) -> list[Area]:
        return _objects(index_of(info), index_of(info).by_kind.get("area", []))

    @strawberry.field(description="Themes; by how many findings link to them when orderByCount")
    def themes(self, info: Info, order_by_count: bool = False) -> list[Theme]:
        return _objects(index_of(info), _by_count(index_of(info), "theme", order_by_count))

    @strawberry.field(description="Units of the force; by finding count when orderByCount")
    def units(self, info: Info, order_by_count: bool = False) -> list[Unit]:
        return _objects(index_of(info), _by_count(index_of(info), "unit", order_by_count))

    @strawberry.field(description="Partner organisations; by finding count when orderByCount")
    def partners(self, info: Info, order_by_count: bool = False) -> list[Partner]:
        return _objects(index_of(info), _by_count(index_of(info), "partner", order_by_count))

    @strawberry.field(description="Glossary terms; by finding count when orderByCount")
    def terms(self, info: Info, order_by_count: bool = False) -> list[Term]:
        return _objects(index_of(info), _by_count(index_of(info), "term", order_by_count))

    @strawberry.field(description="Findings matching a filter, a page at a time: forwards "
                      "with `first`/`after`, backwards with `last`/`before` (20 when neither "
                      "`first` nor `last` is given; at most 100 by default: the server's "
                      "PEEL_MAX_PAGE_SIZE)")
    def findings(
        self,
        info: Info,
        where: FindingWhere | None = None,
        order_by: FindingOrder = FindingOrder.REPORT,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> FindingConnection:
        return finding_connection(index_of(info), where, PageArgs(first, after, last, before),
                                  order_by, max_page=info.context.limits.max_page_size)

    @strawberry.field(description=f"Nodes within `depth` hops (at most {MAX_DEPTH}) of a node, "
                      "given by id or by name (\"SOMU\")")
    def neighbourhood(
        self, info: Info, id: strawberry.ID, depth: int = 1,
        edge_kinds: list[EdgeKind] | None = None,
    ) -> SubgraphResult:
        index = index_of(info)
        if not 0 <= depth <= MAX_DEPTH:
            raise bad_input(f"depth must be between 0 and {MAX_DEPTH} (got {depth})")
        start = _named(index, id, "id")
        try:
            sub = neighbourhood(index, start, depth, [k.value for k in edge_kinds or ()],
                                max_nodes=info.context.limits.max_traversal_nodes)
        except QueryTooLarge as exc:
            raise too_large(str(exc)) from exc
        return _subgraph(index, sub)

    @strawberry.field(description="The shortest path between two nodes, each given by id or "
                      "by name (direction ignored), each edge with its kind and evidence; null "
                      "when unconnected")
    def shortest_path(
        self,
        info: Info,
        from_: Annotated[strawberry.ID, strawberry.argument(
            name="from", description="Start: an id (`unit:somu`) or a name (`SOMU`)")],
        to: Annotated[strawberry.ID, strawberry.argument(
            description="End: an id (`term:visor`) or a name (`ViSOR`)")],
        edge_kinds: list[EdgeKind] | None = None,
    ) -> Path | None:
        index = index_of(info)
        start, end = _named(index, from_, "from"), _named(index, to, "to")
        sub = shortest_path(index, start, end, [k.value for k in edge_kinds or ()])
        return _path(index, sub) if sub else None

    @strawberry.field(description="Which themes appear together in findings (by default causes "
                      "of concern and areas for improvement), with counts")
    def theme_cooccurrence(
        self, info: Info, where: FindingWhere | None = None, min_count: int = 1,
    ) -> list[Cooccurrence]:
        index = index_of(info)
        if where is None:
            where = FindingWhere(kinds=[FindingKind.CAUSE_OF_CONCERN,
                                        FindingKind.AREA_FOR_IMPROVEMENT])
        try:
            findings = filter_findings(index, to_filter(where))
        except UnknownName as exc:
            raise bad_input(str(exc)) from exc
        objects = views(index)
        return [
            Cooccurrence(first=objects[c.first], second=objects[c.second], count=c.count,
                         finding_ids=[strawberry.ID(f) for f in c.findings])
            for c in cooccurrence(index, findings, "theme", min_count)
        ]
