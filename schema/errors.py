"""Expected errors carry `extensions.code`; anything else is masked as an internal error."""

from __future__ import annotations

from graphql import GraphQLError

__all__ = ["bad_input", "not_found", "too_large"]


def bad_input(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "BAD_USER_INPUT"})


def not_found(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "NOT_FOUND"})


def too_large(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "QUERY_TOO_LARGE"})
