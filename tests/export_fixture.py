"""A small synthetic PEEL graph following docs/graph-model.md, with deliberately nasty values.

Lives outside conftest (shared with other engineers); tests import `build_export_graph`.
``order`` rebuilds the same graph with a different insertion order (nodes, edges and attribute
keys), which exporters must not be sensitive to.
"""

import random
from typing import Any, Literal

import networkx as nx

__all__ = ["NASTY_NODE", "build_export_graph", "finding_ids"]

REPORT = "report:staffordshire-2021-22"
A_CDI = "assessment:staffordshire-2021-22:crime-data-integrity"
A_INV = "assessment:staffordshire-2021-22:investigating-crime"
F_CONCERN = "finding:staffordshire-2021-22:investigating-crime:cause-of-concern-1"
F_AFI = "finding:staffordshire-2021-22:crime-data-integrity:area-for-improvement-1"
F_OBS = "finding:staffordshire-2021-22:observation-1"
# Outside the model's slug rules on purpose: quotes, a backslash, brackets, & and non-ASCII.
NASTY_NODE = 'term:odd "id" \\ <&> \u2013 £'

_NODES: list[tuple[str, dict[str, Any]]] = [
    (
        "force:staffordshire",
        {"kind": "force", "label": "Staffordshire Police", "name": "Staffordshire Police"},
    ),
    (
        REPORT,
        {
            "kind": "report",
            "label": "Staffordshire \u2013 PEEL 2021/22",
            "title": "PEEL 2021/22: “Police effectiveness” & <efficiency>",
            "force": "Staffordshire Police",
            "cycle": "2021/22",
            "published": "September 2022",
            "inspector": "Zoë O\u2019Connor",
            "source": "staffordshire-peel-2021-22.txt",
            "warnings": ['No grade for "leadership"', "line 12: odd <tag> & £5"],
            "draft": False,  # not in the model: exercises boolean columns
        },
    ),
    (
        "area:crime-data-integrity",
        {
            "kind": "area",
            "label": "Crime data integrity",
            "name": "Crime data integrity",
            "short_name": "CDI",
            "aliases": ["crime recording", "CDI"],
        },
    ),
    (
        "area:investigating-crime",
        {
            "kind": "area",
            "label": "Investigating crime",
            "name": "Investigating crime",
            "short_name": "Investigating",
            "aliases": [],
        },
    ),
    (
        A_CDI,
        {
            "kind": "assessment",
            "label": "Crime data integrity (2021/22)",
            "name": "Crime data integrity",
            "heading": "Recording data about crime",
            "short_name": "CDI",
            "grade": "Requires improvement",
            "status": "graded",
            "summary": "The force is “good” at recording…\n\nbut <not> at & £ spending.",
            "report": REPORT,
            "area": "area:crime-data-integrity",
            "line_start": 40,
            "line_end": 88,
        },
    ),
    (
        A_INV,
        {
            "kind": "assessment",
            "label": "Investigating crime (2021/22)",
            "name": "Investigating crime",
            "heading": "Investigating crime",
            "short_name": None,
            "grade": None,
            "status": "ungraded",
            "summary": "",
            "report": REPORT,
            "area": "area:investigating-crime",
            "line_start": 90,
            "line_end": 140,
        },
    ),
    (
        F_CONCERN,
        {
            "kind": "finding",
            "label": "The force needs to improve how it “investigates” crime",
            "finding_kind": "cause_of_concern",
            "title": "The force needs to improve how it “investigates” crime",
            "body": 'Paragraph one says "quoted" <b>bold</b> & more.\n\n'
            "Paragraph two \u2013 £1.2m.",
            "report": REPORT,
            "assessment": A_INV,
            "area": "area:investigating-crime",
            "area_name": "Investigating crime",
            "grade": None,
            "line_start": 95,
            "line_end": 110,
        },
    ),
    (
        F_AFI,
        {
            "kind": "finding",
            "label": "Record crime within 24 hours; don't 'lose' reports",
            "finding_kind": "area_for_improvement",
            "title": "Record crime within 24 hours; don't 'lose' reports",
            "body": "Back\\slash and tab\there.",
            "report": REPORT,
            "assessment": A_CDI,
            "area": "area:crime-data-integrity",
            "area_name": "Crime data integrity",
            "grade": "Requires improvement",
            "line_start": 50,
            "line_end": 60,
        },
    ),
    (
        F_OBS,
        {
            "kind": "finding",
            "label": "HMI observation: a “new” era",
            "finding_kind": "observation",
            "title": "HMI observation: a “new” era",
            "body": "Line one\nline two",
            "report": REPORT,
            "assessment": None,
            "area": None,
            "area_name": None,
            "grade": None,
            "line_start": 10,
            "line_end": 12,
        },
    ),
    (
        "unit:somu",
        {
            "kind": "unit",
            "label": "Sex offender management unit (SOMU)",
            "name": "Sex offender management unit",
            "acronym": "SOMU",
            "aliases": ["SOMU", "sex offender management"],
        },
    ),
    (
        "unit:control-room",
        {
            "kind": "unit",
            "label": "Control room",
            "name": "Control room",
            "acronym": None,
            "aliases": [],
        },
    ),
    (
        "partner:national-crime-agency",
        {
            "kind": "partner",
            "label": "National Crime Agency",
            "name": "National Crime Agency",
            "acronym": "NCA",
            "aliases": ["NCA"],
        },
    ),
    (
        "theme:supervision",
        {
            "kind": "theme",
            "label": "Supervision",
            "name": "Supervision",
            "description": "Oversight by <supervisors> & managers",
            "terms": ["supervisor", "oversight"],
        },
    ),
    (
        "term:mash",
        {
            "kind": "term",
            "label": "MASH",
            "name": "Multi-agency safeguarding hub",
            "acronym": "MASH",
        },
    ),
    (
        NASTY_NODE,
        {
            "kind": "term",
            "label": 'Odd "term" \\ <&>\nnew line \u2013 £',
            "name": "odd",
            "acronym": None,
        },
    ),
    (
        "statistic:staffordshire-2021-22:233-1",
        {
            "kind": "statistic",
            "label": "82.5 percent",
            "stat_kind": "percentage",
            "value": 82.5,
            "text": "82.5 percent",
            "sentence": "It recorded 82.5 percent…",
            "line": 233,
            "interval": 1.6,
            "numerator": None,
            "denominator": None,
        },
    ),
    (
        "statistic:staffordshire-2021-22:240-1",
        {
            "kind": "statistic",
            "label": "3 in 10",
            "stat_kind": "proportion",
            "value": 3,
            "text": "3 in 10",
            "sentence": "3 in 10 victims…",
            "line": 240,
            "interval": None,
            "numerator": 3,
            "denominator": 10,
        },
    ),
]

_EDGES: list[tuple[str, str, str, dict[str, Any]]] = [
    ("force:staffordshire", REPORT, "has_report", {}),
    (REPORT, A_CDI, "has_assessment", {}),
    (REPORT, A_INV, "has_assessment", {}),
    (A_CDI, "area:crime-data-integrity", "assesses", {}),
    (A_INV, "area:investigating-crime", "assesses", {}),
    (A_INV, F_CONCERN, "has_finding", {}),
    (A_CDI, F_AFI, "has_finding", {}),
    (REPORT, F_OBS, "has_finding", {}),
    (F_CONCERN, "unit:somu", "involves_unit", {"matched": ["SOMU"], "lines": [96, 101]}),
    (
        F_CONCERN,
        "partner:national-crime-agency",
        "involves_partner",
        {"matched": ["National Crime Agency", "NCA"], "lines": [97]},
    ),
    (F_CONCERN, "theme:supervision", "has_theme", {"matched": ["supervisor"], "lines": [98]}),
    (F_AFI, "term:mash", "mentions_term", {"matched": ["MASH"], "lines": [55]}),
    (F_AFI, NASTY_NODE, "mentions_term", {"matched": ['odd "id"'], "lines": []}),
    (F_OBS, "unit:control-room", "involves_unit", {"matched": ["control room"], "lines": [11]}),
    (F_CONCERN, "statistic:staffordshire-2021-22:233-1", "has_statistic", {"lines": [233]}),
    (A_CDI, "statistic:staffordshire-2021-22:240-1", "has_statistic", {"lines": [240]}),
    (
        "unit:somu",
        "partner:national-crime-agency",
        "works_with",
        {
            "finding": F_CONCERN,
            "line": 97,
            "matched": ["SOMU", "NCA"],
            "sentence": "The SOMU works with the “NCA” & <others>.",
        },
    ),
]


def finding_ids() -> list[str]:
    """Ids of the finding nodes, for tests that filter to a subgraph."""
    return [node for node, data in _NODES if data["kind"] == "finding"]


def build_export_graph(order: Literal["forward", "reverse"] | int = "forward") -> nx.MultiDiGraph:
    """The fixture graph; ``order`` is "forward", "reverse" or a shuffle seed."""
    nodes, edges = list(_NODES), list(_EDGES)
    if order == "reverse":
        nodes.reverse()
        edges.reverse()
    elif isinstance(order, int):
        rng = random.Random(order)
        rng.shuffle(nodes)
        rng.shuffle(edges)

    def attrs(data: dict[str, Any]) -> dict[str, Any]:
        items = list(data.items())
        return dict(items if order == "forward" else reversed(items))

    G = nx.MultiDiGraph()
    G.graph.update(attrs({"name": "PEEL “test” graph", "version": "abc123"}))
    for node, data in nodes:
        G.add_node(node, **attrs(data))
    for u, v, kind, data in edges:
        G.add_edge(u, v, key=kind, **attrs({"kind": kind, **data}))
    return G
