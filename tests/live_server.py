"""The real server in its own process, as a client meets it: `server.py` on a free port."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def live_server(data_dir: Path, **env: str) -> Iterator[str]:
    """`http://127.0.0.1:<port>` of a server on `data_dir`, settings from `env`; killed after."""
    port = free_port()
    environ = {**os.environ, "PEEL_DATA_DIR": str(data_dir), **env}
    process = subprocess.Popen(
        [sys.executable, "server.py", "--port", str(port)], cwd=ROOT, env=environ,
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
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with status {process.returncode}")
        else:
            raise RuntimeError("the server did not start within 30 s")
        yield url
    finally:
        process.kill()
        process.wait(timeout=10)
