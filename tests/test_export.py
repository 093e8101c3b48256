"""Every export format, read back with a real reader and compared with the graph it came from."""

import csv
import functools
import io
import json
import re
import warnings
import zipfile
from pathlib import Path

import networkx as nx
import pydot
import pytest

with warnings.catch_warnings():
    # pydot 4.0.1 builds its parser with pyparsing's camelCase names, which pyparsing >= 3.3
    # deprecates; that warning is about pydot, not about our DOT.
    warnings.simplefilter("ignore", DeprecationWarning)
    import pydot.dot_parser

from export_fixture import NASTY_NODE, build_export_graph, finding_ids

from graph.export import (
    FORMATS,
    ExportError,
    export_cyjs,
    export_dot,
    export_gexf,
    export_graphml,
    export_mermaid,
    export_neo4j,
    export_node_link,
)
from graph.export.canonical import edge_id
from graph.export.dot import dot_quote
from graph.load import load_graph
from graph.query import FindingFilter, GraphIndex, Selection, select_subgraph

FINDING_KEYS = ("title", "finding_kind", "area_name", "grade")


def _filtered() -> nx.MultiDiGraph:
    G = build_export_graph()
    keep = set(finding_ids())
    keep |= {v for f in finding_ids() for v in G.successors(f)}
    return G.subgraph(keep).copy()


def _parallel() -> nx.MultiDiGraph:
    G = build_export_graph()
    u, v = "unit:somu", "partner:national-crime-agency"
    G.add_edge(u, v, key="involves_partner", kind="involves_partner", lines=[1], matched=[])
    return G


@functools.cache
def _real() -> nx.MultiDiGraph:
    return load_graph(Path(__file__).resolve().parent.parent / "data").graph


def _real_supervision() -> nx.MultiDiGraph:
    """The real report's supervision concerns and what they link to, as the API selects it."""
    where = FindingFilter(kinds=("cause_of_concern", "area_for_improvement"),
                          themes=("supervision",))
    return select_subgraph(GraphIndex.build(_real()), Selection(where=where))


GRAPHS = {
    "full": build_export_graph,
    "filtered": _filtered,
    "parallel": _parallel,
    "real": lambda: _real().copy(),
    "real-supervision": _real_supervision,
}


@pytest.fixture(params=sorted(GRAPHS))
def graph(request: pytest.FixtureRequest) -> nx.MultiDiGraph:
    return GRAPHS[request.param]()


def _edge_ids(G: nx.MultiDiGraph) -> set[str]:
    return {edge_id(u, v, k) for u, v, k in G.edges(keys=True)}


def _check_nodes(G: nx.MultiDiGraph, H: nx.Graph) -> None:
    """Same node set; kind, label and finding attributes survive (``None`` may be dropped)."""
    assert set(H.nodes) == set(G.nodes)
    for node, data in G.nodes(data=True):
        got = H.nodes[node]
        assert got["kind"] == data["kind"]
        assert got["label"] == data["label"]
        if data["kind"] == "finding":
            for key in FINDING_KEYS:
                assert got.get(key) == data[key], (node, key)


def test_graphml_round_trip(graph: nx.MultiDiGraph) -> None:
    text = export_graphml(graph)
    H = nx.read_graphml(io.BytesIO(text.encode("utf-8")), force_multigraph=True)
    _check_nodes(graph, H)
    assert H.number_of_edges() == graph.number_of_edges()
    assert set(H.edges(keys=True)) == {
        (u, v, edge_id(u, v, k)) for u, v, k in graph.edges(keys=True)
    }
    for u, v, k, data in graph.edges(keys=True, data=True):
        assert H.edges[u, v, edge_id(u, v, k)]["kind"] == data["kind"]
    report = "report:staffordshire-2021-22"
    if report in graph:
        assert H.nodes[report]["warnings"] == "; ".join(graph.nodes[report]["warnings"])
        if "draft" in graph.nodes[report]:  # the fixture's boolean attribute
            assert H.nodes[report]["draft"] is False
    for data in H.nodes.values():
        assert all(value is not None for value in data.values())
        if "line_start" in data:
            assert isinstance(data["line_start"], int)
        if data["kind"] == "statistic":
            assert isinstance(data["value"], float)  # int 3 and float 82.5 share one type


def test_graphml_declares_one_type_per_key() -> None:
    text = export_graphml(build_export_graph())
    keys = re.findall(r'<key id="[^"]+" for="(\w+)" attr.name="([^"]+)"', text)
    assert len(keys) == len(set(keys))
    assert 'attr.name="value" attr.type="double"' in text
    assert "<data" in text and ">false<" in text  # XML Schema boolean spelling


def test_gexf_round_trip(graph: nx.MultiDiGraph) -> None:
    text = export_gexf(graph)
    assert 'version="1.2"' in text and "lastmodifieddate" not in text
    H = nx.read_gexf(io.BytesIO(text.encode("utf-8")))  # simple DiGraph if nothing is parallel
    assert H.is_directed()
    _check_nodes(graph, H)
    assert H.number_of_edges() == graph.number_of_edges()
    assert {d["id"] for *_, d in H.edges(data=True)} == _edge_ids(graph)
    assert {(u, v, d["kind"]) for u, v, d in H.edges(data=True)} == set(graph.edges(keys=True))
    if H.is_multigraph():
        assert set(H.edges(keys=True)) == set(graph.edges(keys=True))  # networkx_key = kind
    for data in H.nodes.values():
        assert {"color", "size"} <= set(data["viz"])
    first = next(n for n, d in graph.nodes(data=True) if d["kind"] == "finding")
    finding = H.nodes[first]["viz"]["color"]
    assert (finding["r"], finding["g"], finding["b"]) == (0x59, 0xA1, 0x4F)


def test_cyjs_round_trip(graph: nx.MultiDiGraph) -> None:
    data = json.loads(export_cyjs(graph))
    assert isinstance(data["data"], dict) and data["data"]["name"] == graph.graph["name"]
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    assert all({"id", "label", "kind", "name"} <= set(n["data"]) for n in nodes)
    ids = [e["data"]["id"] for e in edges]
    assert len(ids) == len(set(ids)) and set(ids) == _edge_ids(graph)
    assert all({"id", "source", "target", "kind"} <= set(e["data"]) for e in edges)
    H = nx.cytoscape_graph(data)
    assert H.is_directed() and H.is_multigraph()
    _check_nodes(graph, H)
    assert set(H.edges(keys=True)) == set(graph.edges(keys=True))


def test_node_link_round_trip(graph: nx.MultiDiGraph) -> None:
    data = json.loads(export_node_link(graph))
    assert {"nodes", "links"} <= set(data)
    assert all({"source", "target", "key"} <= set(link) for link in data["links"])
    H = nx.node_link_graph(data, edges="links")
    assert nx.utils.graphs_equal(graph, H)  # lossless: None and lists kept
    assert list(H.edges(keys=True, data=True)) != []
    for u, v, k, d in graph.edges(keys=True, data=True):
        assert H.edges[u, v, k] == d


def _dot_unquote(text: str) -> str:
    assert text.startswith('"') and text.endswith('"'), text
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text[1:-1])


def test_dot_parses_with_pydot(graph: nx.MultiDiGraph) -> None:
    text = export_dot(graph)
    (parsed,) = pydot.graph_from_dot_data(text)
    nodes = [n for n in parsed.get_nodes() if n.get_name() not in ("node", "edge", "graph")]
    assert {n.get_name() for n in nodes} == {dot_quote(n) for n in graph.nodes}
    assert len(nodes) == graph.number_of_nodes()
    assert len(parsed.get_edges()) == graph.number_of_edges()
    by_name = {_dot_unquote(n.get_name()): n.get_attributes() for n in nodes}
    assert NASTY_NODE in by_name or NASTY_NODE not in graph
    for node, data in graph.nodes(data=True):
        attrs = {k: _dot_unquote(v) for k, v in by_name[node].items()}
        assert attrs["kind"] == data["kind"]
        assert attrs["label"].replace("\n", " ") == " ".join(data["label"].split())
        assert attrs["fillcolor"].startswith("#")
        if data["kind"] == "finding":
            assert attrs["title"] == data["title"]
            assert attrs.get("grade") == data["grade"]
    edges = {_dot_unquote(e.get_attributes()["id"]) for e in parsed.get_edges()}
    assert edges == _edge_ids(graph)


def test_neo4j_bundle(graph: nx.MultiDiGraph) -> None:
    archive = zipfile.ZipFile(io.BytesIO(export_neo4j(graph)))
    assert archive.namelist() == ["README.txt", "import.cypher", "nodes.csv", "relationships.csv"]
    assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())

    def rows(name: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))

    nodes, rels = rows("nodes.csv"), rows("relationships.csv")
    assert archive.read("nodes.csv").startswith(b"id:ID,:LABEL,label,kind,")
    assert len(nodes) == graph.number_of_nodes()
    assert len(rels) == graph.number_of_edges()
    by_id = {row["id:ID"]: row for row in nodes}
    assert set(by_id) == set(graph.nodes)
    for node, data in graph.nodes(data=True):
        row = by_id[node]
        assert row[":LABEL"] == f"{data['kind'].capitalize()}|PeelNode"
        assert (row["kind"], row["label"]) == (data["kind"], data["label"])
        if "line_start" in data:
            assert int(row["line_start:long"]) == data["line_start"]
        if data["kind"] == "finding":
            for key in FINDING_KEYS:
                assert row[key] == (data[key] or ""), (node, key)
    if "unit:somu" in graph:
        aliases = by_id["unit:somu"]["aliases:string[]"]
        assert aliases.split("|") == graph.nodes["unit:somu"]["aliases"]
    assert {(r[":START_ID"], r[":END_ID"], r[":TYPE"]) for r in rels} == {
        (u, v, k.upper()) for u, v, k in graph.edges(keys=True)
    }
    script = archive.read("import.cypher").decode("utf-8")
    for kind in {d["kind"] for _, d in graph.nodes(data=True)}:
        assert f"CREATE (n:PeelNode:`{kind.capitalize()}`" in script
    for kind in {k for *_, k in graph.edges(keys=True)}:
        assert f"CREATE (a)-[r:`{kind.upper()}`]->(b)" in script
    readme = archive.read("README.txt").decode("utf-8")
    assert "neo4j-admin database import full" in readme
    assert "--nodes=import/nodes.csv" in readme and "--relationships=" in readme


def test_mermaid(graph: nx.MultiDiGraph) -> None:
    if len(graph) > 60:
        with pytest.raises(ExportError, match="limited to 60 nodes"):
            export_mermaid(graph)
        return
    text = export_mermaid(graph)
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    assert sum(bool(re.fullmatch(r'  n\d+\[".*"\]', line)) for line in lines) == len(graph)
    assert sum("-->|" in line for line in lines) == graph.number_of_edges()
    for line in lines[1:]:
        assert "\n" not in line and "<" not in line and "&" not in line
        if '["' in line:
            assert line.count('"') == 2, line


def test_mermaid_refuses_big_graphs() -> None:
    G = build_export_graph()
    with pytest.raises(ExportError, match="Filter the graph first"):
        export_mermaid(G, max_nodes=G.number_of_nodes() - 1)
    assert export_mermaid(G, max_nodes=G.number_of_nodes())
    big = nx.MultiDiGraph()
    big.add_nodes_from((f"term:{i}", {"kind": "term", "label": str(i)}) for i in range(61))
    with pytest.raises(ExportError, match="limited to 60 nodes"):
        export_mermaid(big)
    assert issubclass(ExportError, ValueError)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_deterministic_whatever_the_insertion_order(name: str) -> None:
    export = FORMATS[name].function
    outputs = {export(build_export_graph(order)) for order in ("forward", "reverse", 7, 42)}
    assert len(outputs) == 1
    sub = {export(_filtered()), export(_filtered())}
    assert len(sub) == 1


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_registry(name: str) -> None:
    fmt = FORMATS[name]
    assert fmt.name == name and fmt.description and fmt.media_type
    G = build_export_graph()
    before = json.dumps(nx.node_link_data(G, edges="links"), sort_keys=True)
    out = fmt.function(G)
    assert isinstance(out, bytes if fmt.binary else str)
    assert json.dumps(nx.node_link_data(G, edges="links"), sort_keys=True) == before  # no mutation
    assert fmt.filename("peel") == f"peel.{fmt.file_extension}"


def test_registry_media_types() -> None:
    assert {name: f.media_type for name, f in FORMATS.items()} == {
        "cyjs": "application/json",
        "dot": "text/vnd.graphviz",
        "gexf": "application/gexf+xml",
        "graphml": "application/graphml+xml",
        "mermaid": "text/vnd.mermaid",
        "neo4j": "application/zip",
        "node-link": "application/json",
    }
