"""Boilerplate (page furniture) left in plain text: found, never deleted.

:func:`find_boilerplate` returns ``[start, end, "boilerplate"]`` spans in
original offsets, one per run of boilerplate lines. A line is boilerplate when:

* **learned**: its folded form recurs across many articles of one outlet in the
  news dumps (bylines, "...المزيد", "// انتهى //", contact lines; the table
  ``data/boilerplate_fa_ar.json.gz`` is built by
  ``python -m rasad.text.train_boilerplate``);
* **numeric**: only a (signed) number, with at most a short Latin word (vote
  counters, "737221 - Zain" SMS codes in the dumps);
* **symbols**: no letter or digit at all ("* *");
* **foreign CMS**: a Latin-script line without digits inside a Persian/Arabic
  article ("Next Previous", e-mail lines in the dumps; untranslated template
  text; lines with digits are often citations or lists, so they stay);
* **UI prompt**: a short line with a comment/vote/login/share/read-more term,
  either unambiguous on its own or backed by a second-person address or by
  being very short.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from importlib import resources

from rasad.text.fold import fold

LABEL = "boilerplate"
#: Longest line (in words) the UI-prompt and learned rules look at.
MAX_UI_WORDS = 14
#: A line this short needs no second-person cue for a weak UI term.
VERY_SHORT_WORDS = 3
#: Most letters a numeric line may hold besides its number (e.g. a brand).
MAX_NUMERIC_LINE_LETTERS = 8
#: Share of a line's letters that must be Latin for the foreign-CMS rule.
MIN_LATIN_SHARE = 0.95
#: Fewest Latin letters for the foreign-CMS rule (a lone acronym is not furniture).
MIN_LATIN_LETTERS = 6

# Terms are written folded (see rasad.text.fold): no hamza seats, ی/ک, lower case.
STRONG_UI = re.compile(
    r"(?<!\w)(?:لوگین|کلیک کنید|اضغط هنا|click here|ثبت ?نام کنید|بیشتر بخوانید|ادامه مطلب|مطالب مرتبط|لینک کوتاه|اشتراک ?گذاری|"
    r"اقرا ایضا|اقرا المزید|تسجیل الدخول|اضف تعلیقا?|للتواصل مع|ارسل رساله|تابعونا|"
    r"read more|sign in|log ?in|subscribe|related (?:articles|posts|stories)|advertisement|"
    r"share this|leave a (?:comment|reply))(?!\w)"
)
WEAK_UI = re.compile(
    r"(?<!\w)(?:نظر|دیدگاه|رای|ارسال|اشتراک|عضو|تعلیق|المزید|شارک|اشترک|تصویت|"
    r"comments?|share|next|previous|vote|reply)(?!\w)"
)
SECOND_PERSON = re.compile(
    r"(?<!\w)(?:\w*دهید|\w*کنید|\w*نمایید|بفرمایید|\w*شوید|شما|اضغط|انقر|you|your|click)(?!\w)"
)
_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_DIGIT = re.compile(r"\d")
_NUMERIC = re.compile(r"^[+\-−–]?\s*\d[\d.,٫٬]*\s*%?")
_LINE = re.compile(r"[^\n]+")


@lru_cache(maxsize=1)
def learned_lines() -> frozenset[str]:
    """Folded lines learned as recurring furniture, loaded once."""
    ref = resources.files("rasad.text") / "data" / "boilerplate_fa_ar.json.gz"
    with ref.open("rb") as fh:
        return frozenset(json.loads(gzip.decompress(fh.read()).decode("utf-8"))["lines"])


def line_reason(line: str, lang: str | None) -> str | None:
    """Why ``line`` (stripped) is boilerplate, or ``None`` when it is content."""
    letters = _LETTER.findall(line)
    if not letters and not _DIGIT.search(line):
        return "symbols"
    n_latin = len(_LATIN.findall(line))
    if (
        _NUMERIC.match(line)
        and n_latin == len(letters) <= MAX_NUMERIC_LINE_LETTERS
        and len(line.split()) <= 3
    ):
        return "numeric"
    if (
        lang in ("fa", "ar")
        and n_latin >= MIN_LATIN_LETTERS
        and n_latin >= MIN_LATIN_SHARE * len(letters)
        and not _DIGIT.search(line)
    ):
        return "foreign-cms"
    words = line.split()
    if len(words) > MAX_UI_WORDS:
        return None
    key = fold(line)
    if key in learned_lines():
        return "learned"
    if STRONG_UI.search(key):
        return "ui-prompt"
    if WEAK_UI.search(key) and (len(words) <= VERY_SHORT_WORDS or SECOND_PERSON.search(key)):
        return "ui-prompt"
    return None


def find_boilerplate(text: str, lang: str | None) -> list[tuple[int, int, str]]:
    """Boilerplate spans of ``text`` (original offsets), adjacent lines merged."""
    spans: list[tuple[int, int, str]] = []
    for m in _LINE.finditer(text):
        raw = m.group()
        stripped = raw.strip()
        if not stripped or line_reason(stripped, lang) is None:
            continue
        start = m.start() + (len(raw) - len(raw.lstrip()))
        end = start + len(stripped)
        if spans and not text[spans[-1][1] : start].strip():
            spans[-1] = (spans[-1][0], end, LABEL)
        else:
            spans.append((start, end, LABEL))
    return spans
