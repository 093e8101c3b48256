"""Units and partners the lexicon does not list, found in a report's own words."""

from __future__ import annotations

import pytest

from graph.discover import Discovered, discover
from graph.lexicon import load_lexicon


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def found(lexicon, *paragraphs: str, force: str = "Fenland Police") -> dict[str, Discovered]:
    entries = discover(
        lexicon.discovery, [(p, n) for n, p in enumerate(paragraphs, 1)], lexicon.known_names, force
    )
    return {f"{e.kind}:{e.key}": e for e in entries}


def test_an_acronym_definition_names_a_unit_and_its_acronym(lexicon) -> None:
    got = found(lexicon, "The force's crime management unit (CMU) reviews every crime.")
    unit = got["unit:crime-management-unit"]
    assert unit.acronym == "CMU" and unit.category == "unit" and not unit.lexicon
    assert unit.evidence[0] == ("acronym definition", 1, "crime management unit (CMU)")


def test_an_acronym_after_the_name_and_before_the_head(lexicon) -> None:
    got = found(lexicon, "Officers join the rural crime (RC) team.")
    assert got["unit:rural-crime-team"].acronym == "RC"


def test_acronyms_of_plans_and_notices_are_not_organisations(lexicon) -> None:
    got = found(lexicon, "Its medium term financial plan (MTFP) is balanced.")
    assert not got


@pytest.mark.parametrize(
    ("text", "node", "category"),
    [
        (
            "Victims are referred to Safe Harbour, a charity that supports them.",
            "partner:safe-harbour",
            "partner",
        ),
        (
            "The force works with Fenmoor County Council on licensing.",
            "partner:fenmoor-county-council",
            "partner",
        ),
        (
            "Researchers at the University of Fenmoor evaluated it.",
            "partner:university-of-fenmoor",
            "partner",
        ),
        (
            "In Operation Kingfisher officers patrolled the marshes.",
            "unit:operation-kingfisher",
            "operation",
        ),
        ("Its online contact team answers web chats.", "unit:online-contact-team", "unit"),
        ("The force's vetting board meets monthly.", "unit:vetting-board", "board"),
        (
            "A stop and search advisory group reviews footage.",
            "unit:stop-and-search-advisory-group",
            "advisory_group",
        ),
        (
            "The force shares data with British Transport Police.",
            "partner:british-transport-police",
            "partner",
        ),
    ],
)
def test_shapes_of_names(lexicon, text: str, node: str, category: str) -> None:
    got = found(lexicon, text)
    assert node in got, sorted(got)
    assert got[node].category == category


def test_the_lexicon_stays_the_authority(lexicon) -> None:
    got = found(
        lexicon,
        "Its sexual offender management unit team has a backlog.",
        "Staff in the local harm reduction hubs give advice.",
    )
    assert got["unit:somu"].lexicon and got["unit:harm-reduction-hub"].lexicon
    assert not [k for k, e in got.items() if not e.lexicon]


def test_aliases_singular_plural_and_acronym_resolve_to_one_node(lexicon) -> None:
    got = found(
        lexicon,
        "The early help hubs (EHH) are new.",
        "Each early help hub has staff.",
        "Two EHH teams.",
    )
    hubs = [e for e in got.values() if "help" in e.name]
    assert len(hubs) == 1 and hubs[0].acronym == "EHH"
    assert {"early help hubs", "early help hub"} <= set(hubs[0].forms)


def test_the_force_is_not_its_own_partner(lexicon) -> None:
    assert not found(lexicon, "Fenland Police works with Kent Police.", force="Fenland Police").get(
        "partner:fenland-police"
    )
    assert "partner:kent-police" in found(lexicon, "Fenland Police works with Kent Police.")


def test_ordinary_phrases_are_not_organisations(lexicon) -> None:
    got = found(
        lexicon,
        "It gives a timely service and rebuilds public trust. The police "
        "service and partner organisations agree; the team met.",
    )
    assert not got, sorted(got)


def test_discovery_is_deterministic(lexicon) -> None:
    text = (
        "The force's crime management unit (CMU) works with Safe Harbour, a charity, and "
        "the Fenmoor Youth Offending Service (YOS)."
    )
    first = [(e.key, e.forms, e.evidence) for e in found(lexicon, text).values()]
    assert first == [(e.key, e.forms, e.evidence) for e in found(lexicon, text).values()]


def test_hostile_text_is_read_in_linear_time(lexicon) -> None:
    import time

    run = " ".join(["Kestrel"] * 20_000)
    text = f"{run}, a charity. University of {run}. {'team ' * 10_000}(ABC) Operation {run}."
    start = time.perf_counter()
    found(lexicon, text)
    assert time.perf_counter() - start < 2.0
