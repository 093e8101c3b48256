"""The normalised document every reader produces, and the limits every reader keeps.

A reader turns a file into the line-oriented text the parser reads (headings and paragraphs as
blocks separated by blank lines, bullets as `- ` lines, table rows as TAB-separated cells) plus,
for each line, where it came from in the source: a page for a PDF, a section anchor for HTML.
The parser stays format-agnostic; provenance is looked up afterwards by line.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from ..errors import ReportError

__all__ = [
    "Budget",
    "Document",
    "Limits",
    "Provenance",
    "TextBuilder",
    "escape_link",
    "paragraph_lines",
]

# What the text layer reads as a bullet at the start of a line (graph/text.py).
_LOOKS_LIKE_BULLET = re.compile(r"^(?:[-•*▪◦]|\u2013)\s+")


@dataclass(frozen=True, slots=True)
class Limits:
    """What one document may cost; every bound is checked before or while reading."""

    text_bytes: int = 5 * 1024 * 1024
    html_bytes: int = 10 * 1024 * 1024
    pdf_bytes: int = 20 * 1024 * 1024
    pdf_pages: int = 300
    extracted_chars: int = 2_000_000  # text a PDF or HTML page may yield
    html_elements: int = 500_000
    seconds: float = 20.0  # wall-clock time to read one document
    # A PDF is read in a worker process (graph/documents/isolation.py) with this much address
    # space: PDFium is C++, so neither a time limit nor a memory ceiling can be enforced on it
    # in-process (a 400 KB compressed content stream can take minutes and gigabytes).
    pdf_memory: int = 768 * 1024 * 1024
    isolate_pdf: bool = True

    def bytes_for(self, fmt: str | None) -> int:
        """The size limit of a format (the largest of them when the format is unknown)."""
        sizes = {"txt": self.text_bytes, "md": self.text_bytes, "html": self.html_bytes,
                 "pdf": self.pdf_bytes}  # fmt: skip
        return sizes.get(fmt or "", max(sizes.values()))


@dataclass(slots=True)
class Budget:
    """A reader's deadline and character allowance, checked between pages or elements."""

    source: str
    limits: Limits
    deadline: float = 0.0
    chars: int = 0

    def __post_init__(self) -> None:
        self.deadline = time.monotonic() + self.limits.seconds

    def check(self, chars: int = 0) -> None:
        self.chars += chars
        if self.chars > self.limits.extracted_chars:
            raise ReportError(
                self.source,
                f"too much text (over {self.limits.extracted_chars:,} characters); not a report",
            )
        if time.monotonic() > self.deadline:
            raise ReportError(
                self.source, f"took longer than {self.limits.seconds:g} s to read; refused"
            )


@dataclass(slots=True)
class Provenance:
    """Per line of the normalised text (1-based, index line-1): its page and section anchor."""

    pages: list[int | None] = field(default_factory=list)
    anchors: list[str | None] = field(default_factory=list)

    def pages_of(self, start: int, end: int) -> list[int]:
        """The pages lines `start`..`end` lie on (empty for formats without pages)."""
        found = {p for p in self.pages[max(start - 1, 0) : end] if p is not None}
        return sorted(found)

    def anchor_at(self, line: int) -> str | None:
        """The section anchor line `line` sits under (None for formats without anchors)."""
        if 0 < line <= len(self.anchors):
            return self.anchors[line - 1]
        return None


@dataclass(slots=True)
class Document:
    """The normalised text the parser reads, its format and each line's provenance."""

    text: str
    format: str  # txt | md | html | pdf
    pages: list[int | None] = field(default_factory=list)
    anchors: list[str | None] = field(default_factory=list)

    @property
    def provenance(self) -> Provenance:
        return Provenance(self.pages, self.anchors)


class TextBuilder:
    """Accumulates blocks as text lines with a location per line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.pages: list[int | None] = []
        self.anchors: list[str | None] = []

    def block(
        self,
        lines: list[str],
        *,
        page: int | None = None,
        anchor: str | None = None,
        pages: list[int | None] | None = None,
        blank_after: int = 1,
    ) -> None:
        lines = [" ".join(line.split()) if "\t" not in line else line for line in lines]
        lines = [line for line in lines if line.strip()]
        if not lines:
            return
        for n, line in enumerate(lines):
            self.lines.append(line)
            self.pages.append(pages[n] if pages else page)
            self.anchors.append(anchor)
        for _ in range(blank_after):
            self.lines.append("")
            self.pages.append(page if not pages else pages[-1])
            self.anchors.append(anchor)

    def document(self, fmt: str) -> Document:
        """No blank lines after the last block: the parser would read them as a caption's."""
        while self.lines and not self.lines[-1]:
            del self.lines[-1], self.pages[-1], self.anchors[-1]
        return Document("\n".join(self.lines), fmt, self.pages, self.anchors)


def paragraph_lines(lines: list[str], pages: list[int | None]) -> tuple[list[str], list]:
    """A paragraph's lines, with a line that merely starts with a dash (an en dash: "- for example")
    joined to the one before, so that the text layer does not read it as a bullet."""
    out: list[str] = []
    out_pages: list[int | None] = []
    for line, page in zip(lines, pages, strict=True):
        if out and _LOOKS_LIKE_BULLET.match(line.strip()):
            out[-1] = f"{out[-1]} {line}"
            continue
        out.append(line)
        out_pages.append(page)
    return out, out_pages


def escape_link(text: str) -> str:
    """Link text in the `[text](#)` form the text reports use, brackets escaped."""
    for ch in "[]()":
        text = text.replace(ch, "\\" + ch)
    return f"[{text}](#)"
