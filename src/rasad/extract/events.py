"""PLOVER v2 events, sentence by sentence, from structured trigger lexicons.

:func:`process` fills ``doc.events`` with dicts in the export shape::

    {"id", "type", "mode", "context", "modality", "actors", "recipients",
     "location", "date": {"value", "precision"}, "sources": [...], "english",
     "trigger"}

The lexicon (``events_data/lexicon.json``) lists, per PLOVER type and mode,
trigger patterns in Persian, Arabic and English, plus per-language markers for
future, conditional, hypothetical, negated and reported statements, context
keywords and role prepositions. Everything is general vocabulary.

Actors, recipients and the location are entity ids from the entity stage, or
the index of the mention in ``doc.mentions`` when it is not linked yet. The
date is the resolved :class:`~rasad.doc.TimeExpr` of the sentence nearest the
trigger (never the article date). This module also holds the small text
helpers the quote and claim stages share (:func:`fold_with_map`,
:func:`sentence_views`, :func:`mention_ref`).
"""

from __future__ import annotations

import bisect
import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rasad.doc import Doc, Mention, TimeExpr

log = logging.getLogger(__name__)

LEXICON_PATH = Path(__file__).with_name("events_data") / "lexicon.json"

#: A GPE/ORG this close after a person's name (chars) is read as that person's
#: affiliation ("X, foreign minister of Y"), not as a separate participant.
AFFILIATION_WINDOW = 50
#: Characters after a Persian trigger searched for a negated light verb.
FA_NEGATION_WINDOW = 30
#: Characters before an Arabic/English trigger searched for a negation particle.
PRE_NEGATION_WINDOW = 14
#: Words looked back from a mention for a recipient preposition ("with his counterpart X").
PREP_LOOKBACK = 3
#: Latest plausible Gregorian year read by the no-time-stage year fallback.
MAX_FALLBACK_YEAR = 2099

PARTICIPANT_TYPES = frozenset({"PER", "ORG", "GPE"})
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
MODALITY_ORDER = ("negated", "conditional", "hypothetical", "planned", "reported", "asserted")

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


def _fold_char(c: str) -> str:
    mapped = _FOLD_MAP.get(c)
    if mapped is not None:
        return mapped
    low = c.lower()
    return low if len(low) == 1 else c


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` for matching and return ``(folded, offsets)``.

    Arabic/Persian letter variants become one letter, harakat, tatweel, ZWNJ and
    bidi marks go, digits become ASCII, Latin is lower-cased. ``offsets[i]`` is
    the index in ``text`` of folded character ``i``; it has one extra entry
    equal to ``len(text)``.
    """
    out: list[str] = []
    offs: list[int] = []
    for i, c in enumerate(text):
        f = _fold_char(c)
        if f:
            out.append(f)
            offs.append(i)
    offs.append(len(text))
    return "".join(out), offs


def fold(text: str) -> str:
    """The folded form of ``text`` (see :func:`fold_with_map`)."""
    return "".join(_fold_char(c) for c in text)


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


def sentence_views(doc: Doc) -> list[SentenceView]:
    """The doc's sentences (from the text stage, else a local split), boilerplate skipped."""
    spans: list[tuple[int, int, str | None]]
    if doc.sentences:
        spans = [(s.start, s.end, s.lang) for s in doc.sentences]
    else:
        from rasad.text.segment import sentence_spans

        spans = [(s, e, None) for s, e in sentence_spans(doc.text)]
    views: list[SentenceView] = []
    for s, e, lang in spans:
        if e <= s or doc.is_excluded(s, e):
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


def mentions_in(doc: Doc, start: int, end: int, types: frozenset[str] | None = None) -> list[int]:
    """Indices of mentions lying inside ``[start, end)``, in text order."""
    out = [
        i
        for i, m in enumerate(doc.mentions)
        if start <= m.start and m.end <= end and (types is None or m.type in types)
    ]
    return sorted(out, key=lambda i: doc.mentions[i].start)


def last_person_before(doc: Doc, pos: int) -> int | None:
    """Index of the last PER mention that ends before ``pos``, or ``None``."""
    best: int | None = None
    for i, m in enumerate(doc.mentions):
        if (
            m.type == "PER"
            and m.end <= pos
            and (best is None or m.start > doc.mentions[best].start)
        ):
            best = i
    return best


def times_in(doc: Doc, start: int, end: int) -> list[TimeExpr]:
    """Resolved time expressions inside ``[start, end)``."""
    return [t for t in doc.times if start <= t.start and t.end <= end and t.value]


_YEAR_FALLBACK = re.compile(r"(?<![\d.,/:-])(19\d\d|20\d\d)(?![\d.,/:%-])")


def event_date(doc: Doc, sent: SentenceView, anchor: int) -> dict[str, Any]:
    """The date of the time expression nearest ``anchor`` in the sentence.

    Without a time stage (``doc.times`` empty) an explicit Gregorian year in the
    sentence is used.
    """
    cands = [t for t in times_in(doc, sent.start, sent.end) if t.kind in ("date", "range")]
    if cands:
        cs, ce = clause_bounds(sent, sent.folded_pos(anchor))
        lo, hi = sent.offs[cs], sent.offs[ce] if ce < len(sent.offs) else sent.end
        near = [t for t in cands if lo <= t.start < hi] or cands
        best = min(near, key=lambda t: abs((t.start + t.end) // 2 - anchor))
        return {"value": best.value, "precision": best.precision}
    if not doc.times:
        years = [
            (abs(sent.offs[m.start()] - anchor), m.group(1))
            for m in _YEAR_FALLBACK.finditer(sent.folded)
            if int(m.group(1)) <= MAX_FALLBACK_YEAR
        ]
        if years:
            return {"value": min(years)[1], "precision": "year"}
    return {"value": None, "precision": None}


# --- lexicon ---------------------------------------------------------------------------

_AR_PREFIX = r"(?P<pre>[وف]?[بلکس]?(?:ال)?)"


@dataclass(slots=True)
class _Trigger:
    type: str
    mode: str
    context: list[str]
    regex: re.Pattern[str]


@dataclass(slots=True)
class _Lang:
    triggers: list[_Trigger]
    markers: dict[str, re.Pattern[str]]
    contexts: dict[str, re.Pattern[str]]
    recipient: frozenset[str]
    location: frozenset[str]
    destination: frozenset[str]


def fold_pattern(pattern: str) -> str:
    """Fold the letters of a regular expression, leaving ASCII syntax (``\\S``, ``\\W``) alone."""
    return "".join(c if ord(c) < 128 else _fold_char(c) for c in pattern)


def _alt(patterns: list[str]) -> str:
    return "|".join(f"(?:{fold_pattern(p)})" for p in patterns)


def _word_regex(patterns: list[str], lang: str) -> re.Pattern[str]:
    body = _alt(patterns)
    if lang == "ar":
        return re.compile(rf"(?<!\w){_AR_PREFIX}(?:{body})\w*")
    if lang == "fa":
        return re.compile(rf"(?<!\w)(?P<pre>)(?:{body})\w*")
    return re.compile(rf"\b(?P<pre>)(?:{body})\b")


def _marker_regex(patterns: list[str], lang: str) -> re.Pattern[str]:
    body = _alt(patterns)
    if lang == "ar":
        return re.compile(rf"(?<!\w)[وف]?(?:{body})(?!\w)")
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


@lru_cache(maxsize=1)
def lexicon() -> dict[str, _Lang]:
    """The compiled trigger lexicon, per language (loaded once)."""
    data = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    out: dict[str, _Lang] = {}
    for lang in ("fa", "ar", "en"):
        triggers = [
            _Trigger(t["type"], t["mode"], list(t["context"]), _word_regex(t[lang], lang))
            for t in data["types"]
            if t.get(lang)
        ]
        markers = {k: _marker_regex(v, lang) for k, v in data["markers"][lang].items()}
        contexts = {
            name: re.compile(rf"(?<!\w)\w{{0,4}}(?:{_alt(words[lang])})")
            for name, words in data["contexts"].items()
        }
        roles = data["roles"][lang]
        out[lang] = _Lang(
            triggers,
            markers,
            contexts,
            frozenset(fold(w) for w in roles["recipient"]),
            frozenset(fold(w) for w in roles["location"]),
            frozenset(fold(w) for w in roles["destination"]),
        )
    return out


# --- clauses and modality ------------------------------------------------------------

_CLAUSE_BREAK = {
    "fa": re.compile(r"[،,؛;:«»\"“”()]| که "),
    "ar": re.compile(r"[،,؛;:«»\"“”()]| (?:ان|انه|انها|بان|بانه) "),
    "en": re.compile(r"[,;:\"“”()]| that | but | while "),
}
_AR_FUTURE_AUX = re.compile(
    r"(?<!\w)[وف]?س[یتن](?:قوم|تم|کون|عقد|عود|سافر|توجه|زور|لتقی|جتمع|صل|وقع)\w*"
)
_FA_NEG_VERB = re.compile(
    r"(?<!\w)ن(?:می ?\w+|خواه\w*|کرد\w*|کن\w*|داد\w*|ده\w*|شد\w*|شو\w*|داشت\w*|دار\w*|پذیرفت\w*|رفت\w*)"
)
_PRONOUN = {
    "fa": re.compile(r"(?<!\w)(?:او|وی|ایشان)(?!\w)"),
    "ar": re.compile(r"(?<!\w)[وف]?(?:هو|هی|انه|انها)(?!\w)"),
    "en": re.compile(r"\b(?:he|she)\b"),
}
_PRE_NEG = {
    "ar": re.compile(r"(?<!\w)[وف]?(?:لم|لن|لا|لیس|لیست|عدم|دون|نفی)(?!\w)"),
    "en": re.compile(r"\b(?:not|never|no|without|n't|did not|didn't|won't)\b"),
}


def clause_bounds(sent: SentenceView, fpos: int) -> tuple[int, int]:
    """Folded ``[start, end)`` of the clause around folded position ``fpos``."""
    rx = _CLAUSE_BREAK.get(sent.lang, _CLAUSE_BREAK["en"])
    start, end = 0, len(sent.folded)
    for m in rx.finditer(sent.folded):
        if m.end() <= fpos:
            start = m.end()
        elif m.start() >= fpos:
            end = m.start()
            break
    return start, end


def modality(
    doc: Doc, sent: SentenceView, tstart: int, tend: int, prefix: str, date: dict[str, Any]
) -> str:
    """Modality of the event triggered at folded ``[tstart, tend)``."""
    lex = lexicon()[sent.lang]
    cs, ce = clause_bounds(sent, tstart)
    clause = sent.folded[cs:ce]
    found: set[str] = set()
    if sent.lang == "fa":
        if _FA_NEG_VERB.search(sent.folded[tstart : min(ce, tend + FA_NEGATION_WINDOW)]):
            found.add("negated")
    else:
        pre = sent.folded[max(cs, tstart - PRE_NEGATION_WINDOW) : tstart]
        if _PRE_NEG[sent.lang].search(pre):
            found.add("negated")
    for name in ("conditional", "hypothetical", "future"):
        if lex.markers[name].search(clause):
            found.add("planned" if name == "future" else name)
    if sent.lang == "ar" and ("س" in prefix or _AR_FUTURE_AUX.search(clause)):
        found.add("planned")
    if lex.markers["reported"].search(sent.folded):
        found.add("reported")
    value = date.get("value")
    in_clause = any(
        sent.offs[cs] <= t.start < (sent.offs[ce] if ce < len(sent.offs) else sent.end)
        for t in times_in(doc, sent.start, sent.end)
        if t.value == value
    )
    if value and in_clause and doc.date and doc.date.value:
        n = min(len(value), len(doc.date.value))
        if value[:n] > doc.date.value[:n]:
            found.add("planned")
    for m in MODALITY_ORDER:
        if m in found:
            return m
    return "asserted"


def contexts_of(sent: SentenceView, base: list[str]) -> list[str]:
    """Contexts: the trigger's own, plus those whose keywords occur in the sentence."""
    lex = lexicon()[sent.lang]
    out = list(base)
    for name, rx in lex.contexts.items():
        if name not in out and rx.search(sent.folded):
            out.append(name)
    return out


# --- roles ------------------------------------------------------------------------------


def preceding_words(doc: Doc, sent: SentenceView, m: Mention) -> list[str]:
    """Up to :data:`PREP_LOOKBACK` folded words before a mention, nearest first.

    An attached one-letter Arabic clitic (ب, ل) counts as the nearest word. The
    look-back stops at punctuation.
    """
    fpos = sent.folded_pos(m.start)
    before = sent.folded[:fpos]
    if m.head and m.text != m.head and m.text.endswith(m.head):
        clitic = fold(m.text[: len(m.text) - len(m.head)])
        if clitic and clitic[-1] in "بل":
            return [clitic[-1]]
    if before and before[-1].isalpha():
        word = re.findall(r"\w+$", before)[0]
        return [word[-1]] if len(word) <= 2 and word[-1] in "بل" else []
    before = re.split(r"[،,؛;:.!?؟()«»\"“”]", before)[-1]
    return before.split()[::-1][:PREP_LOOKBACK]


def _prep_in(words: list[str], preps: frozenset[str], near: int = 1) -> bool:
    return any(w in preps for w in words[:near])


def _following_word(sent: SentenceView, m: Mention) -> str:
    fpos = sent.folded_pos(m.end)
    words = sent.folded[fpos:].split()
    return words[0] if words else ""


def _affiliated(doc: Doc, idx: list[int]) -> set[int]:
    """Mentions that only name a preceding person's affiliation ("X, minister of Y")."""
    out: set[int] = set()
    last_per: Mention | None = None
    for i in idx:
        m = doc.mentions[i]
        if m.type == "PER":
            last_per = m
            continue
        if (
            last_per is not None
            and m.type in ("GPE", "ORG")
            and 0 <= m.start - last_per.end <= AFFILIATION_WINDOW
        ):
            gap = doc.text[last_per.end : m.start]
            if re.search(r"\w", gap) and not re.search(r"[.!?؟;؛\n]", gap):
                out.add(i)
                continue
        if m.type != "PER":
            last_per = (
                None
                if m.start - (last_per.end if last_per else 0) > AFFILIATION_WINDOW
                else last_per
            )
    return out


def _coordinated(doc: Doc, plain: list[int], first: int) -> list[int]:
    """``first`` and the plain mentions joined to it by "و", "and" or a comma."""
    group = [first]
    pos = plain.index(first)
    for j in plain[pos + 1 :]:
        gap = fold(doc.text[doc.mentions[group[-1]].end : doc.mentions[j].start]).strip()
        if gap not in ("و", "and", ",", "،", "", "و همچنین", "وال"):
            break
        group.append(j)
    return group


def assign_roles(
    doc: Doc, sent: SentenceView, tstart: int, visit: bool
) -> tuple[list[str | int], list[str | int], str | int | None]:
    """Actors, recipients and location for a trigger at folded ``tstart``.

    Mentions after a recipient preposition (or before Persian را) are
    recipients; places after a locative preposition give the location (after a
    directional one, for visits, also a recipient). Of the remaining ("plain")
    mentions, the actor is the sentence's subject: in Persian the first plain
    mention, in Arabic the first after the trigger verb (else the first), in
    English the nearest before the trigger; each with the mentions coordinated
    to it. Other plain mentions after an Arabic/English trigger are recipients.
    """
    lex = lexicon()[sent.lang]
    idx = mentions_in(doc, sent.start, sent.end)
    skip = _affiliated(doc, idx)
    trig_orig = sent.offs[tstart]
    recipients: list[int] = []
    location: str | int | None = None
    plain: list[int] = []
    for i in idx:
        m = doc.mentions[i]
        words = preceding_words(doc, sent, m)
        after = m.start > trig_orig
        if (
            m.type in PLACE_TYPES
            and visit
            and (_prep_in(words, lex.destination) or (sent.lang != "fa" and after))
        ):
            location = location if location is not None else mention_ref(doc, i)
            recipients.append(i)
            continue
        if m.type in PLACE_TYPES and _prep_in(words, lex.location):
            location = location if location is not None else mention_ref(doc, i)
            continue
        if i in skip or m.type not in PARTICIPANT_TYPES:
            continue
        if _prep_in(words, lex.recipient, PREP_LOOKBACK if m.type == "PER" else 1) or (
            sent.lang == "fa" and _following_word(sent, m) == "را"
        ):
            recipients.append(i)
        else:
            plain.append(i)
    actors: list[int] = []
    if plain:
        if sent.lang == "fa":
            actors = _coordinated(doc, plain, plain[0])
        elif sent.lang == "ar":
            after = [i for i in plain if doc.mentions[i].start > trig_orig]
            actors = _coordinated(doc, plain, after[0] if after else plain[0])
        else:
            before = [i for i in plain if doc.mentions[i].start < trig_orig]
            if before:
                first = before[-1]
                while plain.index(first) > 0 and plain[plain.index(first) - 1] in before:
                    prev = plain[plain.index(first) - 1]
                    if first not in _coordinated(doc, plain, prev):
                        break
                    first = prev
                actors = _coordinated(doc, plain, first)
        if sent.lang != "fa":
            recipients += [
                i for i in plain if doc.mentions[i].start > trig_orig and i not in actors
            ]
    actor_refs = [mention_ref(doc, i) for i in actors]
    if not actor_refs:
        pron = _PRONOUN.get(sent.lang)
        if (pron is not None and pron.search(sent.folded)) or (sent.lang == "ar" and not idx):
            per = last_person_before(doc, sent.start)
            if per is not None:
                actor_refs.append(mention_ref(doc, per))
    actor_refs = list(dict.fromkeys(actor_refs))
    recipient_refs = [
        r for r in dict.fromkeys(mention_ref(doc, i) for i in recipients) if r not in actor_refs
    ]
    return actor_refs, recipient_refs, location


# --- the stage ----------------------------------------------------------------------------


@dataclass(slots=True)
class _Hit:
    trig: _Trigger
    start: int
    end: int
    prefix: str


def find_triggers(sent: SentenceView) -> list[_Hit]:
    """Trigger matches in a sentence; a match inside a longer one is dropped."""
    lex = lexicon().get(sent.lang)
    if lex is None:
        return []
    hits: list[_Hit] = []
    for trig in lex.triggers:
        for m in trig.regex.finditer(sent.folded):
            pre = m.group("pre") or ""
            hits.append(_Hit(trig, m.start() + len(pre), m.end(), pre))
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[_Hit] = []
    for h in hits:
        size = h.end - h.start
        if not any(o.start <= h.start and h.end <= o.end and o.end - o.start > size for o in hits):
            kept.append(h)
    return kept


def process(doc: Doc) -> Doc:
    """Detect PLOVER events in ``doc`` and append them to ``doc.events``."""
    from rasad.english import event_line

    key = doc.content_hash[:10]
    require_participant = bool(doc.mentions)
    n = len(doc.events)
    for sent in sentence_views(doc):
        seen: set[tuple[str, str, str]] = set()
        for hit in find_triggers(sent):
            t = hit.trig
            anchor = sent.offs[hit.start]
            date = event_date(doc, sent, anchor)
            mod = modality(doc, sent, hit.start, hit.end, hit.prefix, date)
            sig = (t.type, t.mode, mod)
            if sig in seen:
                continue
            actors, recipients, location = assign_roles(doc, sent, hit.start, t.mode == "visit")
            if require_participant and not actors and not recipients:
                continue
            seen.add(sig)
            ts, te = sent.orig(hit.start, hit.end)
            n += 1
            event: dict[str, Any] = {
                "id": f"ev-{key}-{n}",
                "type": t.type,
                "mode": t.mode,
                "context": contexts_of(sent, t.context),
                "modality": mod,
                "actors": actors,
                "recipients": recipients,
                "location": location,
                "date": date,
                "sources": [
                    {
                        "article": None,
                        "start": sent.start,
                        "end": sent.end,
                        "text": doc.text[sent.start : sent.end],
                        "lang": sent.lang,
                    }
                ],
                "trigger": {"start": ts, "end": te, "text": doc.text[ts:te]},
            }
            event["english"] = event_line(event, doc=doc)
            doc.events.append(event)
    return doc
