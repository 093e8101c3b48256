"""Choose a subgraph to export or draw: a report, a force, a finding filter, a neighbourhood."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

import networkx as nx

from ..kinds import EdgeKind, FindingKind, Grade, NodeKind
from .findings import FindingFilter, filter_findings
from .index import GraphIndex, UnknownName
from .relations import neighbourhood

__all__ = ["PARAMS", "Selection", "select_subgraph", "selection_from_params"]


@dataclass(frozen=True)
class Selection:
    """What to keep. Every part given must hold; none given means the whole graph."""

    report: str | None = None
    force: str | None = None
    node_kinds: tuple[str, ...] = ()
    where: FindingFilter | None = None
    around: str | None = None
    depth: int = 1
    edge_kinds: tuple[str, ...] = field(default=())

    @property
    def is_everything(self) -> bool:
        return self == Selection()


def _with_links(index: GraphIndex, findings: list[str]) -> set[str]:
    """Findings, what they link to, and the assessment, report and force they sit in."""
    graph = index.graph
    keep: set[str] = set()
    for finding in findings:
        keep.add(finding)
        keep.update(graph.successors(finding))
        data = graph.nodes[finding]
        keep.update(n for n in (data.get("assessment"), data["report"], data["force"]) if n)
    return keep


def select_subgraph(index: GraphIndex, selection: Selection) -> nx.MultiDiGraph:
    """The chosen part of the graph, as a copy (exporters may not change the live graph)."""
    graph = index.graph
    if selection.is_everything:
        return graph.copy()
    keep: set[str] | None = None

    def narrow(nodes: set[str]) -> None:
        nonlocal keep
        keep = nodes if keep is None else keep & nodes

    scope = FindingFilter(
        reports=(selection.report,) if selection.report else (),
        forces=(selection.force,) if selection.force else (),
    )
    if selection.report or selection.force:
        findings = filter_findings(index, scope)
        nodes = _with_links(index, findings)
        for report in {graph.nodes[f]["report"] for f in findings} or _reports(index, scope):
            nodes.update(graph.successors(report))  # assessments, even without findings
            nodes.update(a for r in graph.successors(report) for a in graph.successors(r)
                         if graph.nodes[a]["kind"] == "area")
            nodes.update(graph.predecessors(report))
            nodes.add(report)
        narrow(nodes)
    if selection.where is not None and selection.where != FindingFilter():
        narrow(_with_links(index, filter_findings(index, selection.where)))
    if selection.around:
        if selection.around not in graph:
            raise UnknownName("around", selection.around, "node")
        sub = neighbourhood(index, selection.around, selection.depth, selection.edge_kinds or None)
        narrow(set(sub.nodes))
    nodes = keep if keep is not None else set(graph)
    if selection.node_kinds:
        kinds = set(selection.node_kinds)
        nodes = {n for n in nodes if graph.nodes[n]["kind"] in kinds}
    sub = graph.subgraph(nodes)
    if selection.edge_kinds:
        allowed = set(selection.edge_kinds)
        sub = nx.subgraph_view(sub, filter_edge=lambda u, v, k: k in allowed)
    return nx.MultiDiGraph(sub)


def _reports(index: GraphIndex, scope: FindingFilter) -> set[str]:
    out: set[str] = set()
    if scope.reports:
        out.update(index.resolve("report", r, "report") for r in scope.reports)
    if scope.forces:
        for force in scope.forces:
            out.update(index.graph.successors(index.resolve("force", force, "force")))
    return out


_LISTS = ("kinds", "themes", "themes_all", "units", "partners", "terms", "areas", "grades",
          "forces", "reports")


def _split(values: list[str]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


# Every parameter `selection_from_params` reads: HTTP query parameters, CLI options, one list.
PARAMS = (
    "report", "force", "kinds", "around", "depth", "edge_kinds",
    *(f"finding_{name}" for name in _LISTS), "finding_text", "finding_theme_strength",
)


def _check(name: str, values: tuple[str, ...], vocabulary: type[Enum]) -> None:
    known = [member.value for member in vocabulary]
    for value in values:
        if value not in known:
            raise ValueError(f"{name}: unknown value {value!r}; choose from {', '.join(known)}")


def selection_from_params(params: Mapping[str, list[str]]) -> Selection:
    """Query parameters (or CLI options) to a Selection; finding filters use `finding_` names."""
    finding = {name: _split(params.get(f"finding_{name}", [])) for name in _LISTS}
    finding["grades"] = tuple(g.replace("_", " ").capitalize() for g in finding["grades"])
    finding["kinds"] = tuple(k.lower() for k in finding["kinds"])
    node_kinds = tuple(k.lower() for k in _split(params.get("kinds", [])))
    _check("finding_kinds", finding["kinds"], FindingKind)
    _check("finding_grades", finding["grades"], Grade)
    text = (params.get("finding_text") or [None])[0]
    strength = (params.get("finding_theme_strength") or ["about"])[0].lower()
    if strength not in ("about", "mentions"):
        raise ValueError(f"finding_theme_strength: unknown value {strength!r}; choose from"
                         " about, mentions")
    where = FindingFilter(**finding, text=text, theme_strength=strength)
    _check("kinds", node_kinds, NodeKind)
    _check("edge_kinds", _split(params.get("edge_kinds", [])), EdgeKind)
    depth = (params.get("depth") or ["1"])[0]
    if not depth.isdigit():
        raise ValueError(f"depth: expected a whole number, got {depth!r}")
    return Selection(
        report=(params.get("report") or [None])[0],
        force=(params.get("force") or [None])[0],
        node_kinds=node_kinds,
        where=where if where != FindingFilter() else None,
        around=(params.get("around") or [None])[0],
        depth=int(depth),
        edge_kinds=_split(params.get("edge_kinds", [])),
    )
