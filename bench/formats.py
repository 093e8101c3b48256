"""Parse time of the real report in each format, measured side by side in one process:
the document read (`graph.documents.read_document`) plus the parse (`graph.parse`), from the
file's bytes, median of several runs after one warm-up (imports and caches done)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from graph.documents import read_document
from graph.lexicon import load_lexicon
from graph.load import parse_document

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "reports"
REAL = "staffordshire-peel-2021-22"


def _median(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up: the reader's imports, the lexicon's caches
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def parse_times(runs: int, folder: Path = SHARED) -> dict[str, dict[str, float]]:
    """{format: {"read": s, "total": s, "findings": n}} for each form of the real report
    found in `folder` (the text one at least)."""
    lexicon = load_lexicon()
    out: dict[str, dict[str, float]] = {}
    for fmt in ("txt", "html", "pdf"):
        path = folder / f"{REAL}.{fmt}"
        if not path.is_file():
            continue
        data = path.read_bytes()
        read = _median(lambda data=data, name=path.name: read_document(data, name), runs)

        def whole(data: bytes = data, name: str = path.name) -> int:
            report = parse_document(read_document(data, name), name, lexicon)
            return len(report.all_findings())

        out[fmt] = {"read": read, "total": _median(whole, runs), "findings": whole(),
                    "bytes": len(data)}  # fmt: skip
        if fmt == "pdf":
            out[fmt]["floor"] = _median(lambda data=data: pdfium_floor(data), runs)
    return out


def pdfium_floor(data: bytes) -> int:
    """What any reading of a PDF's text costs: PDFium opens the document, loads each page and
    its text page and gives the page's text; no layout. The PDF target is a ratio to this,
    measured in the same run (the text parse is no floor for it: PDFium's page loading is
    most of a PDF's cost and has nothing to do with parsing text)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    characters = 0
    try:
        for number in range(len(pdf)):
            page = pdf[number]
            textpage = page.get_textpage()
            count = textpage.count_chars()
            characters += len(textpage.get_text_range(0, count)) if count > 0 else 0
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return characters
