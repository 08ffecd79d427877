"""Lookup keys and general name morphology shared by the KB and entity linking.

Every name in the KB, and every query, passes through :func:`name_key`: the
store's search fold (:func:`rasad.text.fold`) with spaces, punctuation and
ZWNJ removed, so ``اسلام‌آباد``, ``اسلام آباد`` and ``اسلاماباد`` meet, and ``ة``/``ه``,
``ي``/``ی``, ``ك``/``ک`` and the hamza seats fold together.

The morphology here is general: Arabic proclitics with the article
(``و ف ب ك ل`` + ``ال``), and the generic words of long country names
(``جمهوری``, ``جمهورية``, ``Republic`` ...) that are dropped when what remains
still names one place.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

from rasad.text.fold import fold

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")

#: Words of official country and region names that do not identify the place.
GENERIC_WORDS: dict[str, frozenset[str]] = {
    "fa": frozenset(
        ["جمهوری", "اسلامی", "خلق", "دموکراتیک", "فدرال", "فدرالی", "پادشاهی", "متحده", "متحدهٔ", "ایالات", "امیرنشین", "دولت", "کشور", "سوسیالیستی", "سلطان\u200cنشین", "مشترک\u200cالمنافع", "عربی"]
    ),
    "ar": frozenset(
        ["جمهورية", "الجمهورية", "دولة", "المملكة", "مملكة", "الاتحادية", "الإسلامية", "الشعبية", "الديمقراطية", "الولايات", "المتحدة", "الاشتراكية", "إمارة", "سلطنة", "اتحاد", "الاتحاد", "العربية"]
    ),
    "en": frozenset(
        ["republic", "of", "the", "kingdom", "state", "states", "united", "federal", "federation", "democratic", "people's", "islamic", "socialist", "commonwealth", "arab"]
    ),
}

#: Arabic proclitics that attach before the article or a bare noun.
AR_PROCLITICS = ("و", "ف", "ب", "ك", "ل")


@functools.lru_cache(maxsize=100_000)
def name_key(text: str) -> str:
    """The comparison key of a name: folded, without spaces, ZWNJ or punctuation."""
    folded = fold(text)
    if not ARABIC_SCRIPT.search(folded):
        folded = "".join(
            c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c)
        )
    return _NON_WORD.sub("", folded)


def strip_article(word: str) -> str:
    """``word`` without a leading Arabic article ``ال`` (when enough remains)."""
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


#: Most proclitic peels tried on one word (و, ب, ال: three). Without a bound, a word of
#: 3,000 repeated لs was peeled 1,500 times, each a copy: quadratic in its length.
MAX_PROCLITIC_STEPS = 4


def arabic_variants(word: str) -> Iterator[str]:
    """``word`` and its forms without Arabic proclitics and the article.

    ``للبنتاغون`` → ``للبنتاغون``, ``البنتاغون``, ``بنتاغون``; ``وبالرئيس`` →
    ``الرئيس``, ``رئيس``. The bare form only comes out when at least three
    letters remain, so short names are not eaten.
    """
    seen: set[str] = set()
    stack = [(word, 0)]
    while stack:
        w, depth = stack.pop()
        if w in seen:
            continue
        seen.add(w)
        yield w
        if depth >= MAX_PROCLITIC_STEPS:  # وبال + a name is three steps; more is not Arabic
            continue
        if w.startswith("لل") and len(w) > 4:
            stack.append(("ال" + w[2:], depth + 1))
        if w.startswith("ال") and len(w) > 4:
            stack.append((w[2:], depth + 1))
        if len(w) > 4 and w[0] in AR_PROCLITICS and w[1:3] == "ال":
            stack.append((w[1:], depth + 1))
        if len(w) > 5 and w[0] in "وف" and w[1] in "بكل" and w[2:4] == "ال":
            stack.append((w[2:], depth + 1))


def strip_generic(name: str, lang: str) -> str:
    """``name`` without the generic words of official names (may return "")."""
    generic = GENERIC_WORDS.get(lang, frozenset())
    words = name.split()
    if lang == "en":
        kept = [w for w in words if w.casefold() not in generic]
    else:
        kept = [w for w in words if w not in generic and w.replace("ٔ", "") not in generic]
    return " ".join(kept).strip()


def script_lang(text: str) -> str | None:
    """``fa`` or ``ar`` from letters only one of the two writes, else None.

    Used to file a name under a language when no document language is known.
    """
    if not ARABIC_SCRIPT.search(text):
        return "en" if any(c.isalpha() for c in text) else None
    fa = any(c in "پچژگکی" for c in text)
    ar = any(c in "كيةى" for c in text)
    if fa and not ar:
        return "fa"
    if ar and not fa:
        return "ar"
    return None
