"""Resolution: from a :class:`~.grammar.Cand` to an ISO value, and the article date.

Values are ISO 8601: a day ``2023-03-29``, a month ``2023-03``, a year
``2023``, a week ``2023-W13``, a clock time ``2023-03-29T14:30``, an interval
``2023-03-21/2023-04-20`` (Solar Hijri and Hijri months and years do not
line up with Gregorian ones, so they are given as the Gregorian days they
cover), a duration ``P7Y`` and TIMEX-style seasons (``2016-SU``) and
centuries (``18`` for the 19th century).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from dataclasses import dataclass

from rasad.doc import DateValue
from rasad.extract.time import calendars as C
from rasad.extract.time.grammar import Cand

#: Years searched, back from "now", for a day written without its year.
YEAR_WINDOW = 40
#: A day without year is read as its occurrence within this many days of "now".
NEAREST_WINDOW_DAYS = 183
#: A weekday+day fit up to this many days after "now" is an upcoming event the article announces.
UPCOMING_DAYS = 45
#: A hypothesised article date explains an event date up to this many days earlier.
EVENT_LAG_DAYS = 400
#: A named day without its year is looked for this many days either side of the article date.
NAMED_WINDOW_DAYS = 400
#: Confidence of the article date, by the kind of evidence behind it.
CONF_TODAY = 0.95
CONF_UNIQUE_FIT = 0.9
CONF_FEW_FITS = 0.6
CONF_MANY_FITS = 0.4
CONF_LATEST_EXPLICIT = 0.5
CONF_NEAREST_PAST = 0.35
CONF_UPCOMING = 0.5
CONF_LOWER_BOUND = 0.3
CONF_ANCHOR_GIVEN = 1.0
#: Distinct (day, month, weekday, other-calendar day, window) answers of candidate_days kept.
CANDIDATE_DAYS_CACHE = 4096


@dataclass(slots=True)
class Anchor:
    """The date relative expressions are counted from, at its precision."""

    date: dt.date
    precision: str  # day | month | year
    lower_bound: bool = False  # the article is from this date *or later*

    @classmethod
    def from_value(cls, value: DateValue) -> Anchor | None:
        """The anchor a :class:`DateValue` gives, or ``None`` if it has no start day."""
        v = value.value.split("/")[0]
        try:
            if len(v) == 4:
                return cls(dt.date(int(v), 1, 1), "year")
            if len(v) == 7:
                return cls(dt.date(int(v[:4]), int(v[5:7]), 1), "month")
            prec = value.precision if value.precision in ("day", "month", "year") else "day"
            return cls(dt.date.fromisoformat(v[:10]), prec)
        except ValueError:
            return None


@dataclass(slots=True)
class Resolved:
    """The resolved value of one expression."""

    value: str | None
    precision: str | None
    calendar: str
    inferred: bool = False
    error: str | None = None


_RANK = {"year": 0, "season": 0, "quarter": 0, "month": 1, "week": 2, "day": 3}


def _covers(anchor: Anchor | None, need: str) -> bool:
    return anchor is not None and _RANK[anchor.precision] >= _RANK.get(need, 3)


def _iso(d: dt.date) -> str:
    return d.isoformat()


def clock_value(clock: tuple[int, int | None, int | None]) -> tuple[str, str]:
    """``HH:MM[:SS]`` and its precision (hour, minute or second)."""
    h, mi, sec = clock
    if mi is None:
        return f"{h:02d}:00", "hour"
    if sec is None:
        return f"{h:02d}:{mi:02d}", "minute"
    return f"{h:02d}:{mi:02d}:{sec:02d}", "second"


def _with_clock(value: str, c: Cand) -> tuple[str, str]:
    if c.clock and len(value) == 10:
        clock, precision = clock_value(c.clock)
        return f"{value}T{clock}", precision
    return value, "day"


def full_date(c: Cand) -> dt.date:
    """The Gregorian day of a candidate with year, month and day; ValueError if impossible."""
    assert c.y is not None and c.m is not None and c.d is not None
    try:
        return C.to_gregorian(c.cal, c.y, c.m, c.d)
    except ValueError as exc:
        raise ValueError(f"{c.cal} {c.y}-{c.m:02d}-{c.d:02d} does not exist ({exc})") from None


def fits(c: Cand, g: dt.date) -> bool:
    """Whether Gregorian day ``g`` satisfies the weekday and the other-calendar half of ``c``."""
    if c.wd is not None and g.weekday() != c.wd:
        return False
    if c.alt is not None and c.alt.m is not None:
        _, am, ad = C.from_gregorian(c.alt.cal, g)
        if am != c.alt.m or (c.alt.d is not None and ad != c.alt.d):
            return False
    return True


def candidate_days(c: Cand, lo: dt.date, hi: dt.date) -> list[dt.date]:
    """Gregorian days in ``[lo, hi]`` a yearless day-month ``c`` can be, latest first.

    Memoised on what the answer depends on: an article that repeats a date
    costs one calendar scan (tens of conversions), not one per mention.
    """
    alt = (c.alt.cal, c.alt.m, c.alt.d) if c.alt is not None and c.alt.m is not None else None
    return list(_candidate_days(c.cal, c.m, c.d, c.wd, alt, lo, hi))  # type: ignore[arg-type]


@functools.lru_cache(maxsize=CANDIDATE_DAYS_CACHE)
def _candidate_days(
    cal: str, m: int, d: int, wd: int | None, alt: tuple[str, int, int | None] | None, lo: dt.date, hi: dt.date
) -> tuple[dt.date, ...]:
    out = []
    for y in C.gregorian_year_range(cal, lo.year, hi.year):
        try:
            g = C.to_gregorian(cal, y, m, d)
        except ValueError:
            continue
        if lo <= g <= hi and (wd is None or g.weekday() == wd):
            if alt is not None:
                _, am, ad = C.from_gregorian(alt[0], g)
                if am != alt[1] or (alt[2] is not None and ad != alt[2]):
                    continue
            out.append(g)
    return tuple(sorted(out, reverse=True))


def _pick_year(c: Cand, anchor: dt.date, future: bool) -> dt.date | None:
    """The occurrence of a yearless day nearest the anchor: past unless ``future``."""
    days: list[dt.date] = []
    for span in (1, YEAR_WINDOW):  # the years around the anchor first; widen for weekday fits
        lo = dt.date(max(1, anchor.year - span), 1, 1)
        hi = dt.date(anchor.year + span, 12, 31)
        days = candidate_days(c, lo, hi)
        if any(d <= anchor for d in days) and any(d >= anchor for d in days):
            break
    if not days:
        return None
    if future:
        later = [d for d in days if d >= anchor]
        return min(later) if later else max(days)
    earlier = [d for d in days if d <= anchor]
    return max(earlier) if earlier else min(days)


def _month_value(cal: str, y: int, m: int) -> str:
    if cal == "gregorian":
        return f"{y:04d}-{m:02d}"
    a, b = C.month_span(cal, y, m)
    return f"{_iso(a)}/{_iso(b)}"


def _year_value(cal: str, y: int) -> str:
    if y < 0:  # before the common era, TIMEX style
        return f"BC{-y:04d}"
    if cal in ("gregorian", "unknown"):
        return f"{y:04d}"
    a, b = C.year_span(cal, y)
    return f"{_iso(a)}/{_iso(b)}"


def _yearless_month(c: Cand, anchor: dt.date, future: bool) -> tuple[int, int]:
    """(year, month) in ``c.cal`` of a bare month: the nearest past one unless ``future``."""
    ay, am, _ = C.from_gregorian(c.cal, anchor)
    assert c.m is not None
    if future:
        return (ay, c.m) if c.m >= am else (ay + 1, c.m)
    return (ay, c.m) if c.m <= am else (ay - 1, c.m)


def resolve(c: Cand, anchor: Anchor | None, future: bool = False) -> Resolved:
    """Resolve ``c`` against the article date ``anchor`` (None when unknown)."""
    try:
        return _resolve(c, anchor, future)
    except (ValueError, OverflowError) as exc:
        return Resolved(None, None, c.cal, error=str(exc))


def _resolve(c: Cand, anchor: Anchor | None, future: bool) -> Resolved:
    if c.kind == "time" and c.clock is None:  # a part of the day: TMO, TAF, TEV, TNI
        return Resolved(c.dur, None, "unknown")
    if c.kind == "time":
        assert c.clock is not None
        clock, precision = clock_value(c.clock)
        return Resolved(f"T{clock}", precision, "unknown")
    if c.kind in ("duration", "set"):
        return Resolved(c.dur, None, "unknown")
    if c.kind == "range" and c.until is not None:
        left = _resolve(replace_kind(c), anchor, future)
        right = _resolve(c.until, anchor, future)
        if c.wd is not None and c.m is None and c.until.wd is not None and left.value:
            # "Tuesday to Friday": the right end is counted from the left one
            first = dt.date.fromisoformat(left.value[:10])
            end = first + dt.timedelta(days=(c.until.wd - c.wd) % 7)
            right = Resolved(_iso(end), "day", "gregorian", inferred=True)
        if left.value is not None and right.value is None and c.until.rel is not None:
            return Resolved(f"{left.value.split('/')[0]}/..", left.precision, left.calendar, left.inferred)
        if left.value is None or right.value is None:
            return Resolved(None, left.precision, c.cal, left.inferred, left.error or right.error)
        lv, rv = left.value.split("/")[0], right.value.split("/")[-1]
        return Resolved(f"{lv}/{rv}", left.precision, left.calendar, left.inferred or right.inferred)
    if c.rel is not None:
        return _relative(c, anchor)
    if c.named is not None:
        return _named(c, anchor, future)
    if any(n.startswith("anaphor:") for n in c.notes):
        return Resolved(None, None, "unknown", inferred=True, error="refers back to a time the text has not dated")
    if c.century is not None:
        if c.cal != "gregorian":
            return Resolved(None, "century", c.cal, error=f"{c.cal} centuries are not converted")
        return Resolved(f"{c.century - 1:02d}", "century", "gregorian")
    if c.season is not None:
        return _season(c, anchor)
    k = next((int(n.split(":")[1]) for n in c.notes if n.startswith("century_decade:")), None)
    if k is not None and c.y is None:  # "the second decade of the century": the article's century
        if not _covers(anchor, "year") or anchor is None or anchor.lower_bound:
            return Resolved(None, "decade", c.cal, inferred=True, error="needs the article's year")
        y = C.from_gregorian(c.cal, anchor.date)[0] // 100 * 100 + (k - 1) * 10
        r = _resolve(replace_kind(c, y=y, notes=["decade"]), anchor, future)
        return Resolved(r.value, r.precision, r.calendar, True, r.error)
    if "decade" in c.notes and c.y is not None:
        if c.cal == "gregorian":
            return Resolved(f"{c.y // 10:03d}", "decade", "gregorian")
        return Resolved(f"{_iso(C.year_span(c.cal, c.y)[0])}/{_iso(C.year_span(c.cal, c.y + 9)[1])}", "decade", c.cal)
    if c.m is None and c.wd is not None:
        return _weekday(c, anchor, future)
    if c.m is None:
        if c.y is None:
            if "ordinal" in c.notes:
                return Resolved(None, None, c.cal, error="an ordinal period (the Nth day of ...) counts from an unnamed start")
            return Resolved(None, None, c.cal, error="nothing to resolve")
        return Resolved(_year_value(c.cal, c.y), "year", c.cal)
    if c.y is not None:
        if c.d is None:
            return Resolved(_month_value(c.cal, c.y, c.m), "month", c.cal)
        g = full_date(c)
        if c.alt is not None and not fits(replace_kind(c, wd=None), g):
            raise ValueError(f"the {c.cal} and {c.alt.cal} halves name different days")
        value, precision = _with_clock(_iso(g), c)
        return Resolved(value, precision, c.cal)
    year_rel = next((int(n.split(":")[1]) for n in c.notes if n.startswith("year_rel:")), None)
    if year_rel is not None and anchor is not None and not anchor.lower_bound:  # "12 Bahman this year"
        y = C.from_gregorian(c.cal, anchor.date)[0] + year_rel
        r = _resolve(replace_kind(c, y=y, notes=[]), anchor, future)
        return Resolved(r.value, r.precision, r.calendar, True, r.error)
    # day/month without a year: the anchor supplies it
    if anchor is None or anchor.lower_bound:
        reason = "no year, and the article date is only a lower bound" if anchor else "no year and no article date"
        return Resolved(None, "day" if c.d else "month", c.cal, error=reason)
    if c.d is None:
        y, m = _yearless_month(c, anchor.date, future)
        return Resolved(_month_value(c.cal, y, m), "month", c.cal, inferred=True)
    longest = {"hijri": 30, "gregorian": calendar.monthrange(2000, c.m)[1]}.get(c.cal, 31 if c.m <= 6 else 30)
    if not 1 <= c.d <= longest:  # in any year (2000 is a Gregorian leap year)
        raise ValueError(f"{c.cal} month {c.m} has no day {c.d}")
    g2 = _pick_year(c, anchor.date, future)
    if g2 is None:
        raise ValueError(f"no year near {anchor.date.year} has {c.cal} {c.m:02d}-{c.d:02d} as described")
    value, precision = _with_clock(_iso(g2), c)
    return Resolved(value, precision, c.cal, inferred=True)


def replace_kind(c: Cand, **changes: object) -> Cand:
    """A copy of ``c`` as a plain date (for the left end of a range)."""
    from dataclasses import replace

    return replace(c, kind="date", until=None, **changes)  # type: ignore[arg-type]


def _relative(c: Cand, anchor: Anchor | None) -> Resolved:
    assert c.rel is not None
    unit, n, direction = c.rel
    need = {"D": "day", "W": "day", "M": "month", "Y": "year"}.get(unit, "day")
    if anchor is not None and anchor.lower_bound:
        return Resolved(None, need, "unknown", inferred=True, error="the article date is only a lower bound")
    if not _covers(anchor, need):
        return Resolved(None, need, "unknown", inferred=True, error="needs an article date")
    assert anchor is not None
    k = int(n) * direction
    a = anchor.date
    if unit == "D":
        value, precision = _with_clock(_iso(a + dt.timedelta(days=k)), c)
        return Resolved(value, precision, "gregorian", inferred=True)
    if unit == "W":
        y, w, _ = (a + dt.timedelta(weeks=k)).isocalendar()
        return Resolved(f"{y:04d}-W{w:02d}", "week", "gregorian", inferred=True)
    if unit == "M":
        d = C.add_months(a, k)
        return Resolved(f"{d.year:04d}-{d.month:02d}", "month", "gregorian", inferred=True)
    if unit == "Y":
        return Resolved(f"{a.year + k:04d}", "year", "gregorian", inferred=True)
    if unit in ("H", "MIN"):
        return Resolved(None, "minute", "unknown", inferred=True, error="clock offsets need a time anchor")
    return Resolved(None, None, "unknown", error=f"unit {unit} is not resolved")


def _season(c: Cand, anchor: Anchor | None) -> Resolved:
    """A season (``2019-SU``) or a quarter (``2019-Q4``); Solar Hijri ones as the days they cover."""
    assert c.season is not None
    quarter = c.season.startswith("Q")
    precision = "quarter" if quarter else "season"
    y, cal, inferred = c.y, c.cal, False
    if y is None:
        if not _covers(anchor, "year") or (anchor is not None and anchor.lower_bound):
            return Resolved(None, precision, c.cal, error="no year and no article date")
        assert anchor is not None
        if quarter:  # ربع چهارم سال (جاری / گذشته): the article's year in the text's calendar
            rel = next((int(n.split(":")[1]) for n in c.notes if n.startswith("year_rel:")), 0)
            y, inferred = C.from_gregorian(cal, anchor.date)[0] + rel, True
        else:
            y, cal, inferred = anchor.date.year, "gregorian", True
    if cal != "gregorian" and (quarter or cal == "jalali"):
        first = 3 * int(c.season[1]) - 2 if quarter else {"SP": 1, "SU": 4, "FA": 7, "WI": 10}[c.season]
        a, _ = C.month_span(cal, y, first)
        _, b = C.month_span(cal, y, first + 2)
        return Resolved(f"{_iso(a)}/{_iso(b)}", precision, cal, inferred)
    return Resolved(f"{y:04d}-{c.season}", precision, cal, inferred)


def named_occurrences(named: tuple[str, int, int], lo: dt.date, hi: dt.date) -> list[dt.date]:
    """The days in ``[lo, hi]`` a named day (calendar, month, day) falls on, earliest first."""
    cal, m, d = named
    out = []
    for y in C.gregorian_year_range(cal, lo.year, hi.year):
        try:
            g = C.named_day(cal, m, d, y)
        except (ValueError, OverflowError):
            continue
        if lo <= g <= hi:
            out.append(g)
    return sorted(out)


def _named(c: Cand, anchor: Anchor | None, future: bool) -> Resolved:
    """A named day: in the year written beside it (any calendar), else nearest the article date."""
    assert c.named is not None
    ncal = c.named[0]
    if c.y is not None:
        lo, hi = C.year_span(c.cal, c.y)
        days = named_occurrences(c.named, lo, hi)
        if not days:
            raise ValueError(f"no such named day in {c.cal} year {c.y}")
        return Resolved(_iso(days[0]), "day", ncal)
    if anchor is None or anchor.lower_bound or not _covers(anchor, "day"):
        reason = "no year, and the article date is only a lower bound" if anchor else "no year and no article date"
        return Resolved(None, "day", ncal, inferred=True, error=reason)
    a = anchor.date
    days = named_occurrences(c.named, a - dt.timedelta(days=NAMED_WINDOW_DAYS), a + dt.timedelta(days=NAMED_WINDOW_DAYS))
    past, later = [d for d in days if d <= a], [d for d in days if d >= a]
    pick = (later[0] if later else None) if future else (past[-1] if past else None)
    pick = pick or (days[0] if days else None)
    if pick is None:
        return Resolved(None, "day", ncal, inferred=True, error="no occurrence near the article date")
    return Resolved(_iso(pick), "day", ncal, inferred=True)


def anaphor_value(c: Cand, prev: Resolved | None) -> Resolved:
    """آن سال، همان روز: the year, month, week or day of the last dated expression before it."""
    unit = next(n.split(":")[1] for n in c.notes if n.startswith("anaphor:"))
    need = {"D": "day", "W": "day", "M": "month", "Y": "year"}[unit]
    start = None
    if prev is not None and prev.value is not None:
        rank = _RANK.get(prev.precision or "", 3 if prev.precision in ("hour", "minute", "second") else -1)
        try:
            start = dt.date.fromisoformat(_first_day(prev.value)) if rank >= _RANK[need] else None
        except ValueError:  # BC years, centuries
            start = None
    if prev is None or start is None:
        return Resolved(None, need, "unknown", True, "refers back to a time the text has not dated at this precision")
    cal = prev.calendar if prev.calendar in C.CALENDARS else "gregorian"
    y, m, _ = C.from_gregorian(cal, start)
    if unit == "Y":
        return Resolved(_year_value(cal, y), "year", cal, True)
    if unit == "M":
        return Resolved(_month_value(cal, y, m), "month", cal, True)
    if unit == "W":
        iy, w, _ = start.isocalendar()
        return Resolved(f"{iy:04d}-W{w:02d}", "week", "gregorian", True)
    return Resolved(_iso(start), "day", cal, True)


def anaphor_year(c: Cand, prev: Resolved | None) -> Cand | None:
    """"Azar of that same year": ``c`` with the year, in its calendar, of the middle of ``prev``."""
    if prev is None or prev.value is None:
        return None
    try:
        a = dt.date.fromisoformat(_first_day(prev.value))
        b = dt.date.fromisoformat(_first_day(prev.value.split("/")[-1])) if "/" in prev.value else a
        if prev.precision == "year" and "/" not in prev.value:
            b = dt.date(a.year, 12, 31)
        y = C.from_gregorian(c.cal, a + (b - a) / 2)[0]
    except ValueError:
        return None
    return replace_kind(c, y=y, notes=[n for n in c.notes if n != "year_anaphor"])


def _first_day(value: str) -> str:
    """The first day of an ISO value (``2019`` -> ``2019-01-01``, ``2019-03`` -> ``2019-03-01``)."""
    v = value.split("/")[0][:10]
    return {4: v + "-01-01", 7: v + "-01"}.get(len(v), v)


def _weekday(c: Cand, anchor: Anchor | None, future: bool) -> Resolved:
    if not _covers(anchor, "day") or (anchor is not None and anchor.lower_bound):
        return Resolved(None, "day", "gregorian", inferred=True, error="needs an article date")
    assert anchor is not None and c.wd is not None
    a = anchor.date
    back = (a.weekday() - c.wd) % 7
    fwd = (c.wd - a.weekday()) % 7
    if c.wd_dir == -1:
        d = a - dt.timedelta(days=back or 7)
    elif c.wd_dir == 1:
        d = a + dt.timedelta(days=fwd or 7)
    elif future:
        d = a + dt.timedelta(days=fwd)
    else:
        d = a - dt.timedelta(days=back)
    value, precision = _with_clock(_iso(d), c)
    return Resolved(value, precision, "gregorian", inferred=True)


# ---------------------------------------------------------------- article date


@dataclass(slots=True)
class Evidence:
    """One expression offered as evidence of the article's date."""

    cand: Cand
    text: str
    future: bool


#: A lower bound on the article date: (first day, precision, text, the reason in English).
Bound = tuple[dt.date, str, str, str]


def period_start(c: Cand) -> tuple[dt.date, str] | None:
    """First day and precision of an explicitly dated period (the right end of a range)."""
    end_c = c.until if c.until is not None else c
    try:
        if end_c.y is None:
            return None
        if end_c.m is None:
            return C.year_span(end_c.cal, end_c.y)[0], "year"
        if end_c.d is None:
            return C.month_span(end_c.cal, end_c.y, end_c.m)[0], "month"
        return full_date(end_c), "day"
    except ValueError:
        return None


def sequence_bound(earlier: Evidence, later: Evidence) -> Bound | None:
    """The bound an explicit date and a relative phrase told after it put on the article date.

    In "talks resumed in April 2021 but have stalled since last year", "last year"
    is not before 2021, so the article is from 2022 or later. The caller checks
    that both are in one sentence, joined by a word of sequence or contrast.
    """
    c, r = earlier.cand, later.cand
    if c.y is None or c.rel is not None or earlier.future or later.future or r.rel is None:
        return None
    unit, n, direction = r.rel
    start = period_start(c)
    if start is None or unit not in ("Y", "M", "W", "D") or direction > 0:
        return None
    first, _ = start
    k = int(n) * -direction  # the article is this many units after the relative time
    if unit == "Y":
        bound, prec = dt.date(first.year + k, 1, 1), "year"
    elif unit == "M":
        bound, prec = C.add_months(first.replace(day=1), k), "month"
    else:
        bound, prec = first + dt.timedelta(days=k * (7 if unit == "W" else 1)), "day"
    reason = f"'{later.text}' comes after '{earlier.text}' in one sentence and is not before it"
    return bound, prec, later.text, reason


def _lower_bound(ev: list[Evidence], now: dt.date, extra: list[Bound] | None = None) -> Bound | None:
    """The latest start of an explicitly dated period not after ``now``, or a later ``extra`` bound."""
    best: Bound | None = None
    for e in ev:
        c = e.cand
        if e.future or c.y is None or c.rel is not None:
            continue
        found = period_start(c)
        if found is None:
            continue
        start, prec = found
        if start <= now and (best is None or start > best[0]):
            best = (start, prec, e.text, f"the latest period the text places in the past is '{e.text}'")
    for b in extra or []:
        if b[0] <= now and (best is None or b[0] > best[0]):
            best = b
    return best


def _describe(c: Cand) -> str:
    parts = []
    if c.wd is not None:
        parts.append("weekday")
    parts.append("day and month" if c.d is not None else "month")
    if c.alt is not None:
        parts.append(f"its {c.alt.cal} equivalent")
    return " + ".join(parts)


def infer_article_date(ev: list[Evidence], now: dt.date, bounds: list[Bound] | None = None) -> DateValue | None:
    """The article's own date from the dates it mentions; None with no usable evidence.

    See :func:`_infer`. When the text names today's weekday ("اليوم (الثلاثاء)")
    and the date was estimated from earlier events, it moves to the next such
    weekday (the article is from on or after what it reports).
    """
    date = _infer(ev, now, bounds)
    today = next((e for e in ev if e.cand.today and e.cand.wd is not None and e.cand.m is None), None)
    today_wd = today.cand.wd if today is not None else None
    if date is not None and today is not None and today_wd is not None and date.precision != "day":
        date.why += f"; the text calls the article's day a {_WEEKDAYS[today_wd]} ('{today.text}')"
    if date is None or today_wd is None or date.precision != "day" or date.confidence >= CONF_TODAY:
        return date
    day = dt.date.fromisoformat(date.value[:10])
    moved = day + dt.timedelta(days=(today_wd - day.weekday()) % 7)
    if moved != day and moved <= now:
        date.value = _iso(moved)
        date.why += f"; moved to {moved}, the next {_WEEKDAYS[today_wd]}, the day the text calls today"
    return date


_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _infer(ev: list[Evidence], now: dt.date, bounds: list[Bound] | None = None) -> DateValue | None:
    """The article date from the evidence, strongest kind first (see docs/time.md).

    A day written without its year but with a weekday or with its date in a
    second calendar fits only some years; the latest fitting day that is not
    after ``now`` and not before the latest period the text dates explicitly
    is taken. Failing that, the latest explicit full date, or (weakest) that
    latest period itself as a lower bound.
    """
    bound = _lower_bound(ev, now, bounds)
    lo_floor = dt.date(max(1, now.year - YEAR_WINDOW), 1, 1)
    # 1. "today, Wednesday 29 March" names the article's own day
    for e in ev:
        c = e.cand
        if c.today and c.m is not None and c.d is not None:
            if c.y is not None:
                try:
                    g = full_date(c)
                except ValueError:
                    continue
                return DateValue(_iso(g), "day", c.cal, True, f"the text calls '{e.text}' today", CONF_TODAY)
            days = candidate_days(c, lo_floor, now)
            if days and (c.wd is not None or c.alt is not None):
                return DateValue(_iso(days[0]), "day", c.cal, True,
                                 f"the text calls '{e.text}' today; {_describe(c)} fit {_years(days)}, "
                                 f"latest not after {now} taken", _conf(days, bound))  # fmt: skip
    # 2. constrained yearless days
    constrained: list[tuple[Evidence, list[dt.date]]] = []
    for e in ev:
        c = e.cand
        if c.y is None and c.m is not None and c.d is not None and c.rel is None and (c.wd is not None or c.alt is not None):
            days = candidate_days(c, lo_floor, now + dt.timedelta(days=UPCOMING_DAYS))
            above = [d for d in days if bound is None or d >= bound[0]]
            if above or days:
                constrained.append((e, above or days))
    if constrained:
        best: tuple[int, dt.date, Evidence, list[dt.date]] | None = None
        supports = _supports([ds for _, ds in constrained])
        for e, days in constrained:
            for d in days:
                support = supports[d]
                if best is None or (support, d) > (best[0], best[1]):
                    best = (support, d, e, days)
        assert best is not None
        support, day, e, days = best
        why = f"'{e.text}' ({_describe(e.cand)}) fits {_years(days)}"
        if bound is not None:
            why += f" on or after '{bound[2]}'"
        conf = _conf(days, bound) if support == 1 else max(_conf(days, bound), CONF_FEW_FITS)
        if day > now:  # an upcoming event: the article is from before it, and not after now
            why += f"; {day} is {(day - now).days} day(s) after {now}, an upcoming event, so took {now}"
            return DateValue(_iso(now), "day", e.cand.cal, True, why, min(conf, CONF_UPCOMING))
        why += f"; took the latest not after {now}"
        if support > 1:
            why += f", agreeing with {support - 1} other dated mention(s)"
        return DateValue(_iso(day), "day", e.cand.cal, True, why, conf)
    # 3. the latest explicit full date
    explicit: list[tuple[dt.date, Evidence]] = []
    for e in ev:
        c = e.cand
        if c.y is not None and c.m is not None and c.d is not None and not e.future and c.rel is None:
            try:
                g = full_date(c.until if c.until is not None and c.until.d is not None else c)
            except ValueError:
                continue
            if g <= now:
                explicit.append((g, e))
    latest = max(explicit, key=lambda t: t[0]) if explicit else None
    # 4. a day written without a year is the occurrence nearest "now"; a past one dates the article
    floor = max(bound[0] if bound else lo_floor, latest[0] if latest else lo_floor)
    recent: list[tuple[dt.date, Evidence]] = []
    for e in ev:
        c = e.cand
        if c.y is None and c.m is not None and c.d is not None and c.rel is None and not e.future:
            window = dt.timedelta(days=NEAREST_WINDOW_DAYS)
            days = candidate_days(c, max(floor, now - window), now + window)
            nearest = min(days, key=lambda d: abs((d - now).days), default=None)
            if nearest is not None and nearest <= now:
                recent.append((nearest, e))
    if recent:
        g, e = max(recent, key=lambda t: t[0])
        why = f"'{e.text}' has no year; its occurrence nearest {now} is past, so taken"
        if latest is not None:
            why += f" (later than the latest explicit date, '{latest[1].text}')"
        return DateValue(_iso(g), "day", e.cand.cal, True, why, CONF_NEAREST_PAST)
    if latest is not None:
        g, e = latest
        if bound is None or g >= bound[0]:
            return DateValue(_iso(g), "day", e.cand.cal, True, f"latest explicit date in the text: '{e.text}'", CONF_LATEST_EXPLICIT)
    # 5. a lower bound only: the article lies between it and now
    if bound is not None:
        start, prec, _, reason = bound
        width = {"year": 4, "month": 7}.get(prec, 10)  # isoformat pads early years (0822), strftime does not
        value = f"{start.isoformat()[:width]}/{now.isoformat()[:width]}"
        return DateValue(value, prec, "gregorian", True,
                         f"no dated day; {reason}, so the article is from {start.isoformat()[:width]} up to {now}", CONF_LOWER_BOUND)  # fmt: skip
    return None


def _supports(fits: list[list[dt.date]]) -> dict[dt.date, int]:
    """For each fitting day, how many mentions have a fit within :data:`EVENT_LAG_DAYS` before or on it.

    A sweep over the days each mention supports (the union of ``[x, x + lag]``
    over its fits), so ``n`` mentions cost ``n log n``, not ``n**2``.
    """
    lag, one = dt.timedelta(days=EVENT_LAG_DAYS), dt.timedelta(days=1)
    edges: list[tuple[dt.date, int]] = []
    for ds in fits:
        spans: list[list[dt.date]] = []
        for x in sorted(set(ds)):
            if spans and x <= spans[-1][1] + one:
                spans[-1][1] = max(spans[-1][1], x + lag)
            else:
                spans.append([x, x + lag])
        for lo, hi in spans:
            edges += [(lo, 1), (hi + one, -1)]
    edges.sort()
    out: dict[dt.date, int] = {}
    level = k = 0
    for d in sorted({d for ds in fits for d in ds}):
        while k < len(edges) and edges[k][0] <= d:
            level += edges[k][1]
            k += 1
        out[d] = level
    return out


def _years(days: list[dt.date]) -> str:
    ys = sorted({d.year for d in days}, reverse=True)
    shown = ", ".join(str(y) for y in ys[:4])
    return shown + (f" and {len(ys) - 4} earlier" if len(ys) > 4 else "")


def _conf(days: list[dt.date], bound: Bound | None) -> float:
    if len(days) == 1:
        return CONF_UNIQUE_FIT
    return CONF_FEW_FITS if len(days) <= 3 else CONF_MANY_FITS
