"""The live graph: one immutable index, replaced whole when reports change."""

from __future__ import annotations

import gc
import threading
from dataclasses import dataclass, field
from pathlib import Path

from graph.load import Loaded, load_graph
from graph.query import GraphIndex

__all__ = ["GraphStore"]


@dataclass
class GraphStore:
    """Readers take `store.index` once per request and see one graph version throughout."""

    data_dir: Path
    loaded: Loaded | None = None
    index: GraphIndex | None = None
    write_lock: threading.Lock = field(default_factory=threading.Lock)

    def load(self) -> None:
        loaded = load_graph(self.data_dir)
        self.publish(loaded)

    def publish(self, loaded: Loaded) -> None:
        index = GraphIndex.build(loaded.graph)
        self.loaded, self.index = loaded, index  # one reference swap: readers never see a mix
        gc.collect()
        gc.freeze()  # the graph lives until the next swap; keep the collector off it
