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

import functools
import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rasad import lang as languages
from rasad.doc import Doc, Mention, TimeExpr
from rasad.extract import syntax
from rasad.extract.roles import (
    Roles,
    back_reference,
    modal_scope,
    predicate_of,
    structural_roles,
    tree_modality,
)
from rasad.extract.views import (  # noqa: F401 (re-exported: the quote and claim stages import them from here)
    SentenceView,
    doc_cache,
    doc_index,
    fold,
    fold_char,
    fold_with_map,
    in_mention,
    last_person_before,
    mention_of,
    mention_ref,
    mentions_in,
    mentions_starting_in,
    script_lang,
    sentence_views,
    times_in,
)
from rasad.spans import SpanIndex

log = logging.getLogger(__name__)

LEXICON_PATH = Path(__file__).with_name("events_data") / "lexicon.json"


@functools.cache
def event_types() -> tuple[str, ...]:
    """The PLOVER event types the lexicon knows, sorted (what ``--type`` accepts)."""
    entries = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))["types"]
    return tuple(sorted({e["type"] for e in entries}))


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
#: Modes of the structural events kept even when no participant is named.
STRUCTURAL_MODES = frozenset({
    "embassy-open", "embassy-close", "ambassador-appointed", "expel-diplomat",
    "arms-transfer", "energy-supply", "military-access", "exercise",
})  # fmt: skip
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
MODALITY_ORDER = ("negated", "conditional", "hypothetical", "planned", "reported", "asserted")

_YEAR_FALLBACK = re.compile(r"(?<![\d.,/:-])(19\d\d|20\d\d)(?![\d.,/:%-])")


def event_date(
    doc: Doc,
    sent: SentenceView,
    anchor: int,
    segs: list[_Seg] | None = None,
    tree: Any = None,
    trigger: tuple[int, int] | None = None,
) -> dict[str, Any]:
    """The event's date and the basis it rests on (see :data:`DATE_BASES`).

    1. ``clause``: a time expression in the trigger's clause: with a tree, the
       subtree of the trigger's predicate; without, between clause breaks.
    2. ``sentence``: the time expression nearest the trigger elsewhere in the
       sentence, unless it sits in a subordinate clause (``segs``) that does not
       hold the trigger (that date belongs to that clause's event).
    3. ``article``: the article's own date, as a bound: an asserted or reported
       past event happened on or before it (``relation`` ``on-or-before``), a
       planned one after it (``after``); the modality is set later by
       :func:`dated_by_article`. Precision ``inferred``.

    Without a time stage (``doc.times`` empty) an explicit Gregorian year in the
    sentence is used.
    """
    cands = [t for t in times_in(doc, sent.start, sent.end) if t.kind in ("date", "range")]
    if cands:
        near: list[TimeExpr] = []
        basis = "clause"
        if tree is not None and trigger is not None:
            w = tree.word_at(*trigger)
            if w is not None:
                from rasad.extract.roles import predicate_of

                folder = languages.get(sent.lang)
                p = predicate_of(tree, w, folder) if folder is not None else w
                lo, hi = tree.span(p, ("conj", "parataxis", "ccomp", "advcl", "acl", "csubj"))
                near = [t for t in cands if lo <= t.start < hi]
        if not near:
            cs, ce = clause_bounds(sent, sent.folded_pos(anchor))
            lo, hi = sent.offs[cs], sent.offs[ce] if ce < len(sent.offs) else sent.end
            near = [t for t in cands if lo <= t.start < hi]
        if not near:
            basis = "sentence"
            fa = sent.folded_pos(anchor)
            near = [
                t for t in cands
                if all(g.start <= fa < g.end for g in segs or () if g.start <= sent.folded_pos(t.start) < g.end)
            ]  # fmt: skip
        if near:
            best = min(near, key=lambda t: abs((t.start + t.end) // 2 - anchor))
            return {"value": best.value, "precision": best.precision, "basis": basis}
    if not doc.times:
        years = [
            (abs(sent.offs[m.start()] - anchor), m.group(1))
            for m in _YEAR_FALLBACK.finditer(sent.folded)
            if int(m.group(1)) <= MAX_FALLBACK_YEAR
        ]
        if years:
            return {"value": min(years)[1], "precision": "year", "basis": "sentence"}
    return {"value": None, "precision": None, "basis": None}


#: Where an event's date comes from: its clause, its sentence, or the article's date (a bound).
DATE_BASES = ("clause", "sentence", "article")


def dated_by_article(doc: Doc, date: dict[str, Any], modality: str) -> dict[str, Any]:
    """``date`` itself when the text gave one, else the article date as a bound (see :func:`event_date`)."""
    if date.get("value") or doc.date is None or not doc.date.value:
        return date
    if modality in ("negated", "conditional", "hypothetical"):
        return date  # nothing happened, or it may never: no time to bound
    relation = "after" if modality == "planned" else "on-or-before"
    return {
        "value": doc.date.value,
        "precision": "inferred",
        "basis": "article",
        "relation": relation,
    }


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
    weak: re.Pattern[str] | None
    governors: frozenset[str]
    topic_heads: frozenset[str]  # verbal nouns a topic noun may follow ("تقویت همکاری")
    exclusions: list[
        tuple[frozenset[str], re.Pattern[str]]
    ]  # words that give triggers another sense
    any_trigger: re.Pattern[
        str
    ]  # every trigger in one pattern: sentences without a match are skipped
    topic_nouns: re.Pattern[str] | None = (
        None  # "سبل دعم X", "نحوه حمایت": ways of acting, not an act
    )


def fold_pattern(pattern: str) -> str:
    """Fold the letters of a regular expression, leaving ASCII syntax (``\\S``, ``\\W``) alone."""
    return "".join(c if ord(c) < 128 else fold_char(c) for c in pattern)


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
            re.compile(_alt(roles["weak"])) if roles.get("weak") else None,
            frozenset(fold(w) for w in roles.get("governors", [])),
            frozenset(fold(w) for w in roles.get("topic_heads", [])),
            [
                (frozenset(x["types"]), re.compile(rf"(?<!\w)(?:{_alt(x[lang])})"))
                for x in data.get("exclusions", [])
                if x.get(lang)
            ],
            _word_regex([p for t in data["types"] for p in t.get(lang, [])], lang),
            # a topic noun, at most one word, then the trigger ("سبل تعزيز دعم", "راه‌های حمایت")
            re.compile(rf"(?<!\w)(?:{_alt(roles['topic_nouns'])}) (?:\w+ )?$")
            if roles.get("topic_nouns")
            else None,
        )
    return out


# --- clauses and modality ------------------------------------------------------------

_CLAUSE_BREAK = languages.table("CLAUSE_BREAK")
_AR_FUTURE_AUX = re.compile(
    r"(?<!\w)[وف]?س[یتن](?:قوم|تم|کون|عقد|عود|سافر|توجه|زور|لتقی|جتمع|صل|وقع)\w*"
)
_FA_NEG_VERB = re.compile(
    r"(?<!\w)ن(?:می ?\w+|خواه\w*|کرد\w*|کن\w*|داد\w*|ده\w*|شد\w*|شو\w*|داشت\w*|دار\w*|پذیرفت\w*|رفت\w*)"
)
_PRONOUN = languages.table("SUBJECT_PRONOUN")
_PRE_NEG = languages.table("PRE_NEGATION")


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
    doc: Doc,
    sent: SentenceView,
    tstart: int,
    tend: int,
    prefix: str,
    date: dict[str, Any],
    tree_marks: set[str] | None = None,
    scope: tuple[tuple[int, int], list[int]] | None = None,
    tree_words: list[str] | None = None,
) -> str:
    """Modality of the event triggered at folded ``[tstart, tend)``.

    With a parse, negation, future, condition and possibility are those the
    tree marks (``tree_marks``, from :func:`rasad.extract.roles.tree_modality`),
    plus the lexicon's marker phrases found in the predicate's clause or on
    the words it hangs from (``scope``, from :func:`rasad.extract.roles.modal_scope`);
    without a parse, markers found in character windows around the trigger. Either
    way a schedule phrase before the trigger, a reporting formula, or a date
    in the clause after the article's date make it planned or reported.
    """
    lex = lexicon()[sent.lang]
    cs, ce = clause_bounds(sent, tstart)
    clause = sent.folded[cs:ce]
    found: set[str] = set()
    if tree_marks is not None:
        found |= tree_marks
        if "س" in prefix:
            found.add("planned")
        if scope is not None:
            (lo, hi), above = scope
            flo, fhi = sent.folded_pos(lo), sent.folded_pos(hi)
            heads = " ".join(fold(tree_words[k]) for k in above) if tree_words else ""
            for name in ("conditional", "hypothetical", "future"):
                if lex.markers[name].search(sent.folded, flo, fhi) or lex.markers[name].search(
                    heads
                ):
                    found.add("planned" if name == "future" else name)
        for name in (
            "conditional",
            "hypothetical",
        ):  # a marker phrase the parser split off the clause
            if lex.markers[name].search(clause):
                found.add(name)
    elif sent.lang == "fa":
        # from the trigger's second letter: a trigger that is itself a negative form (نپذیرفت) is not negated
        if _FA_NEG_VERB.search(sent.folded[tstart + 1 : min(ce, tend + FA_NEGATION_WINDOW)]):
            found.add("negated")
    else:
        # searched in place: a word cut by the window's start ("فضلا") is not a particle ("لا")
        if _PRE_NEG[sent.lang].search(sent.folded, max(cs, tstart - PRE_NEGATION_WINDOW), tstart):
            found.add("negated")
    if tree_marks is None:
        for name in ("conditional", "hypothetical", "future"):
            if lex.markers[name].search(clause):
                found.add("planned" if name == "future" else name)
        if sent.lang == "ar" and ("س" in prefix or _AR_FUTURE_AUX.search(clause)):
            found.add("planned")
    if "schedule" in lex.markers and lex.markers["schedule"].search(sent.folded, 0, tstart):
        found.add("planned")  # "من المقرر أن ...", "قرار است ...": what follows is planned
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


#: What may stand between two coordinated mentions: a conjunction, a comma, and
#: the head noun of a state name left outside the mention ("X وجمهورية Y").
_COORDINATION = re.compile(
    r"(?:و|and|,|،|، و|, and|و همچنین|وال)\s*(?:(?:ال)?(?:جمهوریه|جمهوری|دوله|دولت|مملکه|اماره|سلطنه))?"
    r"|و(?:ال)?(?:جمهوریه|جمهوری|دوله|دولت|مملکه|اماره|سلطنه)"
)


def _coordinated(doc: Doc, plain: list[int], first: int) -> list[int]:
    """``first`` and the plain mentions joined to it by "و", "and" or a comma (a list of roles)."""
    group = [first]
    pos = plain.index(first)
    for j in plain[pos + 1 :]:
        gap = fold(doc.text[doc.mentions[group[-1]].end : doc.mentions[j].start]).strip()
        attached = not gap and fold(doc.mentions[j].text).startswith("و")  # Arabic و- on the name
        if not attached and not _COORDINATION.fullmatch(gap):
            break
        group.append(j)
    return group


# --- clause structure -----------------------------------------------------------------------

_FA_KE = re.compile(r"(?<!\w)که(?!\w)")
#: The word before Persian که when که opens a complement ("گفت که", "است که"), not a relative clause.
_FA_COMPLEMENT_HOST = re.compile(
    r"(?:کرد|کردند|کرده|گفت|گفتند|افزود|افزودند|نوشت|نوشتند|داد|دادند|شد|شدند|است|اند|بود|"
    r"دارد|دانست|خواست|گوید|کند|شود|کنند|نمود|داشت|آمده|حالی|جایی|طوری|چرا|آن|این|تا|بل|چنان)$"
)
#: A finite verb that closes a Persian relative clause.
_FA_FINITE = re.compile(
    r"(?<!\w)(?:است|اند|بود|بودند|کرد|کردند|شد|شدند|کند|کنند|شود|دارد|دارند|داشت|گرفت|داد|دادند)(?!\w)"
)
#: A finite verb that ends a clause: "ممکن است", "قرار است" are modal, not an end.
_FA_CLAUSE_VERB = re.compile(
    r"(?<!ممکن )(?<!قرار )(?<!لازم )(?<!بهتر )(?<!مقرر )(?<!ممکن)" + _FA_FINITE.pattern
)
_RELATIVE = languages.table("RELATIVE")
_COMPLEMENT = languages.table("COMPLEMENT")
_CLAUSE_END = re.compile(r"[،,؛;:]")
#: A colon or semicolon starts a new part of a sentence with its own subject (headline "X: Y does Z").
_PART_BREAK = re.compile(r"[:;؛]")
#: Characters after a reporting phrase ("به گزارش", "according to") where its source is named.
REPORTER_REACH = 40
#: Characters looked back from a relative pronoun for the mention it refers to.
RELATIVE_WINDOW = 80
#: Words at most between an Arabic verb trigger and its post-verbal subject
#: ("التقى وزير الخارجية الإسرائيلي، X").
AR_SUBJECT_GAP = 6
#: Words at most between a nominal trigger and the genitive naming its agent ("زيارة X").
GENITIVE_GAP = 1
_AR_PREP_WORD = re.compile(
    r"^(?:[وف]?(?:فی|عن|من|علی|الی|مع|حول|بشان|ضد|خلال|بعد|قبل|منذ|عقب|بین)|[بل]\w+)$"
)
_DEMONSTRATIVE = languages.table("DEMONSTRATIVE")
#: Arabic time words before a definite visit ("خلال الزيارة", "عقب الزيارة"): it is the one already reported
_AR_DURING = re.compile(r"(?:^|\s)[وف]?(?:خلال|اثناء|عقب|بعد|قبل|ختام|هامش|نهایه|بدایه)\s*$")
#: a call or talk with a named outlet in guillemets ("اتصال هاتفي مع «...»", "لقاء لـ«...»")
_AR_PRESS = re.compile(r"^\w*(?: \w+){0,2} (?:مع|ل) ?ـ? ?«")
#: an Arabic warning about something ("حذرت الوزارة من التسرع"), unlike one that something will follow ("حذر من أن")
_AR_WARN_OF = re.compile(r"^(?:حذر|یحذر|تحذر|تحذیر)\w*(?: [^\s،,.؛]+){0,4} من (?!ان(?!\w))")
#: Direct quotes; a straight double quote pairs only within a line and a few hundred characters.
_QUOTES = re.compile(r"«[^»]{0,2000}»|“[^”]{0,2000}”|\"[^\"\n]{0,400}\"")


@dataclass(slots=True)
class _Seg:
    """A subordinate clause of a sentence, in folded positions."""

    start: int
    end: int
    kind: str  # rel | comp | part
    head: int | None  # relative clause: the mention it describes
    host: int  # folded position of the marker


def _antecedent(doc: Doc, sent: SentenceView, idx: list[int], fpos: int) -> int | None:
    """The participant mention a relative pronoun at folded ``fpos`` refers to."""
    orig = sent.offs[fpos]
    best: int | None = None
    for i in idx:
        m = doc.mentions[i]
        if m.type in PARTICIPANT_TYPES and m.end <= orig and orig - m.end <= RELATIVE_WINDOW:
            best = i
    return best


def clause_segments(doc: Doc, sent: SentenceView, idx: list[int]) -> list[_Seg]:
    """Relative and complement clauses: که / الذي / أن / who / that and how far they reach.

    A Persian که after a verb (or "است", "آن") opens a complement that runs to the
    end of the sentence; after a noun it opens a relative clause that ends at its
    first finite verb. An Arabic or English relative clause ends at the next comma.
    """
    folded, n = sent.folded, len(sent.folded)
    segs = [_Seg(m.end(), n, "part", None, m.start()) for m in _PART_BREAK.finditer(folded)]
    if sent.lang == "fa":
        for m in _FA_KE.finditer(folded):
            prev = folded[: m.start()].split()
            if not prev or _FA_COMPLEMENT_HOST.search(prev[-1]):
                segs.append(_Seg(m.end(), n, "comp", None, m.start()))
            else:
                verb = _FA_FINITE.search(folded, m.end())
                end = verb.end() if verb else n
                segs.append(
                    _Seg(m.end(), end, "rel", _antecedent(doc, sent, idx, m.start()), m.start())
                )
        return sorted(segs, key=lambda s: s.start)
    rel, comp = _RELATIVE.get(sent.lang), _COMPLEMENT.get(sent.lang)
    if rel is not None:
        for m in rel.finditer(folded):
            stop = _CLAUSE_END.search(folded, m.end())
            end = stop.start() if stop else n
            segs.append(
                _Seg(m.end(), end, "rel", _antecedent(doc, sent, idx, m.start()), m.start())
            )
    if comp is not None:
        segs += [_Seg(m.end(), n, "comp", None, m.start()) for m in comp.finditer(folded)]
    return sorted(segs, key=lambda s: s.start)


def _seg_of(segs: list[_Seg], fpos: int) -> int:
    """Index of the innermost clause holding folded ``fpos``; -1 for the main clause."""
    best = -1
    for k, s in enumerate(segs):
        if s.start <= fpos < s.end:
            best = k
    return best


def quoted_spans(doc: Doc) -> list[tuple[int, int]]:
    """Original spans of the direct quotes in ``doc`` («…», “…”, "…")."""
    scratch = doc_cache(doc)
    if "quoted" not in scratch:
        scratch["quoted"] = [(m.start(), m.end()) for m in _QUOTES.finditer(doc.text)]
    return scratch["quoted"]


def excluded_index(doc: Doc) -> SpanIndex:
    """``doc.excluded`` as a :class:`~rasad.spans.SpanIndex` (``covers`` is ``doc.is_excluded``)."""
    scratch = doc_cache(doc)
    if "excluded" not in scratch:
        scratch["excluded"] = SpanIndex((a, b) for a, b, _ in doc.excluded)
    return scratch["excluded"]


def quoted_index(doc: Doc) -> SpanIndex:
    """:func:`quoted_spans` as a :class:`~rasad.spans.SpanIndex`."""
    scratch = doc_cache(doc)
    if "quoted_index" not in scratch:
        scratch["quoted_index"] = SpanIndex(quoted_spans(doc))
    return scratch["quoted_index"]


def _person_countries(doc: Doc, idx: list[int]) -> dict[int, str]:
    """Country of each person mention: its own, else a demonym/country/ministry named next to it."""
    out: dict[int, str] = {}
    for i in idx:
        m = doc.mentions[i]
        if m.type != "PER":
            continue
        if m.country:
            out[i] = m.country
            continue
        near = [
            (min(abs(o.start - m.end), abs(m.start - o.end)), o.country)
            for j in idx
            if (o := doc.mentions[j]).country and o.type in ("GPE", "ORG", "NORP") and j != i
            and (0 <= o.start - m.end <= AFFILIATION_WINDOW or 0 <= m.start - o.end <= AFFILIATION_WINDOW)
            and not re.search(r"[.!?؟;؛\n]", doc.text[min(m.end, o.end) : max(m.start, o.start)])
        ]  # fmt: skip
        if near:
            out[i] = min(near)[1] or ""
    return out


@dataclass(slots=True)
class _Clause:
    """What :func:`assign_roles` needs about a sentence, computed once per sentence."""

    idx: list[int]
    segs: list[_Seg]
    skip: set[int]
    countries: dict[int, str]
    subjects: dict[int, list[int]]  # clause index -> actors found there (for inheritance)
    last: list[int]  # the actors of the sentence's latest event


def _reporters(doc: Doc, sent: SentenceView, idx: list[int]) -> set[int]:
    """Mentions that name a report's source ("به گزارش X،", "وفقا لـX", "according to X"): not participants."""
    rx = lexicon()[sent.lang].markers.get("source")
    out: set[int] = set()
    if rx is None:
        return out
    for m in rx.finditer(sent.folded):
        stop = _CLAUSE_END.search(sent.folded, m.end())
        hi = sent.offs[stop.start()] if stop else sent.end
        lo = sent.offs[m.end()] if m.end() < len(sent.offs) else sent.end
        out |= {i for i in idx if lo <= doc.mentions[i].start < min(hi, lo + REPORTER_REACH)}
    return out


def analyse_sentence(doc: Doc, sent: SentenceView) -> _Clause:
    """Mentions, clauses, affiliations and person countries of one sentence."""
    idx = mentions_in(doc, sent.start, sent.end)
    skip = _affiliated(doc, idx) | _reporters(doc, sent, idx)
    return _Clause(idx, clause_segments(doc, sent, idx), skip, _person_countries(doc, idx), {}, [])


def _is_ar_verb(hit_text: str, prefix: str) -> bool:
    """True when an Arabic trigger's first word is a verb (from the lexicon's verb stems)."""
    if "ال" in prefix or prefix.rstrip("وف") in ("ب", "ل", "ک"):
        return False
    words = hit_text.split()
    return bool(words) and bool(_ar_verbs().fullmatch(words[0]))


@lru_cache(maxsize=1)
def _ar_verbs() -> re.Pattern[str]:
    data = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    return re.compile(rf"(?:{_alt(data['roles']['ar']['verbs'])})\w{{0,3}}")


_BETWEEN = frozenset({"بین", "میان", "between"})
#: Prepositions naming where a transfer comes from: its source is the actor.
_SOURCE = languages.table("SUPPLY_SOURCE")
#: Transfers whose grammatical subject receives ("X buys oil from Y", "واردات نفتی X").
_INVERSE = languages.table("BUY_WORDS")
#: Characters at most from a trigger's end to the participants of its "between X and Y".
BETWEEN_REACH = 40
TRANSFER_MODES = frozenset(
    {"arms-transfer", "energy-supply", "economic", "humanitarian", "military"}
)
#: Words at most between a noun trigger and a preposition's object read as its recipient.
NOUN_OBJECT_GAP = 4
#: Words at most between an Arabic/English trigger and a mention read as its object.
OBJECT_GAP = 5
#: a Persian light verb in the first person ("تشکر می‌کنم", "قول دادم"): the speaker of an interview
_FA_FIRST_PERSON = re.compile(
    r"(?<!\w)(?:می ?|نمی ?|ن)?(?:کرد|کن|داد|ده|داشت|دار|گرفت|گیر|نمود|خواه|رفت|رو|برد|بر|شد|شو)(?:م|یم)(?!\w)"
)
_FA_LIGHT_VERB = re.compile(
    r"(?<!\w)(?:(?:می ?|نمی ?|ن)?(?:کرد|کن|شد|شو|داد|ده|داشت|دار|گرفت|گیر|نمود|خواه)"
    r"(?:ه|ند|د|ید|یم|م|ی|ن|نده)?|است|بود|بودند|اند)(?!\w)"
)


def _is_verbal(sent: SentenceView, hit: _Hit, first_end: int) -> bool:
    """Whether a trigger is a verb (Arabic: its first word; Persian: it holds or precedes a light verb)."""
    if sent.lang == "ar":
        return _is_ar_verb(sent.folded[hit.start : first_end], hit.prefix)
    if sent.lang == "fa":
        text = sent.folded[hit.start : hit.end]
        nxt = sent.folded[hit.end : hit.end + 16].split()[:1]
        return bool(_FA_LIGHT_VERB.search(text)) or bool(nxt and _FA_LIGHT_VERB.fullmatch(nxt[0]))
    return True


def _group_ending(doc: Doc, plain: list[int], last: int) -> list[int]:
    """The coordinated list of plain mentions that ends with ``last`` ("X and Y" before a trigger)."""
    first = last
    while plain.index(first) > 0:
        prev = plain[plain.index(first) - 1]
        if first not in _coordinated(doc, plain, prev):
            break
        first = prev
    return _coordinated(doc, plain, first)


def _words_between(sent: SentenceView, a: int, b: int) -> list[str]:
    return re.sub(r"[()«»\"“”]", " ", sent.folded[a:b]).split()


def _default_actor(
    doc: Doc, sent: SentenceView, info: _Clause, seg: int, verbal: bool = True
) -> list[int]:
    """Who a clause without a named subject is about.

    A relative clause is about the mention it describes; a complement clause
    (not of a reporting verb: "the newspaper wrote that ...") about the subject of
    its host clause; else a subject pronoun refers to the last person named
    before the sentence.
    """
    if seg >= 0:
        s = info.segs[seg]
        if s.kind == "rel" and s.head is not None:
            return [s.head]
        marker = sent.folded[s.host : s.start].strip()
        pronoun = sent.lang == "ar" and re.search(
            r"(?:ه|ها|هم|هما)$", marker
        )  # "أنه ..." names its subject
        if s.kind == "comp" and (
            verbal or pronoun
        ):  # a dropped subject is a verb's; a noun has none
            host = _seg_of(info.segs, max(0, s.host - 1))
            if host in info.subjects:
                return info.subjects[host]
            lo = info.segs[host].start if host >= 0 else 0
            reported = lexicon()[sent.lang].markers["reported"]
            if not reported.search(sent.folded[lo : s.host]):
                cands = [
                    i for i in info.idx
                    if doc.mentions[i].type in PARTICIPANT_TYPES and i not in info.skip
                    and _seg_of(info.segs, sent.folded_pos(doc.mentions[i].start)) == host
                    and doc.mentions[i].end <= sent.offs[s.host]
                ]  # fmt: skip
                if cands:
                    return [cands[0]]
    return []


def assign_roles(
    doc: Doc, sent: SentenceView, hit: _Hit, info: _Clause | None = None
) -> tuple[list[str | int], list[str | int], str | int | None]:
    """Actors, recipients and location of the trigger ``hit``, as lists of references.

    Only mentions of the trigger's own clause take part (a relative clause
    "که ... سفر کرده است" / "الذي وصل ..." is a clause of its own). Mentions
    after a recipient preposition (or before Persian را) are recipients; places
    after a locative or, for visits, a directional preposition give the
    location, never a recipient. The actor is the clause's subject: in Persian
    the first plain mention before the trigger; in Arabic, for a verb, a mention
    right before it or within :data:`AR_SUBJECT_GAP` words after it (VSO), for a
    verbal noun its genitive ("زيارة X") or the nearest mention before it; in
    English the nearest before it; each with the mentions coordinated to it (a
    list). A clause without a subject takes its antecedent, host-clause subject
    or pronoun referent. Other plain mentions after an Arabic/English trigger
    are recipients. A person's country (a GPE equal to an actor's country) is
    neither a second actor nor a recipient.
    """
    info = info or analyse_sentence(doc, sent)
    lex = lexicon()[sent.lang]
    mode = hit.trig.mode
    visit, structural = mode == "visit", mode in STRUCTURAL_MODES
    seg = _seg_of(info.segs, hit.start)
    cs, ce = clause_bounds(sent, hit.start)
    clause_lo = sent.offs[cs]
    clause_hi = sent.offs[ce] if ce < len(sent.offs) - 1 else sent.end
    trig_orig, trig_end = sent.offs[hit.start], sent.offs[hit.end - 1] + 1
    first_end = hit.start + len(sent.folded[hit.start : hit.end].split()[0])
    verbal = _is_verbal(sent, hit, first_end)
    inverse = (
        bool(_INVERSE[sent.lang].match(sent.folded[hit.start : hit.end]))
        if sent.lang in _INVERSE
        else False
    )
    recipients: list[int] = []
    sources: list[int] = []
    between: list[int] = []
    location: str | int | None = None
    destination = False
    plain: list[int] = []
    for i in info.idx:
        m = doc.mentions[i]
        if _seg_of(info.segs, sent.folded_pos(m.start)) != seg:
            continue
        if structural and m.type == "ORG" and m.start < trig_end and m.end > trig_orig:
            continue  # the embassy or the deal itself
        words = preceding_words(doc, sent, m)
        in_clause = clause_lo <= m.start < clause_hi
        after = m.start > trig_orig
        if (
            m.type in PLACE_TYPES
            and visit
            and in_clause
            and (_prep_in(words, lex.destination) or (sent.lang != "fa" and after))
        ):
            # a destination outranks a place named with a locative ("در تنگه X ... به Y سفر کند")
            if location is None or not destination:
                location, destination = mention_ref(doc, i), True
            continue
        if m.type in PLACE_TYPES and _prep_in(words, lex.location):
            if in_clause or sent.lang == "fa":
                location = location if location is not None else mention_ref(doc, i)
            continue
        if i in info.skip or m.type not in PARTICIPANT_TYPES:
            continue
        if (
            words
            and words[0] in _BETWEEN
            and in_clause
            and 0 <= m.start - trig_end <= BETWEEN_REACH
        ):
            between += _coordinated(
                doc, [j for j in info.idx if doc.mentions[j].start >= m.start], i
            )
        if i in between:
            continue
        if (
            mode in TRANSFER_MODES
            and words
            and words[0] in _SOURCE.get(sent.lang, ())
            and in_clause
            and (
                after
                or len(_words_between(sent, sent.folded_pos(m.end), hit.start)) <= NOUN_OBJECT_GAP
            )
        ):
            sources.append(i)
        elif _prep_in(words, lex.recipient, PREP_LOOKBACK if m.type == "PER" else 1) or (
            sent.lang == "fa" and _following_word(sent, m) == "را"
        ):
            after_end = m.start >= trig_end
            fa_ok = (m.type == "PER" and not after) or (in_clause and (not after_end or not verbal))
            near = (
                verbal
                or len(_words_between(sent, hit.end, sent.folded_pos(m.start))) <= NOUN_OBJECT_GAP
            )
            if fa_ok if sent.lang == "fa" else after and near and (in_clause or m.type == "PER"):
                recipients.append(i)
        else:
            plain.append(i)
    before = [i for i in plain if doc.mentions[i].start < trig_orig]
    after_ = [i for i in plain if doc.mentions[i].start >= trig_orig]
    actors: list[int] = []
    pron = _PRONOUN.get(sent.lang)
    seg_lo = info.segs[seg].start if seg >= 0 else 0
    # a noun with a verb later in its clause ("برای یک دیدار رسمی به X سفر خواهد کرد") shares the verb's subject
    predicate = verbal or (
        sent.lang == "fa" and _FA_LIGHT_VERB.search(sent.folded, hit.end, ce) is not None
    )
    close = [
        i for i in before
        if len(_words_between(sent, sent.folded_pos(doc.mentions[i].end), hit.start)) <= NOUN_OBJECT_GAP
    ]  # fmt: skip
    # "او از تصمیم X برای افتتاح سفارت ...": a noun's own agent named just before it beats the pronoun
    pronoun_first = (
        pron is not None
        and (verbal or (predicate and not close) or sent.lang != "fa")
        and (
            (pm := pron.search(sent.folded, seg_lo, hit.start)) is not None
            and (not before or sent.offs[pm.start()] < doc.mentions[before[0]].start)
        )
    )
    genitive = [
        i for i in after_
        if len(_words_between(sent, hit.end, sent.folded_pos(doc.mentions[i].start))) <= GENITIVE_GAP
    ][:1]  # fmt: skip
    norp_agent = not verbal and any(
        doc.mentions[j].type == "NORP"
        and 0 <= sent.folded_pos(doc.mentions[j].start) - hit.end <= 2
        for j in info.idx
    )  # "هجوم إسرائيلي": the attacker is named only by a demonym; no participant to guess
    if between:
        actors = between
    elif sources and not inverse:
        actors = _coordinated(doc, sources, sources[0])
    elif pronoun_first:
        per = last_person_before(doc, sent.start)
        actors = [per] if per is not None else []
        recipients += [i for i in before if clause_lo <= doc.mentions[i].start]
    elif sent.lang == "fa":
        # a finite verb of the same clause between a mention and the trigger ends that mention's clause
        verbs = [
            v.end() for v in _FA_CLAUSE_VERB.finditer(sent.folded, seg_lo, hit.start)
            if _seg_of(info.segs, v.start()) == seg
        ]  # fmt: skip
        if verbs:
            cut = verbs[-1]
            before = [i for i in before if sent.folded_pos(doc.mentions[i].start) >= cut]
            recipients = [
                i for i in recipients
                if doc.mentions[i].start >= trig_orig or sent.folded_pos(doc.mentions[i].start) >= cut
            ]  # fmt: skip
        if genitive and not verbal:
            actors = _coordinated(doc, plain, genitive[0])
        elif before:
            actors = _coordinated(doc, plain, before[0])
        elif (
            (near_after := [i for i in after_ if doc.mentions[i].start < clause_hi])
            and not verbal
            and not _default_actor(doc, sent, info, seg, predicate)
        ):
            actors = _coordinated(doc, plain, near_after[0])
    elif sent.lang == "ar":
        gap_from = first_end if verbal else hit.end
        if before and not _words_between(
            sent, sent.folded_pos(doc.mentions[before[-1]].end), hit.start - len(hit.prefix)
        ):
            actors = _group_ending(doc, plain, before[-1])  # subject right before the verb or noun
        elif after_:
            gap = _words_between(sent, gap_from, sent.folded_pos(doc.mentions[after_[0]].start))
            limit = AR_SUBJECT_GAP if verbal else GENITIVE_GAP
            if len(gap) <= limit and not any(_AR_PREP_WORD.match(w) for w in gap):
                actors = _coordinated(doc, plain, after_[0])
        near = [
            i for i in before
            if doc.mentions[i].start >= clause_lo
            and len(_words_between(sent, sent.folded_pos(doc.mentions[i].end), hit.start)) <= NOUN_OBJECT_GAP
        ]  # fmt: skip
        if not actors and near and not verbal and not norp_agent:
            actors = _group_ending(doc, plain, near[-1])
    elif before:
        actors = _group_ending(doc, plain, before[-1])
    if not actors and not norp_agent:
        actors = _default_actor(doc, sent, info, seg, predicate)
    if not actors and sent.lang == "ar" and not verbal and before and structural:
        actors = _coordinated(
            doc, plain, before[0]
        )  # "X ..., ولديها سفارة": the sentence's subject
    opening = len(sent.folded[: hit.start - len(hit.prefix)].split()) <= 1
    if not actors and sent.lang == "ar" and not info.idx and verbal and opening:
        # "وقال ..."-style: a sentence that opens with the verb and names nobody continues the last person
        per = last_person_before(doc, sent.start)
        actors = [per] if per is not None else []
    if sent.lang != "fa" and not pronoun_first:
        prev_end = hit.end
        for i in after_:
            m = doc.mentions[i]
            gap = _words_between(sent, prev_end, sent.folded_pos(m.start))
            if i not in actors and len(gap) <= (OBJECT_GAP if m.start < clause_hi else 2):
                recipients.append(i)
            elif i not in actors:
                break
            prev_end = sent.folded_pos(m.end)
    info.subjects.setdefault(seg, actors)
    if actors:
        info.last = actors
    if inverse:  # "X buys oil from Y", "X's oil imports from Y": Y supplies X
        actors, recipients = (sources or recipients), actors
    own = {info.countries.get(i) or doc.mentions[i].country for i in actors} - {None, ""}
    people = {info.countries.get(i) for i in actors if doc.mentions[i].type == "PER"} - {None, ""}
    actor_refs = list(dict.fromkeys(
        mention_ref(doc, i) for i in actors
        if not (doc.mentions[i].type == "GPE" and doc.mentions[i].country in people)
    ))  # fmt: skip
    recipient_refs = list(dict.fromkeys(
        mention_ref(doc, i) for i in recipients
        if not (doc.mentions[i].type == "GPE" and doc.mentions[i].country in own)
    ))  # fmt: skip
    recipient_refs = [r for r in recipient_refs if r not in actor_refs]
    if location in actor_refs:
        location = None
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
    if lex is None or not lex.any_trigger.search(sent.folded):
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


def _skipped(doc: Doc, sent: SentenceView, hit: _Hit) -> str | None:
    """Why a trigger is not an event of its own, or ``None``.

    Inside a direct quote it is the speaker's words (the quote stage keeps
    them); in a question it is asked, not reported; inside an organisation's
    name it is part of the name; after a demonstrative ("این دیدار", "هذا الاجتماع", "this meeting") it
    refers back to an event already reported; an abstract noun governed by a
    preposition ("بر گسترش همکاری", "عن التعاون", "threat of") names a topic,
    not an act, and so does one after a noun of manner or effect ("سبل دعم X",
    "نحوه حمایت"); a Persian trigger with a first-person verb ("تشکر می‌کنم",
    "قول دادم") is the speaker's own account, whose actor the entity stage
    cannot give.
    """
    anchor = sent.offs[hit.start]
    if quoted_index(doc).holds(anchor):
        return "quoted"
    if sent.folded.rstrip(' .»"”)').endswith(("?", "؟")):
        return "question"  # "هل هو بهدف تأييد ...؟" asks, it does not report
    named = (
        hit.trig.mode not in STRUCTURAL_MODES
    )  # "سفارت X را افتتاح کرد" starts in the embassy's name
    if named and in_mention(doc, anchor):
        return "in a name"  # "منظمة التعاون الإسلامي", "علي بن أبي طالب": part of a name
    lead = sent.folded[max(0, hit.start - len(hit.prefix) - 12) : hit.start - len(hit.prefix)]
    demo = _DEMONSTRATIVE.get(sent.lang)
    if demo is not None and hit.trig.type == "CONSULT" and demo.search(lead):
        return "anaphoric"
    if (
        demo is not None
        and sent.lang == "fa"
        and demo.search(lead)
        and not _is_verbal(sent, hit, hit.end)
    ):
        return "anaphoric"  # "این مطالبه وجود داشت": a demand already named or about to be, not one made
    if (
        sent.lang == "ar"
        and hit.trig.mode == "visit"
        and hit.prefix.endswith("ال")
        and _AR_DURING.search(lead)
    ):
        return "anaphoric"  # "رافقه خلال الزيارة": the visit already reported
    after = sent.folded[hit.start :]
    if sent.lang == "ar" and hit.trig.type == "CONSULT" and _AR_PRESS.search(after):
        return "interview"  # "في اتصال هاتفي مع «الشرق الأوسط»": a newspaper's interview
    if (
        sent.lang == "ar"
        and hit.trig.type == "REJECT"
        and hit.prefix.endswith("ال")
        and after.startswith("معارض")
    ):
        return "other sense"  # "في المعارضة", "المنظمات المعارضة": the opposition, opposing
    if sent.lang == "ar" and hit.trig.type == "THREATEN" and _AR_WARN_OF.search(after):
        return "warning"  # "حذر من السياسة": a warning of a danger, not a threat
    lex = lexicon()[sent.lang]
    for types, rx in lex.exclusions:
        if hit.trig.type in types and rx.search(sent.folded):
            return "other sense"  # "دیدار دو تیم", "مباراة": a match, not a meeting
    if sent.lang == "fa":
        verb = (
            sent.folded[hit.start : hit.end].split()
            + sent.folded[hit.end : hit.end + 24].split()[:2]
        )
        if any(_FA_FIRST_PERSON.match(w) for w in verb):
            return "first person"
    words = sent.folded[hit.start : hit.end].split()
    before = sent.folded[max(0, hit.start - len(hit.prefix) - 30) : hit.start - len(hit.prefix)]
    weak = lex.weak is not None and bool(words) and bool(lex.weak.fullmatch(words[0]))
    if (
        lex.topic_nouns is not None
        and lex.topic_nouns.search(before)
        and (weak or not _is_verbal(sent, hit, hit.end))
    ):
        return "topic"  # "نحوه صحیح مطالبه‌گری", "سبل دعم": a way of acting, not an act
    if weak:
        prev = sent.folded[: hit.start - len(hit.prefix)].split()
        # the governor may stand before a verbal noun of the topic ("بر گسترش همکاری", "عن تعميق التعاون")
        if (
            hit.prefix.rstrip("ال").endswith(("ب", "ل"))
            or (prev and prev[-1] in lex.governors)
            or (len(prev) > 1 and prev[-2] in lex.governors and prev[-1] in lex.topic_heads)
        ):
            return "topic"
    return None


#: words that open a purpose clause before a verbal noun ("برای دیدار", "بهدف زيارة", "in order to")
_PURPOSE = languages.table("PURPOSE_WORDS")
_AR_PURPOSE_PREFIX = frozenset({"ل", "ول", "فل"})
_AR_PAST = frozenset({"السابقه", "الماضیه", "الاخیره"})


def _purpose(sent: SentenceView, hit: _Hit) -> bool:
    """Whether a trigger noun names an aim ("لزيارة", "برای دیدار"), not a reported act."""
    if sent.lang == "en" or hit.trig.mode in STRUCTURAL_MODES or _is_verbal(sent, hit, hit.end):
        return False  # "سافر لافتتاح السفارة": a ceremony one travels to is held
    if sent.lang == "ar" and hit.prefix in _AR_PURPOSE_PREFIX:
        # "تكملة لزيارته السابقة": a possessed or past visit is one that happened
        word = sent.folded[hit.start : hit.end].split()[0]
        nxt = sent.folded[hit.end :].split()[:1]
        owned = word.endswith(("ته", "تها", "تهم", "تهما", "ئه", "ئها", "ئهم"))
        return not owned and not (nxt and nxt[0] in _AR_PAST)
    prev = sent.folded[: hit.start - len(hit.prefix)].split()[-1:]
    return bool(prev) and prev[0] in _PURPOSE[sent.lang]


def _ref_types(doc: Doc) -> dict[str | int, set[str]]:
    """The types each mention reference is named with."""
    types: dict[str | int, set[str]] = {}
    for i, m in enumerate(doc.mentions):
        types.setdefault(mention_ref(doc, i), set()).add(m.type)
    return types


def _only_places(
    doc: Doc, refs: list[str | int], types: dict[str | int, set[str]] | None = None
) -> bool:
    """Whether every reference names a place (a meeting is held there, not with it).

    ``types`` is :func:`_ref_types` of ``doc``, when the caller keeps it.
    """
    types = _ref_types(doc) if types is None else types
    return all(types.get(r, set()) <= PLACE_TYPES and types.get(r) for r in refs)


#: words before a mention that make it the outlet reporting the event, not a participant
_OUTLET_BEFORE = frozenset(fold(w) for w in (
    "گزارش", "نقل", "خبرگزاری", "وكالة", "لوكالة", "الأنباء", "أنباء", "صحيفة", "لصحيفة", "لجريدة", "جريدة",
    "تقرير", "لتقرير",
))  # fmt: skip
#: a facility named after a person ("بمسجد الإمام علي", "فرودگاه امام خمینی"): the person takes no role
_FACILITY_BEFORE = frozenset(fold(w) for w in (
    "مسجد", "بمسجد", "جامع", "بجامع", "مستشفى", "بمستشفى", "شارع", "بشارع", "جامعة", "بجامعة", "مدرسة", "مطار",
    "بمطار", "مسجد", "بیمارستان", "خیابان", "دانشگاه", "فرودگاه", "بزرگراه", "میدان", "مدرسه",
))  # fmt: skip
#: words that open an apposition ("یعنی ایران و ...", "از جمله X"): its members are not the clause's subject
_APPOSITION_BEFORE = frozenset(fold(w) for w in ("یعنی", "جمله"))
#: crowd nouns: a meeting with or welcome of them is an official's courtesy, not an international event
_CROWD = re.compile(
    fold_pattern(
        r"(?<!\w)(?:[وب]?(?:ال)?(?:أهالي|مواطنين|زوار|مهنئين|حضور|جموع|حشد)|مردم|اهالی|شهروندان|خانواده ?های)(?!\w)"
    )
)
#: the object of a welcome or praise that makes it a social occasion ("بهذا الحفل", "بالحضور", "بالمناسبة")
_OCCASION = re.compile(fold_pattern(r"^ب(?:هذ|(?:ال)?(?:حفل|حضور|مناسب|احتفال|ضيوف|زوار))"))
#: words at most after an Arabic welcome or praise searched for its ب-object (a title may stand between)
OCCASION_REACH = 20
_WORTHY = re.compile(fold_pattern(r"(?<!\w)(?:شایسته|درخور|سزاوار|قابل)(?!\w)"))
#: words at most after a meeting or courtesy trigger in which a crowd noun makes it a courtesy
CROWD_REACH = 6
#: words that open an outlet's name ("خبرگزاری فارس", "وكالة الأنباء ...")
_OUTLET_NAME = re.compile(fold_pattern(r"^(?:خبرگزاری|وكالة (?:ال)?أنباء|صحيفة|جريدة)(?!\w)"))
#: thanks, welcome and praise: without somebody thanked or welcomed they are a social courtesy
_COURTESY = re.compile(
    fold_pattern(
        r"^(?:تشکر|قدردانی|تبریک|ستایش|استقبال|رحب|یرحب|ترحیب|شکر|یشکر|اشاد|إشادة|الإشادة)"
    )
)
#: a loan noun near one of these is asked for or taken, not given ("درخواست وام", "الحصول على قرض")
_BORROW = re.compile(
    fold_pattern(
        r"(?<!\w)(?:درخواست|خواست|بگیر|گرفت|نگرفت|دریافت|طلب|اقتراض|الحصول|حصول|للحصول)\w*"
    )
)
#: characters either side of a loan noun searched for a borrowing word
BORROW_REACH = 40
_LOAN = re.compile(fold_pattern(r"^(?:وام|قرض|قروض)"))
#: words after which a country in a sanction sentence is its target ("العقوبات على طهران", "تحریم نفت ایران")
_SANCTION_NOUN = re.compile(fold_pattern(r"^(?:تحریم|العقوبات|عقوبات)"))
_SANCTION_TARGET = frozenset(fold(w) for w in ("على", "ضد", "علیه", "نفت", "النفط", "نفط"))


def is_outlet(doc: Doc, sent: SentenceView, m: Mention) -> bool:
    """Whether a mention is the news outlet that reports ("به گزارش خبرگزاری X", "لوكالة «X»")."""
    if _OUTLET_NAME.match(fold(m.text)):
        return True
    before = re.split(r"[،,؛;:.!?؟()»”]", sent.folded[: sent.folded_pos(m.start)].rstrip(' «"“('))[
        -1
    ].split()[-2:]
    return any(w in _OUTLET_BEFORE for w in before)


def _sanction_author(sent: SentenceView, hit: _Hit, m: Mention) -> bool:
    """Whether a mention can author a sanction noun: its genitive, or a subject close before it in its clause."""
    start, end = sent.folded_pos(m.start), sent.folded_pos(m.end)
    if start >= hit.end:
        return start - hit.end <= 2  # "تحریم‌های آمریکا", "عقوبات واشنطن"
    gap = sent.folded[end : hit.start - len(hit.prefix)]
    return not _CLAUSE_END.search(gap) and len(gap.split()) <= NOUN_OBJECT_GAP


def _refine_roles(
    doc: Doc, sent: SentenceView, hit: _Hit, actors: list[str | int], recipients: list[str | int]
) -> tuple[list[str | int], list[str | int]] | None:
    """Roles after the real-news checks, or ``None`` when the trigger names no event.

    An outlet that reports ("به گزارش خبرگزاری X", "قال لوكالة X") takes no
    role, nor does a Persian list in apposition ("یعنی ایران، ...") or a
    person a facility is named after ("بمسجد الإمام علي"); one name the tagger cut in
    two ("رمضان | أحمد قاديروف") is one actor, not actor and recipient; thanks,
    welcome or praise with nobody named after it is a courtesy ("رحب بالحضور",
    "شایسته تقدیر و تشکر"); a loan asked for or taken is no aid given; a country
    after "على"/"نفت" in a sanction noun's sentence is its target, not its
    author, and neither is another mention of the target's country.
    """
    here = [
        (mention_ref(doc, i), doc.mentions[i])
        for i in mentions_starting_in(doc, sent.start, sent.end)
    ]

    def keep(ref: str | int) -> bool:
        ms = [m for r, m in here if r == ref]
        if not ms:
            return True  # carried over from an earlier sentence
        return not all(
            is_outlet(doc, sent, m)
            or (m.type == "PER" and bool(set(preceding_words(doc, sent, m)[:2]) & _FACILITY_BEFORE))
            for m in ms
        )

    def apposed(ref: str | int) -> bool:
        return any(
            r == ref and set(preceding_words(doc, sent, m)[:1]) & _APPOSITION_BEFORE
            for r, m in here
        )

    # one member of a list in apposition ("یعنی ایران، عربستان و امارات") takes the whole list with it
    apposition = sent.lang == "fa" and any(apposed(a) for a in actors)
    actors = [a for a in actors if keep(a) and not apposition]
    recipients = [r for r in recipients if keep(r)]
    ends = {sent.folded_pos(m.end) for r, m in here if r in actors and m.type == "PER"}
    split = {
        r for r, m in here
        if m.type == "PER" and sent.lang == "ar"
        and any(e <= sent.folded_pos(m.start) and not sent.folded[e : sent.folded_pos(m.start)].strip() for e in ends)
    }  # fmt: skip
    recipients = [r for r in recipients if r not in split]
    word = sent.folded[hit.start : hit.end]
    t = hit.trig
    if t.mode == "arrest":  # a place is where people are held, never who is held
        places = {r for r, m in here if m.type in PLACE_TYPES}
        recipients = [r for r in recipients if r not in places]
    courtesy = t.type == "SUPPORT" and _COURTESY.match(word)
    if (courtesy or t.mode == "meeting") and _CROWD.search(
        " ".join(sent.folded[hit.end :].split()[:CROWD_REACH])
    ):
        return None  # "التقى سموه عدداً من الأهالي", "رحب بالزوار": a courtesy to a crowd
    if (
        courtesy
        and sent.lang == "fa"
        and _WORTHY.search(sent.folded[max(0, hit.start - 24) : hit.start])
    ):
        return None  # "شایسته تقدیر و تشکر هستند": deserving thanks, nobody thanks anybody
    verbal = _is_verbal(sent, hit, hit.end) or (
        sent.lang == "fa"
        and _FA_LIGHT_VERB.match(sent.folded[hit.end : hit.end + 16].lstrip()) is not None
    )  # "قدردانی کرد." ends the sentence
    if courtesy and not recipients and not verbal:
        return None  # "الحفاوة والترحيب لهم": a noun of welcome with nobody named is a courtesy
    if courtesy and sent.lang == "ar":
        obj = next(
            (
                w
                for w in sent.folded[hit.end :].split()[:OCCASION_REACH]
                if w.startswith("ب") and w != "بن"
            ),
            "",
        )
        if _OCCASION.match(obj):
            return (
                None  # "الإشادة بهذا الحفل", "رحب بالحضور": an occasion or its guests, not a party
            )
    near = sent.folded[max(0, hit.start - BORROW_REACH) : hit.end + BORROW_REACH]
    if t.type == "AID" and _LOAN.match(word) and _BORROW.search(near):
        return None
    if (t.type == "SANCTION" or t.mode == "ease-sanctions") and not _is_verbal(sent, hit, hit.end):
        noun = _SANCTION_NOUN.match(word) is not None
        moved = [
            a
            for a in actors
            if any(
                r == a and set(preceding_words(doc, sent, m)[:1]) & _SANCTION_TARGET
                for r, m in here
            )
        ]
        actors = [a for a in actors if a not in moved and (t.type != "SANCTION" or not noun or any(
            r == a and _sanction_author(sent, hit, m) for r, m in here
        ))]  # fmt: skip
        # "برنامج إيران ... تخفيف العقوبات على طهران": the target's own country does not author it
        targets = {
            m.country for r, m in here
            if m.country and sent.folded_pos(m.start) >= hit.end
            and set(preceding_words(doc, sent, m)[:1]) & _SANCTION_TARGET
        }  # fmt: skip
        actors = [a for a in actors if not any(r == a and m.country in targets for r, m in here)]
        recipients = list(dict.fromkeys(recipients + moved))
    return actors, recipients


#: types whose Persian passive ("از X حمایت شد", "X تهدید شد") makes its subject the recipient
PASSIVE_TYPES = frozenset(
    {"SUPPORT", "ACCUSE", "THREATEN", "SANCTION", "REQUEST", "REJECT", "COERCE", "ASSAULT"}
)
_FA_PASSIVE = re.compile(r"^\s*(?:ن?می ?)?(?:شد|شده|شدند|شود|شوند)(?!\w)")
_AR_AGENT = re.compile(r"(?<!\w)(?:علی ید|من قبل|برصاص|بنیران)(?!\w)")
_FA_AGENT = re.compile(r"(?<!\w)(?:توسط|از سوی|از طرف|به دست)(?!\w)")


def _passive_roles(
    doc: Doc, sent: SentenceView, actors: list[str | int], recipients: list[str | int]
) -> tuple[list[str | int], list[str | int]]:
    """Roles of a passive: only a mention after "توسط"/"از سوی" ("على يد") acts; the others undergo it."""
    agent = (_FA_AGENT if sent.lang == "fa" else _AR_AGENT).search(sent.folded)
    cut = sent.orig(agent.end(), agent.end())[0] if agent else None
    here = [
        (mention_ref(doc, i), doc.mentions[i].start)
        for i in mentions_starting_in(doc, sent.start, sent.end)
    ]
    acting = [a for a in actors if cut is not None and any(r == a and st >= cut for r, st in here)]
    # an actor carried over from an earlier sentence is nobody the sentence says underwent it
    undergo = [a for a in actors if a not in acting and any(r == a for r, _ in here)]
    return acting, list(dict.fromkeys(recipients + undergo))


#: unvocalised Arabic verbs that news mostly uses in the passive ("قُتل", "اعتُقل")
_AR_PASSIVE_PRONE = frozenset({"قتل", "اعتقل", "احتجز", "اغتیل", "اصیب", "خطف", "اختطف", "جرح"})
#: words that follow such a verb when it is passive ("قتل في الرياض", "قتل أيضا", "اعتقل على يد")
_AR_PASSIVE_NEXT = frozenset(
    {"فی", "خلال", "جراء", "برصاص", "بنیران", "علی", "اثر", "ایضا", "امس", "الیوم", "بعد"}
)


def _ar_passive(sent: SentenceView, hit: _Hit) -> bool:
    """Whether a bare Arabic verb reads as passive: it is followed by a place, cause or agent phrase."""
    if sent.lang != "ar" or sent.folded[hit.start : hit.end] not in _AR_PASSIVE_PRONE:
        return False
    rest = sent.folded[hit.end :]
    if not rest[:1].strip() and rest.strip()[:1] in ("،", ",", ".", ")", "(", "؛"):
        return True
    nxt = rest.split()[:1]
    return bool(nxt) and nxt[0] in _AR_PASSIVE_NEXT


def _fa_passive(sent: SentenceView, hit: _Hit) -> bool:
    """Whether a Persian trigger takes a passive light verb ("از X حمایت شد": X is supported)."""
    if sent.lang != "fa":
        return False
    # a light verb inside the trigger is its own ("خواستار شد", "مدعی شد": demanded, claimed)
    return bool(_FA_PASSIVE.match(sent.folded[hit.end : hit.end + 24]))


#: Types whose actor is never a city ("Nairobi visited", "Cairo met": the city is where it happened).
CITY_NEVER_ACTS = frozenset({"CONSULT"})


def _cities_are_places(
    doc: Doc, etype: str, actors: list[str | int], location: str | int | None, roles: Roles | None
) -> tuple[list[str | int], str | int | None]:
    """Actors without the cities that name where, not who; the first such city becomes the location.

    A city never meets or visits (it is where that happens); in other events a
    capital acts for its government ("Tehran rejected ...") and another city
    only as the parse's written subject.
    """
    from rasad import kb

    subjects = {mention_ref(doc, i) for i in roles.actors} if roles is not None and roles.has_subject else set()
    kept: list[str | int] = []
    for ref in actors:
        m = mention_of(doc, ref)
        place = kb.lookup_place(m.head or m.text) if m is not None and m.type == "GPE" else None
        capital = place is not None and bool(place.capital_of)  # "Tehran rejected": the government
        if place is not None and place.kind == "city" and (
            etype in CITY_NEVER_ACTS or (not capital and ref not in subjects)
        ):
            location = ref if location is None else location
            continue
        kept.append(ref)
    return kept, location


#: The trigger of a word the learned tagger proposed (no lexicon pattern; no mode).
_LEARNED = re.compile(r"(?!)")


def _proposals(doc: Doc) -> tuple[list[tuple[SentenceView, list[_Hit]]], dict[tuple[int, int], Any]]:
    """Trigger hits per sentence, from the lexicon and the learned tagger, and the sentences' trees.

    Sentences with a lexicon hit are parsed; with the tagger shipped, so are
    those naming a participant, and each word it proposes that no lexicon hit
    covers becomes a hit of its type (mode "").
    """
    from rasad.extract import event_filter

    views = sentence_views(doc)
    lexical = {sent.start: find_triggers(sent) for sent in views}
    tagger = event_filter.tagger() if doc.mentions else None
    wanted = [
        s for s in views
        if lexical[s.start] or (tagger is not None and mentions_in(doc, s.start, s.end, PARTICIPANT_TYPES))
    ]  # fmt: skip
    parsed = syntax.trees(doc, [(s.start, s.end, s.lang) for s in wanted]) if doc.mentions else {}
    found: list[tuple[SentenceView, list[_Hit]]] = []
    for sent in wanted:
        hits = list(lexical[sent.start])
        tree = parsed.get((sent.start, sent.end))
        if tagger is not None and tree is not None and tree.vectors is not None:
            for w, etype, _ in tagger.propose(tree.vectors, sent.lang):
                fs, fe = sent.folded_pos(tree.starts[w]), sent.folded_pos(tree.ends[w])
                if fe > fs and not any(h.start < fe and fs < h.end for h in hits):
                    hits.append(_Hit(_Trigger(etype, "", [], _LEARNED), fs, fe, ""))
            hits.sort(key=lambda h: h.start)
        if hits:
            found.append((sent, hits))
    return found, parsed


def _combine_roles(
    doc: Doc,
    roles: Roles,
    actors: list[str | int],
    recipients: list[str | int],
    location: str | int | None,
    inverse: bool = False,
) -> tuple[list[str | int], list[str | int], str | int | None]:
    """The tree's roles, completed by the word-order rules where the tree is silent.

    The actor is the tree's subject. A clause without a written subject
    (Arabic and Persian drop it: "وأكد ...", "گفت ...") keeps the antecedent
    the word-order rules found, unless the tree makes that mention a
    recipient. Recipients are the tree's plus those the word-order rules find
    after a recipient preposition (a prepositional phrase the parser hung on a
    noun, "شیلی با پرو دیدار کرد", is still the verb's), never an actor, and
    never a place the tree puts under a locative ("في نيروبي": where, not who).
    """
    tree_actors = [mention_ref(doc, i) for i in roles.actors]
    tree_recipients = [mention_ref(doc, i) for i in roles.recipients]
    located = {mention_ref(doc, i) for i in roles.located}
    if not tree_actors and not roles.has_subject:
        placed = {mention_ref(doc, i) for i in roles.placed}
        tree_actors = [a for a in actors if a not in tree_recipients and a not in placed | located]
    if inverse:  # "تشتري اليابان الغاز من قطر": the buyer receives, the seller supplies
        tree_actors, tree_recipients = tree_recipients, tree_actors
    tree_location = mention_ref(doc, roles.location) if roles.location is not None else location
    if tree_location in tree_actors:
        tree_location = None
    merged = [
        r
        for r in dict.fromkeys(tree_recipients + recipients)
        if r not in tree_actors and r != tree_location and r not in located
    ]
    return tree_actors, merged, tree_location


def process(doc: Doc) -> Doc:
    """Detect PLOVER events in ``doc`` and append them to ``doc.events``.

    One event per trigger type, mode and modality in a sentence. Once the
    entity stage has run, an event needs an actor or a recipient, unless it is
    structural (:data:`STRUCTURAL_MODES`) or a visit to a named place.
    """
    from rasad.english import event_line

    key = doc.content_hash[:10]
    require_participant = bool(doc.mentions)
    n = len(doc.events)
    ref_types: dict[str | int, set[str]] | None = None  # built at the first meeting that needs it
    found, parsed = _proposals(doc)
    for sent, hits in found:
        seen: set[tuple[str, str, str]] = set()
        info: _Clause | None = None
        tree = parsed.get((sent.start, sent.end))
        folder = languages.get(sent.lang)
        for hit in hits:
            t = hit.trig
            if _skipped(doc, sent, hit):
                continue
            if info is None and doc.mentions:
                info = analyse_sentence(doc, sent)
            anchor = sent.offs[hit.start]
            ts, te = sent.orig(hit.start, hit.end)
            if tree is not None and folder is not None and back_reference(tree, ts, te, folder):
                continue  # "خلال لقائه", "على هامش الزيارة": the event already reported
            date = event_date(
                doc, sent, anchor, info.segs if info is not None else None, tree, (ts, te)
            )
            marks = scope = None
            if tree is not None and folder is not None:
                marks, scope = (
                    tree_modality(tree, ts, te, folder),
                    modal_scope(tree, ts, te, folder),
                )
            mod = modality(
                doc,
                sent,
                hit.start,
                hit.end,
                hit.prefix,
                date,
                marks,
                scope,
                tree.words if tree else None,
            )
            if mod == "asserted" and _purpose(sent, hit):
                mod = "planned"  # "دعا المفوض لزيارة عدن", "برای دیدار با": an aim, not a report
            sig = (t.type, t.mode, mod)
            if sig in seen:
                continue
            date = dated_by_article(doc, date, mod)
            if info is not None:
                actors, recipients, location = assign_roles(doc, sent, hit, info)
            else:
                actors, recipients, location = [], [], None
            roles = (
                structural_roles(doc, tree, ts, te, folder, t.type, t.mode)
                if tree is not None and folder is not None
                else None
            )
            if roles is not None:
                inverse = sent.lang in _INVERSE and bool(
                    _INVERSE[sent.lang].match(sent.folded[hit.start : hit.end])
                )
                actors, recipients, location = _combine_roles(
                    doc, roles, actors, recipients, location, inverse
                )
            elif t.type in PASSIVE_TYPES and (_fa_passive(sent, hit) or _ar_passive(sent, hit)):
                actors, recipients = _passive_roles(doc, sent, actors, recipients)
            actors, location = _cities_are_places(doc, t.type, actors, location, roles)
            if info is not None:
                refined = _refine_roles(doc, sent, hit, actors, recipients)
                if refined is None:
                    continue
                actors, recipients = refined
            # a structural noun with nobody and nowhere ("در یک رزمایش شرکت داشتم") names no event
            kept = location is not None and (t.mode in STRUCTURAL_MODES or t.mode == "visit")
            if require_participant and not actors and not recipients and not kept:
                continue
            if t.mode == "meeting" and not actors and recipients:
                ref_types = _ref_types(doc) if ref_types is None else ref_types
                if _only_places(doc, recipients, ref_types):
                    continue  # "اجتماعا داخل مدينة عدن", "يناقش ... الدعم لتونس": nobody is met
            seen.add(sig)
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
            _judge(doc, event, tree, folder, roles)
            event["english"] = event_line(event, doc=doc)
            doc.events.append(event)
    return doc


def _judge(doc: Doc, event: dict[str, Any], tree: Any, folder: Any, roles: Roles | None) -> None:
    """Give ``event`` the learned filter's type and ``confidence`` (see :mod:`rasad.extract.event_filter`).

    The features are also kept in the document's scratch cache
    (``event_features``), where training reads them.
    """
    from rasad.extract import event_filter

    ts, te = event["trigger"]["start"], event["trigger"]["end"]
    w = tree.word_at(ts, te) if tree is not None else None
    p = predicate_of(tree, w, folder) if w is not None and folder is not None else w
    date = event["date"] or {}
    flags = (
        bool(event["actors"]), bool(event["recipients"]), event["location"] is not None,
        tree is not None, bool(roles and roles.has_subject), w is not None and w == p,
        date.get("basis") in ("clause", "sentence"),
    )  # fmt: skip
    sym = event_filter.symbolic(
        event_types(), event["type"], event["sources"][0]["lang"], event["modality"], flags
    )
    vec = event_filter.vector_features(tree, w, p)
    doc_cache(doc).setdefault("event_features", {})[event["id"]] = (sym, vec)
    model = event_filter.shipped()
    if model is None:
        event["confidence"] = None
        return
    etype, confidence = model.decide(sym, vec, event["type"])
    if etype != event["type"]:
        event["type"], event["mode"] = etype, ""
    event["confidence"] = confidence
