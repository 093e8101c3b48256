"""The graph's vocabularies, defined once: node kinds, edge kinds, finding kinds, grades.

The GraphQL layer wraps these enums rather than redefining them.
"""

from __future__ import annotations

from enum import Enum

__all__ = [
    "EdgeKind", "FindingKind", "FollowUpStatus", "Grade", "GradeChange", "NodeKind", "Origin",
    "ThemeStrength",
]


class NodeKind(Enum):
    FORCE = "force"
    REPORT = "report"
    AREA = "area"
    ASSESSMENT = "assessment"
    FINDING = "finding"
    UNIT = "unit"
    PARTNER = "partner"
    THEME = "theme"
    TERM = "term"
    STATISTIC = "statistic"


class EdgeKind(Enum):
    HAS_REPORT = "has_report"
    HAS_ASSESSMENT = "has_assessment"
    ASSESSES = "assesses"
    HAS_FINDING = "has_finding"
    INVOLVES_UNIT = "involves_unit"
    INVOLVES_PARTNER = "involves_partner"
    HAS_THEME = "has_theme"
    MENTIONS_TERM = "mentions_term"
    HAS_STATISTIC = "has_statistic"
    WORKS_WITH = "works_with"
    PREVIOUS_ASSESSMENT = "previous_assessment"
    FOLLOWS_UP = "follows_up"


class FindingKind(Enum):
    CAUSE_OF_CONCERN = "cause_of_concern"
    AREA_FOR_IMPROVEMENT = "area_for_improvement"
    MAIN_FINDING = "main_finding"
    OBSERVATION = "observation"
    PRACTICE = "practice"
    ASSESSMENT_FINDING = "assessment_finding"
    REDUCING_CRIME_FACTOR = "reducing_crime_factor"


class ThemeStrength(Enum):
    ABOUT = "about"
    MENTIONS = "mentions"


class Origin(Enum):
    LEXICON = "lexicon"
    DISCOVERED = "discovered"


class Grade(Enum):
    OUTSTANDING = "Outstanding"
    GOOD = "Good"
    ADEQUATE = "Adequate"
    REQUIRES_IMPROVEMENT = "Requires improvement"
    INADEQUATE = "Inadequate"


class GradeChange(Enum):
    UP = "UP"
    DOWN = "DOWN"
    SAME = "SAME"
    NEW_AREA = "NEW_AREA"


class FollowUpStatus(Enum):
    CLOSED = "closed"
    PARTLY_ADDRESSED = "partly_addressed"
    NOT_ADDRESSED = "not_addressed"
    UNKNOWN = "unknown"


GRADE_CHANGE_HELP = {
    GradeChange.UP: "a better grade than in the force's previous report",
    GradeChange.DOWN: "a worse grade than in the force's previous report",
    GradeChange.SAME: "the same grade as in the force's previous report",
    GradeChange.NEW_AREA: "graded, but the previous report has no assessment of this area",
}
FOLLOW_UP_STATUS_HELP = {
    FollowUpStatus.CLOSED: "the later report closed it (sufficient progress)",
    FollowUpStatus.PARTLY_ADDRESSED: "partly addressed (some progress; may be replaced)",
    FollowUpStatus.NOT_ADDRESSED: "not addressed (no or too little progress)",
    FollowUpStatus.UNKNOWN: "the force has a later report, but it does not say how far this "
    "was addressed (a paragraph without a verdict, or no paragraph on it)",
}

NODE_KIND_HELP = {
    NodeKind.FORCE: "A police force of England and Wales",
    NodeKind.REPORT: "A PEEL inspection report",
    NodeKind.AREA: "An area of policing in the PEEL framework",
    NodeKind.ASSESSMENT: "A report's assessment (and grade) of one area",
    NodeKind.FINDING: "A finding: cause of concern, area for improvement, observation …",
    NodeKind.UNIT: "A unit or team of the force",
    NodeKind.PARTNER: "An organisation outside the force",
    NodeKind.THEME: "A theme of the curated taxonomy",
    NodeKind.TERM: "A glossary term linked from the report text",
    NodeKind.STATISTIC: "A figure quoted in the text",
}
EDGE_KIND_HELP = {
    EdgeKind.HAS_REPORT: "force → report",
    EdgeKind.HAS_ASSESSMENT: "report → area assessment",
    EdgeKind.ASSESSES: "area assessment → canonical area",
    EdgeKind.HAS_FINDING: "area assessment (or report) → finding",
    EdgeKind.INVOLVES_UNIT: "finding → unit it involves",
    EdgeKind.INVOLVES_PARTNER: "finding → partner organisation it involves",
    EdgeKind.HAS_THEME: "finding → theme",
    EdgeKind.MENTIONS_TERM: "finding → glossary term",
    EdgeKind.HAS_STATISTIC: "finding or assessment → statistic",
    EdgeKind.WORKS_WITH: "unit → partner named with it in a paragraph",
    EdgeKind.PREVIOUS_ASSESSMENT: "area assessment → the same area in the force's previous report",
    EdgeKind.FOLLOWS_UP: "later finding → the earlier finding its progress paragraph reports on",
}
FINDING_KIND_HELP = {
    FindingKind.CAUSE_OF_CONCERN: "Cause of concern",
    FindingKind.AREA_FOR_IMPROVEMENT: "Area for improvement",
    FindingKind.MAIN_FINDING: "Main finding",
    FindingKind.OBSERVATION: "HM Inspector's observation",
    FindingKind.PRACTICE: "Innovative or promising practice",
    FindingKind.ASSESSMENT_FINDING: "Finding of an ungraded assessment (victim service)",
    FindingKind.REDUCING_CRIME_FACTOR: "Factor affecting the force's ability to reduce crime",
}
