"""Input types, converted to the graph's plain filter objects at the boundary."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import strawberry
from strawberry.types.base import StrawberryList, StrawberryOptional
from strawberry.types.enum import StrawberryEnumDefinition
from strawberry.utils.str_converters import to_camel_case

from graph.query import FindingFilter

from .enums import FindingKind, FollowUpStatus, Grade, ThemeStrength

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
        default=None,
        description="About any of these themes (e.g. \"supervision\"); see themeStrength",
    )
    themes_all: list[str] | None = strawberry.field(
        default=None, description="About every one of these themes; see themeStrength"
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
    cycles: list[str] | None = strawberry.field(
        default=None, description="In a report of any of these cycles (\"2021/22\", \"2023-25\")"
    )
    status: list[FollowUpStatus] | None = strawberry.field(
        default=None,
        description="A cause of concern or area for improvement whose force's latest report "
        "says any of these of it (UNKNOWN: it does not say, or passes over it); findings of a "
        "force with no later report have no status and never match",
    )
    text: str | None = strawberry.field(
        default=None,
        description="Title or body has a word starting with this text (case-insensitive)",
    )
    theme_strength: ThemeStrength | None = strawberry.field(
        default=ThemeStrength.ABOUT,
        description="Which theme links `themes` and `themesAll` match: ABOUT (the finding is "
        "about the theme; also when null) or MENTIONS (any link, also findings that only "
        "mention its words)",
    )


def _leaf_fields(input_type: type) -> dict[str, tuple[str, bool]]:
    """GraphQL name -> (python name, is a list) for an input type whose every field is an
    optional leaf or an optional list of leaves; anything else is refused at import. A leaf's
    default is fine: graphql-core fills it in before the input is built."""
    definition = input_type.__strawberry_definition__
    fields = {}
    for field in definition.fields:
        kind = field.type
        if not isinstance(kind, StrawberryOptional) or (
            field.default is not None and isinstance(kind.of_type, StrawberryList)
        ):
            raise TypeError(f"{input_type.__name__}.{field.python_name}: not an optional field")
        kind = kind.of_type
        many = isinstance(kind, StrawberryList)
        leaf = kind.of_type if many else kind
        if not (leaf in (str, int, float, bool) or isinstance(leaf, StrawberryEnumDefinition)):
            raise TypeError(f"{input_type.__name__}.{field.python_name}: not a leaf")
        fields[to_camel_case(field.python_name)] = (field.python_name, many)
    return fields


def _from_leaf_input(input_type: type, value: Mapping[str, Any], _context: object) -> Any:
    """Build the input as Strawberry's own conversion does (graphql-core has already
    coerced every leaf, enums included; lists are copied), without its per-field type
    resolution, which costs more than the query it filters."""
    fields = _LEAF_FIELDS[input_type]
    kwargs = {}
    for name, item in value.items():
        python_name, many = fields[name]
        kwargs[python_name] = list(item) if many and item is not None else item
    return input_type(**kwargs)


_LEAF_FIELDS = {FindingWhere: _leaf_fields(FindingWhere)}
FindingWhere.__strawberry_definition__.from_input = _from_leaf_input


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
        cycles=tuple(where.cycles or ()),
        statuses=tuple(s.value for s in where.status or ()),
        text=where.text or None,
        theme_strength=(where.theme_strength or ThemeStrength.ABOUT).value,
    )
