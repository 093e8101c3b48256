"""The typed request context: the shared, read-only graph index."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strawberry.types import Info as _Info

from graph.query import GraphIndex

from .limits import Limits

__all__ = ["Context", "Info", "index_of"]


@dataclass
class Context:
    """What every resolver may use. The index is immutable and shared by all requests."""

    index: GraphIndex
    limits: Limits = field(default_factory=Limits)
    request: Any = None
    response: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


Info = _Info[Context, None]


def index_of(info: Info) -> GraphIndex:
    return info.context.index
