"""The document model: what a report says, before it becomes a graph."""

from __future__ import annotations

from dataclasses import dataclass, field

from .documents.base import Provenance
from .text import strip_links

__all__ = ["AreaSection", "Finding", "Paragraph", "Report"]

@dataclass(slots=True)
class Paragraph:
    """Body text as written (glossary links kept) with the report lines it spans.

    A bulleted list is one paragraph whose `items` are its bullets (links kept); its `text`
    stays the "- item" lines, so `Finding.body` reads as before.
    """

    text: str
    start: int
    end: int
    items: tuple[str, ...] = ()

    @property
    def plain(self) -> str:
        return strip_links(self.text)

    @property
    def plain_items(self) -> list[str]:
        return [strip_links(item) for item in self.items]


@dataclass(slots=True)
class Finding:
    """A one-sentence heading and the paragraphs under it."""

    kind: str
    heading: Paragraph
    paragraphs: list[Paragraph] = field(default_factory=list)
    number: int = 0
    effect: str | None = None  # reducing-crime factors: positive or negative
    accelerated: str | None = None  # date first published as an accelerated cause of concern

    @property
    def title(self) -> str:
        return self.heading.plain

    @property
    def body(self) -> str:
        return "\n\n".join(p.plain for p in self.paragraphs)

    @property
    def paragraph_items(self) -> list[list[str]]:
        """Per paragraph of `body`, in order, its list items ([] for prose)."""
        return [p.plain_items for p in self.paragraphs]

    @property
    def line_start(self) -> int:
        return self.heading.start

    @property
    def line_end(self) -> int:
        return max([self.heading.end, *(p.end for p in self.paragraphs)])


@dataclass(slots=True)
class AreaSection:
    """One area of policing as the report assesses it."""

    key: str
    name: str
    heading: str
    short_name: str
    grade: str | None
    status: str  # graded | ungraded | not_inspected
    line_start: int
    line_end: int
    summary: str = ""
    intro: list[Paragraph] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass(slots=True)
class Report:
    """A parsed PEEL report."""

    source: str
    force: str
    force_key: str
    cycle: str
    title: str
    published: str | None
    inspector: str | None
    line_count: int
    areas: list[AreaSection] = field(default_factory=list)
    observations: list[Finding] = field(default_factory=list)
    factors: list[Finding] = field(default_factory=list)
    judgments: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # Paragraphs outside every area and finding (summaries, the inspector's closing words,
    # the reducing-crime narrative): read for the units and partners they name.
    narrative: list[Paragraph] = field(default_factory=list)
    digest: str = ""
    format: str = "txt"  # the document it was read from: txt | md | html | pdf
    provenance: Provenance = field(default_factory=Provenance)
    cycle_key: str = ""  # the lexicon's cycle key ("2023-25"); ids and cycle order use it

    @property
    def id(self) -> str:
        return f"{self.force_key}-{self.cycle_key or self.cycle.replace('/', '-')}"

    def all_findings(self) -> list[tuple[AreaSection | None, Finding]]:
        out: list[tuple[AreaSection | None, Finding]] = [(None, f) for f in self.observations]
        out += [(None, f) for f in self.factors]
        out += [(area, f) for area in self.areas for f in area.findings]
        return out
