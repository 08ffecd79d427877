"""Calibrate and measure story grouping (rasad.link.stories) on labelled article pairs.

Pairs, none from the seeds:

* same-language positives from the real Arabic dump (SaudiNewsNet): articles of
  *different outlets* whose bodies share word 3-shingles (MinHash Jaccard), split
  into near-copies (J >= 0.6, the near-duplicate threshold) and rewrites
  (0.25 <= J < 0.6: the same news written up again);
* same-language negatives: random pairs of the Arabic dump and of the Persian
  Fars dump published at most STORY_MAX_DAYS apart, with J < 0.05 (a few may
  still be the same news: label noise counts against precision);
* cross-lingual pairs written for this benchmark (below): each news item in
  Persian and Arabic is a positive; a Persian item against the Arabic of
  another item is a negative (all dated the same day, so dates cannot help).

Prints the pair counts, cosine quantiles per group, precision/recall/F1 of the
rule with the module's constants, and a grid over each regime's two thresholds.

    PYTHONPATH=src .venv/bin/python benchmarks/stories_eval.py [--articles 4000] [--seed 0]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import time
from itertools import combinations
from pathlib import Path

import numpy as np

from rasad.link import dedup, stories
from rasad.text.fold import fold

DATA = Path("/work/shared/data/news")

#: Hand-written news items: (Persian title, Persian lead, Arabic title, Arabic lead).
CROSS = [
    ("زلزله ۶ ریشتری شمال شیلی را لرزاند",
     "زمین‌لرزه‌ای به بزرگی ۶ ریشتر روز دوشنبه شمال شیلی را لرزاند و دست‌کم ۱۲ نفر زخمی شدند.",
     "زلزال بقوة 6 درجات يضرب شمال تشيلي",
     "ضرب زلزال بقوة 6 درجات على مقياس ريختر شمال تشيلي يوم الاثنين وأصيب 12 شخصا على الأقل."),
    ("نخست‌وزیر ژاپن وارد قاهره شد",
     "نخست‌وزیر ژاپن در سفری سه روزه وارد قاهره شد تا با رئیس‌جمهور مصر درباره سرمایه‌گذاری گفتگو کند.",
     "رئيس الوزراء الياباني يصل إلى القاهرة",
     "وصل رئيس الوزراء الياباني إلى القاهرة في زيارة تستغرق ثلاثة أيام لبحث الاستثمارات مع الرئيس المصري."),
    ("اوپک پلاس تولید نفت را کاهش داد",
     "کشورهای عضو اوپک پلاس توافق کردند تولید روزانه نفت را ۵۰۰ هزار بشکه کاهش دهند.",
     "أوبك بلس تخفض إنتاج النفط",
     "اتفقت دول أوبك بلس على خفض إنتاج النفط اليومي بمقدار 500 ألف برميل."),
    ("سیل در پاکستان ۴۰ کشته بر جای گذاشت",
     "باران‌های موسمی و سیل در ایالت سند پاکستان دست‌کم ۴۰ کشته و هزاران آواره بر جای گذاشت.",
     "مقتل 40 شخصا في فيضانات باكستان",
     "خلفت الأمطار الموسمية والفيضانات في إقليم السند الباكستاني 40 قتيلا على الأقل وآلاف النازحين."),
    ("آتشفشان مراپی در اندونزی فوران کرد",
     "آتشفشان مراپی در جزیره جاوه اندونزی فوران کرد و مقامات ساکنان روستاهای اطراف را تخلیه کردند.",
     "ثوران بركان ميرابي في إندونيسيا",
     "ثار بركان ميرابي في جزيرة جاوة الإندونيسية وأجلت السلطات سكان القرى المجاورة."),
    ("عمان میزبان گفتگوهای یمن شد",
     "هیئت‌های دولت یمن و حوثی‌ها در مسقط برای تبادل اسرا و تمدید آتش‌بس گفتگو کردند.",
     "سلطنة عمان تستضيف محادثات يمنية",
     "أجرى وفدا الحكومة اليمنية والحوثيين محادثات في مسقط بشأن تبادل الأسرى وتمديد الهدنة."),
    ("برزیل قهرمان کوپا آمریکا شد",
     "تیم ملی فوتبال برزیل با پیروزی ۲ بر یک مقابل آرژانتین قهرمان کوپا آمریکا شد.",
     "البرازيل تتوج بكوبا أمريكا",
     "توج منتخب البرازيل لكرة القدم بلقب كوبا أمريكا بعد فوزه على الأرجنتين 2-1."),
    ("انتخابات پارلمانی عراق برگزار شد",
     "مردم عراق روز یکشنبه برای انتخاب ۳۲۹ نماینده پارلمان پای صندوق‌های رأی رفتند و مشارکت ۴۱ درصد اعلام شد.",
     "العراق يجري انتخابات برلمانية",
     "توجه العراقيون يوم الأحد إلى صناديق الاقتراع لانتخاب 329 نائبا وأعلنت نسبة مشاركة بلغت 41 بالمئة."),
    ("بانک مرکزی ترکیه نرخ بهره را افزایش داد",
     "بانک مرکزی ترکیه نرخ بهره را ۵ واحد درصد افزایش داد تا با تورم مقابله کند.",
     "المركزي التركي يرفع سعر الفائدة",
     "رفع البنك المركزي التركي سعر الفائدة بمقدار 5 نقاط مئوية لمواجهة التضخم."),
    ("آتش‌سوزی جنگل‌های یونان مهار شد",
     "آتش‌نشانان یونانی پس از پنج روز آتش‌سوزی جنگل‌های نزدیک آتن را مهار کردند.",
     "السيطرة على حرائق الغابات في اليونان",
     "تمكن رجال الإطفاء اليونانيون بعد خمسة أيام من السيطرة على حرائق الغابات قرب أثينا."),
]  # fmt: skip

#: Hand-written Persian items on the same subject as an Arabic item of CROSS but other news
#: (hard cross-lingual negatives): (title, lead, index into CROSS).
HARD_CROSS = [
    ("رئیس‌جمهور مصر ماه آینده به توکیو می‌رود",
     "رئیس‌جمهور مصر ماه آینده برای دیدار با نخست‌وزیر ژاپن و امضای توافق‌های اقتصادی به توکیو سفر می‌کند.", 1),
    ("زلزله ۵ ریشتری جنوب پرو را لرزاند",
     "زمین‌لرزه‌ای به بزرگی ۵ ریشتر روز سه‌شنبه جنوب پرو را لرزاند و خسارتی گزارش نشد.", 0),
    ("سیل در بنگلادش هزاران نفر را آواره کرد",
     "باران‌های موسمی در شمال بنگلادش سیل به راه انداخت و هزاران نفر آواره شدند.", 3),
    ("انتخابات شوراهای استانی عراق به تعویق افتاد",
     "کمیسیون انتخابات عراق اعلام کرد انتخابات شوراهای استانی به دلیل مشکلات فنی شش ماه به تعویق می‌افتد.", 7),
    ("بانک مرکزی ترکیه نرخ بهره را ثابت نگه داشت",
     "بانک مرکزی ترکیه در نشست ماهانه خود نرخ بهره را بدون تغییر نگه داشت.", 8),
    ("نشست اوپک پلاس به تعویق افتاد",
     "نشست وزیران اوپک پلاس که قرار بود یکشنبه برگزار شود به هفته آینده موکول شد.", 2),
    ("آتش‌سوزی جنگل‌های ترکیه به روستاها رسید",
     "آتش‌سوزی جنگل‌های جنوب ترکیه به روستاهای اطراف آنتالیا رسید و صدها نفر تخلیه شدند.", 9),
    ("یمن و عربستان درباره بازگشایی فرودگاه صنعا گفتگو کردند",
     "هیئت‌هایی از یمن و عربستان سعودی در ریاض درباره بازگشایی فرودگاه صنعا گفتگو کردند.", 5),
]  # fmt: skip


def _load(path: Path, limit: int) -> list[dict]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fp:
        for line in fp:
            r = json.loads(line)
            body = r.get("content") or r.get("body") or r.get("abstract") or ""
            if len(body) < 200:
                continue
            day = stories.parse_day(r.get("date_extracted") or r.get("date") or r.get("published"))
            out.append({"title": r.get("title"), "body": body, "outlet": r.get("source"), "day": day})
            if len(out) >= limit:
                break
    return out


def _lead(title: str | None, body: str) -> str:
    return stories.story_text(title, body[: stories.STORY_TEXT_CHARS * 2])


def _pairs_same_lang(arts: list[dict], rng: random.Random, n_neg: int) -> tuple[list, list, list, list]:
    sigs = [dedup.signature(fold(a["body"]), folded=True) for a in arts]
    bands: dict[int, list[int]] = {}
    for i, s in enumerate(sigs):
        if s is not None:
            for b in dedup.buckets(s):
                bands.setdefault(b, []).append(i)
    cand = {(i, j) for ids in bands.values() if len(ids) < 50 for i, j in combinations(ids, 2)}
    near, rewrite = [], []
    for i, j in sorted(cand):
        if arts[i]["outlet"] == arts[j]["outlet"]:
            continue
        score = dedup.similarity(sigs[i], sigs[j])
        if score >= dedup.NEAR_DUP_THRESHOLD:
            near.append((i, j))
        elif score >= 0.25:
            rewrite.append((i, j))
    neg: list[tuple[int, int]] = []
    hard: list[tuple[int, int]] = []
    anchors = [frozenset(stories.text_anchors(_lead(a["title"], a["body"]))) for a in arts]
    tries = 0
    while (len(neg) < n_neg or len(hard) < n_neg) and tries < n_neg * 200:
        tries += 1
        i, j = rng.sample(range(len(arts)), 2)
        if sigs[i] is None or sigs[j] is None or not stories.dates_compatible(arts[i]["day"], arts[j]["day"]):
            continue
        if dedup.similarity(sigs[i], sigs[j]) >= 0.05:
            continue
        shared = len(anchors[i] & anchors[j]) >= stories.STORY_MIN_SHARED_ANCHORS
        if shared and len(hard) < n_neg:
            hard.append((i, j))
        elif not shared and len(neg) < n_neg:
            neg.append((i, j))
    return near, rewrite, neg, hard


def _features(arts: list[dict]) -> tuple[np.ndarray, list[frozenset[str]]]:
    texts = [_lead(a["title"], a["body"]) for a in arts]
    return stories.encode(texts), [frozenset(stories.text_anchors(t)) for t in texts]


def _decide(c: float, shared: int, hi: float, lo: float) -> bool:
    return c >= hi or (c >= lo and shared >= stories.STORY_MIN_SHARED_ANCHORS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=4000, help="Arabic articles read (pairs come from these)")
    parser.add_argument("--per-group", type=int, default=150, help="most positive pairs per group")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.perf_counter()

    groups: dict[str, list[tuple[float, int, bool]]] = {}  # name -> (cos, shared anchors, label)
    ar = _load(DATA / "saudinewsnet_ar.jsonl.gz", args.articles)
    near, rewrite, neg, hard = _pairs_same_lang(ar, rng, 200)
    near, rewrite = rng.sample(near, min(len(near), args.per_group)), rng.sample(rewrite, min(len(rewrite), args.per_group))
    fa = _load(DATA / "farsnews_fa.jsonl.gz", 2000) + _load(DATA / "farsnews_1402_fa.jsonl.gz", 300)
    _, _, neg_fa, hard_fa = _pairs_same_lang(fa, rng, 150)
    for name, arts, pairs, label in (
        ("ar near-copies (+)", ar, near, True), ("ar rewrites (+)", ar, rewrite, True),
        ("ar random same days (-)", ar, neg, False), ("ar same days, 2+ anchors (-)", ar, hard, False),
        ("fa random same days (-)", fa, neg_fa, False), ("fa same days, 2+ anchors (-)", fa, hard_fa, False),
    ):  # fmt: skip
        used = sorted({k for p in pairs for k in p})
        if not used:
            groups[name] = []
            continue
        vecs, anchors = _features([arts[k] for k in used])
        row = {k: n for n, k in enumerate(used)}
        groups[name] = [
            (float(vecs[row[i]] @ vecs[row[j]]), len(anchors[row[i]] & anchors[row[j]]), label) for i, j in pairs
        ]
    fa_v, fa_a = _features([{"title": t, "body": b} for t, b, _, _ in CROSS])
    ar_v, ar_a = _features([{"title": t, "body": b} for _, _, t, b in CROSS])
    groups["x fa-ar written pairs (+)"] = [(float(fa_v[i] @ ar_v[i]), len(fa_a[i] & ar_a[i]), True) for i in range(len(CROSS))]
    groups["x fa-ar written, other item (-)"] = [
        (float(fa_v[i] @ ar_v[j]), len(fa_a[i] & ar_a[j]), False)
        for i in range(len(CROSS)) for j in range(len(CROSS)) if i != j
    ]  # fmt: skip
    hx_v, hx_a = _features([{"title": t, "body": b} for t, b, _ in HARD_CROSS])
    groups["x fa-ar written, same subject (-)"] = [
        (float(hx_v[n] @ ar_v[k]), len(hx_a[n] & ar_a[k]), False) for n, (_, _, k) in enumerate(HARD_CROSS)
    ]

    # groups named "x ..." pair two languages and use the cross-language thresholds
    def rule(cross: bool) -> tuple[float, float]:
        return stories.thresholds(cross)

    print(f"{'group':36} {'pairs':>5} {'cos p10':>8} {'p50':>6} {'p90':>6} {'rule says same':>15}")
    for name, rows in groups.items():
        if not rows:
            print(f"{name:36} {0:5}")
            continue
        cos = np.array([r[0] for r in rows])
        hi, lo = rule(name.startswith("x "))
        same = sum(_decide(c, s, hi, lo) for c, s, _ in rows)
        print(f"{name:36} {len(rows):5} {np.quantile(cos, 0.1):8.3f} {np.median(cos):6.3f} "
              f"{np.quantile(cos, 0.9):6.3f} {same / len(rows):15.3f}")  # fmt: skip

    def score(hi: float, lo: float, cross: bool) -> tuple[float, float, float]:
        # each group weighs the same (macro over the groups of one regime)
        tp = fp = fn = 0.0
        for name, rows in groups.items():
            if not rows or name.startswith("x ") != cross:
                continue
            w = 1.0 / len(rows)
            for c, s, label in rows:
                said = _decide(c, s, hi, lo)
                tp += w * (said and label)
                fp += w * (said and not label)
                fn += w * (label and not said)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    for cross, names in ((False, "STORY_COSINE, STORY_COSINE_ANCHORED"), (True, "STORY_COSINE_CROSS, STORY_COSINE_CROSS_ANCHORED")):
        hi, lo = rule(cross)
        p, r, f = score(hi, lo, cross)
        regime = "two languages" if cross else "one language"
        print(f"\n{regime}: rule with {names} = {hi}, {lo}: precision {p:.3f} recall {r:.3f} F1 {f:.3f} "
              "(each group weighted equally)")
        grid = []
        for h in np.arange(0.84, 0.97, 0.01):
            for low in np.arange(0.80, h + 1e-9, 0.01):
                grid.append((*score(float(h), float(low), cross), float(h), float(low)))
        grid.sort(key=lambda g: (-g[2], -g[0], -g[3], -g[4]))
        print(f"  best on the grid (precision, recall, F1, {names}):")
        for g in grid[:5]:
            print("    " + "  ".join(f"{x:.3f}" for x in g))
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
