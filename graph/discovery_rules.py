"""The lexicon's `[discovery]` table, compiled, and the key that tells two spellings of a name
for the same name. `graph.discover` reads a report with them; the lexicon keys its own names
with `name_key`, so a name found in a report meets its entry."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import LexiconError
from .lexicon_values import strings
from .text import normalise_text

__all__ = ["DiscoveryRules", "compile_discovery", "name_key"]

_POSSESSIVE = re.compile(r"'s\b|'")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class DiscoveryRules:
    """The compiled `[discovery]` table."""

    heads: dict[str, str]  # head word (lower) -> unit | partner
    capital_heads: dict[str, str]  # heads of capitalised names only
    acronym_heads: dict[str, str]  # what else an acronym's long form may end in
    categories: dict[str, str]  # head phrase (normalised) -> category
    stop: frozenset[str]  # words that end a name, walking back from its head
    unit_cues: tuple[str, ...]  # words just before a name that make it the force's own
    ignore: frozenset[str]  # normalised names that are never entities
    same_words: dict[str, str]  # word -> the spelling keys use ("sexual" -> "sex")
    organisation_first: frozenset[str]  # "University" of X, "Centre" for X
    apposition: re.Pattern[str]
    operation: re.Pattern[str]
    head_set: frozenset[str]  # every head word
    head_keys: dict[str, tuple[str, ...]]  # a head's last word -> the heads ending in it
    operation_words: frozenset[str]
    organisation: re.Pattern[str]  # "University of X", "Centre for X"
    apposition_words: frozenset[str]  # the words an apposition needs (a cheap test first)
    min_modifiers: dict[str, int] = field(default_factory=dict)  # head -> words before it
    max_words: int = 7
    # `head_keys`' keys as a set: `dict.keys() & words` copies every key into a new set.
    head_last: frozenset[str] = frozenset()
    _keys: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def key(self, name: str) -> str:
        """`name_key` with these rules' spellings, remembered (bounded)."""
        found = self._keys.get(name)
        if found is None:
            if len(self._keys) > 50_000:
                self._keys.clear()
            found = self._keys[name] = name_key(self.same_words, name)
        return found


def compile_discovery(data: dict) -> DiscoveryRules | None:
    """Read `[discovery]`; None when the lexicon has no such table (discovery is off)."""
    table = data.get("discovery")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise LexiconError("discovery: expected a table")

    def listed(key: str) -> tuple[str, ...]:
        return strings(table, key, "discovery")

    heads = {w.lower(): "unit" for w in listed("unit_heads")}
    heads |= {w.lower(): "partner" for w in listed("partner_heads")}
    capital_heads = {w.lower(): "partner" for w in listed("capitalised_heads")}
    acronym_heads = {w.lower(): "partner" for w in listed("acronym_heads")}
    categories = table.get("categories", {})
    if not isinstance(categories, dict):
        raise LexiconError("discovery.categories: expected a table of category = [phrases]")
    same = table.get("same_words", {})
    try:
        apposition = re.compile(
            # names of at most six words: a bounded pattern cannot backtrack for long
            r"\b((?:[A-Z][\w'-]+ ){0,5}[A-Z][\w'-]+), (?:a|an|the) (?:[\w-]+ ){0,4}?"
            rf"(?:{'|'.join(map(re.escape, listed('apposition_heads')))})\b"
        )
        operation = re.compile(
            rf"\b(?:{'|'.join(map(re.escape, listed('operation_words')))})"
            r" (?:[A-Z][a-z]+)(?: [A-Z][a-z]+)?"
        )
    except re.error as exc:  # pragma: no cover - the parts are escaped
        raise LexiconError(f"discovery: {exc}") from exc
    same_words = {str(k).lower(): str(v).lower() for k, v in same.items()}
    all_heads = sorted({*heads, *capital_heads}, key=len, reverse=True)
    head_keys = _by_last_word(all_heads)
    return DiscoveryRules(
        heads=heads,
        capital_heads=capital_heads,
        acronym_heads={**acronym_heads, **capital_heads, **heads},
        categories={
            name_key(same_words, phrase): str(category)
            for category in categories
            for phrase in strings(categories, category, "discovery.categories")
        },
        stop=frozenset(w.lower() for w in listed("stop_words")),
        unit_cues=tuple(w.lower() for w in listed("unit_cues")),
        ignore=frozenset(name_key(same_words, w) for w in listed("ignore")),
        same_words=same_words,
        organisation_first=frozenset(w.lower() for w in listed("organisation_first")),
        apposition=apposition,
        operation=operation,
        head_set=frozenset(all_heads),
        head_keys=head_keys,
        head_last=frozenset(head_keys),
        operation_words=frozenset(w.lower() for w in listed("operation_words")),
        min_modifiers={str(k).lower(): int(v) for k, v in table.get("min_modifiers", {}).items()},
        organisation=re.compile(
            rf"\b(?:{'|'.join(map(re.escape, listed('organisation_first')))})"
            r" (?:of|for) (?:the )?(?:[A-Z][\w-]+ ){0,5}[A-Z][\w-]+(?:'s)?"
        ),
        apposition_words=frozenset(w.split()[-1].lower() for w in listed("apposition_heads")),
    )


def _by_last_word(heads: list[str]) -> dict[str, tuple[str, ...]]:
    """Heads by their last `\\w+` word, as `words_of` splits a paragraph ("ordinators")."""
    out: dict[str, list[str]] = {}
    for head in heads:
        out.setdefault(_WORD.findall(head)[-1], []).append(head)
    return {k: tuple(v) for k, v in out.items()}


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return f"{word[:-3]}y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def name_key(same_words: dict[str, str], name: str) -> str:
    """How two spellings of one name compare: lower case, hyphens as spaces, possessives
    and plural endings dropped, listed words respelt ("sexual" -> "sex")."""
    text = (name if name.isascii() else normalise_text(name)).lower()
    if "'" in text:  # most names have no apostrophe: no substitution to run
        text = _POSSESSIVE.sub("", text)
    if "-" in text:
        text = text.replace("-", " ")
    words = text.split()
    # `same_words.get(w, w)`, looped in C; every ending `_singular` drops ends in "s": most
    # words need no call
    return " ".join(
        [_singular(w) if w[-1:] == "s" else w for w in map(same_words.get, words, words)]
    )
