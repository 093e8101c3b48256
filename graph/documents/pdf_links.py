"""A PDF's web links as the text form writes them, `[text](#)`: the glossary terms a report
links (a printed web page keeps its links as link annotations over the words)."""

from __future__ import annotations

import ctypes
import re
from bisect import bisect_right

import pypdfium2 as pdfium
import pypdfium2.raw as raw

__all__ = ["LinkMarks", "link_marks"]

_MAX_LINKS = 5000  # per page: more is not a report's glossary
_ESCAPE = frozenset("()[]")
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)


class LinkMarks:
    """Character spans of one page's links, and the page text with them marked up."""

    def __init__(self, text: str, spans: list[tuple[int, int]]) -> None:
        self.text = text
        self.spans = spans
        self.starts = [s for s, _ in spans]
        self.opens = {s for s, _ in spans}
        self.closes = {e for _, e in spans}

    def _touches(self, a: int, b: int) -> bool:
        i = bisect_right(self.starts, b - 1) - 1
        return i >= 0 and self.spans[i][1] >= a

    def piece(self, a: int, b: int) -> str:
        """text[a:b] with `[` and `](#)` around linked words (a link broken over two lines
        opens on one and closes on the next), brackets inside a link escaped."""
        if not self.spans or not self._touches(a, b):
            return self.text[a:b]
        out = []
        i = bisect_right(self.starts, a) - 1
        inside = i >= 0 and self.spans[i][1] >= a
        for n in range(a, b):
            ch = self.text[n]
            if n in self.opens:
                out.append("[")
                inside = True
            out.append("\\" + ch if inside and ch in _ESCAPE else ch)
            if n in self.closes:
                out.append("](#)")
                inside = False
        return "".join(out)


def link_marks(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, text: str) -> LinkMarks:
    """The web (URI) links over the page's words; internal links (a contents page) are not
    glossary terms and are left out. Two links joined only by a line break are one."""
    spans: list[tuple[int, int]] = []
    pos, link, rect = ctypes.c_int(0), raw.FPDF_LINK(), raw.FS_RECTF()
    while raw.FPDFLink_Enumerate(page.raw, ctypes.byref(pos), ctypes.byref(link)):
        if len(spans) >= _MAX_LINKS:
            break
        action = raw.FPDFLink_GetAction(link)
        if not action or raw.FPDFAction_GetType(action) != raw.PDFACTION_URI:
            continue
        if not raw.FPDFLink_GetAnnotRect(link, ctypes.byref(rect)):
            continue
        middle = (rect.top + rect.bottom) / 2
        start = raw.FPDFText_GetCharIndexAtPos(textpage.raw, rect.left + 1, middle, 3, 3)
        end = raw.FPDFText_GetCharIndexAtPos(textpage.raw, rect.right - 1, middle, 3, 3)
        while 0 <= start < end and text[start].isspace():
            start += 1
        while end > start >= 0 and text[end].isspace():
            end -= 1
        if 0 <= start <= end < len(text) and not _URL.match(text[start : end + 1]):
            spans.append((start, end))  # a web address shown as itself is plain text
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            continue  # overlapping annotations: keep the first
        gap = text[merged[-1][1] + 1 : start] if merged else ""
        if merged and gap and not gap.strip() and ("\n" in gap or "\r" in gap):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return LinkMarks(text, merged)
