"""Parse the text of a PEEL report into the document model (`graph.model`).

The parser works from the format, not from one report: sections are found by the lexicon's
headings, findings by shape (a one-sentence heading with no final full stop, then paragraphs),
and PDF artefacts (page-break fragments, stand-alone captions, space-only lines) are undone.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from .cycles import Cycle
from .errors import ReportError
from .lexicon import Area, Lexicon, load_lexicon
from .model import AreaSection, Finding, Paragraph, Report
from .text import Block, fold_key, slugify, split_blocks, strip_links

__all__ = ["parse_report"]

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_FOOTER = re.compile(rf"^(?P<month>(?:{_MONTHS}) \d{{4}})\s*\|\s*(?:©|\(c\))", re.IGNORECASE)
_CYCLE = re.compile(r"\bPEEL\s+(\d{4})\s*/\s*(\d{2,4})\b")
_FORCE = re.compile(r"^An inspection of (?:the )?(?P<force>.+?)\.?$", re.IGNORECASE)
_FORCE_SUFFIX = re.compile(
    r"\s+(?:Police Service|Police Force|Constabulary|Police)$", re.IGNORECASE
)
_CLOSERS = "'\")]"


def _ends_sentence(text: str) -> bool:
    """Whether the text ends as a sentence does: a full stop, colon, semicolon, ! or ?, then
    perhaps closing quotes and brackets (and a final newline), as a `$`-anchored regex would
    say; a search for that regex tries every place in the text, this looks at its end."""
    if text.endswith("\n"):
        text = text[:-1]
    text = text.rstrip(_CLOSERS)
    return text != "" and text[-1] in ".:;!?"


_HEADING_CHARS = 200  # no heading or label is longer


def _key(text: str) -> str:
    """A block's text folded for comparison with headings and labels; long paragraphs are
    never headings, so they are not folded at all."""
    return fold_key(text) if len(text) <= _HEADING_CHARS else ""


@cache
def _folded(headings: tuple[str, ...]) -> frozenset[str]:
    return frozenset(fold_key(h) for h in headings)


@dataclass(frozen=True, slots=True)
class _Marker:
    index: int
    kind: str  # judgments | observations | reducing | part | area
    area: Area | None = None
    heading: str = ""


# Control characters a text report never holds (a tab, newline, carriage return or form feed
# it may): counted with `str.count`, not by a Python loop over every character.
_CONTROLS = tuple(chr(code) for code in range(32) if chr(code) not in "\t\r\n\f")


def _binary_check(text: str, source: str) -> None:
    if not text.strip():
        raise ReportError(source, "the file is empty")
    sample = text[:4096]
    controls = sum(map(sample.count, _CONTROLS))
    if "\x00" in sample or controls > len(sample) // 100 + 2:
        raise ReportError(source, "binary data, not a text report")


class _Parser:
    def __init__(self, text: str, source: str, lexicon: Lexicon) -> None:
        self.source = source
        self.lex = lexicon
        self.fmt = lexicon.format
        self.warnings: list[str] = []
        self.published: str | None = None
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        blocks = []
        for block in split_blocks(text):
            footer = _FOOTER.match(block.text)
            if footer:
                self.published = self.published or footer.group("month")
                continue
            if self.fmt.page_furniture.search(block.text):
                continue  # the web address under a page: never a finding's text
            blocks.append(block)
        self.blocks = blocks
        self.grades = {fold_key(g): g for g in self.fmt.grades}
        self.labels = {
            fold_key(label): kind
            for kind, labels in self.fmt.subsections.items()
            for label in labels
        }
        self.single_labels = _folded(self.fmt.single_item_labels)
        self.recommendations = _folded(self.fmt.recommendations_headings)
        # Folded once here, not looked up (and the tuple hashed) for every block.
        self.judgments_headings = _folded(self.fmt.judgments_headings)
        self.observations_headings = _folded(self.fmt.observations_headings)
        self.reducing_headings = _folded(self.fmt.reducing_crime_headings)
        self.part_headings = _folded(self.fmt.part_headings)
        self.signature_titles = _folded(self.fmt.signature_titles)
        self.cycle: Cycle | None = None

    # -- helpers -------------------------------------------------------------------------
    def _is(self, block: Block, headings: frozenset[str]) -> bool:
        """Whether the block is a paragraph holding one of the (folded) headings."""
        return block.kind == "paragraph" and _key(block.text) in headings

    def _grade_at(self, index: int) -> tuple[str | None, int]:
        """The grade line after a heading (possibly split over two blocks) and blocks used."""
        if index >= len(self.blocks):
            return None, 0
        first = _key(self.blocks[index].text)
        if first in self.grades:
            return self.grades[first], 1
        if index + 1 < len(self.blocks):
            joined = f"{first} {_key(self.blocks[index + 1].text)}"
            if joined in self.grades:
                return self.grades[joined], 2
        return None, 0

    def _is_heading(self, block: Block) -> bool:
        text = block.plain.strip()
        return (
            block.kind == "paragraph"
            and not _ends_sentence(text)
            and (text[:1].isupper() or text[:1].isdigit())
            and len(text.split(None, 2)) >= 3  # three words or more, counted up to three
            and not self._is_caption(block)
        )

    def _is_caption(self, block: Block) -> bool:
        return block.blank_after >= 2 or bool(self.fmt.caption.search(block.plain))

    def _grade_sentence(self, block: Block | None) -> str | None:
        """The grade a section's opening sentence states ("… is good at …"), for sections
        with no grade line of their own (the 2023-2025 format)."""
        pattern = self.fmt.grade_sentence
        if block is None or pattern is None or block.kind != "paragraph":
            return None
        found = pattern.search(block.plain)
        return self.grades.get(fold_key(found.group("grade"))) if found else None

    # -- structure -----------------------------------------------------------------------
    def declare_cycle(self) -> None:
        """The cycle the title block declares, when the lexicon knows it (see [cycles]).

        A title is a line, not a block: a PDF sets the title block's lines in one type at
        ordinary line spacing, so its reader cannot tell them from one paragraph's lines and
        "PEEL 2023-2025" may share a block with the line under it."""
        for block in self.blocks[:40]:
            if fold_key(block.text) == "contents" or self._is(block, self.judgments_headings):
                break
            lines = self.lines[block.start - 1 : block.end] if block.end > block.start else []
            for line in [block.plain, *lines]:
                self.cycle = self.lex.cycle_declared(strip_links(line))
                if self.cycle:
                    return

    def markers(self) -> list[_Marker]:
        found: list[_Marker] = []
        for i, block in enumerate(self.blocks):
            if block.kind != "paragraph":
                continue
            # Long paragraphs are never headings (see `_key`): folding each of them to look
            # it up among the area names cost more than the rest of finding the markers.
            short = len(block.text) <= _HEADING_CHARS
            folded = _key(block.text)  # what `_is` compares, folded once for the block
            if folded in self.judgments_headings:
                found.append(_Marker(i, "judgments"))
            elif folded in self.observations_headings:
                found.append(_Marker(i, "observations"))
            elif folded in self.reducing_headings:
                found.append(_Marker(i, "reducing"))
            elif short and (area := self.lex.area_in_cycle(self.cycle, block.text)):
                found.append(_Marker(i, "area", area, block.plain))
            elif folded in self.part_headings:
                found.append(_Marker(i, "part"))
            elif short and (area := self.lex.area_by_heading(block.text)):
                found.append(_Marker(i, "area", area, block.plain))
            elif self._grade_at(i + 1)[0] and self._is_heading(block):
                key = slugify(block.plain)
                self.warnings.append(
                    f"line {block.start}: graded section {block.plain!r} is not in the lexicon;"
                    f" it is kept as area {key!r} (add it to data/lexicon.toml)"
                )
                area = Area(key, block.plain, block.plain, block.plain)
                found.append(_Marker(i, "area", area, block.plain))
        return found

    def title_block(self, end: int) -> tuple[str, str, str]:
        cycle = force = None
        title_parts: list[str] = []
        for block in self.blocks[:end]:
            text = block.plain
            if fold_key(text) == "contents":
                break
            match = _CYCLE.search(text)
            if self.cycle:
                cycle = self.cycle.name
            elif match and not cycle:
                year, tail = match.groups()
                cycle = f"{year}/{tail[-2:]}"
            found = _FORCE.match(text)
            if found and not force:
                force = found.group("force").strip()
            title_parts.append(text)
        if not cycle:
            raise ReportError(self.source, "no title block: 'PEEL YYYY/YY' not found at the top")
        if not force:
            raise ReportError(self.source, "no title block: 'An inspection of <force>' not found")
        title = f"PEEL {cycle}: an inspection of {force}"
        return cycle, force, title

    def judgments(self, blocks: list[Block]) -> dict[str, str]:
        header: dict[int, str] | None = None
        table: dict[str, str] = {}
        for block in blocks:
            if block.kind != "row":
                if header is not None and table:
                    break
                continue
            cells = [fold_key(c) for c in block.cells]
            if header is None:
                columns = {i: self.grades[c] for i, c in enumerate(cells) if c in self.grades}
                if len(columns) >= 3:
                    header = columns
                continue
            for i, cell in enumerate(block.cells):
                if not cell.strip():
                    continue
                grade = header.get(i)
                area = self.lex.area_in_cycle(self.cycle, cell) or self.lex.area_by_label(cell)
                if grade is None:
                    self.warnings.append(
                        f"line {block.start}: judgments cell {cell!r} is under no grade column"
                    )
                elif area is None:
                    self.warnings.append(
                        f"line {block.start}: judgments cell {cell!r} names no known area"
                    )
                else:
                    table[area.key] = grade
        if header is None:
            raise ReportError(
                self.source,
                "not a PEEL report: the 'Our judgments' table (grade columns separated by TABs)"
                " is missing",
            )
        return table

    # -- findings ------------------------------------------------------------------------
    def _topic(self, kind: str | None, heading: Block, in_group: int, single: bool,
               after: list[Block]) -> bool:
        """In a cycle with topic headings, whether a heading under a label is a topic heading
        rather than the label's kind: a single-item label's second heading, an area for
        improvement's title that does not say what the force should do, or a cause of concern
        with no recommendations before the next heading (`after`: the blocks that follow)."""
        if not (self.cycle and self.cycle.topic_headings) or kind in (None, "main_finding"):
            return False
        if single and in_group >= 1:
            return True
        title = self.fmt.improvement_title
        if kind == "area_for_improvement":
            return title is not None and not title.search(heading.plain)
        if kind == "cause_of_concern" and self.recommendations:
            for n, block in enumerate(after):
                if _key(block.text) in self.recommendations:
                    return False
                if block.kind != "paragraph":
                    continue
                following = after[n + 1] if n + 1 < len(after) else None
                split = following is not None and following.text[:1].islower()
                if _key(block.text) in self.labels or (self._is_heading(block) and not split):
                    break
            return True
        return False

    def findings(
        self, blocks: list[Block], kind: str | None, intro: list[Paragraph]
    ) -> list[Finding]:
        """Findings in a run of blocks; subsection labels switch the kind when kind is None."""
        found: list[Finding] = []
        current_kind = kind
        current: Finding | None = None
        in_group, single = 0, False
        accelerated: str | None = None  # "On <date>, we published … accelerated cause of concern"
        for i, block in enumerate(blocks):
            early = self.fmt.accelerated.search(block.plain) if block.kind == "paragraph" else None
            if early:
                accelerated = early.group("date")
            label = self.labels.get(_key(block.text)) if block.kind == "paragraph" else None
            if label and kind is None:
                current_kind, current = label, None
                in_group, single = 0, _key(block.text) in self.single_labels
                continue
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            split_by_page = (
                following is not None
                and following.kind == "paragraph"
                and following.text[:1].islower()
            )
            if current_kind and self._is_heading(block) and not split_by_page:
                if self._topic(current_kind, block, in_group, single, blocks[i + 1 :]):
                    current_kind = "main_finding"
                in_group += 1
                number = 1 + sum(1 for f in found if f.kind == current_kind)
                current = Finding(current_kind, Paragraph(block.text, block.start, block.end))
                current.number = number
                if current_kind == "cause_of_concern" and accelerated:
                    current.accelerated, accelerated = accelerated, None
                found.append(current)
                continue
            text = block.text
            if block.kind == "paragraph" and self._is_caption(block) and not _ends_sentence(
                block.plain
            ):
                text = f"Figure: {text}"
            target = current.paragraphs if current else intro
            if block.kind == "paragraph" and text[:1].islower() and target:
                last = target[-1]
                target[-1] = Paragraph(f"{last.text} {text}", last.start, block.end)
                continue
            items = block.items if block.kind == "bullets" else ()
            target.append(Paragraph(text, block.start, block.end, items))
        return found

    def area_section(self, marker: _Marker, blocks: list[Block], end_line: int) -> AreaSection:
        area = marker.area
        assert area is not None
        head = self.blocks[marker.index]
        grade, used = self._grade_at(marker.index + 1)
        if grade is None and area.graded:
            grade = self._grade_sentence(blocks[0] if blocks else None)
        rest = blocks[used:]
        summary = ""
        first = rest[0] if rest else None
        if grade and first and first.kind == "paragraph" and _ends_sentence(first.plain):
            summary, rest = first.plain, rest[1:]
        # Headings before any subsection label are findings of an ungraded assessment.
        lead = next(
            (i for i, b in enumerate(rest)
             if b.kind == "paragraph" and _key(b.text) in self.labels),
            len(rest),
        )
        intro: list[Paragraph] = []
        topics = self.cycle is not None and self.cycle.topic_headings and area.graded
        findings = self.findings(rest[:lead], "main_finding" if topics else "assessment_finding",
                                 intro)
        findings += self.findings(rest[lead:], None, intro)
        status = "graded" if grade else "ungraded"
        text = " ".join(b.plain for b in blocks)
        if not findings and self.fmt.not_inspected.search(text):
            status = "not_inspected"
        if area.graded and grade is None and status != "not_inspected":
            self.warnings.append(f"line {head.start}: section {head.plain!r} has no grade line")
        return AreaSection(
            key=area.key,
            name=area.name,
            heading=marker.heading,
            short_name=area.short_name,
            grade=grade,
            status=status,
            line_start=head.start,
            line_end=end_line,
            summary=summary,
            intro=intro,
            findings=findings,
        )

    def observations(
        self, blocks: list[Block], narrative: list[Paragraph]
    ) -> tuple[list[Finding], str | None]:
        inspector = None
        for i, block in enumerate(blocks):
            if self._is(block, self.signature_titles):
                before = [b for b in blocks[:i] if b.kind == "paragraph"]
                if before and not _ends_sentence(before[-1].plain):
                    inspector = before[-1].plain
                    blocks = [b for b in blocks[:i] if b is not before[-1]]
                else:
                    blocks = blocks[:i]
                break
        # The inspector's closing paragraphs ("My report sets out …") end the last observation.
        closing = next((i for i, b in enumerate(blocks)
                        if b.kind == "paragraph" and self.fmt.closing.search(b.plain)), len(blocks))
        narrative.extend(Paragraph(b.text, b.start, b.end) for b in blocks[closing:])
        return self.findings(blocks[:closing], "observation", narrative), inspector

    def factors(self, blocks: list[Block]) -> list[Finding]:
        found: list[Finding] = []
        for lead, block in pairwise(blocks):
            if block.kind != "bullets" or lead.kind != "paragraph":
                continue
            if self.fmt.negative_factor.search(lead.plain):
                effect = "negative"
            elif self.fmt.positive_factor.search(lead.plain):
                effect = "positive"
            else:
                continue
            for item in block.items:
                line = block.start + block.text.split("\n").index(f"- {item}")
                finding = Finding("reducing_crime_factor", Paragraph(item, line, line))
                finding.number = len(found) + 1
                finding.effect = effect
                found.append(finding)
        return found

    # -- the whole report ----------------------------------------------------------------
    def parse(self, line_count: int) -> Report:
        markers = self.markers()
        if not any(m.kind == "judgments" for m in markers):
            raise ReportError(
                self.source, "not a PEEL report: no 'Our judgments' heading and table"
            )
        if not any(m.kind == "area" for m in markers):
            raise ReportError(self.source, "not a PEEL report: no area-of-policing sections")
        cycle, force, title = self.title_block(markers[0].index)
        cycle_key = self.cycle.key if self.cycle else cycle.replace("/", "-")
        force_key = slugify(_FORCE_SUFFIX.sub("", force)) or slugify(force)
        report = Report(
            source=self.source,
            force=force,
            force_key=force_key,
            cycle=cycle,
            title=title,
            published=self.published,
            inspector=None,
            line_count=line_count,
            cycle_key=cycle_key,
        )
        seen: dict[str, int] = {}
        for n, marker in enumerate(markers):
            stop = markers[n + 1].index if n + 1 < len(markers) else len(self.blocks)
            body = self.blocks[marker.index + 1 : stop]
            end_line = body[-1].end if body else self.blocks[marker.index].end
            if marker.kind == "judgments":
                report.judgments.update(self.judgments(body))
            elif marker.kind == "observations":
                found, inspector = self.observations(body, report.narrative)
                report.observations.extend(found)
                report.inspector = report.inspector or inspector
            elif marker.kind == "reducing":
                report.factors.extend(self.factors(body))
                report.narrative.extend(_paragraphs(body))
            elif marker.kind == "part":
                report.narrative.extend(_paragraphs(body))
            elif marker.kind == "area" and marker.area:
                if marker.area.key in seen:
                    raise ReportError(
                        self.source,
                        f"section {marker.heading!r} appears twice (first at line"
                        f" {seen[marker.area.key]})",
                        self.blocks[marker.index].start,
                    )
                seen[marker.area.key] = self.blocks[marker.index].start
                report.areas.append(self.area_section(marker, body, end_line))
        self.cross_check(report)
        report.narrative.sort(key=lambda p: p.start)
        report.warnings = self.warnings
        return report

    def cross_check(self, report: Report) -> None:
        """The section's grade line is the grade; the table only confirms it."""
        sections = {a.key: a for a in report.areas}
        for key, grade in report.judgments.items():
            section = sections.get(key)
            if section is None:
                self.warnings.append(f"judgments table grades {key!r}, but no section has it")
            elif section.grade != grade:
                self.warnings.append(
                    f"section {section.heading!r} is graded {section.grade!r} but the"
                    f" judgments table says {grade!r}; the section's grade is used"
                )
        for section in report.areas:
            if section.grade and section.key not in report.judgments:
                self.warnings.append(
                    f"section {section.heading!r} is graded {section.grade!r} but is missing"
                    " from the judgments table"
                )


def _paragraphs(blocks: list[Block]) -> list[Paragraph]:
    return [Paragraph(b.text, b.start, b.end) for b in blocks if b.kind == "paragraph"]


def parse_report(text: str, source: str = "<text>", lexicon: Lexicon | None = None) -> Report:
    """Parse a report's text; raise `ReportError` naming the source and reason if it is not one."""
    _binary_check(text, source)
    parser = _Parser(text, source, lexicon or load_lexicon())
    parser.declare_cycle()
    report = parser.parse(len(text.splitlines()))
    report.digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return report
