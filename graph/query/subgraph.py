"""Choose a subgraph to export or draw: a report, a force, a finding filter, a neighbourhood."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum

import networkx as nx

from ..kinds import EdgeKind, FindingKind, FollowUpStatus, Grade, NodeKind
from ..text import slugify
from .findings import FindingFilter, filter_findings
from .index import GraphIndex
from .relations import neighbourhood

__all__ = [
    "FILTER_HELP",
    "PARAMS",
    "Selection",
    "UnknownParameter",
    "check_params",
    "select_subgraph",
    "selection_from_params",
    "selection_stem",
]


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
        around = index.resolve_node(selection.around, "around")  # an id or a name: "SOMU"
        sub = neighbourhood(index, around, selection.depth, selection.edge_kinds or None)
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
          "forces", "reports", "cycles", "statuses")


def _split(values: list[str]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


# Every parameter `selection_from_params` reads: HTTP query parameters, CLI options, one list.
PARAMS = (
    "report", "force", "kinds", "around", "depth", "edge_kinds",
    *(f"finding_{name}" for name in _LISTS), "finding_text", "finding_theme_strength",
)


# One line per filter: GET /export, the CLI's --help and the README say the same.
FILTER_HELP: dict[str, str] = {
    "report": "only this report (id, e.g. staffordshire-2021-22) and what it links to",
    "force": "only this force's reports (name or id, e.g. staffordshire)",
    "kinds": "node kinds to keep, comma-separated (finding,unit,theme …)",
    "around": "a node id whose neighbourhood to export (e.g. unit:somu)",
    "depth": "hops around the `around` node, 0-3 (default 1; needs around)",
    "edge_kinds": "edge kinds to keep, comma-separated (has_theme,involves_unit …)",
    "finding_kinds": "findings of these kinds (cause_of_concern or cause-of-concern …)",
    "finding_themes": "findings linked to any of these themes (e.g. supervision)",
    "finding_themes_all": "findings linked to every one of these themes",
    "finding_units": "findings involving any of these units (e.g. SOMU,MASH)",
    "finding_partners": "findings involving any of these partners (e.g. probation)",
    "finding_terms": "findings mentioning any of these glossary terms (e.g. ViSOR)",
    "finding_areas": "findings in any of these areas (name, short name or id)",
    "finding_grades": "findings in areas graded any of these (inadequate,requires_improvement …)",
    "finding_forces": "findings in reports on any of these forces",
    "finding_reports": "findings in any of these reports (id)",
    "finding_cycles": "findings in reports of any of these cycles (2021/22, 2023-25 …)",
    "finding_statuses": "findings whose latest follow-up status is any of these (closed,"
                        "partly_addressed,not_addressed,unknown)",
    "finding_text": "findings whose title or body has a word starting with this text",
    "finding_theme_strength": "about (default: findings about the themes named) or mentions "
                              "(any theme link)",
}
assert tuple(FILTER_HELP) == PARAMS, "every /export filter needs its one-line help"


class UnknownParameter(ValueError):
    """A parameter that selects nothing: misspelled, unknown, or meaningless on its own."""


def _check(name: str, values: tuple[str, ...], vocabulary: type[Enum]) -> None:
    known = [member.value for member in vocabulary]
    for value in values:
        if value not in known:
            raise ValueError(f"{name}: unknown value {value!r}; choose from {', '.join(known)}")


def _vocabulary(values: tuple[str, ...]) -> tuple[str, ...]:
    """Kinds as ids spell them (`cause-of-concern`) or as enums do (`CAUSE_OF_CONCERN`)."""
    return tuple(v.lower().replace("-", "_") for v in values)


def check_params(names: Iterable[str]) -> None:
    """Refuse parameters that would be ignored: a typo must not return the whole graph."""
    given = list(dict.fromkeys(names))
    unknown = [n for n in given if n not in PARAMS]
    if unknown:
        raise UnknownParameter(
            f"unknown parameter{'s' if len(unknown) > 1 else ''} {', '.join(unknown)};"
            f" the filters are {', '.join(PARAMS)}")
    if "depth" in given and "around" not in given:
        raise UnknownParameter("depth: only means something with around (the node whose "
                               "neighbourhood to export); give around=<node id> or drop depth")


def selection_from_params(params: Mapping[str, list[str]]) -> Selection:
    """Query parameters (or CLI options) to a Selection; finding filters use `finding_` names.
    Unknown or meaningless parameters raise `UnknownParameter` naming them."""
    check_params(params)
    finding = {name: _split(params.get(f"finding_{name}", [])) for name in _LISTS}
    finding["grades"] = tuple(
        g.replace("_", " ").replace("-", " ").capitalize() for g in finding["grades"])
    finding["kinds"] = _vocabulary(finding["kinds"])
    finding["statuses"] = _vocabulary(finding["statuses"])
    node_kinds = _vocabulary(_split(params.get("kinds", [])))
    edge_kinds = _vocabulary(_split(params.get("edge_kinds", [])))
    _check("finding_kinds", finding["kinds"], FindingKind)
    _check("finding_grades", finding["grades"], Grade)
    _check("finding_statuses", finding["statuses"], FollowUpStatus)
    text = (params.get("finding_text") or [None])[0]
    strength = (params.get("finding_theme_strength") or ["about"])[0].lower()
    if strength not in ("about", "mentions"):
        raise ValueError(f"finding_theme_strength: unknown value {strength!r}; choose from"
                         " about, mentions")
    where = FindingFilter(**finding, text=text, theme_strength=strength)
    _check("kinds", node_kinds, NodeKind)
    _check("edge_kinds", edge_kinds, EdgeKind)
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
        edge_kinds=edge_kinds,
    )


_STEM_MAX = 150


def selection_stem(prefix: str, selection: Selection) -> str:
    """A file name stem that says what was selected, so two downloads never collide:
    `peel-graph-<version>` for the whole graph, else e.g.
    `peel-graph-<version>-themes-supervision-kinds-cause-of-concern`."""
    parts: list[str] = []
    for name, values in (
        ("report", (selection.report,) if selection.report else ()),
        ("force", (selection.force,) if selection.force else ()),
        ("kinds", selection.node_kinds),
        ("around", (selection.around, f"depth-{selection.depth}") if selection.around else ()),
        ("edges", selection.edge_kinds),
    ):
        if values:
            parts.append("-".join([name, *values]))
    where = selection.where or FindingFilter()
    for name in (*_LISTS, "text"):
        values = getattr(where, name)
        if values:
            parts.append("-".join([name, *((values,) if isinstance(values, str) else values)]))
    if not parts:
        return prefix
    stem = slugify(" ".join(parts))
    if len(stem) > _STEM_MAX:
        digest = hashlib.sha256(stem.encode()).hexdigest()[:8]
        stem = f"{stem[:_STEM_MAX].rstrip('-')}-{digest}"
    return f"{prefix}-{stem}"
