"""Read report files from disk: the only place the graph package touches the file system."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from .build import build_graph
from .errors import ReportError
from .lexicon import DEFAULT_LEXICON, Lexicon, load_lexicon
from .model import Report
from .parse import parse_report

__all__ = ["DEFAULT_DATA", "Loaded", "decode_report", "load_graph", "read_report", "report_files"]

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data"
MAX_REPORT_BYTES = 5 * 1024 * 1024


@dataclass
class Loaded:
    """The graph, the reports it was built from, and the files that were refused."""

    graph: nx.MultiDiGraph
    reports: list[Report]
    errors: list[ReportError] = field(default_factory=list)


def decode_report(data: bytes, source: str) -> str:
    """Bytes to text, refusing what cannot be a text report."""
    if len(data) > MAX_REPORT_BYTES:
        raise ReportError(source, f"too large ({len(data)} bytes; the limit is {MAX_REPORT_BYTES})")
    if b"\x00" in data[:8192]:
        raise ReportError(source, "binary data, not a text report")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportError(source, f"not UTF-8 text (byte {exc.start})") from exc


def read_report(path: Path, lexicon: Lexicon | None = None) -> Report:
    return parse_report(decode_report(path.read_bytes(), str(path)), path.name, lexicon)


def report_files(data_dir: Path) -> list[Path]:
    folder = data_dir / "reports" if (data_dir / "reports").is_dir() else data_dir
    return sorted(p for p in folder.glob("*.txt") if p.is_file())


def load_graph(
    data_dir: Path = DEFAULT_DATA,
    files: list[Path] | None = None,
    *,
    lexicon_path: Path | None = None,
    strict: bool = False,
) -> Loaded:
    """Parse every report and build one graph; a bad report is refused whole, never half-loaded.

    With `strict`, the first bad report raises; otherwise it is listed in `errors` and the graph
    is built from the good ones.
    """
    lexicon_file = lexicon_path or (
        data_dir / "lexicon.toml" if (data_dir / "lexicon.toml").is_file() else DEFAULT_LEXICON
    )
    lexicon = load_lexicon(Path(lexicon_file))
    reports: list[Report] = []
    errors: list[ReportError] = []
    seen: dict[str, str] = {}
    for path in files if files is not None else report_files(data_dir):
        try:
            report = read_report(path, lexicon)
            if report.id in seen:
                raise ReportError(
                    path.name,
                    f"a second report for {report.force} {report.cycle}"
                    f" (already loaded from {seen[report.id]})",
                )
        except ReportError as exc:
            if strict:
                raise
            errors.append(exc)
            continue
        except OSError as exc:
            error = ReportError(str(path), f"cannot be read: {exc.strerror}")
            if strict:
                raise error from exc
            errors.append(error)
            continue
        seen[report.id] = path.name
        reports.append(report)
    return Loaded(build_graph(reports, lexicon), reports, errors)
