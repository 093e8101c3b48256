"""What the PDF layout reader works with: positioned text and the blocks it becomes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["Block", "Fragment", "Line", "Metrics", "Page", "join_lines"]


@dataclass(frozen=True, slots=True)
class Fragment:
    """A run of text on one baseline: `y` is the baseline measured from the page top."""

    text: str
    x0: float
    x1: float
    y: float
    size: float
    weight: int


@dataclass(slots=True)
class Page:
    number: int
    width: float
    height: float
    fragments: list[Fragment]
    markers: Callable[[], list[tuple[float, float, float]]]


@dataclass(slots=True)
class Line:
    page: int
    y: float
    pieces: list[Fragment]
    size: float = 0.0
    weight: int = 0
    bullet: bool = False

    @property
    def x0(self) -> float:
        return self.pieces[0].x0

    @property
    def x1(self) -> float:
        return self.pieces[-1].x1

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.pieces)

    def style(self) -> tuple[float, int]:
        return self.size, self.weight


def join_lines(texts: list[str]) -> str:
    """Lines of one item or cell as one string; a line broken after a hyphen joins without a
    space (the same rule as the text layer's)."""
    out = ""
    for text in texts:
        glue = (
            ""
            if not out or (out[-1] == "-" and out[-2:-1].isalpha() and text[:1].isalpha())
            else " "
        )
        out += glue + text
    return out


@dataclass(slots=True)
class Metrics:
    size: float
    left: float
    right: float
    pitch: float
    top: float = 0.0  # where a page's text usually starts: a lower start is a picture above it


@dataclass(slots=True)
class Block:
    kind: str  # paragraph | list | table
    lines: list[Line] = field(default_factory=list)
    items: list[list[Line]] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)
    blank_after: int = 1
