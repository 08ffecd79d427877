"""Calendar arithmetic, delegated to maintained libraries.

Solar Hijri (Jalali) goes through :mod:`jdatetime`; Hijri through
:mod:`hijridate` (Umm al-Qura, 1343–1500 AH) with :mod:`convertdate`'s
arithmetical Islamic calendar outside that range.
"""

from __future__ import annotations

import datetime as dt

import hijridate
import jdatetime
from convertdate import islamic

CALENDARS = ("gregorian", "jalali", "hijri")


def to_gregorian(cal: str, y: int, m: int, d: int) -> dt.date:
    """The Gregorian date of ``y-m-d`` in ``cal``; :class:`ValueError` if no such day."""
    if not 1 <= m <= 12:
        raise ValueError(f"month {m} does not exist")
    if cal == "gregorian":
        return dt.date(y, m, d)
    if cal == "jalali":
        return jdatetime.date(y, m, d).togregorian()
    if cal == "hijri":
        if 1343 <= y <= 1500:
            try:
                g = hijridate.Hijri(y, m, d).to_gregorian()
                return dt.date(g.year, g.month, g.day)
            except OverflowError as exc:
                raise ValueError(str(exc)) from exc
        if not 1 <= d <= islamic.month_length(y, m):
            raise ValueError(f"day {d} is out of range for Hijri month {m} of {y}")
        return dt.date(*islamic.to_gregorian(y, m, d))
    raise ValueError(f"unknown calendar {cal!r}")


def from_gregorian(cal: str, g: dt.date) -> tuple[int, int, int]:
    """``(year, month, day)`` of the Gregorian date ``g`` in ``cal``."""
    if cal == "gregorian":
        return g.year, g.month, g.day
    if cal == "jalali":
        j = jdatetime.date.fromgregorian(date=g)
        return j.year, j.month, j.day
    if cal == "hijri":
        if dt.date(1924, 8, 1) <= g <= dt.date(2077, 11, 16):
            h = hijridate.Gregorian(g.year, g.month, g.day).to_hijri()
            return h.year, h.month, h.day
        y, m, d = islamic.from_gregorian(g.year, g.month, g.day)
        return int(y), int(m), int(d)
    raise ValueError(f"unknown calendar {cal!r}")


def month_span(cal: str, y: int, m: int) -> tuple[dt.date, dt.date]:
    """First and last Gregorian day of month ``m`` of year ``y`` in ``cal``."""
    first = to_gregorian(cal, y, m, 1)
    ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
    return first, to_gregorian(cal, ny, nm, 1) - dt.timedelta(days=1)


def year_span(cal: str, y: int) -> tuple[dt.date, dt.date]:
    """First and last Gregorian day of year ``y`` in ``cal``."""
    return to_gregorian(cal, y, 1, 1), to_gregorian(cal, y + 1, 1, 1) - dt.timedelta(days=1)


def gregorian_year_range(cal: str, lo: int, hi: int) -> range:
    """The years of ``cal`` that overlap Gregorian years ``lo``..``hi``."""
    if cal == "jalali":
        return range(lo - 622, hi - 620)
    if cal == "hijri":
        return range(int((lo - 622) * 33 / 32) - 1, int((hi - 622) * 33 / 32) + 3)
    return range(lo, hi + 1)


def add_months(d: dt.date, n: int) -> dt.date:
    """``d`` shifted by ``n`` Gregorian months, day clipped to the month's end."""
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(y, m + 1, day)
        except ValueError:
            continue
    raise ValueError("unreachable")


def named_day(cal: str, m: int, d: int, y: int) -> dt.date:
    """The Gregorian day of a named day in year ``y`` of ``cal``.

    ``m > 0``: day ``d`` of month ``m``. ``m == 0``: a computed day, by ``d``:
    1 Western Easter (convertdate), 2 the eve of the last Wednesday of the
    Solar Hijri year (Chaharshanbe Suri), 3 the last Friday of Ramadan (Quds Day).
    """
    if m:
        return to_gregorian(cal, y, m, d)
    if d == 1:
        from convertdate import holidays

        return dt.date(*holidays.easter(y))
    if d == 2:
        last = to_gregorian("jalali", y + 1, 1, 1) - dt.timedelta(days=1)
        wednesday = last - dt.timedelta(days=(last.weekday() - 2) % 7)
        return wednesday - dt.timedelta(days=1)
    if d == 3:
        last = to_gregorian("hijri", y, 10, 1) - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.weekday() - 4) % 7)
    raise ValueError(f"unknown computed day {d}")
