"""An aggressive search key for Persian, Arabic and Latin text.

:func:`fold` is what the store's full-text index and its queries both pass
through, so that spelling variants of one word meet:

* Arabic/Persian letter variants: ``ي ى ی ې`` → ``ی``; ``ك ک`` → ``ک``;
  ``أ إ آ ٱ ٲ ٳ`` → ``ا``; ``ة ۀ ە`` → ``ه``; ``ؤ`` → ``و``; ``ئ`` → ``ی``
  (hamza seats are folded: writers drop them freely).
* Harakat (U+064B–U+065F, U+0670, Quranic marks), tatweel and the hamza
  above/below marks are removed.
* ZWNJ (U+200C), ZWJ and bidi/format controls are removed, so ``کتاب‌ها``
  and ``کتابها`` fold to the same key. A *space* is kept: ``کتاب ها`` stays
  two words (folding spaces away would merge unrelated neighbours).
* Persian (۰–۹) and Arabic-Indic (٠–٩) digits become ASCII; the Arabic
  decimal separator ``٫`` becomes ``.``, thousands separator ``٬`` ``,``, and ``٪`` ``%``.
* Presentation forms and compatibility characters go through NFKC, then
  everything is case-folded and whitespace runs collapse to one space.

``fold`` is idempotent: ``fold(fold(x)) == fold(x)``. It does not keep an
offset map; use :func:`rasad.text.normalize_with_map` where offsets matter.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_DROP = (
    [chr(c) for c in range(0x064B, 0x0660)]  # harakat, hamza marks
    + ["\u0670", "\u0640"]  # superscript alef, tatweel
    + [chr(c) for c in range(0x06D6, 0x06DD)]  # Quranic annotation marks
    + [chr(c) for c in range(0x06DF, 0x06E5)]
    + ["\u06e7", "\u06e8", "\u06ea", "\u06eb", "\u06ec", "\u06ed"]
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u00ad"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)

_MAP = {
    "ي": "ی", "ى": "ی", "ې": "ی", "ۍ": "ی", "ئ": "ی",
    "ك": "ک", "ڪ": "ک",
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ة": "ه", "ۀ": "ه", "ە": "ه", "ۂ": "ه", "ہ": "ه",
    "ؤ": "و",
    "٫": ".", "٬": ",", "٪": "%",
}  # fmt: skip
for _i in range(10):
    _MAP[chr(0x06F0 + _i)] = str(_i)
    _MAP[chr(0x0660 + _i)] = str(_i)

_TABLE = str.maketrans({**_MAP, **{c: None for c in _DROP}})
_SPACES = re.compile(r"\s+")
# Characters outside these ranges may need NFKC (presentation forms, ligatures, full-width).
_NEEDS_NFKC = re.compile(r"[\u00a0-\u00ff\u0100-\u024f\u2000-\u206f\ufb00-\ufeff\uff00-\uffef]")


#: Strings up to this length (words, names) are folded through a cache: the
#: entity stage folds each word about ten times, and news repeats its words.
CACHED_FOLD_CHARS = 40


def fold(text: str) -> str:
    """The search key of ``text``: letter variants, digits, marks and case folded."""
    if len(text) <= CACHED_FOLD_CHARS:
        return _fold_short(text)
    return _fold(text)


def _fold(text: str) -> str:
    if _NEEDS_NFKC.search(text):
        text = unicodedata.normalize("NFKC", text)
    text = text.translate(_TABLE).casefold()
    # NFKC or casefold can produce characters the table folds; a second pass is cheap.
    text = text.translate(_TABLE)
    return _SPACES.sub(" ", text).strip()


_fold_short = functools.lru_cache(maxsize=200_000)(_fold)
