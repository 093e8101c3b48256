"""Gold annotations: what a reader says a report's findings are about and which units and
partners it names (the format is eval/gold/ANNOTATION.md's; a Kestrel-Vale-style answers file is
read too, for its supervision concerns and organisations)."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import PeelGraphError

__all__ = ["Gold", "GoldEntity", "GoldError", "GoldFinding", "load_answers", "load_gold"]

_KINDS = ("cause_of_concern", "area_for_improvement")


class GoldError(PeelGraphError):
    """A gold file that cannot be read: the message names the file and the field."""


@dataclass(frozen=True)
class GoldFinding:
    kind: str
    title: str
    line: int
    about: frozenset[str]
    not_about: frozenset[str] = frozenset()


@dataclass(frozen=True)
class GoldEntity:
    name: str
    forms: tuple[str, ...]
    type: str
    line: int = 0


@dataclass(frozen=True)
class Gold:
    """One report's gold. `themes` limits the themes judged (None: every theme)."""

    report: str
    source: Path
    findings: tuple[GoldFinding, ...] = ()
    entities: tuple[GoldEntity, ...] = ()
    themes: frozenset[str] | None = None
    path: Path = field(default=Path("."))


def _need(table: dict, key: str, kind: type, where: str) -> object:
    value = table.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise GoldError(f"{where}.{key}: expected {kind.__name__}, got {value!r}")
    return value


def _strings(table: dict, key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise GoldError(f"{where}.{key}: expected a list of strings")
    return tuple(value)


def _source(path: Path, source: str) -> Path:
    """The report file: as written (from the working folder), else beside the repository the
    gold file lives in (eval/gold/x.toml -> ../../source)."""
    candidate = Path(source)
    if candidate.is_absolute() or candidate.exists():
        return candidate
    return path.resolve().parent.parent.parent / source


def load_gold(path: Path) -> Gold:
    """Read and check one gold TOML file."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise GoldError(f"{path}: gold file not found") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: not valid TOML: {exc}") from exc
    where = str(path)
    findings = []
    for n, table in enumerate(data.get("finding", [])):
        at = f"{where}: finding[{n}]"
        kind = _need(table, "kind", str, at)
        if kind not in _KINDS:
            raise GoldError(f"{at}.kind: {kind!r} is not one of {', '.join(_KINDS)}")
        not_about = table.get("not_about", {})
        if not isinstance(not_about, dict):
            raise GoldError(f"{at}.not_about: expected a table of theme = reason")
        findings.append(
            GoldFinding(
                kind=str(kind),
                title=str(_need(table, "title", str, at)),
                line=int(_need(table, "line", int, at)),  # type: ignore[call-overload]
                about=frozenset(_strings(table, "about", at)),
                not_about=frozenset(not_about),
            )
        )
    entities = []
    for n, table in enumerate(data.get("entity", [])):
        at = f"{where}: entity[{n}]"
        name = str(_need(table, "name", str, at))
        entities.append(
            GoldEntity(
                name=name,
                forms=(name, *_strings(table, "forms", at)),
                type=str(_need(table, "type", str, at)),
                line=int(table.get("line", 0)),
            )
        )
    return Gold(
        report=str(_need(data, "report", str, where)),
        source=_source(Path(path), str(_need(data, "source", str, where))),
        findings=tuple(findings),
        entities=tuple(entities),
        path=Path(path),
    )


def load_answers(path: Path, report_file: str, report_id: str) -> Gold:
    """A gold from an answers JSON file (`reports[]` with `supervision_concerns`, `units`,
    `partners`, each organisation with `forms_in_text`): the supervision theme only, judged
    over the causes of concern and areas for improvement its `areas` list."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        entry = next(r for r in data["reports"] if r["file"] == report_file)
    except (OSError, ValueError, KeyError, StopIteration) as exc:
        raise GoldError(f"{path}: no answers for {report_file}: {exc!r}") from exc
    supervision = set(entry.get("supervision_concerns", []))
    findings = tuple(
        GoldFinding(
            kind=f["kind"],
            title=f["title"],
            line=int(f["line"]),
            about=frozenset({"supervision"} if f["title"] in supervision else ()),
        )
        for area in entry.get("areas", [])
        for f in area.get("findings", [])
        if f["kind"] in _KINDS
    )
    entities = tuple(
        GoldEntity(
            name=e["name"],
            forms=(
                e["name"],
                *e.get("forms_in_text", []),
                *([e["acronym"]] if e.get("acronym") else []),
            ),
            type=kind,
        )
        for kind in ("unit", "partner")
        for e in entry.get(f"{kind}s", [])
    )
    return Gold(
        report=report_id,
        source=Path(path).parent / report_file,
        findings=findings,
        entities=entities,
        themes=frozenset({"supervision"}),
        path=Path(path),
    )
