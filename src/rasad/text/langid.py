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
MAX_CHARS = 2000
#: Arabic-script text wins over Latin when it has at least this share of the Latin letters.
ARABIC_SCRIPT_MIN_RATIO = 0.25
#: Words whose scores are kept (news vocabulary repeats; this keeps scoring fast).
WORD_CACHE_SIZE = 200_000
_word_cache: dict[str, float] = {}

_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_ARABIC_WORD = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u200c]+")
_FOLD = str.maketrans(
    {"ي": "ی", "ك": "ک", "\u0640": None, **{chr(c): None for c in range(0x064B, 0x0660)}}
)

# English closed-class words (articles, prepositions, pronouns, auxiliaries).
EN_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "it",
        "as",
        "was",
        "with",
        "be",
        "by",
        "on",
        "not",
        "he",
        "i",
        "this",
        "are",
        "or",
        "his",
        "from",
        "at",
        "which",
        "but",
        "have",
        "an",
        "they",
        "you",
        "were",
        "her",
        "she",
        "there",
        "been",
        "has",
        "their",
        "we",
        "its",
        "will",
        "would",
        "can",
        "all",
        "if",
        "who",
        "more",
        "when",
        "our",
        "into",
        "than",
        "them",
        "these",
        "about",
        "also",
        "may",
        "should",
        "could",
        "those",
        "after",
        "over",
        "such",
    ]
)


def word_features(word: str) -> list[str]:
    """The word itself (``w:``-prefixed) and the character 1–3-grams of `` word ``."""
    padded = f" {word} "
    n = len(padded)
    return ["w:" + word] + [
        padded[i : i + k] for k in (1, 2, 3) for i in range(n - k + 1) if padded[i : i + k] != " "
    ]


def features(text: str) -> list[str]:
    """:func:`word_features` of every Arabic-script word of ``text``."""
    out: list[str] = []
    for word in _ARABIC_WORD.findall(text.translate(_FOLD)):
        out.extend(word_features(word))
    return out


@lru_cache(maxsize=1)
def _model() -> tuple[dict[str, float], float]:
    ref = resources.files("rasad.text") / "data" / "langid_fa_ar.json.gz"
    with ref.open("rb") as fh:
        data = json.loads(gzip.decompress(fh.read()).decode("utf-8"))
    return data["weights"], float(data["bias"])


def _word_score(word: str) -> float:
    score = _word_cache.get(word)
    if score is None:
        get = _model()[0].get
        score = sum(get(f, 0.0) for f in word_features(word))
        if len(_word_cache) >= WORD_CACHE_SIZE:
            _word_cache.clear()
        _word_cache[word] = score
    return score


def fa_ar_score(text: str) -> float:
    """Log-odds that Arabic-script ``text`` is Persian rather than Arabic (> 0: Persian)."""
    return _model()[1] + sum(_word_score(w) for w in _ARABIC_WORD.findall(text.translate(_FOLD)))


def detect_language(text: str, prior: str | None = None) -> str:
    """``fa``, ``ar``, ``en`` or ``und`` for ``text``; ``prior`` (a document language) breaks ties."""
    sample = text[:MAX_CHARS]
    arabic_words = _ARABIC_WORD.findall(sample.translate(_FOLD))
    n_arabic = sum(len(w) for w in arabic_words)
    latin_words = _LATIN_WORD.findall(sample)
    n_latin = sum(len(w) for w in latin_words)
    if n_arabic == 0 and n_latin == 0:
        return prior or "und"
    if n_arabic and n_arabic >= ARABIC_SCRIPT_MIN_RATIO * n_latin:
        score = _model()[1] + sum(_word_score(w) for w in arabic_words)
        if prior == "fa":
            score += SENTENCE_PRIOR
        elif prior == "ar":
            score -= SENTENCE_PRIOR
        return "fa" if score > 0 else "ar"
    function = sum(w.lower() in EN_FUNCTION_WORDS for w in latin_words)
    if function / len(latin_words) >= EN_MIN_STOPWORD_SHARE:
        return "en"
    return prior if prior == "en" else "und"
