"""A text PDF, read with PDFium (pypdfium2): positioned lines per page, then `layout` finds
the structure (furniture, paragraphs, bullets, tables) from positions and fonts.

Refused with the file and the reason: an encrypted PDF, a damaged or truncated one, one with
no text layer (a scan: OCR is not supported), and one past the size, page or time limits.
"""

from __future__ import annotations

import ctypes
import re

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from ..errors import ReportError
from .base import Budget, Document, Limits
from .layout import Fragment, Page, lay_out
from .pdf_links import LinkMarks, link_marks

__all__ = ["read_pdf"]

# PDFium ends a line with CR LF, or, after a line-end hyphen, with U+FFFE and no break at all.
_BREAK = re.compile(r"\r\n|\r|\n|(?<=\ufffe)")
_GAP_EM = 1.5  # a space wider than this many font sizes separates table cells


class _Chars:
    """Per-character geometry and font of one text page, via PDFium's C API (the out
    parameters are made once: these calls run for every gap between words)."""

    def __init__(self, textpage: pdfium.PdfTextPage) -> None:
        self.tp = textpage.raw
        self._l, self._r, self._b, self._t = (ctypes.c_double() for _ in range(4))
        self._x, self._y = ctypes.c_double(), ctypes.c_double()
        self._box = tuple(ctypes.byref(v) for v in (self._l, self._r, self._b, self._t))
        self._origin = (ctypes.byref(self._x), ctypes.byref(self._y))

    def left(self, i: int) -> float:
        raw.FPDFText_GetCharBox(self.tp, i, *self._box)
        return self._l.value

    def right(self, i: int) -> float:
        raw.FPDFText_GetCharBox(self.tp, i, *self._box)
        return self._r.value

    def baseline(self, i: int) -> float:
        raw.FPDFText_GetCharOrigin(self.tp, i, *self._origin)
        return self._y.value

    def style(self, i: int) -> tuple[float, int]:
        return round(raw.FPDFText_GetFontSize(self.tp, i), 1), raw.FPDFText_GetFontWeight(
            self.tp, i
        )


def _text(textpage: pdfium.PdfTextPage, count: int) -> str:
    """The page text with one character per PDFium character index."""
    buf = ctypes.create_string_buffer((count + 1) * 2)
    raw.FPDFText_GetText(textpage.raw, 0, count, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    units = memoryview(buf.raw).cast("H")[:count]
    return "".join(map(chr, units))


def _fragments(text: str, chars: _Chars, page_height: float, links: LinkMarks) -> list[Fragment]:
    """Each PDFium line, cut where a wide gap separates table cells.

    Measuring every gap between words costs two calls a space; a line is measured only when
    it is wider per character than the page's lines usually are (a gap widens it), so running
    text, the bulk of a report, is not."""
    lines = []
    for match_start, match_end in _spans(text):
        segment = text[match_start:match_end]
        if not segment.strip():
            continue
        first = match_start + len(segment) - len(segment.lstrip())
        last = match_start + len(segment.rstrip()) - 1
        left, right = chars.left(first), chars.right(last)
        lines.append((first, last, left, right, (right - left) / max(last - first + 1, 1)))
    if not lines:
        return []
    usual = sorted(line[4] for line in lines)[len(lines) // 2]
    out: list[Fragment] = []
    for first, last, left, right, per_char in lines:
        mid = (first + last) // 2
        styles = [chars.style(first), chars.style(mid), chars.style(last)]
        size, weight = max(styles, key=styles.count)
        y = page_height - chars.baseline(first)
        pieces = [(first, last + 1)]
        if " " in text[first:last] and per_char > 1.05 * usual:
            pieces = _cells(text, chars, first, last, _GAP_EM * max(size, 1.0))
        for a, b in pieces:
            x0 = left if a == first else chars.left(a)
            x1 = right if b == last + 1 else chars.right(b - 1)
            out.append(Fragment(links.piece(a, b).strip(), x0, x1, y, size, weight))
    return out


def _cells(text: str, chars: _Chars, first: int, last: int, wide: float) -> list[tuple[int, int]]:
    """The spans of one line between gaps wider than `wide`."""
    pieces, start = [], first
    for i in range(first + 1, last):
        if text[i] != " " or text[i - 1] == " ":
            continue
        nxt = i + 1
        while nxt < last and text[nxt] == " ":
            nxt += 1
        if chars.left(nxt) - chars.right(i - 1) > wide:
            pieces.append((start, i))
            start = nxt
    pieces.append((start, last + 1))
    return pieces


def _spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in _BREAK.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return spans


def _markers(page: pdfium.PdfPage, height: float) -> list[tuple[float, float, float]]:
    """Small filled shapes (list bullets drawn as graphics): (left, right, middle from top)."""
    found = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for i in range(raw.FPDFPage_CountObjects(page.raw)):
        obj = raw.FPDFPage_GetObject(page.raw, i)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_PATH:
            continue
        raw.FPDFPageObj_GetBounds(
            obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)
        )
        w, h = right.value - left.value, top.value - bottom.value
        if 0.5 < w < 8 and 0.5 < h < 8 and 0.5 < w / h < 2:
            found.append((left.value, right.value, height - (top.value + bottom.value) / 2))
    return found


def _open(data: bytes, source: str) -> pdfium.PdfDocument:
    if b"%%EOF" not in data[-2048:]:
        raise ReportError(source, "truncated PDF: the end-of-file marker is missing")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReportError(
                source, "encrypted PDF (password protected): save an unprotected copy"
            ) from exc
        raise ReportError(source, f"damaged PDF: it cannot be opened ({exc})") from exc


def read_pdf(data: bytes, source: str, limits: Limits) -> Document:
    """The report text of a text PDF, with each line's page number; read in the worker
    process (`isolation`) unless `limits.isolate_pdf` is off."""
    if len(data) > limits.pdf_bytes:
        raise ReportError(
            source, f"too large ({len(data):,} bytes; the limit for a PDF is {limits.pdf_bytes:,})"
        )
    if limits.isolate_pdf:
        from .isolation import read_pdf_isolated

        return read_pdf_isolated(data, source, limits)
    return read_pdf_here(data, source, limits)


def read_pdf_here(data: bytes, source: str, limits: Limits) -> Document:
    """`read_pdf` in this process: the limits are checked between pages only."""
    budget = Budget(source, limits)
    pdf = _open(data, source)
    try:
        count = len(pdf)
        if count > limits.pdf_pages:
            raise ReportError(source, f"{count} pages; the limit for a PDF is {limits.pdf_pages}")
        if count == 0:
            raise ReportError(source, "the PDF has no pages")
        pages: list[Page] = []
        for number in range(count):
            try:
                page = pdf[number]
            except pdfium.PdfiumError as exc:
                raise ReportError(
                    source, f"damaged PDF: page {number + 1} cannot be read ({exc})"
                ) from exc
            width, height = page.get_size()
            textpage = page.get_textpage()
            n = textpage.count_chars()
            budget.check(max(n, 0))
            text = _text(textpage, n) if n > 0 else ""
            frags = []
            if text.strip():
                links = link_marks(page, textpage, text)
                frags = _fragments(text, _Chars(textpage), height, links)
            pages.append(
                Page(number + 1, width, height, frags, lambda p=page, h=height: _markers(p, h))
            )
        if not any(p.fragments for p in pages):
            raise ReportError(
                source, "no text layer (a scanned PDF?): OCR is not supported; use a text PDF"
            )
        return lay_out(pages, budget)
    finally:
        pdf.close()
