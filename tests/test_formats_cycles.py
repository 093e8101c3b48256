"""Both Kestrel Vale cycles in three formats: the text, HTML and PDF forms of the 2021/22 and
2023-2025 reports give the same findings field by field, the same theme, unit and partner
links, and, loaded beside the 2021/22 report, the same follow-up links.

The 2023-2025 PDF sets its title block's "PEEL 2023-2025" line and the line under it in one
type at ordinary spacing (one block to the PDF reader), and the text form ends with a final
newline (blank lines after the last block): both once made the formats disagree."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_fields import findings, links, norm

from graph.build import build_graph
from graph.load import load_graph, read_report
from graph.model import Report
from graph.parse import parse_report

FICTIONAL = Path(__file__).resolve().parent.parent.parent / "shared" / "reports" / "fictional"
STEM = "kestrel-vale-peel-{cycle}"
CYCLES = ("2021-22", "2023-25")
FORMATS = ("txt", "html", "pdf")

pytestmark = pytest.mark.skipif(
    not (FICTIONAL / "kestrel-vale-peel-2023-25.pdf").is_file(),
    reason="../shared/reports/fictional is not present",
)


def _path(cycle: str, fmt: str) -> Path:
    return FICTIONAL / f"{STEM.format(cycle=cycle)}.{fmt}"


class _Reports(dict):
    """Each form read when first asked for, so one unreadable form fails only its own tests."""

    def __missing__(self, key: tuple[str, str]) -> Report:
        self[key] = read_report(_path(*key))
        return self[key]


@pytest.fixture(scope="module")
def reports() -> _Reports:
    return _Reports()


@pytest.mark.parametrize("fmt", ["html", "pdf"])
@pytest.mark.parametrize("cycle", CYCLES)
def test_findings_equal_field_by_field(reports, cycle: str, fmt: str) -> None:
    text, other = findings(reports[cycle, "txt"]), findings(reports[cycle, fmt])
    assert len(text) > 60
    assert [f["id"] for f in other] == [f["id"] for f in text]
    for a, b in zip(text, other, strict=True):
        for field in a:
            assert b[field] == a[field], f"{a['id']}: {field} differs in the {fmt} form"


@pytest.mark.parametrize("fmt", ["html", "pdf"])
@pytest.mark.parametrize("cycle", CYCLES)
def test_header_areas_and_judgments_equal(reports, cycle: str, fmt: str) -> None:
    a, b = reports[cycle, "txt"], reports[cycle, fmt]
    assert (b.id, b.force, b.cycle, b.cycle_key, b.title, b.published, b.inspector) == (
        a.id, a.force, a.cycle, a.cycle_key, a.title, a.published, a.inspector)  # fmt: skip
    assert b.cycle_key == cycle
    assert [(s.key, s.grade, s.status, norm(s.summary)) for s in b.areas] == [
        (s.key, s.grade, s.status, norm(s.summary)) for s in a.areas
    ]
    assert b.judgments == a.judgments
    assert b.warnings == a.warnings == []


@pytest.mark.parametrize("fmt", ["html", "pdf"])
@pytest.mark.parametrize("cycle", CYCLES)
def test_theme_unit_partner_links_equal(reports, cycle: str, fmt: str) -> None:
    text = links(build_graph([reports[cycle, "txt"]]))
    other = links(build_graph([reports[cycle, fmt]]))
    assert other == text
    assert sum(len(t) for kinds in text.values() for t in kinds.values()) > 150


@pytest.mark.parametrize("cycle", CYCLES)
def test_no_body_holds_the_sites_address_or_a_figure_made_of_it(reports, cycle: str) -> None:
    """The publisher's address printed under the last page's footer, or left where a page
    broke (the 2023-2025 text has one mid-report), is furniture in every form; and what ends
    the file is no chart caption."""
    for fmt in FORMATS:
        for _, finding in reports[cycle, fmt].all_findings():
            assert "www." not in finding.body, (fmt, finding.title)
            assert not finding.body.endswith("hmicfrs"), (fmt, finding.title)


def test_blank_lines_at_the_end_of_a_text_change_nothing() -> None:
    """A final newline (or several blank lines) ends the file; it is no gap before a chart."""
    text = _path("2023-25", "txt").read_text(encoding="utf-8").rstrip("\n")
    forms = [parse_report(text + end, "k.txt") for end in ("", "\n", "\n\n\n")]
    assert findings(forms[1]) == findings(forms[2]) == findings(forms[0])
    last = forms[1].areas[-1].findings[-1]
    assert last.body.endswith("we have closed this area for improvement.")


def test_a_cycle_title_sharing_a_block_with_the_next_line_is_declared() -> None:
    """A PDF sets "PEEL 2023-2025" and the line under it in one type at line spacing: one
    block to its reader. The title line still declares the cycle, whatever line follows."""
    text = _path("2023-25", "txt").read_text(encoding="utf-8")
    joined = text.replace(
        "PEEL 2023\u20132025\n\nPolice effectiveness",
        "PEEL 2023\u20132025\nPolice effectiveness",
        1,
    )
    assert joined != text
    a, b = parse_report(text, "k.txt"), parse_report(joined, "k.txt")
    assert (b.cycle, b.cycle_key, b.title) == (a.cycle, a.cycle_key, a.title)
    assert b.cycle_key == "2023-25"
    assert findings(b) == findings(a)


def _follow_ups(fmt: str) -> list[tuple]:
    loaded = load_graph(
        FICTIONAL,
        files=[_path("2021-22", "txt"), _path("2023-25", fmt)],
        strict=True,
    )
    return sorted(
        (u, v, d["status"], norm(d["evidence"]), round(d["score"], 4), sorted(d["matched"]))
        for u, v, k, d in loaded.graph.edges(keys=True, data=True)
        if k == "follows_up"
    )


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_2023_25_rendering_gives_the_text_pairs_follow_ups(fmt: str) -> None:
    text = _follow_ups("txt")
    assert len(text) >= 20
    assert {status for _, _, status, *_ in text} == {"closed", "partly_addressed", "not_addressed"}
    assert _follow_ups(fmt) == text
