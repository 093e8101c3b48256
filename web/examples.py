"""Load the playground's example queries from ``data/examples/*.graphql``.

Examples are data, not code: analysts can add or reorder them (the numeric
file-name prefix sets the tab order) without touching Python or HTML.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["load_examples"]


def _title(path: Path, text: str) -> str:
    first = text.lstrip().partition("\n")[0].strip()
    title = first.removeprefix("#").strip()
    if not first.startswith("#") or not title:
        raise ValueError(f"{path}: the first line must be a '# title' comment")
    return title


def load_examples(folder: Path) -> list[tuple[str, str]]:
    """Return ``(title, query)`` per ``*.graphql`` file, sorted by file name.

    The query is the whole file (title comment included) so the editor tab shows
    what the query is for. Raises ``FileNotFoundError`` for a missing folder and
    ``ValueError`` for a file without a title comment or without a query.
    """
    if not folder.is_dir():
        raise FileNotFoundError(f"examples folder not found: {folder}")
    examples: list[tuple[str, str]] = []
    for path in sorted(folder.glob("*.graphql"), key=lambda p: p.name):
        text = path.read_text(encoding="utf-8").strip()
        title = _title(path, text)
        lines = (line.strip() for line in text.splitlines())
        if not any(line and not line.startswith("#") for line in lines):
            raise ValueError(f"{path}: no query after the title comment")
        examples.append((title, text + "\n"))
    return examples
