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

    # Endings and suffixes by their last letter, longest first: a word's last letter picks
    # the few that can end it, each tested with `endswith` (an empty one ends nothing).
    _endings_by_last: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    _suffixes_by_last: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.suffixes = tuple(sorted(set(self.suffixes), key=lambda s: (-len(s), s)))
        self.inflections = dict(
            sorted(self.inflections.items(), key=lambda kv: (-len(kv[0]), kv[0]))
        )
        endings: dict[str, list[tuple[str, str]]] = {}
        for ending, replacement in self.inflections.items():  # longest first
            if ending:
                endings.setdefault(ending[-1], []).append((ending, replacement))
        self._endings_by_last = {k: tuple(v) for k, v in endings.items()}
        suffixes: dict[str, list[str]] = {}
        for suffix in self.suffixes:  # longest first
            if suffix:
                suffixes.setdefault(suffix[-1], []).append(suffix)
        self._suffixes_by_last = {k: tuple(v) for k, v in suffixes.items()}

    def root(self, word: str) -> str:
        """The root of a lower-case word (short words are their own root)."""
        found = self._cache.get(word)
        if found is not None:
            return found
        root = word
        size = len(word)
        if word:
            for ending, replacement in self._endings_by_last.get(word[-1], ()):
                cut = len(ending)  # the longest ending first that leaves enough letters
                if size - cut >= self.min_root - 1 and word.endswith(ending):
                    root = word[:-cut] + replacement
                    break
        keep, by_last = self.min_root, self._suffixes_by_last
        for _ in range(self.rounds):
            for suffix in by_last.get(root[-1:], ()):
                cut = len(suffix)  # the longest suffix first
                if len(root) - cut >= keep and root.endswith(suffix):
                    root = root[:-cut]
                    break
            else:
                break
        self._cache[word] = root
        return root
