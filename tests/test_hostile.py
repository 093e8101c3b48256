"""The GraphQL-over-HTTP audit (graphql-http's suite, pinned in package.json) and the
hostile-request probe (tests/tools/abuse_probe.py, the project's copy of the shared one),
against the real server on the real data."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = ROOT / "tests" / "tools" / "abuse_probe.py"
AUDIT = ROOT / "tests" / "clients" / "audit.mjs"


@pytest.fixture(scope="module")
def server_url(live_url: str) -> str:
    return f"{live_url}/graphql"


def test_abuse_probe(server_url: str) -> None:
    result = subprocess.run(
        [sys.executable, str(PROBE), server_url],
        capture_output=True, text=True, timeout=180, check=False,
    )
    last = result.stdout.strip().splitlines()[-1]
    assert last == "abuse: 27 probes, 0 slow (>2 s), 0 server errors (5xx), alive: yes", (
        result.stdout[-3000:]
    )


def test_graphql_over_http_audit(server_url: str) -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed (the README's test command installs the clients with npm)"
    assert (ROOT / "node_modules" / "graphql-http").is_dir(), "run `npm ci` (devDependencies)"
    result = subprocess.run(
        [node, str(AUDIT), server_url], cwd=ROOT,
        capture_output=True, text=True, timeout=300, check=False,
    )
    last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr
    assert last == "audit: 61 passed, 0 failed (MUST failed: 0)", result.stdout[-3000:]
