"""Property-based tests: hostile input gets a clean, coded error, never a crash.

- any text or bytes given to the report reader raises only `ReportError`;
- so does the real report cut, repeated and spliced with noise (reaching deep into the parser);
- a run-time write of random text is refused with `ReportError` and changes nothing;
- any `FindingWhere`/`first`/`after`/`orderBy`, well- or ill-typed, and any query text, gets
  data or errors that each carry an `extensions.code` other than INTERNAL_SERVER_ERROR.

The schema runs in process (`execute_sync`) so hundreds of examples stay fast.
"""

from __future__ import annotations

import asyncio
import base64
import shutil
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import kinds
from graph.errors import ReportError
from graph.load import decode_report, load_graph
from graph.parse import parse_report
from graph.query import GraphIndex
from schema import build_schema
from schema.context import Context
from web.store import GraphStore

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "data" / "reports" / "staffordshire-peel-2021-22.txt"
LINES = REPORT.read_text(encoding="utf-8").splitlines()
SCHEMA = build_schema()
FAST = settings(max_examples=200, deadline=None)
SLOW = settings(max_examples=60, deadline=None)  # each example parses a whole report

# -- the report reader -----------------------------------------------------------------------


def _read(data: bytes | str) -> None:
    """Only ReportError may escape; anything else fails the test with its traceback."""
    try:
        text = decode_report(data, "fuzz") if isinstance(data, bytes) else data
        parse_report(text, "fuzz")
    except ReportError as exc:
        assert exc.reason and exc.source == "fuzz"


@FAST
@given(st.text(max_size=3000))
def test_random_text_is_refused_cleanly(text: str) -> None:
    _read(text)


@FAST
@given(st.binary(max_size=3000))
def test_random_bytes_are_refused_cleanly(data: bytes) -> None:
    _read(data)


@FAST
@given(st.lists(st.sampled_from(LINES[:400]) | st.text(max_size=80), max_size=120))
def test_report_lines_in_random_order_are_refused_cleanly(lines: list[str]) -> None:
    _read("\n".join(lines))


def _slice(draw: st.DrawFn, size: int) -> tuple[int, int]:
    start = draw(st.integers(0, size))
    return start, draw(st.integers(start, min(size, start + 200)))


@st.composite
def mangled_report(draw: st.DrawFn) -> str:
    """The real report with random cuts, repeats, noise lines and a possible truncation."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        edit = draw(st.sampled_from(["cut", "repeat", "noise", "swap", "truncate"]))
        start, end = _slice(draw, len(lines))
        if edit == "cut":
            del lines[start:end]
        elif edit == "repeat":
            lines[end:end] = lines[start:end]
        elif edit == "noise":
            lines[start:start] = draw(st.lists(st.text(max_size=60), min_size=1, max_size=5))
        elif edit == "swap":
            lines[start:end] = reversed(lines[start:end])
        else:
            lines = lines[:start]
    return "\n".join(lines)


@SLOW
@given(mangled_report())
def test_mangled_reports_parse_or_are_refused_cleanly(text: str) -> None:
    _read(text)


@SLOW
@given(mangled_report())
def test_mangled_report_bytes_parse_or_are_refused_cleanly(text: str) -> None:
    _read(text.encode("utf-8", "surrogatepass"))


# -- run-time writes -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    data = tmp_path_factory.mktemp("fuzz-data")
    (data / "reports").mkdir()
    shutil.copy(ROOT / "data" / "lexicon.toml", data / "lexicon.toml")
    (data / "reports" / REPORT.name).write_bytes(REPORT.read_bytes())
    writable = GraphStore(data)
    writable.load()
    return writable


@FAST
@given(text=st.text(max_size=2000))
def test_random_text_written_at_run_time_changes_nothing(store: GraphStore, text: str) -> None:
    before = store.current
    with pytest.raises(ReportError):
        store.add_report(text)
    assert store.current is before
    assert sorted(p.name for p in (store.data_dir / "reports").iterdir()) == [REPORT.name]


class Writer:
    """`POST /reports` on an in-process app over the module's data copy, with the token."""

    def __init__(self, store: GraphStore) -> None:
        from server import create_app

        self.app = create_app(data_dir=store.data_dir, admin_token="fuzz")
        self.app.state.store.load()
        self.loop = asyncio.new_event_loop()
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app),
                                      base_url="http://testserver")

    def post(self, body: bytes) -> httpx.Response:
        return self.loop.run_until_complete(self.http.post(
            "/reports", content=body, headers={"authorization": "Bearer fuzz"}))

    def close(self) -> None:
        self.loop.run_until_complete(self.http.aclose())
        self.loop.close()


@pytest.fixture(scope="module")
def writer(store: GraphStore) -> Iterator[Writer]:
    client = Writer(store)
    yield client
    client.close()


@settings(max_examples=100, deadline=None)
@given(body=st.binary(max_size=2000) | st.text(max_size=2000).map(
    lambda t: t.encode("utf-8", "surrogatepass")))
def test_random_bodies_posted_as_reports_get_400(writer: Writer, body: bytes) -> None:
    before = writer.app.state.store.current
    response = writer.post(body)
    assert response.status_code == 400, response.text
    extensions = response.json()["errors"][0]["extensions"]
    assert extensions["code"] == "BAD_USER_INPUT" and extensions["reason"]
    assert writer.app.state.store.current is before


# -- the API ---------------------------------------------------------------------------------

FINDINGS = """
query($where: FindingWhere, $first: Int!, $after: String, $order: FindingOrder!) {
  findings(where: $where, first: $first, after: $after, orderBy: $order) {
    totalCount edges { cursor node { id title } } pageInfo { hasNextPage endCursor }
  }
  themeCooccurrence(where: $where) { count first { id } }
}
"""
NAMES = ["supervision", "SOMU", "National Crime Agency", "MASH", "crime-data-integrity",
         "staffordshire", "report:staffordshire-2021-22", "Staffordshire Police", "theme:x", ""]
NAME_FIELDS = ["themes", "themesAll", "units", "partners", "terms", "areas", "forces", "reports"]


def _anything() -> st.SearchStrategy[Any]:
    """Any JSON value, to feed ill-typed variables."""
    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                        | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)


def _names() -> st.SearchStrategy[Any]:
    name = st.sampled_from(NAMES) | st.text(max_size=30)
    return st.none() | st.lists(name, max_size=4) | _anything()


def _enum_list(values: list[str]) -> st.SearchStrategy[Any]:
    return st.none() | st.lists(st.sampled_from(values) | st.text(max_size=12), max_size=4)


def _where() -> st.SearchStrategy[Any]:
    fields: dict[str, st.SearchStrategy[Any]] = {name: _names() for name in NAME_FIELDS}
    fields["kinds"] = _enum_list([k.name for k in kinds.FindingKind])
    fields["grades"] = _enum_list([g.name for g in kinds.Grade])
    fields["text"] = st.none() | st.text(max_size=40)
    fields["notAField"] = st.integers()
    valid = st.fixed_dictionaries({}, optional=fields)
    return st.none() | valid | _anything()


def _cursor() -> st.SearchStrategy[Any]:
    real = st.integers(-3, 90).map(lambda n: f"finding:{n}")
    encoded = st.text(max_size=30).map(lambda t: base64.b64encode(
        t.encode("utf-8", "surrogatepass")).decode())
    return st.none() | st.text(max_size=40) | real | encoded | _anything()


def _check(result: Any) -> None:
    for error in result.errors or ():
        code = (error.extensions or {}).get("code")
        assert code, f"no code: {error.message}"
        assert code != "INTERNAL_SERVER_ERROR", (error.message, error.original_error)


@cache
def _context() -> Context:
    """Built once and kept out of the test signatures (its repr is the whole graph)."""
    return Context(GraphIndex.build(load_graph(ROOT / "data").graph))


@FAST
@given(
    where=_where(),
    first=st.integers(-5, 120) | st.integers(-(2**40), 2**40) | _anything(),
    after=_cursor(),
    order=st.sampled_from(["REPORT", "GRADE", "TITLE"]) | st.text(max_size=10),
)
def test_random_filters_get_data_or_coded_errors(
    where: Any, first: Any, after: Any, order: Any
) -> None:
    variables = {"where": where, "first": first, "after": after, "order": order}
    _check(SCHEMA.execute_sync(FINDINGS, variable_values=variables, context_value=_context()))


@FAST
@given(st.text(min_size=1, max_size=300) | st.sampled_from([
    "{ findings(first: -1) { totalCount } }",
    '{ findings(after: "nope") { totalCount } }',
    "{ search(text: \"\", first: 1000) { totalCount } }",
    '{ search(text: "\\"unbalanced") { totalCount } }',
    '{ neighbourhood(id: "theme:supervision", depth: 99) { nodes { nodeId } } }',
    "{ findings { edges { node { id } } } } fragment F on Query { ...F }",
]))
def test_random_documents_get_coded_errors(query: str) -> None:
    # (An empty document never gets here: the HTTP view refuses it first.)
    _check(SCHEMA.execute_sync(query, context_value=_context()))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=500), replace=_anything())
def test_random_mutations_without_a_writer_are_refused_cleanly(text: str, replace: Any) -> None:
    query = "mutation($t: String!, $r: Boolean!) { addReport(text: $t, replace: $r) { id } }"
    result = SCHEMA.execute(query, variable_values={"t": text, "r": replace},
                            context_value=_context())
    _check(asyncio.run(result))


@pytest.mark.parametrize("query", [
    "query($f: Int) { findings(first: $f) { totalCount } }",
    "query($o: FindingOrder) { findings(orderBy: $o) { totalCount } }",
    "mutation($r: Boolean) { addReport(text: \"\", replace: $r) { id } }",
])
def test_null_for_a_defaulted_non_null_argument_gets_a_code(query: str) -> None:
    result = SCHEMA.execute(query, variable_values={"f": None, "o": None, "r": None},
                            context_value=_context())
    _check(asyncio.run(result))
