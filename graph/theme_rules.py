"""The compiled `[theme_scoring]` table: every theme's terms (by root, lower-case or as
written), the weights and threshold, and the sentence patterns, read once per lexicon."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import LexiconError
from .lexicon_values import alternation, strings
from .stem import Stemmer

__all__ = ["PREFIX", "Ready", "Term", "ThemeRules", "compile_theme_rules"]

_TOKEN = re.compile(r"\w+")
PREFIX = 3  # letters a root keeps of its word for sure (see `theme_places._follows`)


@dataclass(slots=True, eq=False)
class Term:
    """One lexicon term: its words as compared (roots, lower-case or as written). Never
    changed once made (not `frozen`: a frozen dataclass is several times slower to make, and
    a lexicon makes hundreds)."""

    theme: str
    words: tuple[str, ...]
    mode: str  # root | lower | written
    broad: bool
    weight: float = 1.0  # the lexicon's broad_weight for a broad term
    root: str = ""  # the words joined: what counts as one distinct term


# What a word that starts terms needs (`theme_places._prepare`): its one-word term when it starts no
# other, else its terms longest first, how the next word may begin with the one-word term to
# fall back on, and the words each term needs (None when one is a single word).
Ready = tuple[
    Term | None,
    tuple[Term, ...],
    tuple[frozenset[str], Term | None],
    tuple[tuple[set[str] | frozenset[str], ...], ...] | None,
]


@dataclass(frozen=True, slots=True)
class ThemeRules:
    """The compiled `[theme_scoring]` table with every theme's terms, indexed by first word."""

    stemmer: Stemmer
    title_weight: float
    body_weight: float
    distinct_weight: float
    broad_weight: float
    about_threshold: float
    ask_weight: float  # a body sentence that asks the force to change something
    asks: re.Pattern[str]  # matched at a body sentence's start
    passing_weight: float  # a body sentence that states a consequence in passing
    passing: re.Pattern[str]  # matched at a body sentence's start
    boilerplate: re.Pattern[str]  # matched at a sentence's start
    boilerplate_anywhere: re.Pattern[str]  # searched for in the whole sentence
    name_heads: frozenset[str]
    index: dict[tuple[str, str], tuple[Term, ...]]
    by_mode: dict[str, dict[str, tuple[Term, ...]]] = field(default_factory=dict)
    # The first letters of every root a term starts with: a word whose first letters are not
    # here cannot start a term by root, so its root is never computed.
    root_prefixes: frozenset[str] = frozenset()
    longest: int = 1  # words in the longest term
    reader: re.Pattern[str] = re.compile(r"(\w+)")  # see `_reader`
    word_prefixes: frozenset[str] = frozenset()  # the same for every word of a root term
    # Words already looked up, and those that start a term.
    seen_words: set[str] = field(default_factory=set)
    single: dict[str, Term] = field(default_factory=dict)  # words that start one-word terms only
    # The root of each later word of a term compared by root -> the words seen with it.
    surfaces: dict[str, set[str]] = field(default_factory=dict)
    # A name's head word after a gap: where a term ends before one, it names a thing.
    heads_after: re.Pattern[str] = re.compile(r"(?!x)x")
    starters: set[str] = field(default_factory=set)
    ranked: dict[str, tuple[Term, ...]] = field(default_factory=dict)  # see `theme_places._start`
    needs: dict[str, tuple[tuple[set[str] | frozenset[str], ...], ...]] = field(
        default_factory=dict
    )  # a word's terms (all of two words or more) -> the word groups each needs
    # A word's terms -> what `theme_places._start` remembers for each word that starts them.
    prepared: dict[tuple[Term, ...], Ready] = field(default_factory=dict)
    # The lower-case form of each word a term compared as written starts with -> those words.
    written_lower: dict[str, tuple[str, ...]] = field(default_factory=dict)
    written_starts: frozenset[str] = frozenset()  # its keys (`keys() & set` copies them)
    # Text each `boilerplate_anywhere` pattern starts with (`_literal_start`); None: one has none.
    boilerplate_needles: tuple[str, ...] | None = None
    # A word that starts terms of two words or more -> how the next word may begin (its first
    # three letters, or the whole of a shorter word), and the one-word term it is where the
    # next word begins otherwise (None: no term). See `theme_places._follows`.
    follow: dict[str, tuple[frozenset[str], Term | None]] = field(default_factory=dict)


def _number(table: dict, key: str, where: str) -> float:
    value = table.get(key)
    if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
        raise LexiconError(f"{where}.{key}: expected a number ≥ 0")
    return float(value)


_WRITTEN = re.compile(r"[A-Z].*[A-Z]|\d")


def _written(word: str) -> bool:
    """ViSOR, VCOP, N100, 999: compared as written, not by root."""
    if word.isalpha() and (word.islower() or word.istitle()):
        return False  # no digit, and at most one capital: most words, without the regex
    return _WRITTEN.search(word) is not None


def _plurals(word: str) -> tuple[str, ...]:
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy")):
        return word, f"{word[:-1]}ies"
    return word, f"{word}s", f"{word}es"


def _terms(
    theme: str, phrase: str, kind: str, stemmer: Stemmer, broad_weight: float
) -> list[Term]:
    words = _TOKEN.findall(phrase)
    if not words:
        return []
    broad = kind == "broad"
    weight = broad_weight if broad else 1.0

    def term(forms: tuple[str, ...], mode: str) -> Term:
        return Term(theme, forms, mode, broad, weight, " ".join(forms))

    if all(_written(w) for w in words):
        return [term((*words[:-1], form), "written") for form in (words[-1], f"{words[-1]}s")]
    lowered = [w.lower() for w in words]
    if kind == "terms":
        return [term(tuple(stemmer.root(w) for w in lowered), "root")]
    return [term((*lowered[:-1], form), "lower") for form in _plurals(lowered[-1])]


_META = frozenset(".^$*+?{}[]\\|()")


def _alternatives(pattern: str) -> list[str]:
    """The pattern's top-level alternatives ("a|b(c|d)" -> "a", "b(c|d)")."""
    out, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":
                i += 1  # "[]...]": the first "]" is a member
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*out, pattern[start:]]


def _literal_start(pattern: str) -> str:
    """The literal text every match of one alternative starts with ("" when it starts with
    anything else): `str.__contains__` tests it far faster than the regex engine scans."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern) and not pattern[i + 1].isalnum():
            ch, i = pattern[i + 1], i + 1  # an escaped punctuation mark stands for itself
        elif ch in _META:
            if ch in "?*{" and out:
                out.pop()  # the character before may be absent
            break
        out.append(ch)
        i += 1
    return "".join(out)


def _needles(patterns: list[str]) -> tuple[str, ...] | None:
    """Text one of which every match of the patterns starts with; None when an alternative
    starts with no literal text (then the patterns are searched for everywhere)."""
    starts = tuple(_literal_start(a) for p in patterns for a in _alternatives(p))
    return starts if starts and all(starts) else None


def _patterns(table: dict, key: str, where: str) -> re.Pattern[str]:
    return alternation(strings(table, key, where), f"{where}.{key}", flags=0)


def _by_lower(words: dict[str, tuple[Term, ...]]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for word in words:
        out.setdefault(word.lower(), []).append(word)
    return {low: tuple(forms) for low, forms in out.items()}


def compile_theme_rules(data: dict, themes: dict[str, dict]) -> ThemeRules:
    """Read `[theme_scoring]` and each theme's `terms`, `exact` and `broad` lists."""
    where = "theme_scoring"
    table = data.get(where)
    if not isinstance(table, dict):
        raise LexiconError(f"missing [{where}] table (weights and threshold of theme links)")
    inflections = table.get("inflections", {})
    if not isinstance(inflections, dict) or not all(
        isinstance(v, str) for v in inflections.values()
    ):
        raise LexiconError(f"{where}.inflections: expected a table of ending = replacement")
    stemmer = Stemmer(dict(inflections), strings(table, "suffixes", where))
    patterns = strings(table, "boilerplate_patterns", where)
    # Anchored patterns are tried at the sentence's start only (`match`), the rest anywhere in
    # it: one search per sentence over every pattern costs more than the rest of the scoring.
    field = f"{where}.boilerplate_patterns"
    boilerplate = alternation([p[1:] for p in patterns if p.startswith("^")], field, flags=0)
    boilerplate_anywhere = alternation([p for p in patterns if not p.startswith("^")], field,
                                       flags=0)
    asks = _patterns(table, "ask_patterns", where)
    passing = _patterns(table, "passing_patterns", where)
    heads = frozenset(w.lower() for w in strings(table, "name_heads", where))
    broad_weight = _number(table, "broad_weight", where)
    index: dict[tuple[str, str], list[Term]] = {}
    for key, theme in themes.items():
        for kind in ("terms", "exact", "broad"):
            for phrase in strings(theme, kind, f"themes.{key}"):
                for term in _terms(key, phrase, kind, stemmer, broad_weight):
                    index.setdefault((term.mode, term.words[0]), []).append(term)
    ordered = {
        k: tuple(sorted(v, key=lambda t: (-len(t.words), t.mode == "root")))
        for k, v in index.items()
    }
    longest = max((len(t.words) for ts in ordered.values() for t in ts), default=1)
    by_mode: dict[str, dict[str, tuple[Term, ...]]] = {"written": {}, "lower": {}, "root": {}}
    for (mode, word), terms in ordered.items():
        by_mode[mode][word] = terms
    root_words = {w for ts in by_mode["root"].values() for t in ts for w in t.words}
    written_lower = _by_lower(by_mode["written"])
    return ThemeRules(
        stemmer=stemmer,
        title_weight=_number(table, "title_weight", where),
        body_weight=_number(table, "body_weight", where),
        distinct_weight=_number(table, "distinct_weight", where),
        broad_weight=broad_weight,
        about_threshold=_number(table, "about_threshold", where),
        ask_weight=_number(table, "ask_weight", where),
        asks=asks,
        passing_weight=_number(table, "passing_weight", where),
        passing=passing,
        boilerplate=boilerplate,
        boilerplate_anywhere=boilerplate_anywhere,
        boilerplate_needles=_needles([p for p in patterns if not p.startswith("^")]),
        name_heads=heads,
        index=ordered,
        by_mode=by_mode,
        root_prefixes=frozenset(w[:PREFIX] for w in by_mode["root"]),
        longest=longest,
        reader=_READER if longest < _READ else _reader(longest),
        word_prefixes=frozenset(w[:PREFIX] for w in root_words),
        written_lower=written_lower,
        written_starts=frozenset(written_lower),
        surfaces={w: set() for ts in by_mode["root"].values() for t in ts for w in t.words[1:]},
        heads_after=re.compile(
            rf"[ \t-]+(?:{'|'.join(map(re.escape, sorted(heads, key=len, reverse=True)))})\b"
        ),
    )


_GAP = r"[ \t'-]+"  # what joins a term's words (text is normalised: straight apostrophes)


def _reader(longest: int) -> re.Pattern[str]:
    """Up to `longest` + 1 words from a place on, joined only by spaces, hyphens or
    apostrophes, each its own group: one match call reads a term's words and the next."""
    rest = "".join(f"(?:{_GAP}(\\w+))?" for _ in range(longest))
    return re.compile(rf"(\w+){rest}")


_READ = 8  # words `_READER` reads: a lexicon with longer terms compiles its own
_READER = _reader(_READ - 1)
