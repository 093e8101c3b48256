"""Plain text and Markdown: already line-oriented, so lines keep their numbers in the file."""

from __future__ import annotations

import re

from ..errors import ReportError
from ..text import slugify
from .base import Document, Limits

__all__ = ["decode_text", "read_markdown", "read_text"]

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)[*+]\s+")
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_BOM = b"\xef\xbb\xbf"
_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def decode_text(data: bytes, source: str, limits: Limits) -> str:
    """Bytes to text, refusing what cannot be a text report."""
    if len(data) > limits.text_bytes:
        raise ReportError(
            source, f"too large ({len(data):,} bytes; the limit for text is {limits.text_bytes:,})"
        )
    if b"\x00" in data[:8192]:
        raise ReportError(source, "binary data, not a text report")
    try:
        # What `decode("utf-8-sig")` does (a leading byte-order mark dropped, error offsets
        # after it), without loading that codec's module on a start-up's first read.
        return (data[3:] if data.startswith(_BOM) else data).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReportError(source, f"not UTF-8 text (byte {exc.start})") from exc


def read_text(data: bytes, source: str, limits: Limits) -> Document:
    return Document(decode_text(data, source, limits), "txt")


def _markdown_line(line: str) -> tuple[str, str | None]:
    """One Markdown line as the text form writes it, and the anchor a heading opens."""
    heading = _HEADING.match(line)
    if heading:
        text = heading.group(2)
        return text, slugify(text) or None
    if line.lstrip().startswith("|") and "|" in line.strip()[1:]:
        if _RULE.match(line):
            return "", None
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        return "\t".join(cells), None
    line = _BULLET.sub(r"\1- ", line)
    return _EMPHASIS.sub(r"\2", line), None


def read_markdown(data: bytes, source: str, limits: Limits) -> Document:
    """Headings lose their `#`, `*`/`+` bullets become `- `, pipe tables become TAB rows,
    bold is dropped; one output line per input line, so line numbers are the file's."""
    lines, anchors = [], []
    anchor: str | None = None
    for raw in decode_text(data, source, limits).splitlines():
        text, opened = _markdown_line(raw)
        anchor = opened or anchor
        lines.append(text)
        anchors.append(anchor)
    while lines and not lines[-1].strip():  # trailing blanks would make the last block a caption
        del lines[-1], anchors[-1]
    return Document("\n".join(lines), "md", anchors=anchors)
