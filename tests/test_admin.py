"""Run-time report writes: POST/DELETE /reports and the addReport/deleteReport mutations.

Every test works on its own copy of the data folder; the app runs in-process through
httpx.ASGITransport (no lifespan, so the store is loaded by hand).
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.errors import ReportError
from graph.load import load_graph
from server import create_app
from web import store as store_module

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "data" / "reports" / "staffordshire-peel-2021-22.txt"
TOKEN = "correct horse battery staple"
AUTH = {"authorization": f"Bearer {TOKEN}"}
READ = "{ graphVersion reports { id } findings(first: 5) { totalCount } }"
ADD = "mutation($t: String!, $r: Boolean! = false) { addReport(text: $t, replace: $r) " \
      "{ reportId action graphVersion report { id title } } }"
DELETE = "mutation($id: ID!) { deleteReport(id: $id) " \
         "{ reportId action graphVersion report { id } } }"
NEW_ID = "report:derbyshire-2021-22"


class Crash(BaseException):
    """Stands in for the process dying: not an Exception, so no clean-up handler runs."""


@pytest.fixture(scope="module")
def base_text() -> str:
    return BASE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def new_text(base_text: str) -> str:
    return base_text.replace("Staffordshire", "Derbyshire")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    (folder / "reports").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "lexicon.toml", folder / "lexicon.toml")
    (folder / "reports" / BASE.name).write_bytes(BASE.read_bytes())
    return folder


class Api:
    """A synchronous client over the in-process app, plus what a test needs to check."""

    def __init__(self, data: Path, **settings: Any) -> None:
        self.data = data
        self.app = create_app(data_dir=data, **{"admin_token": TOKEN, **settings})
        self.app.state.store.load()
        self.loop = asyncio.new_event_loop()
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app),
                                      base_url="http://testserver")

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        return self.loop.run_until_complete(self.http.request(method, url, **kwargs))

    def graphql(self, query: str, variables: dict | None = None,
                headers: dict | None = None) -> dict:
        response = self.request("POST", "/graphql", headers=headers,
                                json={"query": query, "variables": variables or {}})
        assert response.status_code == 200, response.text
        return response.json()

    def version(self) -> str:
        return self.request("GET", "/healthz").json()["graphVersion"]

    def state(self) -> tuple[str, list[str], dict]:
        """Graph version, the report folder's listing, and the readers' answer."""
        listing = sorted(p.name for p in (self.data / "reports").iterdir())
        return self.version(), listing, self.graphql(READ)

    def close(self) -> None:
        self.loop.run_until_complete(self.http.aclose())
        self.loop.close()


@pytest.fixture
def api(data: Path) -> Iterator[Api]:
    client = Api(data)
    yield client
    client.close()


def code(response: httpx.Response) -> str:
    return response.json()["errors"][0]["extensions"]["code"]


def gql_code(result: dict) -> str:
    return result["errors"][0]["extensions"]["code"]


# -- the token -------------------------------------------------------------------------------


def test_writing_is_disabled_without_a_token(data: Path, new_text: str) -> None:
    api = Api(data, admin_token=None)
    try:
        before = api.state()
        response = api.request("POST", "/reports", content=new_text, headers=AUTH)
        assert response.status_code == 403
        assert code(response) == "WRITES_DISABLED"
        assert "PEEL_ADMIN_TOKEN" in response.json()["errors"][0]["message"]
        assert api.request("DELETE", f"/reports/{NEW_ID}", headers=AUTH).status_code == 403
        assert gql_code(api.graphql(ADD, {"t": new_text}, AUTH)) == "WRITES_DISABLED"
        assert api.request("GET", "/healthz").json()["writable"] is False
        assert api.state() == before
    finally:
        api.close()


@pytest.mark.parametrize(("headers", "status", "error"), [
    ({}, 401, "UNAUTHENTICATED"),
    ({"authorization": TOKEN}, 401, "UNAUTHENTICATED"),
    ({"authorization": "Bearer "}, 401, "UNAUTHENTICATED"),
    ({"authorization": f"Basic {TOKEN}"}, 401, "UNAUTHENTICATED"),
    ({"authorization": "Bearer wrong"}, 403, "FORBIDDEN"),
    ({"authorization": f"Bearer {TOKEN}x"}, 403, "FORBIDDEN"),
])
def test_missing_or_wrong_token_changes_nothing(
    api: Api, new_text: str, headers: dict, status: int, error: str
) -> None:
    before = api.state()
    response = api.request("POST", "/reports", content=new_text, headers=headers)
    assert (response.status_code, code(response)) == (status, error)
    if status == 401:
        assert response.headers["www-authenticate"].startswith("Bearer")
    response = api.request("DELETE", "/reports/staffordshire-2021-22", headers=headers)
    assert (response.status_code, code(response)) == (status, error)
    assert gql_code(api.graphql(ADD, {"t": new_text}, headers)) == error
    assert gql_code(api.graphql(DELETE, {"id": "report:staffordshire-2021-22"}, headers)) == error
    assert api.state() == before


def test_token_is_compared_in_constant_time(
    api: Api, new_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import web.admin

    calls: list[tuple[bytes, bytes]] = []
    real = web.admin.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(web.admin.hmac, "compare_digest", spy)
    api.request("DELETE", "/reports/nothing", headers={"authorization": "Bearer wrong"})
    assert len(calls) == 1
    assert len(calls[0][0]) == len(calls[0][1])  # digests: the length says nothing


# -- adding, conflicts, replacing -------------------------------------------------------------


def test_add_conflict_replace(api: Api, new_text: str) -> None:
    base_version = api.version()
    response = api.request("POST", "/reports", content=new_text, headers=AUTH)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["id"] == NEW_ID and body["action"] == "added"
    assert body["graphVersion"] != base_version
    assert api.version() == body["graphVersion"]
    assert (api.data / "reports" / "derbyshire-2021-22.txt").read_text() == new_text
    # What was published is exactly what the folder now loads.
    assert load_graph(api.data).graph.graph["version"] == body["graphVersion"]
    read = api.graphql(READ)["data"]
    assert read["graphVersion"] == body["graphVersion"]
    assert [r["id"] for r in read["reports"]] == [NEW_ID, "report:staffordshire-2021-22"]

    before = api.state()
    conflict = api.request("POST", "/reports", content=new_text, headers=AUTH)
    assert (conflict.status_code, code(conflict)) == (409, "CONFLICT")
    assert "replace=true" in conflict.json()["errors"][0]["message"]
    assert api.state() == before

    changed = new_text.replace("Derbyshire Police requires improvement",
                               "Derbyshire Police still requires improvement", 1)
    assert changed != new_text
    replaced = api.request("POST", "/reports?replace=true", content=changed, headers=AUTH)
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["action"] == "replaced"
    assert replaced.json()["graphVersion"] not in (base_version, body["graphVersion"])
    assert sorted(p.name for p in (api.data / "reports").iterdir()) == [
        "derbyshire-2021-22.txt", BASE.name]
    assert load_graph(api.data).graph.graph["version"] == replaced.json()["graphVersion"]


def test_replacing_a_loaded_report_keeps_its_file_name(api: Api, base_text: str) -> None:
    changed = base_text.replace("Staffordshire Police requires improvement",
                                "Staffordshire Police still requires improvement", 1)
    response = api.request("POST", "/reports?replace=1", content=changed, headers=AUTH)
    assert response.status_code == 200, response.text
    assert sorted(p.name for p in (api.data / "reports").iterdir()) == [BASE.name]
    assert (api.data / "reports" / BASE.name).read_text() == changed


def test_replace_flag_must_be_boolean(api: Api, new_text: str) -> None:
    before = api.state()
    response = api.request("POST", "/reports?replace=maybe", content=new_text, headers=AUTH)
    assert (response.status_code, code(response)) == (400, "BAD_REQUEST")
    assert api.state() == before


# -- bad reports and size ----------------------------------------------------------------------


def _duplicated_section(text: str) -> str:
    start = text.index("\nCrime data integrity\n\nRequires")
    end = text.index("\nEngaging with and treating", start)
    return text[:end] + text[start:end] + text[end:]


@pytest.mark.parametrize(("body", "reason", "has_line"), [
    (b"not a report at all", "not a PEEL report", False),
    (b"", "the file is empty", False),
    (b"\x00\x01\x02binary", "binary data", False),
    (b"PEEL \xff\xfe text", "not UTF-8", False),
    ("duplicated", "appears twice", True),
])
def test_bad_report_is_400_and_changes_nothing(
    api: Api, base_text: str, body: bytes | str, reason: str, has_line: bool
) -> None:
    content = _duplicated_section(base_text).encode() if body == "duplicated" else body
    before = api.state()
    response = api.request("POST", "/reports", content=content, headers=AUTH)
    assert response.status_code == 400, response.text
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert reason in error["extensions"]["reason"]
    assert (error["extensions"]["line"] is not None) == has_line
    assert api.state() == before


def test_bad_report_through_the_mutation(api: Api, base_text: str) -> None:
    before = api.state()
    result = api.graphql(ADD, {"t": _duplicated_section(base_text)}, AUTH)
    error = result["errors"][0]
    assert result["data"] is None
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "appears twice" in error["extensions"]["reason"]
    assert isinstance(error["extensions"]["line"], int)
    # JSON may escape a lone surrogate, which no UTF-8 file can hold.
    payload = json.dumps({"query": ADD, "variables": {"t": "PEEL 2021/22 \ud800"}})
    lone = api.request("POST", "/graphql", content=payload,
                       headers={**AUTH, "content-type": "application/json"})
    assert gql_code(lone.json()) == "BAD_USER_INPUT"
    assert api.state() == before


def test_body_size_limit(data: Path, new_text: str) -> None:
    api = Api(data, max_report_bytes=1000)
    try:
        before = api.state()
        response = api.request("POST", "/reports", content=new_text, headers=AUTH)
        assert (response.status_code, code(response)) == (413, "PAYLOAD_TOO_LARGE")

        async def chunks():  # no Content-Length: the limit holds while streaming
            for _ in range(10):
                yield b"x" * 500

        response = api.request("POST", "/reports", content=chunks(), headers=AUTH)
        assert (response.status_code, code(response)) == (413, "PAYLOAD_TOO_LARGE")
        assert gql_code(api.graphql(ADD, {"t": new_text}, AUTH)) == "PAYLOAD_TOO_LARGE"
        assert api.state() == before
    finally:
        api.close()


# -- deleting ----------------------------------------------------------------------------------


def test_delete(api: Api, new_text: str) -> None:
    base = api.state()
    assert api.request("POST", "/reports", content=new_text, headers=AUTH).status_code == 201
    response = api.request("DELETE", f"/reports/{NEW_ID}", headers=AUTH)
    assert response.status_code == 200, response.text
    assert response.json() == {"id": NEW_ID, "action": "deleted",
                               "graphVersion": base[0]}
    assert api.state() == base
    again = api.request("DELETE", "/reports/derbyshire-2021-22", headers=AUTH)
    assert (again.status_code, code(again)) == (404, "NOT_FOUND")
    last = api.request("DELETE", "/reports/staffordshire-2021-22", headers=AUTH)
    assert last.status_code == 200
    assert list((api.data / "reports").iterdir()) == []
    assert api.graphql(READ)["data"]["reports"] == []
    assert load_graph(api.data).graph.graph["version"] == last.json()["graphVersion"]


def test_mutations(api: Api, new_text: str) -> None:
    base_version = api.version()
    added = api.graphql(ADD, {"t": new_text}, AUTH)["data"]["addReport"]
    assert added["reportId"] == NEW_ID and added["action"] == "ADDED"
    assert added["report"]["id"] == NEW_ID and "Derbyshire" in added["report"]["title"]
    assert api.version() == added["graphVersion"] != base_version
    assert gql_code(api.graphql(ADD, {"t": new_text}, AUTH)) == "CONFLICT"
    replaced = api.graphql(ADD, {"t": new_text, "r": True}, AUTH)["data"]["addReport"]
    assert replaced["action"] == "REPLACED"
    deleted = api.graphql(DELETE, {"id": NEW_ID}, AUTH)["data"]["deleteReport"]
    assert deleted == {"reportId": NEW_ID, "action": "DELETED", "graphVersion": base_version,
                       "report": None}
    assert gql_code(api.graphql(DELETE, {"id": NEW_ID}, AUTH)) == "NOT_FOUND"
    before = api.state()
    query = 'mutation { deleteReport(id: "report:staffordshire-2021-22") { reportId } }'
    over_get = api.request("GET", "/graphql", headers=AUTH, params={"query": query})
    assert over_get.status_code == 405
    assert api.state() == before


# -- atomic writes and crashes -------------------------------------------------------------------


def _hidden(data: Path) -> list[str]:
    return [p.name for p in (data / "reports").iterdir() if p.name.startswith(".")]


def test_writes_leave_no_temporary_files(api: Api, new_text: str) -> None:
    api.request("POST", "/reports", content=new_text, headers=AUTH)
    api.request("POST", "/reports?replace=true", content=new_text, headers=AUTH)
    api.request("DELETE", f"/reports/{NEW_ID}", headers=AUTH)
    assert _hidden(api.data) == []


@pytest.mark.parametrize(("target", "survives"), [
    ("fsync", "old"),  # dies after writing the temporary file, before it is durable
    ("replace", "old"),  # dies before the rename
    ("fsync_folder", "new"),  # dies after the rename, before the folder is synced
])
def test_a_crash_leaves_the_folder_loadable(
    api: Api, new_text: str, monkeypatch: pytest.MonkeyPatch, target: str, survives: str
) -> None:
    store = api.app.state.store
    old = api.state()

    def crash(*args: object, **kwargs: object) -> None:
        raise Crash

    if target == "fsync_folder":
        monkeypatch.setattr(store_module, "fsync_folder", crash)
    else:
        monkeypatch.setattr(store_module.os, target, crash)
    with pytest.raises(Crash):
        store.add_report(new_text)
    monkeypatch.undo()
    version, _, answer = api.state()
    assert (version, answer) == (old[0], old[2])  # the live graph never saw the write
    reloaded = load_graph(api.data)
    assert reloaded.errors == []
    ids = [r.id for r in reloaded.reports]
    if survives == "old":
        assert _hidden(api.data)  # the crash left its temporary file, which is not loaded
        assert ids == ["staffordshire-2021-22"]
        assert reloaded.graph.graph["version"] == old[0]
    else:
        assert ids == ["derbyshire-2021-22", "staffordshire-2021-22"]


def test_a_failed_write_is_reported_and_cleaned_up(
    api: Api, new_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = api.state()

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module.os, "fsync", disk_full)
    response = api.request("POST", "/reports", content=new_text, headers=AUTH)
    monkeypatch.undo()
    assert (response.status_code, code(response)) == (500, "WRITE_FAILED")
    assert api.state() == before
    assert _hidden(api.data) == []


def test_the_loader_ignores_leftover_temporary_files(data: Path, new_text: str) -> None:
    version = load_graph(data).graph.graph["version"]
    half = new_text[: len(new_text) // 2]
    (data / "reports" / ".derbyshire-2021-22.txt.1a2b3c.tmp").write_text(half)
    (data / "reports" / ".derbyshire-2021-22.txt").write_text(half)
    loaded = load_graph(data)
    assert loaded.errors == []
    assert loaded.graph.graph["version"] == version


def test_store_refuses_lone_surrogates_before_touching_anything(api: Api) -> None:
    with pytest.raises(ReportError, match="not valid Unicode"):
        api.app.state.store.add_report("PEEL 2021/22\n\ud800")


# -- readers during a write ---------------------------------------------------------------------


def test_readers_see_one_version_while_a_write_runs(api: Api, new_text: str) -> None:
    """Reads keep being answered during the build, each from one whole graph."""

    async def scenario() -> tuple[httpx.Response, list[tuple[float, dict]], float]:
        answers: list[tuple[float, dict]] = []
        write = asyncio.create_task(
            api.http.post("/reports", content=new_text, headers=AUTH))
        while not write.done():
            response = await api.http.post("/graphql", json={"query": READ})
            answers.append((asyncio.get_running_loop().time(), response.json()))
            await asyncio.sleep(0)
        return await write, answers, asyncio.get_running_loop().time()

    before = api.graphql(READ)
    written, answers, _ = api.loop.run_until_complete(scenario())
    after = api.graphql(READ)
    assert written.status_code == 201
    assert before != after
    expected = {before["data"]["graphVersion"]: before, after["data"]["graphVersion"]: after}
    assert len(answers) >= 3  # readers were served while the graph was being rebuilt
    for _, answer in answers:
        assert answer == expected[answer["data"]["graphVersion"]]


# -- the load script -----------------------------------------------------------------------------


def test_load_script_short_run() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "load_test.py"), "--seconds", "3",
         "--readers", "4"],
        capture_output=True, text=True, timeout=240, cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "errors 0, wrong 0, stale 0" in result.stdout
    assert "result:   PASS" in result.stdout


def test_another_process_writing_the_folder_is_picked_up(tmp_path: Path) -> None:
    """Workers each hold a graph; one that sees the data folder change reloads it."""
    from web.store import GraphStore

    source = Path(__file__).resolve().parent.parent / "data" / "reports"
    shutil.copytree(source, tmp_path / "reports")
    store = GraphStore(tmp_path)
    store.load()
    before = store.index.version
    assert store.refresh() is False  # nothing changed
    text = (source / "staffordshire-peel-2021-22.txt").read_text(encoding="utf-8")
    (tmp_path / "reports" / "kent.txt").write_text(text.replace("Staffordshire", "Kent"))
    assert store.refresh() is True
    assert store.index.version != before
    assert len(store.loaded.reports) == 2
    assert store.refresh() is False
