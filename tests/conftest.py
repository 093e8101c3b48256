"""Shared fixtures: the real report, its graph, the schema, and the real HTTP app."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import networkx as nx
import pytest

from graph.load import load_graph
from graph.model import Report
from graph.parse import parse_report
from graph.query import GraphIndex

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
REPORT = DATA / "reports" / "staffordshire-peel-2021-22.txt"


@pytest.fixture(scope="session")
def report_text() -> str:
    return REPORT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def report(report_text: str) -> Report:
    return parse_report(report_text, REPORT.name)


@pytest.fixture(scope="session")
def graph() -> nx.MultiDiGraph:
    return load_graph(DATA).graph


@pytest.fixture(scope="session")
def index(graph: nx.MultiDiGraph) -> GraphIndex:
    return GraphIndex.build(graph)


class Client:
    """A synchronous face on httpx over the real ASGI app (lifespan run by hand)."""

    def __init__(self, app) -> None:
        self.app = app
        self.loop = asyncio.new_event_loop()
        self.http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        )

    def request(self, method: str, url: str, **kwargs) -> httpx.Response:
        return self.loop.run_until_complete(self.http.request(method, url, **kwargs))

    def get(self, url: str, **kwargs) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def graphql(self, query: str, variables: dict | None = None) -> dict:
        response = self.post("/graphql", json={"query": query, "variables": variables or {}})
        assert response.status_code == 200, response.text
        return response.json()

    def close(self) -> None:
        self.loop.run_until_complete(self.http.aclose())
        self.loop.close()


@pytest.fixture(scope="session")
def live_url() -> Iterator[str]:
    """The real server in its own process on the bundled data (read-only: no token)."""
    from live_server import live_server

    with live_server(DATA) as url:
        yield url


@pytest.fixture(scope="session")
def client() -> Iterator[Client]:
    from server import create_app

    app = create_app(data_dir=DATA)
    app.state.store.load()
    http = Client(app)
    yield http
    http.close()
