"""Search: the analyst query set's mean reciprocal rank, and speed on 43 forces x 2 cycles
against the plain substring scan that search used to be.

Run by ``bench/run.py`` (section 5), or alone: ``python bench/search.py [DATA_DIR]``.
"""

from __future__ import annotations

import re
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from graph.load import DEFAULT_DATA, load_graph  # noqa: E402
from graph.query import GraphIndex  # noqa: E402
from graph.search import search, text_index  # noqa: E402

QUERIES = tomllib.loads((HERE / "search-queries.toml").read_text())["query"]
PREFIX = "finding:staffordshire-2021-22:"
_WORD = re.compile(r"[\w'-]+")


def mrr(index: GraphIndex) -> tuple[float, list[tuple[str, int | None]]]:
    """Mean reciprocal rank of the first expected finding, over the query set."""
    ranks = []
    for query in QUERIES:
        expected = {PREFIX + e for e in query["expect"]}
        hits = [h.node for h in search(index, query["text"], ["finding"])]
        ranks.append((query["text"], next((n + 1 for n, h in enumerate(hits)
                                           if h in expected), None)))
    return sum(1 / r for _, r in ranks if r) / len(ranks), ranks


def substring_scan(index: GraphIndex, text: str) -> list[tuple[str, float]]:
    """The old search: every node's lower-cased title and body, counting substrings."""
    words = [w for w in _WORD.findall(text.lower()) if len(w) > 1]
    scores = []
    for node, (title, body) in index.search_text.items():
        score = sum(3 * title.count(w) + body.count(w) for w in words)
        if score:
            scores.append((node, score))
    scores.sort(key=lambda item: (-item[1], item[0]))
    return scores


def _median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    times.sort()
    return times[len(times) // 2]


def two_cycles(source: Path, target: Path) -> Path:
    """`source` (reports/*.txt, lexicon.toml) plus each report again as a second cycle."""
    (target / "reports").mkdir(parents=True)
    for name in ("lexicon.toml",):
        if (source / name).is_file():
            (target / name).write_bytes((source / name).read_bytes())
    for path in sorted((source / "reports").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        (target / "reports" / path.name).write_text(text, encoding="utf-8")
        (target / "reports" / path.name.replace("2021-22", "2022-23")).write_text(
            text.replace("2021/22", "2022/23"), encoding="utf-8")
    return target


def run(real: Path, many: Path | None, runs: int = 20) -> dict[str, float]:
    """Print the MRR on the real report and the timings; return the numbers."""
    index = GraphIndex.build(load_graph(real).graph)
    score, ranks = mrr(index)
    out = {"mrr": score}
    print(f"query set: {len(ranks)} queries written from the report, mean reciprocal rank "
          f"{score:.3f}; ranks " + " ".join(str(r or "-") for _, r in ranks))
    if many is None:
        return out
    loaded = load_graph(many)
    big = GraphIndex.build(loaded.graph)
    start = time.perf_counter()
    text_index(big)
    built = time.perf_counter() - start
    texts = [q["text"].replace('"', "") for q in QUERIES]
    fts = _median(lambda: [search(big, t) for t in texts], runs) / len(texts)
    scan = _median(lambda: [substring_scan(big, t) for t in texts], runs) / len(texts)
    hits = sum(len(search(big, t)) for t in texts) / len(texts)
    print(f"{len(loaded.reports)} reports ({len(big.findings)} findings): full-text index built"
          f" in {built * 1e3:.0f} ms; per search {fts * 1e3:.2f} ms (all hits ranked, mean"
          f" {hits:.0f}) vs substring scan {scan * 1e3:.2f} ms: {fts / scan:.2f}x")
    out.update(search_ms=fts * 1e3, scan_ms=scan * 1e3, ratio=fts / scan,
               index_ms=built * 1e3)
    return out


if __name__ == "__main__":
    import tempfile

    data = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DATA
    with tempfile.TemporaryDirectory() as tmp:
        run(data, two_cycles(data, Path(tmp) / "two"))
