"""Extract what a finding involves: units, partners, themes, glossary terms and statistics.

Every link carries its evidence (the words matched and the lines they are on) so a user can
always ask the graph *why* a finding is linked to something.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field

from .lexicon import Lexicon, Match, _Index
from .model import Finding, Paragraph
from .text import (
    LINK,
    inert_beyond_ascii,
    normalise_text,
    slugify,
    strip_links,
    unescape,
    words_of,
)
from .theme_score import Paragraph as ThemePara
from .theme_score import ThemeScore, score_themes

__all__ = ["Evidence", "Extraction", "Statistic", "Term", "extract", "find_statistics"]


@dataclass(slots=True)
class Evidence:
    """Why a link exists: the words that matched and the lines they are on."""

    matched: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    def add(self, words: str, line: int) -> None:
        if words not in self.matched and words.casefold() not in [
            m.casefold() for m in self.matched
        ]:
            self.matched.append(words)
        if line not in self.lines:
            self.lines.append(line)


@dataclass(slots=True)  # never changed once made (a frozen one is slow to make)
class Term:
    """A glossary term, from a `[term](#)` link."""

    key: str
    name: str
    acronym: str | None


@dataclass(slots=True)  # never changed once made (a frozen one is slow to make)
class Statistic:
    """A figure quoted in the text, with the sentence it stands in."""

    kind: str  # percentage | proportion | count | money | duration
    value: float
    text: str
    sentence: str
    line: int
    interval: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    unit: str | None = None


@dataclass(slots=True)
class Pairing:
    """A unit and a partner named in the same paragraph."""

    unit: str
    partner: str
    line: int
    sentence: str
    matched: list[str]


@dataclass(slots=True)
class Extraction:
    units: dict[str, Evidence] = field(default_factory=dict)
    partners: dict[str, Evidence] = field(default_factory=dict)
    themes: dict[str, ThemeScore] = field(default_factory=dict)
    terms: dict[str, tuple[Term, Evidence]] = field(default_factory=dict)
    statistics: list[Statistic] = field(default_factory=list)
    pairings: list[Pairing] = field(default_factory=list)


_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# The same numbers, written to begin with a digit outside any alternation: a pattern that does
# is searched for by skipping straight to the next digit, not tried at every character.
_FIGURE_REST = r"(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?)"
_FIGURE = rf"\d{_FIGURE_REST}"
_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "a": 1, "an": 1,
}  # fmt: skip
_PERCENT = re.compile(
    rf"(?P<value>{_FIGURE})\s*(?:percent|per cent|%)"
    rf"(?:\s*\(with a confidence interval of \+/-\s*(?P<ci>{_NUMBER})\s*(?:percent|per cent|%)\))?",
    re.IGNORECASE,
)
_PROPORTION = re.compile(
    # `\b` before the first digit, tested just after it: (?<!\w\d).
    rf"(?P<num>\d(?<!\w\d){_FIGURE_REST}) (?:out )?of (?:the |these |those )?(?P<den>{_NUMBER})\b"
)
# What every proportion holds: its " of " and the figure after it (a fast literal search).
_OF_FIGURE = re.compile(r" of (?:the |these |those )?\d")
_MONEY = re.compile(
    rf"£\s?(?P<value>{_NUMBER})(?:\s?(?P<scale>million|m|bn|billion|k)\b)?", re.IGNORECASE
)
_DURATION = re.compile(
    rf"\b(?P<value>{_NUMBER}|{'|'.join(_WORDS)})[\s-](?P<unit>seconds?|minutes?|hours?|days?|"
    r"weeks?|months?|years?)\b",
    re.IGNORECASE,
)
_COUNT = re.compile(
    # No `£`, word character or `.,/:-` before the first digit, tested just after it.
    rf"(?P<value>\d(?<![£\w.,/:-]\d){_FIGURE_REST})"
    r"\s+(?P<unit>[a-z][a-z-]*(?: [a-z][a-z-]*){0,3})"
)
# Words that end a counted noun phrase ("5,255 use of force incidents in" keeps four words).
_PHRASE_STOP = frozenset({
    "a", "an", "and", "are", "as", "at", "because", "but", "by", "for", "from", "had", "has",
    "have", "in", "into", "is", "on", "or", "that", "the", "to", "was", "were", "weren", "wasn",
    "which", "who", "with",
})


def _noun_phrase(words: str) -> str:
    kept: list[str] = []
    for word in words.split():
        if word in _PHRASE_STOP:
            break
        kept.append(word)
    while kept and kept[-1] in ("of", "per"):
        kept.pop()
    return " ".join(kept)


_MONTH = re.compile(
    r"^(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\b"
)
_DIGIT = re.compile(r"\d")
_TIME_UNITS = ("second", "minute", "hour", "day", "week", "month", "year")
# Every duration `_DURATION` finds in ASCII text has one of these as a word of its own.
_UNIT_WORDS = frozenset({*_TIME_UNITS, *(f"{unit}s" for unit in _TIME_UNITS)})
_GAP = frozenset(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f-")  # `[\s-]` in ASCII text
_VALUE = frozenset(string.ascii_letters + string.digits + "_.,")  # `[\w.,]` in ASCII text
_FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"  # match an ASCII letter when case is ignored
_SCALE = {"m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9, "k": 1e3}
# A sentence's end: its punctuation and the spaces after it (group 1), before a capital.
_SENTENCE_GAP = re.compile(r"[.!?](\s+)(?=[A-Z(])")
_ACRONYM_TAIL = re.compile(r"^(?P<name>.*?)\s*\((?P<acr>[A-Za-z/&]*[A-Z][A-Za-z/&]*)\)$")


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) of the parts `re.split(r"(?<=[.!?])\\s+(?=[A-Z(])", text)` makes,
    found from the punctuation that ends them: that lookbehind is tried at every character,
    this pattern only at each full stop, question or exclamation mark."""
    out, pos = [], 0
    for gap in _SENTENCE_GAP.finditer(text):
        out.append((pos, text[pos : gap.start(1)]))
        pos = gap.end(1)
    out.append((pos, text[pos:]))
    return out


def _sentence_at(sentences: list[tuple[int, str]], offset: int) -> str:
    chosen = sentences[0][1] if sentences else ""
    for start, sentence in sentences:
        if start <= offset:
            chosen = sentence
    return chosen


def _has_digit(text: str) -> bool:
    """An ASCII digit in the text: ten scans for a character are far cheaper than `\\d`'s (and
    a loop than `any`'s generator)."""
    for digit in "0123456789":  # noqa: SIM110
        if digit in text:
            return True
    return False


def _durations(text: str) -> Iterator[re.Match[str]]:
    """`_DURATION.finditer(text)` in plain text (`_plain`: there `\\w` and `\\s` are ASCII's),
    tried only just before each unit of time: a match is a value (word characters, "," and
    ".") and a space or hyphen before the unit, so it starts in the run of such characters
    there, and nowhere else."""
    lowered = text.lower()
    units = sorted({at for unit in _TIME_UNITS for at in _places(lowered, unit)})
    end = 0  # where the last match ended: matches do not overlap
    for at in units:
        if at < 2 or text[at - 1] not in _GAP:
            continue
        start = at - 1
        while start > end and text[start - 1] in _VALUE:
            start -= 1
        for place in range(start, at - 1):
            match = _DURATION.match(text, place)
            if match:
                yield match
                end = match.end()
                break


def _places(text: str, word: str) -> Iterator[int]:
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


def find_statistics(
    text: str, line: int, words: frozenset[str] | None = None
) -> list[Statistic]:
    """Figures in one paragraph: percentages, N of M, money, durations and counts. `words`
    are the text's (`words_of`), passed in when the caller has them."""
    ascii_text = text.isascii()
    has_digit = _has_digit(text) if ascii_text else _DIGIT.search(text) is not None
    # No unit of time as a word: no duration, and its scan (slow: tried at every character)
    # is skipped. Outside ASCII a letter may match a unit's without lower-casing to it.
    if ascii_text:
        has_unit = not _UNIT_WORDS.isdisjoint(words_of(text) if words is None else words)
    else:
        lowered = text.lower()
        # With a figure the scans run anyway: the duration's only where a unit may match.
        has_unit = any(unit in lowered for unit in _TIME_UNITS) or (
            has_digit and any(ch in text for ch in _FOLDS_TO_ASCII)
        )
    if not has_digit and not has_unit:
        return []  # most paragraphs quote no figure: skip the scans
    sentences: list[tuple[int, str]] | None = None
    found: list[tuple[int, Statistic]] = []
    taken: list[tuple[int, int]] = []

    def free(match: re.Match[str]) -> bool:
        start, end = match.span()
        return all(end <= s or start >= e for s, e in taken)

    def add(match: re.Match[str], kind: str, value: float, label: str, **extra: object) -> None:
        nonlocal sentences
        if sentences is None:
            sentences = _sentences(text)
        taken.append(match.span())
        sentence = _sentence_at(sentences, match.start())
        found.append((match.start(), Statistic(kind, value, label, sentence, line, **extra)))

    # Each scan only where the text holds what every match of it does.
    if has_digit and ("%" in text or "percent" in (low := text.lower()) or "per cent" in low):
        for m in _PERCENT.finditer(text):
            ci = _number(m.group("ci")) if m.group("ci") else None
            add(m, "percentage", _number(m.group("value")), m.group(0), interval=ci,
                unit="percent")
    if has_digit and _OF_FIGURE.search(text):
        for m in _PROPORTION.finditer(text):
            num, den = _number(m.group("num")), _number(m.group("den"))
            if free(m) and den > 0 and num <= den:
                add(m, "proportion", num / den, m.group(0), numerator=num, denominator=den)
    if has_digit and "£" in text:
        for m in _MONEY.finditer(text):
            if free(m):
                scale = _SCALE.get((m.group("scale") or "").lower(), 1)
                add(m, "money", _number(m.group("value")) * scale, m.group(0), unit="GBP")
    plain = ascii_text or inert_beyond_ascii(text)
    durations = _durations(text) if plain else _DURATION.finditer(text)
    for m in durations if has_unit else ():
        if free(m):
            raw = m.group("value").lower()
            value = float(_WORDS[raw]) if raw in _WORDS else _number(raw)
            add(m, "duration", value, m.group(0), unit=m.group("unit").lower().rstrip("s"))
    if has_digit:
        for m in _COUNT.finditer(text):
            raw = m.group("value")
            value = _number(raw)
            if not free(m) or _MONTH.match(m.group("unit").title()):
                continue
            if raw.isdigit() and 1900 <= value <= 2100:
                continue  # a year
            unit = _noun_phrase(m.group("unit"))
            if unit:
                add(m, "count", value, f"{raw} {unit}", unit=unit)
    found.sort(key=lambda item: item[0])
    return [stat for _, stat in found]


def _term(link_text: str) -> Term:
    name = " ".join(unescape(normalise_text(link_text)).split())
    acronym = None
    tail = _ACRONYM_TAIL.match(name) if name.endswith(")") else None
    if tail and sum(ch.isupper() for ch in tail.group("acr")) >= 2:
        name, acronym = tail.group("name"), tail.group("acr")
    elif " " not in name and sum(ch.isupper() for ch in name) >= 2:
        acronym = name
    if acronym and acronym.endswith("s") and acronym[:-1].isupper():
        acronym = acronym[:-1]
    key = slugify(acronym) if acronym else slugify(name)
    return Term(key=key, name=name, acronym=acronym)


def _entities(
    index: _Index, plain: str, words: frozenset[str]
) -> tuple[dict[str, list[Match]], dict[str, list[Match]]]:
    """Units and partners named in a paragraph, the lexicon's and the report's own (`index`:
    `Lexicon.names`), by key in order of first mention. Where two names overlap the longer
    wins: "mental health organisations" names mental health services, not health
    organisations too."""
    matches = index.matches(plain, words, plain.lower())
    if not matches:
        return {}, {}
    kinds, keys = index.kinds, index.keys
    if len(matches) == 1:  # one entity: its matches do not overlap
        [(group, only)] = matches.items()
        named = {keys[group]: only}
        return (named, {}) if kinds[group] == "units" else ({}, named)
    # Longest first, then leftmost; a group (an entity) has one match at a place at most.
    found = sorted(
        (m.start - m.end, m.start, kinds[group], keys[group], group, m)
        for group, ms in matches.items() for m in ms
    )
    kept: list[tuple[int, str, str, Match]] = []
    for _, start, kind, key, _, match in found:
        for other in kept:
            if match.end > other[3].start and start < other[3].end:
                break  # overlaps a longer (or earlier) name
        else:
            kept.append((start, kind, key, match))
    kept.sort(key=lambda item: item[:3])
    units: dict[str, list[Match]] = {}
    partners: dict[str, list[Match]] = {}
    for _, kind, key, match in kept:
        (units if kind == "units" else partners).setdefault(key, []).append(match)
    return units, partners


def _record(hits: dict[str, list[Match]], line: int, into: dict[str, Evidence]) -> None:
    for key, matches in hits.items():
        evidence = into.get(key)
        if evidence is None:  # not `setdefault`: an Evidence made only when needed
            evidence = into[key] = Evidence()
        for match in matches:
            evidence.add(match.text, line)


def _texts(hits: dict[str, list[Match]]) -> dict[str, list[str]]:
    return {key: [m.text for m in matches] for key, matches in hits.items()}


def extract(finding: Finding, lexicon: Lexicon, extra: Lexicon | None = None) -> Extraction:
    """Everything one finding involves, with evidence; `extra` holds the report's discovered
    units and partners."""
    return extract_paragraphs([finding.heading, *finding.paragraphs], lexicon, extra, title=True)


def extract_paragraphs(
    paragraphs: list[Paragraph], lexicon: Lexicon, extra: Lexicon | None = None,
    title: bool = False, links: bool = True,
) -> Extraction:
    """What paragraphs involve; with `title` the first is a finding's heading (it weighs more
    for themes). With `links` False only what text outside a finding gives the graph (units,
    partners, statistics): themes, glossary terms and pairings link a finding, so they are
    not worked out for a section's introduction."""
    out = Extraction()
    scored: list[ThemePara] = []
    index = lexicon.names(extra) if paragraphs else None  # the lexicon's and `extra`'s
    for n, paragraph in enumerate(paragraphs):
        text, line = paragraph.text, paragraph.start
        plain = strip_links(text)
        words = words_of(plain)  # `text_words`, as the lexicon matches them
        named_units, named_partners = _entities(index, plain, words)
        _record(named_units, line, out.units)
        _record(named_partners, line, out.partners)
        out.statistics.extend(find_statistics(plain, line, words))
        if not links:
            continue
        # A theme's word inside a partner's name does not count ("mental health
        # organisations"); a unit named for what it does ("ethics panel") still does.
        spans = [(m.start, m.end) for ms in named_partners.values() for m in ms]
        scored.append((plain, line, title and n == 0, spans, words))
        for link in LINK.finditer(text) if "[" in text else ():
            term = _term(link.group(1))
            if term.key:
                _, evidence = out.terms.setdefault(term.key, (term, Evidence()))
                evidence.add(unescape(link.group(1)), line)  # `strip_links` of the link
        if not (named_units and named_partners):
            continue
        sentences = _sentences(plain)
        units, partners = _texts(named_units), _texts(named_partners)
        for unit, unit_words in units.items():
            for partner, partner_words in partners.items():
                both = [
                    s for _, s in sentences
                    if any(w in s for w in unit_words) and any(w in s for w in partner_words)
                ]
                out.pairings.append(
                    Pairing(unit, partner, line, both[0] if both else plain,
                            [*dict.fromkeys(unit_words + partner_words)])
                )
    if links and lexicon.theme_rules is not None:
        out.themes = score_themes(lexicon.theme_rules, scored)
    return out
