"""A report's units and partners as graph nodes: the lexicon's, and those discovery finds.

`graph.discover` reads names from text; this module gives them to the graph: nodes with their
origin (`lexicon` or `discovered`), category and evidence, and a small lexicon of the report's
own names so findings link to them as they link to the curated ones.
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from .discover import Discovered, discover, name_key
from .extract import Extraction
from .lexicon import Lexicon, _entity
from .model import Report
from .text import strip_links

__all__ = [
    "add_entity_nodes",
    "add_mentions",
    "discovered_lexicon",
    "find_entities",
    "lexicon_node_attrs",
]

_EVIDENCE = ("evidence_reports", "evidence_lines", "evidence_rules", "evidence_texts")


def lexicon_node_attrs(kind: str, category: str) -> dict:
    """The origin, category and (empty) evidence every unit and partner node carries."""
    return {"origin": "lexicon", "category": category or kind, **{k: [] for k in _EVIDENCE}}


def _paragraphs(report: Report) -> Iterator[tuple[str, int]]:
    """Every paragraph of the report in order: introductions and narrative, not only findings."""
    for finding in [*report.observations, *report.factors]:
        for p in (finding.heading, *finding.paragraphs):
            yield strip_links(p.text), p.start
    for p in report.narrative:
        yield strip_links(p.text), p.start
    for area in report.areas:
        for p in area.intro:
            yield strip_links(p.text), p.start
        for finding in area.findings:
            for p in (finding.heading, *finding.paragraphs):
                yield strip_links(p.text), p.start


def find_entities(report: Report, lexicon: Lexicon) -> list[Discovered]:
    """The units and partners the report names by the discovery rules (none without them)."""
    if lexicon.discovery is None:
        return []
    return discover(lexicon.discovery, _paragraphs(report), lexicon.known_names, report.force)


def discovered_lexicon(lexicon: Lexicon, found: list[Discovered]) -> Lexicon | None:
    """The report's own names as a lexicon, so findings link to them: discovered entities by
    every spelling, and lexicon entries by the spellings the lexicon lacks ("NPTs")."""
    units, partners = [], []
    known = lexicon.known_names
    same = lexicon.discovery.same_words if lexicon.discovery else {}
    for entry in found:
        forms = [f for f in entry.forms if f != entry.acronym]
        acronym = entry.acronym
        if entry.lexicon:
            forms = [f for f in forms if name_key(same, f) not in known]
            acronym = acronym if acronym and acronym not in known else None
            if not forms and not acronym:
                continue
        table: dict = {"name": forms[0] if forms else entry.name, "aliases": forms[1:]}
        if acronym:
            table["acronym"] = acronym
        made = _entity(entry.key, table, f"discovered.{entry.key}")
        (units if entry.kind == "unit" else partners).append(made)
    if not units and not partners:
        return None
    return Lexicon(
        format=lexicon.format, areas=(), units=tuple(units), partners=tuple(partners), themes=()
    )


def add_entity_nodes(g: nx.MultiDiGraph, report: Report, found: list[Discovered]) -> None:
    """Nodes for discovered entities (shared across reports by id), evidence on every one."""
    for entry in found:
        node = f"{entry.kind}:{entry.key}"
        if node not in g:
            g.add_node(
                node,
                kind=entry.kind,
                label=entry.name,
                name=entry.name,
                acronym=entry.acronym,
                aliases=[],
                origin="discovered",
                category=entry.category,
                **{k: [] for k in _EVIDENCE},
            )
        data = g.nodes[node]
        for form in entry.forms:  # the report's spellings, the lexicon's entries' too
            if form not in (data["name"], data["acronym"], *data["aliases"]):
                data["aliases"].append(form)
        for rule, line, words in entry.evidence:
            data["evidence_reports"].append(f"report:{report.id}")
            data["evidence_lines"].append(line)
            data["evidence_rules"].append(rule)
            data["evidence_texts"].append(words)


def add_mentions(g: nx.MultiDiGraph, report: Report, found: Extraction) -> None:
    """Evidence from text outside findings (a section's introduction): a unit or partner named
    only there is still named by the report (one mention is evidence enough)."""
    rid = f"report:{report.id}"
    for kind, table in (("unit", found.units), ("partner", found.partners)):
        for key, evidence in table.items():
            data = g.nodes[f"{kind}:{key}"]
            if data["evidence_reports"] and data["evidence_reports"][-1] == rid:
                continue  # the report's own evidence for it is already there
            data["evidence_reports"].append(rid)
            data["evidence_lines"].append(evidence.lines[0])
            data["evidence_rules"].append("mention")
            data["evidence_texts"].append(evidence.matched[0])
