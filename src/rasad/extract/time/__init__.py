"""Time expressions in Persian, Arabic and English news, and the article's date.

The stage :func:`process` fills ``doc.times`` with every temporal expression
(Solar Hijri, Hijri and Gregorian dates under every month-naming system,
weekdays, years, ranges, durations, relative phrases, clock times, sets) and
``doc.date`` with the article's date: the one given (metadata, ``date_raw``,
an explicit anchor) or, failing that, one inferred from the text's own
evidence with a one-line ``why`` and a confidence.

The grammar is data (:mod:`.tables`) plus a small matcher (:mod:`.grammar`);
calendar arithmetic comes from jdatetime, hijridate and convertdate
(:mod:`.calendars`); :mod:`.resolve` turns matches into ISO 8601 values.

Public API: :func:`process`, :func:`analyse`, :func:`parse_date`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import re
from dataclasses import dataclass, field

from rasad.doc import DateValue, Doc, TimeExpr
from rasad.extract.time import tables as T
from rasad.extract.time.grammar import Cand, find, make_view
from rasad.extract.time.resolve import (
    CONF_LOWER_BOUND,
    Anchor,
    Bound,
    Evidence,
    Resolved,
    anaphor_value,
    anaphor_year,
    infer_article_date,
    resolve,
    sequence_bound,
)
from rasad.spans import SpanIndex
from rasad.text.segment import MAX_SENTENCE_CHARS

log = logging.getLogger(__name__)

__all__ = ["TimeResult", "analyse", "parse_anchor", "parse_date", "process"]

_SENTENCE_END = re.compile(r"[.!?؟\n]")
_FUTURE = re.compile(rf"(?<![^\W_])(?:{'|'.join(re.escape(w) for w in T.FUTURE_MARKERS)})(?![^\W_])")
#: Precisions an anaphor (آن سال، همان روز) may point back to.
_DATED = frozenset({"year", "month", "day", "hour", "minute", "second"})
_FA_LETTERS = re.compile("[پچژگیک]")
_AR_LETTERS = re.compile("[ةيك]")


@dataclass(slots=True)
class TimeResult:
    """What :func:`analyse` found: expressions, the article date, and the rejected ones."""

    times: list[TimeExpr] = field(default_factory=list)
    date: DateValue | None = None
    errors: list[dict[str, object]] = field(default_factory=list)


def guess_lang(text: str) -> str:
    """``fa``, ``ar`` or ``en`` from letter counts (when no language is given)."""
    sample = text[:4000]
    fa, ar = len(_FA_LETTERS.findall(sample)), len(_AR_LETTERS.findall(sample))
    if fa == ar == 0:
        return "en"
    return "fa" if fa >= ar else "ar"


def _future_spans(view: str) -> list[tuple[int, int]]:
    """Sentences of ``view`` that speak of the future."""
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(view + "\n"):
        end = m.start()
        if _FUTURE.search(view, start, end):
            spans.append((start, end))
        start = m.end()
    return spans


def parse_anchor(value: str | dt.date | DateValue | None) -> Anchor | None:
    """An :class:`Anchor` from an ISO string, a date or a :class:`DateValue`."""
    if value is None:
        return None
    if isinstance(value, DateValue):
        return Anchor.from_value(value)
    if isinstance(value, dt.date):
        return Anchor(value, "day")
    return Anchor.from_value(DateValue(value.strip(), "day", "gregorian"))


def parse_date(text: str, lang: str | None = None) -> DateValue | None:
    """The first fully dated expression of ``text`` (e.g. a ``date_raw`` field), or None."""
    text = text.strip()
    try:
        return DateValue(dt.date.fromisoformat(text[:10]).isoformat(), "day", "gregorian")
    except ValueError:
        pass
    view, _ = make_view(text)
    for c in find(view, lang or guess_lang(text) if lang != "en" else lang):
        if c.y is not None and c.m is not None and c.d is not None and c.kind == "date":
            r = resolve(c, None)
            if r.value is not None:
                return DateValue(r.value[:10], "day", r.calendar)
    return None


def analyse(
    text: str,
    lang: str | None = None,
    *,
    anchor: str | dt.date | DateValue | None = None,
    now: dt.date | None = None,
) -> TimeResult:
    """Find and resolve the time expressions of ``text`` (offsets into ``text``)."""
    doc = Doc(text=text, lang=lang)
    process(doc, anchor=anchor, now=now)
    return TimeResult(doc.times, doc.date, doc.meta.get("time_errors", []))


def process(doc: Doc, *, anchor: str | dt.date | DateValue | None = None, now: dt.date | None = None) -> Doc:
    """Fill ``doc.times`` and ``doc.date``.

    The article date is, in order: ``anchor`` when given; ``doc.date`` when
    set from metadata (not inferred); ``doc.date_raw`` when it parses;
    otherwise inferred from the text, never after ``now`` (default: today).
    Expressions inside ``doc.excluded`` spans are skipped.
    """
    now = now or dt.date.today()
    analysed = doc.norm or doc.text
    lang = doc.lang or guess_lang(analysed)
    view, index = make_view(analysed)
    try:
        cands = find(view, lang)
    except Exception:  # a grammar bug must not stop the pipeline
        log.exception("time: matcher failed on %s", doc.source or "<text>")
        return doc
    future_spans = _future_spans(view)

    def to_text(c: Cand) -> tuple[int, int]:
        s, e = (index[c.start], index[c.end - 1] + 1) if index else (c.start, c.end)
        while index and e < len(analysed) and analysed[e] in T.DROPPED:
            e += 1  # keep trailing harakat/tatweel inside the span
        return doc.to_original(s, e) if doc.norm else (s, e)

    excluded = SpanIndex((xs, xe) for xs, xe, _ in doc.excluded)
    future = SpanIndex(future_spans)
    kept: list[tuple[Cand, int, int, bool]] = []
    for c in cands:
        s, e = to_text(c)
        if e <= s or excluded.overlaps(s, e):
            continue
        fut = future.holds(c.start)
        kept.append((c, s, e, fut))

    date = _article_anchor(doc, anchor, lang)
    if date is None:
        ev = [Evidence(c, doc.text[s:e], fut) for c, s, e, fut in kept]
        try:
            date = infer_article_date(ev, now, _sequence_bounds(ev, view))
        except Exception:  # evidence must never stop the pipeline
            log.exception("time: article-date inference failed on %s", doc.source or "<text>")
            date = None
        if date is None:
            log.info("time: no evidence for the date of %s", doc.source or "<text>")
    if date is not None:
        doc.date = date
    anchor_obj = parse_anchor(date) if date is not None else None
    if anchor_obj is not None and date is not None and date.inferred and date.confidence <= CONF_LOWER_BOUND:
        anchor_obj.lower_bound = True

    times: list[TimeExpr] = []
    errors: list[dict[str, object]] = []
    prev: Resolved | None = None  # the last dated expression, for آن سال / همان روز
    for c, s, e, fut in kept:
        r = resolve(c, anchor_obj, fut)
        if "year_anaphor" in c.notes:  # آذر همان سال
            dated = anaphor_year(c, prev)
            r = resolve(dated, anchor_obj, fut) if dated else Resolved(
                None, "month", c.cal, True, "refers back to a year the text has not dated")
            r.inferred = True
        elif any(n.startswith("anaphor:") for n in c.notes):
            try:
                r = anaphor_value(c, prev)
            except (ValueError, OverflowError) as exc:
                r = Resolved(None, None, "unknown", True, str(exc))
        elif r.value is not None and c.kind in ("date", "range") and r.precision in _DATED:
            prev = r
        text = doc.text[s:e]
        times.append(TimeExpr(s, e, text, r.value, r.precision, r.calendar if r.calendar != "unknown" or c.cal == "unknown" else c.cal, c.kind, r.inferred))
        if r.error:
            errors.append({"start": s, "end": e, "text": text, "reason": r.error})
            log.debug("time: %r at %d unresolved: %s", text, s, r.error)
    doc.times = times
    if errors:
        doc.meta["time_errors"] = errors
    return doc


_SEQUENCE = re.compile(rf"(?<![^\W_])و?(?:{'|'.join(re.escape(w) for w in T.SEQUENCE_WORDS)})(?![^\W_])")


def _sequence_bounds(ev: list[Evidence], view: str) -> list[Bound]:
    """Bounds from relative phrases told after an explicit date in the same sentence (see ``sequence_bound``).

    Each relative phrase pairs with the nearest explicit date before it, unless
    a sentence ends (a terminator, or :data:`MAX_SENTENCE_CHARS` of text) after
    that date or after any expression in between. One pass over ``ev``, with
    the sentence ends found once: the work is linear in the text, not cubic.
    """
    ends = [m.start() for m in _SENTENCE_END.finditer(view)]
    out: list[Bound] = []
    explicit: Evidence | None = None  # the nearest explicit date so far
    nearest_end = 0  # the smallest end of the expressions after it
    for later in ev:
        c = later.cand
        if c.rel is not None and explicit is not None:
            k = bisect.bisect_left(ends, c.start)
            # an expression ending at or before this offset has a sentence end between it and ``later``
            cut = max(ends[k - 1] if k else -1, c.start - MAX_SENTENCE_CHARS - 1)
            if min(nearest_end, explicit.cand.end) > cut and _SEQUENCE.search(view[explicit.cand.end : c.start]):
                bound = sequence_bound(explicit, later)
                if bound is not None:
                    out.append(bound)
        if c.y is not None and c.rel is None:
            explicit, nearest_end = later, len(view) + 1
        else:
            nearest_end = min(nearest_end, c.end)
    return out


def _article_anchor(doc: Doc, anchor: str | dt.date | DateValue | None, lang: str) -> DateValue | None:
    """The article date the caller or the metadata gives, if any."""
    if anchor is not None:
        a = parse_anchor(anchor)
        if a is None:
            raise ValueError(f"anchor {anchor!r} is not a date (expected YYYY-MM-DD)")
        return DateValue(a.date.isoformat() if a.precision == "day" else str(anchor), a.precision, "gregorian",
                         False, "given as the anchor", 1.0)  # fmt: skip
    if doc.date is not None and not doc.date.inferred:
        return doc.date
    if doc.date_raw:
        parsed = parse_date(doc.date_raw, "fa" if lang == "fa" else None)
        if parsed is not None:
            parsed.why = f"parsed from the dateline '{doc.date_raw}'"
            return parsed
        log.warning("time: %s: date_raw %r does not parse; inferring from the text", doc.source, doc.date_raw)
    return None
