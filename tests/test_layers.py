"""The layers contract (pyproject.toml, import-linter): graph → schema → web → server/cli.

The contract is run on the project, and again on a copy with a back-edge added, which must
break it: the next upward import fails CI instead of waiting for a review.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).parent / "lint-imports"


def _lint(where: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(where)}
    return subprocess.run([str(LINT), "--no-cache", "--config", str(where / "pyproject.toml")],
                          cwd=where, env=env, capture_output=True, text=True, timeout=120,
                          check=False)


def test_the_project_keeps_its_layers() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line"), [
    ("graph/_back_edge.py", "import schema.types\n"),  # the graph reaching up into GraphQL
    ("schema/_back_edge.py", "from web import store\n"),  # the schema reaching into HTTP
    ("web/_back_edge.py", "import server\n"),  # the HTTP pieces reaching into the wiring
    ("graph/_back_edge.py", "import cli\n"),  # the old graph/cli.py -> server shape
    ("graph/_back_edge.py", "import starlette.requests\n"),
])
def test_a_back_edge_breaks_the_contract(tmp_path: Path, module: str, line: str) -> None:
    for package in ("graph", "schema", "web"):
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__", "static"))
    for name in ("pyproject.toml", "server.py", "cli.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / module).write_text(line, encoding="utf-8")
    result = _lint(tmp_path)
    assert result.returncode != 0, result.stdout
    assert "BROKEN" in result.stdout
