"""Word roots by suffix stripping, so one lexicon term matches all its forms.

"monitor", "monitors", "monitored", "monitoring" share the root `monit`; "supervise",
"supervision", "supervisory", "supervisors" share `supervis`. The endings are data (the
lexicon's `[theme_scoring]` `inflections` and `suffixes`), not code: a tiny stripper is enough
for the closed vocabulary of theme terms and costs nothing to import (a full Snowball stemmer
package imports some thirty language modules, a noticeable share of the build's 50 ms budget).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Stemmer"]


@dataclass(slots=True)
class Stemmer:
    """First an inflection is undone once ("vulnerabilities" → "vulnerability"), then the
    longest derivational suffix is stripped, up to `rounds` times, keeping at least
    `min_root` letters ("engagement" → "engage" → "engag" = "engaged" → "engag")."""

    inflections: dict[str, str]
    suffixes: tuple[str, ...]
    min_root: int = 4
    rounds: int = 2
    _cache: dict[str, str] = field(default_factory=dict, repr=False)

    _lengths: tuple[int, ...] = ()
    _inflection_lengths: tuple[int, ...] = ()
    _suffix_set: frozenset[str] = frozenset()
    _endings: tuple[str, ...] = ()  # the inflections' endings

    def __post_init__(self) -> None:
        self.suffixes = tuple(sorted(set(self.suffixes), key=lambda s: (-len(s), s)))
        self.inflections = dict(
            sorted(self.inflections.items(), key=lambda kv: (-len(kv[0]), kv[0]))
        )
        self._suffix_set = frozenset(self.suffixes)
        self._endings = tuple(self.inflections)
        self._lengths = tuple(sorted({len(s) for s in self.suffixes}, reverse=True))
        self._inflection_lengths = tuple(sorted({len(e) for e in self.inflections}, reverse=True))

    def root(self, word: str) -> str:
        """The root of a lower-case word (short words are their own root)."""
        found = self._cache.get(word)
        if found is not None:
            return found
        root = word
        size = len(word)
        # `endswith` with every ending at once (in C) first: most words end in none of them
        if word.endswith(self._endings):
            for cut in self._inflection_lengths:  # the longest ending first, by dict lookups
                if size - cut < self.min_root - 1:
                    continue
                replacement = self.inflections.get(word[-cut:])
                if replacement is not None:
                    root = word[:-cut] + replacement
                    break
        suffixes, keep = self._suffix_set, self.min_root
        for _ in range(self.rounds):
            if not root.endswith(self.suffixes):
                break
            size = len(root)
            for cut in self._lengths:  # the longest suffix first, by set lookups
                if size - cut >= keep and root[-cut:] in suffixes:
                    root = root[:-cut]
                    break
            else:
                break
        self._cache[word] = root
        return root
