"""`graphChanged` over graphql-transport-ws (the graphql-ws client, pinned in package.json)
and over SSE, fired after a report is added and deleted; limited per connection; off when
the server accepts no writes."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import DATA, REPORT, ROOT
from live_server import live_server

TOKEN = "subscriptions test token"
SUBSCRIPTION = "subscription { graphChanged { graphVersion reports { reportId action } } }"


@pytest.fixture(scope="module")
def writable_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("data")
    (data / "reports").mkdir()
    shutil.copy(DATA / "lexicon.toml", data / "lexicon.toml")
    shutil.copy(REPORT, data / "reports" / REPORT.name)
    with live_server(data, PEEL_ADMIN_TOKEN=TOKEN, PEEL_MAX_SUBSCRIPTIONS="2") as url:
        yield url


@pytest.fixture(scope="module")
def other_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("other") / "derbyshire.txt"
    path.write_text(REPORT.read_text(encoding="utf-8").replace("Staffordshire", "Derbyshire"),
                    encoding="utf-8")
    return path


def test_graphql_ws_client_sees_each_change(writable_url: str, other_report: Path) -> None:
    node = shutil.which("node")
    assert node and (ROOT / "node_modules" / "graphql-ws").is_dir(), "run `npm ci`"
    result = subprocess.run(
        [node, str(ROOT / "tests" / "clients" / "subscribe.mjs"), writable_url, TOKEN,
         str(other_report), "2"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["events"] == 2
    assert summary["first"]["reports"][0]["action"] == "ADDED"
    assert summary["second"]["reports"][0]["action"] == "DELETED"
    # Two subscriptions per connection here: the second is open, the third refused.
    assert summary["results"][0] == "open"
    assert "Subscription limit reached" in summary["results"][1]


def test_graphql_over_sse(writable_url: str, other_report: Path) -> None:
    lines: list[str] = []

    def listen() -> None:
        with httpx.stream("POST", f"{writable_url}/graphql", json={"query": SUBSCRIPTION},
                          headers={"accept": "text/event-stream"}, timeout=20) as response:
            assert response.status_code == 200
            for line in response.iter_lines():
                if line.startswith("data:"):
                    lines.append(line)
                    return

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    deadline = 100  # bounded: 10 s for the stream to be registered
    while httpx.get(f"{writable_url}/healthz").json()["subscribers"] < 1 and deadline:
        deadline -= 1
        threading.Event().wait(0.1)
    auth = {"authorization": f"Bearer {TOKEN}"}
    added = httpx.post(f"{writable_url}/reports", content=other_report.read_bytes(),
                       headers=auth, timeout=30)
    assert added.status_code == 201, added.text
    listener.join(timeout=20)
    httpx.delete(f"{writable_url}/reports/{added.json()['id']}", headers=auth, timeout=30)
    assert lines, "no event arrived over SSE"
    event = json.loads(lines[0].removeprefix("data:"))
    assert event["data"]["graphChanged"]["graphVersion"] == added.json()["graphVersion"]
    assert event["data"]["graphChanged"]["reports"] == [
        {"reportId": added.json()["id"], "action": "ADDED"}]


def test_off_when_writes_are_off(live_url: str) -> None:
    for accept in ("application/json", "text/event-stream"):
        response = httpx.post(f"{live_url}/graphql", json={"query": SUBSCRIPTION},
                              headers={"accept": accept}, timeout=10)
        assert response.status_code == 400
        assert "Subscriptions are off" in response.json()["errors"][0]["message"]
    node = shutil.which("node")
    assert node
    script = (
        "import WebSocket from 'ws';"
        f"const ws = new WebSocket('{live_url.replace('http', 'ws')}/graphql',"
        " 'graphql-transport-ws');"
        "ws.on('open', () => { console.log('open ' + ws.protocol); process.exit(0); });"
        "ws.on('error', (e) => { console.log('refused: ' + e.message); process.exit(0); });"
    )
    result = subprocess.run([node, "--input-type=module", "-e", script], cwd=ROOT,
                            capture_output=True, text=True, timeout=30, check=False)
    assert result.stdout.startswith("refused"), result.stdout + result.stderr


def test_trusted_documents_hold_over_websocket(tmp_path: Path) -> None:
    from web.persisted import sha256

    allowed = "subscription { graphChanged { graphVersion } }"
    allowlist = tmp_path / "trusted.json"
    allowlist.write_text(json.dumps({sha256(allowed): allowed}), encoding="utf-8")
    with live_server(DATA, PEEL_ADMIN_TOKEN=TOKEN, PEEL_TRUSTED_DOCUMENTS=str(allowlist)) as url:
        _trusted_over_websocket(f"{url.replace('http', 'ws')}/graphql", allowed)


def _trusted_over_websocket(url: str, allowed: str) -> None:
    from websockets.sync.client import connect

    with connect(url, subprotocols=["graphql-transport-ws"], open_timeout=10) as ws:
        def say(message: dict) -> None:
            ws.send(json.dumps(message))

        def hear() -> dict:
            return json.loads(ws.recv(timeout=10))

        say({"type": "connection_init"})
        assert hear()["type"] == "connection_ack"
        say({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIPTION}})
        refused = hear()
        assert refused["type"] == "error" and refused["id"] == "1"
        assert refused["payload"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_ALLOWED"
        say({"id": "2", "type": "subscribe", "payload": {"query": allowed}})
        say({"type": "ping"})
        assert hear()["type"] == "pong"  # the trusted one was taken: no error for id 2


def test_subscription_documents_meet_the_same_limits(index) -> None:
    import asyncio

    from schema import build_schema
    from schema.context import Context
    from schema.limits import Limits

    schema = build_schema(Limits(max_depth=3))
    deep = "subscription { graphChanged { reports { report { areas { findings { id } } } } } }"

    async def first_result() -> list:
        stream = await schema.subscribe(deep, context_value=Context(index=index))
        async for result in stream:
            return result.errors
        return []

    (error,) = asyncio.run(first_result())
    assert error.extensions["code"] == "QUERY_TOO_DEEP"
