"""The cyclic garbage collector paused while long-lived data is made (a graph, a lexicon)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a while. A build allocates tens of thousands of
    containers that all live on in the graph (a lexicon's tables live as long as the lexicon);
    each automatic collection walks every one of them again to free nothing (about a tenth of
    a build). Reference counting still frees what a build drops.

    On the way out what was made goes straight to the oldest generation (`gc.freeze` then
    `gc.unfreeze`, which moves lists, not objects): else the first young collection walks all
    of it at once, and the next middle one again, only to keep it. A later full collection
    still frees any of it that becomes garbage. Skipped when something is frozen already (a
    server freezes its published graph): unfreezing here would undo that."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
