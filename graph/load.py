"""Read report files from disk: the only place the graph package touches the file system."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from .build import build_graph
from .documents import SUFFIXES, Document, Limits, read_document
from .documents.plain import decode_text
from .errors import ReportError
from .gc_pause import gc_paused
from .lexicon import DEFAULT_LEXICON, Lexicon, load_lexicon
from .model import Report
from .parse import parse_report

__all__ = [
    "DEFAULT_DATA",
    "Loaded",
    "data_lexicon",
    "decode_report",
    "folder_state",
    "load_graph",
    "parse_document",
    "read_report",
    "report_files",
    "report_folder",
]

DEFAULT_DATA = Path(__file__).resolve().parent.parent / "data"
LIMITS = Limits()
MAX_REPORT_BYTES = LIMITS.text_bytes


@dataclass
class Loaded:
    """The graph, the reports it was built from, and the files that were refused."""

    graph: nx.MultiDiGraph
    reports: list[Report]
    errors: list[ReportError] = field(default_factory=list)


def decode_report(data: bytes, source: str) -> str:
    """Bytes to text, refusing what cannot be a text report."""
    return decode_text(data, source, LIMITS)


def parse_document(document: Document, source: str, lexicon: Lexicon | None = None) -> Report:
    """The report a document holds, with its format and the provenance of its lines."""
    report = parse_report(document.text, source, lexicon)
    report.format = document.format
    report.provenance = document.provenance
    return report


def read_report(path: Path, lexicon: Lexicon | None = None) -> Report:
    """Any supported file (`.txt`, `.md`, `.html`, `.pdf`) to its parsed report."""
    size, fmt = path.stat().st_size, SUFFIXES.get(path.suffix.lower())
    if size > LIMITS.bytes_for(fmt):  # refused before it is read at all
        raise ReportError(
            str(path),
            f"too large ({size:,} bytes; the limit for {fmt or 'a report'} is"
            f" {LIMITS.bytes_for(fmt):,})",
        )
    document = read_document(path.read_bytes(), str(path), limits=LIMITS)
    return parse_document(document, path.name, lexicon)


def report_folder(data_dir: Path) -> Path:
    """`<data>/reports/` when it exists, else the data folder itself: where reports are read
    and where new ones are written."""
    return data_dir / "reports" if (data_dir / "reports").is_dir() else data_dir


def report_files(data_dir: Path) -> list[Path]:
    """The reports to load (every supported suffix); dot-files (an interrupted write's
    `.*.tmp`) and the folder's README are never reports."""
    return sorted(
        p for p in report_folder(data_dir).iterdir()
        if p.suffix.lower() in SUFFIXES and p.is_file() and not p.name.startswith(".")
        and p.stem.lower() != "readme"
    )


def folder_state(data_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of every report (and the lexicon): a cheap way for a
    server process to notice that another process changed the data folder."""
    paths = [*report_files(data_dir), data_dir / "lexicon.toml"]
    state = []
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue
        state.append((path.name, stat.st_size, stat.st_mtime_ns))
    return tuple(state)


def data_lexicon(data_dir: Path, lexicon_path: Path | None = None) -> Lexicon:
    """The lexicon a data folder is read with: its own `lexicon.toml`, else the default."""
    lexicon_file = lexicon_path or (
        data_dir / "lexicon.toml" if (data_dir / "lexicon.toml").is_file() else DEFAULT_LEXICON
    )
    return load_lexicon(Path(lexicon_file))


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
    with gc_paused():
        return _load(data_dir, files, lexicon_path, strict)


def _load(
    data_dir: Path, files: list[Path] | None, lexicon_path: Path | None, strict: bool
) -> Loaded:
    lexicon = data_lexicon(data_dir, lexicon_path)
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
