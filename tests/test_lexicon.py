"""The lexicon: matching rules and clear errors for a malformed file."""

from __future__ import annotations

from pathlib import Path

import pytest

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
        ("themes", "supervision", "Supervisors and supervisory oversight",
         ["Supervisors", "supervisory", "oversight"]),
        ("themes", "supervision", "superb vision", []),
        ("themes", "offender-management", "the arms of the law", []),  # ARMS is an acronym
        ("themes", "demand-and-capacity", "'abstraction' means", ["abstraction"]),
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
