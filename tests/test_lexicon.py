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
