"""The frontend clients themselves, pinned in package.json, against the real server:
Apollo Client 4, relay-compiler + relay-runtime 21, GraphQL Code Generator 7 + tsc, and
graphql-js's breaking-change check against the committed schema.graphql.

Each runs as a Node script (tests/clients/) with a time limit; the README's test command
installs them (`npm ci`), so a missing client is a failure, not a skip.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import DATA, ROOT
from graphql import get_introspection_query
from live_server import live_server

CLIENTS = ROOT / "tests" / "clients"
BIN = ROOT / "node_modules" / ".bin"


def _node() -> str:
    node = shutil.which("node")
    assert node, "Node.js is needed: the clients run in it"
    for package in ("@apollo/client", "relay-runtime", "relay-compiler", "@graphql-codegen/cli",
                    "typescript", "graphql"):
        assert (ROOT / "node_modules" / package).is_dir(), f"{package}: run `npm ci`"
    return node


def _run(args: list[str], *, cwd: Path = ROOT, timeout: float = 180,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          check=False, env={**os.environ, **(env or {})})


def _json_line(result: subprocess.CompletedProcess[str]) -> dict:
    assert result.returncode == 0, f"{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def fresh_url() -> Iterator[str]:
    """A server of its own: its persisted-query store starts empty, so APQ is counted."""
    with live_server(DATA) as url:
        yield url


def test_apollo_client_pages_caches_and_persists(fresh_url: str) -> None:
    summary = _json_line(_run([_node(), "--conditions=development", str(CLIENTS / "apollo.mjs"),
                               f"{fresh_url}/graphql"]))
    assert summary["dev"] is True and summary["warnings"] == []
    assert summary["findings"] > 10 and summary["forwardPages"] > 2
    assert summary["backwardPages"] == summary["forwardPages"]
    # Each operation's document went over the wire once (the retry after
    # PERSISTED_QUERY_NOT_FOUND); every other request, GETs included, carried the hash only.
    assert summary["withQuery"] == {"SupervisionPages": 1, "Around": 1}
    assert summary["hashOnlyGets"] == summary["requests"] - 2 > 10
    assert summary["sharedNodesAtOtherDepths"] >= 1


@pytest.fixture(scope="module")
def relay_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Relay app compiled by relay-compiler against the committed schema."""
    _node()
    app = tmp_path_factory.mktemp("relay")
    shutil.copytree(CLIENTS / "relay", app, dirs_exist_ok=True)
    shutil.copy(ROOT / "schema.graphql", app / "schema.graphql")
    (app / "src" / "__generated__").mkdir()
    (app / "persisted.json").write_text("{}\n", encoding="utf-8")
    (app / "node_modules").symlink_to(ROOT / "node_modules")
    result = _run([str(BIN / "relay-compiler")], cwd=app, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return app


def test_relay_compiles_the_app(relay_app: Path) -> None:
    generated = {p.name for p in (relay_app / "src" / "__generated__").iterdir()}
    assert {"ThemeFindingsAppQuery.graphql.js", "ThemeFindingsPaginationQuery.graphql.js",
            "ThemeFindings_theme.graphql.js", "ThemeFindingsAroundQuery.graphql.js"} <= generated


@pytest.fixture(scope="module")
def trusted_url(relay_app: Path) -> Iterator[str]:
    """A server that runs only trusted documents: the playground's examples and the Relay
    app's persisted operations, the allowlist written by scripts/trusted_documents.py."""
    allowlist = relay_app / "trusted-documents.json"
    written = _run([sys.executable, str(ROOT / "scripts" / "trusted_documents.py"),
                    "--out", str(allowlist), str(relay_app / "persisted.json")])
    assert written.returncode == 0, written.stderr
    with live_server(DATA, PEEL_TRUSTED_DOCUMENTS=str(allowlist)) as url:
        yield url


def test_relay_runtime_pages_refetches_and_keeps_depths(relay_app: Path, live_url: str,
                                                        trusted_url: str) -> None:
    summary = _json_line(_run([_node(), "run.cjs", f"{trusted_url}/graphql"], cwd=relay_app))
    total = httpx.post(f"{live_url}/graphql", json={
        "query": '{ node(id: "theme:supervision") { ... on Theme { findingCount } } }'
    }).json()["data"]["node"]["findingCount"]
    assert summary["findings"] == total and summary["pages"] > 1
    assert summary["warnings"] == [] and summary["shared"] >= 1


def test_trusted_documents_only(trusted_url: str) -> None:
    refused = httpx.post(f"{trusted_url}/graphql", json={"query": "{ graphVersion }"})
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_ALLOWED"
    text = (ROOT / "data" / "examples" / "04-somu-to-visor.graphql").read_text().strip() + "\n"
    example = httpx.post(f"{trusted_url}/graphql", json={"query": text})  # as the playground
    assert example.json()["data"]["shortestPath"]["nodes"][0]["nodeId"] == "unit:somu"


def test_codegen_output_type_checks(live_url: str, tmp_path: Path) -> None:
    node = _node()
    introspection = httpx.post(f"{live_url}/graphql", json={
        "query": get_introspection_query(descriptions=True)}).json()
    (tmp_path / "schema.json").write_text(json.dumps(introspection), encoding="utf-8")
    shutil.copy(CLIENTS / "codegen" / "use.ts", tmp_path / "use.ts")
    result = _run([node, str(BIN / "graphql-codegen"), "--config",
                   str(CLIENTS / "codegen" / "codegen.yml")], env={"CODEGEN_OUT": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    generated = (tmp_path / "graphql.ts").read_text(encoding="utf-8")
    assert "export type SomuToVisorQuery" in generated and "export type AroundQuery" in generated
    tsc = [node, str(BIN / "tsc"), "--strict", "--noEmit", "--target", "es2022", "--module",
           "esnext", "--moduleResolution", "bundler"]
    files = [str(tmp_path / name) for name in ("use.ts", "graphql.ts", "schema.ts")]
    checked = _run([*tsc, *files])
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # The check can fail: a frontend reading a field the schema does not have is refused.
    broken = tmp_path / "use.ts"
    broken.write_text(broken.read_text() + "\nexport const x = (q: AroundQuery) => "
                      "q.neighbourhood.nodes[0].id;\n", encoding="utf-8")
    refused = _run([*tsc, *files])
    assert refused.returncode != 0 and "Property 'id' does not exist" in refused.stdout


def test_no_breaking_change_against_the_committed_schema(live_url: str, tmp_path: Path) -> None:
    node = _node()
    script = str(CLIENTS / "breaking.mjs")
    summary = _json_line(_run([node, script, f"{live_url}/graphql", str(ROOT / "schema.graphql")]))
    assert summary["breaking"] == [] and summary["same"] is True
    # A committed contract promising more than the server serves is a breaking change.
    promised = tmp_path / "schema.graphql"
    promised.write_text((ROOT / "schema.graphql").read_text(encoding="utf-8").replace(
        "type Query {", 'type Query {\n  """gone"""\n  retired: String\n', 1), encoding="utf-8")
    result = _run([node, script, f"{live_url}/graphql", str(promised)])
    assert result.returncode == 1
    assert "Query.retired was removed" in result.stdout


def _readme_block(marker: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(f"```js\n// {marker}")
    return readme[start + len("```js\n"): readme.index("```", start + 5)]


def test_the_readme_apollo_snippet_works(live_url: str, tmp_path: Path) -> None:
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    snippet = tmp_path / "snippet.mjs"
    snippet.write_text(_readme_block("apollo-snippet"), encoding="utf-8")
    result = _run([_node(), "--conditions=development", str(snippet), f"{live_url}/graphql"],
                  timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "10 findings in the cache, two pages merged", result.stdout
    assert result.stderr == ""  # no warning from Apollo's development build
