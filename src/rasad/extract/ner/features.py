"""Sparse token features for the CRF tagger.

Every form goes through :func:`rasad.text.fold.fold` first, so ZWNJ or its
absence, Arabic/Persian letter variants and digits do not change a feature.
Arabic proclitics are split off (``للبنتاغون`` also yields ``بنتاغون``), and a
token's place in a gazetteer name is a feature of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rasad.extract.ner.gazetteer import MAX_NAME_WORDS, place_keys, strip_clitics
from rasad.text.fold import fold

_LATIN = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"\d")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_PUNCT = re.compile(r"^\W+$")


def shape(word: str) -> str:
    """A coarse shape: D digits, L Latin, A Arabic script, P punctuation, mixes joined."""
    if _PUNCT.match(word):
        return "P"
    s = ("D" if _DIGIT.search(word) else "") + ("L" if _LATIN.search(word) else "")
    s += "A" if _ARABIC.search(word) else ""
    return s or "X"


def gazetteer_tags(folded: Sequence[str]) -> list[str]:
    """B-/I- marks of the longest gazetteer names found in the folded tokens."""
    keys = place_keys()
    out = ["O"] * len(folded)
    i = 0
    while i < len(folded):
        for n in range(min(MAX_NAME_WORDS, len(folded) - i), 0, -1):
            cand = " ".join(folded[i : i + n])
            hit = keys.get(cand)
            if hit is None and n == 1:
                hit = keys.get(strip_clitics(cand))
            if hit is not None:
                out[i] = "B-" + hit[0]
                for j in range(i + 1, i + n):
                    out[j] = "I-" + hit[0]
                i += n
                break
        else:
            i += 1
    return out


def sentence_features(words: Sequence[str]) -> list[dict[str, float | str]]:
    """One crfsuite attribute dict per word of a sentence."""
    folded = [fold(w) or w for w in words]
    stripped = [strip_clitics(f) for f in folded]
    gaz = gazetteer_tags(folded)
    feats: list[dict[str, float | str]] = []
    n = len(words)
    for i, f in enumerate(folded):
        s = stripped[i]
        d: dict[str, float | str] = {
            "b": 1.0,
            "w": f,
            "s": s,
            "cl": f[: len(f) - len(s)],
            "p2": s[:2],
            "p3": s[:3],
            "x1": f[-1:],
            "x2": f[-2:],
            "x3": f[-3:],
            "sh": shape(words[i]),
            "len": str(min(len(s), 8)),
            "g": gaz[i],
        }
        for k in (-2, -1, 1, 2):
            j = i + k
            if 0 <= j < n:
                d[f"w{k}"] = folded[j]
                d[f"s{k}"] = stripped[j]
                d[f"g{k}"] = gaz[j]
                if abs(k) == 1:
                    d[f"x{k}"] = folded[j][-2:]
            else:
                d[f"w{k}"] = "<s>" if j < 0 else "</s>"
        if i > 0:
            d["w-1|w"] = folded[i - 1] + "|" + f
        if i + 1 < n:
            d["w|w+1"] = f + "|" + folded[i + 1]
        feats.append(d)
    return feats
