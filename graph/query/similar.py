"""Similar findings across reports: TF-IDF cosine over titles and bodies.

The vectors and an inverted index are built once per graph version, on first use (a graph
that is never asked pays nothing); each finding's answer is then kept, so a repeated query is
a dictionary read. Only findings of *other* reports are candidates: the point is what other
forces, or the same force in another cycle, found.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from ..lexicon import Lexicon, load_lexicon
from ..similarity import Vector, Vectoriser, shared_terms
from .index import GraphIndex

__all__ = ["MAX_SIMILAR", "SimilarFinding", "SimilarityIndex", "similar_findings"]

MAX_SIMILAR = 50


@dataclass(frozen=True)
class SimilarFinding:
    node: str
    score: float
    shared: list[str]


class SimilarityIndex:
    """Unit TF-IDF vectors of every finding, with postings (term -> findings holding it)."""

    def __init__(self, index: GraphIndex, lexicon: Lexicon) -> None:
        graph = index.graph
        self.findings = list(index.findings)
        self.report = [graph.nodes[f]["report"] for f in self.findings]
        self.vectoriser = Vectoriser(lexicon.stop_words)
        terms = [
            # the title counts twice: it is the finding in one sentence
            self.vectoriser.terms(f"{d['title']}\n{d['title']}\n{d['body']}")
            for d in (graph.nodes[f] for f in self.findings)
        ]
        self.vectoriser.fit(terms)
        self.vectors: list[Vector] = [self.vectoriser.vector(t) for t in terms]
        self.position = {f: i for i, f in enumerate(self.findings)}
        postings: dict[str, list[tuple[int, float]]] = {}
        for i, vector in enumerate(self.vectors):
            for term, weight in vector.items():
                postings.setdefault(term, []).append((i, weight))
        self.postings = postings
        self._answers: dict[str, list[SimilarFinding]] = {}
        self._lock = threading.Lock()

    def similar(self, node: str, first: int) -> list[SimilarFinding]:
        """The `first` findings of other reports most like `node`, best first."""
        found = self._answers.get(node)
        if found is None:
            found = self._rank(node)
            with self._lock:
                self._answers[node] = found
        return found[:first]

    def _rank(self, node: str) -> list[SimilarFinding]:
        i = self.position[node]
        query, own = self.vectors[i], self.report[i]
        scores: dict[int, float] = {}
        for term, weight in query.items():
            for j, other in self.postings[term]:
                scores[j] = scores.get(j, 0.0) + weight * other
        ranked = sorted(
            ((-s, self.findings[j], j) for j, s in scores.items() if self.report[j] != own),
        )[:MAX_SIMILAR]
        surface = self.vectoriser.surface
        return [
            SimilarFinding(f, round(-s, 4), shared_terms(query, self.vectors[j], surface))
            for s, f, j in ranked
        ]


_lock = threading.Lock()


def similar_findings(
    index: GraphIndex, node: str, first: int = 5, lexicon: Lexicon | None = None
) -> list[SimilarFinding]:
    """Findings of other reports most similar to `node` (see `SimilarityIndex`)."""
    built = index.extras.get("similarity")
    if built is None:
        with _lock:
            built = index.extras.get("similarity")
            if built is None:
                built = SimilarityIndex(index, lexicon or load_lexicon())
                index.extras["similarity"] = built
    assert isinstance(built, SimilarityIndex)
    return built.similar(node, max(0, min(first, MAX_SIMILAR)))
