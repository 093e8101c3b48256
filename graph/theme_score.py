"""Theme links by evidence: a score and a strength (ABOUT or MENTIONS) for each theme a finding
names.

One matched word anywhere is not enough to say what a finding is about. Here a term in the
heading weighs far more than one in the body; each body sentence counts once however often a
word repeats in it; further distinct terms add a little; the inspectorate's boilerplate, a term
inside a longer name ("crime recording system", "National Child Protection Inspection", "mental
health organisations") and broad words alone ("performance", "demand") cannot make a finding
ABOUT a theme. Every weight and the threshold are data: the lexicon's `[theme_scoring]`.
"""


from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .theme_places import occurrences
from .theme_rules import ThemeRules, compile_theme_rules

__all__ = ["ABOUT", "MENTIONS", "ThemeRules", "ThemeScore", "compile_theme_rules", "score_themes"]

ABOUT, MENTIONS = "about", "mentions"
# A sentence ends at `.!?;:` (and closing quotes or brackets) before a space and a capital, or
# at a line break. Written to begin with one character class (a line break is then the whole
# match) so the regex engine skips from one candidate character to the next.
_SENTENCE = re.compile(r"[.!?;:\n](?:(?<=\n)|['\")\]]*\s+(?=[A-Z(\"']))")
_CONNECTORS = frozenset({"of", "for", "and", "the", "&", "in", "on"})


@dataclass(slots=True)
class ThemeScore:
    """A finding's evidence for one theme."""

    matched: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    score: float = 0.0
    strength: str = MENTIONS
    _title: float = 0.0
    _body: float = 0.0
    _roots: set[str] = field(default_factory=set)
    _specific: bool = False


def _sentence_starts(text: str) -> list[int]:
    return [0, *[m.end() for m in _SENTENCE.finditer(text)]]


_NAME = re.compile(r"[A-Z][\w'-]*(?:[ -](?:(?:of|for|and|the|&|in|on) )*[A-Z][\w'-]*)+")


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    size = end - start
    for s, e in spans:  # noqa: SIM110 - a loop, not any(): no generator for every term found
        if s <= start and end <= e and e - s > size:
            return True
    return False


Paragraph = tuple[str, int, bool, list[tuple[int, int]], frozenset[str]]


def _sentence(
    rules: ThemeRules, sentence: str, paragraph: Paragraph
) -> tuple[bool, float, bool, int]:
    """What a sentence gives each term in it: whether it is boilerplate (nothing), the weight
    of a body sentence (one that asks the force to act, or says something in passing, weighs
    its own), whether it is the heading, and its paragraph's first line."""
    sentence = sentence.strip()
    needles = rules.boilerplate_needles
    skip = bool(
        rules.boilerplate.match(sentence)
        or (
            (needles is None or any(map(sentence.__contains__, needles)))
            and rules.boilerplate_anywhere.search(sentence)
        )
    )
    is_title = paragraph[2]
    weight = rules.body_weight
    if not is_title and not skip:
        if rules.asks.match(sentence):
            weight = rules.ask_weight
        elif rules.passing.match(sentence):
            weight = rules.passing_weight
    return skip, weight, is_title, paragraph[1]


def score_themes(rules: ThemeRules, paragraphs: list[Paragraph]) -> dict[str, ThemeScore]:
    """Each theme a finding names, with its score and strength. `paragraphs` are (plain text,
    first line, is the heading, spans of unit and partner names in the text, its lower-case
    words as `lexicon.text_words` has them). The finding is read as one text (paragraphs
    apart by a line break, which ends a sentence and a term): one pass, not one per paragraph."""
    if not paragraphs:
        return {}
    offsets, at = [], 0
    for paragraph in paragraphs:
        offsets.append(at)
        at += len(paragraph[0]) + 1
    joined = "\n".join([p[0] for p in paragraphs])
    words = frozenset().union(*[p[4] for p in paragraphs])
    found, lowered, head = occurrences(rules, joined, words)
    if not found:
        return {}
    entities = [
        (s + o, e + o)
        for paragraph, o in zip(paragraphs, offsets, strict=True)
        for s, e in paragraph[3]
    ]
    bounds = [*_sentence_starts(joined), len(joined)]
    scores: dict[str, ThemeScore] = {}
    seen: dict[str, set[str]] = {}  # theme -> words matched, case-folded
    sentences: dict[int, tuple[bool, float, bool, int]] = {}  # see `_sentence`
    names: dict[int, list[tuple[int, int]]] = {}
    strongest: dict[tuple[str, int], tuple[float, bool]] = {}  # (theme, sentence) -> weight
    counted: set[tuple[str, int, str]] = set()  # (term, sentence, words): nothing new to add
    done = 0
    for start, end, term in found:
        if start < done:
            continue  # inside a longer term found before it
        done = end
        if head is not None and head(lowered, end) is not None:
            continue  # "crime recording system": the term names something longer
        k = bisect_right(bounds, start) - 1
        about = sentences.get(k)
        if about is None:
            paragraph = paragraphs[bisect_right(offsets, start) - 1]
            about = sentences[k] = _sentence(rules, joined[bounds[k] : bounds[k + 1]], paragraph)
        skip, _, is_title, line = about
        if skip:
            continue  # the inspectorate's boilerplate or page furniture
        text = joined[start:end]
        again = (term.root, k, text.lower())
        if again in counted:
            continue  # the same words of the same term in the same sentence count once
        if entities and _inside(start, end, entities):
            continue  # "health" in "mental health organisations"
        # Only a term whose first letter is a capital, whose word goes on from a hyphen or
        # apostrophe ("Anti-social"), or which starts with a word joining a name's words
        # ("of") can stand inside a capitalised name: only then are the names looked for.
        if (
            "A" <= joined[start] <= "Z"
            or (start and joined[start - 1] in "'-")
            or term.words[0] in _CONNECTORS
        ):
            if k not in names:
                names[k] = [m.span() for m in _NAME.finditer(joined, bounds[k], bounds[k + 1])]
            if names[k] and _inside(start, end, names[k]):
                continue  # "Child Protection" in "National Child Protection Inspection"
        counted.add(again)
        theme = term.theme
        got = scores.get(theme)
        if got is None:
            got = scores[theme] = ThemeScore()
            matched = seen[theme] = set()
        else:
            matched = seen[theme]
        folded = text.casefold()
        if folded not in matched:
            matched.add(folded)
            got.matched.append(text)
        if line not in got.lines:
            got.lines.append(line)
        weight = term.weight
        was = strongest.get((theme, k))
        if was is None or was[0] < weight:
            strongest[theme, k] = (weight, is_title)
        if not term.broad:
            got._roots.add(term.root)
            got._specific = True
    for (theme, k), (weight, is_title) in strongest.items():
        got = scores[theme]
        if is_title:
            got._title = max(got._title, rules.title_weight * weight)
        else:
            got._body += sentences[k][1] * weight
    for got in scores.values():
        extra = rules.distinct_weight * max(0, len(got._roots) - 1)
        got.score = round(got._title + got._body + extra, 2)
        about = got._specific and got.score >= rules.about_threshold
        got.strength = ABOUT if about else MENTIONS
    return dict(sorted(scores.items()))
