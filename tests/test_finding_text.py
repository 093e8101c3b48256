"""A finding's text is the finding's: no page furniture, no closing words, and an accelerated
cause of concern says when it was first published."""

from __future__ import annotations

from test_parse import wrapped_crlf

from graph.model import Report
from graph.parse import parse_report


def test_no_web_address_in_a_body(report: Report) -> None:
    for _, finding in report.all_findings():
        assert "justiceinspectorates" not in finding.body, finding.title
    last = report.areas[-1].findings[-1]
    assert last.body.endswith("wider collaboration opportunities.")


def test_the_inspectors_closing_words_are_not_an_observation(report: Report) -> None:
    last = report.observations[-1]
    assert "My report sets out" not in last.body
    assert "I will continue to monitor" not in last.body
    assert any(p.plain.startswith("My report sets out") for p in report.narrative)


def test_accelerated_causes_of_concern_are_dated(report: Report) -> None:
    concerns = [f for _, f in report.all_findings() if f.kind == "cause_of_concern"]
    assert [f.accelerated for f in concerns] == ["29 March 2022", "29 March 2022"]
    others = [f for _, f in report.all_findings() if f.kind != "cause_of_concern"]
    assert not any(f.accelerated for f in others)


def test_the_same_in_a_wrapped_crlf_copy(report_text: str, report: Report) -> None:
    wrapped = parse_report(wrapped_crlf(report_text), "a.txt")
    assert [f.body for _, f in wrapped.all_findings()] == [f.body for _, f in report.all_findings()]
    assert [p.plain for p in wrapped.narrative] == [p.plain for p in report.narrative]
