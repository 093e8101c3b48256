"""How the schema executes: :func:`tune_schema` makes a built schema cheap to run, with the
hooks the libraries provide:

- :class:`DocumentCache` (a Strawberry extension): each distinct document text is parsed
  once and, once it has validated without errors, not validated again. Only clean
  validations are remembered, so every error (code and message included) is still
  produced by the schema's own ``ErrorPolicy``.
- :mod:`schema.compiled`: query operations run from a plan, both inside Strawberry's
  pipeline (graphql-core's ``executor_class`` hook) and, for documents that validated
  cleanly before, without the pipeline's per-request hooks (``schema.compiled``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from .compiled import CompiledQueries, PlannedExecutionContext

__all__ = ["DocumentCache", "tune_schema"]


# -- parse and validate once per document ----------------------------------------------


@dataclass(eq=False)
class _Document:
    document: Any
    valid: bool = False


class DocumentCache:
    """A bounded LRU of parsed documents, and which of them validated cleanly.

    One instance per schema (validation depends on the schema and its rules): its
    :meth:`extension` goes first in the schema's extensions, before the one that validates.
    """

    def __init__(self, maxsize: int = 256) -> None:
        self.maxsize = maxsize
        self._entries: OrderedDict[tuple, _Document] = OrderedDict()
        self._valid: dict[str, _Document] = {}  # by text: documents validated cleanly

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: tuple) -> _Document | None:
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def put(self, key: tuple, document: Any) -> _Document:
        entry = self._entries[key] = _Document(document)
        while len(self._entries) > self.maxsize:
            (text, _), old = self._entries.popitem(last=False)
            if self._valid.get(text) is old:
                del self._valid[text]
        return entry

    def mark_valid(self, key: tuple, entry: _Document) -> None:
        entry.valid = True
        if self._entries.get(key) is entry:
            self._valid[key[0]] = entry

    def validated(self, text: str) -> _Document | None:
        """The entry for a document text that parsed and validated cleanly, if cached.
        A schema parses with one set of options, so the text alone identifies it."""
        return self._valid.get(text)

    def clear(self) -> None:
        self._entries.clear()
        self._valid.clear()

    def extension(self) -> SchemaExtension:
        return _DocumentCacheExtension(self)


class _DocumentCacheExtension(SchemaExtension):
    def __init__(self, cache: DocumentCache) -> None:
        self.cache = cache
        self.entry: _Document | None = None
        self.key: tuple | None = None

    def on_parse(self) -> Iterator[None]:
        ctx = self.execution_context
        key = None
        if ctx.graphql_document is None and isinstance(ctx.query, str):
            key = self.key = (ctx.query, tuple(sorted(ctx.parse_options.items())))
            self.entry = self.cache.get(key)
            if self.entry is not None:
                ctx.graphql_document = self.entry.document
        yield
        if (
            self.entry is None
            and key is not None
            and ctx.graphql_document is not None
            and not ctx.pre_execution_errors
        ):
            self.entry = self.cache.put(key, ctx.graphql_document)

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        entry = self.entry
        if entry is not None and entry.valid and ctx.pre_execution_errors is None:
            ctx.pre_execution_errors = []  # validated cleanly before: skip validation
        yield
        if entry is not None and ctx.pre_execution_errors == [] and self.key is not None:
            self.cache.mark_valid(self.key, entry)


def tune_schema(schema: Any, documents: int = 256) -> Any:
    """Install the document cache (first extension), the planned execution context, and
    the plans' short path for documents that validated cleanly (``schema.compiled``, used
    by the schema's ``execute`` and ``execute_sync``)."""
    cache = DocumentCache(documents)
    schema.extensions = (cache.extension, *schema.extensions)
    schema.document_cache = cache
    schema.compiled = CompiledQueries(schema, cache)
    if schema.execution_context_class is StrawberryGraphQLCoreExecutionContext:
        schema.execution_context_class = PlannedExecutionContext
    return schema
