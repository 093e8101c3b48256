"""Read a PDF in a worker process, with a hard time limit and a memory ceiling.

PDFium is C++: a hostile file (a small compressed content stream that expands to millions of
drawing operations) can keep it busy for minutes and take gigabytes, and nothing in-process can
interrupt or cap that. One long-lived worker per process (started on first use, so it is paid
once) reads each PDF under `RLIMIT_AS`; past the time limit it is killed, and if it dies (out of
memory, a crash) the file is refused and the next PDF gets a fresh worker.
"""

from __future__ import annotations

import atexit
import dataclasses
import json
import os
import select
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

from ..errors import ReportError
from .base import Document, Limits

__all__ = ["read_pdf_isolated"]

_LENGTH = struct.Struct(">Q")
START_ALLOWANCE = 5.0  # seconds a fresh worker may take to start (imports) on top of the limit
_ROOT = str(Path(__file__).resolve().parents[2])
_lock = threading.Lock()
_worker: subprocess.Popen[bytes] | None = None


class _Gone(Exception):
    """The worker closed its end: it died while reading."""


def _start(memory: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([_ROOT, os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen(
        [sys.executable, "-m", "graph.documents.pdf_worker", str(memory)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        env=env, cwd=_ROOT,
    )  # fmt: skip


def _stop() -> None:
    global _worker
    worker, _worker = _worker, None
    if worker is not None:
        worker.kill()
        worker.wait()
        for stream in (worker.stdin, worker.stdout):
            if stream:
                stream.close()


atexit.register(_stop)


def _read_exact(fd: int, size: int, deadline: float) -> bytes:
    buf = bytearray()
    while len(buf) < size:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            raise TimeoutError
        chunk = os.read(fd, min(size - len(buf), 1 << 20))
        if not chunk:
            raise _Gone
        buf += chunk
    return bytes(buf)


def _exchange(worker: subprocess.Popen[bytes], header: bytes, data: bytes, deadline: float) -> dict:
    assert worker.stdin is not None and worker.stdout is not None
    try:
        worker.stdin.write(_LENGTH.pack(len(header)) + header + _LENGTH.pack(len(data)) + data)
        worker.stdin.flush()
    except BrokenPipeError as exc:
        raise _Gone from exc
    fd = worker.stdout.fileno()
    (size,) = _LENGTH.unpack(_read_exact(fd, _LENGTH.size, deadline))
    return json.loads(_read_exact(fd, size, deadline))


def read_pdf_isolated(data: bytes, source: str, limits: Limits) -> Document:
    """`read_pdf` in the worker; the same document or the same `ReportError`."""
    global _worker
    header = json.dumps({"source": source, "limits": dataclasses.asdict(limits)}).encode()
    with _lock:  # one PDF at a time: the memory ceiling holds for the process as a whole
        if _worker is None or _worker.poll() is not None:
            _stop()
            _worker = _start(limits.pdf_memory)
        # Starting the worker (imports) is not the file's time: the limit starts now, plus
        # the worker's own start-up allowance on first use.
        deadline = time.monotonic() + limits.seconds + START_ALLOWANCE
        try:
            reply = _exchange(_worker, header, data, deadline)
        except TimeoutError:
            _stop()
            raise ReportError(
                source, f"took longer than {limits.seconds:g} s to read; refused"
            ) from None
        except _Gone:
            _stop()
            raise ReportError(
                source,
                f"the PDF reader gave up on it (over {limits.pdf_memory // 2**20} MiB of"
                " memory, or a crash); refused",
            ) from None
    if "error" in reply:
        raise ReportError(source, reply["error"], reply.get("line"))
    pages = reply["pages"]
    return Document(reply["text"], "pdf", pages, [None] * len(pages))
