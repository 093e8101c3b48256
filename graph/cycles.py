"""Inspection cycles: how each cycle names the canonical areas and how its grades compare.

Read from the `[cycles]` and `[progress]` tables of the lexicon. A cycle's areas are views of the
canonical `[areas]`: the same key across cycles means the same question, so one force's grades
can be followed from report to report with the inspectorate's caveats attached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from .errors import LexiconError
from .lexicon_values import alternation, strings
from .text import by_label, fold_key

__all__ = ["Cycle", "CycleArea", "Progress", "parse_cycles", "parse_progress", "parse_stop_words"]


@dataclass(frozen=True)
class CycleArea:
    """A canonical area as one cycle names and grades it."""

    key: str
    heading: str
    short_name: str
    graded: bool = True
    aliases: tuple[str, ...] = ()
    comparable: bool = True
    new: bool = False
    reason: str | None = None
    related: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.heading, self.short_name, *self.aliases)


@dataclass(frozen=True)
class Cycle:
    """One PEEL inspection cycle (e.g. `2023-25`, named "2023-2025")."""

    key: str
    name: str
    titles: tuple[str, ...]
    previous: str | None = None
    topic_headings: bool = False
    caveat: str = ""
    areas: tuple[CycleArea, ...] = ()

    @cached_property
    def _by_label(self) -> dict[str, CycleArea]:
        return by_label(self.areas)

    def area(self, label: str) -> CycleArea | None:
        """The cycle's area a heading or judgments cell names, if it is one of this cycle's."""
        return self._by_label.get(fold_key(label))

    def area_by_key(self, key: str) -> CycleArea | None:
        return next((a for a in self.areas if a.key == key), None)

    def declared_by(self, line: str) -> bool:
        """True when a title-block line declares this cycle ("PEEL 2023-2025")."""
        folded = fold_key(line).replace("\u2013", "-").replace("\u2014", "-")
        return any(folded == fold_key(t).replace("\u2013", "-") for t in self.titles)


@dataclass(frozen=True)
class Progress:
    """How a later report says what became of an earlier finding (see `[progress]`).

    The patterns are compiled when first used: only a force with two reports needs them, and
    a single report's start-up should not pay for them. A bad one is still a `LexiconError`.
    """

    opening_patterns: tuple[str, ...]
    kinds: dict[str, str]  # folded phrase ("cause of concern") -> finding kind
    status_words: tuple[tuple[str, tuple[str, ...]], ...]  # (status, words), by priority
    area_bonus: float = 0.0
    related_bonus: float = 0.0
    min_score: float = 0.0

    @cached_property
    def opening(self) -> re.Pattern[str]:
        return alternation(self.opening_patterns, "progress.opening_patterns")

    @cached_property
    def statuses(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        return tuple(
            (status, alternation(words, f"progress.status.{status}"))
            for status, words in self.status_words
        )


def _text(table: dict, key: str, where: str) -> str | None:
    value = table.get(key)
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise LexiconError(f"{where}.{key}: expected a non-empty string")
    return value


def _cycle_area(key: str, table: dict, where: str, known: set[str]) -> CycleArea:
    if key not in known:
        raise LexiconError(f"{where}: {key!r} is not a canonical area (add it to [areas])")
    heading = _text(table, "heading", where)
    if heading is None:
        raise LexiconError(f"{where}.heading: missing")
    related = strings(table, "related", where)
    for other in related:
        if other not in known:
            raise LexiconError(f"{where}.related: {other!r} is not a canonical area")
    area = CycleArea(
        key=key,
        heading=heading,
        short_name=_text(table, "short_name", where) or heading,
        graded=bool(table.get("graded", True)),
        aliases=strings(table, "aliases", where),
        comparable=bool(table.get("comparable", True)) and not table.get("new", False),
        new=bool(table.get("new", False)),
        reason=_text(table, "reason", where),
        related=related,
    )
    if not area.comparable and not area.reason:
        raise LexiconError(f"{where}.reason: an area that is new or not comparable needs one")
    return area


def _is_cycle_key(key: str) -> bool:
    """`re.fullmatch(r"\\d{4}-\\d{2}", key)` (`\\d` is any decimal digit, as `isdecimal` has
    it), without compiling the regex at start-up."""
    return len(key) == 7 and key[4] == "-" and key[:4].isdecimal() and key[5:].isdecimal()


def parse_cycles(data: dict, areas: set[str]) -> tuple[Cycle, ...]:
    """The `[cycles]` tables in key order (which is cycle order: "2021-22" < "2023-25")."""
    cycles = []
    tables = data.get("cycles", {})
    for key in sorted(tables):
        table, where = tables[key], f"cycles.{key}"
        if not _is_cycle_key(key):
            raise LexiconError(f"{where}: a cycle key is its years, e.g. 2023-25")
        name = _text(table, "name", where)
        if name is None:
            raise LexiconError(f"{where}.name: missing")
        previous = _text(table, "previous", where)
        if previous is not None and previous not in tables:
            raise LexiconError(f"{where}.previous: no cycle {previous!r}")
        cycles.append(
            Cycle(
                key=key,
                name=name,
                titles=strings(table, "titles", where) or (f"PEEL {name}",),
                previous=previous,
                topic_headings=bool(table.get("topic_headings", False)),
                caveat=_text(table, "caveat", where) or "",
                areas=tuple(
                    _cycle_area(k, t, f"{where}.areas.{k}", areas)
                    for k, t in table.get("areas", {}).items()
                ),
            )
        )
    return tuple(cycles)


def parse_progress(data: dict) -> Progress | None:
    """The `[progress]` table: the words of a progress paragraph, or None when absent."""
    table = data.get("progress")
    if table is None:
        return None
    where = "progress"
    status_words = tuple(
        (status, strings(table.get("status", {}), status, f"{where}.status"))
        for status in strings(table, "status_order", where)
    )
    kinds = {
        fold_key(phrase): kind
        for kind, phrases in table.get("kinds", {}).items()
        for phrase in strings(table.get("kinds", {}), kind, f"{where}.kinds")
    }
    weights = table.get("weights", {})
    return Progress(
        opening_patterns=strings(table, "opening_patterns", where),
        kinds=kinds,
        status_words=status_words,
        area_bonus=float(weights.get("same_area", 0.0)),
        related_bonus=float(weights.get("related_area", 0.0)),
        min_score=float(weights.get("min_score", 0.0)),
    )


def parse_stop_words(data: dict) -> frozenset[str]:
    """`[similarity] stop_words`: words too common in reports to say what a finding is about."""
    table = data.get("similarity", {})
    return frozenset(w.lower() for w in strings(table, "stop_words", "similarity"))
