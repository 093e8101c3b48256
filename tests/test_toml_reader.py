"""The lexicon's TOML is read by rtoml where it can be (a tenth of the start-up budget saved)
and by tomli otherwise: both must give the same data, or the same error, for any text."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomli

from graph.lexicon import _toml

ROOT = Path(__file__).resolve().parent.parent

DOCUMENTS = [
    "a = 1\na = 2\n",  # a key twice
    "[t]\nx = 1\n[t]\ny = 2\n",  # a table twice
    "t = {a = 1,}\n",  # a trailing comma in an inline table
    "a = 01\n",  # a leading zero
    'a = "\\q"\n',  # an unknown escape
    "t = {a = 1,\n b = 2}\n",  # a line break in an inline table
    "a b = 1\n",
    "a =\n",
    "a = [1, 2,]\n",
    "a = 1.0e10\nb = 0xDEAD\nc = 1_000\n",
    "a = 1__000\n",
    '"é" = "\u2013 £ é"\n',
    "a = 1979-05-27T07:32:00Z\nb = 1979-05-27\n",
    "a = 99999999999999999999\n",
    "a = 9223372036854775808\n",
    "a.b = 1\n[a]\nc = 2\n",
    "[a.b]\nc = 1\n[a]\nd = 2\n",
    'a = "x\ty"\n',
    'a = "x\x01y"\n',  # a control character
    'a = "\\ud800"\n',  # a lone surrogate
    "",
    "# only a comment\n",
    'a = """\nx\ny"""\n',
    "a = 'c:\\\\x'\n",
    "[[t]]\na = 1\n[[t]]\na = 2\n",
    "a = []\n[[a]]\n",
    "a = {b = 1}\na.c = 2\n",
    '"a.b" = 1\n" " = 2\n',
    "a = {b = {c = [1, {d = 2}]}}\n",
    'a = """x\r\ny"""\n',  # a carriage return: tomli's reading
    "\ufeffa = 1\n",  # a byte-order mark: tomli refuses it
]


def _read(reader, text: str) -> tuple[str, object]:
    try:
        return "data", reader(text)
    except tomli.TOMLDecodeError as exc:
        return "error", str(exc)


@pytest.mark.parametrize("text", DOCUMENTS)
def test_same_data_or_same_error_as_tomli(text: str) -> None:
    assert _read(_toml, text) == _read(tomli.loads, text)


def test_the_lexicon_reads_the_same() -> None:
    text = (ROOT / "data" / "lexicon.toml").read_text(encoding="utf-8")
    assert _toml(text) == tomli.loads(text)
