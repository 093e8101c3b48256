"""Document readers: every format a report arrives in becomes the same normalised text.

`read_document(data, source)` picks the reader by file suffix, else by media type, else by the
bytes themselves (`%PDF-`, an HTML doctype), and returns a `Document`: the text the parser
reads plus each line's provenance (PDF page, HTML section anchor). Every reader enforces
`Limits` (bytes, pages, characters, seconds) and raises `ReportError` naming the file and the
reason for anything it cannot read.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import PurePath

from ..errors import ReportError
from .base import Document, Limits

__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "SUFFIXES",
    "Document",
    "Limits",
    "detect_format",
    "read_document",
    "reader",
]

Reader = Callable[[bytes, str, Limits], Document]

# format -> (module, reader): imported on first use, so reading text never loads lxml or PDFium
FORMATS: dict[str, tuple[str, str]] = {
    "txt": ("plain", "read_text"),
    "md": ("plain", "read_markdown"),
    "html": ("html", "read_html"),
    "pdf": ("pdf", "read_pdf"),
}
SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
            ".pdf": "pdf"}  # fmt: skip
MEDIA_TYPES = {
    "text/plain": "txt",
    "text/markdown": "md",
    "text/x-markdown": "md",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
}


def _sniff(data: bytes) -> str:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%pdf-"):
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in head[:512]:
        return "html"
    return "txt"


def detect_format(data: bytes, source: str, media_type: str | None = None) -> str:
    """The format of a document: its suffix, else its media type, else its first bytes."""
    suffix = PurePath(source).suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    kind = (media_type or "").split(";")[0].strip().lower()
    if kind in MEDIA_TYPES:
        return MEDIA_TYPES[kind]
    if kind and kind not in ("application/octet-stream", "*/*"):
        raise ReportError(
            source,
            f"unsupported media type {kind!r} (send one of: {', '.join(sorted(MEDIA_TYPES))})",
        )
    return _sniff(data)


def read_document(
    data: bytes,
    source: str,
    *,
    media_type: str | None = None,
    limits: Limits | None = None,
    fmt: str | None = None,
) -> Document:
    """Read any supported format into the normalised document the parser reads."""
    fmt = fmt or detect_format(data, source, media_type)
    if not data.strip():
        raise ReportError(source, "the file is empty")
    if fmt != "pdf" and data.lstrip()[:5] == b"%PDF-":
        fmt = "pdf"  # a PDF under another name is still a PDF
    return reader(fmt)(data, source, limits or Limits())


def reader(fmt: str) -> Reader:
    module, name = FORMATS[fmt]
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
