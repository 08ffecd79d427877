"""Numeric claims: a figure with its unit, comparator, measured quantity, time scope and subjects.

:func:`process` fills ``doc.claims`` with dicts in the export shape::

    {"id", "subjects", "value", "unit", "comparator", "time", "article",
     "start", "end", "text", "english",
     "topic", "flow", "noun", "quantity", "head", "scope", "lang",
     "sentence": {"start", "end"}}

Numbers are read in ASCII, Persian and Arabic-Indic digits and as number words
in fa/ar/en ("ستة أسابيع", "بیش از ۱۴۰", "أكثر من 30٪", "حدود ۴۰ درصد"). A
number-word needs a unit after it. ``unit`` is canonical (``percent``, ``km``,
``people``, ``flights``, ``aircraft``, ``companies``, ``countries``,
``barrels``, ``tonnes``, ``days``/``weeks``/``months``/``years``,
``money:<currency>``) or ``count`` with the counted word in ``noun``.
``topic`` (oil, gas, arms, trade, ...) and ``flow`` (imports, exports) say
what a share or amount is of. ``quantity`` is what the figure measures, from
its head noun (:func:`quantity_of`): a language-neutral key such as
``killed``, ``injured``, ``inflation``, ``budget``, ``price``, ``votes`` (the
head word itself in ``head``), ``noun:<word>`` for a count of a word no
vocabulary names, else the topic, else None. ``scope`` is the figure's time
scope: the date of its clause, else of its sentence (``time``), else the
article's date, with ``from`` saying which. The contradiction finder compares
only figures of one quantity, unit, subjects and scope.
``start``/``end``/``text`` cover the figure phrase; the sentence is in
``sentence``.

Language vocabulary (unit words, quantity words) is data, one file per
language: ``claims_data/<lang>.json`` (:func:`vocabulary`).

Not claims: years and dates (anything inside a time expression, a four-digit
year without a measuring unit, a day next to a month name), clock times,
numbers inside names (F-16), page furniture (a line that is only a number,
anything in ``doc.excluded``), and "the past seven years" (a time scope).
"""

from __future__ import annotations

import bisect
import functools
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasad.doc import Doc
from rasad.extract.events import (
    SentenceView,
    clause_bounds,
    doc_cache,
    doc_index,
    excluded_index,
    fold,
    in_mention,
    lexicon,
    mention_ref,
    mentions_in,
    sentence_views,
    times_in,
)

log = logging.getLogger(__name__)

#: Years in this range, written as four bare digits, are dates, not figures.
YEAR_RANGE = (1300, 2100)
#: Fewest words a line needs for its numbers to be read (shorter lines are page furniture).
MIN_LINE_WORDS = 3
#: Characters before a number searched for its comparator.
COMPARATOR_REACH = 24
#: Words after the unit searched for what the figure is of (topic, flow).
TOPIC_WORDS = 7
#: Smallest number-word value read without a scale ("the two countries" is not a figure).
MIN_WORD_VALUE = 3
#: Characters before a mention searched for a reporting phrase ("according to X": X is a source).
SOURCE_REACH = 20

SUBJECT_TYPES = frozenset({"PER", "ORG", "GPE", "NORP"})  # NORP: demonyms ("Israeli companies")
#: Time expression kinds that can scope a claim.
SCOPE_KINDS = frozenset({"date", "range"})

_WORD_NUMBERS: dict[str, float] = {}
for _lang_words in (
    # fa
    "یک:1 دو:2 سه:3 چهار:4 پنج:5 شش:6 هفت:7 هشت:8 نه:9 ده:10 یازده:11 دوازده:12 سیزده:13 چهارده:14 پانزده:15"
    " شانزده:16 هفده:17 هجده:18 نوزده:19 بیست:20 سی:30 چهل:40 پنجاه:50 شصت:60 هفتاد:70 هشتاد:80 نود:90"
    " صد:100 یکصد:100 دویست:200 سیصد:300 چهارصد:400 پانصد:500 ششصد:600 هفتصد:700 هشتصد:800 نهصد:900",
    # ar (folded: ة -> ه, ي -> ی, أ -> ا)
    "اثنان:2 اثنین:2 اثنتان:2 اثنتین:2 ثلاث:3 ثلاثه:3 اربع:4 اربعه:4 خمس:5 خمسه:5 ست:6 سته:6 سبع:7 سبعه:7"
    " ثمانی:8 ثمانیه:8 ثمان:8 تسع:9 تسعه:9 عشر:10 عشره:10 عشرون:20 عشرین:20 ثلاثون:30 ثلاثین:30"
    " اربعون:40 اربعین:40 خمسون:50 خمسین:50 ستون:60 ستین:60 سبعون:70 سبعین:70 ثمانون:80 ثمانین:80"
    " تسعون:90 تسعین:90 میه:100 مایه:100 مییتان:200 مایتان:200"
    " احد_عشر:11 احدی_عشره:11 اثنا_عشر:12 اثنتا_عشره:12 اثنی_عشر:12 ثلاثه_عشر:13 ثلاث_عشره:13 اربعه_عشر:14"
    " اربع_عشره:14 خمسه_عشر:15 خمس_عشره:15 سته_عشر:16 ست_عشره:16 سبعه_عشر:17 سبع_عشره:17 ثمانیه_عشر:18"
    " ثمانی_عشره:18 تسعه_عشر:19 تسع_عشره:19",
    # en
    "two:2 three:3 four:4 five:5 six:6 seven:7 eight:8 nine:9 ten:10 eleven:11 twelve:12 fifteen:15"
    " twenty:20 thirty:30 forty:40 fifty:50 sixty:60 seventy:70 eighty:80 ninety:90 hundred:100 dozens:24",
):
    for _pair in _lang_words.split():
        _w, _v = _pair.split(":")
        _WORD_NUMBERS[_w.replace("_", " ")] = float(_v)

SCALES = {
    "هزار": 1e3, "میلیون": 1e6, "میلیارد": 1e9,
    "الف": 1e3, "الاف": 1e3, "ملیون": 1e6, "ملایین": 1e6, "ملیار": 1e9, "ملیارات": 1e9,
    "thousand": 1e3, "million": 1e6, "millions": 1e6, "billion": 1e9, "bn": 1e9, "m": 1e6,
}  # fmt: skip

#: Canonical units, in the order they are tried after a number; each language's words for
#: them are in ``claims_data/<lang>.json`` (``units``).
UNIT_ORDER = (
    "percent", "km", "money:USD", "money:EUR", "money:IRR", "toman", "money:SAR", "money:AED",
    "money:GBP", "money:AZN", "people", "soldiers", "dead", "flights", "aircraft", "companies",
    "countries", "barrels", "kg", "decades", "tonnes", "hours", "days", "weeks", "months", "years",
    "centuries",
)  # fmt: skip
DURATION_UNITS = ("hours", "days", "weeks", "months", "years")
STRONG_UNITS = frozenset(u for u in UNIT_ORDER if u not in DURATION_UNITS)
DURATIONS = frozenset(DURATION_UNITS)
#: Languages with a vocabulary file; a sentence in another language uses all of them.
VOCABULARY_LANGS = ("fa", "ar", "en")
VOCABULARY_DIR = Path(__file__).with_name("claims_data")
#: Words searched for a figure's head noun after its unit, and before it, within its clause.
HEAD_WORDS_AFTER = 4
HEAD_WORDS_BEFORE = 5
#: Words before a figure searched for a level word ("ارتفع إلى 50": the new level, not the rise).
LEVEL_WORDS = 2
#: Quantity of a figure whose unit already says what it counts ("250 ألف قتيل").
UNIT_QUANTITIES = {"dead": "killed"}
#: Units of figures that count beings, the only ones an event (killed, arrested ...) can measure
#: ("30 کیلوگرم تریاک و دستگیری" is not a number arrested).
COUNTED_UNITS = frozenset({"people", "soldiers", "dead", "count"})
#: Units of time, and the only quantities a span of time measures (an age, a prison term, how long
#: a war, talks or a truce lasted): "منذ 14 عاما من النزاع المسلح" says nothing about fighters.
TIME_UNITS = frozenset({*DURATION_UNITS, "decades", "centuries"})
DURATION_QUANTITIES = frozenset({"age", "sentence", "war", "negotiations", "ceasefire"})


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """One language's claim vocabulary (``claims_data/<lang>.json``), compiled over folded text.

    ``units``: (canonical unit, pattern matched right after a number), in
    :data:`UNIT_ORDER`; ``events`` and ``nouns``: (quantity key, whole-word
    pattern) for a figure's head noun, events (killed, arrested ...) searched first.
    """

    units: tuple[tuple[str, re.Pattern[str]], ...]
    events: tuple[tuple[str, re.Pattern[str]], ...]
    nouns: tuple[tuple[str, re.Pattern[str]], ...]
    modifier_before_unit: bool = False
    #: A head word halfway between two figures goes with the one it follows ("۱۲ نفر کشته و ...").
    head_after: bool = True
    #: Words that make a figure the size of a change, unless a ``levels`` word stands right
    #: before it; words that make it a total over several incidents or a long period.
    changes: re.Pattern[str] | None = None
    levels: re.Pattern[str] | None = None
    totals: re.Pattern[str] | None = None


def _unit_rx(patterns: list[str]) -> re.Pattern[str]:
    body = "|".join(fold(p) for p in patterns)
    return re.compile(rf"(?:{body})" if body.startswith("%") else rf"(?:{body})(?!\w)")


def _word_rx(
    patterns: list[str], proclitics: str, suffixes: str, t_before_suffix: bool = False
) -> re.Pattern[str]:
    """Whole words ``patterns`` with the language's affixes (in a pattern a space stands for any
    run of blanks and " ?" for an optional one). ``t_before_suffix``: a word ending in folded ة
    (ه) writes it ت before a suffix (Arabic "ميزانيتها").
    """
    suffix = fold(suffixes)
    alts = [fold(p).replace(" ?", r"\s*").replace(" ", r"\s+") for p in patterns]
    if t_before_suffix and suffix:
        alts += [a[:-1] + "ت" for a in alts if a.endswith("ه")]
    alts.sort(key=len, reverse=True)
    return re.compile(rf"(?<!\w){fold(proclitics)}(?:{'|'.join(alts)}){suffix}(?!\w)")


def _load_vocabulary(langs: tuple[str, ...]) -> Vocabulary:
    data = [
        json.loads((VOCABULARY_DIR / f"{lang}.json").read_text(encoding="utf-8")) for lang in langs
    ]
    units = []
    for unit in UNIT_ORDER:
        words = [w for d in data for w in d["units"].get(unit, [])]
        if words:
            units.append((unit, _unit_rx(words)))
    groups: dict[str, list[tuple[str, re.Pattern[str]]]] = {"events": [], "nouns": []}
    for d in data:
        for group, out in groups.items():
            for key, words in d["quantities"][group].items():
                out.append(
                    (
                        key,
                        _word_rx(
                            words,
                            d.get("proclitics", ""),
                            d.get("suffixes", ""),
                            d.get("t_before_suffix", False),
                        ),
                    )
                )
    one = data[0] if len(data) == 1 else {}

    def words(name: str) -> re.Pattern[str] | None:
        found = [_word_rx(d[name], d.get("proclitics", ""), "") for d in data if d.get(name)]
        return re.compile("|".join(rx.pattern for rx in found)) if found else None

    return Vocabulary(
        tuple(units), tuple(groups["events"]), tuple(groups["nouns"]),
        modifier_before_unit=bool(one.get("modifier_before_unit", False)),
        head_after=one.get("head_side", "after") == "after",
        changes=words("changes"), levels=words("levels"), totals=words("totals"),
    )  # fmt: skip


@functools.cache
def vocabulary(lang: str | None) -> Vocabulary:
    """The claim vocabulary of ``lang`` (all languages' together for one without a file)."""
    return _load_vocabulary((lang,) if lang in VOCABULARY_LANGS else VOCABULARY_LANGS)


#: Rials in a toman (Iranian prices are quoted in tomans; claims carry rials so both compare).
RIALS_PER_TOMAN = 10
#: Arabic riyals are Saudi unless the text names another country's riyal (folded adjectives).
AR_RIYALS = {"قطری": "money:QAR", "عمانی": "money:OMR", "یمنی": "money:YER", "ایرانی": "money:IRR"}

_FUNCTION_WORDS_TEXT = (
    "بر از در به با تا و یا نیز را که بعد قبل پس هم هر برای این آن است بود شد"
    " في من على إلى عن مع أو ثم منذ حتى هو هي التي الذي"
    " of in on at to and or the a an for from by with than after before"
)
#: Words after a number that are not what it counts (fa/ar/en function words, folded).
FUNCTION_WORDS = frozenset(fold(w) for w in _FUNCTION_WORDS_TEXT.split())

COMPARATORS: list[tuple[str, str]] = [
    (
        "at_least",
        r"دست ?کم|حداقل|ما لا ?یقل عن|لا ?یقل عن|علی الاقل|at least|no fewer than|no less than",
    ),
    (
        "at_most",
        r"حداکثر|ما لا ?یزید عن|لا ?یزید عن|علی الاکثر|(?:ی|ت|لت)صل (?:الی|حتی)|at most|up to|no more than",
    ),
    (
        "more_than",
        r"بیش از|بیشتر از|فراتر از|افزون بر|اکثر من|ما یزید عن|ما یزید علی|یزید عن|ازید من|more than|over|above|in excess of",
    ),
    ("less_than", r"کمتر از|کم تر از|اقل من|less than|fewer than|under|below"),
    ("nearly", r"نزدیک به|قرابه|almost|nearly|close to"),
    (
        "about",
        r"در حدود|حدود|حدودا|تقریبا|قریب به|حوالی|نحو|زهاء|ما یقارب|یقارب|about|around|approximately|roughly|some",
    ),
    ("exactly", r"دقیقا|بالضبط|exactly|precisely"),
]
_COMP_RX = [(c, re.compile(rf"(?<!\w)(?:{p})\s*$")) for c, p in COMPARATORS]

TOPICS: list[tuple[str, str]] = [
    ("oil", r"نفت\w*|\w{0,3}نفط\w*|oil|crude"),
    ("gas", r"گاز|\w{0,3}غاز|gas|lng"),
    ("arms", r"سلاح\w*|تسلیحات\w*|\w{0,3}اسلحه\w*|جنگ ?افزار\w*|arms|weapons"),
    ("trade", r"تجارت\w*|تجاری|مبادلات|\w{0,3}تجاره|\w{0,3}تبادل|trade"),
    ("investment", r"سرمایه ?گذاری|\w{0,3}استثمار\w*|investment"),
    ("tourism", r"گردشگر\w*|\w{0,3}سیاح\w*|touris\w*"),
]
_TOPIC_RX = [(t, re.compile(rf"(?<!\w)(?:{p})(?!\w)")) for t, p in TOPICS]
#: Topic words as heads, failing a quantity word (their keys are quantity keys too).
_TOPIC_HEADS = tuple(_TOPIC_RX)
_FLOW_RX = [
    ("imports", re.compile(r"(?<!\w)(?:واردات\w*|\w{0,3}واردات|\w{0,3}استیراد|imports?)(?!\w)")),
    ("exports", re.compile(r"(?<!\w)(?:صادرات\w*|\w{0,3}صادرات|\w{0,3}تصدیر|exports?)(?!\w)")),
]
_PAST = re.compile(r"^\s*(?:گذشته|اخیر|الماضی\w*|الاخیر\w*|past|last|ago)(?!\w)")
_PAST_BEFORE = re.compile(r"(?<!\w)(?:past|last|طی|خلال)\s*$")
MONTHS = (
    r"فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند"
    r"|ژانویه|فوریه|مارس|آوریل|مه|می|ژوئن|ژوئیه|اوت|سپتامبر|اکتبر|نوامبر|دسامبر"
    r"|ینایر|فبرایر|ابریل|مایو|یونیو|یولیو|اغسطس|سبتمبر|اکتوبر|نوفمبر|دیسمبر"
    r"|کانون الثانی|شباط|اذار|نیسان|ایار|حزیران|تموز|اب|ایلول|تشرین الاول|تشرین الثانی|کانون الاول"
    r"|محرم|صفر|ربیع الاول|ربیع الثانی|جمادی الاولی|جمادی الاخره|رجب|شعبان|رمضان|شوال|ذو القعده|ذو الحجه"
    r"|january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_MONTH_AFTER = re.compile(rf"^\s*(?:{MONTHS.replace('آ', 'ا')})(?!\w)")
_MONTH_BEFORE = re.compile(rf"(?<!\w)(?:{MONTHS.replace('آ', 'ا')})\s*$")

_DIGITS = re.compile(r"(?<![\w.,/:+-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w/:]|\.\d|-\d)")
_NUMBER_WORD = re.compile(
    r"(?:(?<!\w)|(?<=(?<!\w)[بلوف]))(?:"
    + "|".join(sorted(map(re.escape, _WORD_NUMBERS), key=len, reverse=True))
    + r")"
    r"(?:(?: و | and |-)(?:"
    + "|".join(sorted(map(re.escape, _WORD_NUMBERS), key=len, reverse=True))
    + r"))*(?!\w)"
)
_SCALE_RX = re.compile(
    r"^[\s\u200c]*(" + "|".join(sorted(map(re.escape, SCALES), key=len, reverse=True)) + r")(?!\w)"
)
_SCORE_BEFORE = re.compile(r"\d\s*(?:بر|مقابل|×)\s*$")
_SCORE_AFTER = re.compile(r"\s*(?:بر|مقابل|×)\s*\d")
_CURRENCY_BEFORE = re.compile(r"([$€£])\s*$")
#: "یک‌میلیون": folding drops the ZWNJ and glues "one" to its scale word.
_GLUED_ONE = re.compile(r"(?<!\w)یک(?=(?:هزار|میلیون|میلیارد)(?!\w))")
_AND = re.compile(r"\s*(?:و|and)\s*")
_AT_LEAST_AFTER = re.compile(r"\s*(?:علی الاقل|at least)(?!\w)")
#: "Up to" words that also mean "until/even" elsewhere, read as at_most right before a figure
#: unless they close a range ("از ۱۷ تا ۲۰"); Persian حتی means "even", so only Arabic.
_UP_TO = {
    "fa": re.compile(r"(?<!\d)(?<!\d )(?:^|(?<=\s))تا\s*$"),
    "ar": re.compile(r"(?<!\d)(?<!\d )(?:^|(?<=\s))حتی\s*$"),
}
#: Nouns a number names rather than measures ("لشکر ۴۱", "منطقه 13", "المادة 5", "القرار 2231").
ID_NOUNS = (
    r"لشکر|تیپ|گردان|منطقه|ناحیه|ماده|بند|تبصره|اصل|شماره|فاز|سوره|آیه|قطعنامه|کد|پلاک|اتاق|سکوی|خط"
    r"|رقم|الماده|ماده|البند|القرار|قرار|اللواء|لواء|الفرقه|فرقه|المنطقه|الفصل|الایه|السوره|المرحله"
    r"|الساعه|ساعت"  # a clock time ("بحلول الساعة 0213 بتوقيت جرينتش"), not a count
    r"|article|resolution|division|brigade|district|number|no\.?|phase|chapter"
)
_ID_BEFORE = re.compile(rf"(?<!\w)(?:{ID_NOUNS})\s*$")


def _compound(
    f: str, spans: list[tuple[int, int, float, bool]]
) -> list[tuple[int, int, int, float, bool, bool]]:
    """Join "یک میلیون و ۲۱۶ هزار", "67 هزار و 700 میلیارد", "34 هزار میلیارد" into one figure.

    Returns (start, end of the last number, end after its scale words, value,
    is a number word, has a scale), one per figure, in text order.
    """
    out: list[tuple[int, int, int, float, bool, bool]] = []
    spans = sorted(spans)
    k = 0
    while k < len(spans):
        s, e, value, is_word = spans[k]
        total, top, end, last_e, scaled = 0.0, 0.0, e, e, False
        while True:
            scale = 1.0
            m = _SCALE_RX.match(f[end:])
            while m:  # chained scale words multiply ("هزار میلیارد")
                scale *= SCALES[m.group(1)]
                end += m.end()
                m = _SCALE_RX.match(f[end:])
            if scale > 1:
                scaled = True
                total = (total + value) * scale if total and scale > top else total + value * scale
                top = max(top, scale)
            else:
                total += value
            j = _AND.match(f[end:])
            nxt = spans[k + 1] if k + 1 < len(spans) else None
            if not (scaled and j and nxt and nxt[0] == end + j.end()):
                break
            k += 1
            _, last_e, value, _w = nxt
            end = last_e
        out.append((s, last_e, end, total, is_word, scaled))
        k += 1
    return out


_CURRENCY_SIGNS = {"$": "money:USD", "€": "money:EUR", "£": "money:GBP"}


def _word_value(text: str) -> float:
    parts = re.split(r" و | and |-", text)
    return sum(_WORD_NUMBERS.get(p, 0.0) for p in parts)


def _unit_at(rest: str, lang: str = "en") -> tuple[str | None, int, str | None]:
    """Canonical unit at the start of ``rest``: (unit, length matched, counted noun).

    A function word after the number ("۲ بر ۱", "45 of") means no unit. Where the
    language's vocabulary allows it (``modifier_before_unit``: English), one
    modifier may stand before the unit ("40 new companies").
    """
    vocab = vocabulary(lang)
    stripped = rest.lstrip()
    lead = len(rest) - len(stripped)
    for unit, rx in vocab.units:
        m = rx.match(stripped)
        if m:
            return unit, lead + m.end(), None
    word = re.match(r"[^\W\d_]{2,}", stripped)
    if word and word.group() in FUNCTION_WORDS:
        return None, 0, None
    if word:
        # one modifier may precede an English unit ("40 new companies", "30 Chilean firms")
        nxt = re.match(r"\s+", stripped[word.end() :]) if vocab.modifier_before_unit else None
        if nxt:
            at = word.end() + nxt.end()
            for unit, rx in vocab.units:
                m = rx.match(stripped, at)
                if m and unit not in DURATIONS:
                    return unit, lead + m.end(), None
        return "count", lead + word.end(), word.group()
    return None, 0, None


def _time_scope(doc: Doc, sent: SentenceView, anchor: int) -> dict[str, Any] | None:
    cands = [t for t in times_in(doc, sent.start, sent.end) if t.kind in SCOPE_KINDS]
    if cands:
        best = min(cands, key=lambda t: abs(t.start - anchor))
        return {"value": best.value, "precision": best.precision}
    if not doc.times:
        m = re.search(
            r"(?<!\d)(19\d\d|20\d\d)(?:\s*(?:-|–|تا|الی|to)\s*(19\d\d|20\d\d))?(?!\d)", sent.folded
        )
        if m:
            value = m.group(1) if not m.group(2) else f"{m.group(1)}/{m.group(2)}"
            return {"value": value, "precision": "year"}
    return None


_WORD = re.compile(r"\S+")
_NUMBER = re.compile(r"\d[\d.,]*")


def _is_year(number: str) -> bool:
    """A bare four-digit year (it dates, it does not count: no head word is its)."""
    return len(number) == 4 and number.isdigit() and YEAR_RANGE[0] <= int(number) <= YEAR_RANGE[1]


def _window(
    text: str, lo: int, hi: int, words: int, before: bool, head_after: bool
) -> tuple[int, int]:
    """The words of ``[lo, hi)`` a figure searches for its head: the first (``before``: last)
    ``words`` of them, and of those between this figure and another number only the ones nearer
    this figure; a word halfway goes to the figure it follows when ``head_after``, else to the
    one it precedes ("مقتل 15 شخصا وإصابة 20": إصابة is the 20's)."""
    digits = [m.start() for m in _NUMBER.finditer(text, lo, hi) if not _is_year(m.group())]
    if digits and before:
        lo = max(lo, text.find(" ", digits[-1], hi) if " " in text[digits[-1] : hi] else hi)
    elif digits:
        hi = digits[0]
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text, lo, hi)]
    if digits:
        n = len(spans)  # word k is n - 1 - k words from the far figure, k words from its near side
        if before:
            spans = [
                w
                for k, w in enumerate(spans)
                if n - 1 - k < k or (n - 1 - k == k and not head_after)
            ]
        else:
            spans = [
                w for k, w in enumerate(spans) if k < n - 1 - k or (k == n - 1 - k and head_after)
            ]
    if not spans:
        return lo, lo
    kept = spans[-words:] if before else spans[:words]
    return kept[0][0], kept[-1][1]


def _nearest(
    patterns: tuple[tuple[str, re.Pattern[str]], ...],
    text: str,
    after: tuple[int, int, int],
    before: tuple[int, int],
    head_after: bool,
    named: Callable[[int, int], bool] | None = None,
) -> tuple[str, int, int] | None:
    """The quantity word nearest the figure: (key, start, end); fewest words away (after the
    figure: counted from the end of its unit, ``after[2]``), then on the language's usual side of
    the figure (``head_after``), then the longest."""
    best: tuple[tuple[int, int, int], tuple[str, int, int]] | None = None
    for key, rx in patterns:
        for side, (lo, hi) in ((0, after[:2]), (1, before)):
            for m in rx.finditer(text, lo, hi):
                if named is not None and named(m.start(), m.end()):
                    continue  # a word of a name ("دبي للاستثمار") heads nothing
                gap = (
                    text[min(after[2], m.start()) : m.start()]
                    if side == 0
                    else text[m.end() : before[1]]
                )
                rank = (len(gap.split()), side if head_after else 1 - side, -(m.end() - m.start()))
                if best is None or rank < best[0]:
                    best = (rank, (key, m.start(), m.end()))
    return best[1] if best else None


def quantity_of(
    sent: SentenceView,
    start: int,
    end: int,
    unit: str,
    noun: str | None,
    number_end: int | None = None,
    named: Callable[[int, int], bool] | None = None,
) -> tuple[str | None, tuple[int, int] | None]:
    """What the figure at folded ``[start, end)`` (comparator, number and unit) measures.

    Returns (quantity key, folded span of its head word or None). The head is the
    nearest quantity word of the sentence's vocabulary within
    :data:`HEAD_WORDS_AFTER` words after the number (``number_end``; the unit and
    a word before it included: "40 wounded people") or :data:`HEAD_WORDS_BEFORE`
    before the figure, inside its clause and nearer this figure than another
    number (:func:`_window`; the vocabulary's ``head_side`` settles a tie), and
    not inside a name (``named(start, end)``: "دبي للاستثمار" is a company): first an
    event ("killed", "arrested"), then the counted noun of a ``count``, then any
    other noun ("inflation", "budget", "votes"). A ``count`` whose noun is no
    quantity word measures that noun (``noun:<word>``, comparable within one
    language only); a unit may say it (:data:`UNIT_QUANTITIES`); failing all, a
    topic word (``TOPICS``: oil, gas, arms, trade ...) in those windows; otherwise
    None. A change word of the vocabulary in those windows, with no level word within
    :data:`LEVEL_WORDS` words before the figure, makes it ``change:<quantity>``
    ("زاد سعر الخام 1.09 دولار" is a rise, "ارتفع إلى 50" a level).
    """
    vocab = vocabulary(sent.lang)
    text = sent.folded
    cs, ce = clause_bounds(sent, start)
    head_after = vocab.head_after
    lo, hi = _window(text, end, max(end, ce), HEAD_WORDS_AFTER, before=False, head_after=head_after)
    after = (min(lo, end if number_end is None else number_end), hi, end)  # the unit's words too
    before = _window(
        text, min(cs, start), start, HEAD_WORDS_BEFORE, before=True, head_after=head_after
    )

    def nearest(patterns: tuple[tuple[str, re.Pattern[str]], ...]) -> tuple[str, int, int] | None:
        return _nearest(patterns, text, after, before, head_after, named)

    if unit in TIME_UNITS:
        hit = nearest(tuple((k, rx) for k, rx in vocab.nouns if k in DURATION_QUANTITIES))
        return (hit[0], (hit[1], hit[2])) if hit else (None, None)
    key: str | None = None
    span: tuple[int, int] | None = None
    hit = nearest(vocab.events) if unit in COUNTED_UNITS else None
    if hit is None and unit == "count" and noun:
        key = next((k for k, rx in (*vocab.events, *vocab.nouns) if rx.fullmatch(noun)), None)
    if hit is None and key is None:
        key = UNIT_QUANTITIES.get(unit)
    if hit is None and key is None:
        hit = nearest(vocab.nouns) or nearest(_TOPIC_HEADS)  # "30% of its oil": what it is of
    if hit is not None:
        key, span = hit[0], (hit[1], hit[2])
    if key is None:
        return (f"noun:{noun}", None) if unit == "count" and noun else (None, None)
    if _changed(vocab, text, after, before):
        key = f"change:{key}"
    return key, span


def _changed(
    vocab: Vocabulary, text: str, after: tuple[int, int, int], before: tuple[int, int]
) -> bool:
    """Whether a change word stands in the figure's windows and no level word right before it."""
    if vocab.changes is None:
        return False
    if not (vocab.changes.search(text, after[2], after[1]) or vocab.changes.search(text, *before)):
        return False
    near = " ".join(text[before[0] : before[1]].split()[-LEVEL_WORDS:])
    return not (vocab.levels and vocab.levels.search(near))


def is_total(sent: SentenceView, fpos: int) -> bool:
    """Whether the clause of folded ``fpos`` makes its figure a total over several incidents or
    a long period (a ``totals`` word of the vocabulary: "في موجة من الهجمات", "در مجموع")."""
    totals = vocabulary(sent.lang).totals
    cs, ce = clause_bounds(sent, fpos)
    return bool(totals and totals.search(sent.folded, cs, ce))


def _scope(
    doc: Doc, sent: SentenceView, fpos: int, anchor: int, time: dict[str, Any] | None
) -> dict[str, Any] | None:
    """The figure's time scope: the date or range of its clause, else its sentence's (``time``),
    else the article's date; ``from`` says which (``clause``, ``sentence``, ``article``)."""
    cs, ce = clause_bounds(sent, fpos)
    lo, hi = sent.offs[cs], sent.offs[ce] if ce < len(sent.offs) else sent.end
    cands = [t for t in times_in(doc, lo, hi) if t.kind in SCOPE_KINDS]
    if cands:
        best = min(cands, key=lambda t: abs(t.start - anchor))
        return {"value": best.value, "precision": best.precision, "from": "clause"}
    if time:
        return {**time, "from": "sentence"}
    if doc.date is not None and doc.date.value:
        return {"value": doc.date.value, "precision": doc.date.precision, "from": "article"}
    return None


def _subjects(doc: Doc, sent: SentenceView, fpos: int) -> list[str | int]:
    cs, ce = clause_bounds(sent, fpos)
    lo, hi = sent.offs[cs], sent.offs[ce] if ce < len(sent.offs) else sent.end
    reported = lexicon()[sent.lang].markers["reported"]
    out: list[str | int] = []
    for i in mentions_in(doc, lo, hi, SUBJECT_TYPES):
        mf = sent.folded_pos(doc.mentions[i].start)
        if reported.search(sent.folded[max(0, mf - SOURCE_REACH) : mf]):
            continue  # "according to X": X is the source, not the subject
        out.append(mention_ref(doc, i))
    return list(dict.fromkeys(out))


def _in_times(doc: Doc, start: int, end: int) -> bool:
    """True inside a date or clock time (a duration like "six weeks" is a figure)."""
    return doc_index(doc).dated.covers(start, end)


def _furniture(doc: Doc, start: int) -> bool:
    """Whether the line holding ``start`` has too few words to be prose (a table row, a caption).

    Line ends are found once per document and each line is judged once, so a
    long line costs its length once, not once per number in it.
    """
    scratch = doc_cache(doc)
    if "lines" not in scratch:
        scratch["lines"] = ([m.start() for m in re.finditer("\n", doc.text)], {})
    breaks, judged = scratch["lines"]
    k = bisect.bisect_left(breaks, start)
    if k not in judged:
        ls = breaks[k - 1] + 1 if k else 0
        le = breaks[k] if k < len(breaks) else len(doc.text)
        judged[k] = len(_LINE_WORDS.findall(doc.text, ls, le)) < MIN_LINE_WORDS
    return judged[k]


_LINE_WORDS = re.compile(r"[^\W\d_]{2,}")


def find_claims(doc: Doc, sent: SentenceView) -> list[dict[str, Any]]:
    """The numeric claims of one sentence (without ids and English lines)."""
    f = sent.folded
    spans: list[tuple[int, int, float, bool]] = []
    for m in _DIGITS.finditer(f):
        raw = m.group(1).replace(",", "") + (m.group(2) or "")
        if len(m.group(1).replace(",", "")) > 12:
            continue
        spans.append((m.start(), m.end(), float(raw), False))
    for m in _NUMBER_WORD.finditer(f):
        spans.append((m.start(), m.end(), _word_value(m.group()), True))
    spans += [(m.start(), m.end(), 1.0, True) for m in _GLUED_ONE.finditer(f)]
    out: list[dict[str, Any]] = []

    def named(fs: int, fe: int) -> bool:
        os_, oe = sent.orig(fs, fe)
        return in_mention(doc, os_) or in_mention(doc, oe - 1)

    for s, e, end, value, is_word, scaled in _compound(f, spans):
        number_end = end  # after its scale words, before its unit
        os_, oe = sent.orig(s, e)
        if _in_times(doc, os_, oe) or excluded_index(doc).covers(os_, oe) or _furniture(doc, os_):
            continue
        if _SCORE_BEFORE.search(f[max(0, s - 12) : s]) or _SCORE_AFTER.match(f[e:]):
            continue  # a score ("۲ بر ۱"), not a figure
        if _ID_BEFORE.search(f[max(0, s - 12) : s]):
            continue  # a number that names (a division, a district, an article), not a figure
        unit, ulen, noun = _unit_at(f[end:], sent.lang)
        cur = _CURRENCY_BEFORE.search(f[max(0, s - 3) : s])
        if cur:
            unit, ulen, noun = _CURRENCY_SIGNS[cur.group(1)], 0, None
        if is_word and (unit is None or unit == "count" or (value < MIN_WORD_VALUE and not scaled)):
            continue
        if unit is None:
            continue
        if unit == "toman":
            unit, value = "money:IRR", value * RIALS_PER_TOMAN
        elif unit == "money:IRR" and sent.lang == "ar" and "ایران" not in f[end : end + ulen]:
            q = re.match(r"\s*\S+\s*(\w+)", f[end : end + ulen + 12])
            unit = AR_RIYALS.get(q.group(1) if q else "", "money:SAR")
        end += ulen
        if _MONTH_AFTER.match(f[e:]) or _MONTH_BEFORE.search(f[max(0, s - 14) : s]):
            continue
        digits = f[s:e]
        year_like = (
            not is_word
            and re.fullmatch(r"\d{4}", digits)
            and YEAR_RANGE[0] <= value <= YEAR_RANGE[1]
        )
        if year_like and unit not in STRONG_UNITS:
            continue
        if unit in DURATIONS and (
            _PAST.match(f[end:]) or _PAST_BEFORE.search(f[max(0, s - 12) : s])
        ):
            continue
        start = s - (len(cur.group(0)) if cur else 0)
        comparator = "exactly"
        pre = f[max(0, start - COMPARATOR_REACH) : start]
        for name, rx in _COMP_RX:
            cm = rx.search(pre)
            if cm:
                comparator = name
                start = start - (len(pre) - cm.start())
                break
        if comparator == "exactly" and _AT_LEAST_AFTER.match(f[end:]):
            comparator = "at_least"
        elif comparator == "exactly" and sent.lang in _UP_TO and _UP_TO[sent.lang].search(pre):
            comparator = "at_most"
        after = " ".join(re.split(r"[،,؛;:.]", f[end:])[0].split()[:TOPIC_WORDS])
        before = " ".join(f[:start].split()[-2:])
        topic = next((t for t, rx in _TOPIC_RX if rx.search(after)), None)
        if topic is None and sent.lang == "ar":
            topic = next((t for t, rx in _TOPIC_RX if rx.search(before)), None)
        flow = next((fl for fl, rx in _FLOW_RX if rx.search(after)), None)
        quantity, head = quantity_of(sent, start, end, unit, noun, number_end, named)
        time = _time_scope(doc, sent, os_)
        cs, ce = sent.orig(start, end)
        out.append(
            {
                "subjects": _subjects(doc, sent, s),
                "value": value,
                "unit": unit,
                "comparator": comparator,
                "time": time,
                "article": None,
                "start": cs,
                "end": ce,
                "text": doc.text[cs:ce],
                "topic": topic,
                "flow": flow,
                "noun": noun,
                "quantity": quantity,
                "head": doc.text[slice(*sent.orig(*head))] if head else None,
                "scope": _scope(doc, sent, s, os_, time),
                "total": is_total(sent, s),
                "lang": sent.lang,
                "sentence": {"start": sent.start, "end": sent.end},
            }
        )
    return out


def process(doc: Doc) -> Doc:
    """Find numeric claims in ``doc`` and append them to ``doc.claims``."""
    from rasad.english import claim_line

    key = doc.content_hash[:10]
    n = len(doc.claims)
    for sent in sentence_views(doc):
        for claim in find_claims(doc, sent):
            n += 1
            claim = {"id": f"cl-{key}-{n}", **claim}
            claim["english"] = claim_line(claim, doc=doc)
            doc.claims.append(claim)
    return doc
