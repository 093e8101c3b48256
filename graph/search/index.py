"""A full-text index of one graph version: SQLite FTS5 (BM25, Porter stemming) in memory.

Built once per graph version (`text_index(index)`), over finding titles and bodies, area
assessments (name, summary, narrative) and the names and aliases of units, partners, themes,
terms, areas, reports and forces. Titles and names weigh more than bodies (`WEIGHTS`).
"""

from __future__ import annotations

import bisect
import re
import sqlite3
import threading
import weakref
from dataclasses import dataclass, replace

import networkx as nx

from ..query.index import GraphIndex
from .grammar import BadQuery, Item
from .synonyms import Synonyms, normal, slash_forms

__all__ = ["WEIGHTS", "Hit", "TextIndex", "text_index"]

# bm25() column weights: title (a finding's heading, a node's name), names (aliases, acronyms,
# a theme's terms), body, also (acronyms spelled out of slash forms such as DVPN/Os).
WEIGHTS = (10.0, 5.0, 1.0, 1.0)
_OPEN, _CLOSE = "\x02", "\x03"
_MARKED = re.compile(f"{_OPEN}(.*?){_CLOSE}", re.S)
_WORDS = re.compile(r"[^\W_]+")
_SLASHED = re.compile(r"\b[A-Z]{2,8}s?/[A-Z]{1,3}s?\b")
_FAMILY_MIN = 7  # shortest stem that joins a word family (supervis-ion / -or / -ory)
_FAMILY_SPREAD = 3


@dataclass(frozen=True, slots=True)
class Hit:
    """A node that matched, why, and where."""

    node: str
    score: float  # BM25 relevance, higher is better
    match: str  # exact_name | all_terms | some_terms
    expression: str  # the FTS5 expression it matched (how `explain` finds the words)
    matched: tuple[str, ...] = ()  # the node's words that matched, as written, lower case
    snippet: str = ""  # best fragment, matches between \x02 and \x03 (see `explain`)


def _documents(graph: nx.MultiDiGraph) -> list[tuple[str, str, str, str, str, str]]:
    """(node, kind, title, names, body, also) for every node search can return."""
    rows = []
    for node, d in graph.nodes(data=True):
        kind = d["kind"]
        if kind == "finding":
            title, names, body = d["title"], "", d["body"]
        elif kind == "assessment":
            title, names = d["name"], d["heading"]
            body = f"{d.get('summary') or ''}\n\n{d.get('intro') or ''}"
        elif kind == "statistic":
            continue  # a statistic is found through its finding
        else:
            title = str(d.get("name") or d.get("label") or "")
            names = " ; ".join(str(x) for x in (d.get("acronym"), d.get("short_name"),
                                                 *(d.get("aliases") or ()),
                                                 *(d.get("terms") or ())) if x)
            body = str(d.get("description") or "")
        also = " ".join(dict.fromkeys(slash_forms(f"{title}\n{body}")))
        rows.append((node, kind, title, names, body, also))
    return rows


class TextIndex:
    """One in-memory FTS5 database; queries are serialised (SQLite connections are not shared
    between threads otherwise), each taking a millisecond or two."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self._lock = threading.RLock()
        db = sqlite3.connect(":memory:", check_same_thread=False)
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, names, body, also, "
                   "tokenize='porter unicode61 remove_diacritics 2')")
        db.execute("CREATE VIRTUAL TABLE stems USING fts5(word, "
                   "tokenize='porter unicode61 remove_diacritics 2')")
        db.execute("CREATE VIRTUAL TABLE stem_of USING fts5vocab(stems, 'instance')")
        rows = _documents(graph)
        self.nodes = [r[0] for r in rows]
        self._kind_of = {r[0]: r[1] for r in rows}
        self.exact = _exact_names(graph)
        db.executemany("INSERT INTO docs(rowid, title, names, body, also) VALUES (?,?,?,?,?)",
                       [(i, *r[2:]) for i, r in enumerate(rows)])
        self._db = db
        # Each stem of the index with the shortest word that stems to it: a family member
        # goes into a query as that word (FTS5 stems query words again, and a stem such as
        # "supervis" would stem further, to "supervi").
        words = sorted({w for r in rows for w in _WORDS.findall(" ".join(r[2:]).lower())})
        surface: dict[str, str] = {}
        for word, stem in zip(words, self._stems(words), strict=True):
            if stem not in surface or len(word) < len(surface[stem]):
                surface[stem] = word
        self._surface = surface
        self._vocab = sorted(surface)
        self.synonyms = Synonyms.of_graph(graph)

    def close(self) -> None:
        self._db.close()

    # -- turning items into an FTS5 expression ---------------------------------------------

    def _stems(self, words: list[str]) -> list[str]:
        self._db.execute("DELETE FROM stems")
        self._db.executemany("INSERT INTO stems(rowid, word) VALUES (?, ?)",
                             enumerate(words))
        out = dict(self._db.execute("SELECT doc, term FROM stem_of"))
        return [out.get(i, w) for i, w in enumerate(words)]

    def _family(self, stem: str) -> list[str]:
        """Stems of the index sharing a long beginning with `stem`: supervisor ~ supervision."""
        if len(stem) < _FAMILY_MIN:
            return []
        out = []
        for term in self._vocab[_lower_bound(self._vocab, stem[:_FAMILY_MIN]):]:
            if not term.startswith(stem[:_FAMILY_MIN]):
                break
            short, long = sorted((term, stem), key=len)
            if term != stem and long.startswith(short) and len(long) - len(short) <= (
                    _FAMILY_SPREAD) and len(short) >= _FAMILY_MIN:
                out.append(term)
        return out

    def clauses(self, items: list[Item]) -> list[list[str]]:
        """Each clause is a list of alternatives (FTS5 strings, OR-ed); clauses are AND-ed."""
        bare = [i for i, item in enumerate(items) if len(item.words) == 1
                and not item.prefix and not item.quoted]
        with self._lock:  # the stems table is scratch space
            found = self._stems([items[i].words[0] for i in bare])
        stems = dict(zip(bare, found, strict=True))
        clauses: list[list[str]] = []
        i = 0
        while i < len(items):
            span = self._synonym_span(items, i)
            if span:
                end, form = span
                written = " ".join(w for item in items[i:end] for w in item.words)
                clauses.append([_quote(written), *(_quote(" ".join(o))
                                                   for o in self.synonyms.others(form))])
                i = end
                continue
            item = items[i]
            alternatives = [_quote(" ".join(item.words)) + ("*" if item.prefix else "")]
            if i in stems:
                alternatives += [_quote(self._surface[s]) for s in self._family(stems[i])]
            clauses.append(alternatives)
            i += 1
        return clauses

    def _synonym_span(self, items: list[Item], start: int) -> tuple[int, tuple] | None:
        """The longest run of items from `start` that is a known name or acronym."""
        if items[start].quoted or items[start].prefix:
            form = normal(items[start].words)
            return (start + 1, form) if not items[start].prefix and (
                form in self.synonyms.forms) else None
        for end in range(min(len(items), start + self.synonyms.longest), start, -1):
            run = items[start:end]
            if any(item.quoted or item.prefix for item in run):
                continue
            form = normal(w for item in run for w in item.words)
            if form in self.synonyms.forms:
                return end, form
        return None

    # -- running ----------------------------------------------------------------------------

    def search(self, items: list[Item], exact: list[str], allowed: set[str] | None,
               kinds: set[str] | None) -> list[Hit]:
        """Every hit, ranked: exact names first, then hits with every clause, then the rest.
        Cheap: only ids and scores; `explain` adds the words and snippet for a page."""
        with self._lock:
            clauses = self.clauses(items)
            every = " AND ".join(f"({' OR '.join(c)})" for c in clauses)
            some = " OR ".join(a for c in clauses for a in c)
            try:
                strict = self._rank(every)
                loose = self._rank(some) if len(clauses) > 1 else []
            except sqlite3.OperationalError as exc:  # grammar output is always valid; belt
                raise BadQuery(f"text: cannot search for this ({exc})") from exc
        hits: list[Hit] = []
        seen: set[str] = set()
        scores = dict(loose)
        scores.update(strict)
        for node in exact:
            hits.append(Hit(node, scores.get(node, 0.0), "exact_name", every))
            seen.add(node)
        for match, rows, expression in (("all_terms", strict, every),
                                        ("some_terms", loose, some)):
            for node, score in rows:
                if node not in seen:
                    seen.add(node)
                    hits.append(Hit(node, score, match, expression))
        return [h for h in hits if (kinds is None or self._kind_of.get(h.node) in kinds)
                and (allowed is None or h.node in allowed)]

    def _rank(self, expression: str) -> list[tuple[str, float]]:
        weights = ", ".join(str(w) for w in WEIGHTS)
        rows = self._db.execute(
            f"SELECT rowid, bm25(docs, {weights}) AS rank FROM docs WHERE docs MATCH ?"
            f" ORDER BY rank, rowid", (expression,)).fetchall()
        return [(self.nodes[rowid], round(-rank, 4)) for rowid, rank in rows]

    def explain(self, hits: list[Hit]) -> list[Hit]:
        """The hits with the words that matched and the best snippet filled in."""
        rowid = {node: n for n, node in enumerate(self.nodes)}
        out = []
        with self._lock:
            for hit in hits:
                found = self._db.execute(
                    "SELECT highlight(docs, 0, ?, ?), highlight(docs, 1, ?, ?),"
                    " highlight(docs, 2, ?, ?), highlight(docs, 3, ?, ?),"
                    " snippet(docs, 2, ?, ?, '…', 32)"
                    " FROM docs WHERE docs MATCH ? AND rowid = ?",
                    (*(_OPEN, _CLOSE) * 5, hit.expression, rowid[hit.node]),
                ).fetchone()
                if found is None:  # an exact name whose text does not hold every word
                    title, names, body = self._db.execute(
                        "SELECT title, names, body FROM docs WHERE rowid = ?",
                        (rowid[hit.node],)).fetchone()
                    out.append(replace(hit, snippet=title or names or body[:200]))
                    continue
                title, names, body, also, snippet = found
                words: dict[str, None] = {}
                for text in (title, names, body, also):
                    for word in _MARKED.findall(text):
                        words.setdefault(word.lower(), None)
                out.append(replace(hit, matched=tuple(words),
                                   snippet=_best_snippet(title, names, snippet, words)))
        return out


def _best_snippet(title: str, names: str, body: str, words: dict[str, None]) -> str:
    """The body's best fragment when the body matched, else the title, else the names; a
    match only in the `also` column (DVPO from "DVPN/Os") marks the slash form in the body."""
    for text in (body, title, names):
        if _OPEN in text:
            return text
    if words:
        marked = _SLASHED.sub(lambda m: f"{_OPEN}{m.group()}{_CLOSE}"
                              if any(w.upper() in slash_forms(m.group()) for w in words)
                              else m.group(), body)
        if _OPEN in marked:
            return marked
    return body or title


def _quote(text: str) -> str:
    """A grammar item as an FTS5 string: letters, digits and spaces only, so always safe."""
    if not all(c.isalnum() or c == " " for c in text):
        raise BadQuery(f"text: cannot search for {text!r}")
    return f'"{text}"'


def _lower_bound(items: list[str], key: str) -> int:
    return bisect.bisect_left(items, key)


_NAMED = ("unit", "partner", "theme", "term", "area", "force", "report")


def _exact_names(graph: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Each name, acronym or alias (words in lower case, one space apart) to its nodes."""
    out: dict[str, list[str]] = {}
    for node, d in graph.nodes(data=True):
        if d["kind"] not in _NAMED:
            continue
        names = (d.get("name"), d.get("label"), d.get("acronym"), d.get("short_name"),
                 *(d.get("aliases") or ()))
        for key in {" ".join(_WORDS.findall(str(n).lower())) for n in names if n}:
            out.setdefault(key, []).append(node)
    return {k: sorted(v) for k, v in out.items()}


_indexes: dict[int, TextIndex] = {}
_indexes_lock = threading.Lock()


def text_index(index: GraphIndex) -> TextIndex:
    """The full-text index of this graph version, built on first use and then shared."""
    found = _indexes.get(id(index))
    if found is None:
        with _indexes_lock:
            found = _indexes.get(id(index))
            if found is None:
                found = _indexes[id(index)] = TextIndex(index.graph)
                weakref.finalize(index, _drop, id(index))
    return found


def _drop(key: int) -> None:
    found = _indexes.pop(key, None)
    if found is not None:
        found.close()
