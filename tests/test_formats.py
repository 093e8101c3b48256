"""One report in three formats gives one graph: the text, HTML and PDF forms of the real
report (and of the fictional Kestrel Vale 2021/22 report) compared field by field, with each
format's provenance and with page furniture kept out of every body."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from report_fields import findings, links, norm

from graph.build import build_graph
from graph.documents import read_document
from graph.load import read_report
from graph.model import Report
from graph.text import normalise_text, strip_links

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "reports"
REAL = SHARED / "staffordshire-peel-2021-22"
KESTREL = SHARED / "fictional" / "kestrel-vale-peel-2021-22"

needs_shared = pytest.mark.skipif(
    not REAL.with_suffix(".pdf").is_file(), reason="../shared/reports is not present"
)
pytestmark = needs_shared


@pytest.fixture(scope="module")
def real() -> dict[str, Report]:
    return {fmt: read_report(REAL.with_suffix(f".{fmt}")) for fmt in ("txt", "html", "pdf")}


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_real_report_findings_equal_field_by_field(real: dict[str, Report], fmt: str) -> None:
    text, other = findings(real["txt"]), findings(real[fmt])
    assert len(other) == len(text) == 70
    for a, b in zip(text, other, strict=True):
        for field in a:
            assert a[field] == b[field], f"{a['id']}: {field} differs in the {fmt} form"


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_real_report_areas_and_header_equal(real: dict[str, Report], fmt: str) -> None:
    a, b = real["txt"], real[fmt]
    assert (b.id, b.force, b.cycle, b.title, b.published, b.inspector) == (
        a.id, a.force, a.cycle, a.title, a.published, a.inspector)  # fmt: skip
    assert [(s.key, s.grade, s.status, norm(s.summary)) for s in b.areas] == [
        (s.key, s.grade, s.status, norm(s.summary)) for s in a.areas
    ]
    assert b.judgments == a.judgments
    assert b.warnings == a.warnings == []


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_real_report_theme_unit_partner_links_equal(real: dict[str, Report], fmt: str) -> None:
    text_links = links(build_graph([real["txt"]]))
    other_links = links(build_graph([real[fmt]]))
    assert other_links.keys() == text_links.keys()
    for node, kinds in text_links.items():
        for kind, targets in kinds.items():
            assert other_links[node][kind] == targets, f"{node}: {kind} differs in {fmt}"
    assert sum(len(t) for k in text_links.values() for t in k.values()) > 200


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_glossary_links_survive_as_terms_and_the_graphs_match(
    real: dict[str, Report], fmt: str
) -> None:
    """HTML links and a PDF's link annotations give the text form's `[term](#)` links; with
    them every node and edge of the three graphs is the same."""
    text, other = build_graph([real["txt"]]), build_graph([real[fmt]])
    terms = {n for n, d in text.nodes(data=True) if d["kind"] == "term"}
    assert len(terms) > 40
    assert {n for n, d in other.nodes(data=True) if d["kind"] == "term"} == terms
    assert set(other.nodes) == set(text.nodes)
    assert set(other.edges(keys=True)) == set(text.edges(keys=True))


def test_pdf_findings_carry_their_pages(real: dict[str, Report]) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(REAL.with_suffix(".pdf"))
    texts = [" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]
    g = build_graph([real["pdf"]])
    found = [(n, d) for n, d in g.nodes(data=True) if d["kind"] == "finding"]
    for node, data in found:
        pages = data["pages"]
        assert pages and pages == sorted(pages) and 1 <= pages[0] <= pages[-1] <= len(texts)
        assert pages[-1] - pages[0] <= 3, node
        words = " ".join(data["title"].split()[:6])
        assert words in texts[pages[0] - 1], f"{node}: title not on page {pages[0]}"
        assert data["anchor"] is None
    assert any(len(d["pages"]) > 1 for _, d in found)  # a finding across a page break


def test_html_findings_carry_their_section_anchor(real: dict[str, Report]) -> None:
    html = REAL.with_suffix(".html").read_text(encoding="utf-8")
    g = build_graph([real["html"]])
    for node, data in g.nodes(data=True):
        if data["kind"] != "finding":
            continue
        anchor = data["anchor"]
        assert anchor and f'id="{anchor}"' in html, node
        assert data["pages"] == []
    concern = g.nodes["finding:staffordshire-2021-22:investigating-crime:cause-of-concern-1"]
    start = html.index(f'id="{concern["anchor"]}"')
    assert concern["title"][:40] in html[start : start + 400]  # the finding's own heading


def test_text_findings_keep_line_spans(real: dict[str, Report]) -> None:
    g = build_graph([real["txt"]])
    data = g.nodes["finding:staffordshire-2021-22:investigating-crime:cause-of-concern-1"]
    lines = REAL.with_suffix(".txt").read_text(encoding="utf-8").splitlines()
    assert lines[data["line_start"] - 1].startswith(data["title"][:40])
    assert (data["pages"], data["anchor"]) == ([], None)
    assert g.nodes["report:staffordshire-2021-22"]["format"] == "txt"


FURNITURE = ("Staffordshire Police PEEL", "PEEL 2021/22 \u2013 Staffordshire Police",
             "Print this document", "Cookies", "Privacy notice", "Skip to main content",
             "About us", "Published on")  # fmt: skip


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_page_furniture_never_in_a_body(real: dict[str, Report], fmt: str) -> None:
    for _area, finding in real[fmt].all_findings():
        for paragraph in finding.paragraphs:
            text = normalise_text(paragraph.plain)
            assert not re.fullmatch(r"(Page )?\d+( of \d+)?", text.strip()), finding.title
            for phrase in FURNITURE:
                assert normalise_text(phrase) not in text, (phrase, finding.title)
    for area in real[fmt].areas:
        assert all(not re.fullmatch(r"\d+", p.plain.strip()) for p in area.intro)


def test_pdf_joins_paragraphs_split_by_a_page_break(real: dict[str, Report]) -> None:
    document = read_document(REAL.with_suffix(".pdf").read_bytes(), "real.pdf")
    lines, pages = document.text.split("\n"), document.pages
    split = [
        n for n in range(1, len(pages))
        if pages[n - 1] and pages[n] and pages[n - 1] != pages[n] and lines[n - 1] and lines[n]
    ]  # fmt: skip
    assert split, "no paragraph runs across a page break in the real report"
    bodies = {norm(f.body) for _, f in real["txt"].all_findings()}
    assert {norm(f.body) for _, f in real["pdf"].all_findings()} == bodies


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_bullets_stay_list_items(real: dict[str, Report], fmt: str) -> None:
    factors = [(f.effect, norm(f.title)) for f in real[fmt].factors]
    assert factors == [(f.effect, norm(f.title)) for f in real["txt"].factors]
    assert len(factors) == 7


# -- Kestrel Vale 2021/22: a second report, checked against the answers read by hand --------


@pytest.fixture(scope="module")
def kestrel() -> dict[str, Report]:
    return {fmt: read_report(KESTREL.with_suffix(f".{fmt}")) for fmt in ("txt", "html", "pdf")}


def test_kestrel_html_and_pdf_equal_field_by_field(kestrel: dict[str, Report]) -> None:
    html, pdf = findings(kestrel["html"]), findings(kestrel["pdf"])
    assert len(html) == len(pdf) > 60
    for a, b in zip(html, pdf, strict=True):
        for field in a:
            assert a[field] == b[field], f"{a['id']}: {field} differs between HTML and PDF"
    assert links(build_graph([kestrel["html"]])) == links(build_graph([kestrel["pdf"]]))


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_kestrel_renderings_match_the_answers(kestrel: dict[str, Report], fmt: str) -> None:
    answers = json.loads((SHARED / "fictional" / "kestrel-vale.answers.json").read_text())
    gold = next(r for r in answers["reports"] if r["cycle"] == "2021/22")
    report = kestrel[fmt]
    expected = [
        (f["kind"], norm(normalise_text(strip_links(f["title"]))))
        for area in gold["areas"] for f in area["findings"]
    ]  # fmt: skip
    got = [(f.kind, norm(f.title)) for area in report.areas for f in area.findings]
    assert got == expected
    by_heading = {norm(normalise_text(a.heading)): a for a in report.areas}
    graded = [a for a in gold["areas"] if a["grade"] not in ("ungraded", "not inspected")]
    assert len(graded) >= 8
    for area in graded:
        assert by_heading[norm(normalise_text(area["name"]))].grade == area["grade"]


def test_kestrel_text_agrees_with_its_html(kestrel: dict[str, Report]) -> None:
    """The heading before a space-only line (line 578) is a finding, not a chart caption, in
    the text form too: text and HTML give the same titles and bodies."""
    text = {f["title"]: f for f in findings(kestrel["txt"])}
    html = {f["title"]: f for f in findings(kestrel["html"])}
    assert "The force should reduce waiting times for occupational health and psychological" \
        " support" in text
    assert text == html


def test_html_without_main_and_with_site_furniture_reads_the_same(real: dict[str, Report]) -> None:
    """Another site's page: no `main`, a cookie banner, a share box, scripts, an aside and a
    footer with a print link, all in `body`; the report reads the same."""
    page = REAL.with_suffix(".html").read_text(encoding="utf-8")
    page = re.sub(r"<main[^>]*>", '<div class="content">', page).replace("</main>", "</div>")
    page = page.replace("<body>", (
        '<body><div id="global-cookie-message" class="gem-c-cookie-banner"><p>Cookies on'
        " this website</p><p>We use some essential cookies to make this website work.</p>"
        '<button>Accept additional cookies</button></div><script>var x = "<p>no</p>";</script>'
        '<aside class="sidebar"><h2>Related publications</h2><p>PEEL 2018/19.</p></aside>'
    ))  # fmt: skip
    page = page.replace('<h2 id="hm-inspectors-observations">', (
        '<div class="share-links"><p>Share this page</p><p>Share on Mastodon</p></div>'
        '<p>Print this document</p><h2 id="hm-inspectors-observations">'
    ))  # fmt: skip
    document = read_document(page.encode("utf-8"), "other-site.html")
    for phrase in (
        "Cookies on this website",
        "essential cookies",
        "Related publications",
        "Share this page",
        "Mastodon",
        "Print this document",
        "no</p>",
        "About us",
    ):
        assert phrase not in document.text, phrase
    from graph.load import parse_document

    report = parse_document(document, "other-site.html")
    assert findings(report) == findings(real["html"])


def test_2023_25_renderings_give_the_same_blocks() -> None:
    """The readers know no cycle: the 2023-25 report's HTML and PDF give the same blocks
    (headings, paragraphs, bullets, table rows) from its first section on, and the HTML the
    same as the text form's with its page-break splits joined, ready for the parser."""
    from graph.text import split_blocks

    stem = SHARED / "fictional" / "kestrel-vale-peel-2023-25"

    def blocks(fmt: str) -> list[str]:
        document = read_document(stem.with_suffix(f".{fmt}").read_bytes(), f"k.{fmt}")
        out = [f"{b.kind}: {norm(normalise_text(b.plain))}" for b in split_blocks(document.text)]
        return out[out.index("paragraph: Overall summary") :]

    html, pdf = blocks("html"), blocks("pdf")
    assert len(html) > 200 and pdf == html
    text = " ".join(b.split(": ", 1)[1] for b in blocks("txt"))
    assert " ".join(b.split(": ", 1)[1] for b in html) == text


def _as_markdown(text: str) -> str:
    """The real report written as Markdown: `###` headings, `*` bullets, pipe tables, bold."""
    from graph.text import split_blocks

    out: list[str] = []
    in_table = False
    for block in split_blocks(text):
        if block.kind == "row":
            out.append("| " + " | ".join(block.cells) + " |")
            if not in_table:
                out.append("|" + " --- |" * len(block.cells))
            in_table = True
            continue
        if in_table:
            out.append("")
        in_table = False
        if block.kind == "bullets":
            out += [f"* {item}" for item in block.items]
        elif len(block.text) < 200 and not re.search(r"[.:;!?]$", block.plain):
            out.append(f"### {block.text}")
        else:
            out.append(block.text.replace("Staffordshire Police", "**Staffordshire Police**"))
        out += [""] * block.blank_after
    return "\n".join(out) + "\n"


def test_markdown_gives_the_same_findings(real: dict[str, Report]) -> None:
    from graph.load import parse_document

    markdown = _as_markdown(REAL.with_suffix(".txt").read_text(encoding="utf-8"))
    assert "### Our judgments" in markdown and "| --- |" in markdown
    document = read_document(markdown.encode("utf-8"), "staffordshire.md")
    report = parse_document(document, "staffordshire.md")
    assert report.format == "md"
    assert findings(report) == findings(real["txt"])
    assert report.judgments == real["txt"].judgments
    concern = next(f for _, f in report.all_findings() if f.kind == "cause_of_concern")
    assert document.anchors[concern.line_start - 1] == slugify_title(concern.title)


def slugify_title(title: str) -> str:
    from graph.text import slugify

    return slugify(title)
