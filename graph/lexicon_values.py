"""Reading the lexicon's TOML values: lists of words and pattern lists, each checked, with an
error that names the field. One reader for every table (format, cycles, themes, discovery),
so a mistake reads the same wherever it is made."""

from __future__ import annotations

import re

from .errors import LexiconError

__all__ = ["NEVER", "alternation", "strings"]

NEVER = r"(?!x)x"
"""A pattern that matches nothing: what an empty pattern list means (not "match anywhere")."""


def strings(table: dict, key: str, where: str) -> tuple[str, ...]:
    """`table[key]` as non-empty strings (a single string is a list of one; absent: none)."""
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not _all_text(value):
        raise LexiconError(f"{where}.{key}: expected a list of non-empty strings")
    return tuple(value)


def _all_text(values: list) -> bool:
    """Whether every value is a string with more than whitespace. A loop, not `all()` over a
    generator: the lexicon is read at every start-up, with some five hundred such lists."""
    for value in values:  # noqa: SIM110 (see above)
        if not isinstance(value, str) or not value.strip():
            return False
    return True


def alternation(
    patterns: tuple[str, ...] | list[str], where: str, flags: int = re.IGNORECASE
) -> re.Pattern[str]:
    """The patterns as one regular expression, each its own group of alternatives."""
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns) or NEVER, flags)
    except re.error as exc:
        raise LexiconError(f"{where}: bad regular expression: {exc}") from exc
