"""The benchmark's fixed queries: each a GraphQL document and a plain-Python computation of
the same answer, straight from the NetworkX graph (no GraphQL, no per-node caches).

The plain functions are the floor: they use the same graph functions the resolvers call
(`filter_findings`, `neighbourhood`, `shortest_path`) and build the answer as dicts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph import kinds
from graph.query import FindingFilter, GraphIndex, filter_findings, neighbourhood, shortest_path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples"

KIND = {k.value: k.name for k in kinds.FindingKind}
GRADE = {g.value: g.name for g in kinds.Grade}
NODE_KIND = {k.value: k.name for k in kinds.NodeKind}
EDGE_KIND = {k.value: k.name for k in kinds.EdgeKind}


def _grade(value: str | None) -> str | None:
    return GRADE[value] if value else None


def _area(nodes, finding: dict) -> dict | None:
    """A finding's `area { name grade }`."""
    if not finding["assessment"]:
        return None
    a = nodes[finding["assessment"]]
    return {"name": a["name"], "grade": _grade(a["grade"])}


def _out(graph, node: str, edge: str) -> list[tuple[str, dict]]:
    return sorted(
        ((v, d) for _, v, k, d in graph.out_edges(node, keys=True, data=True) if k == edge),
        key=lambda item: item[0],
    )


# -- 1. supervision concerns (data/examples/01) -----------------------------------------

SUPERVISION = (EXAMPLES / "01-supervision-concerns.graphql").read_text(encoding="utf-8")
"""Its variables ($kinds, $themes) default to the supervision question; the varied load
sets them to ask about every theme."""


def plain_concerns(
    index: GraphIndex,
    kinds_: tuple[str, ...] = ("cause_of_concern", "area_for_improvement"),
    themes: tuple[str, ...] = ("supervision",),
    first: int = 50,
) -> dict:
    graph = index.graph
    nodes = graph.nodes
    ids = filter_findings(index, FindingFilter(kinds=kinds_, themes=themes))
    edges = []
    for f in ids[:first]:
        d = nodes[f]
        area = _area(nodes, d)
        edges.append({"node": {
            "kind": KIND[d["finding_kind"]],
            "title": d["title"],
            "area": area,
            "themeLinks": [{"theme": {"id": v}, "matchedTerms": list(e["matched"])}
                           for v, e in _out(graph, f, "has_theme")],
            "source": {"lineStart": d["line_start"], "lineEnd": d["line_end"]},
        }})
    return {"findings": {"totalCount": len(ids), "edges": edges}}


# -- 2. a report's full structure (data/examples/02) ------------------------------------

REPORT_STRUCTURE = (EXAMPLES / "02-report-structure.graphql").read_text(encoding="utf-8")


def plain_report_structure(index: GraphIndex) -> dict:
    graph = index.graph
    nodes = graph.nodes
    out = []
    for r in sorted(n for n, d in nodes(data=True) if d["kind"] == "report"):
        areas = [a for a, _ in _out(graph, r, "has_assessment")]
        areas.sort(key=lambda a: nodes[a]["line_start"])
        area_list = []
        for a in areas:
            found = [f for f, _ in _out(graph, a, "has_finding")]
            found.sort(key=lambda f: (nodes[f]["report"], nodes[f]["line_start"]))
            area_list.append({
                "name": nodes[a]["name"],
                "grade": _grade(nodes[a]["grade"]),
                "findings": [{"kind": KIND[nodes[f]["finding_kind"]], "title": nodes[f]["title"]}
                             for f in found],
            })
        out.append({"id": r, "title": nodes[r]["title"], "areas": area_list})
    return {"reports": out}


# -- 3. a unit's findings ----------------------------------------------------------------

UNIT_FINDINGS = """\
query UnitFindings($id: ID!) {
  node(id: $id) {
    ... on Unit {
      name
      acronym
      findingCount
      findings(first: 100) {
        totalCount
        edges {
          node {
            id
            kind
            title
            grade
            report {
              id
            }
          }
        }
      }
    }
  }
}
"""


def plain_unit_findings(index: GraphIndex, unit: str) -> dict:
    graph = index.graph
    nodes = graph.nodes
    d = nodes[unit]
    ids = [u for u, _, k in graph.in_edges(unit, keys=True) if k == "involves_unit"]
    ids.sort(key=lambda f: (nodes[f]["report"], nodes[f]["line_start"]))
    return {"node": {
        "name": d["label"],
        "acronym": d["acronym"],
        "findingCount": len(ids),
        "findings": {
            "totalCount": len(ids),
            "edges": [{"node": {
                "id": f,
                "kind": KIND[nodes[f]["finding_kind"]],
                "title": nodes[f]["title"],
                "grade": _grade(nodes[f]["grade"]),
                "report": {"id": nodes[f]["report"]},
            }} for f in ids[:100]],
        },
    }}


# -- 4. shortest path (data/examples/04) and 5. neighbourhood ---------------------------

SHORTEST_PATH = (EXAMPLES / "04-somu-to-visor.graphql").read_text(encoding="utf-8")

NEIGHBOURHOOD = """\
query Around($id: ID!, $depth: Int!) {
  neighbourhood(id: $id, depth: $depth) {
    nodes {
      nodeId
      kind
      label
      depth
    }
    edges {
      source
      target
      kind
      evidence {
        matchedTerms
        lines
      }
    }
  }
}
"""


def _evidence(attributes: dict) -> dict:
    return {"matchedTerms": list(attributes.get("matched", ())),
            "lines": list(attributes.get("lines", ()))}


def plain_shortest_path(index: GraphIndex, source: str = "unit:somu",
                        target: str = "term:visor") -> dict:
    nodes = index.graph.nodes
    sub = shortest_path(index, source, target)
    if sub is None:
        return {"shortestPath": None}
    return {"shortestPath": {
        "nodes": [{"nodeId": n, "label": nodes[n]["label"], "kind": NODE_KIND[nodes[n]["kind"]]}
                  for n in sub.nodes],
        "edges": [{"kind": EDGE_KIND[e.kind], "source": e.source, "target": e.target,
                   "evidence": _evidence(e.evidence)} for e in sub.edges],
    }}


def plain_neighbourhood(index: GraphIndex, node: str, depth: int) -> dict:
    nodes = index.graph.nodes
    sub = neighbourhood(index, node, depth)
    return {"neighbourhood": {
        "nodes": [{"nodeId": n, "kind": NODE_KIND[nodes[n]["kind"]], "label": nodes[n]["label"],
                   "depth": sub.depths.get(n)} for n in sub.nodes],
        "edges": [{"source": e.source, "target": e.target, "kind": EDGE_KIND[e.kind],
                   "evidence": _evidence(e.evidence)} for e in sub.edges],
    }}


# -- 6. one force's findings --------------------------------------------------------------

FORCE_FINDINGS = """\
query ForceFindings($force: String!) {
  findings(where: {forces: [$force]}, first: 100) {
    totalCount
    edges {
      node {
        id
        kind
        title
        area {
          name
          grade
        }
        themes {
          id
          name
        }
        units {
          id
          name
        }
      }
    }
  }
}
"""


def plain_force_findings(index: GraphIndex, force: str) -> dict:
    graph = index.graph
    nodes = graph.nodes
    ids = filter_findings(index, FindingFilter(forces=(force,)))
    edges = []
    for f in ids[:100]:
        d = nodes[f]
        area = _area(nodes, d)
        edges.append({"node": {
            "id": f,
            "kind": KIND[d["finding_kind"]],
            "title": d["title"],
            "area": area,
            "themes": [{"id": v, "name": nodes[v]["label"]}
                       for v, e in _out(graph, f, "has_theme") if e["strength"] == "about"],
            "units": [{"id": v, "name": nodes[v]["label"]}
                      for v, _ in _out(graph, f, "involves_unit")],
        }})
    return {"findings": {"totalCount": len(ids), "edges": edges}}


# -- the set -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One query: its document, variables, and the plain function giving the same answer."""

    name: str
    document: str
    plain: Callable[[GraphIndex], dict]
    variables: dict[str, Any] = field(default_factory=dict)
    operation: str | None = None

    def body(self) -> dict:
        body: dict[str, Any] = {"query": self.document}
        if self.variables:
            body["variables"] = self.variables
        if self.operation:
            body["operationName"] = self.operation
        return body


def fixed_cases(unit: str = "unit:neighbourhood-teams", around: str = "unit:somu") -> list[Case]:
    return [
        Case("supervision concerns", SUPERVISION, plain_concerns),
        Case("report structure", REPORT_STRUCTURE, plain_report_structure),
        Case(f"unit findings ({unit})", UNIT_FINDINGS,
             lambda ix: plain_unit_findings(ix, unit), {"id": unit}),
        Case("shortestPath somu->visor", SHORTEST_PATH, plain_shortest_path),
        Case(f"neighbourhood depth 2 ({around})", NEIGHBOURHOOD,
             lambda ix: plain_neighbourhood(ix, around, 2), {"id": around, "depth": 2}),
    ]


def force_case(force: str) -> Case:
    return Case(f"force findings ({force})", FORCE_FINDINGS,
                lambda ix: plain_force_findings(ix, force), {"force": force})


def varied_cases(index: GraphIndex) -> list[Case]:
    """Distinct requests with distinct answers, for the uncached HTTP load."""
    cases: list[Case] = []
    kind_sets = [("CAUSE_OF_CONCERN", "AREA_FOR_IMPROVEMENT"), ("MAIN_FINDING",)]
    for theme in index.by_kind.get("theme", []):
        if not index.posting("theme", theme):
            continue
        for names in kind_sets:
            values = tuple(kinds.FindingKind[n].value for n in names)
            cases.append(Case(
                f"concerns {theme} {names}", SUPERVISION,
                lambda ix, v=values, t=theme: plain_concerns(ix, v, (t,)),
                {"kinds": list(names), "themes": [theme]},
            ))
    for unit in index.by_kind.get("unit", []):
        if index.posting("unit", unit):
            cases.append(Case(f"unit {unit}", UNIT_FINDINGS,
                              lambda ix, u=unit: plain_unit_findings(ix, u), {"id": unit}))
    return cases


PLAIN_BY_OPERATION: dict[str, Callable[[GraphIndex, dict], dict]] = {
    "SupervisionConcerns": lambda ix, v: plain_concerns(
        ix, tuple(kinds.FindingKind[n].value for n in v["kinds"]), tuple(v["themes"])
    ) if v else plain_concerns(ix),
    "UnitFindings": lambda ix, v: plain_unit_findings(ix, v["id"]),
}
"""For the plain HTTP app: the operation name and variables say which answer to compute."""
