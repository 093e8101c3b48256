"""GraphQL object types: thin views of graph nodes, each field a call into `graph.query`."""

from __future__ import annotations

import dataclasses
import operator
import threading
import weakref
from collections.abc import Iterable

import strawberry
from strawberry import relay

from graph.gc_pause import gc_paused
from graph.query import (
    BadCursor,
    BadOrder,
    FindingFilter,
    GraphIndex,
    UnknownName,
    filter_findings,
    order_findings,
    page,
    similar_findings,
)

from .context import Info, index_of
from .enums import (
    FindingKind,
    FindingOrder,
    FollowUpStatus,
    Grade,
    GradeChange,
    NodeKind,
    Origin,
    ThemeStrength,
)
from .errors import bad_input
from .history import FollowUp, SimilarFinding
from .inputs import FindingWhere, to_filter
from .limits import Limits
from .links import Link, PartnerLink, TermLink, ThemeLink, UnitLink

__all__ = [
    "Area",
    "AreaAssessment",
    "BodyParagraph",
    "EntityEvidence",
    "Finding",
    "FindingConnection",
    "Force",
    "Link",
    "Node",
    "PageArgs",
    "Partner",
    "PartnerLink",
    "Report",
    "Statistic",
    "Term",
    "TermLink",
    "Theme",
    "ThemeLink",
    "Unit",
    "UnitLink",
    "from_node",
]

_NO_FILTER = FindingFilter()


@strawberry.interface(description="Anything in the graph, found by its stable readable id.")
class Node:
    id: strawberry.ID = strawberry.field(description="Stable id, e.g. `unit:somu`")


# Every object below is built once per graph version (see `views`), with its fields as
# plain attributes: resolving them is an attribute read, not a call into the graph.
# Fields that take arguments stay resolvers.


def _data(info: Info, node: str) -> dict:
    return index_of(info).graph.nodes[node]


def _targets(index: GraphIndex, node: str, edge: str) -> list[str]:
    return sorted(v for _, v, k in index.graph.out_edges(node, keys=True) if k == edge)


def _sources(index: GraphIndex, node: str, edge: str) -> list[str]:
    return sorted(u for u, _, k in index.graph.in_edges(node, keys=True) if k == edge)


DEFAULT_PAGE = 20


@dataclasses.dataclass(frozen=True)
class PageArgs:
    """A connection's paging arguments, Relay style: `first`/`after` forwards,
    `last`/`before` backwards. With neither `first` nor `last`, the first 20."""

    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None


def page_sizes(paging: PageArgs, max_page: int) -> tuple[int | None, int | None]:
    """`first` and `last` checked against the page limit (`first` 20 when neither is given)."""
    first, last = paging.first, paging.last
    if first is None and last is None:
        first = DEFAULT_PAGE
    for name, size in (("first", first), ("last", last)):
        if size is not None and not 0 <= size <= max_page:
            raise bad_input(f"{name} must be between 0 and {max_page} (got {size})")
    return first, last


def finding_connection(
    index: GraphIndex,
    where: FindingWhere | None,
    paging: PageArgs,
    order_by: FindingOrder = FindingOrder.REPORT,
    within: list[str] | None = None,
    max_page: int = Limits().max_page_size,
) -> FindingConnection:
    first, last = page_sizes(paging, max_page)
    where_filter = _NO_FILTER if where is None else to_filter(where)
    try:
        if within is None:
            ids = filter_findings(index, where_filter)
        elif where_filter is _NO_FILTER or where_filter == _NO_FILTER:
            ids = list(within)  # postings are in report order: touch only what is returned
        else:
            keep = set(within)
            ids = [f for f in filter_findings(index, where_filter) if f in keep]
        ids = order_findings(index, ids, order_by.value, where_filter)
        result = page(ids, first, paging.after, last, paging.before)
    except (UnknownName, BadCursor, BadOrder) as exc:
        raise bad_input(str(exc)) from exc
    objects = views(index)
    return FindingConnection(
        edges=[relay.Edge(cursor=c, node=objects[n]) for c, n in result.items],
        page_info=relay.PageInfo(
            has_next_page=result.has_next,
            has_previous_page=result.has_previous,
            start_cursor=result.start_cursor,
            end_cursor=result.end_cursor,
        ),
        total_count=result.total,
    )


def _entity_findings(
    info: Info, node: str, posting: str, where: FindingWhere | None, paging: PageArgs,
) -> FindingConnection:
    index = index_of(info)
    if posting == "theme" and where is not None and where.theme_strength == ThemeStrength.MENTIONS:
        posting = "theme_mentions"  # a theme's findings that only mention it too
    return finding_connection(index, where, paging, within=index.posting(posting, node),
                              max_page=info.context.limits.max_page_size)


def _of_kinds(
    info: Info, findings: list[Finding], kinds: list[FindingKind] | None
) -> list[Finding]:
    if not kinds:
        return list(findings)
    wanted = set(kinds)
    return [f for f in findings if f.kind in wanted]


@strawberry.type(description="A police force.")
class Force(Node):
    name: str = strawberry.field(
        default="", description="The force's name, e.g. Staffordshire Police"
    )
    reports: list[Report] = strawberry.field(
        default_factory=list, description="Its inspection reports, in cycle order (oldest first)"
    )


@strawberry.type(description="A PEEL inspection report.")
class Report(Node):
    title: str = strawberry.field(
        default="",
        description="Title, e.g. PEEL 2021/22: an inspection of Staffordshire Police",
    )
    cycle: str = strawberry.field(
        default="", description="Inspection cycle as the report names it, e.g. 2021/22, 2023-2025"
    )
    cycle_key: str = strawberry.field(
        default="", description="The cycle's key, which orders cycles: 2021-22, 2023-25"
    )
    published: str | None = strawberry.field(
        default=None, description="Month of publication, e.g. September 2022"
    )
    inspector: str | None = strawberry.field(
        default=None, description="The HM Inspector who signed the observations"
    )
    source: str = strawberry.field(default="", description="The file the report was read from")
    format: str = strawberry.field(
        default="txt", description="The file's format: txt, md, html or pdf"
    )
    force: Force = strawberry.field(default=None, description="The force inspected")
    areas: list[AreaAssessment] = strawberry.field(
        default_factory=list, description="Its assessment of each area, in report order"
    )
    all_findings: strawberry.Private[list[Finding]] = dataclasses.field(default_factory=list)
    report_warnings: strawberry.Private[list[str]] = dataclasses.field(default_factory=list)

    @strawberry.field(description="HM Inspector's observations and the reducing-crime factors")
    def findings(self, info: Info, kinds: list[FindingKind] | None = None) -> list[Finding]:
        return _of_kinds(info, self.all_findings, kinds)

    @strawberry.field(description="Problems met while reading the report (e.g. grade mismatches)")
    def warnings(self) -> list[str]:
        return list(self.report_warnings)


@strawberry.type(description="An area of policing in the PEEL framework, across reports.")
class Area(Node):
    name: str = strawberry.field(default="", description="Canonical name")
    short_name: str = strawberry.field(
        default="", description="Short name used in the judgments table"
    )
    assessments: list[AreaAssessment] = strawberry.field(
        default_factory=list, description="Its assessments, one per report"
    )


@strawberry.type(description="One report's assessment of one area, with its grade.")
class AreaAssessment(Node):
    name: str = strawberry.field(default="", description="Canonical area name")
    heading: str = strawberry.field(
        default="", description="The section heading as written in the report"
    )
    short_name: str = strawberry.field(
        default="", description="Short name used in the judgments table"
    )
    grade: Grade | None = strawberry.field(
        default=None, description="The grade; null when the area is ungraded or not inspected"
    )
    status: str = strawberry.field(default="", description="graded, ungraded or not_inspected")
    summary: str = strawberry.field(default="", description="The one-line summary under the grade")
    area: Area = strawberry.field(default=None, description="The canonical area")
    report: Report = strawberry.field(default=None, description="The report")
    previous: AreaAssessment | None = strawberry.field(
        default=None,
        description="The same canonical area in the force's previous report (null when that "
        "report has none, or there is no previous report)",
    )
    grade_change: GradeChange | None = strawberry.field(
        default=None,
        description="How the grade moved since the previous report (null without a previous "
        "report, or when either assessment is ungraded)",
    )
    comparable_with_previous: bool | None = strawberry.field(
        default=None,
        description="Whether the lexicon says the two grades answer the same question (null "
        "without a previous report). The inspectorate's caveat holds for every cycle change: "
        "a grade change need not mean a change in performance",
    )
    comparability_reason: str | None = strawberry.field(
        default=None, description="Why the grades are not comparable (null when they are)"
    )
    all_findings: strawberry.Private[list[Finding]] = dataclasses.field(default_factory=list)

    @strawberry.field(description="Its findings in report order, optionally of some kinds only")
    def findings(self, info: Info, kinds: list[FindingKind] | None = None) -> list[Finding]:
        return _of_kinds(info, self.all_findings, kinds)


@strawberry.type(description="Where in the report a finding came from.")
class Source:
    report_id: strawberry.Private[str]
    line_start: int = strawberry.field(
        description="First line (1-based) of the finding: of the file for text and Markdown,"
        " of the text extracted from it for HTML and PDF"
    )
    line_end: int = strawberry.field(description="Last line of the finding")
    quote: str = strawberry.field(description="The finding's heading as written")
    report: Report = strawberry.field(default=None, description="The report")
    pages: list[int] = strawberry.field(
        default_factory=list,
        description="The PDF pages the finding is printed on (empty for other formats)",
    )
    anchor: str | None = strawberry.field(
        default=None,
        description="For an HTML page, the id of the section the finding sits under (link to"
        " it as page.html#anchor); null for other formats",
    )


@strawberry.type(description="A figure quoted in a report, with its sentence.")
class Statistic(Node):
    kind: str = strawberry.field(
        default="", description="percentage, proportion, count, money or duration"
    )
    value: float = strawberry.field(
        default=0.0, description="The value (a proportion as a fraction, money in pounds)"
    )
    text: str = strawberry.field(default="", description="The figure as written")
    sentence: str = strawberry.field(default="", description="The sentence it stands in")
    line: int = strawberry.field(default=0, description="Report line")
    interval: float | None = strawberry.field(
        default=None, description="Confidence interval (+/-), for estimated percentages"
    )
    unit: str | None = strawberry.field(
        default=None, description="What is counted or measured (percent, GBP, week, officers …)"
    )


@strawberry.type(description="A paragraph of a finding's body; a bulleted list has its items.")
class BodyParagraph:
    text: str = strawberry.field(description="The paragraph as in `body` (a list as - lines)")
    items: list[str] = strawberry.field(
        description="The bullets when the paragraph is a list, else empty")


@strawberry.type(description="A finding: a one-sentence heading and the paragraphs under it.")
class Finding(Node):
    kind: FindingKind = strawberry.field(default=None, description="What kind of finding this is")
    title: str = strawberry.field(default="", description="The heading, without link markup")
    body: str = strawberry.field(default="", description="The paragraphs, separated by blank lines")
    paragraphs: list[BodyParagraph] = strawberry.field(
        default_factory=list,
        description="The body paragraph by paragraph, lists with their items (render a list "
        "as a list)",
    )
    effect: str | None = strawberry.field(
        default=None, description="positive or negative, for reducing-crime factors"
    )
    area: AreaAssessment | None = strawberry.field(
        default=None, description="The area assessment it belongs to (null for observations)"
    )
    grade: Grade | None = strawberry.field(
        default=None, description="The grade of its area (null when ungraded)"
    )
    report: Report = strawberry.field(default=None, description="The report")
    accelerated_on: str | None = strawberry.field(
        default=None,
        description="Causes of concern first published as an accelerated cause of concern: "
        "the date given (e.g. 29 March 2022); null otherwise",
    )
    themes: list[Theme] = strawberry.field(
        default_factory=list,
        description="Themes it is about (ABOUT links); themeLinks also has those it only "
        "mentions",
    )
    units: list[Unit] = strawberry.field(
        default_factory=list, description="Units of the force it involves"
    )
    partners: list[Partner] = strawberry.field(
        default_factory=list, description="Partner organisations it involves"
    )
    terms: list[Term] = strawberry.field(
        default_factory=list, description="Glossary terms it links to"
    )
    statistics: list[Statistic] = strawberry.field(
        default_factory=list, description="Figures it quotes"
    )
    source: Source = strawberry.field(default=None, description="Where it came from in the report")
    theme_links: list[ThemeLink] = strawberry.field(
        default_factory=list,
        description="Each theme link (ABOUT or MENTIONS) with its score and the words that made it",
    )
    unit_links: list[UnitLink] = strawberry.field(
        default_factory=list, description="Each unit link and the words that made it"
    )
    partner_links: list[PartnerLink] = strawberry.field(
        default_factory=list, description="Each partner link and the words that made it"
    )
    term_links: list[TermLink] = strawberry.field(
        default_factory=list, description="Each glossary-term link and the words that made it"
    )
    follow_ups: list[FollowUp] = strawberry.field(
        default_factory=list,
        description="Later reports' progress paragraphs on this finding, oldest report first",
    )
    follow_up_of: list[FollowUp] = strawberry.field(
        default_factory=list,
        description="The earlier findings this finding's progress paragraphs report on",
    )
    status: FollowUpStatus | None = strawberry.field(
        default=None,
        description="What the force's latest report says became of this cause of concern or "
        "area for improvement: UNKNOWN when that report does not say (or passes over it); null "
        "when the force has no later report, or for other kinds of finding",
    )

    @strawberry.field(
        description="The findings of other reports (other forces or cycles) that read most "
        "like this one, best first, with the words that explain each score"
    )
    def similar(self, info: Info, first: int = 5) -> list[SimilarFinding]:
        if not 0 <= first <= 50:
            raise bad_input(f"first must be between 0 and 50 (got {first})")
        index = index_of(info)
        objects = views(index)
        return [
            SimilarFinding(finding=objects[s.node], score=s.score, shared_terms=list(s.shared))
            for s in similar_findings(index, str(self.id), first)
        ]


@strawberry.type(description="A page of findings, Relay style.")
class FindingConnection(relay.Connection[Finding]):
    total_count: int = strawberry.field(description="How many findings match, over all pages")


@strawberry.interface(description="Something findings link to: a theme, unit, partner or term.")
class Linked(Node):
    posting: strawberry.Private[str] = ""
    name: str = strawberry.field(default="", description="Readable name")
    finding_count: int = strawberry.field(default=0, description="How many findings link to it")

    @strawberry.field(description="The findings that link to it, optionally filtered further; "
                      "paged forwards (`first`, `after`) or backwards (`last`, `before`)")
    def findings(
        self, info: Info, where: FindingWhere | None = None, first: int | None = None,
        after: str | None = None, last: int | None = None, before: str | None = None,
    ) -> FindingConnection:
        return _entity_findings(info, self.id, self.posting, where,
                                PageArgs(first, after, last, before))


@strawberry.type(description="A theme of the curated taxonomy, with the terms that signal it.")
class Theme(Linked):
    posting: strawberry.Private[str] = "theme"
    description: str = strawberry.field(default="", description="What the theme covers")
    terms: list[str] = strawberry.field(
        default_factory=list, description="Words and word forms that link a finding to it"
    )


@strawberry.type(description="Why a unit or partner is in the graph: a place a report names it.")
class EntityEvidence:
    report: Report = strawberry.field(description="The report naming it")
    line: int = strawberry.field(description="The report line")
    rule: str = strawberry.field(
        description="How it was found: acronym definition, head word, capitalised name, "
        "named operation, apposition or mention"
    )
    text: str = strawberry.field(description="The words that name it")


@strawberry.type(description="A unit or team of the force (MASH, SOMU, Safenet …).")
class Unit(Linked):
    posting: strawberry.Private[str] = "unit"
    acronym: str | None = strawberry.field(default=None, description="Acronym, e.g. SOMU")
    aliases: list[str] = strawberry.field(
        default_factory=list, description="Other names it goes by (reports' spellings too)"
    )
    origin: Origin = strawberry.field(
        default=Origin.LEXICON, description="LEXICON (curated) or DISCOVERED (from a report)"
    )
    category: str = strawberry.field(
        default="unit",
        description="unit, board (the force's own boards and committees) or operation",
    )
    evidence: list[EntityEvidence] = strawberry.field(
        default_factory=list, description="Where reports name it (what made it, if discovered)"
    )
    works_with: list[WorksWith] = strawberry.field(
        default_factory=list,
        description="Partner organisations named with it in the same paragraph, with the evidence",
    )


@strawberry.type(description="A paragraph that names a unit and a partner together.")
class Mention:
    finding: Finding = strawberry.field(description="The finding the paragraph belongs to")
    line: int = strawberry.field(description="The paragraph's first report line")
    sentence: str = strawberry.field(
        description="The sentence naming both (the paragraph when no one sentence does)"
    )


@strawberry.type(description="A partner organisation a unit is named with, and where.")
class WorksWith:
    partner: Partner = strawberry.field(description="The partner organisation")
    matched_terms: list[str] = strawberry.field(description="The words that named the two")
    mentions: list[Mention] = strawberry.field(
        description="Each paragraph naming both, in report order"
    )


@strawberry.type(description="An organisation outside the force, or a multi-agency arrangement.")
class Partner(Linked):
    posting: strawberry.Private[str] = "partner"
    acronym: str | None = strawberry.field(default=None, description="Acronym, e.g. NCA")
    aliases: list[str] = strawberry.field(
        default_factory=list, description="Other names it goes by (reports' spellings too)"
    )
    origin: Origin = strawberry.field(
        default=Origin.LEXICON, description="LEXICON (curated) or DISCOVERED (from a report)"
    )
    category: str = strawberry.field(
        default="partner",
        description="partner (an organisation outside the force), arrangement (MARAC, MAPPA: "
        "multi-agency arrangements) or advisory_group",
    )
    evidence: list[EntityEvidence] = strawberry.field(
        default_factory=list, description="Where reports name it (what made it, if discovered)"
    )


@strawberry.type(description="A glossary term linked from report text.")
class Term(Linked):
    posting: strawberry.Private[str] = "term"
    acronym: str | None = strawberry.field(
        default=None, description="Acronym, where the link gives one"
    )
    aliases: list[str] = strawberry.field(
        default_factory=list, description="Other names (the acronym)"
    )


_TYPES = {
    "force": Force, "report": Report, "area": Area, "assessment": AreaAssessment,
    "finding": Finding, "unit": Unit, "partner": Partner, "theme": Theme, "term": Term,
    "statistic": Statistic,
}  # fmt: skip

# Link type and target field of a finding's links to units, partners and terms.
_LINK_TYPES: dict[str, tuple[type[Link], str]] = {
    "involves_unit": (UnitLink, "unit"),
    "involves_partner": (PartnerLink, "partner"),
    "mentions_term": (TermLink, "term"),
}

_FIRST = operator.itemgetter(0)

# The edges whose sources `_build_views` looks up (a report's force, an area's assessments).
_SOURCE_EDGES = frozenset({"has_report", "assesses"})

_views: dict[int, dict[str, Node]] = {}  # by id of a live GraphIndex (dropped when it dies)
_views_lock = threading.Lock()


def views(index: GraphIndex) -> dict[str, Node]:
    """The GraphQL object of every node of this graph version, built once and shared.

    The graph is immutable between reloads, so these objects are too; a new graph gets a
    new index and so new objects. They are kept here, not on the index: the graph layer
    knows nothing of GraphQL.
    """
    objects = _views.get(id(index))
    if objects is None:
        with _views_lock:
            objects = _views.get(id(index))
            if objects is None:
                # Many small objects, no cycles to find: the collector is paused, and what
                # was made goes to the oldest generation, not walked by the next young
                # collection (a fifth of a millisecond for one report's views).
                with gc_paused():
                    objects = _build_views(index)
                _views[id(index)] = objects
                weakref.finalize(index, _views.pop, id(index), None)
    return objects


def _members(enum: type) -> dict[object, object]:
    """An enum's members by value: a dict lookup, where calling the enum walks `EnumType`'s
    machinery (some hundreds of calls for one graph)."""
    return {member.value: member for member in enum}


_GRADES = _members(Grade)
_FINDING_KINDS = _members(FindingKind)
_STRENGTHS = _members(ThemeStrength)
_STATUSES = _members(FollowUpStatus)
_ORIGINS = _members(Origin)


def _member(members: dict[object, object], enum: type, value: object) -> object:
    """`enum(value)`, from `members` (`_members(enum)`) when the value is one of them."""
    found = members.get(value)
    return enum(value) if found is None else found


def _grade(grade: str | None) -> Grade | None:
    return _member(_GRADES, Grade, grade) if grade else None  # type: ignore[return-value]


def _build_views(index: GraphIndex) -> dict[str, Node]:
    graph = index.graph
    nodes = dict(graph.nodes(data=True))  # plain dict: far cheaper than `graph.nodes[node]`
    # `strawberry.ID` is a `NewType`: calling it gives back the very string, so ids are
    # the node ids themselves, without some hundreds of calls that return their argument.
    objects: dict[str, Node] = {
        node: _TYPES[data["kind"]](id=node) for node, data in nodes.items()
    }
    out_edges: dict[str, dict[str, list[tuple[str, dict]]]] = {}
    # (target, edge) -> sources, for the edges `sources` is asked for only
    in_edges: dict[tuple[str, str], list[str]] = {}
    follows: list[tuple[str, str, dict]] = []  # in `graph.edges` order
    for u, neighbours in graph.adjacency():  # plain dicts: far cheaper than `graph.adj`
        by_key: dict[str, list[tuple[str, dict]]] = {}
        for v, keyed in neighbours.items():
            for key, data in keyed.items():
                if key in by_key:
                    by_key[key].append((v, data))
                else:
                    by_key[key] = [(v, data)]
                if key in _SOURCE_EDGES:
                    in_edges.setdefault((v, key), []).append(u)
                elif key == "follows_up":
                    follows.append((u, v, data))
        for found in by_key.values():
            if len(found) > 1:
                found.sort(key=_FIRST)  # targets in id order, as sorted() gave
        out_edges[u] = by_key

    no_edges: dict[str, list[tuple[str, dict]]] = {}

    def links(edge: str, found: Iterable[tuple[str, dict]]) -> list[Link]:
        """A finding's links of one kind to units, partners or terms, each with its evidence."""
        link_type, target = _LINK_TYPES[edge]
        return [
            link_type(node_id=v, name=nodes[v]["label"], matched_terms=list(e["matched"]),
                      lines=list(e["lines"]), **{target: objects[v]})  # type: ignore[call-arg]
            for v, e in found
        ]

    def targets(node: str, edge: str) -> list[str]:
        return [v for v, _ in out_edges.get(node, no_edges).get(edge, ())]

    def sources(node: str, edge: str) -> list[str]:
        assert edge in _SOURCE_EDGES
        return sorted(in_edges.get((node, edge), ()))

    follow_ups: dict[str, list[FollowUp]] = {}
    follow_up_of: dict[str, list[FollowUp]] = {}
    for u, v, e in sorted(follows, key=lambda x: (x[0], x[1])):
        link = FollowUp(
            earlier=objects[v], later=objects[u],
            status=_member(_STATUSES, FollowUpStatus, e["status"]),
            evidence=e["evidence"], line=e["lines"][0], score=e["score"],
            matched_terms=list(e["matched"]),
        )
        follow_ups.setdefault(v, []).append(link)
        follow_up_of.setdefault(u, []).append(link)
    statuses = {f: s for s, found in index.postings.get("status", {}).items() for f in found}

    for node, obj in objects.items():
        d = nodes[node]
        kind = d["kind"]
        if kind == "finding":
            assert isinstance(obj, Finding)
            out = out_edges.get(node, no_edges)
            obj.kind = _member(_FINDING_KINDS, FindingKind, d["finding_kind"])
            obj.title, obj.body, obj.effect = d["title"], d["body"], d["effect"]
            obj.paragraphs = [
                BodyParagraph(text=text, items=list(items))
                for text, items in zip(d["body"].split("\n\n") if d["paragraph_items"] else [],
                                       d["paragraph_items"], strict=True)
            ]
            obj.area = objects[d["assessment"]] if d["assessment"] else None
            obj.grade = _grade(d["grade"])
            obj.report = objects[d["report"]]
            themes = out.get("has_theme", ())
            obj.themes = [objects[v] for v, e in themes
                          if e.get("strength", "about") == "about"]
            obj.accelerated_on = d.get("accelerated")
            units = out.get("involves_unit", ())
            partners = out.get("involves_partner", ())
            terms = out.get("mentions_term", ())
            obj.units = [objects[v] for v, _ in units]
            obj.partners = [objects[v] for v, _ in partners]
            obj.terms = [objects[v] for v, _ in terms]
            stats = [v for v, _ in out.get("has_statistic", ())]
            stats.sort(key=lambda s: (nodes[s]["line"], s))
            obj.statistics = [objects[s] for s in stats]
            obj.source = Source(report_id=d["report"], line_start=d["line_start"],
                                line_end=d["line_end"], quote=d["title"],
                                report=objects[d["report"]], pages=list(d.get("pages", ())),
                                anchor=d.get("anchor"))
            obj.theme_links = [
                ThemeLink(  # type: ignore[call-arg]
                    node_id=v,
                    name=nodes[v]["label"],
                    matched_terms=list(e["matched"]),
                    lines=list(e["lines"]),
                    theme=objects[v],
                    strength=_member(_STRENGTHS, ThemeStrength, e.get("strength", "about")),
                    score=float(e.get("score") or 0.0),
                )
                for v, e in themes
            ]
            obj.unit_links = links("involves_unit", units)
            obj.partner_links = links("involves_partner", partners)
            obj.term_links = links("mentions_term", terms)
            obj.follow_ups = follow_ups.get(node, [])
            obj.follow_up_of = follow_up_of.get(node, [])
            obj.status = (
                _member(_STATUSES, FollowUpStatus, statuses[node]) if node in statuses else None
            )
        elif kind == "statistic":
            assert isinstance(obj, Statistic)
            obj.kind, obj.value, obj.text = d["stat_kind"], d["value"], d["text"]
            obj.sentence, obj.line = d["sentence"], d["line"]
            obj.interval, obj.unit = d["interval"], d["unit"]
        elif kind == "assessment":
            assert isinstance(obj, AreaAssessment)
            obj.name, obj.heading, obj.short_name = d["name"], d["heading"], d["short_name"]
            obj.grade, obj.status, obj.summary = _grade(d["grade"]), d["status"], d["summary"]
            obj.area, obj.report = objects[d["area"]], objects[d["report"]]
            obj.previous = objects[d["previous"]] if d.get("previous") else None
            obj.grade_change = GradeChange(d["grade_change"]) if d.get("grade_change") else None
            obj.comparable_with_previous = d.get("comparable")
            obj.comparability_reason = d.get("comparability")
            found = targets(node, "has_finding")
            found.sort(key=index.position.__getitem__)
            obj.all_findings = [objects[f] for f in found]
        elif kind == "report":
            assert isinstance(obj, Report)
            obj.title, obj.cycle, obj.published = d["title"], d["cycle"], d["published"]
            obj.inspector, obj.source = d["inspector"], d["source"]
            obj.format = d.get("format", "txt")
            obj.cycle_key = d.get("cycle_key", "")
            obj.force = objects[sources(node, "has_report")[0]]
            areas = targets(node, "has_assessment")
            areas.sort(key=lambda a: nodes[a]["line_start"])
            obj.areas = [objects[a] for a in areas]
            obj.all_findings = [objects[f] for f in index.posting("report", node)]
            obj.report_warnings = list(d["warnings"])
        elif kind == "force":
            assert isinstance(obj, Force)
            obj.name = d["name"]
            found = targets(node, "has_report")
            found.sort(key=lambda r: (nodes[r].get("cycle_key", ""), r))
            obj.reports = [objects[r] for r in found]
        elif kind == "area":
            assert isinstance(obj, Area)
            obj.name, obj.short_name = d["name"], d["short_name"]
            obj.assessments = [objects[a] for a in sources(node, "assesses")]
        else:
            assert isinstance(obj, Linked)
            obj.name = d["label"]
            obj.finding_count = len(index.posting(obj.posting, node))
            if isinstance(obj, Theme):
                obj.description, obj.terms = d["description"], list(d["terms"])
            elif isinstance(obj, Unit | Partner):
                obj.acronym, obj.aliases = d["acronym"], list(d["aliases"])
                obj.origin = _member(_ORIGINS, Origin, d.get("origin", "lexicon"))
                obj.category = d.get("category") or d["kind"]
                obj.evidence = [
                    EntityEvidence(report=objects[r], line=line, rule=rule, text=text)
                    for r, line, rule, text in zip(
                        d.get("evidence_reports", ()), d.get("evidence_lines", ()),
                        d.get("evidence_rules", ()), d.get("evidence_texts", ()), strict=True)
                    if r in objects
                ]
                if isinstance(obj, Unit):
                    obj.works_with = [
                        WorksWith(
                            partner=objects[v], matched_terms=list(e["matched"]),
                            mentions=[
                                Mention(finding=objects[f], line=line, sentence=sentence)
                                for f, line, sentence in zip(
                                    e["findings"], e["lines"], e["sentences"], strict=True)
                            ],
                        )
                        for v, e in out_edges.get(node, {}).get("works_with", ())
                    ]
            elif isinstance(obj, Term):
                obj.acronym = d["acronym"]
                obj.aliases = [d["acronym"]] if d["acronym"] else []
    return objects


def from_node(index: GraphIndex, node: str) -> Node | None:
    """The GraphQL object for a graph node id, or None if there is no such node."""
    return views(index).get(node)


def kind_of(index: GraphIndex, node: str) -> NodeKind:
    return NodeKind(index.graph.nodes[node]["kind"])
