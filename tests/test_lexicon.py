"""The lexicon: matching rules and clear errors for a malformed file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.errors import LexiconError
from graph.lexicon import load_lexicon


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def entity(lexicon, kind: str, key: str):
    return next(e for e in getattr(lexicon, kind) if e.key == key)


@pytest.mark.parametrize(
    ("kind", "key", "text", "expected"),
    [
        ("units", "mash", "The force has multi-agency safeguarding hubs (MASHs).",
         ["multi-agency safeguarding hubs", "MASHs"]),
        ("units", "mash", "a multi agency safeguarding hub", ["multi agency safeguarding hub"]),
        ("units", "mash", "Mash the potatoes", []),  # acronyms match case-sensitively
        ("units", "eipu", "the EIPU's existence", ["EIPU"]),
        ("partners", "local-authorities", "its local authorities", ["local authorities"]),
    ],
)
def test_matching(lexicon, kind: str, key: str, text: str, expected: list[str]) -> None:
    assert [m.text for m in entity(lexicon, kind, key).find(text)] == expected


def test_every_unit_the_issue_names_is_there(lexicon) -> None:
    keys = {u.key for u in lexicon.units}
    assert {"mash", "somu", "safenet", "eipu", "iom", "harm-reduction-hub", "digital-101-desk",
            "control-room", "professional-standards-department", "public-protection-unit"} <= keys


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not = [valid", "not valid TOML"),
        ("[areas]\n", r"missing \[format\] table"),
    ],
)
def test_malformed_lexicon_names_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "lexicon.toml"
    path.write_text(text)
    with pytest.raises(LexiconError, match=message):
        load_lexicon(path)


def test_bad_entry_names_the_field(tmp_path: Path) -> None:
    good = Path(__file__).resolve().parent.parent / "data" / "lexicon.toml"
    path = tmp_path / "lexicon.toml"
    path.write_text(good.read_text() + '\n[units.broken]\naliases = ["x"]\n')
    with pytest.raises(LexiconError, match=r"units\.broken\.name: missing"):
        load_lexicon(path)


def test_fast_matching_equals_a_plain_scan(lexicon, report) -> None:
    """The word index and the positional scans find exactly what scanning every phrase would."""
    import re

    from graph.lexicon import _acronym_pattern, _is_acronym, _phrase_pattern
    from graph.text import strip_links

    texts = [strip_links(p.text) for _, f in report.all_findings()
             for p in [f.heading, *f.paragraphs]]
    for kind in ("units", "partners", "themes"):
        for text in texts:
            expected = {}
            for entity in getattr(lexicon, kind):
                phrases = entity.terms or (entity.name, *entity.aliases)
                regexes = [re.compile(_phrase_pattern(p), 0 if _is_acronym(p) else re.IGNORECASE)
                           for p in phrases]
                if entity.acronym:
                    regexes.append(re.compile(_acronym_pattern(entity.acronym)))
                regexes += [p.regex for p in entity._matchers if p.start is None]
                found = sorted((m.start(), -m.end(), m.group(0))
                               for r in regexes for m in r.finditer(text))
                kept: list[tuple[int, int, str]] = []
                for start, negative_end, words in found:
                    if not kept or start >= -kept[-1][1]:
                        kept.append((start, negative_end, words))
                if kept:
                    expected[entity.key] = [words for *_, words in kept]
            got = {key: [m.text for m in matches]
                   for key, matches in lexicon.find_all(kind, text).items()}
            assert got == expected, text[:80]


ODD = ["'", "_", "-", "--", " ", "  ", "\t", "\n", "\x1c", "\xa0", "\u00e9", "\u2013", "£",
       "\u212a", "\u017f", "\u0130", "3", ".", "s", "es", "y", "ies", "ys", "x"]
"""Odd spaces, accents, a dash, letters that fold to ASCII, endings."""
PHRASES = ["supervision", "supervisor", "policy", "sex offender management unit",
           "multi-agency safeguarding hub", "MASH", "EIPU", "children's services",
           "A&E", "24-hour", "101", "ARMY"]


def _texts(phrase: str) -> st.SearchStrategy[str]:
    """Texts built from the phrase's own words (in several cases, cut short too) and odd
    pieces, so that near-misses of every kind come up."""
    words = re.split(r"[\s-]+", phrase)
    pieces = [*ODD, phrase, phrase.upper(), phrase.title()]
    for word in words:
        pieces += [word, word.upper(), word.capitalize(), word[:-1]]
    return st.lists(st.sampled_from(pieces), max_size=20).map("".join)


@given(st.sampled_from(PHRASES).flatmap(lambda p: st.tuples(st.just(p), _texts(p))))
@settings(max_examples=600, deadline=None)
def test_words_match_exactly_as_the_regex(case: tuple[str, str]) -> None:
    """The phrase matcher that avoids compiling a regex finds what the regex finds, in
    any text: plain (where it runs) or not (where the regex itself runs)."""
    from graph.lexicon import (
        _acronym_pattern,
        _acronym_words,
        _is_acronym,
        _Phrase,
        _phrase_pattern,
        _phrase_words,
        _start,
    )
    from graph.text import inert_beyond_ascii

    phrase, text = case
    if phrase.isupper() and " " not in phrase:
        pattern, words, flags, start = (_acronym_pattern(phrase), _acronym_words(phrase), 0,
                                        phrase.lower())
    else:
        pattern, words = _phrase_pattern(phrase), _phrase_words(phrase)
        flags, start = (0 if _is_acronym(phrase) else re.IGNORECASE), _start(phrase)
    fast = _Phrase(frozenset(), start, pattern, flags, words=words)
    lowered = text.lower()
    expected = sorted((m.start(), -m.end(), m.group(0))
                      for m in re.compile(pattern, flags).finditer(text))
    assert sorted(fast.scan(text, lowered, inert_beyond_ascii(text))) == expected


@given(st.sampled_from(PHRASES).flatmap(lambda p: st.tuples(st.just(p), _texts(p))))
@settings(max_examples=600, deadline=None)
def test_a_match_stands_on_the_words_a_phrase_needs(case: tuple[str, str]) -> None:
    """In plain text a phrase matches only where its words but the last, and one form of its
    last, are words of the text: the word index skips the phrase's scan on any other text."""
    from graph.lexicon import _WORD, _matchers
    from graph.text import NOT_ASCII, inert_beyond_ascii, words_of

    phrase, text = case
    if not inert_beyond_ascii(text):
        return
    matchers = _matchers((phrase,), phrase if phrase.isupper() else None, (), ())
    words = frozenset(_WORD.findall(text.lower()))
    # The words the index reads: the same, in ASCII and out (its own there, without NFC).
    assert words == words_of(text if text.isascii() else NOT_ASCII.sub(" ", text))
    for matcher in matchers:
        if matcher.scan(text, text.lower(), True):
            assert matcher.need <= words
            assert matcher.ends is not None and not matcher.ends.isdisjoint(words)
