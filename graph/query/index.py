"""Indexes built once per graph, so a query touches only the findings it returns."""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from ..errors import PeelGraphError
from ..gc_pause import gc_paused
from ..text import fold_key
from ..theme_score import ABOUT

__all__ = ["GRADE_ORDER", "NAMED_KINDS", "GraphIndex", "UnknownName"]

GRADE_ORDER = ["Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"]
_LINKS = {
    "theme": "has_theme",
    "unit": "involves_unit",
    "partner": "involves_partner",
    "term": "mentions_term",
}
_POSTING_OF = {edge: kind for kind, edge in _LINKS.items() if edge != "has_theme"}


# Kinds a traversal or export may give by name; when two kinds share a name ("MASH" is a
# unit and a glossary term) the earlier kind wins, and the other is reached by its id.
NAMED_KINDS = ("theme", "unit", "partner", "term", "area", "force", "report", "assessment")


class UnknownName(PeelGraphError):
    """A filter names something the graph does not have: a typo must not look like no results.

    `suggestion` is the id of the closest known name, when one is close enough to be a typo.
    """

    def __init__(self, field: str, name: str, kind: str, suggestion: str | None = None) -> None:
        self.field, self.name, self.kind, self.suggestion = field, name, kind, suggestion
        hint = f"; the nearest is {suggestion!r}" if suggestion else ""
        super().__init__(f"{field}: unknown {kind} {name!r}{hint}")


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
    # Indexes built on first use for this graph version (e.g. "similarity", see similar.py).
    extras: dict[str, object] = field(default_factory=dict, repr=False)
    # (finding, theme) -> the link's score, for ordering by relevance.
    theme_scores: dict[tuple[str, str], float] = field(default_factory=dict)

    @property
    def version(self) -> str:
        return self.graph.graph.get("version", "")

    @classmethod
    def build(cls, graph: nx.MultiDiGraph) -> GraphIndex:
        """The index of a graph, made with the collector paused (see `gc_paused`): its
        dicts and lists all live as long as the graph does."""
        with gc_paused():
            return cls._build(graph)

    @classmethod
    def _build(cls, graph: nx.MultiDiGraph) -> GraphIndex:
        index = cls(graph)
        nodes = dict(graph.nodes(data=True))  # plain dict: far cheaper than `graph.nodes[n]`
        by_kind: dict[str, list[str]] = defaultdict(list)
        for node, data in nodes.items():
            by_kind[data["kind"]].append(node)
        index.by_kind = {k: sorted(v) for k, v in by_kind.items()}
        index.findings = _report_order(nodes, by_kind.get("finding", []))
        index.position = {f: i for i, f in enumerate(index.findings)}
        for kind in ("theme", "unit", "partner", "term", "area", "force", "report", "assessment"):
            index.names[kind] = _names(nodes, index.by_kind.get(kind, []))
        postings: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        adjacency = dict(graph.adjacency())  # plain dicts: far cheaper than edge views
        scores = index.theme_scores
        following: set[str] = set()  # the findings that follow an earlier one up
        if index.findings:  # each finding's own postings, looked up once, not per finding
            kinds, grades, areas, reports, forces, cycles = (
                postings[k] for k in ("kind", "grade", "area", "report", "force", "cycle")
            )
        for finding in index.findings:
            data = nodes[finding]
            get = data.get
            kinds[data["finding_kind"]].append(finding)
            grades[get("grade") or ""].append(finding)
            areas[get("area") or ""].append(finding)
            reports[data["report"]].append(finding)
            forces[data["force"]].append(finding)
            cycles[nodes[data["report"]].get("cycle_key", "")].append(finding)
            for target, keyed in adjacency[finding].items():
                for key, link in keyed.items():
                    if key == "has_theme":
                        # "theme" holds the ABOUT links (a link without a strength is one);
                        # "theme_mentions" every link, ABOUT or MENTIONS.
                        postings["theme_mentions"][target].append(finding)
                        if link.get("strength", ABOUT) == ABOUT:
                            postings["theme"][target].append(finding)
                        scores[finding, target] = float(link.get("score") or 0.0)
                    elif key in _POSTING_OF:
                        postings[_POSTING_OF[key]][target].append(finding)
                    elif key == "follows_up":
                        following.add(finding)
        for finding, status in _follow_up_status(nodes, adjacency, following).items():
            postings["status"][status].append(finding)
        for by_status in postings["status"].values():
            by_status.sort(key=index.position.__getitem__)
        index.postings = {k: dict(v) for k, v in postings.items()}
        index.names["cycle"] = {
            fold_key(str(label)): data["cycle_key"]
            for data in (nodes[r] for r in index.by_kind.get("report", []))
            for label in (data.get("cycle_key"), data.get("cycle"),
                          str(data.get("cycle") or "").replace("\u2013", "-"))
            if label
        }
        index.search_text = {node: _search_text(data) for node, data in nodes.items()}
        return index

    def resolve(self, kind: str, name: str, field_name: str) -> str:
        """A node id from an id, name, short name, acronym or alias (case-insensitive)."""
        found = self.names.get(kind, {}).get(fold_key(name))
        if found is None:
            raise UnknownName(field_name, name, kind, self._closest(name, (kind,)))
        return found

    def resolve_node(self, name: str, field_name: str) -> str:
        """Any node from its exact id, or else a name as `resolve` reads it, of the first
        kind in `NAMED_KINDS` that has it (findings and statistics by id only)."""
        if name in self.graph:
            return name
        key = fold_key(name)
        for kind in NAMED_KINDS:
            found = self.names.get(kind, {}).get(key)
            if found is not None:
                return found
        raise UnknownName(field_name, name, "node", self._closest(name, NAMED_KINDS))

    def _closest(self, name: str, kinds: tuple[str, ...]) -> str | None:
        """The id whose name is nearest to `name`, if one is near enough to be a typo."""
        known: dict[str, str] = {}
        for kind in kinds:
            known.update(self.names.get(kind, {}))
        close = difflib.get_close_matches(fold_key(name), list(known), n=1, cutoff=0.75)
        return known[close[0]] if close else None

    def posting(self, kind: str, node: str) -> list[str]:
        return self.postings.get(kind, {}).get(node, [])


_FOLLOWED_KINDS = frozenset({"cause_of_concern", "area_for_improvement"})


def _follow_up_status(
    nodes: dict[str, dict], adjacency: dict[str, dict], following: set[str]
) -> dict[str, str]:
    """Each followed-up finding's status, as the latest report that reports on it says.

    A cause of concern or area for improvement whose force has a later report that never
    reports on it is `unknown`, not status-less: "not yet closed" must include what the next
    inspection passed over. With no later report there is nothing to say, so no status.
    `nodes` and `adjacency` are the graph's as plain dicts (far cheaper to read than its
    views); only the edges of the findings `following` others up are read, in graph order."""
    latest: dict[str, tuple[str, str]] = {}
    for source in [node for node in nodes if node in following]:
        for target, keyed in adjacency[source].items():
            data = keyed.get("follows_up")
            if data is None:
                continue
            cycle = nodes[nodes[source]["report"]].get("cycle_key", "")
            if target not in latest or cycle > latest[target][0]:
                latest[target] = (cycle, data["status"])
    last_cycle: dict[str, str] = {}
    for data in nodes.values():
        if data["kind"] == "report":
            force, cycle = data["force"], data.get("cycle_key", "")
            last_cycle[force] = max(last_cycle.get(force, cycle), cycle)
    status = {finding: s for finding, (_, s) in latest.items()}
    for node, data in nodes.items():
        if data["kind"] == "finding" and data["finding_kind"] in _FOLLOWED_KINDS:
            report = nodes[data["report"]]
            if report.get("cycle_key", "") < last_cycle[report["force"]]:
                status.setdefault(node, "unknown")
    return dict(sorted(status.items()))


def _report_order(nodes: dict[str, dict], findings: list[str]) -> list[str]:
    def key(node: str) -> tuple[str, int]:
        data = nodes[node]
        return (data["report"], data["line_start"])

    return sorted(findings, key=key)


def _search_text(data: dict) -> tuple[str, str]:
    """(title, body) in lower case: what the `text` filter reads, built once."""
    if data["kind"] == "finding":
        return data["title"].lower(), data["body"].lower()
    get = data.get
    title = f"{get('label') or ''!s} {get('name') or ''!s} {get('acronym') or ''!s}"
    return title.lower(), " ".join(data.get("aliases") or data.get("terms") or []).lower()


def _names(attributes: dict[str, dict], nodes: list[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for node in nodes:
        data = attributes[node]
        labels = [node, node.split(":", 1)[1], data.get("label"), data.get("name"),
                  data.get("short_name"), data.get("acronym"), *(data.get("aliases") or [])]
        for label in labels:
            if label:
                names.setdefault(fold_key(str(label)), node)
    return names
