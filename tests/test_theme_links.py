"""Theme links with strength and score, theme filters by strength, relevance order, units and
partners with origin and evidence, and accelerated causes of concern: over real HTTP."""

from __future__ import annotations

import io

import networkx as nx
from conftest import Client
from test_graph import SUPERVISION_ABOUT, SUPERVISION_CONCERNS

QUERY = """
query Supervision($strength: ThemeStrength, $order: FindingOrder) {
  findings(where: {kinds: [CAUSE_OF_CONCERN, AREA_FOR_IMPROVEMENT], themes: ["supervision"],
                   themeStrength: $strength}, orderBy: $order, first: 50) {
    totalCount
    edges { node { title themes { id }
                   themeLinks { theme { id } strength score matchedTerms lines } } }
  }
}
"""


def _supervision(node: dict) -> dict:
    return next(t for t in node["themeLinks"] if t["theme"]["id"] == "theme:supervision")


def test_the_supervision_question_by_relevance(client: Client) -> None:
    result = client.graphql(QUERY, {"order": "RELEVANCE"})
    assert "errors" not in result, result
    nodes = [e["node"] for e in result["data"]["findings"]["edges"]]
    assert sorted(n["title"] for n in nodes) == sorted(SUPERVISION_ABOUT)
    links = [_supervision(n) for n in nodes]
    assert all(link["strength"] == "ABOUT" and link["matchedTerms"] for link in links)
    scores = [link["score"] for link in links]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0
    # findings whose heading names supervisors come before those that argue it in the body
    assert "supervisor" in nodes[0]["title"] and "supervis" not in nodes[-1]["title"]


def test_mentions_widens_to_every_link(client: Client) -> None:
    result = client.graphql(QUERY, {"strength": "MENTIONS"})
    nodes = [e["node"] for e in result["data"]["findings"]["edges"]]
    assert sorted(n["title"] for n in nodes) == sorted(SUPERVISION_CONCERNS)
    only = [n for n in nodes if n["title"] not in SUPERVISION_ABOUT]
    assert only and all(_supervision(n)["strength"] == "MENTIONS" for n in only)
    assert all({"id": "theme:supervision"} not in n["themes"] for n in only)


def test_finding_themes_are_the_about_links(client: Client) -> None:
    result = client.graphql(QUERY, {"strength": "MENTIONS"})
    for edge in result["data"]["findings"]["edges"]:
        node = edge["node"]
        about = sorted(t["theme"]["id"] for t in node["themeLinks"] if t["strength"] == "ABOUT")
        assert sorted(t["id"] for t in node["themes"]) == about


def test_theme_counts_follow_the_default(client: Client) -> None:
    result = client.graphql(
        '{ node(id: "theme:supervision") { ... on Theme { findingCount'
        "  about: findings { totalCount }"
        "  any: findings(where: {themeStrength: MENTIONS}) { totalCount } } } }"
    )
    theme = result["data"]["node"]
    assert theme["findingCount"] == theme["about"]["totalCount"]
    assert theme["any"]["totalCount"] > theme["about"]["totalCount"]


def test_relevance_needs_a_theme_filter(client: Client) -> None:
    result = client.graphql("{ findings(orderBy: RELEVANCE) { totalCount } }")
    assert result["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "RELEVANCE" in result["errors"][0]["message"]


def test_units_and_partners_say_where_they_come_from(client: Client) -> None:
    result = client.graphql(
        "{ units { id origin category evidence { report { id } line rule text } }"
        "  partners { id origin category } }"
    )
    units = {u["id"]: u for u in result["data"]["units"]}
    partners = {p["id"]: p for p in result["data"]["partners"]}
    somu = units["unit:somu"]
    assert somu["origin"] == "LEXICON" and any(
        e["rule"] == "acronym definition" and e["text"].endswith("(SOMU)") for e in somu["evidence"]
    )
    discovered = [u for u in units.values() if u["origin"] == "DISCOVERED"]
    assert discovered and all(u["evidence"] for u in discovered)
    assert units["unit:operation-syncro"]["category"] == "operation"
    panel = units["unit:evidence-based-policing-panel"]
    assert panel["evidence"][0]["report"]["id"] == "report:staffordshire-2021-22"
    assert partners["partner:marac"]["category"] == "arrangement"
    assert partners["partner:independent-advisory-group"]["category"] == "advisory_group"
    assert partners["partner:staffordshire-fire-and-rescue-service"]["origin"] == "DISCOVERED"


def test_accelerated_causes_of_concern_say_so(client: Client) -> None:
    result = client.graphql(
        "{ findings(where: {kinds: [CAUSE_OF_CONCERN]}) { edges { node { acceleratedOn } } } }"
    )
    dates = [e["node"]["acceleratedOn"] for e in result["data"]["findings"]["edges"]]
    assert dates == ["29 March 2022", "29 March 2022"]


def test_exports_carry_strength_and_score(client: Client) -> None:
    response = client.get(
        "/export/graphml",
        params={"finding_themes": "supervision", "finding_theme_strength": "mentions"},
    )
    assert response.status_code == 200
    g = nx.read_graphml(io.BytesIO(response.content))
    themed = [d for _, v, d in g.edges(data=True) if v == "theme:supervision"]
    assert {d["strength"] for d in themed} == {"about", "mentions"}
    assert all(float(d["score"]) > 0 for d in themed)
    bad = client.get("/export/dot", params={"finding_theme_strength": "strong"})
    assert bad.status_code == 400 and "finding_theme_strength" in bad.text
