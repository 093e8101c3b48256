"""Error messages in the words of the request (JSON), not of the server's language.

graphql-core writes the values it could not coerce with Python's `repr`: `None`, `True`,
`'x'`. A client sent `null`, `true` and `"x"`, so those are what its error names.
"""

from __future__ import annotations

import ast
import json
import re

__all__ = ["json_words"]

_NOT_NONE = re.compile(r"\bnot to be None\b")
_TRAILING_VALUE = re.compile(r"^(.*(?:value|found): )(.+?)(\.?)$", re.DOTALL)


def _as_json(python: str) -> str:
    try:
        return json.dumps(ast.literal_eval(python), ensure_ascii=False)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return python


def json_words(message: str) -> str:
    """`message` with Python's spelling of the offending value replaced by JSON's."""
    message = _NOT_NONE.sub("not to be null", message)
    return _TRAILING_VALUE.sub(lambda m: m[1] + _as_json(m[2]) + m[3], message)
