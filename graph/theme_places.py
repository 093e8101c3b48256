"""Where a theme's terms stand in a text: the longest term at each place, each word of a
report looked at once (`_learn`), a word that can only be a one-word term found without
reading the words after it."""

from __future__ import annotations

from collections.abc import Callable

from .text import inert_beyond_ascii
from .theme_rules import PREFIX, Ready, Term, ThemeRules

__all__ = ["occurrences"]


def _places(text: str, word: str) -> list[int]:
    """Where `word` (letters, digits or `_`) stands in `text` as a whole token; an apostrophe
    between two letters joins them ("force's" holds no "force")."""
    out, size, n, find = [], len(text), len(word), text.find
    at = find(word)
    while at >= 0:
        end = at + n
        if at:
            ch = text[at - 1]
            if ch.isalnum() or ch == "_" or (
                ch == "'" and at > 1 and (text[at - 2].isalnum() or text[at - 2] == "_")
            ):
                at = find(word, at + 1)
                continue
        if end < size:
            ch = text[end]
            if ch.isalnum() or ch == "_" or (
                ch == "'" and end + 1 < size and (text[end + 1].isalnum() or text[end + 1] == "_")
            ):
                at = find(word, at + 1)
                continue
        out.append(at)
        at = find(word, end)  # no whole token starts inside this one
    return out


def _best(rules: ThemeRules, lowered: list[str], words: list[str] | None) -> Term | None:
    """The longest term starting at the first word (compared as written, lower-case, then by
    root: at equal length the narrower comparison wins). `words` are the words as written,
    None when the first of them starts no term compared as written. Roots are taken only as
    far as a term needs them."""
    best: Term | None = None
    roots: list[str] = []
    cached = rules.stemmer._cache
    root = rules.stemmer.root
    size = len(lowered)
    for mode in ("written", "lower", "root"):
        if mode == "written":
            if words is None:
                continue
            have = words
        elif mode == "lower":
            have = lowered
        else:
            first = lowered[0]
            if first[:PREFIX] not in rules.root_prefixes:
                break
            roots.append(cached.get(first) or root(first))
            have = roots
        for term in rules.by_mode[mode].get(have[0], ()):
            n = len(term.words)
            if best is not None and n <= len(best.words):
                break
            if n > size:
                continue
            if mode == "root":
                while len(roots) < n:
                    word = lowered[len(roots)]
                    roots.append(cached.get(word) or root(word))
            if n == 1 or tuple(have[:n]) == term.words:
                best = term
                break
    return best


def _learn(rules: ThemeRules, new: set[str] | frozenset[str]) -> None:
    """Look at words not seen before: the terms each can start (by itself or by its root),
    and the words seen with a root a later word of a term has. Each distinct word of a
    report is looked at once, in one loop (most of them start no term at all)."""
    rules.seen_words.update(new)
    lower, root_terms = rules.by_mode["lower"], rules.by_mode["root"]
    prefixes, root_prefixes = rules.word_prefixes, rules.root_prefixes
    root_of, surfaces = rules.stemmer.root, rules.surfaces
    for word in new:
        terms = lower.get(word, ())
        prefix = word[:PREFIX]
        if prefix in prefixes:
            root = root_of(word)
            seen_with = surfaces.get(root)
            if seen_with is not None:
                seen_with.add(word)
            if prefix in root_prefixes:
                more = root_terms.get(root)
                if more:
                    terms = (*terms, *more)
        if terms:
            _start(rules, word, terms)


def _start(rules: ThemeRules, word: str, terms: tuple[Term, ...]) -> None:
    """Remember a word that starts terms, ready for `occurrences`. What its terms need is
    worked out once for the terms, not for each word with them ("victim", "victims")."""
    ready = rules.prepared.get(terms)
    if ready is None:
        ready = rules.prepared[terms] = _prepare(rules, terms)
    single, ranked, follow, needs = ready
    if single is not None:
        rules.single[word] = single
    else:
        rules.ranked[word], rules.follow[word] = ranked, follow
        if needs is not None:
            rules.needs[word] = needs
    rules.starters.add(word)


def _prepare(rules: ThemeRules, terms: tuple[Term, ...]) -> Ready:
    if all(len(term.words) == 1 for term in terms):
        return terms[0], (), (frozenset(), None), None  # the narrowest comparison first
    # Longest first; at equal length the lower-case term before the root term, as `_best`
    # ranks them, so the first that matches is the one it would choose.
    ranked = tuple(sorted(terms, key=lambda t: -len(t.words)))
    follow = (
        frozenset(t.words[1][:PREFIX] for t in ranked if len(t.words) > 1),
        next((t for t in ranked if len(t.words) == 1), None),
    )
    needs = None
    if not any(len(term.words) == 1 for term in terms):
        needs = tuple(_needs(rules, term) for term in terms)
    return None, ranked, follow, needs


def _needs(rules: ThemeRules, term: Term) -> tuple[set[str] | frozenset[str], ...]:
    """What a paragraph's words must meet for the term to be there: its later words (as
    written, or any word seen with the same root: the sets grow as words are seen)."""
    if term.mode == "lower":
        return tuple(frozenset((w,)) for w in term.words[1:])
    return tuple(rules.surfaces[w] for w in term.words[1:])


_GAP_CHARS = frozenset(" \t'-")


def _follows(lowered: str, end: int, starts: frozenset[str]) -> bool:
    """Whether a term's next word may stand after a word ending at `end` in lower-case ASCII
    text: a gap (`_GAP`), then a word beginning as one of `starts`. A root keeps its word's
    first three letters (`Stemmer`), so a word whose first three letters are in none of them
    cannot continue a term, and the reading of words (`_longest`) is skipped."""
    size = len(lowered)
    if end >= size or lowered[end] not in _GAP_CHARS:
        return False
    while end < size and lowered[end] in _GAP_CHARS:
        end += 1
    head = lowered[end : end + PREFIX]
    # the next word's first three letters, or all of a shorter one ("of") and what follows it
    return head in starts or head[:2] in starts or head[:1] in starts


def _longest(rules: ThemeRules, ranked: tuple[Term, ...], lowered: list[str]) -> Term | None:
    """`_best` for a word with no term compared as written: the first of its ranked terms
    whose words are there. Every term starts with the first word (or its root), so a term of
    two words or more is compared word by word only when its second word is there."""
    size, roots, second = len(lowered), None, None
    for term in ranked:
        n = len(term.words)
        if n > size:
            continue
        if n == 1:
            return term  # the word itself (or its root) is the term's
        if term.mode == "lower":
            if term.words[1] == lowered[1] and tuple(lowered[:n]) == term.words:
                return term
            continue
        if second is None:
            second = rules.stemmer.root(lowered[1])
        if term.words[1] != second:
            continue
        if roots is None:
            roots = [term.words[0], second]
        while len(roots) < n:
            roots.append(rules.stemmer.root(lowered[len(roots)]))
        if tuple(roots[:n]) == term.words:
            return term
    return None


def occurrences(
    rules: ThemeRules, text: str, words: frozenset[str]
) -> tuple[list[tuple[int, int, Term]], str, Callable[[str, int], object] | None]:
    """(start, end, term) of the longest term at each place in a text, in order (a shorter one
    inside a longer is the caller's to skip), the text lower-cased, and the test whether a
    name's head word follows a place (None: the text holds none). Only the places where all
    a term's words occur are read word by word, and a word that can only be a one-word term
    needs no reading at all."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = text  # a rare letter that changes length: compare as written
    new = words - rules.seen_words
    if new:
        _learn(rules, new)

    hits: list[tuple[int, int, Term]] = []
    slow: set[int] = set()
    single = rules.single
    # Where lower-casing keeps every offset and every word's bounds (ASCII text, or text whose
    # other characters are dashes, signs and the like), the words are read lower-case at
    # once; as written only where the first could start such a term.
    quick = inert_beyond_ascii(text)
    written = rules.written_lower
    for word in words & rules.starters:
        term = single.get(word)
        if term is not None:
            size = len(word)
            hits.extend([(at, at + size, term) for at in _places(lowered, word)])
            continue
        needs = rules.needs.get(word)
        if needs is not None:  # only terms of two words or more: are all their words here?
            for need in needs:  # (a map of a bound method: no generator to run)
                if not any(map(words.isdisjoint, need)):
                    break
            else:
                continue
        follow = rules.follow.get(word) if quick and word not in written else None
        if follow is None:
            slow.update(_places(lowered, word))
            continue
        starts, alone = follow
        size = len(word)
        for at in _places(lowered, word):
            if _follows(lowered, at + size, starts):
                slow.add(at)
            elif alone is not None:
                hits.append((at, at + size, alone))
    for low in words & rules.written_starts:  # set lookups before any scan of the text
        for word in rules.written_lower[low]:
            slow.update(_places(text, word))
    read = rules.reader.match
    source = lowered if quick else text
    for at in slow:
        match = read(source, at)
        if match is None:
            continue
        groups = match.groups()
        if source is text:
            as_written: list[str] | None = [w for w in groups if w is not None]
            low = [w.lower() for w in as_written]
        else:
            low = [w for w in groups if w is not None]
            as_written = None
            if low[0] in written:
                as_written = [w for w in read(text, at).groups() if w is not None]
        ranked = rules.ranked.get(low[0]) if as_written is None else None
        best = (
            _longest(rules, ranked, low) if ranked is not None else _best(rules, low, as_written)
        )
        if best is not None:
            hits.append((at, match.end(len(best.words)), best))
    hits.sort(key=_place)  # by place, the longest first
    # A name's head word is one of the text's words: without any, no term names a thing.
    head = None if rules.name_heads.isdisjoint(words) else rules.heads_after.match
    return hits, lowered, head


def _place(hit: tuple[int, int, Term]) -> tuple[int, int]:
    return hit[0], -hit[1]
