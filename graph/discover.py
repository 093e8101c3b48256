"""Units and partners the lexicon does not list, found in the report's own words.

A report names its force's teams and its partners in a few regular shapes: an acronym
definition ("crime management unit (CMU)"), a noun phrase ending in an organisation's head word
("the force's online contact team", "licensed premises"), a capitalised name ("Kestrel Vale
County Council", "University of Harrowford"), a named operation ("Operation Lapwing") or a
charity in apposition ("Wrenlight, a charity that …"). Every paragraph is read — section
introductions and narrative as well as findings — and each name found keeps the rule, line and
words that made it. The lexicon stays the authority: a name it lists (in any spelling, singular
or plural, or by acronym) is its entry, not a new node. The vocabulary (head words, cue words,
categories) is data: the lexicon's `[discovery]` table, compiled by `graph.discovery_rules`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .discovery_rules import DiscoveryRules, compile_discovery, name_key
from .text import slugify, words_of

__all__ = ["Discovered", "DiscoveryRules", "compile_discovery", "discover", "name_key"]

_TOKEN = re.compile(r"[A-Za-z][\w'-]*")
# How far before a head its name is read first (chars): most names end well within it; a
# walk that comes near its start is read again from 120 chars back.
_NEAR = 40
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z&]*[A-Z])(s?)\)")
_DETERMINERS = frozenset(
    {
        "the",
        "a",
        "an",
        "its",
        "this",
        "these",
        "that",
        "our",
        "their",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "to",
        "from",
        "and",
        "of",
        "as",
        "when",
        "while",
        "if",
        "but",
        "we",
        "it",
        "they",
    }
)
_CONNECTORS = frozenset({"and", "of", "for"})
_CLAUSE = ".;:,()[]"  # characters that end a clause
# Words after which the next word is a verb ("to assess forces", "should give officers").
_VERB_BEFORE = frozenset(
    {"to", "can", "could", "should", "would", "will", "may", "might", "must", "not"}
)


@dataclass(slots=True)
class Discovered:
    """A unit or partner found in a report, with every spelling and the evidence for it."""

    key: str
    name: str
    kind: str  # unit | partner
    category: str  # unit | partner | arrangement | advisory_group | board | operation
    acronym: str | None = None
    forms: list[str] = field(default_factory=list)
    evidence: list[tuple[str, int, str]] = field(default_factory=list)  # (rule, line, words)
    lexicon: bool = False  # the lexicon lists it: `key` is the lexicon's

    def add(self, form: str, rule: str, line: int, words: str) -> None:
        if form not in self.forms:
            self.forms.append(form)
        if len(self.evidence) < 3 and (rule, line, words) not in self.evidence:
            self.evidence.append((rule, line, words))


def _places(text: str, heads: Iterable[str]) -> list[tuple[int, int]]:
    """Where each of `heads` (each with a space before it) stands in `text` after a space, as a
    whole word: (start, end) in order. A head with no space before it starts no name, so only
    these are wanted (str.find is far cheaper than a regex scan of every paragraph)."""
    out, size = [], len(text)
    for spaced in heads:
        n = len(spaced)
        at = text.find(spaced)
        while at >= 0:
            end = at + n
            if end == size or not (text[end].isalnum() or text[end] in "_-"):
                out.append((at + 1, end))
            at = text.find(spaced, at + 1)
    out.sort()
    return out


def _acronym_name(before: str, acronym: str) -> str | None:
    """The words before "(ABC)" whose initials spell ABC, connectors allowed but not first.
    Read back a word at a time, its initials put before those read so far."""
    words = before.split()
    want = acronym.lower().replace("&", "")
    content = chosen = ""  # initials as written: without connectors, and of every word
    for size in range(1, min(len(words), 10) + 1):
        word = words[-size]
        letters = "".join(part[0] for part in word.split("-") if part)
        chosen = letters + chosen
        lower = word.lower()
        if lower not in ("and", "of", "the", "for", "&", "on"):
            content = letters + content
        if lower in ("and", "of", "the", "for", "in", "on", "to", "a"):
            continue
        initials = content.lower()
        if initials == want or chosen.lower() == want:
            return " ".join(words[-size:])
        if len(initials) > len(want):
            return None  # more words only add initials: none can spell it now
    return None


class _Finder:
    """Candidates of one report, merged by key and checked against the lexicon."""

    def __init__(self, rules: DiscoveryRules, known: dict[str, tuple[str, str, str]]) -> None:
        self.rules = rules
        self.known = known  # name key or acronym -> (kind, lexicon key, name)
        self.found: dict[str, Discovered] = {}
        self.acronyms: dict[str, str] = {}
        self.own = ""  # the report's force, as `name_key` has it
        self.own_split: list[str] = []  # its words
        # the words an organisation, an apposition or an operation needs
        self.name_words = rules.organisation_first | rules.apposition_words | rules.operation_words
        self.cues = tuple(f"{cue} " for cue in rules.unit_cues)  # a cue is a word before a name
        self.slugs: dict[str, str] = {}  # name key -> its slug (a name is met many times)
        self.is_known: dict[str, bool] = {}  # text -> whether its key is the lexicon's
        # a head's last word -> the heads ending in it, each with a space before it
        self.spaced = {w: tuple(f" {h}" for h in hs) for w, hs in rules.head_keys.items()}

    def category(self, name: str, kind: str) -> str:
        key = self.rules.key(name)
        for phrase, category in self.rules.categories.items():
            if key == phrase or key.endswith(f" {phrase}"):
                return category
        return kind

    def add(
        self,
        name: str,
        kind: str,
        rule: str,
        line: int,
        words: str,
        acronym: str | None = None,
        category: str | None = None,
    ) -> None:
        key = self.rules.key(name)
        if key in self.rules.ignore or not key or key == self.own:
            return
        hit = self.known.get(key) or (self.known.get(acronym) if acronym else None)
        if hit is not None:
            lex_kind, lex_key, lex_name = hit
            slot = f"{lex_kind}:{lex_key}"
            entry = self.found.get(slot)
            if entry is None:  # most names are met again: no entry to make and drop
                entry = Discovered(lex_key, lex_name, lex_kind, lex_kind, lexicon=True)
                self.found[slot] = entry
        else:
            slot = self.acronyms.get(acronym) if acronym else None
            slug = self.slugs.get(key)
            if slug is None:
                slug = self.slugs[key] = slugify(key)
            slot = slot or f"{kind}:{slug}"
            entry = self.found.get(slot)
            if entry is None:
                entry = Discovered(slug, name, kind, category or self.category(name, kind))
                self.found[slot] = entry
            if acronym and not entry.acronym:
                entry.acronym = acronym
            if acronym:
                self.acronyms[acronym] = slot
        entry.add(name, rule, line, words)
        if acronym:
            entry.add(acronym, rule, line, words)

    @staticmethod
    def trimmed(word: str, size: int) -> bool:
        """A first word that describes rather than names: a participle ("trained dyslexia
        assessors"; a hyphenated one only before three more words)."""
        return word.endswith("ed") and ("-" not in word or size > 3)

    def own_words(self, words: list[re.Match[str]]) -> int:
        """How many first words are the force's own name ("Staffordshire Police officers")."""
        own = self.own_split
        if not own or len(words) <= len(own):
            return 0
        key = self.rules.key
        same = all(key(w.group(0)) == o for w, o in zip(words[: len(own)], own, strict=True))
        return len(own) if same else 0

    def add_form(self, name: str, form: str) -> None:
        """Another spelling of a name already added."""
        hit = self.known.get(self.rules.key(name))
        entry = self.found.get(f"{hit[0]}:{hit[1]}") if hit else None
        if entry is not None and form not in entry.forms:
            entry.forms.append(form)

    def head_phrases(self, text: str, line: int, words: frozenset[str]) -> None:
        rules = self.rules
        if rules.head_last.isdisjoint(words):
            return  # most paragraphs name no head
        spaced = self.spaced
        present = [h for w in words & rules.head_last for h in spaced[w]]
        lowered = text.lower()
        if len(lowered) != len(text):
            return  # a rare letter that changes length: offsets would not agree
        for start, end in _places(lowered, present):
            begin = max(0, start - 120)
            if self.lone(text, begin, start):
                continue
            near = max(begin, start - _NEAR)  # (a space is before the head: it starts a word)
            tokens = list(_TOKEN.finditer(text, near, end))
            if not tokens or tokens[-1].span() != (start, end):
                continue  # part of a longer word ("team-based")
            token = tokens[-1]
            head = token.group(0).lower()
            words, j = self.walk(text, tokens, head)
            if j < 2 and near > begin:
                # the walk came near the short window's first word, which may be cut short
                tokens = list(_TOKEN.finditer(text, begin, end))
                words, j = self.walk(text, tokens, head)
            kind = rules.heads.get(head)
            capital_only = kind is None
            kind = kind or rules.capital_heads[head]
            while len(words) > 1 and words[0].group(0) in _CONNECTORS:
                words.pop(0)
            if len(words) > 1 and j >= 0 and tokens[j].group(0).lower() in _VERB_BEFORE:
                words.pop(0)  # "to disrupt organised crime groups": a verb, not a name
            asked = len(words)  # known_around's words (no answer for two or fewer)
            if asked > 2 and self.known_around(tokens, j, words, text, line):
                continue  # "integrated offender management team", before trimming it
            while len(words) > 2 and self.trimmed(words[0].group(0), len(words)):
                words.pop(0)  # "re-introduced external scrutiny panels"
            del words[: self.own_words(words)]
            if len(words) < 2 or len(words) <= rules.min_modifiers.get(head, 1):
                continue
            if (
                token.group(0)[0].isupper()
                and text[end : end + 1] == " "
                and text[end + 1 : end + 2].isupper()
            ):
                continue  # the name goes on: "… Partnership NHS Foundation Trust"
            if (asked <= 2 or len(words) < asked) and self.known_around(
                tokens, j, words, text, line
            ):
                continue  # (the same words were asked already: the answer was no)
            first = words[0].group(0)
            sentence_start = (j < 0 and begin == 0) or (
                j >= 0 and text[tokens[j].end() : words[0].start()].strip() in (".", ":", ";")
            )
            if sentence_start and first[0].isupper() and not words[1].group(0)[0].isupper():
                first = first.lower()  # "Local investigation teams are …"
            capitalised = all(w.group(0)[0].isupper() or w.group(0) in _CONNECTORS for w in words)
            if capital_only and not capitalised:
                continue
            span = text[words[0].start() : token.end()]
            name = f"{first}{span[len(first) :]}"
            lead = text[max(0, words[0].start() - 16) : words[0].start()].lower()
            own = lead.endswith(self.cues)
            named_kind = "unit" if own else kind
            if capitalised and kind == "partner" and not own:
                named_kind = "partner"
            self.add(
                name, named_kind, "capitalised name" if capitalised else "head word", line, span
            )

    def walk(
        self, text: str, tokens: list[re.Match[str]], head: str
    ) -> tuple[list[re.Match[str]], int]:
        """The words of a name, walking back from its head (the last token) to the word that
        ends it: (the name's tokens, the index of the token before them or -1)."""
        rules = self.rules
        first = tokens[-1]  # the name's first word so far
        named = first.group(0)[0].isupper()
        j = len(tokens) - 2
        words: list[re.Match[str]] = [first]  # last word first, reversed at the end
        while j >= 0 and len(words) < rules.max_words:
            token = tokens[j]
            word = token.group(0)
            gap = text[token.end() : first.start()]
            if gap != " " and not (gap == " & " and named and word[0].isupper()):
                break
            if "'" in word and not (named and word[0].isupper() and word.endswith("s'")):
                break  # "the force's", "Staffordshire Police's" (not "Farmers' Union")
            if word[0].isupper():
                if word.lower() in _DETERMINERS or (word.lower() in rules.stop and not named):
                    break  # "Each early help hub": a sentence's first word
            elif word in _CONNECTORS and self.joins(
                tokens[j - 1].group(0) if j else "", word, named, head
            ):
                pass
            elif word.lower() in rules.stop:
                break
            words.append(token)
            first, named = token, word[0].isupper()
            j -= 1
        words.reverse()
        return words, j

    def joins(self, before: str, word: str, named: bool, head: str) -> bool:
        """Whether a connector (`word`) after `before` is inside a name, walking back."""
        if named:  # "Fire and Rescue Service", "Youth Justice Service"
            return before[:1].isupper() and before.lower() not in _DETERMINERS
        rules = self.rules
        return (  # "performance and insight unit"
            word == "and"
            and head not in rules.min_modifiers  # not "direction and give officers"
            and before.islower()
            and (before not in rules.stop and before not in rules.head_set)
        )

    def lone(self, text: str, begin: int, start: int) -> bool:
        """Whether the walk back from a head at `start` stops at once, told from the text without
        tokenising it: the walk's first step for a word before the head that stands alone
        ("the team", "calls for service", "all 43 police"). Most heads stand so, and the head
        alone is no name. False when unsure: the walk decides. A space is before the head."""
        last = text[start - 2 : start - 1]
        if not (last.isalnum() or last in "_'-"):  # no word ends just before the space
            return text[start - 3 : start] != " & "
        space = text.rfind(" ", begin, start - 1)
        if space < 0:
            return False
        word = text[space + 1 : start - 1]
        if word.isdigit():
            return True  # no word at all: the gap is wider than a space
        if not _TOKEN.fullmatch(word):
            return False
        named = text[start].isupper()
        if "'" in word:
            return not (named and word[0].isupper() and word.endswith("s'"))
        if word[0].isupper():
            return word.lower() in _DETERMINERS or (not named and word.lower() in self.rules.stop)
        if word in _CONNECTORS and (named or word == "and"):
            return False  # "Fire and Rescue Service", "performance and insight unit"
        return word.lower() in self.rules.stop

    def known_around(
        self,
        tokens: list[re.Match[str]],
        j: int,
        words: list[re.Match[str]],
        text: str,
        line: int,
    ) -> bool:
        """A lower-case name that is part of a name the lexicon knows is that name: with a word
        or two before it ("public protection unit"), without its first words ("local harm
        reduction hubs"), or without its head ("SOMU team", "IOM unit")."""
        if words[0].group(0)[0].isupper() and words[-1].group(0)[0].isupper():
            return False  # a capitalised name is its own
        # each option as (first word, last word, how many words), in the order they are tried
        # each option as (its start, its end), in the order they are tried: the words, with
        # two or one words before them, without their first words, without their head
        n, start, end = len(words), words[0].start(), words[-1].end()
        options = [(start, end)]
        options += [(tokens[j - k + 1].start(), end) for k in (2, 1) if j - k + 1 >= 0]
        options += [(words[k].start(), end) for k in range(1, n - 1)]
        if n > 2 or words[0].group(0).isupper():
            options.append((start, words[-2].end()))
        seen, key, known = self.is_known, self.rules.key, self.known
        for first, last in options:
            name = text[first:last]
            hit = seen.get(name)  # the second ask of a paragraph's words repeats most names
            if hit is None:
                hit = seen[name] = key(name) in known
            # (one word, "SOMU" of "SOMU team", is known as an acronym too)
            if hit or (n == 2 and last != end and name in known):
                span = text[min(first, start) : end]
                self.add(name, "unit", "head word", line, span)
                if span != name:
                    self.add_form(name, span)  # "local investigation teams"
                return True
        return False

    def acronym_definitions(self, text: str, line: int) -> None:
        for match in _ACRONYM.finditer(text):
            acronym = match.group(1)
            before = text[max(0, match.start() - 160) : match.start()]
            before = before[max(map(before.rfind, _CLAUSE)) + 1 :]  # the clause before it
            name = _acronym_name(before, acronym)
            if name is None:
                continue
            spaced = text[match.end() : match.end() + 1] == " "
            after = _TOKEN.match(text, match.end() + 1) if spaced else None
            head = name.split()[-1].lower()
            heads = self.rules.acronym_heads
            kind = heads.get(head)
            if kind is None and after and heads.get(after.group(0).lower()):
                kind = heads[after.group(0).lower()]  # "integrated offender management (IOM) team"
                name = f"{name} {after.group(0)}"
            if kind is None and acronym not in self.known:
                continue  # an acronym of something else: a plan, a code, a notice
            if name[0].isupper() and not name[1:2].isupper() and " " in name:
                rest = name.split()[1:]
                if not any(w[0].isupper() for w in rest):
                    name = name[0].lower() + name[1:]
            lead = text[max(0, match.start() - len(name) - 16) : match.start()].lower()
            own = any(cue in lead for cue in self.cues)
            self.add(
                name,
                "unit" if own else (kind or "unit"),
                "acronym definition",
                line,
                f"{name} ({acronym}{match.group(2)})",
                acronym,
            )

    def capitalised(self, text: str, line: int, words: frozenset[str]) -> None:
        if self.name_words.isdisjoint(words):
            return  # most paragraphs: none of the three shapes can match
        rules = self.rules
        if not rules.organisation_first.isdisjoint(words):
            for match in rules.organisation.finditer(text):
                name = match.group(0)
                name = name[:-2] if name.endswith("'s") else name
                self.add(name, "partner", "capitalised name", line, name)
        if rules.apposition_words.isdisjoint(words):
            matches: list[re.Match[str]] = []
        else:
            matches = list(rules.apposition.finditer(text))
        for match in matches:
            name = match.group(1)
            first = match.start(1) == 0 or text[match.start(1) - 2 : match.start(1)] == ". "
            if first and " " not in name:
                continue  # a sentence's first word, not a name
            self.add(name, "partner", "apposition", line, match.group(0))
        if not rules.operation_words.isdisjoint(words):
            for match in rules.operation.finditer(text):
                self.add(
                    match.group(0),
                    "unit",
                    "named operation",
                    line,
                    match.group(0),
                    category="operation",
                )


def discover(
    rules: DiscoveryRules,
    paragraphs: Iterable[tuple[str, int]],
    known: dict[str, tuple[str, str, str]],
    force: str = "",
) -> list[Discovered]:
    """Every unit and partner named in `paragraphs` ((plain text, line) of the whole report),
    in order of first mention. `known` maps lexicon names (as `name_key` has them) and
    acronyms to (kind, key, name): those are reported with `lexicon=True`. `force` is the
    report's own force, never a partner of itself."""
    finder = _Finder(rules, known)
    if force:
        finder.own = name_key(rules.same_words, force)
        finder.own_split = finder.own.split()
    for text, line in paragraphs:
        if "(" in text:
            finder.acronym_definitions(text, line)
        words = words_of(text)  # lower case, split at hyphens: "co", "ordinators"
        finder.capitalised(text, line, words)
        finder.head_phrases(text, line, words)
    return list(finder.found.values())
