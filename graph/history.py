"""One force across cycles: each assessment against the force's previous report, and the
progress paragraphs linked to the earlier findings they report on.

Runs once the graph holds every report. Reports of a force are ordered by cycle key; an
assessment's previous one is the same canonical area in the force's previous report, with the
grade change and whether the lexicon says the two grades answer the same question.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import networkx as nx

from .followups import Target, find_follow_ups
from .kinds import Grade
from .lexicon import Lexicon
from .model import AreaSection, Finding, Report
from .similarity import Vectoriser

__all__ = ["link_history"]

FindingId = Callable[[Report, AreaSection | None, Finding], str]


def _grade_change(before: str | None, after: str | None) -> str | None:
    if before is None or after is None:
        return None
    rank = [g.value for g in Grade].index  # best first
    if rank(after) == rank(before):
        return "SAME"
    return "UP" if rank(after) < rank(before) else "DOWN"


def _compare(g: nx.MultiDiGraph, earlier: Report, later: Report, lexicon: Lexicon) -> None:
    cycle = lexicon.cycle(later.cycle_key)
    before = {a.key: a for a in earlier.areas}
    # The lexicon vouches for a comparison only between a cycle and the one it names as its
    # previous: across a gap (a missing report) or an undeclared cycle, say so.
    declared = cycle is not None and cycle.previous == earlier.cycle_key
    for area in later.areas:
        node = f"assessment:{later.id}:{area.key}"
        data = g.nodes[node]
        rule = cycle.area_by_key(area.key) if cycle else None
        previous = before.get(area.key) if not (rule and rule.new) else None
        if previous is None:
            data.update(
                previous=None,
                grade_change="NEW_AREA" if area.grade else None,
                comparable=False,
                comparability=rule.reason
                if rule and rule.reason
                else f"{earlier.cycle} has no assessment of this area",
            )
            continue
        previous_node = f"assessment:{earlier.id}:{previous.key}"
        if not declared:
            comparable = False
            reason = (
                f"The lexicon does not compare {later.cycle} grades with {earlier.cycle} ones"
                " (see [cycles] in data/lexicon.toml)"
            )
        else:
            comparable = rule.comparable if rule else True
            reason = None if comparable or rule is None else rule.reason
        data.update(
            previous=previous_node,
            grade_change=_grade_change(previous.grade, area.grade),
            comparable=comparable,
            comparability=reason,
        )
        g.add_edge(node, previous_node, key="previous_assessment", kind="previous_assessment")


def _targets(report: Report, node_of: dict[int, str], vectoriser: Vectoriser) -> list[Target]:
    """The earlier report's causes of concern and areas for improvement: what a progress
    paragraph can report on."""
    return [
        Target(
            node_of[id(f)], f.kind, area.key if area else None,
            vectoriser.terms(f"{f.title}\n{f.body}"),
        )
        for area, f in report.all_findings()
        if f.kind in ("cause_of_concern", "area_for_improvement")
    ]


def link_history(
    g: nx.MultiDiGraph, reports: list[Report], lexicon: Lexicon, finding_id: FindingId
) -> None:
    """Add previous assessments, grade changes and follow-up links to a built graph."""
    by_force: dict[str, list[Report]] = {}
    for report in reports:
        by_force.setdefault(report.force_key, []).append(report)
    for force_reports in by_force.values():
        force_reports.sort(key=lambda r: r.cycle_key)
        for earlier, later in pairwise(force_reports):
            _compare(g, earlier, later, lexicon)
            if lexicon.progress is not None:
                _follow_up(g, earlier, later, lexicon, finding_id)


def _follow_up(
    g: nx.MultiDiGraph, earlier: Report, later: Report, lexicon: Lexicon, finding_id: FindingId
) -> None:
    assert lexicon.progress is not None
    node_of = {id(f): finding_id(r, a, f) for r in (earlier, later) for a, f in r.all_findings()}
    vectoriser = Vectoriser(lexicon.stop_words)
    vectoriser.fit(
        vectoriser.distinct(f"{f.title}\n{f.body}")
        for r in (earlier, later)
        for _, f in r.all_findings()
    )
    cycle = lexicon.cycle(later.cycle_key)
    related = {a.key: a.related for a in cycle.areas} if cycle else {}
    targets = _targets(earlier, node_of, vectoriser)
    for link in find_follow_ups(later, node_of, targets, related, lexicon.progress, vectoriser):
        g.add_edge(
            link.source,
            link.target,
            key="follows_up",
            kind="follows_up",
            status=link.status,
            evidence=link.evidence,
            lines=[link.line],
            score=link.score,
            matched=link.matched,
        )
