"""Scoring rasad.extract.time on the three peer test sets in ../shared/data/dates.

* dateparser's Persian/Arabic test cases (143): each case is scored by what it
  tests (month/weekday/digit/number words, full dates, Hijri datetimes,
  relative expressions, search in text). Cases that test dateparser internals
  we do not offer (language applicability, its tokeniser, its translation
  strings) are listed as unsupported, not silently dropped.
* persiantools' Jalali<->Gregorian pairs (58 marked consistent): both
  directions through rasad.extract.time.calendars.
* parstdex's 305 Persian sentences with gold spans: sentence pass rate (the
  predicted span set equals the gold set), exact span P/R/F1 and overlap
  ("relaxed") P/R/F1, and recall per category of gold span.

Run it as ``rasad eval dates`` or ``benchmarks/dates_eval.py``. The data are
not part of the package: pass their folder (default: ../shared/data/dates
beside the repository).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from rasad.extract.time import analyse
from rasad.extract.time import calendars as C
from rasad.extract.time import tables as T
from rasad.extract.time.grammar import lookup, month_names, weekday_names
from rasad.progress import Progress, silent

DEFAULT_DATA = Path(__file__).resolve().parents[5] / "shared" / "data" / "dates"
#: A fixed "now" and anchor, so results do not drift with the calendar.
NOW = dt.date(2026, 1, 1)
ANCHOR = dt.date(2015, 6, 1)
_LATIN_MONTHS = ["farvardin", "ordibehesht", "khordad", "tir", "mordad", "shahrivar", "mehr",
                 "aban", "azar", "dey", "bahman", "esfand"]  # fmt: skip
_LATIN_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


class Tally:
    """Pass/fail counts per category, with the failures kept for --errors."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter[str]] = defaultdict(Counter)
        self.failures: list[tuple[str, str, str]] = []

    def add(self, category: str, ok: bool | None, item: str, detail: str = "") -> None:
        status = "unsupported" if ok is None else ("pass" if ok else "fail")
        self.counts[category][status] += 1
        if ok is False:
            self.failures.append((category, item, detail))

    def summary(self) -> dict[str, object]:
        cats = {c: dict(v) for c, v in sorted(self.counts.items())}
        passed = sum(v["pass"] for v in self.counts.values())
        supported = sum(v["pass"] + v["fail"] for v in self.counts.values())
        unsupported = sorted(c for c, v in self.counts.items() if v["unsupported"])
        return {
            "cases": supported + sum(v["unsupported"] for v in self.counts.values()),
            "supported": supported,
            "passed": passed,
            "pass_rate": round(passed / supported, 4) if supported else None,
            "categories": cats,
            "unsupported_categories": unsupported,
        }


def _first_value(text: str, kinds: tuple[str, ...] = ("date",), anchor: dt.date | None = None) -> str | None:
    r = analyse(text, anchor=anchor, now=NOW)
    for t in r.times:
        if t.kind in kinds and t.value:
            return t.value
    return None


def _number_word(word: str) -> int | None:
    for table in (T.cardinals(), T.ordinal_words(99)):
        try:
            return lookup(table, T.key(word))
        except KeyError:
            continue
    return None


def score_dateparser(path: Path) -> Tally:
    """dateparser's fa/ar cases, by the test each comes from."""
    tally = Tally()
    for line in path.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        test, args, kw = case["test"], case["args"], case["kwargs"]
        if test == "test_replace_months":
            names = month_names().get(T.key(kw["date_string"]), [])
            want = ("jalali", _LATIN_MONTHS.index(kw["latin"].lower()) + 1)
            tally.add("month names (Jalali)", want in names, kw["date_string"])
        elif test == "test_replace_weekdays":
            got = weekday_names().get(T.key(kw["date_string"]).removeprefix("روز "))
            tally.add("weekday names", got == _LATIN_DAYS.index(kw["latin"].lower()), kw["date_string"])
        elif test == "test_replace_digits":
            tally.add("digits", T.key(kw["date_string"]) == kw["latin"], kw["date_string"])
        elif test == "test_replace_day_literal_with_numerals":
            word, want = kw["persian"], int(kw["numeral"])
            if want == 0 or " ثانیه" in word:  # zero is no day; "بیست ثانیه" = 22 is a dateparser quirk
                tally.add("number words: zero and dateparser's 'بیست ثانیه'=22", None, word)
                continue
            got = _number_word(word)
            tally.add("number words", got == want, word, f"got {got}")
        elif test in ("test_get_date", "test_datetime_parsing"):
            text = kw.get("date_string") or kw["dt_string"]
            want = (kw.get("dt") or kw["dt_obj"]).removesuffix("T00:00:00")
            got = _first_value(text)
            if got and len(want) > 10 and want.endswith(":00") and got.count(":") == 1:
                got += ":00"
            cat = "Jalali full dates" if test == "test_get_date" else "Hijri numeric datetimes"
            tally.add(cat, got == want, text, f"got {got}, want {want}")
        elif test in ("test_relative_past_dates", "test_normalized_relative_dates"):
            text, ago = args[0], kw["ago"]
            if set(ago) != {"days"}:
                tally.add("relative: compound offsets", None, text)
                continue
            want = (ANCHOR - dt.timedelta(days=ago["days"])).isoformat()
            got = _first_value(text, anchor=ANCHOR)
            tally.add("relative days", got == want, text, f"got {got}, want {want}")
        elif test == "test_freshness_translation":
            text, want = args[1], args[2]
            r = analyse(text, "ar", anchor=ANCHOR, now=NOW)
            t = r.times[0] if r.times else None
            m = re.match(r"(?:ago )?(\d+) (day|year|hour)( ago)?", want)
            assert m
            n, unit, ago = int(m.group(1)), m.group(2), want.startswith("ago") or want.endswith("ago")
            if t is None:
                ok = False
            elif ago and unit == "day":
                ok = t.value == (ANCHOR - dt.timedelta(days=n)).isoformat()
            elif ago:
                ok = t.kind == "date" and t.inferred  # "2 hours ago": a point relative to now
            else:
                ok = t.kind == "duration" and t.value == f"P{'T' if unit == 'hour' else ''}{n}{unit[0].upper()}"
            tally.add("relative/duration phrases", ok, text, f"got {t and (t.kind, t.value)}")
        elif test in ("test_translation", "test_search_date_string"):
            text = args[1]
            m = re.match(r"(\d+) (\w+) (\d{4}) (\d\d):(\d\d) (am|pm)", args[2]) if test == "test_translation" else None
            got = _first_value(text)
            ok = bool(got and got.startswith("2015-01-0"))
            if m:
                h = int(m.group(4)) % 12 + (12 if m.group(6) == "pm" else 0)
                ok = got == f"2015-01-{int(m.group(1)):02d}T{h:02d}:{m.group(5)}"
            tally.add("Arabic datetimes", ok, text, f"got {got}")
        elif test == "test_search_and_parse":
            lang, text, gold = args[0], args[1], args[2]
            r = analyse(text, lang, now=NOW)
            got = [(t.text.removeprefix("في ").strip(), t.value) for t in r.times]
            want = [(g[0].removeprefix("في ").strip(), g[1][:10]) for g in gold]
            want = [(s, v[:7] if s.split()[0] in ("سپتامبر",) else v) for s, v in want]
            # "between September 1939 and 2 September 1945" read as one range is also right
            as_range = len(r.times) == 1 and r.times[0].kind == "range" and r.times[0].value == "/".join(v for _, v in want)
            tally.add("search in text", got == want or as_range, text[:40], f"got {got}, want {want}")
        elif test == "test_detection":
            r = analyse(args[1], args[0], now=NOW)
            found = sum(2 if t.kind == "range" else 1 for t in r.times)
            tally.add("search in text", found == 2, args[1][:40], f"got {[t.text for t in r.times]}")
        else:  # test_split, test_applicable_languages, test_not_applicable_languages
            tally.add(f"dateparser internals ({test})", None, str(args[:2]))
    return tally


def score_pairs(path: Path) -> tuple[Tally, int]:
    """persiantools' pairs: Jalali->Gregorian and back; returns (tally, inconsistent count)."""
    tally = Tally()
    inconsistent = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if not row.get("consistent"):
            inconsistent += 1
            continue
        jy, jm, jd = (int(x) for x in row["jalali"].split("-"))
        g = dt.date.fromisoformat(row["gregorian"])
        try:
            ok_to = C.to_gregorian("jalali", jy, jm, jd) == g
        except ValueError:
            ok_to = False
        tally.add("Jalali->Gregorian", ok_to, row["jalali"])
        tally.add("Gregorian->Jalali", C.from_gregorian("jalali", g) == (jy, jm, jd), row["gregorian"])
    return tally, inconsistent


_NUM = r"[\d۰-۹]"
#: Categories of gold spans, by their written form (first rule that matches). Forms we do
#: not read on purpose have their own rules, so that they are counted apart, not hidden:
#: a unit word with no number or name (روز خوبی بود، در فصل), a season adjective
#: (خواب زمستانی) and a list of numbers sharing one unit (دقایق ۵، ۶۱ و ۸۹).
_CATEGORY_RULES = [
    ("unit word alone (unsupported)",
     r"^(?:(?:از|در|طول)\s*)?(?:سالروز|سالگرد|روز|روزها|روزهای|روزی|سال|ماه|هفته|دقیقه|ساعت|فصل|ثانیه)(?:\s*(?:ی|ای|های))?$"),
    ("named day/festival", r"یلدا|نوروز|اربعین|عاشورا|تاسوعا|کریسمس|البیض|مبعث|غدیر|عید"),
    ("age", r"سالگ"),
    ("season adjective (unsupported)", r"^(?:زمستان|پاییز|پاییز|تابستان|بهار)(?:ی|ه)$"),
    ("list of numbers, one unit (unsupported)", rf"{_NUM}\s*[،,]\s*{_NUM}+\s*و\s*{_NUM}"),
    ("clock time", r"\d\s*:\s*\d|ساعت\s*\d|ب\s*\.\s*ظ|PM|AM|صبح|عصر|ظهر|بامداد|شب|ربع\s*به"),
    ("century/decade", r"قرن|سده|دهه"),
    ("anaphoric (that year)", r"(?:همان|آن)\s*(?:روز|سال|ماه|هفته)"),
    ("quarter", r"ربع\s*(?:اول|دوم|سوم|چهارم)|سه\s*ماهه"),
    ("season/part of year", r"فصل|بهار|تابستان|پاییز|پاييز|زمستان|نیمه|نيمه|اوایل|اوايل|اواخر|ابتدا|پایان"),
    ("date with month name", "|".join(re.escape(w) for w in list(month_names()) if len(w) > 2)),
    ("numeric date", r"\d{1,4}\s*[./-]\s*\d{1,2}\s*[./-]\s*\d{1,4}"),
    ("year", rf"(?:سال|سالهای|سال‌های)\s*{_NUM}+|{_NUM}{{4}}|هزار|^{_NUM}{{2,4}}\s*(?:ق|ش)?$"
             rf"|{_NUM}+\s*(?:خورشیدی|شمسی|قمری|میلادی)"),
    ("relative", r"دیروز|ديروز|امروز|فردا|گذشته|آینده|آينده|پیش|قبل|اخیر|امسال|جاری|جاري|پارسال|دیگر|ديگر|همین|همان|کنون"),
    ("weekday", r"شنبه|جمعه"),
    ("duration", r"روز|هفته|ماه|سال|دقیقه|دقيقه|ساعت|ثانیه"),
]  # fmt: skip


_CORE_TRIM = re.compile(r"^[\s«»\"']+|[\s«»\"'.,،:]+$")


def categorize(span: str) -> str:
    """A coarse category for a gold parstdex span (first rule that matches)."""
    k = T.key(_CORE_TRIM.sub("", span))
    for name, pattern in _CATEGORY_RULES:
        if re.search(pattern, k):
            return name
    return "other"


#: Leading words parstdex keeps in its spans and TimeML leaves out; stripped for "exact_core".
_LEADING = re.compile(
    r"^(?:(?:در\s*طول|در\s*تاریخ|در\s*تاريخ|از\s*تاریخ|از\s*تاريخ|به\s*مدت|قبل\s*از|بعد\s*از|پس\s*از|"
    r"حدفاصل|در\s*آستانه|کمتر\s*از|حدود|ظرف|طی|طي|در|از|تا|به)\s*)+"
)


def _core(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """``span`` less leading prepositions and surrounding spaces/punctuation."""
    s, e = span
    m = _LEADING.match(text[s:e])
    if m and m.end() < e - s:
        s += m.end()
    while e > s and (text[e - 1].isspace() or text[e - 1] in ".,،:"):
        e -= 1
    return s, e


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def score_parstdex(path: Path) -> tuple[dict[str, object], list[tuple[str, str, str]]]:
    """parstdex: sentence pass rate, exact and overlap span P/R/F1, recall per category."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    core_tp = exact_tp = relaxed_tp_pred = relaxed_tp_gold = n_pred = n_gold = passed = 0
    per_cat: dict[str, Counter[str]] = defaultdict(Counter)
    per_kind: dict[str, Counter[str]] = defaultdict(Counter)
    failures = []
    for row in rows:
        text = row["test_input"]
        gold = [tuple(s) for s in json.loads(row["expected"])]
        times = analyse(text, "fa", anchor=ANCHOR, now=NOW).times
        pred = [(t.start, t.end) for t in times]
        for t in times:
            per_kind[t.kind]["hit" if any(t.start < ge and gs < t.end for gs, ge in gold) else "miss"] += 1
        n_pred += len(pred)
        n_gold += len(gold)
        exact_tp += len(set(pred) & set(gold))
        core_tp += len({_core(text, p) for p in pred} & {_core(text, g) for g in gold})
        relaxed_tp_pred += sum(any(ps < ge and gs < pe for gs, ge in gold) for ps, pe in pred)
        for gs, ge in gold:
            hit = any(ps < ge and gs < pe for ps, pe in pred)
            relaxed_tp_gold += hit
            per_cat[categorize(text[gs:ge])]["hit" if hit else "miss"] += 1
            per_cat[categorize(text[gs:ge])]["exact"] += (gs, ge) in pred
        ok = sorted(set(pred)) == sorted(set(gold))
        passed += ok
        if not ok:
            failures.append(("parstdex", text[:80], f"gold {[text[a:b] for a, b in gold]} got {[text[a:b] for a, b in pred]}"))
    relaxed_p = relaxed_tp_pred / n_pred if n_pred else 0.0
    relaxed_r = relaxed_tp_gold / n_gold if n_gold else 0.0
    relaxed_f = 2 * relaxed_p * relaxed_r / (relaxed_p + relaxed_r) if relaxed_p + relaxed_r else 0.0
    cats = {
        c: {"gold": v["hit"] + v["miss"], "overlap_recall": round(v["hit"] / (v["hit"] + v["miss"]), 4),
            "exact_recall": round(v["exact"] / (v["hit"] + v["miss"]), 4)}
        for c, v in sorted(per_cat.items())
    }  # fmt: skip
    sup = [v for c, v in per_cat.items() if "unsupported" not in c and c != "other"]
    sup_gold = sum(v["hit"] + v["miss"] for v in sup)
    return {
        "sentences": len(rows),
        "sentence_pass_rate": round(passed / len(rows), 4),
        "spans_gold": n_gold,
        "spans_predicted": n_pred,
        "exact": _prf(exact_tp, n_pred, n_gold),
        "exact_core": _prf(core_tp, n_pred, n_gold),
        "overlap": {"precision": round(relaxed_p, 4), "recall": round(relaxed_r, 4), "f1": round(relaxed_f, 4)},
        "overlap_recall_supported": {
            "gold": sup_gold, "recall": round(sum(v["hit"] for v in sup) / sup_gold, 4) if sup_gold else None,
        },
        "recall_by_category": cats,
        "precision_by_kind": {
            k: {"predicted": v["hit"] + v["miss"], "overlap_precision": round(v["hit"] / (v["hit"] + v["miss"]), 4)}
            for k, v in sorted(per_kind.items())
        },
    }, failures


#: News dumps with known publication dates: (file, language, text field, date field, limit).
ARTICLE_DATE_SETS = [
    ("farsnews_1402_fa.jsonl.gz", "fa", "body", "date_gregorian", None),
    ("saudinewsnet_ar.jsonl.gz", "ar", "content", "date_extracted", 1000),
]


def score_article_dates(news: Path, mode: str = "live") -> dict[str, object]:
    """Article-date inference on dated news, with the dateline hidden.

    ``live``: "now" is the day after publication (a feed processed as it
    arrives). ``archive``: "now" is a fixed day after the whole dump.
    """
    import gzip
    import itertools

    from rasad.doc import Doc
    from rasad.extract.time import process

    out: dict[str, object] = {}
    for name, lang, text_field, date_field, limit in ARTICLE_DATE_SETS:
        path = news / name
        if not path.is_file():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            rows = [json.loads(line) for line in itertools.islice(fh, limit)]
        gold_days = [dt.date.fromisoformat(r[date_field][:10]) for r in rows]
        archive_now = max(gold_days) + dt.timedelta(days=30)
        c: Counter[str] = Counter()
        for row, gold in zip(rows, gold_days, strict=True):
            now = gold + dt.timedelta(days=1) if mode == "live" else archive_now
            doc = process(Doc(text=row.get(text_field) or "", lang=lang), now=now)
            c["articles"] += 1
            if doc.date is None:
                continue
            c["dated"] += 1
            if "/" in doc.date.value:  # only a lower bound: an interval up to "now"
                lo, hi = doc.date.value.split("/")
                c["interval"] += 1
                c["interval_holds"] += lo[:4] <= str(gold.year) <= hi[:4]
                continue
            c["point"] += 1
            start = doc.date.value
            c["year_right"] += start[:4] == str(gold.year)
            if doc.date.precision == "day":
                diff = abs((dt.date.fromisoformat(start[:10]) - gold).days)
                c["day_precision"] += 1
                c["day_exact"] += diff == 0
                c["day_within_1"] += diff <= 1
                c["day_within_7"] += diff <= 7
        n, dated, days = c["articles"], c["dated"], c["day_precision"]
        out[name] = {
            "articles": n,
            "dated": dated,
            "coverage": round(dated / n, 4) if n else None,
            "point_estimates": c["point"],
            "year_right_of_points": round(c["year_right"] / c["point"], 4) if c["point"] else None,
            "lower_bound_intervals": c["interval"],
            "intervals_holding_the_date": c["interval_holds"],
            "day_precision": days,
            "day_exact": round(c["day_exact"] / days, 4) if days else None,
            "day_within_1": round(c["day_within_1"] / days, 4) if days else None,
            "day_within_7": round(c["day_within_7"] / days, 4) if days else None,
        }
    return out


def evaluate(
    data: Path = DEFAULT_DATA, with_articles: bool = False, progress: Progress | None = None
) -> tuple[dict[str, object], list[tuple[str, str, str]]]:
    """Score the three peer sets in ``data``: (report, failures as (category, item, detail)).

    ``with_articles`` adds article-date inference on the dated news dumps in
    ``data/../news`` (see :func:`score_article_dates`). ``progress`` hears
    "scoring peer sets", one unit per set.
    """
    if not data.is_dir():
        raise FileNotFoundError(f"{data} is not a directory (the peer sets live in ../shared/data/dates)")
    say = progress or silent
    total = 5 if with_articles else 3
    say("scoring peer sets", 0, total)
    dp = score_dateparser(data / "dateparser_fa_ar_cases.jsonl")
    say("scoring peer sets", 1, total)
    pairs, inconsistent = score_pairs(data / "jalali_gregorian_pairs.jsonl")
    say("scoring peer sets", 2, total)
    pdx, pdx_fail = score_parstdex(data / "parstdex_spans.json")
    say("scoring peer sets", 3, total)
    report: dict[str, object] = {
        "dateparser": dp.summary(),
        "persiantools_pairs": pairs.summary() | {"skipped_inconsistent": inconsistent},
        "parstdex": pdx,
    }
    news = data.parent / "news"
    if with_articles and news.is_dir():
        report["article_date_live"] = score_article_dates(news, "live")
        say("scoring peer sets", 4, total)
        report["article_date_archive"] = score_article_dates(news, "archive")
        say("scoring peer sets", 5, total)
    return report, dp.failures + pairs.failures + pdx_fail


def format_report(report: dict[str, object]) -> str:
    """The report as indented text."""
    lines = []
    for name, block in report.items():
        lines.append(f"== {name}")
        assert isinstance(block, dict)
        for k, v in block.items():
            if isinstance(v, dict) and (
                k in ("categories", "recall_by_category", "precision_by_kind") or name.startswith("article")
            ):
                if k != "categories":
                    lines.append(f"   {k}:")
                lines.extend(f"   {c:40s} {vv}" for c, vv in v.items())
            else:
                lines.append(f"   {k}: {v}")
    return "\n".join(lines)
