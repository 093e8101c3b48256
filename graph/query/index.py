"""Indexes built once per graph, so a query touches only the findings it returns."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from ..errors import PeelGraphError
from ..text import fold_key
from ..theme_score import ABOUT

__all__ = ["GRADE_ORDER", "GraphIndex", "UnknownName"]

GRADE_ORDER = ["Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"]
_LINKS = {
    "theme": "has_theme",
    "unit": "involves_unit",
    "partner": "involves_partner",
    "term": "mentions_term",
}


class UnknownName(PeelGraphError):
    """A filter names something the graph does not have: a typo must not look like no results."""

    def __init__(self, field: str, name: str, kind: str) -> None:
        self.field, self.name, self.kind = field, name, kind
        super().__init__(f"{field}: unknown {kind} {name!r}")


@dataclass
class GraphIndex:
    """Read-only lookups over one graph version: names, postings, orders."""

    graph: nx.MultiDiGraph
    findings: list[str] = field(default_factory=list)
    position: dict[str, int] = field(default_factory=dict)
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    postings: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    by_kind: dict[str, list[str]] = field(default_factory=dict)
    search_text: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Lower-case names, acronyms and aliases of each non-finding node: an exact hit ranks first.
    exact_names: dict[str, frozenset[str]] = field(default_factory=dict)
    # (finding, theme) -> the link's score, for ordering by relevance.
    theme_scores: dict[tuple[str, str], float] = field(default_factory=dict)

    @property
    def version(self) -> str:
        return self.graph.graph.get("version", "")

    @classmethod
    def build(cls, graph: nx.MultiDiGraph) -> GraphIndex:
        index = cls(graph)
        by_kind: dict[str, list[str]] = defaultdict(list)
        for node, data in graph.nodes(data=True):
            by_kind[data["kind"]].append(node)
        index.by_kind = {k: sorted(v) for k, v in by_kind.items()}
        index.findings = _report_order(graph, by_kind.get("finding", []))
        index.position = {f: i for i, f in enumerate(index.findings)}
        for kind in ("theme", "unit", "partner", "term", "area", "force", "report", "assessment"):
            index.names[kind] = _names(graph, index.by_kind.get(kind, []))
        postings: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for finding in index.findings:
            data = graph.nodes[finding]
            postings["kind"][data["finding_kind"]].append(finding)
            postings["grade"][data.get("grade") or ""].append(finding)
            postings["area"][data.get("area") or ""].append(finding)
            postings["report"][data["report"]].append(finding)
            postings["force"][data["force"]].append(finding)
            for _, target, key, link in graph.out_edges(finding, keys=True, data=True):
                if key == "has_theme":
                    # "theme" holds the ABOUT links (a link without a strength is one);
                    # "theme_mentions" every link, ABOUT or MENTIONS.
                    postings["theme_mentions"][target].append(finding)
                    if link.get("strength", ABOUT) == ABOUT:
                        postings["theme"][target].append(finding)
                    index.theme_scores[finding, target] = float(link.get("score") or 0.0)
                    continue
                for kind, edge in _LINKS.items():
                    if key == edge:
                        postings[kind][target].append(finding)
        index.postings = {k: dict(v) for k, v in postings.items()}
        index.search_text = {node: _search_text(data) for node, data in graph.nodes(data=True)}
        index.exact_names = {
            node: frozenset(
                str(name).lower()
                for name in (data.get("name"), data.get("acronym"), *(data.get("aliases") or []))
                if name
            )
            for node, data in graph.nodes(data=True)
            if data["kind"] != "finding"
        }
        return index

    def resolve(self, kind: str, name: str, field_name: str) -> str:
        """A node id from an id, name, short name, acronym or alias (case-insensitive)."""
        found = self.names.get(kind, {}).get(fold_key(name))
        if found is None:
            raise UnknownName(field_name, name, kind)
        return found

    def posting(self, kind: str, node: str) -> list[str]:
        return self.postings.get(kind, {}).get(node, [])


def _report_order(graph: nx.MultiDiGraph, findings: list[str]) -> list[str]:
    def key(node: str) -> tuple[str, int]:
        data = graph.nodes[node]
        return (data["report"], data["line_start"])

    return sorted(findings, key=key)


def _search_text(data: dict) -> tuple[str, str]:
    """(title, body) in lower case: what `search` and the `text` filter read, built once."""
    if data["kind"] == "finding":
        return data["title"].lower(), data["body"].lower()
    title = " ".join(str(data.get(k) or "") for k in ("label", "name", "acronym"))
    return title.lower(), " ".join(data.get("aliases") or data.get("terms") or []).lower()


def _names(graph: nx.MultiDiGraph, nodes: list[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for node in nodes:
        data = graph.nodes[node]
        labels = [node, node.split(":", 1)[1], data.get("label"), data.get("name"),
                  data.get("short_name"), data.get("acronym"), *(data.get("aliases") or [])]
        for label in labels:
            if label:
                names.setdefault(fold_key(str(label)), node)
    return names
