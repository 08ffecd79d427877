"""Normalisation of Persian/Arabic text with an offset map back to the original.

:func:`normalize_with_map` returns the normalised text and ``norm_to_orig``:
one original index per normalised character plus a final ``len(text)``. The
map is monotone, so any normalised span maps to a span of the original.

What normalisation does, in this order:

1. Presentation forms (U+FB50–FDFF, U+FE70–FEFF) go through NFKC (``ﻻ`` → ``لا``);
   nothing else is NFKC'd.
2. Harakat, superscript alef, Quranic marks, tatweel, bidi/format controls,
   ZWJ, soft hyphen and BOM are removed. ZWNJ is removed in every language but
   Persian; in Persian it is kept only between two letters (one ZWNJ).
3. Whitespace: ``\\r\\n`` and ``\\r`` become ``\\n``; horizontal whitespace runs
   (tabs, NBSP, thin spaces...) become one space; spaces next to a newline are
   dropped. Newline runs are kept, so lines and paragraphs stay visible.
4. One-to-one mappings: Persian (۰–۹) and Arabic-Indic (٠–٩) digits → ASCII,
   ``٫`` → ``.``, ``٬`` → ``,``, ``٪`` → ``%``. Persian (``fa``): ``ي ى`` → ``ی``, ``ك`` → ``ک``,
   ``ۀ`` → ``ه``. Arabic (``ar``): ``ی`` → ``ي``, ``ک`` → ``ك`` (``ى`` stays).
   Other languages keep their letters.
5. Persian only: ZWNJ restoration in glued words (:mod:`rasad.text.zwnj`).

``normalize(normalize(x, l), l) == normalize(x, l)``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from rasad.text import zwnj

ZWNJ = "\u200c"

_PRESENTATION = re.compile(r"[\ufb50-\ufdff\ufe70-\ufefe]+")
_MARKS = (
    "\u064b-\u065f\u0670\u0640\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
    "\u200b\u200d\u200e\u200f\u061c\ufeff\u00ad\u202a-\u202e\u2066-\u2069"
)
_DROP = re.compile(f"[{_MARKS}]+")
_DROP_WITH_ZWNJ = re.compile(f"[{_MARKS}\u200c]+")
# A ZWNJ run not between two letters goes; a run between letters becomes one ZWNJ.
_ZWNJ_RUN = re.compile(r"\u200c+")
_HSPACE = r"[^\S\n\r]"
_WHITESPACE = re.compile(rf"{_HSPACE}*(?:\r\n?|\n){_HSPACE}*|{_HSPACE}{{2,}}|[^\S\n\r ]")

_DIGITS = {
    **{chr(0x06F0 + i): str(i) for i in range(10)},
    **{chr(0x0660 + i): str(i) for i in range(10)},
}
_COMMON = {**_DIGITS, "٫": ".", "٬": ",", "٪": "%"}
_TABLES: dict[str, dict[int, str]] = {
    "fa": str.maketrans({**_COMMON, "ي": "ی", "ى": "ی", "ك": "ک", "ڪ": "ک", "ۀ": "ه"}),
    "ar": str.maketrans({**_COMMON, "ی": "ي", "ک": "ك", "ڪ": "ك"}),
    "": str.maketrans(_COMMON),
}

Repl = Callable[[re.Match[str]], str]


def _edit(
    text: str, mapping: list[int], pattern: re.Pattern[str], repl: Repl
) -> tuple[str, list[int]]:
    """Replace each match of ``pattern``; replacement characters map to the match start."""
    pieces: list[str] = []
    new_map: list[int] = []
    last = 0
    for m in pattern.finditer(text):
        s, e = m.span()
        r = repl(m)
        if r == m.group():
            continue
        pieces.append(text[last:s])
        new_map.extend(mapping[last:s])
        pieces.append(r)
        new_map.extend([mapping[s]] * len(r))
        last = e
    if last == 0 and not pieces:
        return text, mapping
    pieces.append(text[last:])
    new_map.extend(mapping[last:])
    return "".join(pieces), new_map


def _nfkc(m: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", m.group())


def _empty(_m: re.Match[str]) -> str:
    return ""


def _zwnj_run(m: re.Match[str]) -> str:
    s, e = m.span()
    text = m.string
    if s > 0 and e < len(text) and text[s - 1].isalpha() and text[e].isalpha():
        return ZWNJ
    return ""


def _space(m: re.Match[str]) -> str:
    return "\n" if "\n" in m.group() or "\r" in m.group() else " "


def normalize_with_map(text: str, lang: str) -> tuple[str, list[int]]:
    """The normalised text of ``text`` in language ``lang`` and its offset map.

    The map has ``len(norm) + 1`` entries, is non-decreasing, and its last
    entry is ``len(text)``; entry ``i`` is the original index of ``norm[i]``.
    """
    mapping = list(range(len(text) + 1))
    norm = text
    if _PRESENTATION.search(norm):
        norm, mapping = _edit(norm, mapping, _PRESENTATION, _nfkc)
    norm, mapping = _edit(norm, mapping, _DROP if lang == "fa" else _DROP_WITH_ZWNJ, _empty)
    if lang == "fa" and ZWNJ in norm:
        norm, mapping = _edit(norm, mapping, _ZWNJ_RUN, _zwnj_run)
    norm, mapping = _edit(norm, mapping, _WHITESPACE, _space)
    norm = norm.translate(_TABLES.get(lang, _TABLES[""]))
    if lang == "fa":
        norm, mapping = zwnj.restore_with_map(norm, mapping)
    return norm, mapping


def normalize(text: str, lang: str) -> str:
    """The normalised text (ZWNJ restored for Persian); see :func:`normalize_with_map`."""
    return normalize_with_map(text, lang)[0]


def letters_fa(text: str) -> str:
    """Steps 1-4 of Persian normalisation, without ZWNJ restoration (for training)."""
    mapping = list(range(len(text) + 1))
    norm, mapping = _edit(text, mapping, _DROP, _empty)
    norm, mapping = _edit(norm, mapping, _ZWNJ_RUN, _zwnj_run)
    return norm.translate(_TABLES["fa"])
