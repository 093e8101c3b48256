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
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import LexiconError
from .lexicon_values import alternation, strings
from .stem import Stemmer

__all__ = ["ABOUT", "MENTIONS", "ThemeRules", "ThemeScore", "compile_theme_rules", "score_themes"]

ABOUT, MENTIONS = "about", "mentions"
_TOKEN = re.compile(r"\w+")
# A sentence ends at `.!?;:` (and closing quotes or brackets) before a space and a capital, or
# at a line break. Written to begin with one character class (a line break is then the whole
# match) so the regex engine skips from one candidate character to the next.
_SENTENCE = re.compile(r"[.!?;:\n](?:(?<=\n)|['\")\]]*\s+(?=[A-Z(\"']))")
_CONNECTORS = frozenset({"of", "for", "and", "the", "&", "in", "on"})
_PREFIX = 3  # `_follows` tests the first one, two and three letters


@dataclass(slots=True, eq=False)
class _Term:
    """One lexicon term: its words as compared (roots, lower-case or as written). Never
    changed once made (not `frozen`: a frozen dataclass is several times slower to make, and
    a lexicon makes hundreds)."""

    theme: str
    words: tuple[str, ...]
    mode: str  # root | lower | written
    broad: bool
    weight: float = 1.0  # the lexicon's broad_weight for a broad term
    root: str = ""  # the words joined: what counts as one distinct term


# What a word that starts terms needs (`_prepare`): its one-word term when it starts no
# other, else its terms longest first, how the next word may begin with the one-word term to
# fall back on, and the words each term needs (None when one is a single word).
_Ready = tuple[
    _Term | None,
    tuple[_Term, ...],
    tuple[frozenset[str], _Term | None],
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
    index: dict[tuple[str, str], tuple[_Term, ...]]
    by_mode: dict[str, dict[str, tuple[_Term, ...]]] = field(default_factory=dict)
    # The first letters of every root a term starts with: a word whose first letters are not
    # here cannot start a term by root, so its root is never computed.
    root_prefixes: frozenset[str] = frozenset()
    longest: int = 1  # words in the longest term
    reader: re.Pattern[str] = re.compile(r"(\w+)")  # see `_reader`
    word_prefixes: frozenset[str] = frozenset()  # the same for every word of a root term
    # Words already looked up, and those that start a term.
    seen_words: set[str] = field(default_factory=set)
    single: dict[str, _Term] = field(default_factory=dict)  # words that start one-word terms only
    # The root of each later word of a term compared by root -> the words seen with it.
    surfaces: dict[str, set[str]] = field(default_factory=dict)
    # A name's head word after a gap: where a term ends before one, it names a thing.
    heads_after: re.Pattern[str] = re.compile(r"(?!x)x")
    starters: set[str] = field(default_factory=set)
    ranked: dict[str, tuple[_Term, ...]] = field(default_factory=dict)  # see `_start`
    needs: dict[str, tuple[tuple[set[str] | frozenset[str], ...], ...]] = field(
        default_factory=dict
    )  # a word's terms (all of two words or more) -> the word groups each needs
    # A word's terms -> what `_start` remembers for each word that starts them.
    prepared: dict[tuple[_Term, ...], _Ready] = field(default_factory=dict)
    # The lower-case form of each word a term compared as written starts with -> those words.
    written_lower: dict[str, tuple[str, ...]] = field(default_factory=dict)
    written_starts: frozenset[str] = frozenset()  # its keys (`keys() & set` copies them)
    # Text each `boilerplate_anywhere` pattern starts with (`_literal_start`); None: one has none.
    boilerplate_needles: tuple[str, ...] | None = None
    # A word that starts terms of two words or more -> how the next word may begin (its first
    # three letters, or the whole of a shorter word), and the one-word term it is where the
    # next word begins otherwise (None: no term). See `_follows`.
    follow: dict[str, tuple[frozenset[str], _Term | None]] = field(default_factory=dict)


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
) -> list[_Term]:
    words = _TOKEN.findall(phrase)
    if not words:
        return []
    broad = kind == "broad"
    weight = broad_weight if broad else 1.0

    def term(forms: tuple[str, ...], mode: str) -> _Term:
        return _Term(theme, forms, mode, broad, weight, " ".join(forms))

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


def _by_lower(words: dict[str, tuple[_Term, ...]]) -> dict[str, tuple[str, ...]]:
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
    index: dict[tuple[str, str], list[_Term]] = {}
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
    by_mode: dict[str, dict[str, tuple[_Term, ...]]] = {"written": {}, "lower": {}, "root": {}}
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
        root_prefixes=frozenset(w[:_PREFIX] for w in by_mode["root"]),
        longest=longest,
        reader=_READER if longest < _READ else _reader(longest),
        word_prefixes=frozenset(w[:_PREFIX] for w in root_words),
        written_lower=written_lower,
        written_starts=frozenset(written_lower),
        surfaces={w: set() for ts in by_mode["root"].values() for t in ts for w in t.words[1:]},
        heads_after=re.compile(
            rf"[ \t-]+(?:{'|'.join(map(re.escape, sorted(heads, key=len, reverse=True)))})\b"
        ),
    )


def _sentence_starts(text: str) -> list[int]:
    return [0, *[m.end() for m in _SENTENCE.finditer(text)]]


_NAME = re.compile(r"[A-Z][\w'-]*(?:[ -](?:(?:of|for|and|the|&|in|on) )*[A-Z][\w'-]*)+")


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    size = end - start
    for s, e in spans:  # noqa: SIM110 - a loop, not any(): no generator for every term found
        if s <= start and end <= e and e - s > size:
            return True
    return False


def _places(text: str, word: str) -> list[int]:
    """Where `word` (letters, digits or `_`) stands in `text` as a whole token; an apostrophe
    between two letters joins them ("force's" holds no "force")."""
    out, size, n, find = [], len(text), len(word), text.find
    at = find(word)
    while at >= 0:
        end = at + n
        if at:
            ch = text[at - 1]
            if ch.isalnum() or ch == "_" or (
                ch == "'" and at > 1 and (text[at - 2].isalnum() or text[at - 2] == "_")
            ):
                at = find(word, at + 1)
                continue
        if end < size:
            ch = text[end]
            if ch.isalnum() or ch == "_" or (
                ch == "'" and end + 1 < size and (text[end + 1].isalnum() or text[end + 1] == "_")
            ):
                at = find(word, at + 1)
                continue
        out.append(at)
        at = find(word, end)  # no whole token starts inside this one
    return out



_GAP = r"[ \t'-]+"  # what joins a term's words (text is normalised: straight apostrophes)


def _reader(longest: int) -> re.Pattern[str]:
    """Up to `longest` + 1 words from a place on, joined only by spaces, hyphens or
    apostrophes, each its own group: one match call reads a term's words and the next."""
    rest = "".join(f"(?:{_GAP}(\\w+))?" for _ in range(longest))
    return re.compile(rf"(\w+){rest}")


_READ = 8  # words `_READER` reads: a lexicon with longer terms compiles its own
_READER = _reader(_READ - 1)


def _best(rules: ThemeRules, lowered: list[str], words: list[str] | None) -> _Term | None:
    """The longest term starting at the first word (compared as written, lower-case, then by
    root: at equal length the narrower comparison wins). `words` are the words as written,
    None when the first of them starts no term compared as written. Roots are taken only as
    far as a term needs them."""
    best: _Term | None = None
    roots: list[str] = []
    cached = rules.stemmer._cache
    root = rules.stemmer.root
    size = len(lowered)
    for mode in ("written", "lower", "root"):
        if mode == "written":
            if words is None:
                continue
            have = words
        elif mode == "lower":
            have = lowered
        else:
            first = lowered[0]
            if first[:_PREFIX] not in rules.root_prefixes:
                break
            roots.append(cached.get(first) or root(first))
            have = roots
        for term in rules.by_mode[mode].get(have[0], ()):
            n = len(term.words)
            if best is not None and n <= len(best.words):
                break
            if n > size:
                continue
            if mode == "root":
                while len(roots) < n:
                    word = lowered[len(roots)]
                    roots.append(cached.get(word) or root(word))
            if n == 1 or tuple(have[:n]) == term.words:
                best = term
                break
    return best


def _learn(rules: ThemeRules, new: set[str] | frozenset[str]) -> None:
    """Look at words not seen before: the terms each can start (by itself or by its root),
    and the words seen with a root a later word of a term has. Each distinct word of a
    report is looked at once, in one loop (most of them start no term at all)."""
    rules.seen_words.update(new)
    lower, root_terms = rules.by_mode["lower"], rules.by_mode["root"]
    prefixes, root_prefixes = rules.word_prefixes, rules.root_prefixes
    root_of, surfaces = rules.stemmer.root, rules.surfaces
    for word in new:
        terms = lower.get(word, ())
        prefix = word[:_PREFIX]
        if prefix in prefixes:
            root = root_of(word)
            seen_with = surfaces.get(root)
            if seen_with is not None:
                seen_with.add(word)
            if prefix in root_prefixes:
                more = root_terms.get(root)
                if more:
                    terms = (*terms, *more)
        if terms:
            _start(rules, word, terms)


def _start(rules: ThemeRules, word: str, terms: tuple[_Term, ...]) -> None:
    """Remember a word that starts terms, ready for `_occurrences`. What its terms need is
    worked out once for the terms, not for each word with them ("victim", "victims")."""
    ready = rules.prepared.get(terms)
    if ready is None:
        ready = rules.prepared[terms] = _prepare(rules, terms)
    single, ranked, follow, needs = ready
    if single is not None:
        rules.single[word] = single
    else:
        rules.ranked[word], rules.follow[word] = ranked, follow
        if needs is not None:
            rules.needs[word] = needs
    rules.starters.add(word)


def _prepare(rules: ThemeRules, terms: tuple[_Term, ...]) -> _Ready:
    if all(len(term.words) == 1 for term in terms):
        return terms[0], (), (frozenset(), None), None  # the narrowest comparison first
    # Longest first; at equal length the lower-case term before the root term, as `_best`
    # ranks them, so the first that matches is the one it would choose.
    ranked = tuple(sorted(terms, key=lambda t: -len(t.words)))
    follow = (
        frozenset(t.words[1][:_PREFIX] for t in ranked if len(t.words) > 1),
        next((t for t in ranked if len(t.words) == 1), None),
    )
    needs = None
    if not any(len(term.words) == 1 for term in terms):
        needs = tuple(_needs(rules, term) for term in terms)
    return None, ranked, follow, needs


def _needs(rules: ThemeRules, term: _Term) -> tuple[set[str] | frozenset[str], ...]:
    """What a paragraph's words must meet for the term to be there: its later words (as
    written, or any word seen with the same root: the sets grow as words are seen)."""
    if term.mode == "lower":
        return tuple(frozenset((w,)) for w in term.words[1:])
    return tuple(rules.surfaces[w] for w in term.words[1:])


_GAP_CHARS = frozenset(" \t'-")


def _follows(lowered: str, end: int, starts: frozenset[str]) -> bool:
    """Whether a term's next word may stand after a word ending at `end` in lower-case ASCII
    text: a gap (`_GAP`), then a word beginning as one of `starts`. A root keeps its word's
    first three letters (`Stemmer`), so a word whose first three letters are in none of them
    cannot continue a term, and the reading of words (`_longest`) is skipped."""
    size = len(lowered)
    if end >= size or lowered[end] not in _GAP_CHARS:
        return False
    while end < size and lowered[end] in _GAP_CHARS:
        end += 1
    head = lowered[end : end + _PREFIX]
    # the next word's first three letters, or all of a shorter one ("of") and what follows it
    return head in starts or head[:2] in starts or head[:1] in starts


def _longest(rules: ThemeRules, ranked: tuple[_Term, ...], lowered: list[str]) -> _Term | None:
    """`_best` for a word with no term compared as written: the first of its ranked terms
    whose words are there. Every term starts with the first word (or its root), so a term of
    two words or more is compared word by word only when its second word is there."""
    size, roots, second = len(lowered), None, None
    for term in ranked:
        n = len(term.words)
        if n > size:
            continue
        if n == 1:
            return term  # the word itself (or its root) is the term's
        if term.mode == "lower":
            if term.words[1] == lowered[1] and tuple(lowered[:n]) == term.words:
                return term
            continue
        if second is None:
            second = rules.stemmer.root(lowered[1])
        if term.words[1] != second:
            continue
        if roots is None:
            roots = [term.words[0], second]
        while len(roots) < n:
            roots.append(rules.stemmer.root(lowered[len(roots)]))
        if tuple(roots[:n]) == term.words:
            return term
    return None


def _caseless_marks_only(text: str) -> bool:
    """True when every character is ASCII or a mark with no case and no part in words (a dash,
    a pound sign): lower-casing then changes ASCII letters only."""
    return text.isascii() or not any(
        ch.isalnum() or ch.isspace() or ch.lower() != ch or ch.upper() != ch
        for ch in set(text) if not ch.isascii()
    )


def _occurrences(
    rules: ThemeRules, text: str, words: frozenset[str]
) -> tuple[list[tuple[int, int, _Term]], str, Callable[[str, int], object] | None]:
    """(start, end, term) of the longest term at each place in a text, in order (a shorter one
    inside a longer is the caller's to skip), the text lower-cased, and the test whether a
    name's head word follows a place (None: the text holds none). Only the places where all
    a term's words occur are read word by word, and a word that can only be a one-word term
    needs no reading at all."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = text  # a rare letter that changes length: compare as written
    new = words - rules.seen_words
    if new:
        _learn(rules, new)

    hits: list[tuple[int, int, _Term]] = []
    slow: set[int] = set()
    single = rules.single
    # Where lower-casing keeps every offset and every word's bounds (ASCII text, or text whose
    # other characters are dashes, signs and the like), the words are read lower-case at
    # once; as written only where the first could start such a term.
    quick = _caseless_marks_only(text)
    written = rules.written_lower
    for word in words & rules.starters:
        term = single.get(word)
        if term is not None:
            size = len(word)
            hits.extend([(at, at + size, term) for at in _places(lowered, word)])
            continue
        needs = rules.needs.get(word)
        if needs is not None:  # only terms of two words or more: are all their words here?
            for need in needs:  # (a map of a bound method: no generator to run)
                if not any(map(words.isdisjoint, need)):
                    break
            else:
                continue
        follow = rules.follow.get(word) if quick and word not in written else None
        if follow is None:
            slow.update(_places(lowered, word))
            continue
        starts, alone = follow
        size = len(word)
        for at in _places(lowered, word):
            if _follows(lowered, at + size, starts):
                slow.add(at)
            elif alone is not None:
                hits.append((at, at + size, alone))
    for low in words & rules.written_starts:  # set lookups before any scan of the text
        for word in rules.written_lower[low]:
            slow.update(_places(text, word))
    read = rules.reader.match
    source = lowered if quick else text
    for at in slow:
        match = read(source, at)
        if match is None:
            continue
        groups = match.groups()
        if source is text:
            as_written: list[str] | None = [w for w in groups if w is not None]
            low = [w.lower() for w in as_written]
        else:
            low = [w for w in groups if w is not None]
            as_written = None
            if low[0] in written:
                as_written = [w for w in read(text, at).groups() if w is not None]
        ranked = rules.ranked.get(low[0]) if as_written is None else None
        best = (
            _longest(rules, ranked, low) if ranked is not None else _best(rules, low, as_written)
        )
        if best is not None:
            hits.append((at, match.end(len(best.words)), best))
    hits.sort(key=_place)  # by place, the longest first
    # A name's head word is one of the text's words: without any, no term names a thing.
    head = None if rules.name_heads.isdisjoint(words) else rules.heads_after.match
    return hits, lowered, head


def _place(hit: tuple[int, int, _Term]) -> tuple[int, int]:
    return hit[0], -hit[1]


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
    found, lowered, head = _occurrences(rules, joined, words)
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
