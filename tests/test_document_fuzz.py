"""Mutated PDFs and HTML pages (a seeded mutator: replayable, bounded in count and time): every
outcome is a report or a `ReportError` naming the file, each within seconds, and memory stays
bounded. Nothing else may escape: no PDFium error, no recursion error, no hang."""

from __future__ import annotations

import resource
import time

import bad_documents as bad
import pytest
from document_mutator import mutants

from graph.documents import read_document
from graph.errors import ReportError
from graph.load import parse_document
from graph.model import Report

pytestmark = pytest.mark.skipif(
    not bad.REAL.with_suffix(".pdf").is_file(), reason="../shared/reports is not present"
)
PER_DOCUMENT_SECONDS = 5.0


def _outcomes(base: bytes, name: str, count: int, seed: int) -> dict[str, int]:
    seen: dict[str, int] = {}
    for n, data in enumerate(mutants(base, count, seed)):
        started = time.perf_counter()
        try:
            result = parse_document(read_document(data, name), name)
            assert isinstance(result, Report)
            outcome = "report"
        except ReportError as exc:
            assert str(exc).startswith(f"{name}:") and exc.source == name and exc.reason, exc
            outcome = exc.reason.split(" (")[0].split(":")[0]
        took = time.perf_counter() - started
        assert took < PER_DOCUMENT_SECONDS, f"mutant {n} (seed {seed}) took {took:.1f} s"
        seen[outcome] = seen.get(outcome, 0) + 1
    return seen


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_mutated_pdfs_give_a_report_or_a_clear_error() -> None:
    before = _rss_mb()
    started = time.perf_counter()
    seen = _outcomes(bad.pages_of_real(1, 4), "mutant.pdf", 120, seed=11)
    seen_full = _outcomes(bad.real_pdf(), "mutant.pdf", 8, seed=12)
    assert time.perf_counter() - started < 60
    assert _rss_mb() - before < 400
    # The mutator reaches every layer: the opener, the page loader and the parser.
    reasons = set(seen) | set(seen_full)
    assert {"damaged PDF", "truncated PDF", "not a PEEL report"} <= reasons, reasons


def test_mutated_html_pages_give_a_report_or_a_clear_error() -> None:
    before = _rss_mb()
    started = time.perf_counter()
    seen = _outcomes(bad.real_html(), "mutant.html", 150, seed=13)
    assert time.perf_counter() - started < 60
    assert _rss_mb() - before < 400
    assert seen.get("report", 0) > 50 and len(seen) > 2, seen
