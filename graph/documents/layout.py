"""Structure from positions: the blocks of a PDF's text, whoever typeset it.

Works from what any printed report shares rather than one rendering's quirks: running headers
and footers are lines repeated across pages at the same place; page numbers are lone numerals or
"Page N of M" at the top or bottom; a paragraph ends where the gap between baselines widens or
the font changes, and continues across a page break unless its last line ended a sentence
short of the margin; a list item starts at a bullet (a glyph or a small drawn dot); a table is a
run of lines with cells separated by wide gaps, its rows separated by wider spacing.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

from .base import Budget, Document, TextBuilder, paragraph_lines
from .furniture import furniture
from .geometry import Block, Fragment, Line, Metrics, Page, join_lines
from .pdf_tables import aligned, table

__all__ = ["Fragment", "Page", "lay_out"]

_BULLET_GLYPH = re.compile(r"^[•▪◦‣∙●○■□\uf0b7]\s*")
_BULLET_DASH = re.compile(r"^[\u2013-]\s+")  # a bullet only when indented: else a dash
_TERMINAL = re.compile(r"[.:;!?]['\")\]\u2019\u201d]*$")
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                            "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st", "\u00ad": "",
                            "\ufffe": "-", "\x02": "-"})  # fmt: skip
# What a broken font maps glyphs to: never report text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufff0-\uffff\ud800-\udfff]")


def _lines(page: Page) -> list[Line]:
    """Fragments on one baseline (within a third of the font size) make one line."""
    lines: list[Line] = []
    for frag in sorted(page.fragments, key=lambda f: (round(f.y, 1), f.x0)):
        text = _CONTROL.sub("", frag.text.translate(_LIGATURES)).strip()
        if not text:
            continue
        frag = Fragment(text, frag.x0, frag.x1, frag.y, frag.size, frag.weight)
        if lines and abs(lines[-1].y - frag.y) <= max(frag.size, 1.0) / 3:
            lines[-1].pieces.append(frag)
        else:
            lines.append(Line(page.number, frag.y, [frag]))
    for line in lines:
        line.pieces.sort(key=lambda f: f.x0)
        main = max(line.pieces, key=lambda f: len(f.text))
        line.size, line.weight = main.size, main.weight
    return lines


def _drop_furniture(pages: list[Page], per_page: list[list[Line]]) -> None:
    """Remove running headers/footers, page numbers and furniture phrases in place."""
    kit = furniture()
    banded: Counter[tuple[str, int]] = Counter()
    keys: list[list[tuple[str, int] | None]] = []
    for page, lines in zip(pages, per_page, strict=True):
        page_keys: list[tuple[str, int] | None] = []
        for line in lines:
            edge = min(line.y, page.height - line.y)
            if edge > kit.band * page.height:
                page_keys.append(None)
                continue
            key = (re.sub(r"\d+", "#", line.text.casefold()), round(line.y / 4))
            page_keys.append(key)
        keys.append(page_keys)
        banded.update({k for k in page_keys if k})
    need = max(2, kit.repeat_share * len(pages))
    for lines, page_keys in zip(per_page, keys, strict=True):
        lines[:] = [
            line for line, key in zip(lines, page_keys, strict=True)
            if not (key and (banded[key] >= need or kit.is_page_number(line.text)))
            and not kit.is_phrase(line.text)
        ]  # fmt: skip


def _mode(values: list[float], default: float) -> float:
    return Counter(values).most_common(1)[0][0] if values else default


def _metrics(lines: list[Line]) -> Metrics:
    weights: Counter[float] = Counter()
    for line in lines:
        weights[line.size] += len(line.text)
    size = weights.most_common(1)[0][0]
    body = [ln for ln in lines if ln.size == size and len(ln.pieces) == 1]
    left = _mode([round(ln.x0) for ln in body], 0.0)
    right = max((ln.x1 for ln in body), default=left)
    deltas = [
        round(b.y - a.y, 1) for a, b in pairwise(body)
        if a.page == b.page and 0.8 * size < b.y - a.y < 2.5 * size
    ]  # fmt: skip
    firsts: dict[int, float] = {}
    for ln in lines:
        firsts.setdefault(ln.page, ln.y)
    top = _mode([round(y) for y in firsts.values()], 0.0)
    return Metrics(size, left, right, _mode(deltas, 1.2 * size), top)


def _mark_bullets(page: Page, lines: list[Line], m: Metrics) -> None:
    indented = [ln for ln in lines if ln.x0 > m.left + 0.5 * m.pitch]
    for line in lines:
        first = line.pieces[0]
        glyph = _BULLET_GLYPH if _BULLET_GLYPH.match(first.text) else _BULLET_DASH
        if glyph is _BULLET_DASH and line.x0 <= m.left + 0.5 * m.pitch:
            continue
        if glyph.match(first.text) and len(line.pieces) == 1:
            line.pieces[0] = Fragment(
                glyph.sub("", first.text),
                first.x0,
                first.x1,
                first.y,
                first.size,
                first.weight,
            )
            line.bullet = True
    if not indented:
        return
    for left, right, middle in page.markers():
        # The dot sits beside its item's first line: the nearest baseline at or below it.
        beside = [
            ln for ln in indented
            if 0 < ln.x0 - right < 2.5 * m.pitch and left >= m.left - m.pitch
            and -0.2 * m.pitch < ln.y - middle < 0.8 * m.pitch
        ]  # fmt: skip
        if beside:
            min(beside, key=lambda ln: ln.y - middle).bullet = True


def _blocks(lines: list[Line], m: Metrics) -> list[Block]:
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if len(line.pieces) > 1:
            run = [line]
            while i + 1 < len(lines):
                nxt = lines[i + 1]
                close = nxt.page == run[-1].page and nxt.y - run[-1].y < 2.5 * m.pitch
                if not close or not (len(nxt.pieces) > 1 or aligned(nxt, run, m)):
                    break
                run.append(nxt)
                i += 1
            blocks.append(table(run, m))
            i += 1
            continue
        cur = blocks[-1] if blocks else None
        prev = lines[i - 1] if i else None
        if cur is None or prev is None or cur.kind == "table" or not _continues(cur, prev, line, m):
            cur = Block("list" if line.bullet else "paragraph")
            blocks.append(cur)
        if cur.kind == "list":
            if line.bullet or not cur.items:
                cur.items.append([line])
            else:
                cur.items[-1].append(line)
        else:
            cur.lines.append(line)
        nxt_line = lines[i + 1] if i + 1 < len(lines) else None
        if nxt_line and (
            nxt_line.y - line.y > 5 * m.pitch if nxt_line.page == line.page
            else nxt_line.y - m.top > 5 * m.pitch  # the chart opens the next page
        ):
            cur.blank_after = 3  # a caption over a chart: the gap is the picture
        i += 1
    return blocks


def _continues(cur: Block, prev: Line, line: Line, m: Metrics) -> bool:
    """Does `line` carry on the block that `prev` ended?"""
    indented = line.x0 > m.left + 0.5 * m.pitch
    if cur.kind == "list":
        if not (line.bullet or indented):
            return False
        return line.page != prev.page or line.y - prev.y < 2.5 * m.pitch * prev.size / m.size
    if line.bullet or line.style() != prev.style():
        return False
    if line.page != prev.page:  # a sentence may end at a full line and the paragraph go on
        full = prev.x1 >= m.left + 0.85 * (m.right - m.left)
        if prev.weight >= 600 or prev.size > m.size:
            return full  # a heading's last line is short: what follows is not more heading
        return full or not _TERMINAL.search(prev.text)
    return line.y - prev.y < 1.4 * m.pitch * max(line.size / m.size, 1.0)


def lay_out(pages: list[Page], budget: Budget) -> Document:
    per_page = []
    for page in pages:
        budget.check()
        per_page.append(_lines(page))
    _drop_furniture(pages, per_page)
    every = [line for lines in per_page for line in lines]
    if not every:
        return Document("", "pdf")
    m = _metrics(every)
    for page, lines in zip(pages, per_page, strict=True):
        budget.check()
        _mark_bullets(page, lines, m)
    out = TextBuilder()
    for block in _blocks(every, m):
        if block.kind == "table":
            out.block(block.rows, page=None, pages=[None] * len(block.rows))
        elif block.kind == "list":
            texts = ["- " + join_lines([ln.text for ln in item]) for item in block.items]
            out.block(texts, pages=[item[0].page for item in block.items])
        else:
            texts, pages_of = paragraph_lines(
                [ln.text for ln in block.lines], [ln.page for ln in block.lines]
            )
            out.block(texts, pages=pages_of, blank_after=block.blank_after)
    return out.document("pdf")
