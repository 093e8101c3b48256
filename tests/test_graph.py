"""The graph built from the real report: kinds, links with evidence, determinism, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from test_parse import wrapped_crlf

from graph.build import build_graph
from graph.load import load_graph
from graph.parse import parse_report

SUPERVISION_ABOUT = [
    # Causes of concern and areas for improvement about supervision, by reading the report
    # (eval/gold/staffordshire-2021-22.toml): supervisors reviewing, directing or overseeing
    # work is part of what the inspectorate asks for or reports as the problem.
    "The force needs to improve certain aspects of its use of force and stop and search",
    "The force needs to make sure that all appropriate investigative opportunities are carried"
    " out before closing an investigation",
    "The force should make sure it holds an auditable record of victims' decisions and their"
    " reasons for withdrawing their support and that victims' wishes for an out-of-court"
    " disposal or a caution are fully documented",
    "The force needs to improve its monitoring and oversight of outstanding suspects and wanted"
    " people",
    "The force should implement high-quality supervisor reviews within its sexual offender"
    " management unit team, to monitor outstanding and overdue work",
    "The force should ensure that it provides suitable support and capacity for its supervisors"
    " so that they are fully equipped and confident to manage the performance and development"
    " of its staff",
]
SUPERVISION_CONCERNS = [
    *SUPERVISION_ABOUT,
    # and those whose text only mentions supervision (MENTIONS links): a word form of
    # supervision or oversight appears in them, but it is not what they ask for.
    "The force should improve its use of problem solving, with a structured and effective model"
    " that includes evaluation and sharing of effective practice",
    "The force needs to make sure that it carries out effective investigations and that it gives"
    " victims the support they need",
]


def kinds(g: nx.MultiDiGraph) -> dict[str, int]:
    out: dict[str, int] = {}
    for _, data in g.nodes(data=True):
        out[data["kind"]] = out.get(data["kind"], 0) + 1
    return out


def test_typed_nodes_and_readable_ids(graph: nx.MultiDiGraph) -> None:
    counts = kinds(graph)
    assert counts["report"] == 1 and counts["force"] == 1
    assert counts["assessment"] == 12 and counts["area"] == 12
    assert counts["finding"] == 3 + 7 + 5 + 2 + 26 + 27  # obs, factors, victim, CoC, AFI, main
    for node, data in graph.nodes(data=True):
        assert node.startswith(f"{data['kind']}:"), node
        assert data["label"]
    assert "unit:somu" in graph and "theme:supervision" in graph
    assert "finding:staffordshire-2021-22:investigating-crime:cause-of-concern-1" in graph


@pytest.mark.parametrize(
    ("unit", "finding"),
    [
        ("unit:mash", "protecting-vulnerable-people:main-finding-1"),
        ("unit:somu", "managing-offenders:area-for-improvement-4"),
        ("unit:safenet", "managing-offenders:area-for-improvement-2"),
        ("unit:eipu", "preventing-crime:main-finding-2"),
    ],
)
def test_units_link_to_the_findings_that_involve_them(
    graph: nx.MultiDiGraph, unit: str, finding: str
) -> None:
    node = f"finding:staffordshire-2021-22:{finding}"
    edge = graph.get_edge_data(node, unit, key="involves_unit")
    assert edge is not None, (node, unit)
    assert edge["matched"] and edge["lines"]
    assert graph.nodes[node]["line_start"] <= edge["lines"][0] <= graph.nodes[node]["line_end"]


def test_supervision_concerns_are_exactly_these(graph: nx.MultiDiGraph) -> None:
    links = [
        (graph.nodes[f]["title"], data)
        for f, _, key, data in graph.in_edges("theme:supervision", keys=True, data=True)
        if key == "has_theme"
        and graph.nodes[f]["finding_kind"] in ("cause_of_concern", "area_for_improvement")
    ]
    assert sorted(title for title, _ in links) == sorted(SUPERVISION_CONCERNS)
    about = [title for title, data in links if data["strength"] == "about"]
    assert sorted(about) == sorted(SUPERVISION_ABOUT)
    mentions = [data["score"] for title, data in links if data["strength"] == "mentions"]
    assert max(mentions) < min(data["score"] for _, data in links if data["strength"] == "about")


def test_theme_links_say_why(graph: nx.MultiDiGraph) -> None:
    node = "finding:staffordshire-2021-22:managing-offenders:area-for-improvement-1"
    edge = graph.get_edge_data(node, "theme:supervision", key="has_theme")
    assert "oversight" in edge["matched"] and "Supervision" in edge["matched"]
    assert 502 in edge["lines"]


def test_glossary_terms_with_acronyms(graph: nx.MultiDiGraph) -> None:
    assert graph.nodes["term:mash"]["acronym"] == "MASH"
    assert graph.nodes["term:mash"]["name"] == "multi-agency safeguarding hubs"
    assert graph.nodes["term:iag"]["name"] == "independent advisory group"
    assert graph.nodes["term:visor"]["kind"] == "term"


def test_statistics_with_sentence_and_interval(graph: nx.MultiDiGraph) -> None:
    stats = [d for _, d in graph.nodes(data=True) if d["kind"] == "statistic"]
    recording = [s for s in stats if s["stat_kind"] == "percentage" and s["value"] == 88.4]
    assert recording and recording[0]["interval"] == 2.8
    assert "of all reported crime" in recording[0]["sentence"]
    proportions = {(s["numerator"], s["denominator"]) for s in stats
                   if s["stat_kind"] == "proportion"}
    assert {(377.0, 429.0), (3.0, 23.0), (19.0, 70.0), (10.0, 18.0)} <= proportions
    assert any(s["stat_kind"] == "money" and s["value"] == 10 for s in stats)
    assert any(s["stat_kind"] == "count" and s["value"] == 5255 for s in stats)
    assert any(s["stat_kind"] == "duration" and s["unit"] == "week" for s in stats)


def test_units_work_with_partners_with_evidence(graph: nx.MultiDiGraph) -> None:
    edge = graph.get_edge_data("unit:safenet", "partner:national-crime-agency", key="works_with")
    assert edge is not None
    assert "National Crime Agency" in edge["sentences"][0]
    assert edge["findings"] == [
        "finding:staffordshire-2021-22:managing-offenders:area-for-improvement-3"
    ]


def test_wrapped_crlf_report_gives_the_same_graph(report_text: str) -> None:
    plain = build_graph([parse_report(report_text, "a.txt")])
    wrapped = build_graph([parse_report(wrapped_crlf(report_text), "a.txt")])
    drop = {"line_start", "line_end", "line", "lines", "digest", "evidence_lines"}

    def strip(data: dict) -> dict:
        return {k: v for k, v in data.items() if k not in drop}

    assert list(plain.nodes) == list(wrapped.nodes)
    assert [strip(d) for _, d in plain.nodes(data=True)] == [
        strip(d) for _, d in wrapped.nodes(data=True)
    ]
    assert [(u, v, k, strip(d)) for u, v, k, d in plain.edges(keys=True, data=True)] == [
        (u, v, k, strip(d)) for u, v, k, d in wrapped.edges(keys=True, data=True)
    ]
    assert plain.graph["version"] != wrapped.graph["version"]  # the text differs, so does the hash


def test_same_input_same_graph_byte_for_byte(report_text: str) -> None:
    first = build_graph([parse_report(report_text, "a.txt")])
    second = build_graph([parse_report(report_text, "a.txt")])
    dump = lambda g: json.dumps(nx.node_link_data(g, edges="links"), sort_keys=False)  # noqa: E731
    assert dump(first) == dump(second)
    assert first.graph["version"] == second.graph["version"]


def test_same_graph_in_a_fresh_process(graph: nx.MultiDiGraph) -> None:
    code = (
        "import json, networkx as nx; from graph.load import load_graph; "
        "print(json.dumps(nx.node_link_data(load_graph().graph, edges='links')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parent.parent,
                         env={"PYTHONHASHSEED": "123", "PATH": ""}).stdout
    assert out.strip() == json.dumps(nx.node_link_data(graph, edges="links"))


def test_bad_reports_never_half_load(tmp_path: Path, report_text: str) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "good.txt").write_text(report_text, encoding="utf-8")
    (reports / "dup.txt").write_text(report_text, encoding="utf-8")
    (reports / "empty.txt").write_text("", encoding="utf-8")
    (reports / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (reports / "latin1.txt").write_bytes("caf\xe9 PEEL".encode("latin-1"))
    (reports / "notes.txt").write_text("Meeting notes\n\nNothing to see.\n", encoding="utf-8")
    loaded = load_graph(tmp_path)
    assert [r.source for r in loaded.reports] == ["dup.txt"]
    reasons = {Path(e.source).name: e.reason for e in loaded.errors}
    assert set(reasons) == {"good.txt", "empty.txt", "binary.txt", "latin1.txt", "notes.txt"}
    assert "second report for Staffordshire Police 2021/22" in reasons["good.txt"]
    assert reasons["empty.txt"] == "the file is empty"
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]
    assert "not a PEEL report" in reasons["notes.txt"]
    assert sum(1 for _, d in loaded.graph.nodes(data=True) if d["kind"] == "report") == 1


def test_graph_package_imports_no_web_framework() -> None:
    code = (
        "import sys, graph, graph.load, graph.query, graph.export, graph.search; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('strawberry', 'starlette')]; "
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parent.parent).stdout
    assert out.strip() == "[]"
