"""Theme links by evidence: roots, weights, boilerplate, longer names, broad words, and the
findings a reader judged *not* about a theme although its words occur (eval/gold)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from graph.extract import extract_paragraphs
from graph.lexicon import load_lexicon
from graph.model import Paragraph
from graph.theme_rules import _needles
from graph.theme_score import ABOUT, MENTIONS, score_themes

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def themes(lexicon, title: str, *body: str) -> dict:
    paragraphs = [Paragraph(title, 1, 1), *(Paragraph(b, n, n) for n, b in enumerate(body, 3))]
    return extract_paragraphs(paragraphs, lexicon, title=True).themes


@pytest.mark.parametrize(
    ("text", "theme", "matched"),
    [
        (
            "Supervisors and supervisory oversight",
            "supervision",
            ["Supervisors", "supervisory", "oversight"],
        ),
        (
            "It supervises, supervised and supervision",
            "supervision",
            ["supervises", "supervised", "supervision"],
        ),
        (
            "It monitors, monitored and monitoring",
            "governance-and-performance",
            ["monitors", "monitored", "monitoring"],
        ),
        ("'abstraction' and abstractions", "demand-and-capacity", ["abstraction", "abstractions"]),
    ],
)
def test_word_forms_match_by_root(lexicon, text: str, theme: str, matched: list[str]) -> None:
    assert themes(lexicon, text)[theme].matched == matched


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("superb vision", "supervision"),
        ("the arms of the law", "offender-management"),  # ARMS is an acronym
        ("The force uses its crime recording system", "crime-recording"),  # names a system
        ("as the National Child Protection Inspection found", "child-protection"),
        ("We will continue to monitor the force's progress.", "governance-and-performance"),
        ("communication with the public", "community-engagement"),  # root shared, listed exact
        ("as the Pre-supervision Review Group found", "supervision"),  # inside a name's word
        ("See www.justiceinspectorates.gov.uk/supervision for more", "supervision"),  # web address
        ("Our supervision page: https://example.org/supervision", "supervision"),
    ],
)
def test_no_link(lexicon, text: str, theme: str) -> None:
    assert theme not in themes(lexicon, "A heading", text)
    assert theme not in themes(lexicon, text)


def test_a_partners_name_hides_its_words(lexicon) -> None:
    found = extract_paragraphs(
        [Paragraph("The force refers people to mental health organisations.", 1, 1)], lexicon
    )
    assert "mental-health-services" in found.partners and "health" not in found.partners


def test_the_heading_weighs_more_than_the_body(lexicon) -> None:
    in_title = themes(lexicon, "The force should improve supervision of investigations")
    in_body = themes(lexicon, "A heading", "Supervisors were seen once.")
    assert in_title["supervision"].strength == ABOUT
    assert in_body["supervision"].strength == MENTIONS
    assert in_title["supervision"].score > in_body["supervision"].score


def test_a_repeated_word_counts_once_per_sentence(lexicon) -> None:
    once = themes(lexicon, "A heading", "Supervision, supervision and supervision.")
    twice = themes(lexicon, "A heading", "Supervision was poor.", "Supervisors were absent.")
    assert once["supervision"].score < twice["supervision"].score
    assert twice["supervision"].strength == ABOUT


def test_broad_words_alone_never_make_about(lexicon) -> None:
    found = themes(
        lexicon,
        "The force should improve its performance",
        "Performance fell.",
        "Performance matters.",
        "Its performance is poor.",
    )
    assert found["governance-and-performance"].strength == MENTIONS
    specific = themes(lexicon, "The force needs a clear performance framework")
    assert specific["governance-and-performance"].strength == ABOUT


def test_weights_and_threshold_are_lexicon_data(lexicon) -> None:
    rules = lexicon.theme_rules
    assert (rules.title_weight, rules.body_weight) == (3.0, 1.0)
    assert rules.about_threshold > rules.body_weight
    text = Path(lexicon.source).read_text()
    assert "about_threshold = " in text and "boilerplate_patterns" in text


def test_scores_are_deterministic(lexicon) -> None:
    paragraphs = [
        (
            "Supervision of supervisors.",
            1,
            True,
            [],
            frozenset({"supervision", "of", "supervisors"}),
        )
    ]
    first = score_themes(lexicon.theme_rules, paragraphs)
    assert first == score_themes(lexicon.theme_rules, paragraphs)


# Causes of concern and areas for improvement a reader judged not about a theme although its
# words occur in them (eval/gold/staffordshire-2021-22.toml, `not_about`): they may mention
# the theme, never be about it.
NOT_ABOUT = [
    (190, "vulnerability-and-safeguarding"),  # "crimes involving vulnerable adults"
    (190, "child-protection"),  # "child protection cases" in a list of crime types
    (194, "community-engagement"),  # victims "live in fear in their own community"
    (223, "vulnerability-and-safeguarding"),  # a consequence in passing
    (293, "vulnerability-and-safeguarding"),
    (397, "supervision"),  # "how well investigations are supervised", once
    (405, "offender-management"),  # bail and RUI as examples
    (454, "training"),  # "policy and process development"
    (602, "governance-and-performance"),  # staff's "performance", not the force's framework
    (662, "call-handling-and-response"),
    (662, "partnership-working"),  # "demand on partners"
]


def _finding(graph: nx.MultiDiGraph, line: int) -> str:
    return next(
        n for n, d in graph.nodes(data=True) if d["kind"] == "finding" and d["line_start"] == line
    )


@pytest.mark.parametrize(("line", "theme"), NOT_ABOUT)
def test_judged_not_about(graph: nx.MultiDiGraph, line: int, theme: str) -> None:
    edge = graph.get_edge_data(_finding(graph, line), f"theme:{theme}", key="has_theme")
    assert edge is not None and edge["strength"] == MENTIONS, edge


def test_boilerplate_alone_makes_no_link(graph: nx.MultiDiGraph) -> None:
    # The accelerated cause of concern's body: "We will continue to monitor the force's progress"
    node = _finding(graph, 339)
    assert graph.get_edge_data(node, "theme:governance-and-performance") is None


def test_hostile_text_is_scored_in_linear_time(lexicon) -> None:
    import time

    body = "supervision of the National Child Protection Inspection of " * 5_000
    start = time.perf_counter()
    found = themes(lexicon, "A heading", body, "The force should " + "use of force " * 5_000)
    assert time.perf_counter() - start < 2.0
    # one sentence, however long, counts once
    assert found["supervision"].score == 1.0 and found["supervision"].strength == MENTIONS


@pytest.mark.parametrize(
    ("patterns", "needles"),
    [
        ([r"www\.|https?://"], ("www.", "http")),  # the "s" may be absent
        ([r"Annex\s+[A-Z]", "See (?:the|our)"], ("Annex", "See ")),
        ([r"a[|]b|c"], ("a", "c")),  # a "|" in a class is no alternative
        ([r"www\.", r"\d{1,3}\s+See"], None),  # a digit: no literal start
        ([r"(?i)We will"], None),
        ([r"(?:x|y)z"], None),
    ],
)
def test_boilerplate_is_searched_for_only_where_it_can_start(patterns, needles) -> None:
    """Boilerplate patterns searched for anywhere in a sentence are tried only where a text
    one of them must start with is there: those texts must never ask more than a match."""
    assert _needles(patterns) == needles


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("Their line-manager reviews it", ["line-manager"]),  # a hyphen joins a term's words
        ("Their line  manager reviews it", ["line  manager"]),
        ("Their line. Manager reviews it", None),  # a sentence's end does not
        ("Their line managers' reviews", ["line managers"]),
    ],
)
def test_a_terms_words_are_joined_by_spaces_hyphens_or_apostrophes(lexicon, text, matched):
    found = themes(lexicon, "A heading", text).get("supervision")
    assert (found.matched if found else None) == matched


def test_dashes_and_pound_signs_change_nothing(lexicon) -> None:
    """Text whose only non-ASCII characters are caseless marks is read lower-case at once, as
    ASCII text is: the same terms as with ASCII stand-ins."""
    text = "A {}5 cost: use of force {} checked by a line manager"
    marked = themes(lexicon, "A heading", text.format("\u00a3", "\u2013"))
    plain = themes(lexicon, "A heading", text.format("$", "-"))
    assert marked == plain and set(marked) == {"stop-and-search-and-use-of-force", "supervision"}


def test_a_root_keeps_its_words_first_three_letters(lexicon) -> None:
    """Where a term of two words or more can go on is judged by the next word's first three
    letters (`theme_places._follows`): that holds only while every root keeps them."""
    import re

    stemmer = lexicon.theme_rules.stemmer
    text = (ROOT / "data" / "reports" / "staffordshire-peel-2021-22.txt").read_text()
    words = set(re.findall(r"\w+", text.lower()))
    words |= {f"{w}{end}" for w in sorted(words)[:500] for end in ("ies", "ied", "ings", "'s")}
    for word in words:
        assert stemmer.root(word)[:3] == word[:3], word
