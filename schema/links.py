"""The typed links of a finding: why it links to a theme, unit, partner or term.

Not entities (no `id`): the linked object is each type's own non-null field, and the
evidence (the words and their lines) is the shared `Link` interface.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from .enums import ThemeStrength

if TYPE_CHECKING:
    from .types import Partner, Term, Theme, Unit

__all__ = ["Link", "PartnerLink", "TermLink", "ThemeLink", "UnitLink"]

_TYPES = "schema.types"


@strawberry.interface(
    description="Why a finding links to something: the words and their lines. Not an entity "
    "(no `id`): the linked object itself is the typed field of each implementation."
)
class Link:
    node_id: strawberry.ID = strawberry.field(description="The linked node's id")
    name: str = strawberry.field(description="The linked node's name")
    matched_terms: list[str] = strawberry.field(description="The words that matched")
    lines: list[int] = strawberry.field(description="Report lines the words are on")


@strawberry.type(description="A finding's link to a theme, with the evidence.")
class ThemeLink(Link):
    theme: Annotated[Theme, strawberry.lazy(_TYPES)] = strawberry.field(
        description="The linked theme"
    )
    strength: ThemeStrength = strawberry.field(
        description="ABOUT (the finding is about the theme) or MENTIONS (its words only occur)"
    )
    score: float = strawberry.field(
        description="The evidence score (heading matches weigh most, then asks, then other "
        "body sentences; each sentence once; boilerplate and longer names not at all); ABOUT "
        "from the lexicon's threshold up"
    )


@strawberry.type(description="A finding's link to a unit of the force, with the evidence.")
class UnitLink(Link):
    unit: Annotated[Unit, strawberry.lazy(_TYPES)] = strawberry.field(
        description="The linked unit"
    )


@strawberry.type(description="A finding's link to a partner organisation, with the evidence.")
class PartnerLink(Link):
    partner: Annotated[Partner, strawberry.lazy(_TYPES)] = strawberry.field(
        description="The linked partner organisation"
    )


@strawberry.type(description="A finding's link to a glossary term, with the evidence.")
class TermLink(Link):
    term: Annotated[Term, strawberry.lazy(_TYPES)] = strawberry.field(
        description="The linked glossary term"
    )
