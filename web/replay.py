"""Give a request's body back to the app after a middleware has read it."""

from __future__ import annotations

from starlette.types import Message, Receive

__all__ = ["replay"]


def replay(messages: list[Message], receive: Receive) -> Receive:
    """A ``receive`` that gives back the messages already read, then reads on."""
    pending = list(messages)

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed
