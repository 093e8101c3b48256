"""Acronyms and the names they stand for, both ways, from the graph and the reports' own words.

Sources: units, partners and areas (name, acronym, aliases from the lexicon), glossary terms
(`[domestic violence protection notice (DVPN)](#)` becomes a term node with both), and
definitions written in running text ("sexual offender management unit (SOMU)"), accepted when
the acronym's letters are the initials of the words before it. Slash forms such as "DVPN/Os"
(DVPNs and DVPOs) are read by `slash_forms` so the index can hold both acronyms.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

import networkx as nx

__all__ = ["Synonyms", "definitions", "normal", "slash_forms"]

_WORD = re.compile(r"\w+")
_DEFINED = re.compile(r"\(([A-Z][A-Za-z]{1,7})\)")
_SLASH = re.compile(r"\b([A-Z]{2,8})s?/([A-Z]{1,3})s?\b")
_SMALL = frozenset({"of", "and", "for", "the", "to", "in", "on", "or", "with", "a"})


def normal(words: Iterable[str]) -> tuple[str, ...]:
    """Lower case, a plural `s` dropped: "Notices" and "notice" compare equal."""
    out = []
    for word in words:
        word = word.lower()
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.append(word)
    return tuple(out)


def _phrase(text: str) -> tuple[str, ...]:
    return normal(_WORD.findall(text))


def definitions(text: str) -> list[tuple[str, str]]:
    """(long form, acronym) pairs defined in `text`: the acronym's letters must be the initials
    of the words just before it (small words such as "of" may be skipped)."""
    found = []
    for match in _DEFINED.finditer(text):
        words = [w.strip("[](){}\"'") for w in
                 text[max(0, match.start() - 120):match.start()].split()[-10:]]
        words = [w for w in words if w]
        acronym = match.group(1)
        letters = acronym.rstrip("s").lower()
        chosen: list[str] = []
        remaining = letters
        for word in reversed(words):
            if not remaining:
                break
            if word[0].lower() == remaining[-1]:
                chosen.insert(0, word)
                remaining = remaining[:-1]
            elif word.lower() in _SMALL and chosen:
                chosen.insert(0, word)
            else:
                break
        if not remaining and chosen:
            found.append((" ".join(chosen), acronym.rstrip("s")))
    return found


def slash_forms(text: str) -> list[str]:
    """"DVPN/Os" -> ["DVPN", "DVPO"]: the second acronym replaces the first's last letters."""
    out: list[str] = []
    for match in _SLASH.finditer(text):
        first, tail = match.group(1), match.group(2)
        out += [first, first[: -len(tail)] + tail]
    return out


class Synonyms:
    """Each known form (a normalised word tuple) to the other forms of the same thing."""

    def __init__(self) -> None:
        self.forms: dict[tuple[str, ...], set[tuple[str, ...]]] = defaultdict(set)
        self.longest = 1

    def add(self, names: Iterable[str | None]) -> None:
        group = {p for n in names if n and (p := _phrase(n))}
        for form in group:
            self.forms[form].update(group - {form})
            self.longest = max(self.longest, len(form))

    def others(self, form: tuple[str, ...]) -> list[tuple[str, ...]]:
        return sorted(self.forms.get(form, ()))

    @classmethod
    def of_graph(cls, graph: nx.MultiDiGraph) -> Synonyms:
        synonyms = cls()
        for _, data in graph.nodes(data=True):
            kind = data["kind"]
            if kind in ("unit", "partner", "area", "term"):
                synonyms.add([data.get("name"), data.get("acronym"), data.get("short_name"),
                              *(data.get("aliases") or ())])
            elif kind in ("finding", "assessment"):
                text = f"{data.get('title', '')}\n{data.get('body', '')}\n{data.get('intro', '')}"
                for long, acronym in definitions(text):
                    synonyms.add([long, acronym])
        return synonyms
