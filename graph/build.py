"""Build the typed NetworkX graph from parsed reports (see docs/graph-model.md)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import networkx as nx

from .errors import ReportError
from .extract import Extraction, Statistic, extract, extract_paragraphs
from .history import link_history
from .kinds import FINDING_KIND_HELP, FindingKind
from .lexicon import Entity, Lexicon, load_lexicon
from .model import AreaSection, Finding, Report
from .report_entities import (
    add_entity_nodes,
    add_mentions,
    discovered_lexicon,
    find_entities,
    lexicon_node_attrs,
)

__all__ = ["build_graph", "finding_id"]

# Each kind's label by the kind's value: a dict lookup, not a call into `EnumType`.
_KIND_LABELS = {kind.value: label for kind, label in FINDING_KIND_HELP.items()}


def finding_id(report: Report, area: AreaSection | None, finding: Finding) -> str:
    section = area.key if area else {
        "observation": "observations", "reducing_crime_factor": "reducing-crime"
    }.get(finding.kind, "report")  # fmt: skip
    kind = finding.kind.replace("_", "-")
    if kind == "reducing-crime-factor":
        kind = f"{finding.effect}-factor"
    return f"finding:{report.id}:{section}:{kind}-{finding.number}"


def _add_entities(g: nx.MultiDiGraph, kind: str, entities: tuple[Entity, ...]) -> None:
    for e in entities:
        attrs = {"name": e.name, "acronym": e.acronym, "aliases": list(e.aliases),
                 **lexicon_node_attrs(kind, e.category)}
        if kind == "theme":
            attrs = {"name": e.name, "description": e.description, "terms": list(e.terms)}
        g.add_node(f"{kind}:{e.key}", kind=kind, label=e.name, **attrs)


def _add_statistics(g: nx.MultiDiGraph, owner: str, report: Report, stats: list[Statistic]) -> None:
    if not stats:
        return
    prefix, rid = f"statistic:{owner.split(':', 1)[1]}", f"report:{report.id}"
    for n, stat in enumerate(stats, start=1):
        node = f"{prefix}:{n}"
        g.add_node(
            node, kind="statistic", label=stat.text, stat_kind=stat.kind, value=stat.value,
            text=stat.text, sentence=stat.sentence, line=stat.line, interval=stat.interval,
            numerator=stat.numerator, denominator=stat.denominator, unit=stat.unit,
            report=rid,
        )
        g.add_edge(owner, node, key="has_statistic", kind="has_statistic", lines=[stat.line])


def _link(g: nx.MultiDiGraph, node: str, found: Extraction, report: Report) -> None:
    for kind, edge, table in (
        ("unit", "involves_unit", found.units),
        ("partner", "involves_partner", found.partners),
    ):
        for key, ev in table.items():
            g.add_edge(node, f"{kind}:{key}", key=edge, kind=edge, matched=ev.matched,
                       lines=ev.lines)
    for key, scored in found.themes.items():
        g.add_edge(node, f"theme:{key}", key="has_theme", kind="has_theme",
                   matched=scored.matched, lines=scored.lines, strength=scored.strength,
                   score=scored.score)
    for key, (term, ev) in found.terms.items():
        term_node = f"term:{key}"
        if term_node not in g:
            g.add_node(term_node, kind="term", label=term.name, name=term.name,
                       acronym=term.acronym)
        g.add_edge(node, term_node, key="mentions_term", kind="mentions_term",
                   matched=ev.matched, lines=ev.lines)
    _add_statistics(g, node, report, found.statistics)
    for pair in found.pairings:
        u, v = f"unit:{pair.unit}", f"partner:{pair.partner}"
        if not g.has_edge(u, v, key="works_with"):
            g.add_edge(u, v, key="works_with", kind="works_with", findings=[], lines=[],
                       sentences=[], matched=[])
        data = g.edges[u, v, "works_with"]
        data["findings"].append(node)
        data["lines"].append(pair.line)
        data["sentences"].append(pair.sentence)
        data["matched"].extend(w for w in pair.matched if w not in data["matched"])


def _add_report(g: nx.MultiDiGraph, report: Report, lexicon: Lexicon) -> None:
    rid, fid = f"report:{report.id}", f"force:{report.force_key}"
    if fid not in g:
        g.add_node(fid, kind="force", label=report.force, name=report.force)
    g.add_node(
        rid, kind="report", label=report.title, title=report.title, force=report.force,
        cycle=report.cycle, published=report.published, inspector=report.inspector,
        source=report.source, warnings=list(report.warnings), digest=report.digest,
        format=report.format,
        cycle_key=report.cycle_key or report.cycle.replace("/", "-"),
    )
    g.add_edge(fid, rid, key="has_report", kind="has_report")
    entities = find_entities(report, lexicon)
    add_entity_nodes(g, report, entities)
    extra = discovered_lexicon(lexicon, entities)
    for finding in [*report.observations, *report.factors]:
        _add_finding(g, report, None, finding, lexicon, rid, extra)
    for area in report.areas:
        aid = f"assessment:{report.id}:{area.key}"
        area_node = f"area:{area.key}"
        if area_node not in g:
            _add_area(g, area, lexicon)
        g.add_node(
            aid, kind="assessment", label=f"{area.name} ({report.force} {report.cycle})",
            name=area.name, heading=area.heading, short_name=area.short_name, grade=area.grade,
            status=area.status, summary=area.summary, report=rid, area=area_node,
            line_start=area.line_start, line_end=area.line_end,
            intro="\n\n".join(p.plain for p in area.intro),
            previous=None, grade_change=None, comparable=None, comparability=None,
        )
        g.add_edge(rid, aid, key="has_assessment", kind="has_assessment")
        g.add_edge(aid, area_node, key="assesses", kind="assesses")
        intro = extract_paragraphs(area.intro, lexicon, extra, links=False)
        _add_statistics(g, aid, report, intro.statistics)
        add_mentions(g, report, intro)
        for finding in area.findings:
            _add_finding(g, report, area, finding, lexicon, aid, extra)


def _add_area(g: nx.MultiDiGraph, area: AreaSection, lexicon: Lexicon) -> None:
    """The canonical area, named as the lexicon names it; each cycle's own names for it are
    aliases, so a filter may use either ("Police powers and public treatment")."""
    known = next((a for a in lexicon.areas if a.key == area.key), None)
    if known is None:
        g.add_node(f"area:{area.key}", kind="area", label=area.name, name=area.name,
                   short_name=area.short_name, aliases=[])
        return
    aliases = list(known.aliases)
    for cycle in lexicon.cycles:
        named = cycle.area_by_key(area.key)
        for label in named.labels if named else ():
            if label not in aliases and label not in (known.name, known.short_name):
                aliases.append(label)
    g.add_node(f"area:{area.key}", kind="area", label=known.name, name=known.name,
               short_name=known.short_name, aliases=aliases)


def _add_finding(
    g: nx.MultiDiGraph, report: Report, area: AreaSection | None, finding: Finding,
    lexicon: Lexicon, parent: str, extra: Lexicon | None = None,
) -> None:
    node = finding_id(report, area, finding)
    # Worked out once each: these are properties computed on every read.
    title, start, end, report_id = finding.title, finding.line_start, finding.line_end, report.id
    kind_label = _KIND_LABELS.get(finding.kind) or FINDING_KIND_HELP[FindingKind(finding.kind)]
    g.add_node(
        node, kind="finding", label=title, title=title, body=finding.body,
        paragraph_items=finding.paragraph_items,
        finding_kind=finding.kind, kind_label=kind_label,
        report=f"report:{report_id}", force=f"force:{report.force_key}",
        assessment=f"assessment:{report_id}:{area.key}" if area else None,
        area=f"area:{area.key}" if area else None, area_name=area.name if area else None,
        grade=area.grade if area else None, effect=finding.effect,
        accelerated=finding.accelerated,
        line_start=start, line_end=end, number=finding.number,
        pages=report.provenance.pages_of(start, end),
        anchor=report.provenance.anchor_at(start),
    )
    g.add_edge(parent, node, key="has_finding", kind="has_finding")
    _link(g, node, extract(finding, lexicon, extra), report)


def build_graph(reports: Iterable[Report], lexicon: Lexicon | None = None) -> nx.MultiDiGraph:
    """One graph from many reports; the same reports give the same graph, byte for byte."""
    lexicon = lexicon or load_lexicon()
    ordered = sorted(reports, key=lambda r: r.id)
    seen: dict[str, str] = {}
    for report in ordered:
        if report.id in seen:
            raise ReportError(
                report.source,
                f"a second report for {report.force} {report.cycle}"
                f" (already loaded from {seen[report.id]})",
            )
        seen[report.id] = report.source
    g = nx.MultiDiGraph(name="PEEL Graph")
    for kind, entities in (("unit", lexicon.units), ("partner", lexicon.partners),
                           ("theme", lexicon.themes)):
        _add_entities(g, kind, entities)
    for report in ordered:
        _add_report(g, report, lexicon)
    link_history(g, ordered, lexicon, finding_id)
    digest = hashlib.sha256(lexicon.digest.encode())
    for report in ordered:
        digest.update(report.digest.encode())
    g.graph["version"] = digest.hexdigest()[:16]
    g.graph["reports"] = len(ordered)
    return g
