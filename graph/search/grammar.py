"""The search box's own small grammar: words, "quoted phrases" and prefix*.

User text never reaches the full-text engine as written. It is parsed here into items made of
letters and digits only, and `graph.search.index` renders those as quoted FTS5 strings, so no
FTS5 operator, column filter or quote can pass through. Anything that looks like an engine
operator is refused with a reason instead of being silently dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import PeelGraphError

__all__ = ["MAX_ITEMS", "MAX_TEXT", "BadQuery", "Item", "parse_query"]

MAX_TEXT = 500  # characters of search text
MAX_ITEMS = 24  # words and phrases in one search
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
# Characters with a meaning to FTS5 that our grammar does not give them.
_SYNTAX = frozenset("()[]{}:^+")
_PART = re.compile(r"\w+")
HELP = 'use words, "quoted phrases" and prefix* (e.g. supervis* "risk assessment")'


class BadQuery(PeelGraphError):
    """Search text that the grammar cannot read: the message says where and why."""


@dataclass(frozen=True, slots=True)
class Item:
    """One word, or a phrase (quoted, or a word joined by punctuation such as DVPN/Os)."""

    words: tuple[str, ...]
    prefix: bool = False
    quoted: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.words) + ("*" if self.prefix else "")


def _parts(chunk: str) -> tuple[str, ...]:
    return tuple(p.lower() for p in _PART.findall(chunk.replace("_", " ")))


def _chunk(chunk: str, position: int) -> Item | None:
    """A run of text without spaces or quotes: `supervis*`, `DVPN/Os`, `stop-and-search`."""
    for char in chunk:
        if char in _SYNTAX:
            raise BadQuery(f"text: {char!r} at character {position + chunk.index(char) + 1}"
                           f" is not part of the search syntax; {HELP}")
    if chunk in _OPERATORS or chunk.startswith("NEAR("):
        raise BadQuery(f"text: operators such as {chunk!r} are not supported (every word "
                       f"counts, and hits with more of them rank first); {HELP}")
    prefix = chunk.endswith("*")
    body = chunk.rstrip("*") if prefix else chunk
    if "*" in body:
        raise BadQuery(f"text: '*' may only end a word (prefix*), in {chunk!r}; {HELP}")
    words = _parts(body)
    if not words:
        if prefix:
            raise BadQuery(f"text: '*' must follow a word, in {chunk!r}; {HELP}")
        return None  # punctuation only: a separator
    if prefix and len(words[-1]) < 2:
        raise BadQuery(f"text: a prefix needs at least two letters, in {chunk!r}")
    return Item(words, prefix=prefix)


def parse_query(text: str) -> list[Item]:
    """Items of the search text, in order; `BadQuery` for anything the grammar refuses."""
    if len(text) > MAX_TEXT:
        raise BadQuery(f"text: at most {MAX_TEXT} characters (got {len(text)})")
    if text.count('"') % 2:
        raise BadQuery(f'text: unbalanced quote (a phrase needs an opening and a closing "); '
                       f"{HELP}")
    items: list[Item] = []
    for n, piece in enumerate(text.split('"')):
        offset = sum(len(p) + 1 for p in text.split('"')[:n])
        if n % 2:  # inside quotes: a phrase; the FTS syntax characters are plain separators
            words = _parts(piece)
            if words:
                items.append(Item(words, quoted=True))
            continue
        for match in re.finditer(r"\S+", piece):
            item = _chunk(match.group(), offset + match.start())
            if item is not None:
                items.append(item)
    if not items:
        raise BadQuery(f"text: nothing to search for; {HELP}")
    if len(items) > MAX_ITEMS:
        raise BadQuery(f"text: at most {MAX_ITEMS} words and phrases (got {len(items)})")
    return items
