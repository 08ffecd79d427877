"""The grammar of dates as data: month, weekday, ordinal, number and unit words.

Everything here is general vocabulary of Persian, Arabic and English date
writing. Gregorian month and weekday names come from CLDR through babel
(``fa``, ``ar``, the Levantine ``ar_SY`` names and the Maghrebi ``ar_MA`` /
``ar_TN`` names, ``en``); the Solar Hijri and Hijri month names, spelling
variants, ordinal and number words and relative phrases are listed below.
Lookups are done on :func:`key`, a folded form, so that spelling variants
(ي/ی, ك/ک, أ/ا, ة/ه, digits) meet.
"""

from __future__ import annotations

import re
from functools import cache

# ---------------------------------------------------------------- folding

_DROP = (
    [chr(c) for c in range(0x064B, 0x0660)]  # harakat, hamza marks
    + ["\u0670", "\u0640"]  # superscript alef, tatweel
    + ["\u200b", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u00ad"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
#: One-to-one folds: the matcher's view keeps the text's length.
_ONE_TO_ONE = {
    "ي": "ی", "ى": "ی", "ې": "ی", "ۍ": "ی", "ئ": "ی",
    "ك": "ک", "ڪ": "ک",
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ة": "ه", "ۀ": "ه", "ە": "ه",
    "ؤ": "و", "\u200c": " ", "\u00a0": " ",
    "٫": ".", "٬": ",", "–": "-", "—": "-", "−": "-",
}  # fmt: skip
for _i in range(10):
    _ONE_TO_ONE[chr(0x06F0 + _i)] = str(_i)
    _ONE_TO_ONE[chr(0x0660 + _i)] = str(_i)
for _c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
    _ONE_TO_ONE[_c] = _c.lower()

ONE_TO_ONE_TABLE = str.maketrans(_ONE_TO_ONE)
#: The matcher's view keeps ZWNJ: "هفته‌نامه" (a weekly) must not read as "هفته" (week).
VIEW_TABLE = str.maketrans({k: v for k, v in _ONE_TO_ONE.items() if k != "\u200c"})
DROPPED = frozenset(_DROP)
NEEDS_DROP = re.compile("[" + "".join(re.escape(c) for c in _DROP) + "]")


def key(text: str) -> str:
    """The folded form used for matching (letter variants, digits, case, marks)."""
    text = NEEDS_DROP.sub("", text).translate(ONE_TO_ONE_TABLE)
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------- months

#: Solar Hijri (Jalali) months; names are common Persian words, so bare ones
#: need context (a day, a year or the word ماه).
JALALI_MONTHS: dict[int, list[str]] = {
    1: ["فروردین"], 2: ["اردیبهشت"], 3: ["خرداد"], 4: ["تیر"], 5: ["مرداد", "امرداد"],
    6: ["شهریور"], 7: ["مهر"], 8: ["آبان"], 9: ["آذر"], 10: ["دی"], 11: ["بهمن"],
    12: ["اسفند"],
}  # fmt: skip

#: Hijri (lunar) months, Arabic and Persian spellings.
HIJRI_MONTHS: dict[int, list[str]] = {
    1: ["محرم", "محرم الحرام"],
    2: ["صفر", "صفر المظفر"],
    3: ["ربيع الأول", "ربيع الاول", "ربیع‌الاول", "ربیع اول"],
    4: ["ربيع الثاني", "ربيع الآخر", "ربیع‌الثانی", "ربیع ثانی", "ربیع‌الآخر", "ربیع آخر"],
    5: ["جمادى الأولى", "جمادى الأول", "جمادی‌الاولی", "جمادی‌الاول", "جمادی اول"],
    6: ["جمادى الآخرة", "جمادى الثانية", "جمادى الآخر", "جمادی‌الثانیه", "جمادی‌الثانی", "جمادی ثانی",
        "جمادی‌الآخر"],
    7: ["رجب", "رجب المرجب"],
    8: ["شعبان", "شعبان المعظم"],
    9: ["رمضان", "رمضان المبارك"],
    10: ["شوال"],
    11: ["ذو القعدة", "ذي القعدة", "ذیقعده", "ذی‌القعده"],
    12: ["ذو الحجة", "ذي الحجة", "ذیحجه", "ذی‌الحجه"],
}

#: Gregorian month spellings CLDR does not list (transliteration variants).
GREGORIAN_EXTRA: dict[int, list[str]] = {
    1: ["ژانویه", "ژانویهٔ", "جنوری", "jan"],
    2: ["فوریه", "فبریه", "فبرایر", "feb"],
    3: ["مارچ", "mar"],
    4: ["آوریل", "آپریل", "ابريل", "إبريل", "apr"],
    5: ["مه", "می", "مای", "مايو", "may"],
    6: ["ژوئن", "جون", "یونیو", "يونيه", "jun"],
    7: ["ژوئیه", "ژوئیهٔ", "جولای", "يوليه", "jul"],
    8: ["اوت", "آگوست", "اغسطس", "aug"],
    9: ["سپتامبر", "sep", "sept"],
    10: ["اکتبر", "oct"],
    11: ["نوامبر", "nov"],
    12: ["دسامبر", "dec"],
}
#: CLDR locales whose Gregorian month names are read.
GREGORIAN_LOCALES = ("fa", "ar", "ar_SY", "ar_MA", "ar_TN", "en")

#: Month words that are also everyday words: accepted only with a day, a
#: year, or ماه/شهر beside them.
AMBIGUOUS_MONTHS = frozenset(
    key(w)
    for w in [
        "مه", "می", "مای", "مهر", "تیر", "دی", "آذر", "بهمن", "آبان", "خرداد", "صفر",
        "رجب", "شعبان", "رمضان", "محرم", "شوال", "آب", "تموز", "أيار", "نيسان", "ماي",
        "may", "mar", "jun", "jan", "dec", "oct", "sep", "nov", "aug", "apr", "feb", "jul",
        "جون", "اوت",
    ]
)  # fmt: skip

# ---------------------------------------------------------------- weekdays

#: Weekday names, Monday = 0 as in :meth:`datetime.date.weekday`.
WEEKDAYS: dict[int, list[str]] = {
    0: ["دوشنبه", "الاثنين", "الإثنين", "monday"],
    1: ["سه‌شنبه", "سه شنبه", "سشنبه", "سهشنبه", "الثلاثاء", "tuesday"],
    2: ["چهارشنبه", "چهار شنبه", "چارشنبه", "الأربعاء", "الاربعاء", "wednesday"],
    3: ["پنجشنبه", "پنج شنبه", "الخميس", "thursday"],
    4: ["جمعه", "الجمعة", "friday"],
    5: ["شنبه", "السبت", "saturday"],
    6: ["یکشنبه", "یک شنبه", "الأحد", "الاحد", "sunday"],
}

# ---------------------------------------------------------------- numbers

_FA_UNITS = ["یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه"]
_FA_TEENS = ["ده", "یازده", "دوازده", "سیزده", "چهارده", "پانزده", "شانزده", "هفده", "هجده", "نوزده"]
_FA_TENS = {20: "بیست", 30: "سی", 40: "چهل", 50: "پنجاه", 60: "شصت", 70: "هفتاد", 80: "هشتاد", 90: "نود"}
_FA_HUNDREDS = {100: "یکصد", 200: "دویست", 300: "سیصد", 400: "چهارصد", 500: "پانصد", 600: "ششصد",
                700: "هفتصد", 800: "هشتصد", 900: "نهصد"}  # fmt: skip
_FA_ORD_SPECIAL = {1: ["یکم", "اول", "نخست"], 3: ["سوم"], 30: ["سی‌ام", "سیام", "سی ام"]}
_AR_ORD = {
    1: ["الأول", "الاول"], 2: ["الثاني"], 3: ["الثالث"], 4: ["الرابع"], 5: ["الخامس"],
    6: ["السادس"], 7: ["السابع"], 8: ["الثامن"], 9: ["التاسع"], 10: ["العاشر"],
}  # fmt: skip
_AR_ORD_UNIT_COMPOUND = {1: "الحادي", 2: "الثاني", 3: "الثالث", 4: "الرابع", 5: "الخامس",
                         6: "السادس", 7: "السابع", 8: "الثامن", 9: "التاسع"}  # fmt: skip
_AR_CARD = {
    1: ["واحد", "واحدة"], 2: ["اثنين", "اثنان", "اثنتين"], 3: ["ثلاثة", "ثلاث"],
    4: ["أربعة", "أربع"], 5: ["خمسة", "خمس"], 6: ["ستة", "ست"], 7: ["سبعة", "سبع"],
    8: ["ثمانية", "ثماني", "ثمان"], 9: ["تسعة", "تسع"], 10: ["عشرة", "عشر"],
    11: ["أحد عشر", "إحدى عشرة"], 12: ["اثني عشر", "اثنا عشر"], 20: ["عشرين", "عشرون"],
    30: ["ثلاثين", "ثلاثون"], 100: ["مائة", "مئة"],
}  # fmt: skip
#: Adjectival Arabic numbers after a plural noun: السنوات السبع الماضية.
_AR_ADJ = {3: ["الثلاث", "الثلاثة"], 4: ["الأربع", "الأربعة"], 5: ["الخمس", "الخمسة"],
           6: ["الست", "الستة"], 7: ["السبع", "السبعة"], 8: ["الثماني", "الثمانية"],
           9: ["التسع", "التسعة"], 10: ["العشر", "العشرة"]}  # fmt: skip


def _fa_cardinal(n: int) -> list[str]:
    if n < 10:
        return [_FA_UNITS[n - 1]]
    if n < 20:
        return [_FA_TEENS[n - 10]]
    tens, unit = divmod(n, 10)
    if unit == 0:
        return [_FA_TENS[n]]
    return [f"{_FA_TENS[tens * 10]} و {u}" for u in _fa_cardinal(unit)]


def _fa_ordinal(n: int) -> list[str]:
    out = list(_FA_ORD_SPECIAL.get(n, []))
    if n < 10 or n % 10 == 0:
        if n not in (1, 3, 30):
            out.append(_fa_cardinal(n)[0] + "م")
        if n == 9:
            out.append("نهم")
        return out
    if n < 20:
        base = _FA_TEENS[n - 10]
        out.append(base + "م")
        if n == 18:
            out.append("هیجدهم")
        return out
    tens, unit = divmod(n, 10)
    unit_words = ["یکم"] if unit == 1 else [u for u in _fa_ordinal(unit) if u not in ("اول", "نخست")]
    out.extend(f"{_FA_TENS[tens * 10]} و {u}" for u in unit_words)
    return out


def _ar_ordinal(n: int) -> list[str]:
    if n <= 10:
        return list(_AR_ORD[n])
    if n < 20:
        unit = _AR_ORD_UNIT_COMPOUND[n - 10]
        return [f"{unit} عشر"]
    tens, unit = divmod(n, 10)
    tens_word = {2: "العشرون", 3: "الثلاثون"}[tens]
    if unit == 0:
        return [tens_word, tens_word[:-2] + "ين"]
    u = _AR_ORD_UNIT_COMPOUND[unit]
    return [f"{u} و{tens_word}", f"{u} و{tens_word[:-2]}ين"]


@cache
def day_ordinals() -> dict[str, int]:
    """Ordinal day words (fa and ar, 1–31) to their number, by :func:`key`."""
    out: dict[str, int] = {}
    for n in range(1, 32):
        for w in _fa_ordinal(n) + _ar_ordinal(n):
            out[key(w)] = n
            out[key(w.replace(" و ", "\u200cو\u200c"))] = n
            out[key(w.replace(" و ", "و"))] = n
    return out


@cache
def ordinal_words(limit: int = 31) -> dict[str, int]:
    """Ordinal words (centuries, "the Nth day"), including ...مین forms."""
    out = dict(day_ordinals())
    for n in range(32, min(limit, 99) + 1):
        for w in _fa_ordinal(n):
            for form in (w, w.replace(" و ", "\u200cو\u200c"), w.replace(" و ", "و")):
                out[key(form)] = n
    for w, n in list(out.items()):
        if w.endswith("م") and not w.startswith("ال"):
            out[w + "ین"] = n
    return {w: n for w, n in out.items() if n <= limit}


@cache
def cardinals() -> dict[str, float]:
    """Cardinal number words (fa 1–99, ar 1–12 and tens) to their value, by :func:`key`."""
    out: dict[str, float] = {}
    for n in range(1, 100):
        for w in _fa_cardinal(n):
            out[key(w)] = n
            out[key(w.replace(" و ", "و"))] = n
    out[key("یه")] = 1
    out[key("شیش")] = 6
    out[key("صد")] = 100
    out[key("نیم")] = 0.5
    out[key("هزار")] = 1000
    for n, w in _FA_HUNDREDS.items():
        out[key(w)] = n
    for n, ws in _AR_CARD.items():
        for w in ws:
            out[key(w)] = n
    return out


@cache
def hundreds_ordinals() -> list[str]:
    """Persian ordinals of whole hundreds and thousands, ...مین form: صدمین، هفتصدمین، هزارمین."""
    words = [*_FA_HUNDREDS.values(), "صد", "هزار"]
    return [key(w + "مین") for w in words]


@cache
def persian_number_atoms() -> dict[str, int]:
    """Persian number words that compose with و: units, teens, tens, hundreds, هزار."""
    out = {key(w): n for n, w in enumerate(_FA_UNITS, 1)}
    out.update({key(w): n for n, w in enumerate(_FA_TEENS, 10)})
    out.update({key(w): n for n, w in _FA_TENS.items()})
    out.update({key(w): n for n, w in _FA_HUNDREDS.items()})
    out.update({key("صد"): 100, key("هزار"): 1000, key("یه"): 1, key("شیش"): 6, key("پونزده"): 15})
    return out


@cache
def arabic_adjectival_numbers() -> dict[str, int]:
    """Arabic numbers that follow a plural noun (السنوات السبع)."""
    return {key(w): n for n, ws in _AR_ADJ.items() for w in ws}


#: Vague quantities: "several weeks" has an unknown count (TIMEX "X").
VAGUE_QUANTITIES = [key(w) for w in ["چند", "چندین", "عدة", "بضعة", "بضع", "several", "a few"]]

# ---------------------------------------------------------------- units

#: Unit words to (ISO 8601 designator, count per word). Dual Arabic forms
#: carry their count of 2.
UNITS: dict[str, tuple[str, int]] = {}
for _unit, _words in {
    "Y": ["سال", "سال‌ها", "سالگی", "عام", "أعوام", "اعوام", "سنة", "سنوات", "سنين", "year", "years"],
    "M": ["ماه", "ماه‌ها", "شهر", "أشهر", "شهور", "month", "months"],
    "W": ["هفته", "هفته‌ها", "أسبوع", "أسابيع", "week", "weeks"],
    "D": ["روز", "روزها", "یوم", "أيام", "ایام", "day", "days", "شب", "شبانه‌روز", "شبانه روز"],
    "H": ["ساعت", "ساعة", "ساعات", "hour", "hours"],
    "MIN": ["دقیقه", "دقيقة", "دقائق", "minute", "minutes"],
    "S": ["ثانیه", "ثانية", "ثوان", "ثواني", "second", "seconds"],
    "DEC": ["دهه", "عقد", "عقود", "decade", "decades"],
    "CEN": ["قرن", "سده", "قرون", "century", "centuries"],
}.items():
    for _w in _words:
        UNITS[key(_w)] = (_unit, 1)
for _unit, _w in [("Y", "عامين"), ("Y", "سنتين"), ("M", "شهرين"), ("W", "أسبوعين"),
                  ("D", "يومين"), ("H", "ساعتين"), ("MIN", "دقيقتين"), ("DEC", "عقدين"),
                  ("CEN", "قرنين")]:  # fmt: skip
    UNITS[key(_w)] = (_unit, 2)

#: Arabic unit words that are other words in Persian (شهر "city", عام "public").
ARABIC_ONLY_UNITS = frozenset(
    key(w).replace(" ", "") for w in ["شهر", "عام", "سنة", "یوم", "أسبوع", "عامين", "سنتين", "شهرين"]
)
#: Plural unit words: "recent years" is a vague span, not last year.
PLURAL_UNITS = frozenset(
    key(w).replace(" ", "")
    for w in ["سال‌ها", "سالهای", "سال‌های", "ماه‌ها", "ماه‌های", "هفته‌ها", "هفته‌های", "روزها",
              "روزهای", "أعوام", "سنوات", "سنين", "أشهر", "شهور", "أسابيع", "أيام", "years",
              "months", "weeks", "days"]
)  # fmt: skip
for _w in ["سال‌های", "ماه‌های", "هفته‌های", "روزهای"]:
    UNITS[key(_w)] = UNITS[key(_w[:-3].rstrip("\u200c"))]

#: Relative direction words after a unit phrase: -1 past, +1 future, 0 current.
AFTER_UNIT_DIRECTION: dict[str, int] = {
    key(w): d
    for w, d in [
        ("گذشته", -1), ("پیش", -1), ("قبل", -1), ("اخیر", -1), ("پیشین", -1),
        ("آینده", 1), ("بعد", 1), ("دیگر", 1), ("آتی", 1), ("جاری", 0), ("کنونی", 0),
        ("الماضي", -1), ("الماضية", -1), ("السابق", -1), ("السابقة", -1), ("الفائت", -1),
        ("المنصرم", -1), ("المقبل", 1), ("المقبلة", 1), ("القادم", 1), ("القادمة", 1),
        ("الجاري", 0), ("الجارية", 0), ("الحالي", 0), ("الحالية", 0),
        ("ago", -1), ("later", 1),
    ]
}  # fmt: skip
#: Arabic prepositions that make "N units" relative: منذ 3 أيام (3 days ago).
BEFORE_NUMBER_DIRECTION: dict[str, int] = {
    key(w): d for w, d in [("منذ", -1), ("قبل", -1), ("بعد", 1), ("خلال", 0), ("طی", 0), ("طول", 0)]
}

#: Persian suffixes written after a ZWNJ that leave the word what it was, longest first.
ZWNJ_SUFFIXES = ["هایی", "های", "ها", "ای", "ی", "ست", "اش", "ام", "ات", "مان", "تان", "شان"]

#: Words naming a day relative to the anchor.
RELATIVE_DAYS: dict[str, int] = {
    key(w): d
    for w, d in [
        ("امروز", 0), ("دیروز", -1), ("دیشب", -1), ("امشب", 0), ("شب گذشته", -1), ("پریروز", -2), ("فردا", 1), ("پس‌فردا", 2), ("پسفردا", 2),
        ("اليوم", 0), ("أمس", -1), ("امس", -1), ("البارحة", -1), ("أول أمس", -2),
        ("يوم أمس", -1), ("غدا", 1), ("غداً", 1), ("بعد غد", 2), ("اليوم السابق", -1),
        ("today", 0), ("yesterday", -1), ("tomorrow", 1),
    ]
}  # fmt: skip
#: Around اليوم, words that make it "the day" rather than "today".
NOT_TODAY_BEFORE = [key(w) for w in ["ذلك", "ذات", "ذاك", "نفس", "هذا"]]
NOT_TODAY_AFTER = [key(w) for w in ["الواحد", "التالي", "نفسه", "ذاته", "الذي", "التي", "العالمي",
                                    "الوطني", "الأول", "الثاني", "الأخير"]]  # fmt: skip
#: Words before جمعه/الجمعة that make it Friday prayer, not a day: امام جمعه، صلاة الجمعة.
NOT_WEEKDAY_BEFORE = [key(w) for w in ["امام", "امامت", "نماز", "خطیب", "خطبه", "خطبه‌های", "خطبه‌ی",
                                       "ائمه", "صلاة", "خطبة", "خطيب", "إمام"]]  # fmt: skip
#: Words naming a year relative to the anchor.
RELATIVE_YEARS: dict[str, int] = {
    key(w): d
    for w, d in [("امسال", 0), ("پارسال", -1), ("هذا العام", 0), ("هذه السنة", 0), ("this year", 0),
                 ("last year", -1), ("next year", 1)]
}  # fmt: skip
#: Phrases where a Persian unit word follows "this" (این ماه).
THIS_WORDS = [key(w) for w in ["این", "همین", "هذا", "هذه", "this"]]

#: Year suffixes and the calendar they name.
YEAR_SUFFIX: dict[str, str] = {
    key(w): c
    for w, c in [
        ("میلادی", "gregorian"), ("م", "gregorian"), ("ميلادية", "gregorian"), ("AD", "gregorian"),
        ("هجری شمسی", "jalali"), ("هجری خورشیدی", "jalali"), ("خورشیدی", "jalali"),
        ("شمسی", "jalali"), ("ه.ش", "jalali"), ("هـ.ش", "jalali"),
        ("هجری قمری", "hijri"), ("قمری", "hijri"), ("هجری", "hijri"), ("هجرية", "hijri"),
        ("هـ", "hijri"), ("ق", "hijri"), ("ش", "jalali"), ("ه.ق", "hijri"), ("هـ.ق", "hijri"), ("ه", "hijri"), ("AH", "hijri"),
        ("قبل از میلاد", "bce"), ("پیش از میلاد", "bce"), ("ق.م", "bce"), ("ق. م", "bce"),
        ("قبل الميلاد", "bce"), ("ق.م.", "bce"), ("BC", "bce"), ("BCE", "bce"),
    ]
}  # fmt: skip
#: Words that introduce a year: سال ۲۰۲۰, عام 2020.
YEAR_WORDS = [key(w) for w in ["سال", "سال‌های", "سالهای", "عام", "العام", "سنة", "عامي",
                               "الأعوام", "السنوات", "year", "years"]]  # fmt: skip
#: Prepositions that mark a bare number or month as a time: في 2020, در مارس.
TIME_PREPOSITIONS = [key(w) for w in ["در", "از", "تا", "فی", "في", "منذ", "حتى", "خلال", "قبل",
                                      "بعد", "أواخر", "أوائل", "مطلع", "منتصف", "اوایل",
                                      "اواخر", "اواسط", "نیمه", "متولد", "مصوب", "مورخ", "مورخه",
                                      "in", "since", "until", "by"]]  # fmt: skip
#: Words before a number that make it a count, not a year ("more than 2000.").
QUANTITY_WORDS = [key(w) for w in ["بیش از", "بیشتر از", "کمتر از", "حدود", "تعداد", "شمار", "أكثر من",
                                   "أقل من", "نحو", "حوالي", "عدد", "قرابة", "more than", "about"]]  # fmt: skip
#: Words joining two halves of a range.
RANGE_JOINERS = [key(w) for w in ["-", "تا", "الی", "لغایت", "إلى", "الى", "حتى", "و", "to", "until"]]
#: Words that open a range; they are kept in its span.
RANGE_OPENERS = [key(w) for w in ["بین", "بين", "از", "من", "در فاصله", "between", "from"]]
#: Phrases that close a range at the article date: "from 2011 until now".
UNTIL_NOW = [key(w) for w in ["تا کنون", "تاکنون", "تا امروز", "تا به حال", "تا حالا", "حتى الآن",
                              "حتى اليوم", "إلى الآن", "الى الآن", "إلى اليوم", "حتى الان",
                              "until now", "to date"]]  # fmt: skip
#: Modifiers that narrow a period ("early 2020"); kept in the span, value unchanged.
PERIOD_MODIFIERS = [key(w) for w in ["اوایل", "اواخر", "اواسط", "ابتدای", "ابتدا", "پایان", "انتهای",
                                     "نیمه اول", "نیمه دوم", "نیمه", "أوائل", "أواخر", "منتصف",
                                     "مطلع", "بداية", "نهاية", "أواسط", "early", "late", "mid"]]  # fmt: skip
#: Words asking for the next occurrence of a bare month or weekday (future tense).
FUTURE_MARKERS = [key(w) for w in ["خواهد", "خواهند", "خواهیم", "خواهم", "قرار است", "سوف",
                                   "من المقرر", "سيقوم", "سيزور", "سيلتقي", "ستعقد", "سيعقد",
                                   "ستبدأ", "سيبدأ", "will"]]  # fmt: skip

#: Seasons: (Jalali season index or Gregorian TIMEX code).
SEASONS: dict[str, str] = {
    key(w): s
    for w, s in [("بهار", "SP"), ("تابستان", "SU"), ("پاییز", "FA"), ("زمستان", "WI"),
                 ("الربيع", "SP"), ("ربيع", "SP"), ("الصيف", "SU"), ("صيف", "SU"), ("الخريف", "FA"),
                 ("خريف", "FA"), ("الشتاء", "WI"), ("شتاء", "WI"), ("spring", "SP"),
                 ("summer", "SU"), ("autumn", "FA"), ("winter", "WI")]
}  # fmt: skip

#: Words for "every" (sets), and adverbs that are sets by themselves.
EVERY_WORDS = [key(w) for w in ["هر", "كل", "every"]]
SET_ADVERBS: dict[str, str] = {
    key(w): v
    for w, v in [("روزانه", "P1D"), ("هفتگی", "P1W"), ("ماهانه", "P1M"), ("سالانه", "P1Y"),
                 ("يوميا", "P1D"), ("يومياً", "P1D"), ("أسبوعيا", "P1W"), ("شهريا", "P1M"),
                 ("سنويا", "P1Y"), ("سنوياً", "P1Y"), ("daily", "P1D"), ("weekly", "P1W")]
}  # fmt: skip

#: Hour words for clock times, and part-of-day words (and their 12-hour shift).
CLOCK_WORDS = [key(w) for w in ["ساعت", "الساعة", "at"]]
DAY_PERIODS: dict[str, int] = {
    key(w): shift
    for w, shift in [("صباحا", 0), ("صباحاً", 0), ("صباح", 0), ("مساء", 12), ("مساءً", 12),
                     ("مساءا", 12), ("ق.ظ", 0), ("ب.ظ", 12), ("ق. ظ", 0), ("ب. ظ", 12),
                     ("ب . ظ", 12), ("ق . ظ", 0), ("صبح", 0), ("عصر", 12), ("شب", 12),
                     ("غروب", 12), ("بعد از ظهر", 12), ("بعدازظهر", 12), ("بامداد", 0),
                     ("ظهر", 12), ("قبل از ظهر", 0), ("قبل‌ازظهر", 0),
                     ("am", 0), ("pm", 12), ("a.m.", 0), ("p.m.", 12)]
}  # fmt: skip
#: Periods of the day that read as a clock time after a bare number ("۵ صبح"); not شب,
#: which after a number counts nights ("سه شب" = three nights).
BARE_HOUR_PERIODS = [key(w) for w in ["صبح", "عصر", "غروب", "بعد از ظهر", "بعدازظهر", "بامداد", "ظهر",
                                      "قبل از ظهر", "صباحا", "صباحاً", "مساء", "مساءً", "ق.ظ", "ب.ظ",
                                      "am", "pm"]]  # fmt: skip
#: Persian parts of the day on their own (TIMEX TMO/TAF/TEV/TNI, or a clock hour).
#: عصر is also "era": it stands alone only beside a relative day (عصر دیروز).
DAY_PARTS: dict[str, str] = {
    key(w): v
    for w, v in [("صبح", "TMO"), ("صبحگاه", "TMO"), ("بامداد", "TMO"), ("سحر", "TMO"),
                 ("قبل از ظهر", "TMO"), ("قبل‌ازظهر", "TMO"), ("پیش از ظهر", "TMO"), ("قبل ظهر", "TMO"), ("بعد ظهر", "TAF"), ("ظهر", "T12"),
                 ("بعد از ظهر", "TAF"), ("بعدازظهر", "TAF"), ("عصر", "TAF"), ("غروب", "TEV"),
                 ("شب", "TNI"), ("نیمه شب", "T00"), ("نیمه‌شب", "T00")]
}  # fmt: skip
#: Words for "times" in frequencies: روزی دو بار (twice a day).
TIMES_WORDS = [key(w) for w in ["بار", "مرتبه", "دفعه"]]
#: Words after a month that place it in a year named before: آبان همان سال.
SAME_YEAR_AFTER = [key(w) for w in ["همان سال", "آن سال", "همین سال", "امسال", "پارسال", "سال گذشته",
                                    "سال قبل", "سال بعد", "سال آینده", "سال جاری"]]  # fmt: skip
#: Decades written as words after دهه: دهه شصت (the 1360s in Persian text).
DECADE_WORDS: dict[str, int] = {key(w): n for n, w in _FA_TENS.items()}
#: A period word after a modifier with no number: اواخر سال (late this year), نهاية الشهر.
CURRENT_PERIOD_WORDS: dict[str, str] = {
    key(w): u for w, u in [("سال", "Y"), ("ماه", "M"), ("العام", "Y"), ("السنة", "Y"), ("الشهر", "M"),
                           ("the year", "Y"), ("the month", "M")]
}  # fmt: skip
#: Words after "the Nth decade of the century" that make it the current century.
CURRENT_CENTURY_WORDS = [key(w) for w in ["جدید", "حاضر", "کنونی", "اخیر", "جاری", "الحالي", "الجديد",
                                          "الحادي والعشرين"]]  # fmt: skip
#: Words that may follow it and keep it the current period: ابتدای سال جاری، اوایل سال میلادی.
CURRENT_PERIOD_AFTER = [key(w) for w in ["جاری", "میلادی", "شمسی", "خورشیدی", "الجاري", "الحالي"]]
#: Units after a Persian ordinal (سومین روز، چهلمین سالگرد): a period counted from an unnamed start.
NTH_UNITS = [key(w) for w in ["روز", "هفته", "ماه", "سال", "سالگرد", "سالروز", "دهه", "قرن", "ساعت",
                              "دقیقه", "شب", "سده"]]  # fmt: skip

# ---------------------------------------------------------------- named days

#: Named days and festivals: (names, calendar, month, day). Written from general
#: knowledge of the Iranian (Solar Hijri), Islamic (Hijri, Umm al-Qura reckoning)
#: and Christian/Gregorian calendars, not from any test set. A month of 0 names a
#: computed day (see :data:`COMPUTED_DAYS`). Names marked with a leading ``?`` are
#: everyday words too (اربعین "forty", یلدا a given name): they need a day word
#: before them (روز، روزهای، ایام، شب، يوم، ليلة، عيد، جشن).
NAMED_DAYS: list[tuple[list[str], str, int, int]] = [
    (["نوروز", "عید نوروز", "عيد النوروز", "عيد النيروز"], "jalali", 1, 1),
    (["سیزده به در", "سیزده‌بدر", "سیزده بدر", "روز طبیعت"], "jalali", 1, 13),
    (["شب یلدا", "شب چله", "جشن یلدا", "?یلدا"], "jalali", 9, 30),
    (["جشن تیرگان", "تیرگان"], "jalali", 4, 13),
    (["جشن مهرگان", "مهرگان"], "jalali", 7, 16),
    (["جشن سده"], "jalali", 11, 10),
    (["?تاسوعا", "تاسوعای حسینی"], "hijri", 1, 9),
    (["?عاشورا", "عاشورای حسینی", "?عاشوراء"], "hijri", 1, 10),
    (["رأس السنة الهجرية", "السنة الهجرية الجديدة"], "hijri", 1, 1),
    (["اربعین حسینی", "?اربعین", "أربعينية الإمام الحسين"], "hijri", 2, 20),
    (["المولد النبوي", "المولد النبوي الشريف"], "hijri", 3, 12),
    (["میلاد پیامبر اکرم", "میلاد پیامبر", "میلاد حضرت محمد"], "hijri", 3, 17),  # the Iranian official day
    (["عید مبعث", "?مبعث", "الإسراء والمعراج", "ليلة الإسراء والمعراج"], "hijri", 7, 27),
    (["نیمه شعبان", "نیمه‌شعبان", "ليلة النصف من شعبان"], "hijri", 8, 15),
    (["عید فطر", "عید سعید فطر", "عيد الفطر", "عيد الفطر المبارك", "عيد الفطر السعيد"], "hijri", 10, 1),
    (["روز عرفه", "يوم عرفة", "یوم عرفه"], "hijri", 12, 9),
    (["عید قربان", "عید سعید قربان", "عید اضحی", "عيد الأضحى", "عيد الأضحى المبارك"], "hijri", 12, 10),
    (["عید غدیر", "عید غدیر خم", "عید سعید غدیر", "عيد الغدير"], "hijri", 12, 18),
    (["کریسمس", "عید کریسمس", "عيد الميلاد المجيد", "christmas"], "gregorian", 12, 25),
    (["شب کریسمس", "ليلة عيد الميلاد", "christmas eve"], "gregorian", 12, 24),
    (["سال نو میلادی", "رأس السنة الميلادية", "new year's day"], "gregorian", 1, 1),
    (["روز جهانی کارگر", "روز کارگر", "عيد العمال", "يوم العمال", "labour day", "labor day"], "gregorian", 5, 1),
    (["روز جهانی زن", "اليوم العالمي للمرأة", "يوم المرأة العالمي", "international women's day"], "gregorian", 3, 8),
    (["عید پاک", "عيد الفصح", "easter"], "gregorian", 0, 1),  # computed: Western Easter
    (["چهارشنبه سوری", "چهارشنبه‌سوری", "چارشنبه سوری"], "jalali", 0, 2),  # eve of the year's last Wednesday
    (["روز قدس", "روز جهانی قدس", "يوم القدس", "يوم القدس العالمي"], "hijri", 0, 3),  # last Friday of Ramadan
]
#: Computed named days (month 0 above): day code -> what is computed.
COMPUTED_DAYS = {1: "easter", 2: "last Tuesday of the Solar Hijri year", 3: "last Friday of Ramadan"}
#: Day words that let an everyday word name a day: روزهای اربعین، شب یلدا، ظهر عاشورا.
#: (Not زیارت or مراسم: زیارت عاشورا is a prayer, مراسم اربعین also a fortieth-day memorial.)
NAMED_DAY_CUES = [key(w) for w in ["روز", "روزهای", "ایام", "شب", "جشن", "عید", "ظهر", "عصر", "صبح",
                                   "يوم", "ليلة", "عيد", "أيام", "راهپیمایی"]]  # fmt: skip
#: Recurring days of every Hijri month (the "white days", 13-15): a set.
MONTHLY_DAYS = [key(w) for w in ["ایام البیض", "الأيام البيض", "أيام البيض", "ایام بیض"]]

# ---------------------------------------------------------------- anaphora, quarters, idioms

#: Demonstratives that point back to a time the text named before: آن سال، همان روز، ذلك العام.
ANAPHOR_BEFORE = [key(w) for w in ["همان", "آن", "همون", "ذلك", "تلك", "ذات", "نفس", "that", "the same"]]
#: ... and after their noun: العام نفسه، اليوم ذاته.
ANAPHOR_AFTER = [key(w) for w in ["نفسه", "نفسها", "ذاته", "ذاتها"]]
#: Unit words an anaphor may point with (singular; plurals are vague: همان ماه‌های اول).
ANAPHOR_UNITS: dict[str, str] = {
    key(w): u for w, u in [("روز", "D"), ("شب", "D"), ("ماه", "M"), ("سال", "Y"), ("هفته", "W"),
                           ("اليوم", "D"), ("الليلة", "D"), ("الشهر", "M"), ("العام", "Y"), ("السنة", "Y"),
                           ("الأسبوع", "W"), ("day", "D"), ("month", "M"), ("year", "Y"), ("week", "W")]
}  # fmt: skip
#: Quarter words: ربع چهارم سال، سه‌ماهه نخست، الربع الأول من العام.
QUARTER_WORDS = [key(w) for w in ["ربع", "سه ماهه", "سه‌ماهه", "سه ماه", "سه‌ماه", "الربع", "quarter"]]
QUARTER_ORDINALS: dict[str, int] = {
    key(w): n for w, n in [("اول", 1), ("نخست", 1), ("یکم", 1), ("دوم", 2), ("سوم", 3), ("چهارم", 4),
                           ("آخر", 4), ("پایانی", 4), ("الأول", 1), ("الثاني", 2), ("الثالث", 3), ("الرابع", 4),
                           ("الأخير", 4), ("first", 1), ("second", 2), ("third", 3), ("fourth", 4)]
}  # fmt: skip
#: Nouns that name an event by its year: انتخابات ۹۶، جام جهانی ۲۰۱۸، المپیک 2016، كأس العالم 2022.
YEAR_NOUNS = [key(w) for w in ["انتخابات", "المپیک", "جام جهانی", "جام ملت‌ها", "جام ملتها", "بودجه",
                               "کنکور", "سرشماری", "اکسپو", "جشنواره", "فتنه", "زلزله", "بازی‌های آسیایی",
                               "قانون بودجه", "سند چشم‌انداز", "أولمبياد", "كأس العالم",
                               "مونديال", "ميزانية", "موازنة", "إكسبو", "olympics", "world cup",
                               "election", "elections", "budget", "census", "expo"]]  # fmt: skip
#: Words after a number that make it an amount, not a year (بودجه ۱۹ میلیون دلاری).
AMOUNT_AFTER = [key(w) for w in ["میلیون", "میلیارد", "هزار", "درصد", "تومان", "ریال", "دلار", "یورو", "نفر",
                                 "برابر", "مليون", "مليار", "ألف", "بالمئة", "بالمائة", "في المائة", "دولار",
                                 "ريال", "million", "billion", "percent"]]  # fmt: skip
#: Of those, the ones Persian news also name by a two-digit Solar Hijri year (انتخابات ۹۶، کنکور ۹۹).
TWO_DIGIT_YEAR_NOUNS = [key(w) for w in ["انتخابات", "بودجه", "کنکور", "سرشماری", "فتنه", "قانون بودجه"]]
#: "day by day", "year by year": a unit repeated around به is a set (every unit).
BY_WORD = key("به")
#: "every other day": یک روز در میان.
EVERY_OTHER = [key(w) for w in ["در میان", "در میون", "درمیان"]]
#: Words that are a duration by themselves: شبانه‌روز (a day and a night).
DURATION_WORDS: dict[str, str] = {key(w): v for w, v in [("شبانه‌روز", "P1D"), ("شبانه روز", "P1D")]}

#: Words of sequence or contrast that make a relative phrase after them tell of a later
#: time than the date before them: "resumed in April 2021 but stalled since last year".
SEQUENCE_WORDS = [key(w) for w in ["لكن", "لكنه", "لكنها", "لكنهم", "ولكن", "ثم", "بعدها", "بعد ذلك", "إلا أن",
                                   "غير أن", "اما", "ولی", "سپس", "بعدها", "پس از آن", "but", "then", "later"]]  # fmt: skip
#: Cues before a weekday that make it the article's own day: "later Wednesday" (AP style).
SAME_DAY_CUES = [key(w) for w in ["في وقت لاحق", "في وقت سابق", "في وقت لاحق من يوم", "في وقت سابق من يوم",
                                  "في وقت متأخر من يوم", "later", "earlier", "later on", "earlier on"]]  # fmt: skip
