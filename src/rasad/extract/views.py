"""Shared views of a document for the fact stages: folded sentences, mention and time indexes.

Folding (letter variants, digits, marks, invisible characters) keeps an offset
map back to the original text. :func:`doc_cache` keeps per-document views (the
folded sentences, the indexes, the parse trees) for the events, quotes and
claims stages, so each is built once per document.
"""

from __future__ import annotations

import bisect
import re
import weakref
from dataclasses import dataclass
from typing import Any

from rasad.doc import Doc, Mention, TimeExpr
from rasad.spans import SpanIndex

#: Documents whose derived views (folded sentences) are kept at once.
CACHE_DOCS = 64

# --- folding with an offset map ---------------------------------------------------------

_FOLD_MAP = {
    "ي": "ی", "ى": "ی", "ې": "ی", "ۍ": "ی", "ئ": "ی",
    "ك": "ک", "ڪ": "ک",
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ة": "ه", "ۀ": "ه", "ە": "ه",
    "ؤ": "و", "٫": ".", "٬": ",", "٪": "%",
    "\u00a0": " ", "\u200c": "", "\u200d": "", "\u200e": "", "\u200f": "", "\ufeff": "",
    "\u0640": "", "\u0670": "",
}  # fmt: skip
for _i in range(10):
    _FOLD_MAP[chr(0x06F0 + _i)] = str(_i)
    _FOLD_MAP[chr(0x0660 + _i)] = str(_i)
for _c in range(0x064B, 0x0660):
    _FOLD_MAP[chr(_c)] = ""
for _c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)):
    _FOLD_MAP[chr(_c)] = ""


def fold_char(c: str) -> str:
    mapped = _FOLD_MAP.get(c)
    if mapped is not None:
        return mapped
    low = c.lower()
    return low if len(low) == 1 else c


class _FoldTable(dict[int, str]):
    """``str.translate`` table of :func:`fold_char`, filled on first sight of a character."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        self[code] = folded
        return folded


_TABLE = _FoldTable()
#: Characters folding drops (each other character folds to exactly one).
_DROPPED = frozenset(c for c, f in _FOLD_MAP.items() if not f)


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` for matching and return ``(folded, offsets)``.

    Arabic/Persian letter variants become one letter, harakat, tatweel, ZWNJ and
    bidi marks go, digits become ASCII, Latin is lower-cased. ``offsets[i]`` is
    the index in ``text`` of folded character ``i``; it has one extra entry
    equal to ``len(text)``.
    """
    folded = text.translate(_TABLE)
    if len(folded) == len(text):
        offs = list(range(len(text) + 1))
    else:
        offs = [i for i, c in enumerate(text) if c not in _DROPPED]
        offs.append(len(text))
    return folded, offs


def fold(text: str) -> str:
    """The folded form of ``text`` (see :func:`fold_with_map`)."""
    return text.translate(_TABLE)


def script_lang(text: str) -> str:
    """A cheap fa/ar/en guess from letters: Persian-only letters, Arabic-only letters, else Latin."""
    fa = sum(text.count(c) for c in "پچژگی")
    ar = sum(text.count(c) for c in "ةيىكأإ")
    if fa == ar == 0:
        return "en" if re.search(r"[A-Za-z]", text) else "und"
    return "fa" if fa >= ar else "ar"


# --- sentences ------------------------------------------------------------------------


@dataclass(slots=True)
class SentenceView:
    """One sentence: original span, language, folded text and its offset map."""

    start: int
    end: int
    lang: str
    folded: str
    offs: list[int]  # folded index -> original index (len(folded) + 1 entries)

    def orig(self, fstart: int, fend: int) -> tuple[int, int]:
        """Original ``[start, end)`` of a folded span of this sentence."""
        s = self.offs[fstart]
        e = self.offs[fend - 1] + 1 if fend > fstart else s
        return s, e

    def folded_pos(self, orig_index: int) -> int:
        """Folded index of the first character at or after original ``orig_index``."""
        return bisect.bisect_left(self.offs, orig_index, 0, len(self.offs) - 1)


#: Per-document caches of derived views, keyed by ``id(doc)`` and checked against a weak reference.
_CACHE: dict[int, tuple[weakref.ref[Doc], tuple[int, int, int], dict[str, Any]]] = {}


def doc_cache(doc: Doc) -> dict[str, Any]:
    """A scratch dictionary for ``doc`` shared by the fact stages (never stored with the doc).

    It is dropped when the doc is collected or its text, sentences or excluded
    spans change, so the three fact stages fold each sentence once.
    """
    stamp = (len(doc.text), len(doc.sentences), len(doc.excluded))
    hit = _CACHE.get(id(doc))
    if hit is not None and hit[0]() is doc and hit[1] == stamp:
        return hit[2]
    if len(_CACHE) > CACHE_DOCS:
        for k in [k for k, v in _CACHE.items() if v[0]() is None] or list(_CACHE)[
            : CACHE_DOCS // 2
        ]:
            _CACHE.pop(k, None)
    scratch: dict[str, Any] = {}
    _CACHE[id(doc)] = (weakref.ref(doc), stamp, scratch)
    return scratch


def sentence_views(doc: Doc) -> list[SentenceView]:
    """The doc's sentences (from the text stage, else a local split), boilerplate skipped."""
    scratch = doc_cache(doc)
    if "views" not in scratch:
        scratch["views"] = _sentence_views(doc)
    return scratch["views"]


def _sentence_views(doc: Doc) -> list[SentenceView]:
    spans: list[tuple[int, int, str | None]]
    if doc.sentences:
        spans = [(s.start, s.end, s.lang) for s in doc.sentences]
    else:
        from rasad.text.segment import sentence_spans

        spans = [(s, e, None) for s, e in sentence_spans(doc.text)]
    views: list[SentenceView] = []
    excluded = SpanIndex((a, b) for a, b, _ in doc.excluded)
    for s, e, lang in spans:
        if e <= s or excluded.covers(s, e):
            continue
        text = doc.text[s:e]
        folded, offs = fold_with_map(text)
        if not folded.strip():
            continue
        guess = lang if lang in ("fa", "ar", "en") else None
        if guess is None:
            guess = doc.lang if doc.lang in ("fa", "ar", "en") else script_lang(text)
        views.append(SentenceView(s, e, guess, folded, [o + s for o in offs]))
    return views


# --- mentions and times ------------------------------------------------------------------


def mention_ref(doc: Doc, index: int) -> str | int:
    """The reference a fact stores for a mention: its entity id, else its index."""
    m = doc.mentions[index]
    return m.entity if m.entity else index


def mention_of(doc: Doc, ref: str | int | None) -> Mention | None:
    """The (first) mention a stored reference stands for: a mention index or an entity id."""
    if isinstance(ref, int):
        return doc.mentions[ref] if 0 <= ref < len(doc.mentions) else None
    if ref is None:
        return None
    scratch = doc_cache(doc)
    key = (id(doc.mentions), len(doc.mentions))
    cached = scratch.get("by_entity")
    if cached is None or cached[0] != key:
        first: dict[str, int] = {}
        for i, m in enumerate(doc.mentions):
            if m.entity:
                first.setdefault(m.entity, i)
        cached = scratch["by_entity"] = (key, first)
    index = cached[1].get(ref)
    return doc.mentions[index] if index is not None else None


@dataclass(slots=True)
class _Index:
    """Mentions and time expressions of a doc sorted by start, for look-ups by range.

    The fact stages ask per sentence and per trigger which mentions or times
    lie in a span; a scan of every mention per question is quadratic in the
    document's length, a binary search here is not.
    """

    key: tuple[int, int, int, int]
    order: list[int]  # mention indices by start (ties: index order)
    starts: list[int]
    spans: SpanIndex  # mention spans
    per_ends: list[int]  # ends of PER mentions, ascending
    per_last: list[int]  # the PER mention with the latest start among per_ends[: k + 1]
    t_order: list[int]  # time indices by start
    t_starts: list[int]
    dated: SpanIndex  # spans of the time expressions other than durations


def doc_index(doc: Doc) -> _Index:
    """The :class:`_Index` of ``doc``, built once and rebuilt when its mentions or times change."""
    key = (id(doc.mentions), len(doc.mentions), id(doc.times), len(doc.times))
    scratch = doc_cache(doc)
    idx: _Index | None = scratch.get("index")
    if idx is not None and idx.key == key:
        return idx
    ms = doc.mentions
    order = sorted(range(len(ms)), key=lambda i: ms[i].start)
    pers = sorted((i for i, m in enumerate(ms) if m.type == "PER"), key=lambda i: ms[i].end)
    per_last: list[int] = []
    for i in (
        pers
    ):  # latest start wins; among equal starts the lowest index, as a scan in index order finds
        b = per_last[-1] if per_last else None
        per_last.append(i if b is None or (ms[i].start, -i) > (ms[b].start, -b) else b)
    t_order = sorted(range(len(doc.times)), key=lambda i: doc.times[i].start)
    idx = _Index(
        key, order, [ms[i].start for i in order], SpanIndex((m.start, m.end) for m in ms),
        [ms[i].end for i in pers], per_last, t_order, [doc.times[i].start for i in t_order],
        SpanIndex((t.start, t.end) for t in doc.times if t.kind != "duration"),
    )  # fmt: skip
    scratch["index"] = idx
    return idx


def mentions_starting_in(doc: Doc, start: int, end: int) -> list[int]:
    """Indices of the mentions whose start lies in ``[start, end)``, in index order."""
    idx = doc_index(doc)
    lo, hi = bisect.bisect_left(idx.starts, start), bisect.bisect_left(idx.starts, end)
    return sorted(idx.order[lo:hi])


def mentions_in(doc: Doc, start: int, end: int, types: frozenset[str] | None = None) -> list[int]:
    """Indices of mentions lying inside ``[start, end)``, in text order."""
    idx = doc_index(doc)
    lo, hi = bisect.bisect_left(idx.starts, start), bisect.bisect_right(idx.starts, end)
    ms = doc.mentions
    return [
        i for i in idx.order[lo:hi] if ms[i].end <= end and (types is None or ms[i].type in types)
    ]


def in_mention(doc: Doc, pos: int) -> bool:
    """Whether some mention holds the character at ``pos``."""
    return doc_index(doc).spans.holds(pos)


def last_person_before(doc: Doc, pos: int) -> int | None:
    """Index of the last PER mention that ends before ``pos``, or ``None``."""
    idx = doc_index(doc)
    k = bisect.bisect_right(idx.per_ends, pos)
    return idx.per_last[k - 1] if k else None


def times_in(doc: Doc, start: int, end: int) -> list[TimeExpr]:
    """Resolved time expressions inside ``[start, end)``."""
    idx = doc_index(doc)
    lo, hi = bisect.bisect_left(idx.t_starts, start), bisect.bisect_right(idx.t_starts, end)
    times = doc.times
    return [times[i] for i in sorted(idx.t_order[lo:hi]) if times[i].end <= end and times[i].value]
