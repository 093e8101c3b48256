"""The real report's structure, pinned from reading the report (not from the parser's output)."""

from __future__ import annotations

import textwrap

import pytest

from graph.errors import ReportError
from graph.model import Report
from graph.parse import parse_report

GRADES = {
    "victim-service-assessment": None,
    "crime-data-integrity": "Requires improvement",
    "treatment-of-the-public": "Requires improvement",
    "preventing-crime": "Adequate",
    "responding-to-the-public": "Inadequate",
    "investigating-crime": "Inadequate",
    "protecting-vulnerable-people": "Requires improvement",
    "managing-offenders": "Inadequate",
    "serious-organised-crime": None,
    "developing-a-positive-workplace": "Requires improvement",
    "vetting-and-counter-corruption": None,
    "good-use-of-resources": "Requires improvement",
}

CAUSES_OF_CONCERN = {
    "responding-to-the-public": [
        "Staffordshire Police needs to improve how it determines and assesses vulnerability at"
        " the first point of contact",
    ],
    "investigating-crime": [
        "The force needs to make sure that it carries out effective investigations and that it"
        " gives victims the support they need",
    ],
}

AREAS_FOR_IMPROVEMENT = {
    "crime-data-integrity": [
        "The force needs to improve the time it takes to record crimes",
        "The force is poor at recording crime when anti-social behaviour is reported",
        "The force needs to improve the recording of equality data",
    ],
    "treatment-of-the-public": [
        "The force should develop and implement an effective strategy to work with its local"
        " communities so it can identify and respond to their needs",
        "The force needs to improve certain aspects of its use of force and stop and search",
    ],
    "preventing-crime": [
        "The force should make sure there is a clear strategy for neighbourhood policing that is"
        " understood by all its staff. This should be supported by a governance framework which"
        " monitors effectiveness and promotes improvement",
        "The force should improve its use of problem solving, with a structured and effective"
        " model that includes evaluation and sharing of effective practice",
        "The force should review its neighbourhood policing abstraction policy and ensure that"
        " abstractions are effectively monitored",
    ],
    "responding-to-the-public": [
        "The force should take steps to understand the demand on its officers to respond to calls"
        " for service and manage its resources effectively to cope with that demand",
        "The force needs to attend calls for service in line with its published attendance times"
        " and ensure that when this doesn't occur, victims are fully updated",
    ],
    "investigating-crime": [
        "The force needs to be more efficient at retrieving digital evidence from mobile phones,"
        " computers and other electronic devices to make sure investigations aren't delayed",
        "The force needs to make sure that all appropriate investigative opportunities are"
        " carried out before closing an investigation",
        "The force should make sure it holds an auditable record of victims' decisions and their"
        " reasons for withdrawing their support and that victims' wishes for an out-of-court"
        " disposal or a caution are fully documented",
    ],
    "protecting-vulnerable-people": [
        "The force requires a clear governance and performance reporting structure for"
        " vulnerability which is understood throughout the force",
        "The force should collect victim feedback on a regular basis, including through partner"
        " agencies and use this information to improve services, both at an organisational and"
        " individual level",
        "The force should review its capacity and capability to better understand future demand"
        " and the resources it needs",
    ],
    "managing-offenders": [
        "The force needs to improve its monitoring and oversight of outstanding suspects and"
        " wanted people",
        "The force should urgently review its staffing levels within the Safenet team in order to"
        " manage the demand and ensure the wellbeing of its staff",
        "The force should implement an intelligence review process for cases awaiting enforcement"
        " action",
        "The force should implement high-quality supervisor reviews within its sexual offender"
        " management unit team, to monitor outstanding and overdue work",
    ],
    "developing-a-positive-workplace": [
        "The force should ensure that its officers and staff have manageable workloads and a good"
        " work-life balance",
        "The force should ensure that it provides suitable support and capacity for its"
        " supervisors so that they are fully equipped and confident to manage the performance and"
        " development of its staff",
        "The force should continue to improve the visibility of its senior leadership",
    ],
    "good-use-of-resources": [
        "The force should make sure it improves its understanding of current demand",
        "The force should make sure that it has effective plans to meet future demand",
        "The force should make sure it has a good understanding of capability and capacity and"
        " that it makes best use of the resources it has at its disposal",
    ],
}

MAIN_FINDINGS = {
    "crime-data-integrity": [
        "The force needs to improve the recording of rape crimes from reported incidents of rape",
        "The force should take more care when cancelling crimes of rape",
    ],
    "treatment-of-the-public": [
        "The force is developing opportunities to get local people involved in policing, but it"
        " could advertise them more clearly",
        "The force should make sure it scrutinises its own use of stop and search powers and use"
        " of force",
        "The force has re-introduced external scrutiny panels, but these are still under"
        " development",
    ],
    "preventing-crime": [
        "The force analyses its own and partnership data to establish where demands are highest"
        " and vulnerable people need help",
        "The force focuses on early intervention and is developing an evidence-based policing"
        " culture",
    ],
    "responding-to-the-public": [
        "The force has several ways for the public to make calls for service",
        "The force assesses vulnerability and completes risk assessments at initial response",
        "Supervisors are not always able to provide visible leadership due to demand",
        "Workloads in the control room and for response officers are not always manageable, and"
        " wellbeing support is inconsistent",
    ],
    "investigating-crime": [
        "The force should make sure it offers victim personal statements when appropriate and"
        " that it records them",
        "The force has focused on its governance arrangements to improve investigative"
        " performance",
    ],
    "protecting-vulnerable-people": [
        "The force works proactively with other organisations to reduce vulnerability and repeat"
        " victimisation but lacks capacity to do this in some areas",
        "The force should make sure that DVPN/Os are considered in all appropriate cases",
        "The force provides continuing safeguarding support for vulnerable people",
    ],
    "managing-offenders": [
        "The force has an effective integrated offender management programme",
        "The force manages the risk that RSOs pose but should ensure that officers complete an"
        " active risk management systems assessment when they take over responsibility from"
        " probation. The force should ensure that there is a system in place to remind officers"
        " when these assessments are due",
        "The force uses sexual harm prevention orders but can improve its monitoring and"
        " enforcement of them",
        "The force is improving its use of bail and released under investigation, but improved"
        " governance and performance management is needed",
    ],
    "developing-a-positive-workplace": [
        "Ethical standards are clearly promoted throughout the force",
        "The force promotes a positive and inclusive culture for its workforce but must do more to"
        " encourage wider staff feedback",
        "The force is taking effective action to build a workforce that better reflects its"
        " communities",
    ],
    "good-use-of-resources": [
        "The force cannot show that its investment in technology is improving productivity",
        "The force has an effective long-term planning and performance framework and makes sure"
        " that it tackles what is important locally and nationally",
        "The force's financial plans are affordable and will support it to continue to meet"
        " future demands",
        "The force is working effectively with partner organisations, demonstrably leading to"
        " better value for money",
    ],
}

OBSERVATIONS = [
    "The force needs to improve how it identifies vulnerable victims at the first point of contact",
    "The force needs to make sure that it carries out effective investigations, giving victims"
    " the support they need",
    "The force needs to improve how it manages offenders and outstanding suspects",
]

VICTIM_SERVICE = [
    "The force needs to improve the time it takes to answer emergency and non-emergency calls and"
    " the identification of repeat or vulnerable victims",
    "The force doesn't always respond to calls for service in a timely way",
    "The force's crime recording requires improvement to make sure victims receive an"
    " appropriate level of service",
    "The force isn't always carrying out investigations in an effective or timely way or"
    " providing victims with the appropriate levels of advice and support for the crime",
    "The force generally finalises reports of crimes appropriately but sometimes fails to consult"
    " victims for their views or to record them",
]


def titles(report: Report, kind: str) -> dict[str, list[str]]:
    found = {a.key: [f.title for f in a.findings if f.kind == kind] for a in report.areas}
    return {key: value for key, value in found.items() if value}


def test_metadata(report: Report) -> None:
    assert report.id == "staffordshire-2021-22"
    assert report.force == "Staffordshire Police"
    assert report.cycle == "2021/22"
    assert report.published == "September 2022"
    assert report.inspector == "Wendy Williams"
    assert report.warnings == []


def test_every_area_and_grade(report: Report) -> None:
    assert {a.key: a.grade for a in report.areas} == GRADES
    assert [a.key for a in report.areas] == list(GRADES)  # report order


def test_judgments_table_agrees_with_sections(report: Report) -> None:
    assert report.judgments == {k: g for k, g in GRADES.items() if g}


def test_not_yet_inspected_sections(report: Report) -> None:
    status = {a.key: a.status for a in report.areas}
    assert status["serious-organised-crime"] == "not_inspected"
    assert status["vetting-and-counter-corruption"] == "not_inspected"
    assert status["victim-service-assessment"] == "ungraded"


def test_causes_of_concern(report: Report) -> None:
    assert titles(report, "cause_of_concern") == CAUSES_OF_CONCERN


def test_areas_for_improvement(report: Report) -> None:
    assert titles(report, "area_for_improvement") == AREAS_FOR_IMPROVEMENT


def test_main_findings(report: Report) -> None:
    assert titles(report, "main_finding") == MAIN_FINDINGS


def test_observations_and_victim_service(report: Report) -> None:
    assert [f.title for f in report.observations] == OBSERVATIONS
    assert titles(report, "assessment_finding") == {"victim-service-assessment": VICTIM_SERVICE}


def test_reducing_crime_factors(report: Report) -> None:
    effects = [f.effect for f in report.factors]
    assert effects == ["positive"] + ["negative"] * 6
    assert report.factors[0].title.startswith("The force's work in early intervention")


def test_page_break_fragments_are_rejoined(report: Report) -> None:
    (managing,) = [a for a in report.areas if a.key == "managing-offenders"]
    arms = managing.findings[-3]  # the RSO finding, whose MAPPA paragraph spans a page break
    assert arms.title.startswith("The force manages the risk that RSOs pose")
    assert any(
        p.plain.endswith("the expected timeframes for police to complete an ARMS assessment"
                         " when probation involvement ended.")
        for p in arms.paragraphs
    )
    assert not any(p.plain[:1].islower() for a in report.areas for f in a.findings
                   for p in f.paragraphs)


def test_sentence_with_final_full_stop_is_body_not_heading(report: Report) -> None:
    (investigating,) = [a for a in report.areas if a.key == "investigating-crime"]
    opportunities = investigating.findings[2]
    assert "supervisors are consistently involved in all investigations" in opportunities.body


def test_chart_caption_is_kept_as_a_figure_in_the_body(report: Report) -> None:
    (public,) = [a for a in report.areas if a.key == "treatment-of-the-public"]
    stop_search = public.findings[1]
    assert "Figure: Recorded use of force incidents by Staffordshire Police" in stop_search.body
    assert len([f for f in public.findings if f.kind == "area_for_improvement"]) == 2


def test_links_are_stripped_from_titles(report: Report) -> None:
    assert "[" not in "".join(f.title for _, f in report.all_findings())
    assert "](#)" not in "".join(f.body for _, f in report.all_findings())


def test_line_spans_point_at_the_heading(report: Report, report_text: str) -> None:
    lines = report_text.splitlines()
    for _, finding in report.all_findings():
        assert finding.line_start <= finding.line_end
        if finding.kind != "reducing_crime_factor":
            assert lines[finding.line_start - 1].replace("[", "").startswith(finding.title[:20])


def wrapped_crlf(text: str, break_on_hyphens: bool = True) -> str:
    """The same report hard-wrapped at 80 columns, CRLF endings and curly apostrophes."""
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) <= 80 or "\t" in line:
            out.append(line)
        else:
            out.extend(textwrap.wrap(line, 80, break_on_hyphens=break_on_hyphens,
                                     break_long_words=False))
    return "\r\n".join(out).replace("'", "\u2019")


def structure(report: Report) -> list:
    return [
        report.id, report.title, report.published, report.inspector, report.judgments,
        [(f.kind, f.title, f.body, f.effect) for f in report.observations + report.factors],
        [(a.key, a.grade, a.status, a.summary, [p.plain for p in a.intro],
          [(f.kind, f.title, f.body) for f in a.findings]) for a in report.areas],
    ]


@pytest.mark.parametrize("hyphens", [True, False])
def test_wrapped_crlf_curly_report_gives_the_same_structure(
    report: Report, report_text: str, hyphens: bool
) -> None:
    other = parse_report(wrapped_crlf(report_text, hyphens), "wrapped.txt")
    assert structure(other) == structure(report)


def test_requires_improvement_split_or_joined(report_text: str) -> None:
    joined = report_text.replace("Requires\nimprovement", "Requires improvement")
    split_by_blank = report_text.replace("Requires\nimprovement", "Requires\n\nimprovement")
    for text in (joined, split_by_blank):
        assert structure(parse_report(text)) == structure(parse_report(report_text))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "the file is empty"),
        ("   \n\n ", "the file is empty"),
        ("\x00\x01\x02binary" * 50, "binary data"),
        ("Shopping list\n\neggs\n\nmilk\n", "not a PEEL report"),
        ("PEEL 2021/22\n\nAn inspection of Nowhere Police\n\nOur judgments\n\nNo table here.\n",
         "not a PEEL report"),
    ],
)
def test_bad_input_names_the_file_and_reason(text: str, reason: str) -> None:
    with pytest.raises(ReportError) as raised:
        parse_report(text, "bad.txt")
    assert str(raised.value).startswith("bad.txt")
    assert reason in str(raised.value)


def test_grade_disagreement_is_a_warning(report_text: str) -> None:
    text = report_text.replace("Preventing crime\tRecording", "\tRecording").replace(
        "\t\t\tTreatment of the public", "\tPreventing crime\t\tTreatment of the public"
    )
    other = parse_report(text, "mismatch.txt")
    prevent = next(a for a in other.areas if a.key == "preventing-crime")
    assert prevent.grade == "Adequate"  # the section's own grade line wins
    assert any("Preventing crime" in w and "'Good'" in w for w in other.warnings)


def test_unknown_graded_section_is_kept_with_a_warning(report_text: str) -> None:
    text = report_text.replace("Vetting and counter corruption\n\nWe now inspect",
                               "Policing the roads\n\nGood\n\nWe now inspect")
    other = parse_report(text, "roads.txt")
    roads = next(a for a in other.areas if a.key == "policing-the-roads")
    assert roads.grade == "Good"
    assert any("policing-the-roads" in w for w in other.warnings)
