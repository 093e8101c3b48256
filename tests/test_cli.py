"""The `peel-graph` console script, run as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True,
                          text=True, cwd=ROOT, check=False)


def test_build_prints_summary() -> None:
    result = run("build")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "finding" in out and "works_with" in out
    assert "Recording data about crime" in out and "Requires improvement" in out
    assert "Vetting and counter corruption" in out and "not inspected" in out


def test_build_refuses_bad_files_naming_them(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    notes = tmp_path / "notes.txt"
    notes.write_text("Minutes of the meeting\n\nNothing graded here.\n")
    good = ROOT / "data" / "reports" / "staffordshire-peel-2021-22.txt"
    result = run("build", str(empty), str(notes), str(good))
    assert result.returncode == 1
    assert "empty.txt: the file is empty" in result.stderr
    assert "notes.txt: not a PEEL report" in result.stderr
    assert "report staffordshire-2021-22" in result.stdout  # the good one still loads


def test_export_to_file_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "supervision.json"
    result = run("export", "--format", "node-link", "--finding-themes", "supervision",
                 "--finding-kinds", "cause_of_concern,area_for_improvement", "--out", str(out))
    assert result.returncode == 0, result.stderr
    g = nx.node_link_graph(json.loads(out.read_text()), edges="links")
    findings = [n for n, d in g.nodes(data=True) if d["kind"] == "finding"]
    assert len(findings) == 6  # about supervision (ABOUT links, the default)
    assert "theme:supervision" in g
    themed = [d for u, v, d in g.edges(data=True) if v == "theme:supervision"]
    assert {d["strength"] for d in themed} == {"about"} and all(d["score"] > 0 for d in themed)


def test_export_rejects_unknown_filter_values() -> None:
    result = run("export", "--format", "dot", "--finding-kinds", "bogus")
    assert result.returncode == 2
    assert "finding_kinds: unknown value 'bogus'" in result.stderr


def test_export_help_gives_each_filter_its_own_line_and_examples() -> None:
    from graph.query import FILTER_HELP

    result = subprocess.run([sys.executable, "-m", "cli", "export", "--help"], cwd=ROOT,
                            capture_output=True, text=True, check=False,
                            env={**os.environ, "COLUMNS": "300"})  # one line per option
    assert result.returncode == 0
    out = result.stdout
    assert "same as the /export query parameter" not in out
    lines = out.splitlines()
    for name, help_text in FILTER_HELP.items():
        option = f"--{name.replace('_', '-')} VALUE"
        at = next(i for i, line in enumerate(lines) if line.strip().startswith(option))
        following = lines[at + 1] if not lines[at + 1].strip().startswith("-") else ""
        entry = " ".join(f"{lines[at]} {following}".split())  # help may start a line below
        assert entry.endswith(help_text), name
    assert len(set(FILTER_HELP.values())) == len(FILTER_HELP)  # each its own words
    assert "examples:" in out and "peel-graph export --format gexf" in out


def test_export_accepts_both_spellings_and_refuses_meaningless_options(tmp_path: Path) -> None:
    for spelling in ("node-link", "node_link"):
        out = tmp_path / f"{spelling}.json"
        result = run("export", "--format", spelling, "--finding-kinds", "cause-of-concern",
                     "--out", str(out))
        assert result.returncode == 0, result.stderr
        assert json.loads(out.read_text())["nodes"]
    lonely = run("export", "--format", "dot", "--depth", "2")
    assert lonely.returncode == 2 and "depth: only means something with around" in lonely.stderr


def test_console_script_lives_above_the_graph_package() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["scripts"]["peel-graph"] == "cli:main"
    assert not (ROOT / "graph" / "cli.py").exists()
