"""GraphQL enums wrapping the graph's own vocabularies (`graph.kinds`)."""

from __future__ import annotations

from enum import Enum

import strawberry

from graph import kinds

__all__ = [
    "EdgeKind",
    "FindingKind",
    "FindingOrder",
    "FollowUpStatus",
    "Grade",
    "GradeChange",
    "NodeKind",
    "Origin",
    "ThemeStrength",
]

Grade = strawberry.enum(
    kinds.Grade,
    description="A PEEL grade, best first. Null where an area is ungraded.",
)
FindingKind = strawberry.enum(
    kinds.FindingKind,
    description="What a finding is: "
    + "; ".join(f"{k.name}: {v}" for k, v in kinds.FINDING_KIND_HELP.items()),
)
NodeKind = strawberry.enum(
    kinds.NodeKind,
    description="Kinds of graph node: "
    + "; ".join(f"{k.name}: {v}" for k, v in kinds.NODE_KIND_HELP.items()),
)
EdgeKind = strawberry.enum(
    kinds.EdgeKind,
    description="Kinds of graph edge: "
    + "; ".join(f"{k.name}: {v}" for k, v in kinds.EDGE_KIND_HELP.items()),
)

GradeChange = strawberry.enum(
    kinds.GradeChange,
    description="How an area's grade moved since the force's previous report: "
    + "; ".join(f"{k.name}: {v}" for k, v in kinds.GRADE_CHANGE_HELP.items()),
)
FollowUpStatus = strawberry.enum(
    kinds.FollowUpStatus,
    description="What a later report says became of an earlier finding: "
    + "; ".join(f"{k.name}: {v}" for k, v in kinds.FOLLOW_UP_STATUS_HELP.items()),
)
ThemeStrength = strawberry.enum(
    kinds.ThemeStrength,
    description="How strongly a finding is linked to a theme. ABOUT: the finding is substantially "
    "about it (its heading, or a point its body argues, names the theme; the score reaches the "
    "lexicon's threshold). MENTIONS: the theme's words occur, but it is not what the finding is "
    "about. As a filter, MENTIONS means any link (a superset of ABOUT).",
)
Origin = strawberry.enum(
    kinds.Origin,
    description="Where a unit or partner comes from: LEXICON (the curated list in "
    "data/lexicon.toml) or DISCOVERED (found in a report's own words, with the evidence).",
)


@strawberry.enum(description="How to order findings.")
class FindingOrder(Enum):
    REPORT = strawberry.enum_value("report", description="Report by report, in document order")
    GRADE = strawberry.enum_value("grade", description="Worst-graded area first")
    TITLE = strawberry.enum_value("title", description="Alphabetically by title")
    RELEVANCE = strawberry.enum_value(
        "relevance",
        description="Highest score first for the themes the filter names (themes, themesAll); "
        "needs a theme filter",
    )
