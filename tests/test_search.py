"""Full-text search: an analyst's query set (MRR), word forms, acronyms both ways, the grammar,
and hostile text that must be refused cleanly and can never reach FTS5 as syntax."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from conftest import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.query import FindingFilter, GraphIndex
from graph.search import BadQuery, explain, parse_query, search, text_index
from schema import build_schema
from schema.context import Context

ROOT = Path(__file__).resolve().parent.parent
QUERIES = tomllib.loads((ROOT / "bench" / "search-queries.toml").read_text())["query"]
PREFIX = "finding:staffordshire-2021-22:"
SCHEMA = build_schema()


def _ranks(index: GraphIndex) -> list[int | None]:
    out = []
    for query in QUERIES:
        hits = [h.node for h in search(index, query["text"], ["finding"])]
        expected = {PREFIX + e for e in query["expect"]}
        out.append(next((n + 1 for n, h in enumerate(hits) if h in expected), None))
    return out


def test_query_set_has_expected_findings_in_the_top_three(index: GraphIndex) -> None:
    assert len(QUERIES) >= 10
    ranks = _ranks(index)
    misses = [(q["text"], r) for q, r in zip(QUERIES, ranks, strict=True) if not r or r > 3]
    assert not misses
    mrr = sum(1 / r for r in ranks if r) / len(ranks)
    assert mrr >= 0.8, mrr


def _ids(index: GraphIndex, text: str, kinds: list[str] | None = None) -> list[str]:
    return [h.node for h in search(index, text, kinds)]


def test_exact_names_and_acronyms_come_first(index: GraphIndex) -> None:
    assert _ids(index, "SOMU")[0] == "unit:somu"
    assert search(index, "SOMU")[0].match == "exact_name"
    assert _ids(index, "safenet team")[0] == "unit:safenet"


def test_acronyms_expand_both_ways(index: GraphIndex) -> None:
    dvpn = PREFIX + "protecting-vulnerable-people:main-finding-2"  # says only "DVPN/Os"
    assert dvpn in _ids(index, "domestic violence protection notices", ["finding"])[:1]
    assert dvpn in _ids(index, "domestic violence protection orders", ["finding"])[:2]
    assert dvpn in _ids(index, "DVPO", ["finding"])[:2]  # the slash form's second acronym
    somu = _ids(index, "SOMU", ["finding"])
    assert somu[0] == PREFIX + "managing-offenders:area-for-improvement-4"
    # and the other way: the long form finds findings that only use the acronym
    long = _ids(index, "sex offender management unit", ["finding"])
    main2 = PREFIX + "managing-offenders:main-finding-2"  # "the SOMU team", never spelled out
    assert main2 in long


def test_word_forms_match_and_substrings_do_not(index: GraphIndex) -> None:
    hits = explain(index, search(index, "supervisor", ["finding"]))
    words = {w for h in hits for w in h.matched}
    assert {"supervision", "supervisory", "supervisors"} <= words
    assert not search(index, "art")  # used to match inside "start"
    monitor = {w for h in explain(index, search(index, "monitor")) for w in h.matched}
    assert {"monitored", "monitoring"} <= monitor


def test_phrases_and_prefixes(index: GraphIndex) -> None:
    phrase = explain(index, search(index, "\"risk assessments\"", ["finding"]))
    assert phrase and all("risk assessment" in " ".join(h.matched) for h in phrase)
    loose = search(index, "risk assessments", ["finding"])
    assert len(loose) > len(phrase)
    prefix = {w for h in explain(index, search(index, "supervis*")) for w in h.matched}
    assert {"supervision", "supervisors", "supervisory"} <= prefix


def test_where_and_kinds_narrow_hits(index: GraphIndex) -> None:
    where = FindingFilter(kinds=("cause_of_concern",))
    hits = search(index, "vulnerability", where=where)
    assert hits and all(index.graph.nodes[h.node]["finding_kind"] == "cause_of_concern"
                        for h in hits)
    assert {index.graph.nodes[n]["kind"] for n in _ids(index, "SOMU", ["unit"])} == {"unit"}


@pytest.mark.parametrize("text", [
    '"unbalanced', 'NEAR(supervision review)', "title:supervision", "supervision OR review",
    "NOT rape", "a AND b", "(supervision)", "*", "super*vision", "x*", "^start", "+word", "",
    "   ", "...", "a " * 30, "x" * 501,
])
def test_malformed_text_is_bad_user_input(index: GraphIndex, client: Client, text: str) -> None:
    with pytest.raises(BadQuery):
        search(index, text)
    answer = client.graphql("query($t: String!) { search(text: $t) { totalCount } }",
                            {"t": text})
    assert answer["data"] is None
    assert answer["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


_SAFE = re.compile(r'"[^\W_]+(?: [^\W_]+)*"\*?')


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120) | st.lists(st.sampled_from(
    ['"', "*", "(", ")", ":", "NEAR", "AND", "OR", "NOT", "^", "+", "-", "DVPN/Os", "SOMU",
     "supervis", "'", ";", "--", "DROP", "x", "\x00", "é", "\\", "{", "}", "[", "]"]),
    max_size=12).map(" ".join))
def test_any_text_gives_hits_or_a_bad_query_and_never_raw_syntax(text: str) -> None:
    index = _fuzz_index()
    try:
        items = parse_query(text)
    except BadQuery:
        items = None
    if items is not None:
        for clause in text_index(index).clauses(items):
            for alternative in clause:
                assert _SAFE.fullmatch(alternative), alternative
    result = SCHEMA.execute_sync("query($t: String!) { search(text: $t, first: 3) "
                                 "{ totalCount edges { node { snippet } } } }",
                                 variable_values={"t": text},
                                 context_value=Context(index=index))
    for error in result.errors or []:
        assert error.extensions["code"] == "BAD_USER_INPUT", error


_CACHE: list[GraphIndex] = []


def _fuzz_index() -> GraphIndex:
    if not _CACHE:
        from graph.load import load_graph

        _CACHE.append(GraphIndex.build(load_graph(ROOT / "data").graph))
    return _CACHE[0]


def test_hits_carry_score_terms_and_a_highlighted_snippet(client: Client) -> None:
    answer = client.graphql(
        '{ search(text: "DVPN", kinds: [FINDING], first: 1) { totalCount pageInfo { hasNextPage'
        " endCursor } edges { node { score match matchedTerms snippet"
        " snippetSpans { text matched } node { id } } } } }")["data"]["search"]
    hit = answer["edges"][0]["node"]
    assert answer["totalCount"] >= 2 and answer["pageInfo"]["hasNextPage"]
    assert hit["score"] > 0 and hit["match"] == "ALL_TERMS" and "dvpn" in hit["matchedTerms"]
    assert "<mark>DVPN</mark>" in hit["snippet"]
    assert {"text": "DVPN", "matched": True} in hit["snippetSpans"]
    assert "".join(s["text"] for s in hit["snippetSpans"]) in hit["snippet"].replace(
        "<mark>", "").replace("</mark>", "")
    after = answer["pageInfo"]["endCursor"]
    second = client.graphql(
        'query($a: String) { search(text: "DVPN", kinds: [FINDING], first: 1, after: $a)'
        " { edges { node { node { id } } } } }", {"a": after})["data"]["search"]["edges"]
    assert second[0]["node"]["node"]["id"] != hit["node"]["id"]


def test_snippet_html_is_escaped(index: GraphIndex, client: Client) -> None:
    answer = client.graphql('{ search(text: "children\'s services", first: 5) '
                            "{ edges { node { snippet } } } }")["data"]["search"]["edges"]
    assert answer and all("<" not in s.replace("<mark>", "").replace("</mark>", "")
                          for s in (e["node"]["snippet"] for e in answer))


def test_search_pages_backwards_to_the_same_hits(client: Client) -> None:
    query = ('query($l: Int, $b: String, $f: Int) { search(text: "supervision", kinds: [FINDING],'
             " last: $l, before: $b, first: $f) { totalCount pageInfo { hasPreviousPage"
             " hasNextPage startCursor } edges { node { node { id } } } } }")
    everything = client.graphql(query, {"f": 100})["data"]["search"]
    ids = [e["node"]["node"]["id"] for e in everything["edges"]]
    assert everything["totalCount"] == len(ids) > 4
    backwards: list[str] = []
    before = None
    for _ in range(len(ids)):
        page = client.graphql(query, {"l": 3, "b": before})["data"]["search"]
        backwards[:0] = [e["node"]["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    assert backwards == ids
    refused = client.graphql('{ search(text: "x", last: -1) { totalCount } }')
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
