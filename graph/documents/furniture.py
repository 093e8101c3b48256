"""Page furniture as data/furniture.toml describes it: what readers drop around the report."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..text import fold_key

__all__ = ["Furniture", "furniture"]

FURNITURE_FILE = Path(__file__).resolve().parents[2] / "data" / "furniture.toml"


@dataclass(frozen=True, slots=True)
class Furniture:
    drop_tags: frozenset[str]
    outer_tags: frozenset[str]
    drop_roles: frozenset[str]
    drop_words: frozenset[str]
    phrases: frozenset[str]
    page_numbers: tuple[re.Pattern[str], ...]
    repeat_share: float
    band: float

    def is_phrase(self, text: str) -> bool:
        """A block that is only a furniture phrase ("Print this document")."""
        return len(text) < 40 and fold_key(text) in self.phrases

    def is_page_number(self, text: str) -> bool:
        return any(p.match(text.strip()) for p in self.page_numbers)


@cache
def furniture(path: Path = FURNITURE_FILE) -> Furniture:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    html, text, pdf = data["html"], data["text"], data["pdf"]
    return Furniture(
        drop_tags=frozenset(html["drop_tags"]),
        outer_tags=frozenset(html["outer_tags"]),
        drop_roles=frozenset(html["drop_roles"]),
        drop_words=frozenset(html["drop_words"]),
        phrases=frozenset(fold_key(p) for p in text["phrases"]),
        page_numbers=tuple(re.compile(p, re.IGNORECASE) for p in pdf["page_numbers"]),
        repeat_share=float(pdf["repeat_share"]),
        band=float(pdf["band"]),
    )
