"""What frontend clients rely on: ids that caches can trust, pages both ways, names wherever
an id is taken, typed links, JSON words in errors, HEAD. Through the real HTTP app."""

from __future__ import annotations

import itertools

from conftest import Client

SUPERVISION = '{themes: ["supervision"], themeStrength: MENTIONS}'


def _page(client: Client, args: str) -> dict:
    result = client.graphql(
        f"{{ findings(where: {SUPERVISION}, {args}) {{ totalCount edges {{ cursor node {{ id }} }}"
        " pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"
    )
    assert "errors" not in result, result
    return result["data"]["findings"]


def test_paging_backwards_meets_paging_forwards(client: Client) -> None:
    everything = [e["node"]["id"] for e in _page(client, "first: 100")["edges"]]
    assert len(everything) > 10
    backwards: list[str] = []
    before = None
    for _ in range(20):  # bounded: 3 findings a page
        args = "last: 3" + (f', before: "{before}"' if before else "")
        page = _page(client, args)
        backwards = [e["node"]["id"] for e in page["edges"]] + backwards
        info = page["pageInfo"]
        assert info["hasNextPage"] == (before is not None)
        if not info["hasPreviousPage"]:
            break
        before = info["startCursor"]
    assert backwards == everything


def test_page_info_follows_the_relay_spec(client: Client) -> None:
    first = _page(client, "first: 2")
    assert first["pageInfo"]["hasPreviousPage"] is False and first["pageInfo"]["hasNextPage"]
    middle = _page(client, f'first: 2, after: "{first["pageInfo"]["endCursor"]}"')
    assert middle["pageInfo"]["hasPreviousPage"] is True
    back = _page(client, f'last: 2, before: "{middle["pageInfo"]["startCursor"]}"')
    assert [e["node"]["id"] for e in back["edges"]] == [e["node"]["id"] for e in first["edges"]]
    assert back["pageInfo"]["hasPreviousPage"] is False and back["pageInfo"]["hasNextPage"]
    last = _page(client, "last: 1")
    assert last["pageInfo"] == {**last["pageInfo"], "hasNextPage": False,
                                "hasPreviousPage": True}
    default = _page(client, "orderBy: REPORT")
    assert len(default["edges"]) == min(20, default["totalCount"])
    bad = client.graphql('{ findings(last: 1, before: "nope") { totalCount } }')
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "before:" in bad["errors"][0]["message"]


def test_entity_connections_page_backwards_too(client: Client) -> None:
    result = client.graphql(
        '{ node(id: "theme:supervision") { ... on Theme { findingCount '
        "findings(last: 2) { edges { node { id } } pageInfo { hasPreviousPage } } } } }"
    )
    theme = result["data"]["node"]
    assert len(theme["findings"]["edges"]) == 2
    assert theme["findings"]["pageInfo"]["hasPreviousPage"] is (theme["findingCount"] > 2)


def test_shortest_path_takes_names_and_walks_steps(client: Client) -> None:
    result = client.graphql(
        '{ shortestPath(from: "SOMU", to: "ViSOR") { steps { position node { id __typename } '
        "edge { kind source target } } nodes { nodeId kind } } }"
    )
    path = result["data"]["shortestPath"]
    steps = path["steps"]
    assert steps[0]["node"] == {"id": "unit:somu", "__typename": "Unit"}
    assert steps[-1]["node"] == {"id": "term:visor", "__typename": "Term"}
    assert steps[0]["edge"] is None and [s["position"] for s in steps] == list(range(len(steps)))
    for before, step in itertools.pairwise(steps):
        ends = {step["edge"]["source"], step["edge"]["target"]}
        assert ends == {before["node"]["id"], step["node"]["id"]}
    assert [n["nodeId"] for n in path["nodes"]] == [s["node"]["id"] for s in steps]


def test_unknown_names_are_named_with_the_nearest_id(client: Client) -> None:
    result = client.graphql('{ shortestPath(from: "SOMO", to: "ViSOR") { steps { position } } }')
    (error,) = result["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "'SOMO'" in error["message"] and "unit:somu" in error["message"]
    result = client.graphql('{ neighbourhood(id: "qwertyuiop") { nodes { depth } } }')
    assert result["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "'qwertyuiop'" in result["errors"][0]["message"]
    result = client.graphql('{ findings(where: {themes: ["supervison"]}) { totalCount } }')
    assert "theme:supervision" in result["errors"][0]["message"]


def test_neighbourhood_by_name_and_no_wrapper_has_an_id(client: Client) -> None:
    by_name = client.graphql(
        '{ neighbourhood(id: "SOMU") { nodes { nodeId depth node { id } } } }'
    )["data"]["neighbourhood"]["nodes"]
    assert by_name[0] == {"nodeId": "unit:somu", "depth": 0, "node": {"id": "unit:somu"}}
    types = client.graphql(
        '{ __schema { types { name kind fields { name } } } }'
    )["data"]["__schema"]["types"]
    entity = {t["name"] for t in types if t["kind"] == "OBJECT"
              and any(f["name"] == "id" for f in t["fields"] or ())}
    assert "GraphNode" not in entity and "ReportChange" not in entity
    node_types = {t["name"] for t in types if t["kind"] == "OBJECT"} & entity
    implementing = client.graphql(
        '{ __type(name: "Node") { possibleTypes { name } } }'
    )["data"]["__type"]["possibleTypes"]
    assert node_types == {t["name"] for t in implementing}  # every `id` is a global id


def test_links_are_typed(client: Client) -> None:
    result = client.graphql(
        '{ findings(where: {units: ["SOMU"]}, first: 3) { edges { node {'
        " themeLinks { theme { id } matchedTerms } unitLinks { unit { id acronym } lines }"
        " partnerLinks { partner { id } } termLinks { term { id } }"
        " ... on Finding { unitLinks { ... on Link { nodeId matchedTerms } } } } } } }"
    )
    nodes = [e["node"] for e in result["data"]["findings"]["edges"]]
    assert nodes
    for node in nodes:
        somu = [link for link in node["unitLinks"] if link["unit"]["id"] == "unit:somu"]
        assert somu and somu[0]["nodeId"] == "unit:somu" and somu[0]["lines"]
        assert all(link["theme"]["id"].startswith("theme:") for link in node["themeLinks"])


def test_errors_speak_json_not_python(client: Client) -> None:
    cases = [
        ("query($c: Int!) { findings(first: $c) { totalCount } }", {"c": None}, "null"),
        ("query($c: Int!) { findings(first: $c) { totalCount } }", {"c": True}, "true"),
        ("query($c: Int!) { findings(first: $c) { totalCount } }", {"c": "x"}, '"x"'),
        ("query($w: FindingWhere) { findings(where: $w) { totalCount } }",
         {"w": {"themes": [None]}}, "null"),
        ("query($w: FindingWhere) { findings(where: $w) { totalCount } }",
         {"w": {"bogus": True}}, '{"bogus": true}'),
    ]
    for query, variables, word in cases:
        response = client.post("/graphql", json={"query": query, "variables": variables})
        message = response.json()["errors"][0]["message"]
        assert word in message, message
        assert not any(python in message for python in ("None", "True", "'x'")), message


def test_head_answers_like_get_without_a_body(client: Client) -> None:
    for url in ("/graphql", "/graphql?query=%7BgraphVersion%7D"):
        get, head = client.get(url), client.request("HEAD", url)
        assert head.status_code == get.status_code != 405
        assert head.content == b""
        assert head.headers["content-type"] == get.headers["content-type"]


def test_exports_take_names_too(client: Client) -> None:
    by_id = client.get("/export/node-link?around=unit:somu&depth=1").json()
    by_name = client.get("/export/node-link?around=SOMU&depth=1").json()
    assert by_name == by_id and len(by_id["nodes"]) > 1
    unknown = client.get("/export/node-link?around=SOMO")
    assert unknown.status_code == 400
    assert "'SOMO'" in unknown.text and "unit:somu" in unknown.text
    result = client.graphql('{ export(format: NODE_LINK, around: "ViSOR") { nodes } }')
    assert result["data"]["export"]["nodes"] > 1
    result = client.graphql('{ export(format: NODE_LINK, report: "Staffordshire 2021/22x") '
                            "{ nodes } }")
    assert result["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
