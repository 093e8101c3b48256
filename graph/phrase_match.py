"""Matching a plain phrase without compiling its regex, and what a free-form pattern needs.

A build matches every unit's and partner's phrases in every paragraph; compiling a regex per
phrase costs more than building the graph, so plain phrases are matched word by word here
(see `graph.lexicon`, which prepares them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__: list[str] = []


_JOINS = frozenset(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f-")
"""`[\\s-]` in plain text (`lexicon._plain`): ASCII whitespace (`str.isspace`) or a hyphen."""
_BOUNDS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
"""`[\\w-]` in plain text: what may not stand just before or after a match."""


@dataclass(slots=True)
class _Words:
    """A plain phrase as words, matched the way its regex matches, without compiling it:
    whole words, joined by spaces or hyphens, the last with one of its endings (tried in the
    regex's order). Only for text `lexicon._plain` accepts."""

    words: tuple[str, ...]
    endings: tuple[str, ...]
    fold: bool
    spaced: str = field(init=False, default="")  # the words one space apart

    def __post_init__(self) -> None:
        self.spaced = " ".join(self.words)

    def match(self, text: str, lowered: str, at: int) -> int:
        """Where the phrase's match starting at `at` ends, or -1 when it does not match."""
        if at and text[at - 1] in _BOUNDS:
            return -1
        source = lowered if self.fold else text
        size = len(text)
        if source.startswith(self.spaced, at):  # as text mostly has them: one test
            pos = at + len(self.spaced)
        else:
            pos = at
            for n, word in enumerate(self.words):
                if n:
                    joined = pos
                    while pos < size and text[pos] in _JOINS:
                        pos += 1
                    if pos == joined:
                        return -1
                if not source.startswith(word, pos):
                    return -1
                pos += len(word)
        for ending in self.endings:
            end = pos + len(ending)
            if source.startswith(ending, pos) and (end == size or text[end] not in _BOUNDS):
                return end
        return -1


def _needle(pattern: str) -> str | None:
    """The longest literal text a regular expression requires (outside groups, classes and
    escapes, and not made optional by a quantifier), lower-cased; None when there is none."""
    runs, run, depth, i = [], "", 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            runs.append(run)
            run, i = "", i + 2
            continue
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "|" and depth == 0:
            return None  # alternatives: nothing is required
        if depth == 0 and (ch.isalnum() or ch in " '"):
            run += ch
        else:
            if ch in "?*{" and run:
                run = run[:-1]
            runs.append(run)
            run = ""
        i += 1
    runs.append(run)
    best = max((r.strip() for r in runs), key=len)
    return best.lower() if len(best) >= 3 else None
