"""The TF-IDF vectoriser behind `similar` and follow-up links: the same text gives the same
words in every process."""

from __future__ import annotations

from graph.similarity import Vectoriser


def test_surface_word_is_the_first_form_in_the_text() -> None:
    """A stem's surface word (shown as a follow-up link's `matched`) is the form the text
    uses first, not whichever a set happens to yield first in this process: string hashing
    is salted per process, so a set's order would change the graph from run to run."""
    text = (
        "The force explained how it recorded and analysed disparities; it explains, records "
        "and analyses each disparity, monitoring what it monitored and reviewing reviews."
    )
    vectoriser = Vectoriser(frozenset({"the", "and", "how", "it", "each", "what"}))
    stems = vectoriser.distinct(text)
    assert {vectoriser.surface[s] for s in stems} >= {
        "explained",
        "recorded",
        "analysed",
        "disparities",
        "monitoring",
        "reviewing",
    }
