"""A new user's first hour, from the README alone (issue 13): each surprise has a test here
(the CLI's help is in test_cli.py, the layers in test_layers.py, the explorer's lists in
test_explore.py)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import networkx as nx
import pytest
from conftest import Client

from graph.query import FILTER_HELP, PARAMS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


# -- 1. unknown or meaningless /export parameters -------------------------------------------

@pytest.mark.parametrize(("query", "named"), [
    ("themes=supervision", "themes"), ("bogus=1", "bogus"),
    ("finding_theme=supervision&x=1", "finding_theme, x"),
])
def test_unknown_export_parameters_are_400_naming_them(
    client: Client, query: str, named: str
) -> None:
    response = client.get(f"/export/gexf?{query}")
    assert response.status_code == 400
    message = response.json()["errors"][0]["message"]
    assert named in message and "finding_themes" in message and "around" in message


def test_depth_without_around_is_400(client: Client) -> None:
    response = client.get("/export/gexf?depth=2")
    assert response.status_code == 400
    assert "depth: only means something with around" in response.json()["errors"][0]["message"]
    assert client.get("/export/gexf?around=unit:somu&depth=2").status_code == 200


# -- 2. one spelling of formats; kinds as ids spell them --------------------------------------

def test_node_link_is_spelled_one_way_and_the_other_is_an_alias(client: Client) -> None:
    for spelling in ("node-link", "node_link"):
        response = client.get(f"/export/{spelling}?finding_units=SOMU")
        assert response.status_code == 200, response.text
        assert nx.node_link_graph(response.json(), edges="links").number_of_nodes()
    unknown = client.get("/export/nodelink").json()["errors"][0]["message"]
    assert "node-link" in unknown and "node_link" not in unknown
    page = client.get("/explore").text
    assert '"name": "node-link"' in page and '"node_link"' not in page


def test_finding_kinds_accept_the_id_spelling(client: Client) -> None:
    dashed = client.get("/export/cyjs?finding_kinds=cause-of-concern,area-for-improvement")
    underscored = client.get("/export/cyjs?finding_kinds=cause_of_concern,area_for_improvement")
    assert dashed.status_code == underscored.status_code == 200
    assert dashed.content == underscored.content


# -- 3. filtered downloads are named after their filter ---------------------------------------

def _filename(client: Client, url: str) -> str:
    header = client.get(url).headers["content-disposition"]
    return re.search(r'filename="([^"]+)"', header).group(1)


def test_filtered_download_file_names_say_the_filter(client: Client) -> None:
    whole = _filename(client, "/export/gexf")
    supervision = _filename(client, "/export/gexf?finding_themes=supervision")
    somu = _filename(client, "/export/gexf?finding_units=SOMU&finding_kinds=main_finding")
    assert re.fullmatch(r"peel-graph-[0-9a-f]{16}\.gexf", whole)
    assert supervision.endswith("-themes-supervision.gexf")
    assert "units-somu" in somu and "kinds-main-finding" in somu
    assert len({whole, supervision, somu}) == 3
    long = _filename(client, "/export/gexf?finding_text=" + "x" * 400)
    assert len(long) < 200


# -- 4. GET / and GET /export say where everything is -----------------------------------------

def test_home_page_links_everything(client: Client) -> None:
    page = client.get("/", headers={"accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for href in ('href="/graphql"', 'href="/explore"', 'href="/export"', 'href="/healthz"',
                 'href="/readyz"', 'href="/schema.graphql"', 'href="/export/node-link"'):
        assert href in page.text, href
    answer = client.get("/", headers={"accept": "application/json"})
    assert answer.headers["content-type"] == "application/json"
    links = answer.json()["links"]
    assert {"playground", "explorer", "exports", "schema", "health", "ready"} <= set(links)
    assert [f["name"] for f in links["exports"]["formats"]][3] == "node-link"
    sdl = client.get(links["schema"]["url"]).text
    assert sdl == (ROOT / "schema.graphql").read_text(encoding="utf-8")


def test_export_lists_formats_and_filters(client: Client) -> None:
    listing = client.get("/export")
    assert listing.status_code == 200
    body = listing.json()
    assert {f["name"] for f in body["formats"]} >= {"gexf", "graphml", "node-link", "neo4j"}
    assert [f["name"] for f in body["filters"]] == list(PARAMS)
    assert all(f["help"] == FILTER_HELP[f["name"]] for f in body["filters"])
    assert client.get(body["example"]).status_code == 200


# -- 5, 7, 8. the README says what a new user needs -------------------------------------------

def test_readme_says_where_the_audit_tools_come_from() -> None:
    section = README[README.index("gql-audit"):][:1500]
    assert "package.json" in section and "tests/tools/abuse_probe.py" in section
    assert (ROOT / "tests" / "tools" / "abuse_probe.py").is_file()


def test_screenshot_scripts_have_a_browser_extra() -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]
    assert any(d.startswith("playwright") for d in extras["browser"])
    assert "pip install -e '.[browser]'" in README


def test_readme_gives_the_default_page_size_next_to_first() -> None:
    line = next(line for line in README.splitlines() if "`findings(where: FindingWhere" in line)
    paragraph = README[README.index(line):][:600]
    assert "default 20" in paragraph and "PEEL_MAX_PAGE_SIZE" in paragraph


# -- 10. lists come from the document model -----------------------------------------------------

def test_finding_paragraphs_carry_list_items(client: Client) -> None:
    node = client.graphql(
        '{ node(id: "finding:staffordshire-2021-22:treatment-of-the-public:'
        'area-for-improvement-2") { ... on Finding { body paragraphs { text items } } } }'
    )["data"]["node"]
    paragraphs = node["paragraphs"]
    assert paragraphs[0] == {"text": "The force needs to:", "items": []}
    assert len(paragraphs[1]["items"]) == 4
    assert paragraphs[1]["items"][0].startswith("improve how it records reasonable grounds")
    assert "\n\n".join(p["text"] for p in paragraphs) == node["body"]  # body unchanged


# -- 11. /healthz answers from what was counted at load; /readyz ------------------------------

def test_healthz_is_a_lookup_not_a_count(client: Client, monkeypatch) -> None:
    before = client.get("/healthz").json()

    def refuse(*args, **kwargs):
        raise AssertionError("/healthz counted the graph on a request")

    monkeypatch.setattr(nx.MultiDiGraph, "number_of_nodes", refuse)
    monkeypatch.setattr(nx.MultiDiGraph, "number_of_edges", refuse)
    for _ in range(3):
        assert client.get("/healthz").json() == before
    assert before["nodes"] > 200 and before["status"] == "ok"


def test_readyz_is_503_until_the_graph_is_loaded() -> None:
    from server import create_app

    app = create_app(data_dir=ROOT / "data")
    http = Client(app)
    try:
        assert http.get("/readyz").status_code == 503
        app.state.store.load()
        ready = http.get("/readyz")
        assert ready.status_code == 200 and ready.json()["ready"] is True
    finally:
        http.close()
