"""The PDF layout reader works from structure, not from one rendering: the real report's text
typeset here by a different (synthetic) typesetter — its own margins, a running header and a
"Page N of M" footer, text bullets, bold headings, paragraphs broken across pages anywhere,
tables as positioned cells — reads back to the same findings as the text itself."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from graph.documents.base import Budget, Limits
from graph.documents.layout import Fragment, Page, lay_out
from graph.load import parse_document, read_report
from graph.model import Report
from graph.text import Block, split_blocks

ROOT = Path(__file__).resolve().parent.parent
TEXT = ROOT / "data" / "reports" / "staffordshire-peel-2021-22.txt"
TOP, BOTTOM, LEFT, HEIGHT, WIDTH = 70.0, 770.0, 72.0, 842.0, 595.0
SIZE, PITCH, CHAR = 10.0, 13.0, 5.0


class Typesetter:
    """Lays text blocks onto A4 pages: 90 characters a line, 13 pt leading, 8 pt between
    paragraphs, headings bold, bullets as a text glyph with a hanging indent."""

    def __init__(self) -> None:
        self.pages: list[list[Fragment]] = [[]]
        self.y = TOP

    def line(self, text: str, x: float = LEFT, weight: int = 400) -> None:
        if self.y > BOTTOM:
            self.pages.append([])
            self.y = TOP
        self.pages[-1].append(Fragment(text, x, x + len(text) * CHAR, self.y, SIZE, weight))
        self.y += PITCH

    def block(self, block: Block) -> None:
        if block.kind == "row":
            self.row(block.cells)
            return
        if block.kind == "bullets":
            for item in block.items:
                first, *rest = textwrap.wrap(item, 84) or [""]
                self.line("\u2022 " + first, LEFT + 6)
                for more in rest:
                    self.line(more, LEFT + 16)
        else:
            heading = not block.plain.rstrip().endswith((".", ":", ";", "?", ")")) and len(
                block.text) < 200  # fmt: skip
            for text in textwrap.wrap(block.text, 90):
                self.line(text, weight=700 if heading else 400)
        self.y += 8
        if block.blank_after >= 2:  # a chart under a caption, on the next page if it won't fit
            if self.y + 80 > BOTTOM:
                self.pages.append([])
                self.y = TOP
            self.y += 80

    def row(self, cells: tuple[str, ...]) -> None:
        wrapped = [textwrap.wrap(c, 16) for c in cells]
        if self.y + PITCH * max(map(len, wrapped), default=1) > BOTTOM:
            self.pages.append([])
            self.y = TOP
        for depth in range(max(map(len, wrapped), default=0)):
            for column, lines in enumerate(wrapped):
                if depth < len(lines):
                    x = LEFT + 92 * column
                    text = lines[depth]
                    self.pages[-1].append(Fragment(text, x, x + len(text) * CHAR, self.y,
                                                   SIZE, 400))  # fmt: skip
            self.y += PITCH
        self.y += 6

    def finish(self) -> list[Page]:
        total = len(self.pages)
        out = []
        for n, frags in enumerate(self.pages, start=1):
            furniture = [
                Fragment("Staffordshire Police PEEL 2021/22", 300, 470, 40, 8, 400),
                Fragment(f"Page {n} of {total}", 270, 330, 810, 8, 400),
            ]
            out.append(Page(n, WIDTH, HEIGHT, furniture + frags, list))
        return out


@pytest.fixture(scope="module")
def typeset() -> list[Page]:
    setter = Typesetter()
    for block in split_blocks(TEXT.read_text(encoding="utf-8")):
        setter.block(block)
    return setter.finish()


def test_another_typesetter_reads_back_to_the_same_findings(typeset: list[Page]) -> None:
    document = lay_out(typeset, Budget("typeset.pdf", Limits()))
    assert "Page 3 of" not in document.text and "Staffordshire Police PEEL" not in document.text
    report = parse_document(document, "typeset.pdf")
    text = read_report(TEXT)

    def fields(r: Report) -> list[tuple]:
        return [(a.key if a else None, a.grade if a else None, f.kind, " ".join(f.title.split()),
                 " ".join(f.body.split())) for a, f in r.all_findings()]  # fmt: skip

    assert len(typeset) > 20
    assert fields(report) == fields(text)
    assert report.judgments == text.judgments
    assert [f.title for f in report.factors] == [f.title for f in text.factors]


def test_running_lines_are_furniture_only_when_they_repeat(typeset: list[Page]) -> None:
    """A line at the top of one page only (the title) is kept; the header on every page and
    the numbered footer go."""
    document = lay_out(typeset[:3], Budget("three.pdf", Limits()))
    assert document.text.count("PEEL 2021/22") == 1  # the title line, not the header
    assert "Page 1 of" not in document.text
    assert document.pages[0] == 1 and max(p for p in document.pages if p) == 3
