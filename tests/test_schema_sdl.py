"""schema.graphql is the contract: it must match the running schema exactly."""

from __future__ import annotations

from pathlib import Path

from schema import build_schema

SDL = Path(__file__).resolve().parent.parent / "schema.graphql"


def test_committed_sdl_matches_running_schema() -> None:
    expected = SDL.read_text(encoding="utf-8")
    actual = build_schema().as_str() + "\n"
    assert actual == expected, "schema changed: run `python scripts/write_schema_sdl.py`"


def test_contract_names_present() -> None:
    sdl = SDL.read_text(encoding="utf-8")
    for needle in (
        "interface Node", "node(id: ID!): Node", "nodes(ids: [ID!]!): [Node]!",
        "reports: [Report!]!", "enum Grade", "REQUIRES_IMPROVEMENT", "enum FindingKind",
        "CAUSE_OF_CONCERN", "type FindingConnection", "totalCount: Int!", "input FindingWhere",
        "themesAll", "shortestPath(", "neighbourhood(", "themeCooccurrence(", "search(",
    ):
        assert needle in sdl, needle
