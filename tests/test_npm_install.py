"""A clean `npm ci` says nothing alarming: no ERESOLVE peer overrides (graphiql-explorer
wants React 15/16; package.json's `overrides` give it the project's React, graphql and
react-dom), no EBADENGINE (codegen's newest transitive packages want Node 22; overrides pin
versions that run on Node 20), and the installed tree is consistent."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from conftest import ROOT


def _npm() -> str:
    npm = shutil.which("npm")
    assert npm, "npm is needed (the README's commands install the JavaScript packages with it)"
    return npm


def test_npm_ci_prints_no_warnings(tmp_path: Path) -> None:
    for name in ("package.json", "package-lock.json"):
        shutil.copy(ROOT / name, tmp_path / name)
    # --dry-run resolves the lock exactly as `npm ci` does (that is where ERESOLVE and
    # EBADENGINE are reported) without downloading or writing anything.
    result = subprocess.run(
        [_npm(), "ci", "--dry-run", "--offline", "--no-audit", "--no-fund"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    noise = [line for line in (result.stdout + result.stderr).splitlines()
             if line.startswith(("npm warn", "npm error", "npm WARN", "npm ERR"))]
    assert noise == [], "\n".join(noise[:40])


def test_the_installed_tree_is_consistent() -> None:
    assert (ROOT / "node_modules").is_dir(), "run `npm ci`"
    result = subprocess.run(
        [_npm(), "ls", "--all", "--offline"], cwd=ROOT,
        capture_output=True, text=True, timeout=120, check=False,
    )
    problems = [  # optional peers left out on purpose (@types/react …) are not problems
        line for line in result.stdout.splitlines()
        if any(word in line for word in ("invalid", "UNMET DEPENDENCY", "missing", "extraneous"))
    ]
    assert result.returncode == 0 and problems == [], (problems[:20], result.stderr[-2000:])
