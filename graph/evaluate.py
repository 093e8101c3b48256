"""How good the graph's links are against gold annotations: theme precision, recall and F1 (per
theme and overall, ABOUT links; recall of any link), and unit/partner recall.

`peel-graph evaluate` is a thin wrapper over `evaluate_gold` and `format_evaluation`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from .build import build_graph
from .discover import name_key
from .gold import Gold
from .lexicon import Lexicon, load_lexicon
from .load import read_report
from .theme_score import ABOUT

__all__ = ["Evaluation", "Scores", "evaluate", "evaluate_gold", "format_evaluation"]

_KINDS = ("cause_of_concern", "area_for_improvement")


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    """The figures for one gold file, and what went wrong, for reading."""

    report: str
    findings: int = 0
    unmatched: list[str] = field(default_factory=list)  # gold findings with no graph finding
    themes: dict[str, Scores] = field(default_factory=dict)
    about: Scores = field(default_factory=Scores)
    mentions_found: int = 0
    mentions_total: int = 0
    mentions_linked: int = 0  # every link (ABOUT or MENTIONS): the one-matching-word baseline
    errors: list[str] = field(default_factory=list)  # "line: +theme" (false) / "-theme" (missed)
    not_about_violations: list[str] = field(default_factory=list)
    entities: dict[str, tuple[int, int]] = field(default_factory=dict)  # type -> (found, total)
    missed_entities: list[str] = field(default_factory=list)
    discovered: tuple[int, int] = (0, 0)  # discovered nodes the gold names, of all discovered
    not_named: list[str] = field(default_factory=list)  # discovered nodes the gold doesn't name

    @property
    def mentions_recall(self) -> float:
        return self.mentions_found / self.mentions_total if self.mentions_total else 1.0

    @property
    def mentions_precision(self) -> float:
        return self.mentions_found / self.mentions_linked if self.mentions_linked else 1.0

    @property
    def discovered_precision(self) -> float:
        right, total = self.discovered
        return right / total if total else 1.0

    @property
    def entity_recall(self) -> float:
        found = sum(f for f, _ in self.entities.values())
        total = sum(t for _, t in self.entities.values())
        return found / total if total else 1.0


def _report_findings(g: nx.MultiDiGraph, report: str) -> dict[int, str]:
    return {
        d["line_start"]: n
        for n, d in g.nodes(data=True)
        if d["kind"] == "finding"
        and d["report"] == f"report:{report}"
        and d["finding_kind"] in _KINDS
    }


def _themes(g: nx.MultiDiGraph, finding: str) -> tuple[set[str], set[str]]:
    about, linked = set(), set()
    for _, target, data in g.out_edges(finding, data=True):
        if data["kind"] == "has_theme":
            key = target.split(":", 1)[1]
            linked.add(key)
            if data.get("strength") == ABOUT:
                about.add(key)
    return about, linked


def _named(g: nx.MultiDiGraph, report: str, same: dict[str, str]) -> dict[str, set[str]]:
    """The units and partners with evidence in the report (linked from one of its findings,
    or found in its text by discovery), each with every name `name_key` gives it."""
    rid = f"report:{report}"
    nodes = {
        v
        for u, v, k in g.edges(keys=True)
        if k in ("involves_unit", "involves_partner") and g.nodes[u].get("report") == rid
    }
    nodes |= {n for n, d in g.nodes(data=True) if rid in (d.get("evidence_reports") or ())}
    names: dict[str, set[str]] = {}
    for node in sorted(nodes):
        d = g.nodes[node]
        found = names[node] = set()
        for label in (d.get("name"), d.get("label"), *(d.get("aliases") or ())):
            if label:
                found.add(name_key(same, label))
        if d.get("acronym"):
            found.add(d["acronym"])
    return names


def evaluate(g: nx.MultiDiGraph, gold: Gold, lexicon: Lexicon) -> Evaluation:
    """Compare the graph's links for the gold's report with the gold."""
    out = Evaluation(report=gold.report)
    by_line = _report_findings(g, gold.report)
    judged = gold.themes
    for finding in gold.findings:
        node = by_line.get(finding.line)
        want = set(finding.about) if judged is None else set(finding.about) & judged
        if node is None:
            out.unmatched.append(f"line {finding.line}: {finding.title[:60]}")
            about, linked = set(), set()
        else:
            about, linked = _themes(g, node)
            out.findings += 1
        if judged is not None:
            about, linked = about & judged, linked & judged
        for theme in sorted(about | want):
            scores = out.themes.setdefault(theme, Scores())
            if theme in about and theme in want:
                scores.tp += 1
            elif theme in about:
                scores.fp += 1
                out.errors.append(f"line {finding.line}: +{theme}")
            else:
                scores.fn += 1
                out.errors.append(f"line {finding.line}: -{theme}")
        out.mentions_total += len(want)
        out.mentions_found += len(want & linked)
        out.mentions_linked += len(linked)
        out.not_about_violations += [
            f"line {finding.line}: {t}" for t in sorted(finding.not_about & about)
        ]
    for scores in out.themes.values():
        out.about.tp += scores.tp
        out.about.fp += scores.fp
        out.about.fn += scores.fn
    same = lexicon.discovery.same_words if lexicon.discovery else {}
    by_node = _named(g, gold.report, same)
    names = set().union(*by_node.values())
    gold_names = {n for e in gold.entities for f in e.forms for n in (f, name_key(same, f))}
    discovered = [n for n in by_node if g.nodes[n].get("origin") == "discovered"]
    out.not_named = [n for n in discovered if not by_node[n] & gold_names]
    out.discovered = (len(discovered) - len(out.not_named), len(discovered))
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for entity in gold.entities:
        total[entity.type] += 1
        if any(name_key(same, f) in names or f in names for f in entity.forms):
            found[entity.type] += 1
        else:
            out.missed_entities.append(f"{entity.type}: {entity.name}")
    out.entities = {t: (found[t], total[t]) for t in sorted(total)}
    return out


def evaluate_gold(gold: Gold, lexicon: Lexicon | None = None) -> Evaluation:
    """Build the gold's report on its own, with the lexicon as it is, and evaluate it."""
    lexicon = lexicon or load_lexicon()
    report = read_report(Path(gold.source), lexicon)
    return evaluate(build_graph([report], lexicon), gold, lexicon)


def format_evaluation(ev: Evaluation, details: bool = True) -> str:
    """A table per theme and overall, then unit and partner recall (and the misses)."""
    lines = [
        f"{ev.report}: {ev.findings} findings matched"
        + (f", {len(ev.unmatched)} gold findings not found" if ev.unmatched else "")
    ]
    lines.append(
        f"  {'theme (ABOUT links)':<34} {'P':>5} {'R':>5} {'F1':>5}  {'tp':>3} {'fp':>3} {'fn':>3}"
    )
    for theme, s in sorted(ev.themes.items()):
        lines.append(
            f"  {theme:<34} {s.precision:5.2f} {s.recall:5.2f} {s.f1:5.2f}  {s.tp:3}"
            f" {s.fp:3} {s.fn:3}"
        )
    s = ev.about
    lines.append(
        f"  {'overall (micro)':<34} {s.precision:5.2f} {s.recall:5.2f} {s.f1:5.2f}  "
        f"{s.tp:3} {s.fp:3} {s.fn:3}"
    )
    lines.append(
        f"  MENTIONS (any link) recall: {ev.mentions_recall:.2f}"
        f" ({ev.mentions_found} of {ev.mentions_total})"
    )
    lines.append(
        f"  any link (ABOUT or MENTIONS) precision: {ev.mentions_precision:.2f}"
        f" ({ev.mentions_found} of {ev.mentions_linked})"
    )
    lines.append(f"  not-about regression cases linked ABOUT: {len(ev.not_about_violations)}")
    entity = ", ".join(f"{t} {f}/{n}" for t, (f, n) in ev.entities.items())
    lines.append(
        f"  units and partners named, found as nodes with evidence: "
        f"{ev.entity_recall:.2f} ({entity})"
    )
    right, total = ev.discovered
    lines.append(
        f"  discovered units and partners the gold names: {ev.discovered_precision:.2f}"
        f" ({right} of {total})"
    )
    if details:
        lines += [f"    theme error {e}" for e in ev.errors]
        lines += [f"    not-about linked ABOUT {e}" for e in ev.not_about_violations]
        lines += [f"    missed {e}" for e in ev.missed_entities]
        lines += [f"    discovered, not in the gold {n}" for n in ev.not_named]
        lines += [f"    unmatched {e}" for e in ev.unmatched]
    return "\n".join(lines)


DEFAULT_GOLD = Path(__file__).resolve().parent.parent / "eval" / "gold"


def evaluate_paths(
    paths: list[Path],
    answers: Path | None = None,
    answers_report: str | None = None,
    details: bool = False,
) -> str:
    """The report `peel-graph evaluate` prints: each gold file (every `*.toml` under
    eval/gold/ when none is given), and an answers JSON file's report if asked."""
    from .gold import load_answers, load_gold

    files = paths or sorted(DEFAULT_GOLD.glob("*.toml"))
    golds = [load_gold(p) for p in files]
    if answers is not None:
        report = answers_report or ""
        golds.append(load_answers(answers, report, Path(report).stem.replace("-peel", "")))
    lexicon = load_lexicon()
    return "\n\n".join(format_evaluation(evaluate_gold(g, lexicon), details) for g in golds)
