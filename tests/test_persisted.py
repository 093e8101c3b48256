"""Automatic persisted queries and trusted documents, through the real HTTP app."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from conftest import DATA, Client

QUERY = "{ findings(first: 2) { totalCount } }"
HASH = hashlib.sha256(QUERY.encode()).hexdigest()


def _apq(digest: str = HASH) -> dict:
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


@pytest.fixture
def fresh() -> Client:
    """Its own app: the store of persisted documents starts empty."""
    from server import create_app

    app = create_app(data_dir=DATA, response_cache=False)
    app.state.store.load()
    http = Client(app)
    yield http
    http.close()


def test_hash_alone_then_with_document_then_alone(fresh: Client) -> None:
    missing = fresh.post("/graphql", json={"extensions": _apq()})
    assert missing.status_code == 200
    assert missing.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert missing.json()["errors"][0]["message"] == "PersistedQueryNotFound"
    spec = fresh.post("/graphql", json={"extensions": _apq()},
                      headers={"accept": "application/graphql-response+json"})
    assert spec.status_code == 400
    assert spec.headers["content-type"].startswith("application/graphql-response+json")

    stored = fresh.post("/graphql", json={"query": QUERY, "extensions": _apq()})
    assert stored.json()["data"]["findings"]["totalCount"] > 0
    again = fresh.post("/graphql", json={"extensions": _apq()})
    assert again.json() == stored.json()
    params = {"extensions": json.dumps(_apq())}
    over_get = fresh.get("/graphql", params=params)
    assert over_get.status_code == 200 and over_get.json() == stored.json()


def test_a_wrong_hash_is_refused_and_not_stored(fresh: Client) -> None:
    wrong = "0" * 64
    refused = fresh.post("/graphql", json={"query": QUERY, "extensions": _apq(wrong)})
    assert refused.status_code == 400
    assert "sha256Hash" in refused.json()["errors"][0]["message"]
    later = fresh.post("/graphql", json={"extensions": _apq(wrong)})
    assert later.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    for bad in ({"version": 2, "sha256Hash": HASH}, {"version": 1, "sha256Hash": "xyz"}, "x"):
        response = fresh.post("/graphql", json={"extensions": {"persistedQuery": bad}})
        assert response.status_code == 400
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_the_store_is_bounded() -> None:
    from web.persisted import QueryStore

    store = QueryStore(max_entries=3)
    for i in range(10):
        store.put(f"{i}", f"doc {i}")
    assert len(store) == 3 and store.get("0") is None and store.get("9") == "doc 9"
    by_size = QueryStore(max_entries=100, max_chars=1000)
    for i in range(50):
        by_size.put(f"{i}", "x" * 300)
    assert by_size.chars <= 1000 and len(by_size) == 3 and by_size.get("49")
    by_size.put("huge", "x" * 1001)
    assert by_size.get("huge") is None


def test_trusted_documents_only(tmp_path: Path) -> None:
    from server import create_app

    allowlist = tmp_path / "trusted.json"
    allowlist.write_text(json.dumps({HASH: QUERY}), encoding="utf-8")
    app = create_app(data_dir=DATA, trusted_documents=str(allowlist))
    app.state.store.load()
    http = Client(app)
    try:
        by_hash = http.post("/graphql", json={"extensions": _apq()})
        assert by_hash.json()["data"]["findings"]["totalCount"] > 0
        by_text = http.post("/graphql", json={"query": QUERY})
        assert by_text.json() == by_hash.json()
        other = http.post("/graphql", json={"query": "{ graphVersion }"})
        assert other.status_code == 400
        assert other.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_ALLOWED"
        unknown = http.post("/graphql", json={"extensions": _apq("1" * 64)})
        assert unknown.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_ALLOWED"
    finally:
        http.close()


def test_a_bad_allowlist_stops_the_server(tmp_path: Path) -> None:
    from web.persisted import load_trusted_documents

    allowlist = tmp_path / "trusted.json"
    allowlist.write_text(json.dumps({"0" * 64: QUERY}), encoding="utf-8")
    with pytest.raises(ValueError, match=r"trusted\.json"):
        load_trusted_documents(allowlist)


def test_the_allowlist_script_reads_relay_and_apollo_manifests(tmp_path: Path) -> None:
    import subprocess
    import sys

    from conftest import ROOT

    relay = tmp_path / "relay.json"
    relay.write_text(json.dumps({HASH: QUERY}), encoding="utf-8")
    other = "{ graphVersion }"
    apollo = tmp_path / "apollo.json"
    apollo.write_text(json.dumps({"format": "apollo-persisted-query-manifest", "version": 1,
                                  "operations": [{"id": hashlib.sha256(other.encode()).hexdigest(),
                                                  "body": other, "name": "V", "type": "query"}]}))
    out = tmp_path / "trusted.json"
    script = str(ROOT / "scripts" / "trusted_documents.py")
    done = subprocess.run([sys.executable, script, "--out", str(out), str(relay), str(apollo)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    documents = json.loads(out.read_text())
    assert documents[HASH] == QUERY and other in documents.values()
    assert len(documents) == 2 + len(list((ROOT / "data" / "examples").glob("*.graphql")))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"md5-like-id": QUERY}), encoding="utf-8")
    refused = subprocess.run([sys.executable, script, "--out", str(out), str(bad)],
                             capture_output=True, text=True, timeout=60, check=False)
    assert refused.returncode == 1 and "bad.json" in refused.stderr


def test_hash_only_gets_are_cached_with_an_etag(client: Client) -> None:
    query = "{ themes { id } }"
    digest = hashlib.sha256(query.encode()).hexdigest()
    client.post("/graphql", json={"query": query, "extensions": _apq(digest)})
    params = {"extensions": json.dumps(_apq(digest))}
    first = client.get("/graphql", params=params)
    again = client.get("/graphql", params=params)
    assert first.status_code == again.status_code == 200
    assert again.headers["x-cache"] == "hit" and again.json() == first.json()
    unchanged = client.get("/graphql", params=params,
                           headers={"if-none-match": again.headers["etag"]})
    assert unchanged.status_code == 304
