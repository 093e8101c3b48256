"""Follow-up links: a later report's progress paragraph -> the earlier finding it reports on.

A progress paragraph names the previous inspection and the kind of finding ("In our 2021/22 PEEL
inspection, we identified an area for improvement about …") and paraphrases its subject, never
quoting its title. The earlier finding is the one of that kind in the force's previous report
whose words are most like the paraphrase, with a bonus for the same canonical area (or one the
lexicon says the area took over); the status is read from the words after the opening.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cycles import Progress
from .model import AreaSection, Finding, Report
from .similarity import Vectoriser, cosine, shared_terms
from .text import fold_key

__all__ = ["FollowUp", "Target", "find_follow_ups"]

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z'\"(\[])")


@dataclass(frozen=True)
class Target:
    """An earlier finding a progress paragraph may report on."""

    node: str
    kind: str
    area: str | None
    terms: list[str]  # of its title and body (`Vectoriser.terms`)


@dataclass(frozen=True)
class FollowUp:
    """One progress paragraph linked to the earlier finding it reports on."""

    source: str  # the later finding's node id
    target: str  # the earlier finding's node id
    status: str  # closed | partly_addressed | not_addressed | unknown
    evidence: str  # from the opening sentence to the end of the paragraph
    line: int
    score: float
    matched: list[str]


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _status(progress: Progress, text: str) -> str:
    for status, words in progress.statuses:
        if words.search(text):
            return status
    return "unknown"


def _kind(progress: Progress, sentence: str) -> tuple[str | None, str]:
    """The kind of finding the opening sentence names, and its subject (the words after)."""
    folded = fold_key(sentence)
    best: tuple[int, str, str] | None = None
    for phrase, kind in progress.kinds.items():
        at = folded.find(phrase)
        if at >= 0 and (best is None or at < best[0]):
            best = (at, kind, folded[at + len(phrase) :])
    return (best[1], best[2]) if best else (None, sentence)


def find_follow_ups(
    later: Report,
    node_of: dict[int, str],
    targets: list[Target],
    related: dict[str, tuple[str, ...]],
    progress: Progress,
    vectoriser: Vectoriser,
) -> list[FollowUp]:
    """The follow-up links of `later`'s findings to `targets` (the previous report's findings).

    `node_of` maps `id(finding)` to its node id; `related` maps an area key of the later report
    to the earlier areas it also follows up. `vectoriser` has been fitted on the two reports.
    """
    vectors = {t.node: vectoriser.vector(t.terms) for t in targets}
    links: list[FollowUp] = []
    sections: list[tuple[AreaSection | None, Finding]] = later.all_findings()
    for area, finding in sections:
        for paragraph in finding.paragraphs:
            text = paragraph.plain
            opening = progress.opening.search(text)
            if not opening:
                continue
            start = text.rfind(". ", 0, opening.start()) + 1 if opening.start() else 0
            evidence = text[start:].strip()
            sentences = _sentences(evidence)
            kind, subject = _kind(progress, sentences[0])
            query = vectoriser.vector(vectoriser.terms(subject))
            area_key = area.key if area else None
            best: tuple[float, str, Target] | None = None
            for target in targets:
                if kind and target.kind != kind:
                    continue
                score = cosine(query, vectors[target.node])
                if area_key and target.area == area_key:
                    score += progress.area_bonus
                elif area_key and target.area in related.get(area_key, ()):
                    score += progress.related_bonus
                if best is None or (score, target.node) > (best[0], best[1]):
                    best = (score, target.node, target)
            if best is None or best[0] < progress.min_score:
                continue
            score, _, target = best
            links.append(
                FollowUp(
                    source=node_of[id(finding)],
                    target=target.node,
                    status=_status(progress, " ".join(sentences[1:]) or sentences[0]),
                    evidence=evidence,
                    line=paragraph.start,
                    score=round(score, 4),
                    matched=shared_terms(query, vectors[target.node], vectoriser.surface),
                )
            )
    return links
