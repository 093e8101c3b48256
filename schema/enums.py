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


@strawberry.enum(description="How to order findings.")
class FindingOrder(Enum):
    REPORT = strawberry.enum_value("report", description="Report by report, in document order")
    GRADE = strawberry.enum_value("grade", description="Worst-graded area first")
    TITLE = strawberry.enum_value("title", description="Alphabetically by title")
