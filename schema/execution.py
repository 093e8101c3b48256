"""How the schema executes: :func:`tune_schema` makes a built schema cheap to run, with the
hooks the libraries provide:

- :class:`DocumentCache` (a Strawberry extension): each distinct document text is parsed
  once and, once it has validated without errors, not validated again. Only clean
  validations are remembered, so every error (code and message included) is still
  produced by the schema's own ``ErrorPolicy``.
- :class:`FastExecutionContext` (graphql-core's ``executor_class`` hook): a field that is
  a plain attribute (a Strawberry field without resolver) with a scalar or enum type, or
  a list of them, is read and coerced directly, without building a resolve-info object
  and walking the generic completion. Anything else, and any value that would be an
  error, takes graphql-core's own path, so results and errors are unchanged.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    BREAK,
    GraphQLEnumType,
    GraphQLField,
    GraphQLID,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLString,
    Visitor,
    is_leaf_type,
    visit,
)
from graphql.pyutils import Undefined
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

__all__ = ["DocumentCache", "FastExecutionContext", "tune_schema"]


# -- parse and validate once per document ----------------------------------------------


@dataclass
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
            self._entries.popitem(last=False)
        return entry

    def clear(self) -> None:
        self._entries.clear()

    def extension(self) -> SchemaExtension:
        return _DocumentCacheExtension(self)


class _DocumentCacheExtension(SchemaExtension):
    def __init__(self, cache: DocumentCache) -> None:
        self.cache = cache
        self.entry: _Document | None = None

    def on_parse(self) -> Iterator[None]:
        ctx = self.execution_context
        key = None
        if ctx.graphql_document is None and isinstance(ctx.query, str):
            key = (ctx.query, tuple(sorted(ctx.parse_options.items())))
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
        if entry is not None and ctx.pre_execution_errors == []:
            entry.valid = True


# -- attribute fields without the generic machinery -------------------------------------

_BACKREF = "strawberry-definition"
_NO_PLAN = (None, None, False, False, False)
_plans: dict[int, tuple] = {}


def _plan(field_def: GraphQLField) -> tuple:
    """(field_def, attribute, leaf type, non-null, is list of non-null leaves) or _NO_PLAN."""
    plan = _plans.get(id(field_def))
    if plan is not None and plan[0] is field_def:
        return plan
    plan = _NO_PLAN
    attribute = _attribute(field_def)
    if attribute is not None:
        kind = field_def.type
        non_null = isinstance(kind, GraphQLNonNull)
        inner = kind.of_type if non_null else kind
        if is_leaf_type(inner):
            plan = (field_def, attribute, inner, non_null, False)
        elif (
            isinstance(inner, GraphQLList)
            and isinstance(inner.of_type, GraphQLNonNull)
            and is_leaf_type(inner.of_type.of_type)
        ):
            plan = (field_def, attribute, inner.of_type.of_type, non_null, True)
    _plans[id(field_def)] = plan if plan is not _NO_PLAN else (field_def, *_NO_PLAN[1:])
    return plan


class FastExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context with a short path for plain attribute leaf fields."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.middleware_manager
        # Middleware (an extension's `resolve`) must see every field: no short path then.
        self._fast = manager is None or not getattr(manager, "middlewares", ())

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Any,
        position_context: Any,
    ) -> Any:
        node = field_details_list[0].node
        if self._fast and not node.directives and not node.arguments:
            field_def = self.schema.get_field(parent_type, node.name.value)
            if field_def is not None:
                _, attribute, leaf, non_null, many = _plan(field_def)
                if attribute is not None:
                    value = getattr(source, attribute, Undefined)
                    if value is None and not non_null:
                        return None
                    if value is not None and value is not Undefined:
                        try:
                            out = _coerce(leaf, value, many)
                        except Exception:
                            out = None
                        if out is not None:
                            return out
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )


    def collect_and_execute_subfields(
        self,
        return_type: GraphQLObjectType,
        field_details_list: Any,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        if self._fast and self._plannable():
            plan = self._object_plan(return_type, field_details_list)
            if plan is not None:
                errors = self.collected_errors
                mark = (len(errors._errors), set(errors._error_positions))
                try:
                    return self._run(plan, result, path, position_context)
                except Exception:  # graphql-core's own path below reports it
                    # Forget errors a delegated field recorded: it runs again below.
                    del errors._errors[mark[0]:]
                    errors._error_positions = mark[1]
        return super().collect_and_execute_subfields(
            return_type, field_details_list, path, result, position_context
        )

    def _plannable(self) -> bool:
        """Plans are cached by document node: only without directives (whose arguments
        may be variables) does the same node always select the same fields."""
        operation = self.operation
        cached = _no_directives.get(id(operation))
        if cached is None or cached[0] is not operation:
            clean = _directive_free(operation, self.fragments)
            cached = _remember(_no_directives, id(operation), (operation, clean))
        return cached[1]

    def _object_plan(self, object_type: GraphQLObjectType, details: Any) -> tuple | None:
        nodes = tuple(d.node for d in details)
        key = (object_type, *map(id, nodes))
        cached = _object_plans.get(key)
        if cached is not None and all(a is b for a, b in zip(cached[0], nodes, strict=True)):
            return cached[1]
        plan = self._build_plan(object_type, details)
        _remember(_object_plans, key, (nodes, plan))
        return plan

    def _build_plan(self, object_type: GraphQLObjectType, details: Any) -> tuple | None:
        grouped, deferred, _ = self.collect_subfields(object_type, details)
        if deferred:
            return None
        plan = []
        for key, field_details in grouped.items():
            node = field_details[0].node
            if any(d.fragment_variable_values is not None for d in field_details):
                return None
            name = node.name.value
            if name == "__typename":
                plan.append((key, None, _TYPENAME, object_type.name, False, False, None))
                continue
            field_def = self.schema.get_field(object_type, name)
            if field_def is None:
                return None
            attribute = None if node.arguments else _attribute(field_def)
            if attribute is None:
                if not _sync_resolver(field_def):
                    return None
                # A resolver (with arguments): graphql-core's execute_field runs it.
                delegate = (object_type, field_details)
                plan.append((key, None, _DELEGATE, delegate, False, False, None))
                continue
            kind = field_def.type
            non_null = isinstance(kind, GraphQLNonNull)
            kind = kind.of_type if non_null else kind
            many = isinstance(kind, GraphQLList)
            item_non_null = False
            if many:
                kind = kind.of_type
                item_non_null = isinstance(kind, GraphQLNonNull)
                kind = kind.of_type if item_non_null else kind
            if isinstance(kind, GraphQLList):
                return None
            if is_leaf_type(kind):
                mode, extra = (_LEAF_LIST if many else _LEAF), _Leaf.of(kind)
            elif isinstance(kind, GraphQLObjectType):
                sub = self._build_plan(kind, field_details)
                if sub is None:
                    return None
                mode, extra = (_OBJECT_LIST if many else _OBJECT), (sub, kind.is_type_of)
            else:  # interfaces and unions: resolved by graphql-core
                return None
            plan.append((key, attribute, mode, extra, non_null, item_non_null, None))
        needs_path = any(
            e[2] == _DELEGATE or (e[2] in (_OBJECT, _OBJECT_LIST) and e[3][0][1]) for e in plan
        )
        return tuple(plan), needs_path

    def _run(self, plan: tuple, source: Any, path: Any, position_context: Any) -> dict:
        """An object's selection, completed as graphql-core would complete it. Paths are
        built only where a delegated field (a resolver) may need one for its errors."""
        entries, needs_path = plan
        out: dict[str, Any] = {}
        for key, attribute, mode, extra, non_null, item_non_null, _ in entries:
            if mode == _TYPENAME:
                out[key] = extra
                continue
            if mode == _DELEGATE:
                value = self.execute_field(
                    extra[0], source, extra[1], path.add_key(key, None),
                    position_context,
                )
                if self.is_awaitable(value):
                    raise _Fallback
                out[key] = value
                continue
            value = getattr(source, attribute)
            if value is None:
                if non_null:
                    raise _Fallback
                out[key] = None
            elif mode == _LEAF:
                out[key] = value if type(value) is extra.same else extra(value)
            elif mode == _OBJECT:
                sub, is_type_of = extra
                if is_type_of is not None and not is_type_of(value, None):
                    raise _Fallback
                child = path.add_key(key, None) if needs_path else None
                out[key] = self._run(sub, value, child, position_context)
            else:
                if not isinstance(value, list | tuple):
                    raise _Fallback
                items = []
                list_path = path.add_key(key, None) if needs_path else None
                for index, item in enumerate(value):
                    if item is None:
                        if item_non_null:
                            raise _Fallback
                        items.append(None)
                    elif mode == _LEAF_LIST:
                        items.append(item if type(item) is extra.same else extra(item))
                    else:
                        sub, is_type_of = extra
                        if is_type_of is not None and not is_type_of(item, None):
                            raise _Fallback
                        child = list_path.add_key(index, None) if needs_path else None
                        items.append(self._run(sub, item, child, position_context))
                out[key] = items
        return out


_TYPENAME, _LEAF, _LEAF_LIST, _OBJECT, _OBJECT_LIST, _DELEGATE = range(6)
_object_plans: dict[tuple, tuple] = {}
_no_directives: dict[int, tuple] = {}
_MAX_PLANS = 4096


class _Fallback(Exception):
    """This value must take graphql-core's path (it is null where it may not be, …)."""


def _remember(cache: dict, key: Any, value: tuple) -> tuple:
    if len(cache) >= _MAX_PLANS:
        cache.pop(next(iter(cache)))
    cache[key] = value
    return value


def _attribute(field_def: GraphQLField) -> str | None:
    """The attribute a field reads, when it is a Strawberry field without a resolver."""
    resolve = field_def.resolve
    definition = (field_def.extensions or {}).get(_BACKREF)
    if (
        resolve is not None
        and getattr(resolve, "_is_default", False)
        and definition is not None
        and definition.default_resolver is getattr
        and not field_def.args
    ):
        return definition.python_name
    return None


def _sync_resolver(field_def: GraphQLField) -> bool:
    definition = (field_def.extensions or {}).get(_BACKREF)
    return definition is not None and not definition.is_async and not definition.is_subscription


def _directive_free(operation: Any, fragments: Any) -> bool:
    found = False

    class _Finder(Visitor):
        def enter_directive(self, *_: Any) -> Any:
            nonlocal found
            found = True
            return BREAK

    visit(operation, _Finder())
    for fragment in (fragments or {}).values():
        definition = getattr(fragment, "definition", fragment)
        if not found:
            visit(definition, _Finder())
    return not found


class _Leaf:
    """A scalar's or enum's output coercion, with its shortcuts: a `str` for String or
    ID is itself (graphql-core returns it unchanged); an enum member maps to its name."""

    __slots__ = ("coerce", "names", "same")

    def __init__(self, kind: Any) -> None:
        self.coerce = kind.coerce_output_value
        self.same = str if kind in (GraphQLString, GraphQLID) else _Never
        self.names: dict[Any, str] = {}
        if isinstance(kind, GraphQLEnumType):
            try:
                self.names = {v.value: name for name, v in kind.values.items()}
            except TypeError:  # unhashable enum values: no shortcut
                self.names = {}

    _cache: dict[int, tuple[Any, _Leaf]] = {}  # noqa: RUF012 - one per leaf type

    @classmethod
    def of(cls, kind: Any) -> _Leaf:
        cached = cls._cache.get(id(kind))
        if cached is None or cached[0] is not kind:
            cached = cls._cache[id(kind)] = (kind, cls(kind))
        return cached[1]

    def __call__(self, value: Any) -> Any:
        names = self.names
        if names:
            try:
                name = names.get(value)
            except TypeError:
                name = None
            if name is not None:
                return name
        out = self.coerce(value)
        if out is None or out is Undefined:
            raise _Fallback
        return out


class _Never:
    """No value has this type."""


def _coerce(leaf: Any, value: Any, many: bool) -> Any:
    """The coerced value, or None when graphql-core's own path must decide (errors)."""
    coerce = leaf.coerce_output_value
    if not many:
        out = coerce(value)
        return None if out is Undefined else out
    if not isinstance(value, list):
        return None
    out = [coerce(v) for v in value]
    return None if None in out or Undefined in out else out


def tune_schema(schema: Any, documents: int = 256) -> Any:
    """Install the document cache (first extension) and the fast execution context."""
    cache = DocumentCache(documents)
    schema.extensions = (cache.extension, *schema.extensions)
    schema.document_cache = cache
    if schema.execution_context_class is StrawberryGraphQLCoreExecutionContext:
        schema.execution_context_class = FastExecutionContext
    return schema
