"""One graph build in this (fresh) process, as a server's start-up does it: the lexicon is
read and compiled, the reports are parsed and built, then indexed. Prints JSON timings.

Run by ``bench/run.py``: ``python bench/cold_build.py DATA_DIR``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.load import data_lexicon, load_graph
from graph.query import GraphIndex
from schema.types import views


def main() -> int:
    data = Path(sys.argv[1])
    start = time.perf_counter()
    data_lexicon(data)  # what load_graph reads first (cached for it): timed apart
    lexicon = time.perf_counter() - start
    loaded = load_graph(data)
    load = time.perf_counter() - start
    if loaded.errors:
        raise SystemExit(f"{data}: {loaded.errors}")
    start = time.perf_counter()
    views(GraphIndex.build(loaded.graph))
    index = time.perf_counter() - start
    print(json.dumps({"lexicon": lexicon, "load": load, "index": index}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
