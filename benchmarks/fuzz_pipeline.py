"""Fuzz the whole pipeline: random Persian/Arabic/Latin mixes through ``rasad.pipeline.run``.

Each input is a random mix of words in three scripts, digits in three
scripts, punctuation and «» quotes, ZWNJ/RLM/bidi marks, control characters,
very long words, repeated relative-date words, HTML fragments, dates, emoji
and (rarely) a lone surrogate, or empty/whitespace. Every document runs under the
per-document deadline (``rasad.pipeline.STAGE_DEADLINE_S`` unless
``--deadline``). Outcomes: ``ok``, ``StageError <stage>``, ``timeout`` (a stage
past the deadline) and ``other exception`` (a bug: anything but a StageError).

    PYTHONPATH=src .venv/bin/python benchmarks/fuzz_pipeline.py --n 20000 --seed 0

Prints counts by outcome, time per document (percentiles), examples of each
non-ok outcome and the CPU; exits 1 when any "other exception" occurred.
"""

from __future__ import annotations

import argparse
import inspect
import logging
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from rasad import pipeline
from rasad.doc import Doc
from rasad.doctor import cpu_name

FA_WORDS = ["شهر", "دولت", "وزیر", "گفت", "مذاکرات", "کتاب\u200cها", "می\u200cشود", "خبرگزاری", "استان", "تهران", "مشهد", "نماینده", "مجلس", "رئیس\u200cجمهور", "اقتصاد", "بازار", "قیمت", "نفت", "دانشگاه", "دانشجویان", "بیمارستان", "پزشک", "کشاورزان", "باران", "برف", "سیل", "زلزله"]
AR_WORDS = ["قال", "الوزير", "المدينة", "الحكومة", "المفاوضات", "الرئيس", "البرلمان", "الاقتصاد", "السوق", "النفط", "الجامعة", "الطلاب", "المستشفى", "الأطباء", "المزارعون", "المطر", "الثلج", "الفيضان", "الزلزال", "وكالة", "الأنباء", "القاهرة", "بغداد"]
EN_WORDS = ["the", "minister", "said", "talks", "city", "government", "market", "oil", "price", "university", "hospital", "flood", "said"]
RELATIVE = ("دیروز", "امروز", "فردا", "پریروز", "پس‌فردا", "هفته گذشته", "ماه آینده", "سال پیش", "أمس", "اليوم",
            "غدا", "الأسبوع الماضي", "الشهر المقبل", "قبل يومين", "yesterday", "next week", "last month")
DATES = ("1402/06/04", "۱۴۰۲-۰۶-۰۴", "١٤٤٥/٠٢/١٥", "2024-02-30", "31/02/2024", "۴ شهریور ۱۴۰۲", "15 رمضان 1445",
         "0000-00-00", "99999-99-99", "2023-10-07T10:00:00+03:30")
PUNCT = [*".,;:!?،؛؟«»\"'()[]{}-—…/\\|@#%^&*_+=~`", "...", "؟!", "٪", "٫", "٬"]
MARKS = ["\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
         "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff", "\u00a0", "\u2009", "\u0640", "\u064b", "\u064e", "\u0651",
         "\u0670"]
CONTROLS = [chr(c) for c in (*range(32), 127, *range(128, 160))]
HTML = ["<p>", "</p>", "<div class='x'>", "</div>", "&nbsp;", "&zwnj;", "&#8204;", "<br/>", "<script>alert(1)</script>",
        "<!-- c -->", "<![CDATA[x]]>", "&amp;", "&#0;", "<a href='javascript:x'>", "</a>"]
EMOJI = ["🚀", "👩🏽‍🚒", "𝔸", "𓀀", "🇮🇷", "\U0010ffff"]


def digits(rng: random.Random) -> str:
    """A number in Latin, Persian or Arabic-Indic digits, sometimes with separators."""
    n = str(rng.randint(0, 10 ** rng.randint(1, 12)))
    table = rng.choice([None, str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"), str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")])
    n = n.translate(table) if table else n
    if rng.random() < 0.2 and len(n) > 3:
        n = n[:-3] + rng.choice(["٬", ",", "٫", "."]) + n[-3:]
    return n


def piece(rng: random.Random) -> str:
    """One random fragment."""
    kind = rng.random()
    if kind < 0.22:
        return rng.choice(FA_WORDS)
    if kind < 0.40:
        return rng.choice(AR_WORDS)
    if kind < 0.46:
        return rng.choice(EN_WORDS)
    if kind < 0.55:
        return digits(rng)
    if kind < 0.63:
        return rng.choice(PUNCT)
    if kind < 0.70:
        return rng.choice(MARKS)
    if kind < 0.74:
        return rng.choice(CONTROLS)
    if kind < 0.77:
        return rng.choice("بکیالمن") * rng.randint(50, 3000)  # a very long word
    if kind < 0.81:
        return " ".join([rng.choice(RELATIVE)] * rng.randint(2, 300))
    if kind < 0.85:
        return rng.choice(DATES)
    if kind < 0.89:
        return rng.choice(HTML)
    if kind < 0.92:
        return rng.choice(EMOJI)
    return rng.choice([" ", "\n", "\n\n", "\t", "\r\n", "  "])


def make_text(rng: random.Random) -> str:
    """One fuzz document's text (sometimes empty, whitespace only, or large)."""
    r = rng.random()
    if r < 0.02:
        return ""
    if r < 0.04:
        return rng.choice([" ", "\n\n\t ", "\u200c\u200f ", "\u00a0" * 20])
    n = rng.randint(1, 60) if r < 0.96 else rng.randint(60, 400) if r < 0.998 else rng.randint(1000, 3000)
    sep = rng.choice([" ", " ", " ", "", "\u200c", "\n"])
    text = sep.join(piece(rng) for _ in range(n))
    if rng.random() < 0.005:  # a lone surrogate, as a JSON escape can give one
        at = rng.randint(0, len(text))
        text = text[:at] + rng.choice(["\ud800", "\udcff", "\udfff"]) + text[at:]
    return text


@dataclass
class Report:
    """Counts by outcome, time per document, and examples."""

    counts: Counter[str] = field(default_factory=Counter)
    seconds: list[float] = field(default_factory=list)
    bugs: list[str] = field(default_factory=list)
    examples: dict[str, str] = field(default_factory=dict)

    def percentile(self, q: float) -> float:
        s = sorted(self.seconds)
        return s[min(len(s) - 1, int(q * len(s)))] if s else 0.0


def fuzz(n: int, seed: int = 0, deadline_s: float | None = None, every: int = 0) -> Report:
    """Run ``n`` random documents through the whole pipeline; the :class:`Report`.

    ``every`` > 0 prints the counts so far after every that many documents.
    """
    rng = random.Random(seed)
    accepts_deadline = "deadline_s" in inspect.signature(pipeline.run).parameters
    limit = deadline_s if deadline_s is not None else getattr(pipeline, "STAGE_DEADLINE_S", 60.0)
    report = Report()
    pipeline.run(Doc(text="وزیر گفت.", source="warm-up"))  # models load outside the timing
    for i in range(n):
        text = make_text(rng)
        doc = Doc(text=text, source=f"fuzz:{seed}:{i}")
        started = time.perf_counter()
        try:
            if accepts_deadline:
                pipeline.run(doc, deadline_s=limit)
            else:
                pipeline.run(doc)
            outcome = "ok"
        except pipeline.StageError as exc:
            stage = getattr(exc, "stage", "?")
            outcome = "timeout" if "exceeded" in str(exc) else f"StageError {stage}"
            report.examples.setdefault(outcome, f"#{i} {text[:80]!r}: {str(exc)[:200]}")
        except Exception as exc:  # a bug: stages must raise StageError only
            outcome = "other exception"
            report.bugs.append(f"#{i} {text[:80]!r}: {type(exc).__name__}: {exc}")
        took = time.perf_counter() - started
        if not accepts_deadline and took > limit:
            outcome = "timeout"
        report.counts[outcome] += 1
        report.seconds.append(took)
        if every and (i + 1) % every == 0:
            print(f"  ... {i + 1:,} documents: {dict(report.counts)}", flush=True)
    return report



def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=20_000, help="number of documents (default 20,000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--deadline", type=float, default=None, help="per-document deadline in seconds")
    ap.add_argument("--every", type=int, default=1000, help="print the counts so far every N documents (0: never)")
    args = ap.parse_args()
    logging.disable(logging.WARNING)  # stages log per-document warnings; the counts say enough
    started = time.perf_counter()
    report = fuzz(args.n, args.seed, args.deadline, args.every)
    wall = time.perf_counter() - started
    print(f"fuzz_pipeline: {args.n:,} documents, seed {args.seed}, {wall:.1f} s")
    for outcome, count in report.counts.most_common():
        print(f"  {outcome:30s} {count:7,d}")
    print(f"  time per doc: p50 {report.percentile(0.5) * 1000:.1f} ms, p90 {report.percentile(0.9) * 1000:.1f} ms, p99 {report.percentile(0.99) * 1000:.1f} ms, max {max(report.seconds, default=0.0):.2f} s")
    for outcome, example in report.examples.items():
        print(f"  e.g. {outcome}: {example}")
    for bug in report.bugs[:10]:
        print(f"  BUG {bug}")
    print(f"  CPU: {cpu_name()}")
    return 1 if report.counts.get("other exception") else 0


if __name__ == "__main__":
    sys.exit(main())
