"""The shared spec audit and hostile-request probe, against the real server on the real data."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT.parent / "shared" / "tools"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "PEEL_DATA_DIR": str(ROOT / "data")}
    process = subprocess.Popen(
        [sys.executable, "server.py", "--port", str(port)], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail("the server did not start")
        yield f"{url}/graphql"
    finally:
        process.kill()
        process.wait(timeout=10)


@pytest.mark.skipif(not (TOOLS / "gql-abuse" / "probe.py").is_file(), reason="no shared probe")
def test_abuse_probe(server_url: str) -> None:
    result = subprocess.run(
        [sys.executable, str(TOOLS / "gql-abuse" / "probe.py"), server_url],
        capture_output=True, text=True, timeout=180, check=False,
    )
    last = result.stdout.strip().splitlines()[-1]
    assert last == "abuse: 27 probes, 0 slow (>2 s), 0 server errors (5xx), alive: yes", (
        result.stdout[-3000:]
    )


@pytest.mark.skipif(
    not (TOOLS / "gql-audit" / "run.sh").is_file() or shutil.which("npm") is None,
    reason="no shared audit or no npm",
)
def test_graphql_over_http_audit(server_url: str) -> None:
    result = subprocess.run(
        ["bash", str(TOOLS / "gql-audit" / "run.sh"), server_url],
        capture_output=True, text=True, timeout=600, check=False,
    )
    last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr
    assert last == "audit: 61 passed, 0 failed (MUST failed: 0)", result.stdout[-3000:]
