"""The matcher: regular expressions built from :mod:`.tables`, then merges.

It works on a *view* of the text (see :func:`make_view`): letter variants,
digits and case folded one character for one, so view offsets are text
offsets (a map is kept only when harakat or tatweel had to be dropped).

Atomic patterns find dates, years, weekdays, relative phrases, durations,
clock times, seasons, centuries and sets. Overlaps keep the longest match.
Neighbours are then merged: a weekday before a date, a date with its other
calendar in brackets, two ends of a range, a date followed by a clock time.
Nothing is resolved here: a :class:`Cand` holds the parts as written.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TypeVar

from babel import Locale

from rasad.extract.time import tables as T

log = logging.getLogger(__name__)

_V = TypeVar("_V")

# ---------------------------------------------------------------- the view


def make_view(text: str) -> tuple[str, list[int] | None]:
    """The folded view of ``text`` and, when lengths differ, view→text offsets."""
    if not T.NEEDS_DROP.search(text):
        return text.translate(T.VIEW_TABLE), None
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch in T.DROPPED:
            continue
        chars.append(ch)
        index.append(i)
    index.append(len(text))
    return "".join(chars).translate(T.VIEW_TABLE), index


# ---------------------------------------------------------------- candidates


@dataclass(slots=True)
class Cand:
    """A matched expression, its parts as written (nothing resolved yet)."""

    start: int
    end: int
    kind: str  # date | time | duration | set | range
    cal: str = "unknown"
    y: int | None = None
    m: int | None = None
    d: int | None = None
    wd: int | None = None  # weekday, Monday = 0
    wd_dir: int | None = None  # weekday + "last"/"next"
    alt: Cand | None = None  # the same day in another calendar
    rel: tuple[str, float, int] | None = None  # (unit, count, direction)
    dur: str | None = None  # ISO 8601 duration or set value
    clock: tuple[int, int | None, int | None] | None = None  # hour, minute, second
    season: str | None = None
    century: int | None = None
    named: tuple[str, int, int] | None = None  # a named day: (calendar, month, day); month 0 is computed
    until: Cand | None = None  # the right end of a range
    today: bool = False  # "today, Wednesday 29 March": the article's own day
    year_explicit: bool = False
    notes: list[str] = field(default_factory=list)


def _alt(words: list[str]) -> str:
    """A regex alternation of folded words as a trie (fast, longest first); spaces flexible."""
    trie: dict[str, dict] = {}
    for w in {T.key(w) for w in words if w}:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict[str, dict]) -> str:
    branches = [(r"\s*" if ch == " " else re.escape(ch)) + _trie_regex(sub) for ch, sub in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{body})?"
    return body


LB = r"(?:(?<![^\W_])|(?<=(?<![^\W_])[وبلف]))"  # word start, Arabic proclitics allowed
#: Suffixes a ZWNJ may attach without making another word (ezafe, plural, copula, pronouns).
_ZWNJ_SUFFIX = "|".join(T.ZWNJ_SUFFIXES)
#: Word end. A ZWNJ followed by letters continues the word (هفته‌نامه "a weekly" is no
#: week) unless the letters are only a suffix (هفته‌ی، ماه‌ها، دقیقه‌ست).
RB = rf"(?![^\W_]|\u200c(?!(?:{_ZWNJ_SUFFIX})(?![^\W_]))[^\W\d_])"

_SPACES = re.compile(r"[\s\u200c]+")


def _compact(text: str) -> str:
    """``text`` without spaces or ZWNJ (how table keys are compared)."""
    return _SPACES.sub("", text)


def _rx(pattern: str) -> re.Pattern[str]:
    """Compile ``pattern`` with ``\\s`` also matching ZWNJ (the view keeps it)."""
    return re.compile(pattern.replace(r"\s", r"[\s\u200c]"))


@cache
def month_names() -> dict[str, list[tuple[str, int]]]:
    """Folded month name → [(calendar, month number)]."""
    out: dict[str, list[tuple[str, int]]] = {}

    def add(word: str, cal: str, num: int) -> None:
        k = T.key(word)
        if k and (cal, num) not in out.setdefault(k, []):
            out[k].append((cal, num))

    for loc in T.GREGORIAN_LOCALES:
        locale = Locale.parse(loc)
        for width in ("wide", "abbreviated"):
            for num, name in locale.months["format"][width].items():
                if width == "wide" or loc == "en":
                    add(name, "gregorian", num)
    for num, names in T.GREGORIAN_EXTRA.items():
        for name in names:
            add(name, "gregorian", num)
    for num, names in T.JALALI_MONTHS.items():
        for name in names:
            add(name, "jalali", num)
    for num, names in T.HIJRI_MONTHS.items():
        for name in names:
            add(name, "hijri", num)
    return out


@cache
def weekday_names() -> dict[str, int]:
    """Folded weekday name → weekday number (Monday = 0)."""
    out = {T.key(w): n for n, ws in T.WEEKDAYS.items() for w in ws}
    for loc in ("fa", "ar", "en"):
        days = Locale.parse(loc).days["format"]["wide"]
        for n, name in days.items():
            out[T.key(name)] = n
    return out


@dataclass(frozen=True)
class _Patterns:
    dmy: re.Pattern[str]
    mdy: re.Pattern[str]
    numeric: re.Pattern[str]
    year: re.Pattern[str]
    year_range: re.Pattern[str]
    relative: re.Pattern[str]
    quantity: re.Pattern[str]
    weekday: re.Pattern[str]
    clock: re.Pattern[str]
    season: re.Pattern[str]
    century: re.Pattern[str]
    every: re.Pattern[str]
    part: re.Pattern[str]
    nth: re.Pattern[str]
    named: re.Pattern[str]
    anaphor: re.Pattern[str]
    quarter: re.Pattern[str]


def _number_words_rx() -> str:
    """Persian number words composed with و: بیست و یک، سیصدوپنج، دو هزار و بیست."""
    atom = _alt(list(T.persian_number_atoms()))
    atom_k = rf"{atom}(?:\s*هزار)?"
    return rf"(?:{atom_k}(?:\s*و\s*{atom_k})*)(?![^\W_])"


@cache
def _atom_rx() -> re.Pattern[str]:
    return re.compile(_alt(list(T.persian_number_atoms())))


def words_number(text: str) -> int | None:
    """The value of Persian number words (``هزار و سیصد و شصت و چهار`` → 1364), or None."""
    s = _compact(T.key(text))
    atoms_ = T.persian_number_atoms()
    total = cur = pos = 0
    seen = False
    while pos < len(s):
        m = _atom_rx().match(s, pos)
        if m is None:
            if s[pos] != "و" or not seen:
                return None
            pos += 1
            continue
        v = atoms_[m.group(0)]
        if v == 1000:
            total += (cur or 1) * 1000
            cur = 0
        else:
            cur += v
        seen, pos = True, m.end()
    return total + cur if seen else None


@cache
def patterns() -> _Patterns:
    """Compile the grammar once per process."""
    month = _alt(list(month_names()))
    ordinal = _alt(list(T.day_ordinals()))
    wday = _alt(list(weekday_names()))
    suffix = _alt(list(T.YEAR_SUFFIX))
    yword = _alt(T.YEAR_WORDS)
    prep = _alt(T.TIME_PREPOSITIONS)
    units = _alt(list(T.UNITS))
    words = _number_words_rx()
    card = rf"(?:{words}|{_alt(list(T.cardinals()) + T.VAGUE_QUANTITIES)})"
    direction = _alt(list(T.AFTER_UNIT_DIRECTION))
    before = _alt(list(T.BEFORE_NUMBER_DIRECTION))
    joiner = r"(?:-|/|تا|الی|لغایت|الى|حتی|و|to|until)"
    opener = _alt(T.RANGE_OPENERS)
    day_card = _alt([w for w, n in T.cardinals().items() if isinstance(n, int) and 1 <= n <= 31])
    day = rf"(?:\d{{1,2}}(?!\d)|{ordinal}(?:ین(?=\s*روز))?{RB}|{day_card}{RB})"
    year_part = rf"(?:\s*[,،]?\s*(?:(?:{yword})\s+)?(?:(?P<year>\d{{4}}|\d{{2}})(?!\d)|(?P<wyear>{words}))(?:\s*(?P<ysuf>{suffix}){RB})?)?"
    dmy = (
        rf"{LB}(?:(?P<day>{day})(?:\s*{joiner}\s*(?P<day2>{day}))?(?:\s*(?:ام|م)?{RB})?"
        rf"(?:\s*روز(?:\s+از)?{RB})?\s*(?:من\s+)?)?(?P<mw>(?:ماه|شهر)\s+(?:(?:مبارک|المبارک)\s+)?)?"
        rf"(?P<mon>{month})(?P<mah>\s*ماه)?(?![^\W\d_])"
        rf"(?:\s*(?:\(\s*(?P<alt1>{month})\s*\)|(?P<alt2>{month}){RB}))?"
        + year_part
    )
    mdy = rf"{LB}(?P<mon>{month})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*[,،]\s*(?P<year>\d{{4}}){RB}"
    numeric = (
        rf"(?<![\d.:/\\-])(?P<a>\d{{1,4}})\s*(?P<s>[-/.\\])\s*(?P<b>\d{{1,2}})\s*(?P=s)\s*(?P<c>\d{{1,4}})"
        rf"(?![\d]|\s*[-/.:]\s*\d)(?:\s*(?P<ysuf>{suffix}){RB})?"
    )
    year = (
        rf"{LB}(?:(?P<yw>{yword})\s+|(?P<prep>{prep})\s+)?(?:(?P<year>\d{{4}}|\d{{1,3}})|(?P<wyear>{words}))"
        rf"(?!\d|\s*[-/.:]\s*\d)"
        rf"(?:\s*(?P<ysuf>{suffix}){RB})?"
    )
    year_range = (
        rf"{LB}(?:(?P<op>{opener})\s+)?(?:(?P<yw>{yword})\s+)?(?P<y1>\d{{4}}|(?<=\s)\d{{2}})\s*"
        rf"(?P<j>-|/|تا|الی|لغایت|الى|إلى|و|to|(?<=\s))\s*(?:(?:{yword})\s+)?(?P<y2>\d{{4}}|\d{{2}})(?!\d)"
        rf"(?:\s*(?P<ysuf>{suffix}){RB})?"
    )
    relative = (
        rf"{LB}(?:(?P<rd>{_alt(list(T.RELATIVE_DAYS))})|(?P<ry>{_alt(list(T.RELATIVE_YEARS))})"
        rf"|(?P<this>{_alt(T.THIS_WORDS)})\s+(?:ال)?(?P<tu>{units})"
        rf"|(?:ال)?(?P<u>{units})(?:\s*ی)?\s+(?P<dir>{direction})"
        rf"|(?P<mod>{_alt(T.PERIOD_MODIFIERS)})\s+(?P<cu>{_alt(T.CURRENT_PERIOD_WORDS)})"
        rf"(?:\s+(?:{_alt(T.CURRENT_PERIOD_AFTER)}))?(?!\s*(?:\d|{words}|(?:ی\s+)?{direction}))){RB}"
    )
    quantity = (
        rf"{LB}(?<![:/])(?:(?P<pre>{before})\s+)?(?:(?:(?P<n1>\d+(?:\.\d+)?|{card})\s*(?:تا|الی|یا|-|الى|او)\s*)?"
        rf"(?P<n>\d+(?:\.\d+)?|{card})(?P<half0>\s*و\s*نیم)?\s*(?P<u>{units})(?P<usuf>ه|ی)?(?P<half>\s*و\s*نیم)?"
        rf"|(?P<du>{_alt([w for w, (_, c) in T.UNITS.items() if c == 2])})"
        rf"|(?:ال)?(?P<pu>{units})\s+(?P<adj>{_alt(list(T.arabic_adjectival_numbers()))}))"
        rf"{RB}(?:(?:\s*ی)?\s+(?P<dir>{direction}){RB})?"
    )
    weekday = (
        rf"{LB}(?:(?:روز|یوم|صباح|مساء|ظهر|لیله|بامداد|صبح|عصر|شب)\s+)?(?P<wd>{wday}){RB}"
        rf"(?:\s+(?P<dir>{direction}){RB})?"
    )
    cw = _alt(T.CLOCK_WORDS)
    hour_word = _alt([w for w, n in T.cardinals().items() if isinstance(n, int) and 1 <= n <= 24])
    minute_word = _alt([w for w, n in T.cardinals().items() if isinstance(n, int) and 1 <= n <= 59])
    clock = (
        rf"(?<![^\W\d_])(?:(?:(?:{cw})\s*(?P<h>\d{{1,2}})\s*:\s*(?P<mi>\d{{1,2}})"
        rf"|(?P<h3>\d{{1,2}})\s*:\s*(?P<mi3>\d{{2}}))(?!\d)"
        rf"(?:\s*:\s*(?P<sec>\d{{2}})(?!\d))?"
        rf"|(?:(?:{cw})\s*)+(?P<h2>\d{{1,2}}|{hour_word})\s*و\s*(?P<mi2>\d{{1,2}}|{minute_word})\s*(?:دقیقه|دقيقة)"
        rf"(?:\s*و\s*(?P<sec2>\d{{1,2}}|{minute_word})\s*(?:ثانیه|ثانية))?"
        rf"|(?:{cw})\s*(?P<h4>\d{{1,2}}|{hour_word}{RB})(?!\d|\s*[:.]\s*\d|\s*و\s*\d|\s*(?:دقیقه|دقيقة))"
        rf"(?P<half4>\s*و\s*(?:نیم|سه\s*ربع|ربع)(?![^\W_]))?"
        rf"|(?:(?:{cw})\s*)?(?:یک\s*)?ربع\s*به\s*(?P<h6>\d{{1,2}}(?!\d)|{hour_word}{RB})"
        rf"|(?<!\d)(?P<h5>\d{{1,2}}|{hour_word}{RB})(?P<half5>\s*و\s*(?:نیم|سه\s*ربع|ربع))?(?=\s*(?:{_alt(T.BARE_HOUR_PERIODS)})(?![^\W_])))"
        rf"(?:\s*(?P<per>{_alt(list(T.DAY_PERIODS))})(?![^\W_]))?"
    )
    season = (
        rf"{LB}(?P<fasl>(?:فصل|موسم)\s+)?(?P<s>{_alt(list(T.SEASONS))}){RB}"
        rf"(?:\s+(?:(?:{yword})\s+)?(?P<year>\d{{4}}){RB})?"
    )
    century = (
        rf"{LB}(?:(?:ال)?(?:قرن|سده){RB}\s+(?P<o>{_alt(list(T.ordinal_words()))}|\d{{1,2}})(?:ین)?{RB}"
        rf"|(?:دهه|عقد)(?:\s*های|\s*هاي)?\s+(?P<dec>\d{{4}}|\d{{2}}(?!\d)|{_alt(list(T.DECADE_WORDS))}{RB})"
        rf"|(?:ال)?(?:دهه|عقد)\s+(?P<do>{_alt(list(T.ordinal_words(10)))}){RB}\s+(?:من\s+)?(?:ال)?(?:قرن|سده){RB}"
        rf"(?:\s+(?P<co>{_alt(list(T.ordinal_words()))}|\d{{1,2}})(?:ین)?{RB})?)"
        rf"(?:\s+(?P<ysuf>{suffix}){RB})?(?:\s+(?:{_alt(T.CURRENT_CENTURY_WORDS)}){RB})?"
    )
    every = (
        rf"{LB}(?:(?P<ev>{_alt(T.EVERY_WORDS)})\s+(?:(?P<u>{units})|(?P<wd>{wday})){RB}"
        rf"|(?P<adv>{_alt(list(T.SET_ADVERBS))}){RB}"
        rf"|(?P<fu>{units})(?:ی|\s*ای)\s+(?:\d+|{card})\s*(?:{_alt(T.TIMES_WORDS)}){RB}"
        rf"|(?P<bu>{units})\s+به\s+(?P<bu2>{units}){RB}"
        rf"|(?:یک|هر)\s+(?P<ou>{units})\s+(?:{_alt(T.EVERY_OTHER)}){RB}"
        rf"|(?P<dw>{_alt(list(T.DURATION_WORDS))}){RB})"
    )
    part = rf"{LB}(?P<p>{_alt(list(T.DAY_PARTS))}){RB}"
    nth_words = [w for w in T.ordinal_words(99) if w.endswith("مین")] + T.hundreds_ordinals()
    nth = rf"{LB}(?P<nth>{_alt(nth_words)}|\d{{1,4}}\s*(?:امین|مین))\s+(?P<nu>{_alt(T.NTH_UNITS)}){RB}"
    named = (
        rf"{LB}(?:(?P<cue>{_alt(T.NAMED_DAY_CUES)})\s+)?(?:(?P<nd>{_alt(list(named_days()))})"
        rf"|(?P<md>{_alt(T.MONTHLY_DAYS)})(?:\s+(?:ماه\s+|شهر\s+)?(?P<mon>{month}))?){RB}"
        rf"(?:\s+(?:(?:{yword})\s+)?(?P<year>\d{{4}}|\d{{2}})(?!\d)(?:\s*(?P<ysuf>{suffix}){RB})?)?"
    )
    anaphor = (
        rf"{LB}(?:(?P<ab>{_alt(T.ANAPHOR_BEFORE)})\s+(?P<au>{_alt(list(T.ANAPHOR_UNITS))})"
        rf"(?P<apl>\s*ها(?:ی|یی)?)?(?P<asuf>ی)?"
        rf"|(?P<au2>{_alt(list(T.ANAPHOR_UNITS))})\s+(?:{_alt(T.ANAPHOR_AFTER)})){RB}"
    )
    rel_year = _alt(list(T.RELATIVE_YEARS))
    quarter = (
        rf"{LB}(?P<qw>{_alt(T.QUARTER_WORDS)})(?:\s*ی)?\s+(?P<qo>{_alt(list(T.QUARTER_ORDINALS))}){RB}"
        rf"(?:\s+(?:من\s+|از\s+)?(?:(?P<qry>{rel_year})|(?:{yword}|السنة)(?:\s+(?P<qdir>{direction})"
        rf"|\s+(?P<year>\d{{4}})(?!\d)(?:\s*(?P<ysuf>{suffix})(?![^\W_]))?)?){RB})"
    )
    return _Patterns(*(_rx(p) for p in (
        dmy, mdy, numeric, year, year_range, relative, quantity, weekday, clock, season,
        century, every, part, nth, named, anaphor, quarter,
    )))  # fmt: skip


@cache
def named_days() -> dict[str, tuple[str, int, int, bool]]:
    """Folded named-day name → (calendar, month, day, needs a day word before it)."""
    out: dict[str, tuple[str, int, int, bool]] = {}
    for names, cal, mon, day in T.NAMED_DAYS:
        for name in names:
            weak = name.startswith("?")
            out[T.key(name.lstrip("?"))] = (cal, mon, day, weak)
    return out


# ---------------------------------------------------------------- helpers

_AFTER_MAH = _rx(r"\s*ماه")
_TRAILING_YEAR_WORD = _rx(rf"(?<![^\W_])(?:{_alt(T.YEAR_WORDS)})\s*$")
_PREFIX_CUE = _rx(rf"(?:{_alt(T.TIME_PREPOSITIONS)}|ماه|شهر)\s*$")


_COMPACT: dict[int, dict[str, object]] = {}
_AMBIGUOUS = frozenset(w.replace(" ", "") for w in T.AMBIGUOUS_MONTHS)
_ORDINALS_COMPACT = frozenset(w.replace(" ", "") for w in T.day_ordinals())
_CARDINALS_COMPACT = frozenset(w.replace(" ", "") for w in T.cardinals())
_VAGUE = frozenset(w.replace(" ", "") for w in T.VAGUE_QUANTITIES)
#: Direction words that make "N units ..." a point in time rather than a span.
_PREPOSITION_AZ = _rx(r"\s*از(?![^\W_])")
_POINT_WORDS = frozenset(T.key(w) for w in ("پیش", "قبل", "ago", "بعد", "دیگر", "later"))


def lookup(table: dict[str, _V], matched: str) -> _V:
    """``table[matched]``, ignoring the spaces the patterns allow inside words."""
    compact = _COMPACT.get(id(table))
    if compact is None:
        compact = _COMPACT[id(table)] = {k.replace(" ", ""): v for k, v in table.items()}
    return compact[_compact(matched)]  # type: ignore[return-value]


def _int_or_ordinal(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    for table, word in ((T.day_ordinals(), s), (T.day_ordinals(), s.removesuffix("ین")), (T.cardinals(), s)):
        try:
            n = lookup(table, word)
        except KeyError:
            continue
        return int(n) if float(n).is_integer() else None
    return None


def _is_word_day(s: str | None) -> bool:
    if not s or s.isdigit():
        return False
    compact = _compact(s)
    return compact not in _ORDINALS_COMPACT and compact.removesuffix("ین") not in _ORDINALS_COMPACT


def _suffix_cal(s: str | None) -> str | None:
    return lookup(T.YEAR_SUFFIX, s) if s else None


def _two_digit_year(y: int, cal: str) -> int:
    """A two-digit year read in ``cal`` (Solar Hijri news write ۹۵ for 1395)."""
    if cal == "jalali":
        return 1300 + y if y >= 40 else 1400 + y
    if cal == "hijri":
        return 1400 + y if y < 60 else 1300 + y
    return 2000 + y if y < 40 else 1900 + y


def _plausible_year(y: int, cal: str, explicit: bool = False) -> bool:
    """A year a text would mean; ``explicit`` (a calendar word follows) allows early ones."""
    if explicit:
        return 1 <= y <= (2200 if cal == "gregorian" else 1600)
    return {"gregorian": 1000 <= y <= 2200, "jalali": 1200 <= y <= 1600, "hijri": 1200 <= y <= 1600}.get(
        cal, False
    )


def _year_cal(y: int, lang: str | None) -> str:
    """The calendar a bare four-digit year is most likely in."""
    if 1300 <= y <= 1499:
        return "hijri" if lang == "ar" else "jalali"
    return "gregorian"


# ---------------------------------------------------------------- atoms


def _dmy(m: re.Match[str], view: str, lang: str | None) -> Cand | None:
    names = lookup(month_names(), m.group("mon"))
    day = _int_or_ordinal(m.group("day")) if m.group("day") else None
    day2 = _int_or_ordinal(m.group("day2")) if m.group("day2") else None
    if m.group("day") and day is None:
        return None
    ysuf = _suffix_cal(m.group("ysuf"))
    cal, num = names[0]
    if len(names) > 1:  # a word naming months in two systems: prefer the text's language
        pref = "jalali" if lang == "fa" else "gregorian"
        cal, num = next(((c, n) for c, n in names if c == pref), names[0])
    if ysuf and any(c == ysuf for c, _ in names):
        cal, num = next((c, n) for c, n in names if c == ysuf)
    end = m.end()
    year: int | None = None
    if m.group("wyear"):  # written out: می دو هزار و بیست و یک
        wy = words_number(m.group("wyear"))
        if wy is not None and wy >= 1000 and _plausible_year(wy, cal):
            year = wy
        else:
            end = _rstrip(view, m.start(), m.start("wyear"))
            trailing = _TRAILING_YEAR_WORD.search(view, m.start(), end)
            if trailing:
                end = _rstrip(view, m.start(), trailing.start())
    elif m.group("year"):
        ytxt = m.group("year")
        if len(ytxt) == 2 and cal != "jalali":
            end = m.start("year")  # "30 May 14 ..." is not a year
        else:
            year = int(ytxt) if len(ytxt) == 4 else _two_digit_year(int(ytxt), cal)
            if not _plausible_year(year, cal):
                year, end = None, m.start("year")
    if year is None and m.group("year"):
        end = _rstrip(view, m.start(), end)
        trailing = _TRAILING_YEAR_WORD.search(view, m.start(), end)
        if trailing:
            end = _rstrip(view, m.start(), trailing.start())
    key_mon = _compact(m.group("mon"))
    small_word_day = _is_word_day(m.group("day")) and (day or 0) < WORD_DAY_UNAMBIGUOUS
    if small_word_day and key_mon in _AMBIGUOUS and year is None and not m.group("mah"):
        return None  # "یک دی جی" is no date: a cardinal-word day before an everyday word needs a year
    if key_mon == "می" and year is None:
        return None  # "می" is also the Persian verb prefix: ask for a year
    if m.group("mw") and m.group("mw").startswith("شهر") and lang == "fa":
        return None
    has_context = day is not None or year is not None or m.group("mw") is not None
    if not has_context:
        before = view[max(0, m.start() - 12) : m.start()]
        weak = key_mon in _AMBIGUOUS or cal == "hijri"
        after_mah = bool(_AFTER_MAH.match(view, m.end("mon"))) or _month_context(m, view, cal)
        if weak and not after_mah:
            return None
        if not weak and not _PREFIX_CUE.search(before) and not after_mah:
            return None
    if day is not None and not 1 <= day <= 31:
        return None
    c = Cand(m.start(), end, "date", cal=cal, y=year, m=num, d=day, year_explicit=year is not None)
    alt_txt = m.group("alt1") or m.group("alt2")
    if alt_txt:
        alt_names = [x for x in lookup(month_names(), alt_txt) if x != (cal, num)]
        if alt_names:
            acal, anum = alt_names[0]
            c.alt = Cand(m.start(), end, "date", cal=acal, y=None, m=anum, d=day)
    if day2 is not None and day is not None and day2 > day:
        c.kind = "range"
        c.until = replace(c, kind="date", d=day2, until=None)
    return c


#: A cardinal-word day from this value on is a day even before an everyday month word
#: (بیست و دو مهر); smaller ones need a year ("یک دی جی").
WORD_DAY_UNAMBIGUOUS = 11
_SAME_YEAR_AFTER = _rx(rf"\s+(?:{_alt(T.SAME_YEAR_AFTER)}){RB}")


@cache
def _month_pair_rx() -> tuple[re.Pattern[str], re.Pattern[str]]:
    month = _alt(list(month_names()))
    joiner = r"(?:-|/|تا|الی|و|یا)"
    return _rx(rf"\s*{joiner}\s*(?P<mon>{month})(?![^\W\d_])"), _rx(rf"(?<![^\W_])(?P<mon>{month})\s*{joiner}\s*$")


def _month_context(m: re.Match[str], view: str, cal: str) -> bool:
    """A bare month word is a month beside a period modifier (اواسط آذر), another
    month of its calendar (مهر - آبان) or a year named before (آبان همان سال)."""
    if _MODIFIER_BEFORE.search(view, max(0, m.start() - 14), m.start()) or _SAME_YEAR_AFTER.match(view, m.end("mon")):
        return True
    after_rx, before_rx = _month_pair_rx()
    other = after_rx.match(view, m.end("mon")) or before_rx.search(view, max(0, m.start() - 20), m.start())
    if other is None:
        return False
    names = lookup(month_names(), other.group("mon"))
    return any(c == cal for c, _ in names) and _compact(other.group("mon")) != _compact(m.group("mon"))


def _rstrip(view: str, start: int, end: int) -> int:
    while end > start and (view[end - 1].isspace() or view[end - 1] in ",،"):
        end -= 1
    return end


def _mdy(m: re.Match[str], view: str, lang: str | None) -> Cand | None:
    names = lookup(month_names(), m.group("mon"))
    cal, num = names[0]
    day, year = int(m.group("day")), int(m.group("year"))
    if not 1 <= day <= 31 or not _plausible_year(year, cal):
        return None
    return Cand(m.start(), m.end(), "date", cal=cal, y=year, m=num, d=day, year_explicit=True)


def _numeric(m: re.Match[str], view: str, lang: str | None) -> Cand | None:
    a, b, c = m.group("a"), int(m.group("b")), m.group("c")
    if len(a) == 4:
        y, mo, d = int(a), b, int(c)
    elif len(c) == 4:
        y, mo, d = int(c), b, int(a)
        if mo > 12 and d <= 12:  # month-first (US) order
            mo, d = d, mo
    elif len(c) == 2 and len(a) <= 2 and m.group("s") in "/." and lang == "fa":
        y, mo, d = _two_digit_year(int(c), "jalali"), b, int(a)
    elif len(a) == 2 and int(a) > 31 and len(c) <= 2 and lang == "fa":  # ۹۵.۹.۶
        y, mo, d = _two_digit_year(int(a), "jalali"), b, int(c)
    else:
        return None
    cal = _suffix_cal(m.group("ysuf")) or _year_cal(y, lang)
    if cal == "bce" or not _plausible_year(y, cal, bool(m.group("ysuf"))) or not (1 <= mo <= 31 and 1 <= d <= 31):
        return None
    return Cand(m.start(), m.end(), "date", cal=cal, y=y, m=mo, d=d, year_explicit=True)


#: ``ساعت N شب`` below this hour is after midnight (۲ شب = 02:00), not 14:00.
NIGHT_AFTER_MIDNIGHT = 5
_NUMBER_BEFORE = _rx(rf"(?:\d|(?<![^\W_])(?:{_alt(list(T.cardinals()))}))\s*$")
_RELDAY_AFTER = _rx(rf"\s+(?:{_alt(list(T.RELATIVE_DAYS))}){RB}")
_RELDAY_BEFORE = _rx(rf"(?<![^\W_])(?:{_alt(list(T.RELATIVE_DAYS))}|{_alt(list(weekday_names()))})\s+$")
_LIST_GOES_ON = _rx(r"\s*(?:و|،|,)\s*\d{4}")
_CLAUSE_END = _rx(r"\s*(?:[،,.؛;:)»\]!?؟]|$)")
_QUANTITY_BEFORE = _rx(rf"(?:{_alt(T.QUANTITY_WORDS)})\s*$")


_YEAR_NOUN_BEFORE = _rx(rf"(?<![^\W_])(?:{_alt(T.YEAR_NOUNS)})\s*$")
_AMOUNT_AFTER = _rx(rf"\s*(?:{_alt(T.AMOUNT_AFTER)}){RB}")
_TWO_DIGIT_NOUN_BEFORE = _rx(rf"(?<![^\W_])(?:{_alt(T.TWO_DIGIT_YEAR_NOUNS)})\s*$")
#: One-letter calendar abbreviations that are no unit of measure (ق = قمری, ش = شمسی).
_LETTER_CALENDARS = frozenset(T.key(w) for w in ("ق", "ش"))


_PAIR_AFTER = _rx(r"\s*(?:یا|و|/|\(|،|,)\s*(\d{4})(?!\d)")
_PAIR_BEFORE = _rx(r"(?<!\d)(\d{4})\s*(?:یا|و|/|\)|،|,)?\s*$")
#: Solar Hijri year + this = the Gregorian year it mostly overlaps.
JALALI_OFFSET = 621


def _year_pair(m: re.Match[str], view: str) -> bool:
    """A number beside the same year in the other calendar (۱۳۹۳ یا ۲۰۱۴، 2014 (1393)) is a year."""
    y = m.group("year")
    if not y or len(y) != 4:
        return False
    other = _PAIR_AFTER.match(view, m.end()) or _PAIR_BEFORE.search(view, max(0, m.start() - 10), m.start())
    if other is None:
        return False
    a, b = sorted((int(y), int(other.group(1))))
    return 1300 <= a <= 1499 and 1900 <= b <= 2100 and abs(a + JALALI_OFFSET - b) <= 1


def _bare_year_ok(m: re.Match[str], view: str) -> bool:
    """A bare 19xx/20xx number ending a clause ("after the 2008 war.") reads as a year."""
    y = m.group("year")
    if len(y) != 4 or not 1900 <= int(y) <= 2100:
        return False
    if not _CLAUSE_END.match(view, m.end()):
        return False
    return not _QUANTITY_BEFORE.search(view, max(0, m.start() - 16), m.start())


def _year(m: re.Match[str], view: str, lang: str | None) -> Cand | None:
    ysuf = _suffix_cal(m.group("ysuf"))
    yw = m.group("yw")
    if m.group("wyear"):  # written out: سال هزار و سیصد و شصت و چهار
        wy = words_number(m.group("wyear"))
        if not yw or wy is None or wy < 1000:
            return None
        cal = ysuf or _year_cal(wy, lang)
        return Cand(m.start(), m.end(), "date", cal=cal, y=wy, year_explicit=True) if _plausible_year(wy, cal) else None
    ytxt = m.group("year")
    noun = _YEAR_NOUN_BEFORE.search(view, max(0, m.start() - 24), m.start()) and not _AMOUNT_AFTER.match(view, m.end())
    if not (yw or ysuf or m.group("prep") or noun or _bare_year_ok(m, view) or _year_pair(m, view)):
        return None
    # a calendar word (not a one-letter abbreviation: "۵۰۰ م" is 500 metres) allows early years
    sufw = _compact(m.group("ysuf")) if ysuf else ""
    explicit = bool(ysuf and (yw or len(sufw) >= 3 or sufw in _LETTER_CALENDARS))
    if len(ytxt) in (1, 3) and not explicit:
        return None
    if ysuf == "bce":  # سال ۷۷۶ قبل از میلاد
        if not explicit:
            return None
        return Cand(m.start("year") if not yw else m.start(), m.end(), "date", cal="gregorian", y=-int(ytxt),
                    year_explicit=True)  # fmt: skip
    if len(ytxt) == 2:
        # سال ۹۹؛ انتخابات ۹۶؛ از ۹۲ تا کنون: a two-digit Solar Hijri year needs one of these cues
        since = m.group("prep") and _compact(m.group("prep")) == "از" and _UNTIL_NOW.match(view, m.end())
        noun2 = _TWO_DIGIT_NOUN_BEFORE.search(view, max(0, m.start() - 24), m.start()) and not _AMOUNT_AFTER.match(
            view, m.end()
        )
        if not (yw or since or noun2) or lang != "fa":
            return None
        cal = ysuf or "jalali"
        y = _two_digit_year(int(ytxt), cal)
    else:
        y = int(ytxt)
        cal = ysuf or _year_cal(y, lang)
    if not _plausible_year(y, cal, explicit):
        return None
    if not yw and not ysuf and not (1900 <= y <= 2100 or 1300 <= y <= 1499):
        return None
    start = m.start("year") if not yw else m.start()
    return Cand(start, m.end(), "date", cal=cal, y=y, year_explicit=True)


def _year_range(m: re.Match[str], view: str, lang: str | None) -> Cand | None:
    y1t, y2t = m.group("y1"), m.group("y2")
    if not m.group("j") and (
        not (len(y1t) == len(y2t) == 4 and 1900 <= int(y1t) < int(y2t) <= 2100)
        or m.group("yw") or _LIST_GOES_ON.match(view, m.end())
    ):  # fmt: skip
        return None  # two years side by side ("1939 1945"), modern and in order, not a list of years
    if len(y1t) == 2:
        if not (m.group("yw") and lang == "fa" and len(y2t) == 2):
            return None
        y1, y2 = _two_digit_year(int(y1t), "jalali"), _two_digit_year(int(y2t), "jalali")
    else:
        y1 = int(y1t)
        y2 = int(y2t) if len(y2t) == 4 else (y1 // 100) * 100 + int(y2t)
    cal = _suffix_cal(m.group("ysuf")) or _year_cal(y1, lang)
    if not (_plausible_year(y1, cal) and y1 < y2 <= y1 + 200):
        return None
    if not (m.group("op") or m.group("yw") or m.group("ysuf")) and not (1900 <= y1 <= 2100):
        return None
    left = Cand(m.start(), m.end(), "date", cal=cal, y=y1, year_explicit=True)
    right = Cand(m.start(), m.end(), "date", cal=cal, y=y2, year_explicit=True)
    left.kind, left.until = "range", right
    return left


_SAME_DAY_BEFORE = _rx(rf"(?<![^\W_])(?:{_alt(T.SAME_DAY_CUES)})\s*$")
_NOT_WEEKDAY_BEFORE = _rx(rf"(?<![^\W_])(?:{_alt(T.NOT_WEEKDAY_BEFORE)})\s+$")
_NOT_TODAY_BEFORE = _rx(rf"(?:{_alt(T.NOT_TODAY_BEFORE)})\s+$")
_NOT_TODAY_AFTER = _rx(rf"\s+(?:{_alt(T.NOT_TODAY_AFTER)}){RB}")


def _relative(m: re.Match[str], view: str, lang: str | None) -> Cand | None:
    if m.group("rd"):
        if _compact(m.group("rd")) == "الیوم" and (
            _NOT_TODAY_BEFORE.search(view, max(0, m.start() - 8), m.start()) or _NOT_TODAY_AFTER.match(view, m.end())
        ):
            return None  # "ذلك اليوم", "اليوم التالي", "في اليوم الواحد": "the day", not today
        offset = lookup(T.RELATIVE_DAYS, m.group("rd"))
        c = Cand(m.start(), m.end(), "date", rel=("D", 1, offset))
        c.today = offset == 0
        return c
    if m.group("ry"):
        return Cand(m.start(), m.end(), "date", rel=("Y", 1, lookup(T.RELATIVE_YEARS, m.group("ry"))))
    if m.group("mod"):  # "اواخر سال", "نهاية الشهر": part of the current year or month
        unit = lookup(T.CURRENT_PERIOD_WORDS, m.group("cu"))
        if _foreign_unit(m.group("cu"), lang):
            return None
        c = Cand(m.start(), m.end(), "date", rel=(unit, 1, 0))
        c.notes.append("modified:" + m.group("mod"))
        return c
    if m.group("this"):
        if _foreign_unit(m.group("tu"), lang):
            return None
        unit = lookup(T.UNITS, m.group("tu"))[0]
        if _compact(m.group("tu")).startswith("شب"):
            return None  # "این شب" is "this night" of whatever the text speaks of
        return Cand(m.start(), m.end(), "date", rel=(unit, 1, 0)) if unit in "YMWD" else None
    unit = lookup(T.UNITS, m.group("u"))[0]
    d = lookup(T.AFTER_UNIT_DIRECTION, m.group("dir"))
    if _compact(m.group("dir")) in _POINT_WORDS and _PREPOSITION_AZ.match(view, m.end()):
        return None  # "روز بعد از انتخابات": "the day after the election", not "tomorrow"
    if unit not in ("Y", "M", "W", "D") or _foreign_unit(m.group("u"), lang):
        return None
    if _compact(m.group("u")) in T.PLURAL_UNITS:  # "recent years": a vague span
        c = Cand(m.start(), m.end(), "duration", dur=duration_value(unit, None))
        c.notes.append("past" if d < 0 else "future" if d > 0 else "current")
        return c
    return Cand(m.start(), m.end(), "date", rel=(unit, 1, d))


def duration_value(unit: str, n: float | None) -> str:
    """ISO 8601 duration for ``n`` units (``X`` for an unknown count)."""
    if unit == "DEC":
        unit, n = "Y", None if n is None else n * 10
    elif unit == "CEN":
        unit, n = "Y", None if n is None else n * 100
    count = "X" if n is None else (str(int(n)) if float(n).is_integer() else str(n))
    if unit == "H":
        return f"PT{count}H"
    if unit == "MIN":
        return f"PT{count}M"
    if unit == "S":
        return f"PT{count}S"
    return f"P{count}{unit}"


def _foreign_unit(word: str, lang: str | None) -> bool:
    """An Arabic unit word in Persian text (شهر is "city" there)."""
    return lang == "fa" and _compact(word) in T.ARABIC_ONLY_UNITS


def _number(text: str) -> int:
    """An integer written in digits or words."""
    if text.isdigit():
        return int(text)
    try:
        return int(lookup(T.cardinals(), text))
    except KeyError:
        n = words_number(text)
        if n is None:
            raise
        return n


def _count(text: str) -> float | None:
    """A count written in digits or words; None for a vague one ("several")."""
    raw = _compact(text)
    if raw in _VAGUE:
        return None
    if raw.replace(".", "", 1).isdigit():
        return float(raw)
    return float(_number(raw)) if raw not in _CARDINALS_COMPACT else float(lookup(T.cardinals(), raw))


def _quantity(m: re.Match[str], view: str, lang: str | None) -> Cand | None:
    n: float | None
    if any(m.group(g) and _foreign_unit(m.group(g), lang) for g in ("u", "du", "pu")):
        return None
    if m.group("usuf") and (lang == "ar" or _compact(m.group("u")) in T.ARABIC_ONLY_UNITS):
        return None  # ساله، روزی، ساعتی: Persian adjective/indefinite suffixes
    if m.group("du"):
        unit, n = lookup(T.UNITS, m.group("du"))
    elif m.group("pu"):
        unit = lookup(T.UNITS, m.group("pu"))[0]
        n = lookup(T.arabic_adjectival_numbers(), m.group("adj"))
    else:
        unit = lookup(T.UNITS, m.group("u"))[0]
        n = _count(m.group("n"))
        if _compact(m.group("u")) == "شب" and not m.group("dir") and not m.group("n1") and (
            n == 1 or (m.group("n").isdigit() and not m.group("usuf") and (n or 0) <= 12)
        ):
            return None  # "یک شب" is "one night" (some night); "۱۰ شب" may be 10 p.m.
        if n is not None and (m.group("half") or m.group("half0")):
            n += 0.5
        low = _count(m.group("n1")) if m.group("n1") else None
        if low is not None and n is not None and low < n:  # "30 to 60 minutes": min/max
            c = Cand(m.start(), m.end(), "duration", dur=f"{duration_value(unit, low)}/{duration_value(unit, n)}")
            return c
    pre = lookup(T.BEFORE_NUMBER_DIRECTION, m.group("pre")) if m.group("pre") else None
    dword = _compact(m.group("dir")) if m.group("dir") else None
    direction = lookup(T.AFTER_UNIT_DIRECTION, dword) if dword else None
    start = m.start()
    if unit in ("DEC", "CEN") and n is not None and (pre in (-1, 1) or dword in _POINT_WORDS):
        unit, n = "Y", n * (10 if unit == "DEC" else 100)  # "eight decades ago"
    if pre in (-1, 1) and n is not None and unit in ("Y", "M", "W", "D", "H", "MIN"):
        return Cand(start, m.end(), "date", rel=(unit, n, pre))
    if dword in _POINT_WORDS and n is not None and unit in ("Y", "M", "W", "D", "H", "MIN"):
        return Cand(start, m.end(), "date", rel=(unit, n, direction or 0))
    c = Cand(start, m.end(), "duration", dur=duration_value(unit, n))
    if direction:
        c.notes.append("past" if direction < 0 else "future")
    return c


def _weekday(m: re.Match[str], view: str, lang: str | None) -> Cand | None:
    if lang == "ar" and not _compact(m.group("wd")).startswith("ال"):
        return None  # Arabic weekdays carry the article; bare جمعه is "its collection"
    wd = lookup(weekday_names(), m.group("wd"))
    if wd == 4 and _NOT_WEEKDAY_BEFORE.search(view, max(0, m.start() - 12), m.start()):
        return None  # امام جمعه، نماز جمعه، صلاة الجمعة: the prayer, not the day
    c = Cand(m.start(), m.end(), "date", wd=wd)
    c.today = bool(_SAME_DAY_BEFORE.search(view, max(0, m.start() - 24), m.start()))  # "later Wednesday"
    if m.group("dir"):
        d = lookup(T.AFTER_UNIT_DIRECTION, m.group("dir"))
        if d:
            c.wd_dir = d
        else:
            c.end = m.end("wd")
    return c


def _clock(m: re.Match[str], view: str, lang: str | None) -> Cand | None:
    h_txt = m.group("h") or m.group("h2") or m.group("h3") or m.group("h4") or m.group("h5") or m.group("h6")
    if m.group("h5") and (not m.group("per") or (_number(h_txt) == 1 and not h_txt.isdigit())):
        return None  # "یک صبح" is "one morning"
    h = _number(h_txt)
    minute = m.group("mi") or m.group("mi2") or m.group("mi3")
    mi = _number(minute) if minute else 0
    frac = m.group("half4") or m.group("half5")
    if frac:  # ساعت پنج و نیم، پنج و ربع، پنج و سه ربع
        mi = 30 if "نیم" in frac else 45 if "سه" in frac else 15
        minute = str(mi)
    if m.group("h6"):  # یک ربع به شش: a quarter to six
        h, minute, mi = (h - 1) % 12 or 12, "45", 45
    sec_txt = m.group("sec") or m.group("sec2")
    per = m.group("per")
    if per:
        shift = lookup(T.DAY_PERIODS, per)
        night = _compact(per) == "شب"
        if night and h == 12:
            h = 0  # ۱۲ شب is midnight
        elif shift and h < 12 and not (night and h < NIGHT_AFTER_MIDNIGHT):
            h += shift  # but ساعت ۲ شب is 02:00
    sec = _number(sec_txt) if sec_txt else None
    if h > 24 or mi > 59 or (sec or 0) > 59:
        return None
    return Cand(m.start(), m.end(), "time", clock=(h % 24, mi if minute else None, sec))


def _part(m: re.Match[str], view: str, lang: str | None) -> Cand | None:
    if lang == "ar" or _NUMBER_BEFORE.search(view, max(0, m.start() - 16), m.start()):
        return None  # "سه شب" counts nights
    value = lookup(T.DAY_PARTS, m.group("p"))
    if _compact(m.group("p")) == "عصر" and not (
        _RELDAY_AFTER.match(view, m.end()) or _RELDAY_BEFORE.search(view, max(0, m.start() - 12), m.start())
    ):
        return None  # عصر alone is "era"
    if value[1:].isdigit():
        return Cand(m.start(), m.end(), "time", clock=(int(value[1:]), None, None))
    return Cand(m.start(), m.end(), "time", dur=value)


def _nth(m: re.Match[str], view: str, lang: str | None) -> Cand | None:
    """"the third day", "the 40th anniversary": found, but counted from an unnamed start."""
    return Cand(m.start(), m.end(), "date", notes=["ordinal"])


def _season(m: re.Match[str], view: str, lang: str | None) -> Cand | None:
    if not (m.group("fasl") or m.group("year")):
        return None
    c = Cand(m.start(), m.end(), "date", season=lookup(T.SEASONS, m.group("s")))
    if m.group("year"):
        y = int(m.group("year"))
        c.cal, c.y, c.year_explicit = _year_cal(y, lang), y, True
    return c


def _century(m: re.Match[str], view: str, lang: str | None) -> Cand | None:
    if m.group("dec"):
        dec = m.group("dec")
        y = int(dec) if dec.isdigit() else lookup(T.DECADE_WORDS, dec)
        cal = _suffix_cal(m.group("ysuf"))
        if y < 100:
            if y % 10:
                return None
            cal = cal or ("jalali" if lang == "fa" else "gregorian")
            y = (1300 if cal == "jalali" else 1900) + y
        cal = cal or _year_cal(y, lang)
        if y % 10 or not _plausible_year(y, cal):
            return None
        return Cand(m.start(), m.end(), "date", cal=cal, y=y, notes=["decade"])
    if m.group("do"):  # دهه سوم قرن بیستم، العقد الثاني من القرن: the Nth decade of a century
        k = lookup(T.ordinal_words(10), m.group("do"))
        cal = _suffix_cal(m.group("ysuf")) or "gregorian"
        co = m.group("co")
        if co is None:  # the century the article is in
            return Cand(m.start(), m.end(), "date", cal=cal, notes=["decade", f"century_decade:{k}"])
        n = int(co) if co.isdigit() else lookup(T.ordinal_words(), co)
        if not 1 <= k <= 10 or not n:
            return None
        return Cand(m.start(), m.end(), "date", cal=cal, y=(n - 1) * 100 + (k - 1) * 10, notes=["decade"])
    o = m.group("o")
    n = int(o) if o.isdigit() else lookup(T.ordinal_words(), o)
    if not n:
        return None
    cal = _suffix_cal(m.group("ysuf")) or "gregorian"
    return Cand(m.start(), m.end(), "date", cal=cal, century=n)


def _every(m: re.Match[str], view: str, lang: str | None) -> Cand | None:
    if m.group("dw"):  # شبانه‌روز: a day and a night
        return Cand(m.start(), m.end(), "duration", dur=lookup(T.DURATION_WORDS, m.group("dw")))
    if m.group("bu"):  # روز به روز، سال به سال: every day, every year
        unit = lookup(T.UNITS, m.group("bu"))[0]
        if unit != lookup(T.UNITS, m.group("bu2"))[0] or _foreign_unit(m.group("bu"), lang):
            return None
        return Cand(m.start(), m.end(), "set", dur=duration_value(unit, 1))
    if m.group("ou"):  # یک روز در میان: every other day
        if _foreign_unit(m.group("ou"), lang):
            return None
        return Cand(m.start(), m.end(), "set", dur=duration_value(lookup(T.UNITS, m.group("ou"))[0], 2))
    if m.group("fu"):  # روزی دو بار: "twice a day"
        if _foreign_unit(m.group("fu"), lang) or lang == "ar":
            return None
        return Cand(m.start(), m.end(), "set", dur=duration_value(lookup(T.UNITS, m.group("fu"))[0], 1))
    if m.group("adv"):
        return Cand(m.start(), m.end(), "set", dur=lookup(T.SET_ADVERBS, m.group("adv")))
    if m.group("wd"):
        wd = lookup(weekday_names(), m.group("wd"))
        return Cand(m.start(), m.end(), "set", dur=f"XXXX-WXX-{wd + 1}")
    unit = lookup(T.UNITS, m.group("u"))[0]
    return Cand(m.start(), m.end(), "set", dur=duration_value(unit, 1))


#: A bare 14xx year above this, beside a Hijri named day, is Hijri (Solar Hijri 1420 is 2041).
LATEST_JALALI_YEAR = 1420


def _named(m: re.Match[str], view: str, lang: str | None) -> Cand | None:
    """Nowruz, Ashura, Eid al-Fitr, Christmas...: a day of a known calendar, year from the text or the anchor."""
    if m.group("md"):  # ایام البیض: days 13-15 of every Hijri month, or of the month named
        mon = m.group("mon")
        hijri = [n for c, n in lookup(month_names(), mon) if c == "hijri"] if mon else []
        if mon and not hijri:
            return None
        c = Cand(m.start(), m.end(), "set" if not hijri else "range", cal="hijri", m=hijri[0] if hijri else None,
                 d=13, dur="P1M" if not hijri else None)  # fmt: skip
        if hijri:
            c.until = replace(c, kind="date", d=15)
        return c
    cal, mon, day, weak = lookup(named_days(), m.group("nd"))
    if weak and not m.group("cue"):
        return None
    c = Cand(m.start(), m.end(), "date", cal=cal, named=(cal, mon, day))
    if m.group("year"):
        ytxt = m.group("year")
        ycal = _suffix_cal(m.group("ysuf"))
        if len(ytxt) == 2:
            if lang != "fa" or cal != "jalali":
                c.end = _rstrip(view, m.start(), m.start("year"))
                return c
            y, ycal = _two_digit_year(int(ytxt), "jalali"), "jalali"
        else:
            y = int(ytxt)
            ycal = ycal or _year_cal(y, lang)
            if ycal == "jalali" and cal == "hijri" and y > LATEST_JALALI_YEAR and not m.group("ysuf"):
                ycal = "hijri"  # عاشورای ۱۴۴۵: a Hijri year (the Solar Hijri one is decades away)
        if ycal in ("gregorian", "jalali", "hijri") and _plausible_year(y, ycal):
            c.cal, c.y, c.year_explicit = ycal, y, True
        else:
            c.end = _rstrip(view, m.start(), m.start("year"))
    return c


def _anaphor(m: re.Match[str], view: str, lang: str | None) -> Cand | None:
    """آن سال، همان روز، ذلك العام، العام نفسه: the time the text named last (resolved in context)."""
    word = m.group("au") or m.group("au2")
    if lang == "fa" and _compact(word) in T.ARABIC_ONLY_UNITS:
        return None
    if m.group("ab") and _compact(m.group("ab")) == "ان" and lang != "fa":
        return None  # Arabic أن/إن ("that") folds like Persian آن
    unit = lookup(T.ANAPHOR_UNITS, word)
    if m.group("apl"):  # همان ماه‌های اول: a vague span of earlier times
        return Cand(m.start(), m.end(), "duration", dur=duration_value(unit, None), notes=["past"])
    return Cand(m.start(), m.end(), "date", notes=[f"anaphor:{unit}"])


def _quarter(m: re.Match[str], view: str, lang: str | None) -> Cand | None:
    """ربع چهارم سال، سه‌ماهه نخست سال جاری، الربع الأول من عام 2020: a quarter of a year."""
    q = lookup(T.QUARTER_ORDINALS, m.group("qo"))
    cal = "jalali" if lang == "fa" else "gregorian"
    c = Cand(m.start(), m.end(), "date", cal=cal, season=f"Q{q}")
    if m.group("year"):
        y = int(m.group("year"))
        c.cal, c.y, c.year_explicit = _suffix_cal(m.group("ysuf")) or _year_cal(y, lang), y, True
        if c.cal == "bce" or not _plausible_year(y, c.cal):
            return None
    elif m.group("qry") or m.group("qdir"):
        d = lookup(T.RELATIVE_YEARS, m.group("qry")) if m.group("qry") else lookup(T.AFTER_UNIT_DIRECTION, m.group("qdir"))
        c.notes.append(f"year_rel:{d}")
    return c


#: (pattern name, handler, priority): on equal length the higher priority wins.
_ATOMS = [
    ("numeric", _numeric, 9), ("dmy", _dmy, 8), ("mdy", _mdy, 8), ("year_range", _year_range, 7),
    ("every", _every, 6), ("century", _century, 6), ("season", _season, 6), ("relative", _relative, 5),
    ("quantity", _quantity, 4), ("clock", _clock, 4), ("weekday", _weekday, 3), ("year", _year, 2),
    ("part", _part, 1), ("nth", _nth, 1), ("named", _named, 10), ("anaphor", _anaphor, 3),
    ("quarter", _quarter, 7),
]  # fmt: skip


#: How far before the first needle of a pattern (see :func:`prefilters`) a match may start.
PREFILTER_BACK = 48


@cache
def prefilters() -> dict[str, re.Pattern[str]]:
    """For the patterns of rare forms, a plain word list every match contains.

    A pattern that opens with a look-behind is tried at every character; a
    plain alternation of words is found by a fast scan. When none of the
    words is in the text, the pattern is not run at all.
    """
    units = list(T.UNITS)
    named = list(named_days()) + T.MONTHLY_DAYS
    words = {
        "named": named,
        "anaphor": list(T.ANAPHOR_UNITS),
        "quarter": T.QUARTER_WORDS,
        "century": ["قرن", "سده", "دهه", "عقد", "قرون"],
        "season": list(T.SEASONS),
        "nth": ["مین"],
        "every": T.EVERY_WORDS + list(T.SET_ADVERBS) + list(T.DURATION_WORDS) + units,
        "part": list(T.DAY_PARTS),
        "relative": list(T.RELATIVE_DAYS) + list(T.RELATIVE_YEARS) + units + list(T.CURRENT_PERIOD_WORDS),
        "weekday": list(weekday_names()),
    }
    out = {name: _rx(_alt(ws)) for name, ws in words.items()}
    out["mdy"] = re.compile(r"\d{4}")
    return out


def atoms(view: str, lang: str | None) -> list[Cand]:
    """All atomic candidates, overlaps resolved (longest, then highest priority)."""
    pats = patterns()
    needles = prefilters()
    found: list[tuple[int, int, Cand]] = []
    for name, handler, prio in _ATOMS:
        pattern = getattr(pats, name)
        pos = 0
        needle = needles.get(name)
        if needle is not None:  # a word every match holds: skip the scan, or start it near the first one
            first = needle.search(view)
            if first is None:
                continue
            pos = max(0, first.start() - PREFILTER_BACK)
        while (m := pattern.search(view, pos)) is not None:
            try:
                c = handler(m, view, lang)
            except (KeyError, ValueError, IndexError):  # one odd match must not cost the others
                log.debug("time: skipped %r (%s)", m.group(0), name, exc_info=True)
                c = None
            if c is not None and c.end > c.start:
                found.append((c.end - c.start, prio, c))
                pos = max(c.end, m.start() + 1)
            else:  # a rejected match must not swallow a date starting inside it
                pos = m.start() + 1
    found.sort(key=lambda t: (-t[0], -t[1], t[2].start))
    taken: list[Cand] = []
    busy = bytearray(len(view))  # 1 where a taken candidate lies: overlap test in O(length), not O(taken)
    for _, _, c in found:
        if busy.find(1, c.start, c.end) < 0:
            taken.append(c)
            busy[c.start : c.end] = b"\x01" * (c.end - c.start)
    taken.sort(key=lambda c: c.start)
    return taken


# ---------------------------------------------------------------- merges

_GAP_LIST = _rx(r"^\s*[,،]?\s*$")
_GAP_OPEN_BRACKET = _rx(r"^\s*[(\[]\s*$")
_GAP_CLOSE_BRACKET = _rx(r"\s*[)\]]")
_YEAR_AFTER = _rx(r"\s*[,،]?\s*(\d{4})(?!\d)")
_GAP_RANGE = _rx(rf"^\s*(?:{_alt(T.RANGE_JOINERS)}|–)\s*$")
_GAP_DAY = _rx(r"^\s*[,،]?\s*(?:روز|یوم)?\s*$")
_GAP_CLOCK = _rx(rf"^\s*[,،-]?\s*(?:{_alt(T.CLOCK_WORDS)})?\s*$")
_OPENER_BEFORE = _rx(rf"(?:{_alt(T.RANGE_OPENERS)})\s+(?:(?:{_alt(T.YEAR_WORDS)}|روزهای|روزهاي)\s+)?$")


def _is_daylike(c: Cand) -> bool:
    return c.kind == "date" and c.m is not None and c.season is None


def merge(cands: list[Cand], view: str) -> list[Cand]:
    """Join neighbours into one expression (weekday+date, dual dates, ranges, date+time)."""
    out: list[Cand] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        while i + 1 < len(cands):
            n = cands[i + 1]
            gap = view[c.end : n.start]
            joined = _join(c, n, gap, view)
            if joined is None:
                break
            c = joined
            i += 1
            while i + 1 < len(cands) and cands[i + 1].start < c.end:
                i += 1  # swallowed by the merged span (a year after a bracketed date)
        out.append(c)
        i += 1
    return out


def _join(c: Cand, n: Cand, gap: str, view: str) -> Cand | None:
    # "today, Wednesday" / "Wednesday 29 March" / "today Wednesday 29 March"
    lead = c.today or (c.wd is not None and c.m is None and c.wd_dir is None)
    follows = n.kind == "date" and (n.wd is not None or _is_daylike(n)) and n.rel is None
    bracketed = c.today and _GAP_OPEN_BRACKET.match(gap)  # "today (Tuesday)"
    close = _GAP_CLOSE_BRACKET.match(view, n.end) if bracketed else None
    if c.kind == "date" and lead and follows and (_GAP_LIST.match(gap) or close):
        merged = replace(n, start=c.start, today=c.today or n.today)
        if close:
            merged.end = close.end()
        if c.wd is not None:
            merged.wd = c.wd
        return merged
    # "30 May (9 Khordad)": one day in two calendars
    if _is_daylike(c) and _is_daylike(n) and c.alt is None and _GAP_OPEN_BRACKET.match(gap):
        close = _GAP_CLOSE_BRACKET.match(view, n.end)  # no copy of the rest of the text per pair
        if close and n.cal != c.cal:
            end = close.end()
            merged = replace(c, end=end, alt=replace(n, alt=None))
            year = _YEAR_AFTER.match(view, end)
            if year and c.y is None and n.y is None and _plausible_year(int(year.group(1)), c.cal):
                merged.y, merged.end, merged.year_explicit = int(year.group(1)), year.end(), True
            return merged
    # ranges: "20 Aban to 14 Azar", "27 August to 22 October 2017"
    both_weekdays = c.wd is not None and n.wd is not None and c.m is None and n.m is None
    same_shape = (
        (_is_daylike(c) and _is_daylike(n))
        or (c.y and n.y and c.m is None and n.m is None and c.cal == n.cal)  # "589 SH and 1210 AD": one year
        or (both_weekdays and c.wd_dir is None)
    )
    opener = _OPENER_BEFORE.search(view[max(0, c.start - 30) : c.start])
    # "X و Y" is a range only after "between"; otherwise two dates ("۳ مهر و ۵ آبان"). Two
    # calendars make a range only after an opener too ("from 5 March to 10 Farvardin").
    listed = _compact(gap) == "و" or (_is_daylike(c) and _is_daylike(n) and c.cal != n.cal)
    if c.kind == "date" and n.kind == "date" and same_shape and c.until is None and _GAP_RANGE.match(gap) and (
        opener or not listed
    ):
        left = replace(c)
        if left.y is None and n.y is not None and left.cal == n.cal:
            left.y, left.year_explicit = n.y, True
        start = c.start - (len(opener.group(0)) if opener else 0)
        return Cand(start, n.end, "range", cal=c.cal, until=n, y=left.y, m=left.m, d=left.d,
                    wd=left.wd, alt=left.alt, year_explicit=left.year_explicit)  # fmt: skip
    # "صبح امروز", "ظهر دیروز", "بعد از ظهر ۲۵ مهر": a part of the day and its day
    day_after = n.kind == "date" and ((n.rel and n.rel[0] == "D") or (n.wd is not None and n.m is None)
                                      or (_is_daylike(n) and n.d is not None))  # fmt: skip
    if c.kind == "time" and (c.dur or c.clock) and day_after and not gap.strip():
        return replace(n, start=c.start, clock=c.clock or n.clock)
    # "12 Bahman this year", "22 Azar last year": the year named relative to the article
    year_rel = n.kind == "date" and n.rel is not None and n.rel[0] == "Y" and n.rel[1] == 1
    if _is_daylike(c) and c.y is None and c.until is None and year_rel and _GAP_LIST.match(gap):
        assert n.rel is not None
        return replace(c, end=n.end, notes=[*c.notes, f"year_rel:{n.rel[2]}"])
    # "Azar of that same year": the year of the last dated expression (resolved in context)
    if _is_daylike(c) and c.y is None and c.until is None and "anaphor:Y" in n.notes and _GAP_LIST.match(gap):
        return replace(c, end=n.end, notes=[*c.notes, "year_anaphor"])
    # "ساعت ۴:۴۵ روز ۲۲ آذر": a clock time before its day
    if c.kind == "time" and c.clock and _is_daylike(n) and n.d is not None and _GAP_DAY.match(gap):
        return replace(n, start=c.start, clock=c.clock)
    # "3 Azar 1395 - 20:35": a date and its clock time
    weekday = c.wd is not None and c.m is None and c.until is None
    if ((_is_daylike(c) and c.d is not None) or c.rel or weekday) and n.kind == "time" and _GAP_CLOCK.match(gap):
        return replace(c, end=n.end, clock=n.clock)
    return None


_MODIFIER_BEFORE = _rx(rf"(?<![^\W_])(?:{_alt(T.PERIOD_MODIFIERS)})\s*$")


def _modifiers(cands: list[Cand], view: str) -> list[Cand]:
    """Take "early/late/the end of" into the span of the period that follows."""
    for c in cands:
        if c.kind in ("date", "range") and c.d is None and c.clock is None:
            m = _MODIFIER_BEFORE.search(view, max(0, c.start - 14), c.start)
            if m:
                c.notes.append("modified:" + m.group(0).strip())
                c.start = m.start()
    return cands


_UNTIL_NOW = _rx(rf"\s*(?:{_alt(T.UNTIL_NOW)}){RB}")


def _until_now(cands: list[Cand], view: str) -> list[Cand]:
    """"from 2011 until now": a range whose end is the article date."""
    out = []
    for c in cands:
        m = _UNTIL_NOW.match(view, c.end) if c.kind == "date" and c.rel is None and c.y else None
        if m:
            opener = _OPENER_BEFORE.search(view[max(0, c.start - 30) : c.start])
            start = c.start - (len(opener.group(0)) if opener else 0)
            now = Cand(c.end, m.end(), "date", rel=("D", 1, 0))
            c = replace(c, start=start, end=m.end(), kind="range", until=now)
        out.append(c)
    return out


def find(view: str, lang: str | None = None) -> list[Cand]:
    """Candidates in ``view`` (view offsets), merged, left to right."""
    # twice: "today (Wednesday 23 November)" joins once the weekday has joined its date
    return _modifiers(_until_now(merge(merge(atoms(view, lang), view), view), view), view)
