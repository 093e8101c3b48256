"""The GraphQL contract over real HTTP (the Starlette app through httpx), on the real report."""

from __future__ import annotations

import base64
import io
import zipfile

import pytest
from conftest import Client
from test_graph import SUPERVISION_ABOUT
from test_parse import AREAS_FOR_IMPROVEMENT, CAUSES_OF_CONCERN, GRADES, MAIN_FINDINGS

SUPERVISION_QUERY = """
query Supervision($first: Int) {
  findings(where: {kinds: [CAUSE_OF_CONCERN, AREA_FOR_IMPROVEMENT], themes: ["supervision"]},
           first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id kind title grade
      area { name grade }
      themeLinks { theme { id name } matchedTerms lines }
      source { report { id } lineStart lineEnd quote }
    } }
  }
}
"""


def test_supervision_concerns_over_http(client: Client) -> None:
    result = client.graphql(SUPERVISION_QUERY, {"first": 50})
    assert "errors" not in result
    connection = result["data"]["findings"]
    nodes = [edge["node"] for edge in connection["edges"]]
    assert sorted(n["title"] for n in nodes) == sorted(SUPERVISION_ABOUT)
    assert connection["totalCount"] == len(SUPERVISION_ABOUT)
    for node in nodes:
        assert node["kind"] in ("CAUSE_OF_CONCERN", "AREA_FOR_IMPROVEMENT")
        assert node["area"]["name"] and node["area"]["grade"] == node["grade"]
        (link,) = [t for t in node["themeLinks"] if t["theme"]["id"] == "theme:supervision"]
        assert link["matchedTerms"] and link["lines"]
        source = node["source"]
        assert source["report"]["id"] == "report:staffordshire-2021-22"
        assert source["lineStart"] <= min(link["lines"]) <= max(link["lines"]) <= source["lineEnd"]
        assert source["quote"] == node["title"]


def test_pages_follow_cursors(client: Client) -> None:
    first = client.graphql(SUPERVISION_QUERY, {"first": 3})["data"]["findings"]
    assert len(first["edges"]) == 3 and first["pageInfo"]["hasNextPage"]
    query = SUPERVISION_QUERY.replace("first: $first)", "first: $first, after: $after)").replace(
        "($first: Int)", "($first: Int, $after: String)")
    seen = [e["node"]["id"] for e in first["edges"]]
    after = first["pageInfo"]["endCursor"]
    while after:
        page = client.graphql(query, {"first": 3, "after": after})["data"]["findings"]
        seen += [e["node"]["id"] for e in page["edges"]]
        after = page["pageInfo"]["endCursor"] if page["pageInfo"]["hasNextPage"] else None
    assert len(seen) == len(set(seen)) == len(SUPERVISION_ABOUT)


def test_report_structure_reproduced(client: Client) -> None:
    result = client.graphql(
        "{ reports { id title cycle published force { name } warnings"
        " areas { name grade findings { kind title } } } }"
    )
    (report,) = result["data"]["reports"]
    assert report["force"]["name"] == "Staffordshire Police"
    assert (report["cycle"], report["published"], report["warnings"]) == (
        "2021/22", "September 2022", [])
    grades = [a["grade"] for a in report["areas"]]
    assert grades == [g.upper().replace(" ", "_") if g else None for g in GRADES.values()]
    by_kind: dict[str, dict[str, list[str]]] = {}
    for area, key in zip(report["areas"], GRADES, strict=True):
        for finding in area["findings"]:
            by_kind.setdefault(finding["kind"], {}).setdefault(key, []).append(finding["title"])
    assert by_kind["CAUSE_OF_CONCERN"] == CAUSES_OF_CONCERN
    assert by_kind["AREA_FOR_IMPROVEMENT"] == AREAS_FOR_IMPROVEMENT
    assert by_kind["MAIN_FINDING"] == MAIN_FINDINGS


def test_shortest_path_from_somu_to_supervision_goes_through_a_finding(client: Client) -> None:
    result = client.graphql(
        '{ shortestPath(from: "unit:somu", to: "theme:supervision")'
        " { nodes { nodeId kind label depth }"
        " edges { source target kind evidence { matchedTerms lines } } } }"
    )
    path = result["data"]["shortestPath"]
    kinds = [n["kind"] for n in path["nodes"]]
    assert kinds == ["UNIT", "FINDING", "THEME"]
    assert [e["kind"] for e in path["edges"]] == ["INVOLVES_UNIT", "HAS_THEME"]
    assert "SOMU" in path["edges"][0]["evidence"]["matchedTerms"]
    assert path["edges"][1]["evidence"]["matchedTerms"] and path["edges"][1]["evidence"]["lines"]


def test_edge_kinds_restrict_paths(client: Client) -> None:
    result = client.graphql(
        '{ shortestPath(from: "unit:somu", to: "theme:supervision", edgeKinds: [HAS_REPORT])'
        " { nodes { nodeId } } }"
    )
    assert result["data"]["shortestPath"] is None


def test_neighbourhood(client: Client) -> None:
    result = client.graphql(
        '{ neighbourhood(id: "unit:somu", depth: 1) { nodes { nodeId depth } edges { kind } } }'
    )
    nodes = result["data"]["neighbourhood"]["nodes"]
    assert nodes[0] == {"nodeId": "unit:somu", "depth": 0}
    assert {n["depth"] for n in nodes[1:]} == {1}
    assert {e["kind"] for e in result["data"]["neighbourhood"]["edges"]} == {"INVOLVES_UNIT"}
    too_deep = client.graphql('{ neighbourhood(id: "unit:somu", depth: 4) { nodes { depth } } }')
    assert too_deep["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_node_lookup(client: Client) -> None:
    result = client.graphql(
        '{ missing: node(id: "unit:nope") { id }'
        ' somu: node(id: "unit:somu") { id ... on Unit { name acronym aliases findingCount } }'
        ' many: nodes(ids: ["theme:supervision", "x:y"]) { id } }'
    )
    assert "errors" not in result
    assert result["data"]["missing"] is None
    assert result["data"]["somu"]["acronym"] == "SOMU"
    assert result["data"]["somu"]["findingCount"] == 3
    assert result["data"]["many"] == [{"id": "theme:supervision"}, None]


def test_unknown_filter_name_is_an_error_naming_it(client: Client) -> None:
    result = client.graphql('{ findings(where: {themes: ["supervison"]}) { totalCount } }')
    error = result["errors"][0]
    assert "supervison" in error["message"] and "theme" in error["message"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


def test_first_is_capped(client: Client) -> None:
    result = client.graphql("{ findings(first: 101) { totalCount } }")
    assert result["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "100" in result["errors"][0]["message"]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ('{units: ["somu"]}', 3),
        ('{units: ["Sex offender management unit"]}', 3),
        ('{units: ["SOMU", "MASH"]}', 5),
        ('{units: ["SOMU"], kinds: [MAIN_FINDING]}', 2),
        ('{themesAll: ["supervision", "offender-management"], kinds: [AREA_FOR_IMPROVEMENT]}', 2),
        ('{grades: [INADEQUATE], kinds: [CAUSE_OF_CONCERN]}', 2),
        ('{forces: ["Staffordshire"], kinds: [OBSERVATION]}', 3),
        ('{areas: ["Recording data about crime"]}', 5),
        ('{text: "ViSOR"}', 1),
        ('{partners: ["NCA"]}', 1),
        ('{terms: ["MARAC"]}', 1),
    ],
)
def test_filters(client: Client, where: str, expected: int) -> None:
    result = client.graphql(f"{{ findings(where: {where}) {{ totalCount }} }}")
    assert "errors" not in result, result
    assert result["data"]["findings"]["totalCount"] == expected


def test_order_by_grade_puts_inadequate_first(client: Client) -> None:
    result = client.graphql(
        "{ findings(where: {kinds: [AREA_FOR_IMPROVEMENT]}, orderBy: GRADE, first: 100)"
        " { edges { node { grade } } } }"
    )
    grades = [e["node"]["grade"] for e in result["data"]["findings"]["edges"]]
    assert grades[0] == "INADEQUATE" and grades[-1] == "ADEQUATE"


def test_entity_lists_sorted_by_count_with_their_findings(client: Client) -> None:
    result = client.graphql(
        "{ themes(orderByCount: true) { id findingCount"
        "   findings(where: {kinds: [CAUSE_OF_CONCERN], themeStrength: MENTIONS})"
        "   { totalCount } }"
        "  terms { id acronym aliases } partners { id } }"
    )
    counts = [t["findingCount"] for t in result["data"]["themes"]]
    assert counts == sorted(counts, reverse=True)
    supervision = next(t for t in result["data"]["themes"] if t["id"] == "theme:supervision")
    assert supervision["findings"]["totalCount"] == 1
    visor = next(t for t in result["data"]["terms"] if t["id"] == "term:visor")
    assert visor["acronym"] == "ViSOR"


def test_theme_cooccurrence_in_concerns(client: Client) -> None:
    result = client.graphql(
        "{ themeCooccurrence(minCount: 2) { first { id } second { id } count findingIds } }"
    )
    pairs = result["data"]["themeCooccurrence"]
    assert pairs and all(p["count"] == len(p["findingIds"]) >= 2 for p in pairs)
    assert [p["count"] for p in pairs] == sorted((p["count"] for p in pairs), reverse=True)
    supervision = [p for p in pairs if "theme:supervision" in (p["first"]["id"], p["second"]["id"])]
    assert supervision


def test_search_ranks_names_and_titles(client: Client) -> None:
    result = client.graphql(
        '{ search(text: "Safenet", first: 3) { edges { node { score match node { id } } } } }')
    hits = [e["node"] for e in result["data"]["search"]["edges"]]
    assert hits[0]["node"]["id"] == "unit:safenet" and hits[0]["match"] == "EXACT_NAME"
    assert hits[1]["score"] >= hits[2]["score"]


def test_export_field_matches_http_export(client: Client) -> None:
    result = client.graphql(
        '{ export(format: NEO4J, where: {themes: ["supervision"]}) { encoding nodes edges'
        " content filename mediaType } }"
    )["data"]["export"]
    assert result["encoding"] == "base64" and result["mediaType"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(base64.b64decode(result["content"]))) as archive:
        assert "nodes.csv" in archive.namelist()
    http = client.get("/export/neo4j", params={"finding_themes": "supervision"})
    assert http.status_code == 200
    assert http.headers["content-type"] == "application/zip"
    assert "attachment; filename=" in http.headers["content-disposition"]
    assert http.content == base64.b64decode(result["content"])


def test_http_export_errors_are_clear(client: Client) -> None:
    unknown = client.get("/export/pdf")
    assert unknown.status_code == 404 and "pdf" in unknown.text
    bad = client.get("/export/dot", params={"finding_themes": "nosuchtheme"})
    assert bad.status_code == 400 and "nosuchtheme" in bad.text
    mermaid = client.get("/export/mermaid")
    assert mermaid.status_code == 400 and "filter" in mermaid.text.lower()


def test_get_queries_and_playground(client: Client) -> None:
    get = client.get("/graphql", params={"query": "{ graphVersion }"})
    assert get.status_code == 200 and get.json()["data"]["graphVersion"]
    page = client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "https://" not in page.text.replace("https://github.com", "")
    assert "SupervisionConcerns" in page.text


def test_healthz_counts(client: Client) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["reports"] == 1
    assert body["nodes"] > 200 and body["edges"] > 500 and body["graphVersion"]


def test_every_type_and_field_is_described(client: Client) -> None:
    result = client.graphql(
        "{ __schema { types { name kind description fields { name description }"
        " inputFields { name description } } } }"
    )
    missing = []
    for t in result["data"]["__schema"]["types"]:
        if t["name"].startswith("__") or t["kind"] == "SCALAR":
            continue
        if not t["description"]:
            missing.append(t["name"])
        for f in (t["fields"] or []) + (t["inputFields"] or []):
            if not f["description"]:
                missing.append(f"{t['name']}.{f['name']}")
    assert missing == []


def test_bad_cursor_is_bad_input_everywhere(client: Client) -> None:
    for query in (
        '{ findings(after: "nonsense") { totalCount } }',
        '{ themes { findings(after: "nonsense") { totalCount } } }',
        '{ node(id: "unit:somu")'
        ' { ... on Unit { findings(after: "b2Zmc2V0Oi0x") { totalCount } } } }',
    ):
        error = client.graphql(query)["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", (query, error)
        assert "cursor" in error["message"]


def test_traversal_and_export_budgets_are_settings() -> None:
    from conftest import DATA

    from server import create_app

    app = create_app(data_dir=DATA, max_traversal_nodes=5, max_export_nodes=10)
    app.state.store.load()
    small = Client(app)
    try:
        wide = small.graphql('{ neighbourhood(id: "unit:somu", depth: 2) { nodes { depth } } }')
        assert wide["errors"][0]["extensions"]["code"] == "QUERY_TOO_LARGE"
        assert "edgeKinds" in wide["errors"][0]["message"]
        whole = small.graphql("{ export(format: GRAPHML) { nodes } }")
        assert whole["errors"][0]["extensions"]["code"] == "QUERY_TOO_LARGE"
        assert "/export/" in whole["errors"][0]["message"]
        assert small.get("/export/graphml").status_code == 200  # downloads are not capped
    finally:
        small.close()


@pytest.mark.parametrize("extensions", [0, True, "x", [1]])
def test_malformed_extensions_are_refused_even_after_a_cached_answer(
    client: Client, extensions: object
) -> None:
    for _ in range(2):  # the second one is served from the response cache
        assert client.post("/graphql", json={"query": "{ __typename }"}).status_code == 200
    bad = client.post("/graphql", json={"query": "{ __typename }", "extensions": extensions})
    assert bad.status_code == 400, bad.text


def test_cors_origins_are_a_setting() -> None:
    from conftest import DATA

    from server import create_app

    app = create_app(data_dir=DATA, cors_origins=["https://analyst.example"])
    app.state.store.load()
    browser = Client(app)
    try:
        allowed = browser.request("OPTIONS", "/graphql", headers={
            "origin": "https://analyst.example", "access-control-request-method": "POST",
            "access-control-request-headers": "content-type"})
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == "https://analyst.example"
        other = browser.post("/graphql", json={"query": "{ graphVersion }"},
                             headers={"origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers
    finally:
        browser.close()


@pytest.mark.parametrize(
    ("text", "first"),
    [("SOMU", "unit:somu"), ("ViSOR", "term:visor"),
     ("National Crime Agency", "partner:national-crime-agency")],
)
def test_search_puts_the_thing_named_first(client: Client, text: str, first: str) -> None:
    hits = client.graphql(
        f'{{ search(text: "{text}", first: 3) {{ edges {{ node {{ node {{ id }} }} }} }} }}')
    assert hits["data"]["search"]["edges"][0]["node"]["node"]["id"] == first


def test_works_with_is_typed_with_its_evidence(client: Client) -> None:
    query = """{ node(id: "unit:safenet") { ... on Unit { worksWith {
        partner { id name } matchedTerms
        mentions { line sentence finding { id title } } } } } }"""
    result = client.graphql(query)
    assert "errors" not in result
    links = result["data"]["node"]["worksWith"]
    nca = next(w for w in links if w["partner"]["id"] == "partner:national-crime-agency")
    assert nca["matchedTerms"] and nca["mentions"]
    for mention in nca["mentions"]:
        assert mention["finding"]["id"].startswith("finding:") and mention["line"] > 0
        assert any(term in mention["sentence"] for term in nca["matchedTerms"])
    edges = client.graphql(
        '{ neighbourhood(id: "unit:safenet", edgeKinds: [WORKS_WITH]) {'
        " edges { kind evidence { sentences findingIds } } } }"
    )["data"]["neighbourhood"]["edges"]
    assert edges and all(e["kind"] == "WORKS_WITH" for e in edges)
    assert all(len(e["evidence"]["sentences"]) == len(e["evidence"]["findingIds"]) > 0
               for e in edges)


def test_views_live_as_long_as_their_graph(graph) -> None:
    """Each graph version's GraphQL objects are built once and let go with the graph: a
    server that reloads many times does not keep every old graph alive."""
    import gc

    from graph.query import GraphIndex
    from schema import types

    index = GraphIndex.build(graph)
    objects = types.views(index)
    assert types.views(index) is objects and len(objects) == graph.number_of_nodes()
    before = len(types._views)
    del index, objects
    gc.collect()
    assert len(types._views) == before - 1
