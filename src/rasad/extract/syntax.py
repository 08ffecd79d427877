"""Dependency trees of the sentences that need one, parsed once per document.

The event and quote stages ask for the trees of the sentences where they found
a trigger or a cue (:func:`trees`); only those are parsed, in one batch, so the
parser's cost follows the facts, not the text. A sentence's words are the text
stage's tokens, split further where the language folder says so
(:func:`rasad.lang.ar.split_word`: Arabic proclitics apart, as the treebank
writes them). A language without a parser model gets no trees, and the stages
fall back to their word-order rules.
"""

from __future__ import annotations

import bisect
import itertools
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rasad import lang as languages
from rasad.doc import Doc
from rasad.extract.views import doc_cache, mentions_in, mentions_starting_in

log = logging.getLogger(__name__)

#: Sentences longer than this many words are not parsed (the roles fall back to word order).
MAX_TREE_WORDS = 150
#: Parsed words per encoder batch.
PARSE_BUDGET = 4096

@dataclass(slots=True)
class Tree:
    """One parsed sentence: words with original-text spans, 0-based heads (-1 = root), UD v2 relations."""

    starts: list[int]
    ends: list[int]
    words: list[str]
    heads: list[int]
    rels: list[str]
    vectors: Any = None  # float32 [words, hidden]: the parser's encoder output per word
    kids: list[list[int]] = field(default_factory=list)
    #: mentions overlapping each word, for the mention list it was built from (see :meth:`mentions_by_word`)
    _by_word: tuple[tuple[int, int], list[list[int]]] | None = None

    def __post_init__(self) -> None:
        self.kids = [[] for _ in self.words]
        for i, h in enumerate(self.heads):
            if h >= 0:
                self.kids[h].append(i)

    def word_at(self, start: int, end: int | None = None) -> int | None:
        """The first word overlapping ``[start, end)`` (or holding ``start``)."""
        end = start + 1 if end is None else end
        # words are in text order and do not overlap: the first one ending after ``start``
        i = bisect.bisect_right(self.ends, start)
        return i if i < len(self.words) and self.starts[i] < end else None

    def mentions_by_word(self, doc: Doc) -> list[list[int]]:
        """For each word, the indices of ``doc.mentions`` overlapping it (built once per mention list)."""
        key = (id(doc.mentions), len(doc.mentions))
        if self._by_word is None or self._by_word[0] != key:
            found: list[list[int]] = [[] for _ in self.words]
            if self.words:
                for i in mentions_in(doc, self.starts[0], self.ends[-1]):
                    m = doc.mentions[i]
                    first = bisect.bisect_right(self.ends, m.start)
                    for w in range(first, len(self.words)):
                        if self.starts[w] >= m.end:
                            break
                        found[w].append(i)
            self._by_word = (key, found)
        return self._by_word[1]

    def base(self, i: int) -> str:
        """The relation of word ``i`` without its subtype (``nsubj:pass`` -> ``nsubj``)."""
        return self.rels[i].partition(":")[0]

    def children(self, i: int, *rels: str) -> list[int]:
        """Children of ``i`` whose relation (or its base) is one of ``rels`` (all when none given)."""
        return [k for k in self.kids[i] if not rels or self.rels[k] in rels or self.base(k) in rels]

    def subtree(self, i: int) -> list[int]:
        """``i`` and every word below it, in sentence order."""
        out, stack = [], [i]
        while stack:
            k = stack.pop()
            out.append(k)
            stack.extend(self.kids[k])
        return sorted(out)

    def span(self, i: int, stop_rels: Iterable[str] = ()) -> tuple[int, int]:
        """Original-text span of ``i``'s subtree, leaving out branches under ``stop_rels``."""
        stops = set(stop_rels)
        keep, stack = [], [i]
        while stack:
            k = stack.pop()
            keep.append(k)
            stack.extend(
                c for c in self.kids[k] if self.base(c) not in stops and self.rels[c] not in stops
            )
        return min(self.starts[k] for k in keep), max(self.ends[k] for k in keep)

    def ancestors(self, i: int) -> list[int]:
        """Heads above ``i``, nearest first."""
        out, seen = [], {i}
        h = self.heads[i]
        while h >= 0 and h not in seen:
            out.append(h)
            seen.add(h)
            h = self.heads[h]
        return out


def sentence_words(doc: Doc, start: int, end: int, lang: str) -> tuple[list[int], list[int]]:
    """Word spans of ``doc.text[start:end]``: the tokens, split where the language folder says."""
    folder = languages.get(lang)
    starts: list[int] = []
    ends: list[int] = []
    # the first word of each name, by where the name starts: a proclitic sits on that word ("وكارلوس سيلفا")
    heads: dict[int, str] = {}
    for i in mentions_starting_in(doc, start, end):
        m = doc.mentions[i]
        if m.head and m.head.split():
            heads.setdefault(m.start, m.head.split()[0])
    for tok in doc.tokens[_first_token(doc, start) :]:
        if tok.start >= end:
            break
        word = doc.text[tok.start : tok.end]
        cuts = folder.split_word(word, heads.get(tok.start)) if folder is not None else []
        edges = [tok.start, *(tok.start + c for c in cuts), tok.end]
        for a, b in itertools.pairwise(edges):
            starts.append(a)
            ends.append(b)
    return starts, ends


def _first_token(doc: Doc, start: int) -> int:
    """Index of the first token ending after ``start`` (tokens are in text order)."""
    scratch = doc_cache(doc)
    ends = scratch.get("token_ends")
    if ends is None or len(ends) != len(doc.tokens):
        ends = scratch["token_ends"] = [t.end for t in doc.tokens]
    return bisect.bisect_right(ends, start)


def _parser(lang: str) -> Any:
    from rasad.extract.parse import parser

    try:
        return parser(lang)
    except FileNotFoundError:
        return None


def trees(doc: Doc, spans: Iterable[tuple[int, int, str]]) -> dict[tuple[int, int], Tree]:
    """Trees of the sentences ``(start, end, lang)``, parsed once per document and cached.

    Sentences of a language without a parser, with no words, or longer than
    :data:`MAX_TREE_WORDS` words get no tree.
    """
    from rasad.extract.parse.conllu import plain_form

    cache: dict[tuple[int, int], Tree | None] = doc_cache(doc).setdefault("trees", {})
    todo: dict[str, list[tuple[int, int, list[int], list[int]]]] = {}
    for start, end, lang in spans:
        if (start, end) in cache:
            continue
        cache[(start, end)] = None
        if lang not in languages.LANGUAGES or not doc.tokens:
            continue
        starts, ends = sentence_words(doc, start, end, lang)
        if 0 < len(starts) <= MAX_TREE_WORDS:
            todo.setdefault(lang, []).append((start, end, starts, ends))
    for lang, items in todo.items():
        model = _parser(lang)
        if model is None:
            continue
        form = languages.get(lang).parser_form  # type: ignore[union-attr]
        words = [
            [form(plain_form(doc.text[s:e])) for s, e in zip(st, en, strict=True)]
            for _, _, st, en in items
        ]
        states: list[Any] = []
        parsed = model.parse(words, PARSE_BUDGET, states)
        for (start, end, st, en), ws, (heads, rels), vec in zip(
            items, words, parsed, states, strict=True
        ):
            if len(heads) == len(ws):
                cache[(start, end)] = Tree(st, en, ws, [h - 1 for h in heads], rels, vec)
    return {k: v for k, v in cache.items() if v is not None}


def tree_of(doc: Doc, start: int, end: int, lang: str) -> Tree | None:
    """The tree of one sentence (parsed now if it was not yet)."""
    cache: dict[tuple[int, int], Tree | None] = doc_cache(doc).setdefault("trees", {})
    if (start, end) not in cache:
        trees(doc, [(start, end, lang)])
    return cache.get((start, end))
