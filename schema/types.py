"""GraphQL object types: thin views of graph nodes, each field a call into `graph.query`."""

from __future__ import annotations

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from graph.query import GraphIndex, filter_findings, order_findings, page

from .context import Info, index_of
from .enums import FindingKind, FindingOrder, Grade, NodeKind
from .errors import bad_input
from .inputs import FindingWhere, to_filter

__all__ = [
    "Area",
    "AreaAssessment",
    "Finding",
    "FindingConnection",
    "Force",
    "Link",
    "Node",
    "Partner",
    "Report",
    "Statistic",
    "Term",
    "Theme",
    "Unit",
    "from_node",
]

MAX_PAGE = 100


@strawberry.interface(description="Anything in the graph, found by its stable readable id.")
class Node:
    id: strawberry.ID = strawberry.field(description="Stable id, e.g. `unit:somu`")


def _data(info: Info, node: str) -> dict:
    return index_of(info).graph.nodes[node]


def _targets(index: GraphIndex, node: str, edge: str) -> list[str]:
    return sorted(v for _, v, k in index.graph.out_edges(node, keys=True) if k == edge)


def _sources(index: GraphIndex, node: str, edge: str) -> list[str]:
    return sorted(u for u, _, k in index.graph.in_edges(node, keys=True) if k == edge)


def finding_connection(
    index: GraphIndex,
    where: FindingWhere | None,
    first: int,
    after: str | None,
    order_by: FindingOrder = FindingOrder.REPORT,
    within: list[str] | None = None,
) -> FindingConnection:
    if first < 0 or first > MAX_PAGE:
        raise bad_input(f"first must be between 0 and {MAX_PAGE} (got {first})")
    ids = filter_findings(index, to_filter(where))
    if within is not None:
        keep = set(within)
        ids = [f for f in ids if f in keep]
    ids = order_findings(index, ids, order_by.value)
    result = page(ids, first, after)
    return FindingConnection(
        edges=[relay.Edge(cursor=c, node=Finding(id=strawberry.ID(n))) for c, n in result.items],
        page_info=relay.PageInfo(
            has_next_page=result.has_next,
            has_previous_page=result.has_previous,
            start_cursor=result.start_cursor,
            end_cursor=result.end_cursor,
        ),
        total_count=result.total,
    )


def _entity_findings(
    info: Info, node: str, posting: str, where: FindingWhere | None, first: int,
    after: str | None,
) -> FindingConnection:
    index = index_of(info)
    return finding_connection(index, where, first, after, within=index.posting(posting, node))


@strawberry.type(description="A police force.")
class Force(Node):
    @strawberry.field(description="The force's name, e.g. Staffordshire Police")
    def name(self, info: Info) -> str:
        return _data(info, self.id)["name"]

    @strawberry.field(description="Its inspection reports")
    def reports(self, info: Info) -> list[Report]:
        return [Report(id=r) for r in _targets(index_of(info), self.id, "has_report")]


@strawberry.type(description="A PEEL inspection report.")
class Report(Node):
    @strawberry.field(description="Title, e.g. PEEL 2021/22: an inspection of Staffordshire Police")
    def title(self, info: Info) -> str:
        return _data(info, self.id)["title"]

    @strawberry.field(description="Inspection cycle, e.g. 2021/22")
    def cycle(self, info: Info) -> str:
        return _data(info, self.id)["cycle"]

    @strawberry.field(description="Month of publication, e.g. September 2022")
    def published(self, info: Info) -> str | None:
        return _data(info, self.id)["published"]

    @strawberry.field(description="The HM Inspector who signed the observations")
    def inspector(self, info: Info) -> str | None:
        return _data(info, self.id)["inspector"]

    @strawberry.field(description="The file the report was read from")
    def source(self, info: Info) -> str:
        return _data(info, self.id)["source"]

    @strawberry.field(description="The force inspected")
    def force(self, info: Info) -> Force:
        return Force(id=_sources(index_of(info), self.id, "has_report")[0])

    @strawberry.field(description="Its assessment of each area, in report order")
    def areas(self, info: Info) -> list[AreaAssessment]:
        index = index_of(info)
        ids = _targets(index, self.id, "has_assessment")
        ids.sort(key=lambda a: index.graph.nodes[a]["line_start"])
        return [AreaAssessment(id=a) for a in ids]

    @strawberry.field(description="HM Inspector's observations and the reducing-crime factors")
    def findings(self, info: Info, kinds: list[FindingKind] | None = None) -> list[Finding]:
        index = index_of(info)
        wanted = {k.value for k in kinds} if kinds else None
        return [
            Finding(id=f) for f in index.posting("report", self.id)
            if wanted is None or index.graph.nodes[f]["finding_kind"] in wanted
        ]

    @strawberry.field(description="Problems met while reading the report (e.g. grade mismatches)")
    def warnings(self, info: Info) -> list[str]:
        return list(_data(info, self.id)["warnings"])


@strawberry.type(description="An area of policing in the PEEL framework, across reports.")
class Area(Node):
    @strawberry.field(description="Canonical name")
    def name(self, info: Info) -> str:
        return _data(info, self.id)["name"]

    @strawberry.field(description="Short name used in the judgments table")
    def short_name(self, info: Info) -> str:
        return _data(info, self.id)["short_name"]

    @strawberry.field(description="Its assessments, one per report")
    def assessments(self, info: Info) -> list[AreaAssessment]:
        return [AreaAssessment(id=a) for a in _sources(index_of(info), self.id, "assesses")]


@strawberry.type(description="One report's assessment of one area, with its grade.")
class AreaAssessment(Node):
    @strawberry.field(description="Canonical area name")
    def name(self, info: Info) -> str:
        return _data(info, self.id)["name"]

    @strawberry.field(description="The section heading as written in the report")
    def heading(self, info: Info) -> str:
        return _data(info, self.id)["heading"]

    @strawberry.field(description="Short name used in the judgments table")
    def short_name(self, info: Info) -> str:
        return _data(info, self.id)["short_name"]

    @strawberry.field(description="The grade; null when the area is ungraded or not inspected")
    def grade(self, info: Info) -> Grade | None:
        grade = _data(info, self.id)["grade"]
        return Grade(grade) if grade else None

    @strawberry.field(description="graded, ungraded or not_inspected")
    def status(self, info: Info) -> str:
        return _data(info, self.id)["status"]

    @strawberry.field(description="The one-line summary under the grade")
    def summary(self, info: Info) -> str:
        return _data(info, self.id)["summary"]

    @strawberry.field(description="The canonical area")
    def area(self, info: Info) -> Area:
        return Area(id=_data(info, self.id)["area"])

    @strawberry.field(description="The report")
    def report(self, info: Info) -> Report:
        return Report(id=_data(info, self.id)["report"])

    @strawberry.field(description="Its findings in report order, optionally of some kinds only")
    def findings(self, info: Info, kinds: list[FindingKind] | None = None) -> list[Finding]:
        index = index_of(info)
        wanted = {k.value for k in kinds} if kinds else None
        ids = _targets(index, self.id, "has_finding")
        ids.sort(key=index.position.__getitem__)
        return [
            Finding(id=f) for f in ids
            if wanted is None or index.graph.nodes[f]["finding_kind"] in wanted
        ]


@strawberry.type(description="Why a finding links to something: the words and their lines.")
class Link:
    node_id: strawberry.ID = strawberry.field(description="The linked node's id")
    name: str = strawberry.field(description="The linked node's name")
    matched_terms: list[str] = strawberry.field(description="The words that matched")
    lines: list[int] = strawberry.field(description="Report lines the words are on")

    @strawberry.field(description="The linked theme (null unless the link is to a theme)")
    def theme(self, info: Info) -> Theme | None:
        return Theme(id=self.node_id) if self.node_id.startswith("theme:") else None


@strawberry.type(description="Where in the report a finding came from.")
class Source:
    report_id: strawberry.Private[str]
    line_start: int = strawberry.field(description="First line (1-based) of the finding")
    line_end: int = strawberry.field(description="Last line of the finding")
    quote: str = strawberry.field(description="The finding's heading as written")

    @strawberry.field(description="The report")
    def report(self) -> Report:
        return Report(id=strawberry.ID(self.report_id))


@strawberry.type(description="A figure quoted in a report, with its sentence.")
class Statistic(Node):
    @strawberry.field(description="percentage, proportion, count, money or duration")
    def kind(self, info: Info) -> str:
        return _data(info, self.id)["stat_kind"]

    @strawberry.field(description="The value (a proportion as a fraction, money in pounds)")
    def value(self, info: Info) -> float:
        return _data(info, self.id)["value"]

    @strawberry.field(description="The figure as written")
    def text(self, info: Info) -> str:
        return _data(info, self.id)["text"]

    @strawberry.field(description="The sentence it stands in")
    def sentence(self, info: Info) -> str:
        return _data(info, self.id)["sentence"]

    @strawberry.field(description="Report line")
    def line(self, info: Info) -> int:
        return _data(info, self.id)["line"]

    @strawberry.field(description="Confidence interval (+/-), for estimated percentages")
    def interval(self, info: Info) -> float | None:
        return _data(info, self.id)["interval"]

    @strawberry.field(description="What is counted or measured (percent, GBP, week, officers …)")
    def unit(self, info: Info) -> str | None:
        return _data(info, self.id)["unit"]


def _links(info: Info, node: str, edge: str) -> list[Link]:
    graph = index_of(info).graph
    out = []
    for _, target, key, data in sorted(graph.out_edges(node, keys=True, data=True)):
        if key == edge:
            out.append(Link(node_id=strawberry.ID(target), name=graph.nodes[target]["label"],
                            matched_terms=list(data["matched"]), lines=list(data["lines"])))
    return out


@strawberry.type(description="A finding: a one-sentence heading and the paragraphs under it.")
class Finding(Node):
    @strawberry.field(description="What kind of finding this is")
    def kind(self, info: Info) -> FindingKind:
        return FindingKind(_data(info, self.id)["finding_kind"])

    @strawberry.field(description="The heading, without link markup")
    def title(self, info: Info) -> str:
        return _data(info, self.id)["title"]

    @strawberry.field(description="The paragraphs, separated by blank lines")
    def body(self, info: Info) -> str:
        return _data(info, self.id)["body"]

    @strawberry.field(description="positive or negative, for reducing-crime factors")
    def effect(self, info: Info) -> str | None:
        return _data(info, self.id)["effect"]

    @strawberry.field(description="The area assessment it belongs to (null for observations)")
    def area(self, info: Info) -> AreaAssessment | None:
        assessment = _data(info, self.id)["assessment"]
        return AreaAssessment(id=assessment) if assessment else None

    @strawberry.field(description="The grade of its area (null when ungraded)")
    def grade(self, info: Info) -> Grade | None:
        grade = _data(info, self.id)["grade"]
        return Grade(grade) if grade else None

    @strawberry.field(description="The report")
    def report(self, info: Info) -> Report:
        return Report(id=_data(info, self.id)["report"])

    @strawberry.field(description="Themes it involves")
    def themes(self, info: Info) -> list[Theme]:
        return [Theme(id=t) for t in _targets(index_of(info), self.id, "has_theme")]

    @strawberry.field(description="Units of the force it involves")
    def units(self, info: Info) -> list[Unit]:
        return [Unit(id=t) for t in _targets(index_of(info), self.id, "involves_unit")]

    @strawberry.field(description="Partner organisations it involves")
    def partners(self, info: Info) -> list[Partner]:
        return [Partner(id=t) for t in _targets(index_of(info), self.id, "involves_partner")]

    @strawberry.field(description="Glossary terms it links to")
    def terms(self, info: Info) -> list[Term]:
        return [Term(id=t) for t in _targets(index_of(info), self.id, "mentions_term")]

    @strawberry.field(description="Figures it quotes")
    def statistics(self, info: Info) -> list[Statistic]:
        index = index_of(info)
        ids = _targets(index, self.id, "has_statistic")
        ids.sort(key=lambda s: (index.graph.nodes[s]["line"], s))
        return [Statistic(id=s) for s in ids]

    @strawberry.field(description="Where it came from in the report")
    def source(self, info: Info) -> Source:
        data = _data(info, self.id)
        return Source(report_id=data["report"], line_start=data["line_start"],
                      line_end=data["line_end"], quote=data["title"])

    @strawberry.field(description="Each theme link and the words that made it")
    def theme_links(self, info: Info) -> list[Link]:
        return _links(info, self.id, "has_theme")

    @strawberry.field(description="Each unit link and the words that made it")
    def unit_links(self, info: Info) -> list[Link]:
        return _links(info, self.id, "involves_unit")

    @strawberry.field(description="Each partner link and the words that made it")
    def partner_links(self, info: Info) -> list[Link]:
        return _links(info, self.id, "involves_partner")

    @strawberry.field(description="Each glossary-term link and the words that made it")
    def term_links(self, info: Info) -> list[Link]:
        return _links(info, self.id, "mentions_term")


@strawberry.type(description="A page of findings, Relay style.")
class FindingConnection(relay.Connection[Finding]):
    total_count: int = strawberry.field(description="How many findings match, over all pages")


@strawberry.interface(description="Something findings link to: a theme, unit, partner or term.")
class Linked(Node):
    posting: strawberry.Private[str] = ""

    @strawberry.field(description="Readable name")
    def name(self, info: Info) -> str:
        return _data(info, self.id)["label"]

    @strawberry.field(description="How many findings link to it")
    def finding_count(self, info: Info) -> int:
        return len(index_of(info).posting(self.posting, self.id))

    @strawberry.field(description="The findings that link to it, optionally filtered further")
    def findings(
        self, info: Info, where: FindingWhere | None = None, first: int = 20,
        after: str | None = None,
    ) -> FindingConnection:
        return _entity_findings(info, self.id, self.posting, where, first, after)


@strawberry.type(description="A theme of the curated taxonomy, with the terms that signal it.")
class Theme(Linked):
    posting: strawberry.Private[str] = "theme"

    @strawberry.field(description="What the theme covers")
    def description(self, info: Info) -> str:
        return _data(info, self.id)["description"]

    @strawberry.field(description="Words and word forms that link a finding to it")
    def terms(self, info: Info) -> list[str]:
        return list(_data(info, self.id)["terms"])


@strawberry.type(description="A unit or team of the force (MASH, SOMU, Safenet …).")
class Unit(Linked):
    posting: strawberry.Private[str] = "unit"

    @strawberry.field(description="Acronym, e.g. SOMU")
    def acronym(self, info: Info) -> str | None:
        return _data(info, self.id)["acronym"]

    @strawberry.field(description="Other names it goes by")
    def aliases(self, info: Info) -> list[str]:
        return list(_data(info, self.id)["aliases"])

    @strawberry.field(description="Partner organisations named with it, with the evidence")
    def works_with(self, info: Info) -> list[JSON]:
        graph = index_of(info).graph
        return [
            {"partner": v, "name": graph.nodes[v]["label"], **d}
            for _, v, k, d in sorted(graph.out_edges(self.id, keys=True, data=True))
            if k == "works_with"
        ]


@strawberry.type(description="An organisation outside the force.")
class Partner(Linked):
    posting: strawberry.Private[str] = "partner"

    @strawberry.field(description="Acronym, e.g. NCA")
    def acronym(self, info: Info) -> str | None:
        return _data(info, self.id)["acronym"]

    @strawberry.field(description="Other names it goes by")
    def aliases(self, info: Info) -> list[str]:
        return list(_data(info, self.id)["aliases"])


@strawberry.type(description="A glossary term linked from report text.")
class Term(Linked):
    posting: strawberry.Private[str] = "term"

    @strawberry.field(description="Acronym, where the link gives one")
    def acronym(self, info: Info) -> str | None:
        return _data(info, self.id)["acronym"]

    @strawberry.field(description="Other names (the acronym)")
    def aliases(self, info: Info) -> list[str]:
        acronym = _data(info, self.id)["acronym"]
        return [acronym] if acronym else []


_TYPES = {
    "force": Force, "report": Report, "area": Area, "assessment": AreaAssessment,
    "finding": Finding, "unit": Unit, "partner": Partner, "theme": Theme, "term": Term,
    "statistic": Statistic,
}  # fmt: skip


def from_node(index: GraphIndex, node: str) -> Node | None:
    """The GraphQL object for a graph node id, or None if there is no such node."""
    if node not in index.graph:
        return None
    return _TYPES[index.graph.nodes[node]["kind"]](id=strawberry.ID(node))


def kind_of(index: GraphIndex, node: str) -> NodeKind:
    return NodeKind(index.graph.nodes[node]["kind"])

