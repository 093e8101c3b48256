"""The lexicon: domain knowledge read from `data/lexicon.toml`, compiled into matchers.

Keeping areas, units, partners and themes in a data file lets analysts extend the graph's
vocabulary without touching Python; this module only knows how to read and match it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property, partial
from pathlib import Path
from typing import NamedTuple

# rtoml (Rust) reads the lexicon in under 1 ms; tomli's compiled wheel, the parser the standard
# library's `tomllib` was taken from, takes 2 (and `tomllib` 6) of a start-up's 50 ms budget.
# tomli still reads whatever rtoml refuses, so that a mistake is reported as it always was.
import rtoml
import tomli as tomllib

from .cycles import Cycle, Progress, parse_cycles, parse_progress, parse_stop_words
from .discover import DiscoveryRules, compile_discovery, name_key
from .errors import LexiconError
from .gc_pause import gc_paused
from .lexicon_values import alternation, strings
from .phrase_match import _needle, _Words
from .text import NOT_ASCII, by_label, fold_key, inert_beyond_ascii, normalise_text, words_of
from .theme_score import ThemeRules, compile_theme_rules

__all__ = [
    "DEFAULT_LEXICON",
    "Area",
    "Entity",
    "Format",
    "Lexicon",
    "Match",
    "load_lexicon",
    "text_words",
]

DEFAULT_LEXICON = Path(__file__).resolve().parent.parent / "data" / "lexicon.toml"


class Match(NamedTuple):
    """One place where an entry of the lexicon matched: the words and where they stand (a
    tuple: a build makes some hundreds, and a tuple is made several times faster)."""

    start: int
    end: int
    text: str


def _phrase_pattern(phrase: str) -> str:
    """Whole-word, plural-tolerant pattern; hyphens and spaces are interchangeable."""
    words = re.split(r"[\s-]+", normalise_text(phrase).strip())
    body = r"[\s-]+".join(re.escape(word) for word in words)
    if words[-1][-1:].isalpha():
        if words[-1].endswith("y"):
            body = body[:-1] + r"(?:y|ies)"
        else:
            body += r"(?:s|es)?"
    return rf"(?<![\w-]){body}(?![\w-])"


def _phrase_words(phrase: str) -> _Words | None:
    """The phrase as `_phrase_pattern` reads it, for matching without a regex."""
    return _plain_phrase(phrase).words


def _is_acronym(phrase: str) -> bool:
    """'ARMS' is a term, 'arms' is not: upper-case phrases match case-sensitively."""
    return len(phrase) > 1 and phrase.isupper()


_WORD = re.compile(r"\w+")
_GAPS = re.compile(r"[\s-]+")


def text_words(text: str) -> frozenset[str]:
    """The lower-case words of a text, as `Entity.find` looks them up."""
    return words_of(text)


def _tokens(phrase: str) -> list[str]:
    """The phrase's `\\w+` words, lower-cased, in order."""
    return _WORD.findall(normalise_text(phrase).lower())


def _anchors(tokens: list[str]) -> frozenset[str]:
    """The forms (singular, plural) of the longest of a phrase's words (`_tokens`)."""
    word = max(tokens, key=len)
    if word.endswith("y"):
        return frozenset((word, f"{word}s", f"{word}es", f"{word[:-1]}ies"))
    return frozenset((word, f"{word}s", f"{word}es"))


def _start(phrase: str) -> str:
    """How every match of the phrase begins, lower-cased (a one-word phrase ending in y may
    end in ies)."""
    return _plain_phrase(phrase).start or ""


def _acronym_pattern(acronym: str) -> str:
    return rf"(?<![\w-]){re.escape(acronym)}s?(?![\w-])"


def _acronym_words(acronym: str) -> _Words | None:
    return _Words((acronym,), ("s", ""), False) if acronym.isascii() else None


@dataclass(eq=False)
class Entity:
    """A unit, partner or theme: something a finding can involve, with the words that say so.
    Never changed once made (not `frozen`: a frozen dataclass is slow to make, and a lexicon
    makes some two hundred at start-up); equal only to itself."""

    key: str
    name: str
    acronym: str | None = None
    aliases: tuple[str, ...] = ()
    description: str = ""
    terms: tuple[str, ...] = ()
    category: str = ""  # units and partners: unit, partner, arrangement, advisory_group, board
    # Makes `_matchers`, on first use: themes are scored by `ThemeRules` and never match
    # this way in a build, so their phrases need not be prepared at start-up.
    _make: Callable[[], tuple[_Phrase, ...]] | None = field(
        default=None, repr=False, compare=False
    )

    @cached_property
    def _matchers(self) -> tuple[_Phrase, ...]:
        """One (anchors, regex) per phrase: the anchors are the word forms of the phrase's
        longest word, one of which every match holds (None for free-form patterns). A set test
        is far cheaper than a regular-expression scan, so a regex runs only on text holding
        its anchor."""
        return self._make() if self._make is not None else ()

    def find(self, text: str, words: frozenset[str] | None = None) -> list[Match]:
        """Every non-overlapping match in `text`, in order, the longest first at a place.

        `words` is `text_words(text)`, passed in when many entities search the same text.
        """
        words = text_words(text) if words is None else words
        wanted = [p for p in self._matchers if p.anchors is None or not p.anchors.isdisjoint(words)]
        return _merge(text, wanted)


@dataclass(slots=True, eq=False)
class _Phrase:
    """One phrase's regex, with the words that must be present for it to match at all and,
    for plain phrases, the lower-case start every match begins with."""

    anchors: frozenset[str] | None
    start: str | None
    # A plain phrase's is written when first needed; a free-form pattern's is the regex
    # compiled (and checked) when the lexicon was read, not compiled a second time.
    pattern: str | Callable[[], str] | re.Pattern[str]
    flags: int
    needle: str | None = None  # free-form patterns: text every match contains, lower-cased
    words: _Words | None = None  # plain phrases: matched without the regex in ASCII text
    # ASCII phrases: their words but the last, lower-cased, and the forms the last takes in a
    # match. In ASCII text every match stands where all of the former and one of the latter
    # are words of the text: a text lacking them is not scanned at all (`_Index.matches`).
    need: frozenset[str] = frozenset()
    ends: frozenset[str] | None = None

    @property
    def regex(self) -> re.Pattern[str]:
        """Compiled on first use: a report meets a fraction of the lexicon's phrases, and
        compiling all of them up front costs more than building a report's graph."""
        if isinstance(self.pattern, re.Pattern):
            return self.pattern
        pattern = self.pattern if isinstance(self.pattern, str) else self.pattern()
        return _compile(pattern, self.flags)

    def scan(self, text: str, lowered: str, plain: bool) -> list[tuple[int, int, str]]:
        """(start, -end, words) of each match. Trying the regex only where its first word
        stands is much cheaper than a scan of the whole text; in `plain` text (see
        `_plain`) the phrase's words do the regex's work without compiling it."""
        if self.start is None or len(lowered) != len(text):
            if self.needle is not None and self.needle not in lowered:
                return []
            return [(m.start(), -m.end(), m.group(0)) for m in self.regex.finditer(text)]
        found = []
        at = lowered.find(self.start)
        words = self.words if plain else None
        regex = self.regex if at >= 0 and words is None else None
        while at >= 0:
            if words is not None:
                end = words.match(text, lowered, at)
                if end >= 0:
                    found.append((at, -end, text[at:end]))
            else:
                match = regex.match(text, at)
                if match:
                    found.append((at, -match.end(), match.group(0)))
            at = lowered.find(self.start, at + 1)
        return found




@cache
def _compile(pattern: str, flags: int) -> re.Pattern[str]:
    return re.compile(pattern, flags)


def _merge(
    text: str, phrases: list[_Phrase], lowered: str | None = None, plain: bool | None = None
) -> list[Match]:
    """Matches of several phrases, in order, without overlaps (the longest wins at a place).
    `lowered` and `plain` are the text's, passed in when many entities search one text."""
    lowered = text.lower() if lowered is None else lowered
    plain = inert_beyond_ascii(text) if plain is None else plain
    return _kept([hit for p in phrases for hit in p.scan(text, lowered, plain)])


def _kept(hits: list[tuple[int, int, str]]) -> list[Match]:
    """The hits of one entity in order, without overlaps: the longest wins at a place."""
    hits.sort()
    kept: list[Match] = []
    for start, negative_end, words in hits:
        if not kept or start >= kept[-1].end:
            kept.append(Match(start, -negative_end, words))
    return kept


class _Index:
    """Word -> the phrases holding it (one of their anchors), over the entities of one or more
    lexicons, each entity a group numbered in order. A set intersection with a text's words is
    far cheaper than a scan per phrase, so a phrase is tried only on text holding its anchor
    and, in ASCII text, the rest of its words."""

    __slots__ = ("always", "by_word", "keys", "kinds", "phrases", "vocabulary")

    def __init__(self, parts: Iterable[tuple[str, tuple[Entity, ...]]]) -> None:
        self.kinds: list[str] = []
        self.keys: list[str] = []
        self.phrases: list[tuple[int, _Phrase]] = []  # (group, phrase) by slot
        self.by_word: dict[str, list[int]] = {}  # word -> slots
        self.always: list[tuple[int, str | None]] = []  # free-form patterns: (slot, needle)
        self._add(parts)

    def joined(self, parts: Iterable[tuple[str, tuple[Entity, ...]]]) -> _Index:
        """This index and more entities (numbered after these); this one is left as it is."""
        index = _Index(())
        index.kinds, index.keys = list(self.kinds), list(self.keys)
        index.phrases, index.always = list(self.phrases), list(self.always)
        index.by_word = dict(self.by_word)
        index._add(parts, shared=True)
        return index

    def _add(self, parts: Iterable[tuple[str, tuple[Entity, ...]]], shared: bool = False) -> None:
        """Index more entities' phrases; `shared`: the word lists are another index's too,
        so one is copied, not extended."""
        by_word = self.by_word
        for kind, entities in parts:
            for entity in entities:
                group = len(self.keys)
                self.kinds.append(kind)
                self.keys.append(entity.key)
                for phrase in entity._matchers:
                    slot = len(self.phrases)
                    self.phrases.append((group, phrase))
                    if phrase.anchors is None:
                        self.always.append((slot, phrase.needle))
                        continue
                    for word in phrase.anchors:
                        slots = by_word.get(word)
                        if slots is None:
                            by_word[word] = [slot]
                        elif shared:
                            by_word[word] = [*slots, slot]
                        else:
                            slots.append(slot)
        self.vocabulary = frozenset(by_word)

    def matches(self, text: str, words: frozenset[str], lowered: str) -> dict[int, list[Match]]:
        """Each group's matches in `text`, in order, without overlaps (see `_kept`). `words`
        are the text's (`text_words`), `lowered` is `text.lower()`."""
        wanted: set[int] = set()
        for slot, needle in self.always:
            if needle is None or needle in lowered:
                wanted.add(slot)
        by_word = self.by_word
        for word in words & self.vocabulary:
            wanted.update(by_word[word])
        if not wanted:
            return {}
        plain = inert_beyond_ascii(text)
        # The words a match of an ASCII phrase stands on: in ASCII text `words`; in other
        # plain text its own (`words` are read from the normalised text), its characters
        # outside ASCII being none of a word's.
        present = (words if text.isascii() else words_of(NOT_ASCII.sub(" ", text))) \
            if plain else None
        phrases = self.phrases
        found: dict[int, list[tuple[int, int, str]]] = {}
        for slot in wanted:
            group, phrase = phrases[slot]
            ends = phrase.ends
            if present is not None and ends is not None and (
                ends.isdisjoint(present) or not phrase.need <= present
            ):
                continue  # a word of the phrase is missing: it cannot match
            hits = phrase.scan(text, lowered, plain)
            if hits:
                if group in found:
                    found[group] += hits
                else:
                    found[group] = hits
        return {group: _kept(hits) for group, hits in found.items()}


@dataclass(frozen=True)
class Area:
    """An area of policing in the PEEL framework."""

    key: str
    name: str
    heading: str
    short_name: str
    graded: bool = True
    aliases: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.name, self.heading, self.short_name, *self.aliases)


@dataclass(frozen=True)
class Format:
    """The fixed vocabulary of the report format (grades, subsection labels, headings)."""

    grades: tuple[str, ...]
    judgments_headings: tuple[str, ...]
    observations_headings: tuple[str, ...]
    reducing_crime_headings: tuple[str, ...]
    part_headings: tuple[str, ...]
    signature_titles: tuple[str, ...]
    subsections: dict[str, tuple[str, ...]]
    not_inspected: re.Pattern[str]
    positive_factor: re.Pattern[str]
    negative_factor: re.Pattern[str]
    caption: re.Pattern[str]
    grade_sentence: re.Pattern[str] | None = None
    improvement_title: re.Pattern[str] | None = None
    single_item_labels: tuple[str, ...] = ()
    recommendations_headings: tuple[str, ...] = ()
    page_furniture: re.Pattern[str] = re.compile(r"(?!x)x")  # never a body's text
    closing: re.Pattern[str] = re.compile(r"(?!x)x")  # the inspector's closing paragraphs
    accelerated: re.Pattern[str] = re.compile(r"(?!x)x")  # (?P<date>…) of an accelerated CoC


@dataclass(frozen=True)
class Lexicon:
    """Everything the parser and extractor know about the domain."""

    format: Format
    areas: tuple[Area, ...]
    units: tuple[Entity, ...]
    partners: tuple[Entity, ...]
    themes: tuple[Entity, ...]
    source: str = ""
    digest: str = ""
    cycles: tuple[Cycle, ...] = ()
    progress: Progress | None = None
    stop_words: frozenset[str] = frozenset()
    theme_rules: ThemeRules | None = None  # how theme links are scored (`[theme_scoring]`)
    discovery: DiscoveryRules | None = None  # how unlisted units and partners are found

    def cycle(self, key: str) -> Cycle | None:
        return next((c for c in self.cycles if c.key == key), None)

    def cycle_declared(self, line: str) -> Cycle | None:
        """The cycle a title-block line declares ("PEEL 2023-2025"), if the lexicon knows it."""
        return next((c for c in self.cycles if c.declared_by(line)), None)

    def area_in_cycle(self, cycle: Cycle | None, label: str) -> Area | None:
        """The canonical area a heading or table cell names in a cycle's own words, as that
        cycle names it; None when the cycle has no such name (the canonical names apply)."""
        found = cycle.area(label) if cycle else None
        if found is None:
            return None
        return Area(found.key, found.heading, found.heading, found.short_name, found.graded,
                    found.aliases)

    @cached_property
    def _labels(self) -> dict[str, Area]:
        return by_label(self.areas)

    @cached_property
    def _headings(self) -> dict[str, Area]:
        """Headings and names first, aliases after: an alias never shadows a heading."""
        found: dict[str, Area] = {}
        for area in self.areas:
            found.setdefault(fold_key(area.heading), area)
            found.setdefault(fold_key(area.name), area)
        for area in self.areas:
            for alias in area.aliases:
                found.setdefault(fold_key(alias), area)
        return found

    @cached_property
    def _indexes(self) -> dict[object, tuple[object, _Index]]:
        """The word indexes made from this lexicon, by what they index (see `_index`)."""
        return {}

    def _index(self, kind: str) -> _Index:
        """The index of one kind of entity (`find_all`'s)."""
        index = self._indexes.get(kind)
        if index is None:
            index = self._indexes[kind] = (kind, _Index(((kind, getattr(self, kind)),)))
        return index[1]

    def names(self, extra: Lexicon | None = None) -> _Index:
        """One index of this lexicon's units and partners and `extra`'s (a report's own), so
        that a paragraph's words are intersected once and its phrases scanned in one pass.
        Kept with `extra`: a report's index lives as long as the report's lexicon."""
        owner = self if extra is None else extra
        index = owner._indexes.get(id(self))
        if index is None or index[0] is not self:
            if extra is None:
                made = _Index((("units", self.units), ("partners", self.partners)))
            else:
                made = self.names().joined((("units", extra.units), ("partners", extra.partners)))
            index = owner._indexes[id(self)] = (self, made)
        return index[1]

    def find_all(
        self, kind: str, text: str, words: frozenset[str] | None = None,
        lowered: str | None = None,
    ) -> dict[str, list[Match]]:
        """Matches of every unit, partner or theme (`kind`) in `text`, by key, in lexicon order.

        Equivalent to calling `find` on each entity, but only the phrases whose words occur in
        the text are tried: the cost follows the text, not the size of the lexicon.
        """
        words = text_words(text) if words is None else words
        lowered = text.lower() if lowered is None else lowered
        index = self._index(kind)
        found = index.matches(text, words, lowered)
        return {index.keys[g]: found[g] for g in sorted(found)}

    @cached_property
    def known_names(self) -> dict[str, tuple[str, str, str]]:
        """Unit and partner names and aliases (as discovery compares them) and acronyms ->
        (kind, key, name): a name found in a report that is here is the lexicon's entry."""
        same = self.discovery.same_words if self.discovery else {}
        known: dict[str, tuple[str, str, str]] = {}
        for kind, entities in (("unit", self.units), ("partner", self.partners)):
            for e in entities:
                for label in (e.name, *e.aliases):
                    known.setdefault(name_key(same, label), (kind, e.key, e.name))
                if e.acronym:
                    known.setdefault(e.acronym, (kind, e.key, e.name))
        return known

    def area_by_label(self, label: str) -> Area | None:
        return self._labels.get(fold_key(label))

    def area_by_heading(self, heading: str) -> Area | None:
        return self._headings.get(fold_key(heading))


def _grade_sentence(fmt: dict) -> re.Pattern[str] | None:
    """`grade_sentence_patterns` with `{grade}` standing for the five grades (group `grade`)."""
    patterns = strings(fmt, "grade_sentence_patterns", "format")
    if not patterns:
        return None
    grades = "|".join(re.escape(g) for g in strings(fmt, "grades", "format"))
    filled = tuple(p.replace("{grade}", f"(?P<grade>{grades})", 1) for p in patterns)
    return alternation(filled, "format.grade_sentence_patterns")


_KEY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-"


def _is_key(key: str) -> bool:
    """`re.fullmatch(r"[a-z0-9][a-z0-9-]*", key)`, without compiling the regex at start-up."""
    return key[:1] not in ("", "-") and not key.strip(_KEY_CHARS)


def _entity(key: str, table: dict, where: str, *, words: str = "aliases") -> Entity:
    if not _is_key(key):
        raise LexiconError(f"{where}: key {key!r} must be lower-case letters, digits and hyphens")
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        raise LexiconError(f"{where}.name: missing")
    acronym = table.get("acronym")
    if acronym is not None and not isinstance(acronym, str):
        raise LexiconError(f"{where}.acronym: expected a string")
    phrases = strings(table, words, where)
    patterns = strings(table, "patterns", where)
    wanted = tuple(sorted({*phrases, *([name] if words == "aliases" else [])}))
    compiled = tuple(
        alternation((pattern,), f"{where}.patterns[{n}]")  # a bad pattern fails here, at load
        for n, pattern in enumerate(patterns)
    )
    return Entity(
        key=key,
        name=name,
        acronym=acronym,
        aliases=tuple(p for p in phrases if p != name) if words == "aliases" else (),
        description=str(table.get("description", "")),
        terms=phrases if words == "terms" else (),
        category=str(table.get("category", "")),
        _make=partial(_matchers, wanted, acronym, patterns, compiled),
    )


def _plain_phrase(phrase: str) -> _Phrase:
    """A plain phrase's matcher: anchors, `_start`, `_phrase_words` and the words it needs in
    one, the phrase split once (a start-up prepares some two hundred of them)."""
    stripped = phrase.strip()
    spaced = stripped.replace("-", " ")
    if (phrase.isascii() and spaced.replace(" ", "").isalnum()
            and stripped[0] != "-" and stripped[-1] != "-"):
        return _ascii_phrase(phrase, spaced, stripped[-1])
    words, lowered, tokens = _split(phrase)
    first = lowered[0]
    start = first[:-1] if len(lowered) == 1 and first.endswith("y") else first
    acronym = _is_acronym(phrase)
    matched: _Words | None = None
    ascii_phrase = phrase.isascii()
    if ascii_phrase or all(w.isascii() for w in words):
        shown = list(words if acronym else lowered)
        endings: tuple[str, ...] = ("",)
        if words[-1][-1:].isalpha():
            if words[-1].endswith("y"):
                shown[-1], endings = shown[-1][:-1], ("y", "ies")
            else:
                endings = ("s", "es", "")
        matched = _Words(tuple(shown), endings, not acronym)
    return _Phrase(
        _anchors(tokens), start, partial(_phrase_pattern, phrase),
        0 if acronym else re.IGNORECASE, words=matched,
        need=frozenset(tokens[:-1]) if ascii_phrase else frozenset(),
        ends=_ends(tokens[-1], words[-1][-1:], acronym=False) if ascii_phrase else None,
    )


def _ascii_phrase(phrase: str, spaced: str, tail: str) -> _Phrase:
    """`_plain_phrase` of the usual phrase: ASCII letters and digits, spaces and hyphens
    (`spaced`: hyphens made spaces; `tail`: its last character), in a few calls, not some
    thirty (the first build of a report prepares every unit's and partner's phrases)."""
    tokens = spaced.lower().split()
    first, last = tokens[0], tokens[-1]
    acronym = len(phrase) > 1 and phrase.isupper()
    shown = spaced.split() if acronym else [*tokens]
    if not tail.isalpha():
        endings: tuple[str, ...] = ("",)
        ends = frozenset((last,))
    elif tail == "y":
        shown[-1], endings = shown[-1][:-1], ("y", "ies")
        ends = frozenset((last, f"{last[:-1]}ies"))
    else:
        endings = ("s", "es", "")
        ends = frozenset((last, f"{last}s", f"{last}es"))
    word = max(tokens, key=len) if len(tokens) > 1 else first
    anchors = frozenset(
        (word, f"{word}s", f"{word}es", f"{word[:-1]}ies") if word.endswith("y")
        else (word, f"{word}s", f"{word}es")
    )
    return _Phrase(
        anchors, first[:-1] if len(tokens) == 1 and first.endswith("y") else first,
        partial(_phrase_pattern, phrase), 0 if acronym else re.IGNORECASE, None,
        _Words(tuple(shown), endings, not acronym), frozenset(tokens[:-1]), ends,
    )


def _split(phrase: str) -> tuple[list[str], list[str], list[str]]:
    """The phrase's words as `_phrase_pattern` splits it, those lower-cased, and its `\\w+`
    words lower-cased; without a regex for the usual phrase (ASCII letters and digits, spaces
    and hyphens), where the last two are the same."""
    stripped = phrase.strip()
    spaced = stripped.replace("-", " ")
    if (stripped.isascii() and spaced.replace(" ", "").isalnum()
            and stripped[0] != "-" and stripped[-1] != "-"):
        lowered = spaced.lower().split()
        return spaced.split(), lowered, lowered
    words = _GAPS.split(normalise_text(phrase).strip())
    return words, [w.lower() for w in words], _tokens(phrase)


def _ends(last: str, tail: str, *, acronym: bool) -> frozenset[str]:
    """The forms an ASCII phrase's last word (`last`, lower-cased) takes in a match, by the
    phrase's last character (`tail`): `_acronym_pattern` allows an "s" after a word
    character, `_phrase_pattern` its endings after a letter."""
    if acronym:
        return frozenset((last, f"{last}s") if tail.isalnum() or tail == "_" else (last,))
    if not tail.isalpha():
        return frozenset((last,))
    return frozenset((last, f"{last[:-1]}ies") if tail == "y" else (last, f"{last}s", f"{last}es"))


def _matchers(
    wanted: tuple[str, ...], acronym: str | None, patterns: tuple[str, ...],
    compiled: tuple[re.Pattern[str], ...],
) -> tuple[_Phrase, ...]:
    """An entity's phrases, its acronym and its free-form patterns, ready to match."""
    matchers = [_plain_phrase(p) for p in wanted]
    if acronym:
        tokens = _tokens(acronym)
        ascii_acronym = acronym.isascii()
        matchers.append(
            _Phrase(_anchors(tokens), acronym.lower(), partial(_acronym_pattern, acronym), 0,
                    words=_acronym_words(acronym),
                    need=frozenset(tokens[:-1]) if ascii_acronym else frozenset(),
                    ends=_ends(tokens[-1], acronym[-1:], acronym=True) if ascii_acronym else None)
        )
    for pattern, regex in zip(patterns, compiled, strict=True):
        matchers.append(_Phrase(None, None, regex, regex.flags, _needle(pattern)))
    return tuple(matchers)


def _theme(key: str, table: dict, where: str) -> Entity:
    """Themes match their terms only; the theme's own name is one of them when listed."""
    terms = strings(table, "terms", where)
    if not terms:
        raise LexiconError(f"{where}.terms: a theme needs at least one term")
    words = [*terms, *strings(table, "exact", where), *strings(table, "broad", where)]
    return _entity(key, {**table, "terms": words}, where, words="terms")


def parse_lexicon(data: dict, source: str = "<lexicon>", digest: str = "") -> Lexicon:
    """Validate and compile a lexicon dictionary (as read from TOML)."""
    fmt = data.get("format")
    if not isinstance(fmt, dict):
        raise LexiconError(f"{source}: missing [format] table")
    subsections = fmt.get("subsections", {})
    lexicon_format = Format(
        grades=strings(fmt, "grades", "format"),
        judgments_headings=strings(fmt, "judgments_headings", "format"),
        observations_headings=strings(fmt, "observations_headings", "format"),
        reducing_crime_headings=strings(fmt, "reducing_crime_headings", "format"),
        part_headings=strings(fmt, "part_headings", "format"),
        signature_titles=strings(fmt, "signature_titles", "format"),
        subsections={k: strings(subsections, k, "format.subsections") for k in subsections},
        not_inspected=alternation(strings(fmt, "not_inspected_patterns", "format"), "format"),
        positive_factor=alternation(strings(fmt, "positive_factor_patterns", "format"), "format"),
        negative_factor=alternation(strings(fmt, "negative_factor_patterns", "format"), "format"),
        caption=alternation(strings(fmt, "caption_patterns", "format"), "format"),
        grade_sentence=_grade_sentence(fmt),
        improvement_title=alternation(
            strings(fmt, "improvement_title_patterns", "format"), "format"
        ),
        single_item_labels=strings(fmt, "single_item_labels", "format"),
        recommendations_headings=strings(fmt, "recommendations_headings", "format"),
        page_furniture=alternation(strings(fmt, "page_furniture_patterns", "format"), "format"),
        closing=alternation(strings(fmt, "closing_patterns", "format"), "format"),
        accelerated=alternation(strings(fmt, "accelerated_patterns", "format"), "format"),
    )
    if len(lexicon_format.grades) != 5:
        raise LexiconError(f"{source}: format.grades must list the five grades, best first")
    areas = []
    for key, table in data.get("areas", {}).items():
        where = f"areas.{key}"
        try:
            areas.append(
                Area(
                    key=key,
                    name=table["name"],
                    heading=table.get("heading", table["name"]),
                    short_name=table.get("short_name", table["name"]),
                    graded=bool(table.get("graded", True)),
                    aliases=strings(table, "aliases", where),
                )
            )
        except KeyError as exc:
            raise LexiconError(f"{where}: missing {exc.args[0]}") from exc
    return Lexicon(
        cycles=parse_cycles(data, {a.key for a in areas}),
        progress=parse_progress(data),
        stop_words=parse_stop_words(data),
        format=lexicon_format,
        areas=tuple(areas),
        units=tuple(_entity(k, t, f"units.{k}") for k, t in data.get("units", {}).items()),
        partners=tuple(_entity(k, t, f"partners.{k}") for k, t in data.get("partners", {}).items()),
        themes=tuple(_theme(k, t, f"themes.{k}") for k, t in data.get("themes", {}).items()),
        source=source,
        digest=digest,
        theme_rules=compile_theme_rules(data, data.get("themes", {})),
        discovery=compile_discovery(data),
    )


@cache
def load_lexicon(path: Path = DEFAULT_LEXICON) -> Lexicon:
    """Read and compile a lexicon file; cached because it is immutable once loaded. The
    collector is paused meanwhile (see `gc_paused`): the TOML tables and all that is made
    from them live on."""
    with gc_paused():
        return _read_lexicon(Path(path))


def _toml(raw: str) -> dict:
    """The TOML document, as tomli reads it. rtoml reads it when it can and the two cannot
    differ; tomli reads a text holding a carriage return (which tomli drops from multi-line
    strings and rtoml keeps) or a byte-order mark (which tomli refuses), and any text that
    rtoml refuses: tomli then gives the same data, or the same error, as before."""
    if "\r" not in raw and "\ufeff" not in raw:
        try:
            return rtoml.loads(raw)
        except rtoml.TomlParsingError:
            pass
    return tomllib.loads(raw)


def _read_lexicon(path: Path) -> Lexicon:
    try:
        raw = path.read_text(encoding="utf-8")
        data = _toml(raw)
    except FileNotFoundError as exc:
        raise LexiconError(f"{path}: lexicon file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{path}: not valid TOML: {exc}") from exc
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return parse_lexicon(data, source=str(path), digest=digest)
