"""Bad documents made in the test from the real report: nothing large is committed."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "reports" / "staffordshire-peel-2021-22"


def real_pdf() -> bytes:
    return REAL.with_suffix(".pdf").read_bytes()


def real_html() -> bytes:
    return REAL.with_suffix(".html").read_bytes()


def _save(pdf: pdfium.PdfDocument) -> bytes:
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def pages_of_real(first: int, last: int) -> bytes:
    """Pages first..last (1-based) of the real PDF as a PDF of their own."""
    source = pdfium.PdfDocument(real_pdf())
    new = pdfium.PdfDocument.new()
    new.import_pages(source, list(range(first - 1, last)))
    return _save(new)


def encrypted() -> bytes:
    """The real report's first pages behind a user password (pypdf; RC4 needs no crypto
    library)."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pages_of_real(1, 3)))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def without_text() -> bytes:
    """The real report's first pages with every text object removed: what a scan looks like
    to a text reader (the drawings, rules and bullets stay)."""
    pdf = pdfium.PdfDocument(pages_of_real(1, 4))
    for number in range(len(pdf)):
        page = pdf[number]
        for index in reversed(range(raw.FPDFPage_CountObjects(page.raw))):
            obj = raw.FPDFPage_GetObject(page.raw, index)
            if raw.FPDFPageObj_GetType(obj) == raw.FPDF_PAGEOBJ_TEXT:
                raw.FPDFPage_RemoveObject(page.raw, obj)
                raw.FPDFPageObj_Destroy(obj)
        raw.FPDFPage_GenerateContent(page.raw)
    return _save(pdf)


def truncated() -> bytes:
    data = real_pdf()
    return data[: len(data) // 2]


def not_a_report_pdf() -> bytes:
    """Text pages from the middle of the report: no title block, no judgments table."""
    return pages_of_real(10, 12)


NOT_A_REPORT_HTML = (
    b"<!DOCTYPE html><html><head><title>Cookies</title></head><body>"
    b"<nav><a href='/'>Home</a></nav><main><h1>How we use cookies</h1>"
    b"<p>We use cookies to make this website work.</p><ul><li>Essential cookies</li></ul>"
    b"</main></body></html>"
)


def content_bomb(megabytes: int) -> bytes:
    """A one-page PDF whose small compressed content stream expands to `megabytes` MB of
    drawing operations: PDFium takes seconds per ten MB and gigabytes at a few hundred."""
    import zlib

    packer = zlib.compressobj(9)
    chunk = b"0 0 m 1 1 l S\n" * (1024 * 1024 // 14)
    stream = b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
        + b"\nendstream",
    ]  # fmt: skip
    out, offsets = b"%PDF-1.7\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)  # fmt: skip


def huge_html(size: int = 50 * 1024 * 1024) -> bytes:
    """An HTML page of `size` bytes (50 MB by default)."""
    head = b"<!DOCTYPE html><html><body><main>"
    paragraph = b"<p>The force should improve how it supervises investigations.</p>\n"
    return head + paragraph * ((size - len(head)) // len(paragraph) + 1)
