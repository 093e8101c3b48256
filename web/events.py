"""Graph-change events for subscriptions: published from any thread, read in the event loop.

A write (or a reload when another worker changed the data folder) publishes one event per
new graph version; each subscriber has a small queue of its own. A subscriber that does not
keep up loses the oldest events, never the newest: the latest `graphVersion` is what a
client needs to refetch.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass

from graph.query import GraphIndex
from schema.subscription import SubscriptionRefused

__all__ = ["GraphEvent", "GraphEvents", "TooManySubscribers"]


class TooManySubscribers(SubscriptionRefused):
    """The server's cap on open subscriptions (all connections together) is reached."""


@dataclass(frozen=True, slots=True)
class GraphEvent:
    """A new graph version, what happened to which reports ((node id, action) pairs), and
    the new graph's index (for the reports' current objects)."""

    version: str
    reports: tuple[tuple[str, str], ...]
    index: GraphIndex


class GraphEvents:
    """A fan-out of `GraphEvent`s to every subscriber's queue."""

    def __init__(self, queue_size: int = 16, max_subscribers: int = 1000) -> None:
        self.queue_size = queue_size
        self.max_subscribers = max_subscribers
        self._subscribers: set[tuple[asyncio.AbstractEventLoop, asyncio.Queue[GraphEvent]]] = set()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._subscribers)

    def publish(self, event: GraphEvent) -> None:
        """Safe from any thread: each queue is filled in its own event loop."""
        with self._lock:
            subscribers = list(self._subscribers)
        for loop, queue in subscribers:
            with contextlib.suppress(RuntimeError):  # that loop has closed
                loop.call_soon_threadsafe(_offer, queue, event)

    async def subscribe(self) -> AsyncIterator[GraphEvent]:
        """Events from now on, until the consumer stops iterating."""
        entry = (asyncio.get_running_loop(), asyncio.Queue[GraphEvent](self.queue_size))
        with self._lock:
            if len(self._subscribers) >= self.max_subscribers:
                raise TooManySubscribers(
                    f"the server has {self.max_subscribers} subscriptions open; try again later"
                )
            self._subscribers.add(entry)
        try:
            while True:
                yield await entry[1].get()
        finally:
            with self._lock:
                self._subscribers.discard(entry)


def _offer(queue: asyncio.Queue[GraphEvent], event: GraphEvent) -> None:
    if queue.full():
        queue.get_nowait()  # drop the oldest: the newest version matters most
    queue.put_nowait(event)
