"""Language identification: Persian, Arabic, English, else ``und``.

Script decides first: text with more Latin than Arabic-script letters is
English when enough of its words are English function words, else ``und``.
Arabic-script text is told Persian from Arabic by a naive-Bayes log-odds model
over character 1–3-grams and words (``data/langid_fa_ar.json.gz``, built by
``python -m rasad.text.train_langid``; see ``data/README.md``). A sentence can
lean on its document's language (:data:`SENTENCE_PRIOR`) so short sentences
follow their article unless their own evidence is clear.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from importlib import resources

#: Log-odds added toward the document language when scoring a sentence.
SENTENCE_PRIOR = 3.0
#: Share of Latin words that must be English function words for ``en``.
EN_MIN_STOPWORD_SHARE = 0.12
#: Characters of a document the model reads (the start is enough and keeps it fast).
MAX_CHARS = 3000

_ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_ARABIC_WORD = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u200c]+")
_FOLD = str.maketrans({"ي": "ی", "ك": "ک", "\u0640": None, **{chr(c): None for c in range(0x064B, 0x0660)}})

# English closed-class words (articles, prepositions, pronouns, auxiliaries).
EN_FUNCTION_WORDS = frozenset(
    ["the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on", "not", "he", "i", "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "they", "you", "were", "her", "she", "there", "been", "has", "their", "we", "its", "will", "would", "can", "all", "if", "who", "more", "when", "our", "into", "than", "them", "these", "about", "also", "may", "should", "could", "those", "after", "over", "such"]
)


def features(text: str) -> list[str]:
    """Words (``w:``-prefixed) and character 1–3-grams of each Arabic-script word."""
    out: list[str] = []
    for word in _ARABIC_WORD.findall(text.translate(_FOLD)):
        out.append("w:" + word)
        padded = f" {word} "
        n = len(padded)
        out.extend(padded[i : i + k] for k in (1, 2, 3) for i in range(n - k + 1) if padded[i : i + k] != " ")
    return out


@lru_cache(maxsize=1)
def _model() -> tuple[dict[str, float], float]:
    ref = resources.files("rasad.text") / "data" / "langid_fa_ar.json.gz"
    with ref.open("rb") as fh:
        data = json.loads(gzip.decompress(fh.read()).decode("utf-8"))
    return data["weights"], float(data["bias"])


def fa_ar_score(text: str) -> float:
    """Log-odds that Arabic-script ``text`` is Persian rather than Arabic (> 0: Persian)."""
    weights, bias = _model()
    get = weights.get
    return bias + sum(get(f, 0.0) for f in features(text))


def detect_language(text: str, prior: str | None = None) -> str:
    """``fa``, ``ar``, ``en`` or ``und`` for ``text``; ``prior`` (a document language) breaks ties."""
    sample = text[:MAX_CHARS]
    n_arabic = len(_ARABIC_LETTER.findall(sample))
    latin_words = _LATIN_WORD.findall(sample)
    n_latin = sum(len(w) for w in latin_words)
    if n_arabic == 0 and n_latin == 0:
        return prior or "und"
    if n_arabic >= n_latin:
        score = fa_ar_score(sample)
        if prior == "fa":
            score += SENTENCE_PRIOR
        elif prior == "ar":
            score -= SENTENCE_PRIOR
        return "fa" if score > 0 else "ar"
    function = sum(w.lower() in EN_FUNCTION_WORDS for w in latin_words)
    if function / len(latin_words) >= EN_MIN_STOPWORD_SHARE:
        return "en"
    return prior if prior == "en" else "und"
