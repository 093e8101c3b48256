"""Tables in a PDF: a run of lines whose cells are separated by wide gaps (the judgments
table, a contents page with page numbers) becomes TAB-separated rows, as in the text form."""

from __future__ import annotations

from itertools import pairwise

from .geometry import Block, Line, Metrics, join_lines

__all__ = ["aligned", "table"]


def table(run: list[Line], m: Metrics) -> Block:
    """Lines with cells → TAB-separated rows: columns from the cells' left edges, rows from
    the wider spacing between them."""
    starts = sorted({round(p.x0) for line in run for p in line.pieces})
    columns: list[float] = []
    for x in starts:
        if not columns or x - columns[-1] > m.pitch:
            columns.append(x)
    rows: list[list[Line]] = [[run[0]]]
    for prev, line in pairwise(run):
        if line.page != prev.page or line.y - prev.y > 1.45 * m.pitch:
            rows.append([])
        rows[-1].append(line)
    block = Block("table")
    for row in rows:
        cells: list[list[str]] = [[] for _ in columns]
        for line in row:
            for piece in line.pieces:
                col = (
                    max(i for i, x in enumerate(columns) if x <= round(piece.x0) + m.pitch / 2)
                    if round(piece.x0) + m.pitch / 2 >= columns[0]
                    else 0
                )
                cells[col].append(piece.text)
        block.rows.append("\t".join(join_lines(c) for c in cells))
    return block


def aligned(line: Line, run: list[Line], m: Metrics) -> bool:
    """A one-cell line continuing a table: it starts at a later column of the run."""
    lefts = {round(p.x0) for r in run for p in r.pieces[1:]}
    return any(abs(line.x0 - x) <= 3 for x in lefts)
