"""A report as the fields a user sees, for tests that compare the forms of one report."""

from __future__ import annotations

import networkx as nx

from graph.build import finding_id
from graph.model import Report

__all__ = ["findings", "links", "norm"]


def norm(text: str | None) -> str:
    """Whitespace folded: forms of a report may wrap and space their text differently."""
    return " ".join((text or "").split())


def findings(report: Report) -> list[dict]:
    """Every finding as the fields a user sees, whitespace normalised."""
    return [
        {
            "id": finding_id(report, area, f),
            "kind": f.kind,
            "area": area.key if area else None,
            "grade": area.grade if area else None,
            "title": norm(f.title),
            "body": norm(f.body),
            "effect": f.effect,
        }
        for area, f in report.all_findings()
    ]


def links(graph: nx.MultiDiGraph) -> dict[str, dict[str, list[tuple[str, list[str]]]]]:
    """Per finding, its theme, unit and partner links with the words that made them."""
    out: dict[str, dict[str, list[tuple[str, list[str]]]]] = {}
    for node, data in graph.nodes(data=True):
        if data["kind"] != "finding":
            continue
        edges = graph.out_edges(node, keys=True, data=True)
        out[node] = {
            kind: sorted((v, sorted(d["matched"])) for _, v, k, d in edges if k == kind)
            for kind in ("has_theme", "involves_unit", "involves_partner")
        }
    return out
