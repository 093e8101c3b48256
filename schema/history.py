"""GraphQL types for one force across reports: follow-up links and similar findings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from .enums import FollowUpStatus

if TYPE_CHECKING:
    from .types import Finding

__all__ = ["FollowUp", "SimilarFinding"]


@strawberry.type(
    description="A later report's progress paragraph on an earlier finding: what became of it."
)
class FollowUp:
    earlier: Annotated[Finding, strawberry.lazy("schema.types")] = strawberry.field(
        description="The earlier finding (e.g. a 2021/22 cause of concern)"
    )
    later: Annotated[Finding, strawberry.lazy("schema.types")] = strawberry.field(
        description="The later report's finding whose paragraph reports the progress"
    )
    status: FollowUpStatus = strawberry.field(description="What the paragraph says became of it")
    evidence: str = strawberry.field(
        description="The paragraph from its opening sentence on (the paraphrase and the verdict)"
    )
    line: int = strawberry.field(description="The paragraph's first line in the later report")
    score: float = strawberry.field(
        description="How closely the paraphrase matches the earlier finding (cosine similarity "
        "plus a bonus for the same or a related area; higher is surer)"
    )
    matched_terms: list[str] = strawberry.field(
        description="The words the two share, strongest first"
    )


@strawberry.type(description="A finding of another report that reads like this one.")
class SimilarFinding:
    finding: Annotated[Finding, strawberry.lazy("schema.types")] = strawberry.field(
        description="The similar finding (another force, or another cycle)"
    )
    score: float = strawberry.field(description="TF-IDF cosine similarity, 0 to 1")
    shared_terms: list[str] = strawberry.field(
        description="The words that explain the score, strongest first"
    )
