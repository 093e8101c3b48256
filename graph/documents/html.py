"""A saved web publication page: the report is what `main` (or `article`) holds, read block by
block, with site furniture (navigation, header, footer, cookie banners, scripts) dropped.

Each line's provenance is the id of the heading (or section) it sits under, so a finding links
back to `page.html#its-anchor`.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

from ..errors import ReportError
from .base import Budget, Document, Limits, TextBuilder, escape_link
from .furniture import Furniture, furniture

__all__ = ["read_html"]

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_TEXT_BLOCKS = frozenset({"p", "figcaption", "caption", "dt", "dd", "pre", "address", "summary"})
_LISTS = frozenset({"ul", "ol"})
_BLOCKS = (_HEADINGS | _TEXT_BLOCKS | _LISTS | {
    "div", "section", "article", "main", "figure", "table", "blockquote", "details", "dl",
    "header", "footer", "aside", "li", "tr", "tbody", "thead", "tfoot", "hr", "body",
})  # fmt: skip
_CONTAINERS = frozenset({"div", "section", "aside", "ul", "ol", "span", "dialog"})
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_WORDS = re.compile(r"[\s_-]+")
_MAX_DEPTH = 120  # deeper than any real page; below it a subtree is read as plain text


def _is_furniture(el: lxml.html.HtmlElement, kit: Furniture, inside: bool) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in kit.drop_tags or (tag in kit.outer_tags and not inside):
        return True
    if (el.get("role") or "").lower() in kit.drop_roles:
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    # Class words always; an id only on a container (a heading's id is made from its text).
    names = el.get("class") or ""
    if tag in _CONTAINERS:
        names += " " + (el.get("id") or "")
    return any(w in kit.drop_words for w in _WORDS.split(names.lower()))


class _Reader:
    def __init__(self, source: str, budget: Budget) -> None:
        self.source = source
        self.budget = budget
        self.kit = furniture()
        self.out = TextBuilder()
        self.anchor: str | None = None

    # -- inline text ----------------------------------------------------------------------
    def inline(self, el: lxml.html.HtmlElement, depth: int = 0) -> str:
        """The element's text with links as `[text](#)` and `<br>` as a line break."""
        if depth > _MAX_DEPTH:
            return " ".join(el.itertext())
        parts = [el.text or ""]
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if not tag or _is_furniture(child, self.kit, True):
                pass
            elif tag == "br":
                parts.append("\n")
            elif tag == "a" and child.get("href") is not None:
                text = " ".join(" ".join(child.itertext()).split())
                parts.append(text if not text or _URL.match(text) else escape_link(text))
            elif tag in _LISTS:
                parts.append("\n" + "\n".join(self.items(child, depth + 1)))
            else:
                parts.append(self.inline(child, depth + 1))
            parts.append(child.tail or "")
        return "".join(parts)

    def paragraph(self, text: str, blank_after: int = 1) -> None:
        lines = [line for line in text.split("\n") if line.strip()]
        if len(lines) == 1 and self.kit.is_phrase(lines[0]):
            return
        self.budget.check(len(text))
        self.out.block(lines, anchor=self.anchor, blank_after=blank_after)

    def items(self, el: lxml.html.HtmlElement, depth: int) -> list[str]:
        ordered = el.tag == "ol"
        found = []
        for n, li in enumerate((c for c in el if c.tag == "li"), start=1):
            text = " ".join(self.inline(li, depth + 1).split())
            if text:
                found.append(f"{n}. {text}" if ordered else f"- {text}")
        return found

    # -- blocks ---------------------------------------------------------------------------
    def open_anchor(self, el: lxml.html.HtmlElement) -> None:
        if el.get("id") and (el.tag in _HEADINGS or el.tag in {"section", "article"}):
            self.anchor = el.get("id")

    def block(self, el: lxml.html.HtmlElement, depth: int = 0) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or _is_furniture(el, self.kit, True):
            return
        self.open_anchor(el)
        if tag in _HEADINGS or tag in _TEXT_BLOCKS or depth > _MAX_DEPTH:
            self.paragraph(self.inline(el, depth), 3 if tag == "figcaption" else 1)
        elif tag in _LISTS:
            self.paragraph("\n".join(self.items(el, depth)))
        elif tag == "table":
            self.table(el)
        elif not any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in el):
            self.paragraph(self.inline(el, depth))  # a div holding only text is a paragraph
        else:
            self.mixed(el, depth)

    def mixed(self, el: lxml.html.HtmlElement, depth: int) -> None:
        """A container of blocks; loose text between them is a paragraph of its own."""
        self.paragraph(el.text or "")
        for child in el:
            self.block(child, depth + 1)
            self.paragraph(child.tail or "")

    def table(self, el: lxml.html.HtmlElement) -> None:
        rows = []
        own = (tr for tr in el.iter("tr") if next(tr.iterancestors("table"), None) is el)
        for tr in own:  # a nested table's rows are read inside its own cell
            cells = [" ".join(self.inline(c).split()) for c in tr if c.tag in ("td", "th")]
            if any(cells):
                rows.append("\t".join(cells))
        self.budget.check(sum(map(len, rows)))
        self.out.block(rows, anchor=self.anchor)


def _content_root(root: lxml.html.HtmlElement) -> tuple[lxml.html.HtmlElement, bool]:
    for path in ("//main", "//article", "//*[@role='main']"):
        found = root.xpath(path)
        if found:
            return found[0], True
    body = root.find("body")
    return (body if body is not None else root), False


def read_html(data: bytes, source: str, limits: Limits) -> Document:
    """The report text of a saved web page; `ReportError` for a page that cannot be one."""
    if len(data) > limits.html_bytes:
        raise ReportError(
            source,
            f"too large ({len(data):,} bytes; the limit for an HTML page is {limits.html_bytes:,})",
        )
    budget = Budget(source, limits)
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ReportError(source, f"not a readable HTML page ({exc})") from exc
    for count, _ in enumerate(root.iter(), start=1):
        if count > limits.html_elements:
            raise ReportError(
                source, f"too many HTML elements (over {limits.html_elements:,}); not a report"
            )
    budget.check()
    content, inside = _content_root(root)
    reader = _Reader(source, budget)
    if inside:
        reader.block(content)
    else:
        kit = reader.kit
        for el in list(content.iter()):
            if el.getparent() is not None and _is_furniture(el, kit, False):
                el.drop_tree()
        reader.block(content)
    doc = reader.out.document("html")
    if not doc.text.strip():
        raise ReportError(source, "the HTML page has no text")
    return doc
