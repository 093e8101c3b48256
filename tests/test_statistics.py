"""Figures in text: the shortcuts `find_statistics` takes skip only scans that find nothing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from graph import extract as ex
from graph.text import inert_beyond_ascii

PIECES = [
    "1", "12", "2,500", "3.5", "2021", " ", "  ", "-", "\n", "\t", ".", ",", "%", "per cent",
    "percent", "PerCent", " of ", " out of ", "the ", "£", "£1.2m", " million", "day", "days",
    "DAYS", "hour", "week", "Monday", "years", "a", "an", "one", "Twelve", "officers", "x", "_",
    "\u017f", "\u212a", "\u0130", "\u0131", "\u00e9", "\u2019", "\u2013", "\xa0", "\u0301",
    "12 days", "a week", "one-hour", "2,500 years", "3.5 hours", "within 28 days", "x1 day",
    "5% of", "3 of 4", "£10 million",
]  # fmt: skip
TEXTS = st.lists(st.sampled_from(PIECES), max_size=16).map("".join)


@given(TEXTS)
@settings(max_examples=800, deadline=None)
def test_each_scan_is_skipped_only_where_it_finds_nothing(text: str) -> None:
    lowered = text.lower()
    if text.isascii():
        assert ex._has_digit(text) == (ex._DIGIT.search(text) is not None)
    if ex._PERCENT.search(text):
        assert "%" in text or "percent" in lowered or "per cent" in lowered
    if ex._PROPORTION.search(text):
        assert ex._OF_FIGURE.search(text)
    if ex._MONEY.search(text):
        assert "£" in text
    if ex._DURATION.search(text) and not text.isascii():
        assert any(unit in lowered for unit in ex._TIME_UNITS) or any(
            ch in text for ch in ex._FOLDS_TO_ASCII
        )
    if inert_beyond_ascii(text):
        assert [(m.span(), m.group(0)) for m in ex._durations(text)] == [
            (m.span(), m.group(0)) for m in ex._DURATION.finditer(text)
        ]
