"""Input types, converted to the graph's plain filter objects at the boundary."""

from __future__ import annotations

import strawberry

from graph.query import FindingFilter

from .enums import FindingKind, Grade

__all__ = ["FindingWhere", "to_filter"]


@strawberry.input(
    description="Which findings to return. Within a field the values are alternatives (any "
    "may hold); across fields all must hold. Names match case-insensitively by id, name, "
    "short name or acronym; an unknown name is an error, not an empty result."
)
class FindingWhere:
    kinds: list[FindingKind] | None = strawberry.field(
        default=None, description="Any of these kinds of finding"
    )
    themes: list[str] | None = strawberry.field(
        default=None, description="Linked to any of these themes (e.g. \"supervision\")"
    )
    themes_all: list[str] | None = strawberry.field(
        default=None, description="Linked to every one of these themes"
    )
    units: list[str] | None = strawberry.field(
        default=None, description="Involving any of these units (e.g. \"SOMU\")"
    )
    partners: list[str] | None = strawberry.field(
        default=None, description="Involving any of these partner organisations"
    )
    terms: list[str] | None = strawberry.field(
        default=None, description="Mentioning any of these glossary terms"
    )
    areas: list[str] | None = strawberry.field(
        default=None, description="In any of these areas (name, short name or id)"
    )
    grades: list[Grade] | None = strawberry.field(
        default=None, description="In an area graded any of these"
    )
    forces: list[str] | None = strawberry.field(
        default=None, description="In a report on any of these forces"
    )
    reports: list[str] | None = strawberry.field(
        default=None, description="In any of these reports (id)"
    )
    text: str | None = strawberry.field(
        default=None,
        description="Title or body has a word starting with this text (case-insensitive)",
    )


def to_filter(where: FindingWhere | None) -> FindingFilter:
    if where is None:
        return FindingFilter()
    return FindingFilter(
        kinds=tuple(k.value for k in where.kinds or ()),
        themes=tuple(where.themes or ()),
        themes_all=tuple(where.themes_all or ()),
        units=tuple(where.units or ()),
        partners=tuple(where.partners or ()),
        terms=tuple(where.terms or ()),
        areas=tuple(where.areas or ()),
        grades=tuple(g.value for g in where.grades or ()),
        forces=tuple(where.forces or ()),
        reports=tuple(where.reports or ()),
        text=where.text or None,
    )
