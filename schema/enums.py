"""GraphQL enums wrapping the graph's own vocabularies (`graph.kinds`)."""

from __future__ import annotations

from collections.abc import Mapping
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

def _listed(lead: str, help_by_member: Mapping[Enum, str]) -> str:
    """An enum's description: what it is, then each member's name and meaning."""
    return lead + "; ".join(f"{k.name}: {v}" for k, v in help_by_member.items())


Grade = strawberry.enum(
    kinds.Grade,
    description="A PEEL grade, best first. Null where an area is ungraded.",
)
FindingKind = strawberry.enum(
    kinds.FindingKind,
    description=_listed("What a finding is: ", kinds.FINDING_KIND_HELP),
)
NodeKind = strawberry.enum(
    kinds.NodeKind,
    description=_listed("Kinds of graph node: ", kinds.NODE_KIND_HELP),
)
EdgeKind = strawberry.enum(
    kinds.EdgeKind,
    description=_listed("Kinds of graph edge: ", kinds.EDGE_KIND_HELP),
)

GradeChange = strawberry.enum(
    kinds.GradeChange,
    description=_listed(
        "How an area's grade moved since the force's previous report: ", kinds.GRADE_CHANGE_HELP
    ),
)
FollowUpStatus = strawberry.enum(
    kinds.FollowUpStatus,
    description=_listed(
        "What a later report says became of an earlier finding: ", kinds.FOLLOW_UP_STATUS_HELP
    ),
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
