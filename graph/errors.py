"""Errors that name the file (or field) and the reason, so bad input is easy to fix."""

from __future__ import annotations

__all__ = ["LexiconError", "PeelGraphError", "ReportError"]


class PeelGraphError(Exception):
    """Base class for every error this package raises on purpose."""


class LexiconError(PeelGraphError):
    """The lexicon file is malformed."""


class ReportError(PeelGraphError):
    """A report cannot be loaded: names the source, the reason and, where known, the line."""

    def __init__(self, source: str, reason: str, line: int | None = None) -> None:
        self.source = source
        self.reason = reason
        self.line = line
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {reason}")
