"""The live graph: one immutable snapshot, replaced whole when reports change.

Writers (adding or deleting a report) hold `write_lock`, build the complete new graph from the
reports already parsed in memory, make the change durable on disk, and only then publish: a
reader sees the old graph or the new one, never a mix, and a crash at any point leaves the
data folder loadable with the old report set or the new one.
"""

from __future__ import annotations

import gc
import os
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from graph.build import build_graph
from graph.documents import Document, read_document
from graph.errors import PeelGraphError, ReportError
from graph.lexicon import Lexicon
from graph.load import (
    LIMITS,
    Loaded,
    data_lexicon,
    folder_state,
    load_graph,
    parse_document,
    report_folder,
)
from graph.model import Report
from graph.query import GraphIndex
from graph.search import text_index
from schema.types import views

__all__ = [
    "Change",
    "Conflict",
    "GraphStore",
    "NoSuchReport",
    "NotLoaded",
    "Snapshot",
    "fsync_folder",
    "write_atomic",
]

SUBMITTED = "the submitted report"
FolderState = tuple[tuple[str, int, int], ...]


class Conflict(PeelGraphError):
    """The report is already loaded (same force and cycle) and replacing was not asked for."""


class NoSuchReport(PeelGraphError):
    """No loaded report has that id."""


class NotLoaded(PeelGraphError):
    """The store has not loaded its graph yet, so there is nothing to change."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A graph version and everything read from it, swapped as one reference.

    `health` is what /healthz reports, counted once here so that answering it is a lookup.
    """

    loaded: Loaded
    index: GraphIndex
    health: dict = field(default_factory=dict)

    @classmethod
    def of(cls, loaded: Loaded) -> Snapshot:
        index = GraphIndex.build(loaded.graph)
        return cls(loaded, index, {
            "status": "ok",
            "graphVersion": index.version,
            "reports": len(loaded.reports),
            "nodes": index.graph.number_of_nodes(),
            "edges": index.graph.number_of_edges(),
            "refused": [str(e) for e in loaded.errors],
        })


@dataclass(frozen=True, slots=True)
class Change:
    """What a write did: which report, to which graph version."""

    report_id: str
    action: Literal["added", "replaced", "deleted"]
    version: str
    file: str

    @property
    def node_id(self) -> str:
        return f"report:{self.report_id}"


@dataclass
class GraphStore:
    """Readers take `store.current` (or `.index`) once per request and keep that version."""

    data_dir: Path
    current: Snapshot | None = None
    lexicon: Lexicon | None = None
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    # The data folder as this process last loaded or wrote it (see `refresh`).
    folder: FolderState = ()
    # Called after each publish but the first with the new snapshot and what changed:
    # (report node id, "added" | "replaced" | "deleted") pairs. Subscriptions listen here.
    listeners: list[Callable[[Snapshot, list[tuple[str, str]]], None]] = field(
        default_factory=list
    )

    @property
    def index(self) -> GraphIndex | None:
        current = self.current
        return current.index if current else None

    @property
    def loaded(self) -> Loaded | None:
        current = self.current
        return current.loaded if current else None

    def load(self) -> None:
        with self.write_lock:
            before = folder_state(self.data_dir)  # taken first: a change while reading shows
            self.lexicon = data_lexicon(self.data_dir)
            self.publish(load_graph(self.data_dir), before)

    def refresh(self) -> bool:
        """Reload when another process (another server worker, an administrator copying a
        file) changed the data folder; True when it did. Each worker polls this."""
        if folder_state(self.data_dir) == self.folder or self.write_lock.locked():
            return False
        self.load()
        return True

    def publish(self, loaded: Loaded, folder: FolderState | None = None) -> None:
        snapshot = Snapshot.of(loaded)
        views(snapshot.index)  # the GraphQL objects, built before the first request needs them
        text_index(snapshot.index)  # and the full-text index, so the first search is quick
        self.folder = folder_state(self.data_dir) if folder is None else folder
        before = self.current
        self.current = snapshot  # one reference swap: readers never see a mix
        # The old graph (frozen at the last publish) can only be collected once unfrozen; the
        # new one is then frozen so routine collections skip it.
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        if before is not None and before.index.version != snapshot.index.version:
            changes = _changes(before.loaded.reports, loaded.reports)
            for listener in self.listeners:
                listener(snapshot, changes)

    # -- writes: call from a worker thread; each blocks other writers, never readers --------

    def add_report(
        self, text: str | bytes, *, replace: bool = False, media_type: str | None = None
    ) -> Change:
        """Read (text, Markdown, HTML or PDF), parse, build, write the file atomically,
        publish; `ReportError` changes nothing."""
        if isinstance(text, bytes):
            data = text
            document = read_document(data, SUBMITTED, media_type=media_type, limits=LIMITS)
        else:
            text = text.removeprefix("\ufeff")  # the loader strips it too, so versions agree
            try:
                data = text.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise ReportError(
                    SUBMITTED, f"not valid Unicode text (character {exc.start})"
                ) from exc
            document = Document(text, "txt")
        with self.write_lock:
            current, lexicon = self._current()
            report = parse_document(document, SUBMITTED, lexicon)
            existing = _find(current.loaded.reports, report.id)
            folder = report_folder(self.data_dir)
            name = f"{report.id}.{report.format}"
            if existing and existing.format == report.format:
                name = existing.source
            if existing and not replace:
                raise Conflict(
                    f"report {report.id} ({report.force} {report.cycle}) is already loaded"
                    f" from {name}; ask for replace=true to replace it"
                )
            if not existing and not replace and (folder / name).exists():
                raise Conflict(f"{name} is in the data folder but not loaded; ask for replace=true")
            report.source = name
            reports = [r for r in current.loaded.reports if r.id != report.id] + [report]
            graph = build_graph(reports, lexicon)
            write_atomic(folder / name, data)
            if existing and existing.source != name:  # replaced by another format's file
                (folder / existing.source).unlink(missing_ok=True)
                fsync_folder(folder)
            errors = [e for e in current.loaded.errors if Path(e.source).name != name]
            self.publish(Loaded(graph, reports, errors))
            action = "replaced" if existing else "added"
            return Change(report.id, action, graph.graph["version"], name)

    def delete_report(self, report_id: str) -> Change:
        """Build the graph without the report, remove its file durably, publish."""
        key = report_id.removeprefix("report:")
        with self.write_lock:
            current, lexicon = self._current()
            existing = _find(current.loaded.reports, key)
            if existing is None:
                raise NoSuchReport(f"no loaded report {report_id!r}")
            reports = [r for r in current.loaded.reports if r.id != key]
            graph = build_graph(reports, lexicon)
            folder = report_folder(self.data_dir)
            (folder / existing.source).unlink(missing_ok=True)
            fsync_folder(folder)
            self.publish(Loaded(graph, reports, list(current.loaded.errors)))
            return Change(key, "deleted", graph.graph["version"], existing.source)

    def _current(self) -> tuple[Snapshot, Lexicon]:
        current = self.current
        if current is None or self.lexicon is None:
            raise NotLoaded("the graph is still loading; try again shortly")
        return current, self.lexicon


def _changes(old: list[Report], new: list[Report]) -> list[tuple[str, str]]:
    """Which reports a new graph added, replaced (other text) or deleted, by node id."""
    before = {r.id: r.digest for r in old}
    after = {r.id: r.digest for r in new}
    changes = [(f"report:{key}", "deleted") for key in sorted(before.keys() - after.keys())]
    for key in sorted(after):
        if key not in before:
            changes.append((f"report:{key}", "added"))
        elif before[key] != after[key]:
            changes.append((f"report:{key}", "replaced"))
    return changes


def _find(reports: list[Report], report_id: str) -> Report | None:
    return next((r for r in reports if r.id == report_id), None)


def write_atomic(path: Path, data: bytes) -> None:
    """Temporary file in the same folder, fsync, rename over `path`, fsync the folder.

    The temporary name (`.<name>.<random>.tmp`) is one the loader never reads, so a crash
    mid-write leaves only an ignored dot-file next to the old report, or the whole new one.
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with open(fd, "wb", closefd=True) as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except Exception:
        tmp.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """Make a rename or unlink in `folder` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
