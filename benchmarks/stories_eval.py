"""Measure story grouping (rasad.link.stories) on labelled article pairs.

Pairs, none from the seeds:

* same-language positives from the real Arabic dump (SaudiNewsNet): articles of
  *different outlets* whose bodies share word 3-shingles (MinHash Jaccard), split
  into near-copies (J >= 0.6, the near-duplicate threshold) and rewrites
  (0.25 <= J < 0.6: the same news written up again);
* same-language negatives: random pairs of the Arabic dump and of the Persian
  Fars dump published at most STORY_MAX_DAYS apart, with J < 0.05 (a few may
  still be the same news: label noise counts against precision), and such pairs
  that share 2+ anchors (countries, numbers) in their headline and lead;
* cross-lingual pairs written for this benchmark (below): each news item in
  Persian and Arabic is a positive; a Persian item against the Arabic of
  another item is a negative (all dated the same day, so dates cannot help);
* cross-lingual reports of one dated event written for this benchmark
  (EVENT_CROSS), run through every stage and the corpus step's event merging,
  so that the shared-event signal is measured: each fa/ar pair is a positive;
  other news of the next days that recalls the same event in a background
  sentence (EVENT_BACKGROUND) is a negative against the other language's report.

Each article goes through the text and entity stages; what story grouping
sees of it is what ``rasad analyze`` gives it (``rasad.analyze.stories.doc_stories``):
passages, entity keys (``ref_key``: the documents are not linked across each
other), shared day-dated merged events. Each pair is decided by
``rasad.link.stories.linked`` twice: with the dates (every pair is at most
STORY_MAX_DAYS apart) and with them withheld (the rule for undated articles).

Prints per group the calibrated passage score (p10 / p50 / p90), the share of
pairs with a shared event, and the share the rule puts in one story, dated and
undated; then precision, recall and F1 per regime (one language, two), each
group weighted equally.

    PYTHONPATH=src .venv/bin/python benchmarks/stories_eval.py [--articles 4000] [--seed 0]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import time
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

from rasad.link import dedup, stories
from rasad.link.stories import StoryItem
from rasad.text.fold import fold

DATA = Path("/work/shared/data/news")
#: Anchors (countries, numbers) in the headline and lead that make a negative pair a hard one.
MIN_SHARED_ANCHORS = 2

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


#: Hand-written reports of one dated event: (day, Persian title, Persian text, Arabic title, Arabic text).
#: EVENT_CROSS_REWRITE gives each item an Arabic report written up independently (another angle leads).
EVENT_CROSS = [
    ("2023-07-16", "دیدار نخست‌وزیر ژاپن با ولیعهد عربستان در جده",
     "فومیو کیشیدا، نخست‌وزیر ژاپن، روز یکشنبه ۱۶ ژوئیه ۲۰۲۳ در جده با محمد بن سلمان ولیعهد عربستان دیدار کرد. "
     "دو طرف درباره انرژی پاک و سرمایه‌گذاری گفتگو کردند.",
     "كيشيدا يلتقي ولي العهد السعودي في جدة",
     "التقى رئيس الوزراء الياباني فوميو كيشيدا ولي العهد السعودي محمد بن سلمان في جدة يوم الأحد 16 يوليو 2023. "
     "وبحث الجانبان الطاقة النظيفة والاستثمار."),
    ("2024-04-22", "سفر اردوغان به بغداد",
     "رجب طیب اردوغان، رئیس‌جمهور ترکیه، روز دوشنبه ۲۲ آوریل ۲۰۲۴ وارد بغداد شد و با محمد شیاع السودانی "
     "نخست‌وزیر عراق دیدار کرد. آب و امنیت مرزها محور گفتگوها بود.",
     "أردوغان في بغداد",
     "وصل الرئيس التركي رجب طيب أردوغان إلى بغداد يوم الاثنين 22 أبريل 2024 والتقى رئيس الوزراء العراقي "
     "محمد شياع السوداني. وتركزت المحادثات على المياه وأمن الحدود."),
    ("2024-02-27", "دیدار امیر قطر و ماکرون در پاریس",
     "تمیم بن حمد آل ثانی، امیر قطر، روز سه‌شنبه ۲۷ فوریه ۲۰۲۴ در پاریس با امانوئل ماکرون رئیس‌جمهور فرانسه "
     "دیدار کرد. دو رهبر درباره میانجیگری در غزه گفتگو کردند.",
     "أمير قطر يلتقي ماكرون في باريس",
     "التقى أمير قطر الشيخ تميم بن حمد آل ثاني الرئيس الفرنسي إيمانويل ماكرون في باريس يوم الثلاثاء 27 فبراير 2024. "
     "وبحث الزعيمان جهود الوساطة في غزة."),
    ("2023-10-18", "لاوروف در پیونگ‌یانگ",
     "سرگئی لاوروف، وزیر خارجه روسیه، روز چهارشنبه ۱۸ اکتبر ۲۰۲۳ در پیونگ‌یانگ با چوی سون هی همتای کره شمالی خود "
     "دیدار کرد. همکاری نظامی و اقتصادی دو کشور در دستور کار بود.",
     "لافروف في بيونغ يانغ",
     "التقى وزير الخارجية الروسي سيرغي لافروف نظيرته الكورية الشمالية تشوي سون هوي في بيونغ يانغ يوم الأربعاء "
     "18 أكتوبر 2023. وكان التعاون العسكري والاقتصادي على جدول الأعمال."),
    ("2024-02-23", "امضای قرارداد سرمایه‌گذاری مصر و امارات",
     "مصطفی مدبولی، نخست‌وزیر مصر، روز جمعه ۲۳ فوریه ۲۰۲۴ در قاهره قرارداد سرمایه‌گذاری ۳۵ میلیارد دلاری را "
     "با امارات امضا کرد. این قرارداد برای توسعه منطقه‌ای در ساحل مدیترانه است.",
     "مصر والإمارات توقعان اتفاقية استثمار",
     "وقع رئيس الوزراء المصري مصطفى مدبولي في القاهرة يوم الجمعة 23 فبراير 2024 اتفاقية استثمار بقيمة 35 مليار "
     "دولار مع الإمارات. وتهدف الاتفاقية إلى تطوير منطقة على ساحل البحر المتوسط."),
    ("2024-04-02", "گفتگوی تلفنی بایدن و شی",
     "جو بایدن، رئیس‌جمهور آمریکا، روز سه‌شنبه ۲ آوریل ۲۰۲۴ با شی جین‌پینگ رئیس‌جمهور چین تلفنی گفتگو کرد. "
     "تایوان و تجارت محور این گفتگو بود.",
     "اتصال هاتفي بين بايدن وشي",
     "أجرى الرئيس الأمريكي جو بايدن اتصالا هاتفيا مع الرئيس الصيني شي جين بينغ يوم الثلاثاء 2 أبريل 2024. "
     "وتركز الاتصال على تايوان والتجارة."),
    ("2024-02-13", "سفر مودی به ابوظبی",
     "نارندرا مودی، نخست‌وزیر هند، روز سه‌شنبه ۱۳ فوریه ۲۰۲۴ وارد ابوظبی شد و با محمد بن زاید رئیس امارات دیدار کرد. "
     "دو طرف درباره تجارت و انرژی گفتگو کردند.",
     "مودي يصل إلى أبوظبي",
     "وصل رئيس الوزراء الهندي ناريندرا مودي إلى أبوظبي يوم الثلاثاء 13 فبراير 2024 والتقى رئيس الإمارات محمد "
     "بن زايد. وبحث الجانبان التجارة والطاقة."),
    ("2024-01-06", "دیدار بلینکن و فیدان در آنکارا",
     "آنتونی بلینکن، وزیر خارجه آمریکا، روز شنبه ۶ ژانویه ۲۰۲۴ در آنکارا با هاکان فیدان وزیر خارجه ترکیه دیدار کرد "
     "و درباره عضویت سوئد در ناتو گفتگو کرد.",
     "بلينكن يلتقي فيدان في أنقرة",
     "التقى وزير الخارجية الأمريكي أنتوني بلينكن نظيره التركي هاكان فيدان في أنقرة يوم السبت 6 يناير 2024 "
     "وبحثا انضمام السويد إلى حلف الناتو."),
]  # fmt: skip

EVENT_CROSS_REWRITE = [
    ('السعودية واليابان تبحثان الطاقة النظيفة',
     'بحثت السعودية واليابان فرص التعاون في الطاقة النظيفة والهيدروجين خلال زيارة رئيس الوزراء الياباني إلى المملكة. والتقى فوميو كيشيدا ولي العهد محمد بن سلمان في جدة يوم الأحد 16 يوليو 2023، وفق وكالة الأنباء السعودية.'),
    ('اتفاق تركي عراقي على إدارة المياه',
     'اتفقت تركيا والعراق على إطار لإدارة المياه وعلى تعاون أمني على الحدود. وجاء ذلك خلال لقاء الرئيس التركي رجب طيب أردوغان ورئيس الوزراء العراقي محمد شياع السوداني في بغداد يوم الاثنين 22 أبريل 2024.'),
    ('قطر وفرنسا تبحثان الوساطة في غزة',
     'بحثت قطر وفرنسا جهود الوساطة للتوصل إلى هدنة في غزة وإطلاق سراح المحتجزين. والتقى الرئيس إيمانويل ماكرون أمير قطر تميم بن حمد آل ثاني في باريس يوم الثلاثاء 27 فبراير 2024.'),
    ('موسكو وبيونغ يانغ تعززان التعاون',
     'أكدت روسيا وكوريا الشمالية عزمهما تعزيز التعاون العسكري والاقتصادي. وقالت الخارجية الروسية إن الوزير سيرغي لافروف التقى نظيرته تشوي سون هوي في بيونغ يانغ يوم الأربعاء 18 أكتوبر 2023.'),
    ('35 مليار دولار استثمارات إماراتية في مصر',
     'ستضخ الإمارات 35 مليار دولار في الاقتصاد المصري خلال شهرين لتطوير منطقة على ساحل البحر المتوسط. ووقع رئيس الوزراء المصري مصطفى مدبولي الاتفاقية مع الإمارات في القاهرة يوم الجمعة 23 فبراير 2024.'),
    ('تايوان على طاولة بايدن وشي',
     'حذر الرئيس الصيني شي جين بينغ من أن تايوان خط أحمر لا يجوز تجاوزه. جاء ذلك خلال اتصال هاتفي أجراه مع الرئيس الأمريكي جو بايدن يوم الثلاثاء 2 أبريل 2024.'),
    ('الهند والإمارات توقعان اتفاقيات للطاقة',
     'وقعت الهند والإمارات اتفاقيات في مجالي الطاقة والاستثمار. والتقى رئيس الوزراء الهندي ناريندرا مودي رئيس الإمارات محمد بن زايد في أبوظبي يوم الثلاثاء 13 فبراير 2024.'),
    ('أنقرة تعد بتسريع انضمام السويد إلى الناتو',
     'تعهدت تركيا بتسريع مصادقة البرلمان على انضمام السويد إلى حلف الناتو. وجاء ذلك بعد لقاء وزير الخارجية الأمريكي أنتوني بلينكن ونظيره التركي هاكان فيدان في أنقرة يوم السبت 6 يناير 2024.'),
]  # fmt: skip


#: Other news of the next days that recalls an EVENT_CROSS event in a background sentence:
#: (day, language, title, text, index into EVENT_CROSS); compared with that item's other language.
EVENT_BACKGROUND = [
    ("2023-07-18", "fa", "عربستان قیمت نفت صادراتی به آسیا را افزایش داد",
     "عربستان سعودی روز سه‌شنبه ۱۸ ژوئیه ۲۰۲۳ اعلام کرد قیمت نفت صادراتی خود به آسیا را افزایش می‌دهد. "
     "فومیو کیشیدا، نخست‌وزیر ژاپن، روز یکشنبه ۱۶ ژوئیه ۲۰۲۳ در جده با محمد بن سلمان دیدار کرده بود.", 0),
    ("2024-04-23", "ar", "مخزون السدود العراقية في أدنى مستوى",
     "أعلنت وزارة الموارد المائية العراقية يوم الثلاثاء 23 أبريل 2024 انخفاض مخزون السدود إلى أدنى مستوى منذ عقود. "
     "وكان الرئيس التركي رجب طيب أردوغان قد التقى رئيس الوزراء العراقي محمد شياع السوداني في بغداد يوم الاثنين "
     "22 أبريل 2024.", 1),
    ("2024-02-28", "fa", "کاهش رشد اقتصادی فرانسه",
     "وزارت اقتصاد فرانسه روز چهارشنبه ۲۸ فوریه ۲۰۲۴ از کاهش رشد اقتصادی این کشور خبر داد. "
     "امانوئل ماکرون روز سه‌شنبه ۲۷ فوریه ۲۰۲۴ در پاریس با تمیم بن حمد آل ثانی امیر قطر دیدار کرده بود.", 2),
    ("2023-10-19", "ar", "كوريا الجنوبية تعلن عن مناورات مع الولايات المتحدة",
     "أعلنت كوريا الجنوبية يوم الخميس 19 أكتوبر 2023 عن مناورات عسكرية مشتركة مع الولايات المتحدة. "
     "وكان وزير الخارجية الروسي سيرغي لافروف قد التقى نظيرته الكورية الشمالية تشوي سون هوي في بيونغ يانغ "
     "يوم الأربعاء 18 أكتوبر 2023.", 3),
    ("2024-02-14", "fa", "بورس بمبئی رکورد زد",
     "بورس بمبئی روز چهارشنبه ۱۴ فوریه ۲۰۲۴ به بالاترین سطح تاریخ خود رسید. "
     "نارندرا مودی روز سه‌شنبه ۱۳ فوریه ۲۰۲۴ در ابوظبی با محمد بن زاید رئیس امارات دیدار کرده بود.", 6),
    ("2024-01-08", "ar", "البرلمان التركي يقر ميزانية الدفاع",
     "صوت البرلمان التركي يوم الاثنين 8 يناير 2024 على ميزانية الدفاع. وكان وزير الخارجية الأمريكي أنتوني بلينكن "
     "قد التقى نظيره التركي هاكان فيدان في أنقرة يوم السبت 6 يناير 2024.", 7),
]  # fmt: skip


def _items(docs: list[Any], shared: dict[Any, frozenset[str]] | None = None) -> list[StoryItem]:
    """Story items of analysed documents: passages, ``ref_key`` entity keys, shared events (all dated one day)."""
    from rasad.analyze.contradictions import ref_key
    from rasad.analyze.stories import doc_passage_vectors

    vectors = doc_passage_vectors(docs)
    day = (stories.parse_day("2024-01-01"),) * 2
    out = []
    for n, d in enumerate(docs):
        keys = frozenset(k for k in (ref_key(d, i) for i in range(len(d.mentions))) if k)
        events = (shared or {}).get(d.meta.get("id"), frozenset())
        out.append(StoryItem(n, vectors[n], d.lang, day, keys, events))  # type: ignore[arg-type]
    return out


def _analysed(arts: list[dict], lang: str) -> list[Any]:
    """The articles through the text and entity stages."""
    from rasad import pipeline
    from rasad.doc import Doc

    stages = ["rasad.text", "rasad.extract.entities"]
    return [
        pipeline.run(Doc(text=a["body"], title=a.get("title"), lang=lang), stages) for a in arts
    ]


Row = tuple[StoryItem, StoryItem, bool]


def _event_groups() -> dict[str, list[Row]]:
    """The EVENT_* pairs, through every stage and the corpus step's event merging."""
    from rasad import pipeline
    from rasad.analyze.corpus import link_facts, shared_events
    from rasad.doc import DateValue, Doc

    def doc(day: str, lang: str, title: str, text: str) -> Doc:
        return Doc(
            text=text,
            title=title,
            lang=lang,
            date=DateValue(day, "day", "gregorian"),
            source=f"{lang}-{day}",
        )

    docs = [doc(d, "fa", t, x) for d, t, x, _, _ in EVENT_CROSS] + [
        doc(d, "ar", t, x) for d, _, _, t, x in EVENT_CROSS
    ]
    docs += [doc(d, lang, t, x) for d, lang, t, x, _ in EVENT_BACKGROUND]
    docs += [
        doc(item[0], "ar", t, x)
        for item, (t, x) in zip(EVENT_CROSS, EVENT_CROSS_REWRITE, strict=True)
    ]
    n_ev = 0
    for number, d in enumerate(docs, 1):
        pipeline.run(d)
        d.meta["id"] = number
        for e in d.events:
            n_ev += 1
            e["id"] = f"ev{n_ev}"
    merged = link_facts(docs).events
    items = _items(docs, shared_events(docs, merged))
    unfiltered = shared_events(docs, merged, skip_recalled=False)
    k = len(EVENT_CROSS)
    back = [(2 * k + n, x[4] + (k if x[1] == "fa" else 0)) for n, x in enumerate(EVENT_BACKGROUND)]
    raw = sum(
        bool(unfiltered.get(i + 1, frozenset()) & unfiltered.get(j + 1, frozenset()))
        for i, j in back
    )
    print(
        f"event recalled in other news: {raw} of {len(back)} pairs share an event without the recall test"
    )
    rw = 2 * k + len(EVENT_BACKGROUND)
    return {
        "x fa-ar one dated event (+)": [(items[i], items[k + i], True) for i in range(k)],
        "x fa-ar one dated event, rewritten (+)": [
            (items[i], items[rw + i], True) for i in range(k)
        ],
        "x fa-ar event recalled in other news (-)": [(items[i], items[j], False) for i, j in back],
        "x fa-ar events, other item (-)": [
            (items[i], items[k + j], False) for i in range(k) for j in range(k) if i != j
        ],
    }


def _load(path: Path, limit: int) -> list[dict]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fp:
        for line in fp:
            r = json.loads(line)
            body = r.get("content") or r.get("body") or r.get("abstract") or ""
            if len(body) < 200:
                continue
            day = stories.parse_day(r.get("date_extracted") or r.get("date") or r.get("published"))
            out.append(
                {"title": r.get("title"), "body": body, "outlet": r.get("source"), "day": day}
            )
            if len(out) >= limit:
                break
    return out


def _lead(title: str | None, body: str) -> str:
    return stories.story_text(title, body[: stories.STORY_TEXT_CHARS * 2])


def _pairs_same_lang(
    arts: list[dict], rng: random.Random, n_neg: int
) -> tuple[list, list, list, list]:
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
        if (
            sigs[i] is None
            or sigs[j] is None
            or not stories.dates_compatible(arts[i]["day"], arts[j]["day"])
        ):
            continue
        if dedup.similarity(sigs[i], sigs[j]) >= 0.05:
            continue
        shared = len(anchors[i] & anchors[j]) >= MIN_SHARED_ANCHORS
        if shared and len(hard) < n_neg:
            hard.append((i, j))
        elif not shared and len(neg) < n_neg:
            neg.append((i, j))
    return near, rewrite, neg, hard


def _rows(arts: list[dict], lang: str, pairs: list[tuple[int, int]], label: bool) -> list[Row]:
    used = sorted({k for p in pairs for k in p})
    if not used:
        return []
    items = _items(_analysed([arts[k] for k in used], lang))
    at = {k: n for n, k in enumerate(used)}
    return [(items[at[i]], items[at[j]], label) for i, j in pairs]


def _undated(item: StoryItem) -> StoryItem:
    return StoryItem(item.article, item.passages, item.lang, None, item.entities, item.events)


def collect(articles: int, per_group: int, seed: int) -> dict[str, list[Row]]:
    """The labelled pairs of every group (see the module docstring)."""
    rng = random.Random(seed)
    groups: dict[str, list[Row]] = {}
    ar = _load(DATA / "saudinewsnet_ar.jsonl.gz", articles)
    near, rewrite, neg, hard = _pairs_same_lang(ar, rng, 200)
    near, rewrite = (
        rng.sample(near, min(len(near), per_group)),
        rng.sample(rewrite, min(len(rewrite), per_group)),
    )
    fa = _load(DATA / "farsnews_fa.jsonl.gz", 2000) + _load(DATA / "farsnews_1402_fa.jsonl.gz", 300)
    _, _, neg_fa, hard_fa = _pairs_same_lang(fa, rng, 150)
    for name, arts, lang, pairs, label in (
        ("ar near-copies (+)", ar, "ar", near, True), ("ar rewrites (+)", ar, "ar", rewrite, True),
        ("ar random same days (-)", ar, "ar", neg, False), ("ar same days, 2+ anchors (-)", ar, "ar", hard, False),
        ("fa random same days (-)", fa, "fa", neg_fa, False), ("fa same days, 2+ anchors (-)", fa, "fa", hard_fa, False),
    ):  # fmt: skip
        groups[name] = _rows(arts, lang, pairs, label)
    written = _analysed([{"title": t, "body": b} for t, b, _, _ in CROSS], "fa")
    written += _analysed([{"title": t, "body": b} for _, _, t, b in CROSS], "ar")
    written += _analysed([{"title": t, "body": b} for t, b, _ in HARD_CROSS], "fa")
    items = _items(written)
    k = len(CROSS)
    groups["x fa-ar written pairs (+)"] = [(items[i], items[k + i], True) for i in range(k)]
    groups["x fa-ar written, other item (-)"] = [
        (items[i], items[k + j], False) for i in range(k) for j in range(k) if i != j
    ]
    groups["x fa-ar written, same subject (-)"] = [
        (items[2 * k + n], items[k + j], False) for n, (_, _, j) in enumerate(HARD_CROSS)
    ]
    groups.update(_event_groups())
    return groups


def report(groups: dict[str, list[Row]]) -> None:
    """Print each group's passage scores and decisions, and precision and recall per regime."""
    # rarity of the entity keys over every article the pairs use
    keys = Counter(
        k for rows in groups.values() for a, b, _ in rows for x in (a, b) for k in x.entities
    )
    total = len({id(x) for rows in groups.values() for a, b, _ in rows for x in (a, b)})
    weights = stories.key_weights(keys, total)

    def says(row: Row, dated: bool) -> bool:
        a, b, _ = row
        if not dated:
            a, b = _undated(a), _undated(b)
        return stories.linked(stories.evidence(a, b, weights))

    print(f"{'group':42} {'pairs':>5} {'score p10':>9} {'p50':>6} {'p90':>6} {'shared event':>12} "
          f"{'same, dated':>11} {'undated':>8}")  # fmt: skip
    for name, rows in groups.items():
        if not rows:
            print(f"{name:42} {0:5}")
            continue
        score = np.array([stories.passage_score(a, b) for a, b, _ in rows])
        with_event = sum(bool(a.events & b.events) for a, b, _ in rows)
        dated = sum(says(r, True) for r in rows) / len(rows)
        undated = sum(says(r, False) for r in rows) / len(rows)
        q = np.quantile(score, [0.1, 0.5, 0.9])
        print(
            f"{name:42} {len(rows):5} {q[0]:9.2f} {q[1]:6.2f} {q[2]:6.2f} {with_event:12} {dated:11.3f} {undated:8.3f}"
        )

    for cross, regime in ((False, "one language"), (True, "two languages")):
        for dated in (True, False):
            tp = fp = fn = 0.0
            for name, rows in groups.items():
                if not rows or name.startswith("x ") != cross:
                    continue
                w = 1.0 / len(rows)  # each group weighs the same
                for r in rows:
                    said = says(r, dated)
                    tp += w * (said and r[2])
                    fp += w * (said and not r[2])
                    fn += w * (r[2] and not said)
            p = tp / (tp + fp) if tp + fp else 0.0
            rc = tp / (tp + fn) if tp + fn else 0.0
            f = 2 * p * rc / (p + rc) if p + rc else 0.0
            print(
                f"{regime}, {'dated' if dated else 'dates withheld'}: precision {p:.3f} recall {rc:.3f} F1 {f:.3f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--articles", type=int, default=4000, help="Arabic articles read (pairs come from these)"
    )
    parser.add_argument("--per-group", type=int, default=150, help="most positive pairs per group")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    started = time.perf_counter()
    report(collect(args.articles, args.per_group, args.seed))
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
