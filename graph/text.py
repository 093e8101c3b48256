"""Plain-text layer: normalise a report and cut it into blocks with their line numbers.

Reports arrive with CRLF endings, curly quotes and hard wrapping; everything above this module
sees the same blocks whatever the layout, so the graph does not depend on it.
"""

from __future__ import annotations

import operator
import re
import string
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, TypeVar

__all__ = [
    "LINK",
    "NOT_ASCII",
    "Block",
    "by_label",
    "fold_key",
    "inert_beyond_ascii",
    "normalise_text",
    "slugify",
    "split_blocks",
    "strip_links",
    "unescape",
    "words_of",
]

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\ufeff": "",
    }
)
_BULLET = re.compile(r"^(?:[-•*▪◦]|\u2013)\s+")
# `[text](#)`; the text may hold escaped brackets such as `\(IAG\)`.
LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\([^)\s]*\)")


# `str.translate` with a table looks every character up in a dict: some 30 µs for one line of
# a report. A `replace` for each character the line holds gives the same text (no replacement
# holds a character that is replaced) some fifty times faster.
_QUOTE_PAIRS = tuple((chr(code), new) for code, new in _QUOTES.items())


def normalise_text(text: str) -> str:
    """Straight quotes, plain spaces: the same words however the report was typeset."""
    if text.isascii():
        return text  # already NFC, and every character `_QUOTES` maps is non-ASCII
    text = unicodedata.normalize("NFC", text)
    for old, new in _QUOTE_PAIRS:
        if old in text:
            text = text.replace(old, new)
    return text


_ASCII_LETTERS = frozenset(string.ascii_letters)
_WORD_CHARS = frozenset(string.ascii_letters + string.digits + "_")
_ESCAPED = re.compile(r"\\([()\[\]])")
_FIRST_GROUP = operator.itemgetter(1)  # `\1`, without expanding a template per match


_WORD = re.compile(r"\w+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


# ASCII bytes: upper case -> lower, not `\w` -> a space. In ASCII text, splitting at spaces
# after this gives the lower-case words `_WORD` finds; `bytes.translate` is a table look-up per
# byte, several times cheaper than the regex or `str.translate` (a dict look-up per character).
_LOWER_WORDS = bytes(
    ord(ch.lower()) if ch in _WORD_CHARS else ord(" ") for ch in map(chr, range(256))
)


@lru_cache(maxsize=1024)
def words_of(text: str) -> frozenset[str]:
    """The lower-case words of a text. Remembered (bounded): discovery and extraction read the
    same paragraphs."""
    if text.isascii():
        return frozenset(text.encode("ascii").translate(_LOWER_WORDS).decode("ascii").split())
    return frozenset(_WORD.findall(normalise_text(text).lower()))


NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def inert_beyond_ascii(text: str) -> bool:
    """True when every character is ASCII or inert (no letter, digit or space, and no case: a
    dash, a pound sign): there `\\w`, `\\s` and lower-casing mean what they mean in ASCII text,
    so a word's bounds and every offset survive lower-casing."""
    return text.isascii() or not any(
        ch.isalnum() or ch.isspace() or ch.lower() != ch or ch.upper() != ch
        for ch in set("".join(NOT_ASCII.findall(text)))
    )


def strip_links(text: str) -> str:
    """`[independent advisory group \\(IAG\\)](#)` -> `independent advisory group (IAG)`."""
    if "[" not in text and "\\" not in text:
        return text  # most text: nothing to strip
    return _stripped(text)


@lru_cache(maxsize=4096)
def _stripped(text: str) -> str:
    """Remembered (bounded): a paragraph is stripped by discovery, by extraction and for the
    finding's title and body, three or four times in one build."""
    return unescape(LINK.sub(_FIRST_GROUP, text))


def unescape(text: str) -> str:
    """`\\(` -> `(`: a link's escaped brackets as written."""
    return _ESCAPED.sub(_FIRST_GROUP, text) if "\\" in text else text


def slugify(text: str) -> str:
    """Readable id fragment: lower case, ascii, words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", normalise_text(text))
    ascii_text = ascii_text.encode("ascii", "ignore").decode().lower().replace("&", " and ")
    return _NOT_SLUG.sub("-", ascii_text.replace("'", "")).strip("-")


class _Labelled(Protocol):
    @property
    def labels(self) -> Iterable[str]: ...


_L = TypeVar("_L", bound=_Labelled)


@lru_cache(maxsize=8192)
def fold_key(text: str) -> str:
    """A label folded for comparison: case, quotes, hyphens and spacing ignored.

    Each run of hyphens and whitespace becomes one space, none at either end: what
    `re.sub(r"[\\s-]+", " ", text).strip()` gives (`\\s`, `split` and `strip` all take
    whitespace to be what `str.isspace` says), for a third of the regex's cost."""
    if not text.isascii():
        text = normalise_text(text)
    if "[" in text or "\\" in text:
        text = _stripped(text)  # `strip_links`, inline: this runs for every label and heading
    return " ".join(text.replace("-", " ").split()).casefold()


def by_label(items: Iterable[_L]) -> dict[str, _L]:
    """Each item by every label it answers to, folded; the first item to claim a label keeps
    it (the order of the lexicon decides)."""
    found: dict[str, _L] = {}
    for item in items:
        for label in item.labels:
            found.setdefault(fold_key(label), item)
    return found


@dataclass(slots=True)
class Block:
    """A paragraph, a bullet list or a table row, with the report lines it spans (never changed
    once made; not `frozen`, which makes a dataclass several times slower to make).

    `items` holds the bullets of a list (one string each); `blank_after` counts the blank lines
    that follow, which is how a stand-alone chart caption shows itself.
    """

    text: str
    start: int
    end: int
    kind: str = "paragraph"  # paragraph | bullets | row
    items: tuple[str, ...] = ()
    cells: tuple[str, ...] = ()
    blank_after: int = 0

    @property
    def plain(self) -> str:
        return strip_links(self.text)


def _join(lines: list[str]) -> str:
    """Undo hard wrapping: a line broken after a hyphen joins without a space."""
    out = ""
    for line in lines:
        if not out:
            out = line
        elif out[-1] == "-" and out[-2:-1] in _ASCII_LETTERS and line[:1].isalpha():
            out += line
        else:
            out += " " + line
    return out


# ASCII whitespace other than the space, tab, line feed and carriage return: what `str.split`
# also splits at. A text without any needs no `split` and `join` for a line that has no double
# space and no space at either end: the line is already tidy.
_ODD_SPACES = "\x0b\x0c\x1c\x1d\x1e\x1f"


def _tidy(raw: str, odd: bool) -> str:
    """A line with quotes straightened and runs of whitespace made one space."""
    if not odd and raw.isascii() and "  " not in raw and raw[0] != " " and raw[-1] != " ":
        return raw  # what the line below gives, without splitting it into words
    return " ".join(normalise_text(raw).split())


def _group_blocks(group: list[tuple[int, str]], odd: bool, blank_after: int) -> list[Block]:
    """Cut one run of non-blank lines into rows, bullet lists and paragraphs; the last of them
    is followed by `blank_after` blank lines."""
    if len(group) == 1 and "\t" not in group[0][1]:  # most runs: one line, one block
        number, raw = group[0]
        line = _tidy(raw, odd)
        bullet = _BULLET.match(line)
        if bullet is None:
            return [Block(line, number, number, "paragraph", (), (), blank_after)]
        item = line[bullet.end() :]
        return [Block(f"- {item}", number, number, "bullets", (item,), (), blank_after)]
    made: list[tuple[str, int, int, str, tuple[str, ...], tuple[str, ...]]] = []
    para: list[tuple[int, str]] = []
    bullets: list[list[tuple[int, str]]] = []

    def flush() -> None:
        if para:
            made.append((_join([t for _, t in para]), para[0][0], para[-1][0], "paragraph", (), ()))
            para.clear()
        if bullets:
            items = tuple(_join([t for _, t in item]) for item in bullets)
            text = "\n".join(f"- {item}" for item in items)
            made.append((text, bullets[0][0][0], bullets[-1][-1][0], "bullets", items, ()))
            bullets.clear()

    for number, raw in group:
        if "\t" in raw:
            flush()
            cells = tuple(normalise_text(c).strip() for c in raw.rstrip().split("\t"))
            text = " | ".join(c for c in cells if c)
            made.append((text, number, number, "row", (), cells))
            continue
        line = _tidy(raw, odd)
        bullet = _BULLET.match(line)
        if bullet:
            if para:
                flush()
            bullets.append([(number, line[bullet.end() :])])
        elif bullets:
            bullets[-1].append((number, line))
        else:
            para.append((number, line))
    flush()
    last = len(made) - 1
    return [Block(*spec, blank_after if n == last else 0) for n, spec in enumerate(made)]


def split_blocks(text: str) -> list[Block]:
    """Blocks of the text in order; line numbers are 1-based lines of the original text."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    runs: list[list[tuple[int, str]]] = []  # runs of non-blank lines
    gaps: list[int] = []  # the blank lines after each run
    run: list[tuple[int, str]] | None = None
    for number, raw in enumerate(lines, start=1):
        if raw and not raw.isspace():  # `raw.strip()`, without copying the line
            if run is None:
                run = []
                runs.append(run)
                gaps.append(0)
            run.append((number, raw))
        else:
            run = None
            if runs and not raw:
                gaps[-1] += 1  # a line of only spaces is a PDF artefact, not layout
    # Blank lines after the last block are the end of the file (its final newline), not a gap
    # that holds a chart: counting them would make whatever ends the report a caption.
    if gaps:
        gaps[-1] = 0
    odd = any(ch in text for ch in _ODD_SPACES)
    blocks: list[Block] = []
    for run, gap in zip(runs, gaps, strict=True):
        blocks.extend(_group_blocks(run, odd, gap))
    return blocks
