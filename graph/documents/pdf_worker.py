"""The PDF worker process: reads PDFs sent by `isolation` under an address-space ceiling.

Protocol on stdin/stdout, one request at a time: an 8-byte big-endian length and a JSON
header (`source`, `limits`), then a length and the PDF's bytes; the reply is a length and a
JSON object, `{"text", "pages"}` or `{"error": reason, "line": n}`.
"""

from __future__ import annotations

import dataclasses
import json
import resource
import struct
import sys
from typing import BinaryIO

from ..errors import ReportError
from .base import Limits
from .pdf import read_pdf_here

_LENGTH = struct.Struct(">Q")


def _read(stream: BinaryIO) -> bytes | None:
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (size,) = _LENGTH.unpack(head)
    return stream.read(size)


def _reply(stream: BinaryIO, message: dict) -> None:
    body = json.dumps(message).encode("utf-8", "surrogatepass")
    stream.write(_LENGTH.pack(len(body)) + body)
    stream.flush()


def serve(memory: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but replies on the protocol stream
    while (header := _read(stdin)) is not None:
        request = json.loads(header)
        data = _read(stdin) or b""
        names = {f.name for f in dataclasses.fields(Limits)}
        limits = Limits(**{k: v for k, v in request["limits"].items() if k in names})
        try:
            document = read_pdf_here(data, request["source"], limits)
            _reply(stdout, {"text": document.text, "pages": document.pages})
        except ReportError as exc:
            _reply(stdout, {"error": exc.reason, "line": exc.line})
        except MemoryError:
            _reply(stdout, {"error": f"needs more than {memory // 2**20} MiB to read; refused"})


if __name__ == "__main__":
    serve(int(sys.argv[1]))
