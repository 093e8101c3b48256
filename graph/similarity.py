"""Text similarity for findings: stemmed terms, TF-IDF weights and cosine scores.

Small and sparse on purpose: a graph holds a few thousand findings of a few hundred words, so
dictionaries of weights answer in milliseconds, where a matrix library would be a heavy
dependency for no gain. Words are stemmed with Snowball (`snowballstemmer`, the stemmer Sphinx
search uses), so "recorded", "records" and "recording" are one term.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from .text import normalise_text, strip_links

__all__ = ["Vector", "Vectoriser", "cosine", "shared_terms"]

_WORD = re.compile(r"[a-z][a-z0-9]*(?:'[a-z]+)?")

Vector = dict[str, float]
_local = threading.local()  # a Snowball stemmer keeps state while it works: one per thread


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """A word's Snowball stem; the same for every graph, so cached once per process."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        import snowballstemmer  # here, not at the top: it loads 30 languages (13 ms)

        stemmer = _local.stemmer = snowballstemmer.stemmer("english")
    return stemmer.stemWord(word)


@dataclass
class Vectoriser:
    """Terms of a text and their TF-IDF weights over one corpus (sublinear tf, smooth idf)."""

    stop_words: frozenset[str]
    idf: dict[str, float] = field(default_factory=dict)
    surface: dict[str, str] = field(default_factory=dict)  # stem -> a word it came from
    _stems: dict[str, str | None] = field(default_factory=dict, repr=False)

    def terms(self, text: str) -> list[str]:
        """The stemmed content words of a text, in order (stop words and short words out)."""
        out = []
        stems = self._stems
        for word in _WORD.findall(strip_links(normalise_text(text)).lower()):
            stem = stems.get(word, "")
            if stem == "":
                if word in self.stop_words or len(word) < 3:
                    stem = None
                else:
                    stem = _stem(word.removesuffix("'s"))
                    self.surface.setdefault(stem, word.removesuffix("'s"))
                stems[word] = stem
            if stem is not None:
                out.append(stem)
        return out

    def distinct(self, text: str) -> set[str]:
        """The text's distinct terms: what document frequencies need, at a fraction of the
        cost of `terms` (each distinct word is looked up once)."""
        stems = self._stems
        # In text order, not a set's: the first form of a stem met becomes its surface word,
        # and a set's order changes from process to process (string hashing is salted).
        words = dict.fromkeys(_WORD.findall(strip_links(normalise_text(text)).lower()))
        missing = [w for w in words if w not in stems]
        if missing:
            self.terms(" ".join(missing))
        return {stem for w in words if (stem := stems[w]) is not None}

    def fit(self, documents: Iterable[Iterable[str]]) -> None:
        """Inverse document frequencies over a corpus of term lists (or sets)."""
        df: Counter[str] = Counter()
        n = 0
        for terms in documents:
            n += 1
            df.update(set(terms))
        self.idf = {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}

    def vector(self, terms: list[str]) -> Vector:
        """Unit-length TF-IDF weights; terms the corpus never saw are left out."""
        idf = self.idf
        weights = {t: (1.0 + math.log(c)) * idf[t] for t, c in Counter(terms).items() if t in idf}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {t: w / norm for t, w in weights.items()}


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b)


def shared_terms(a: Vector, b: Vector, surface: dict[str, str], limit: int = 8) -> list[str]:
    """The terms two vectors share, the largest contributions to their cosine first."""
    common = sorted((-(w * b[t]), t) for t, w in a.items() if t in b)
    return [surface.get(t, t) for _, t in common[:limit]]
