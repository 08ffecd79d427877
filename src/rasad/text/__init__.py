"""rasad.text: the Persian/Arabic text layer.

:func:`process` fills, for one :class:`~rasad.doc.Doc`: ``lang``, ``norm`` and
``norm_to_orig``, ``excluded`` (boilerplate spans), ``sentences`` (each with its
language) and ``tokens``, every span in original-text offsets.

Library functions used by other stages:

* :func:`normalize` / :func:`normalize_with_map`: see :mod:`rasad.text.normalize`.
* :func:`detect_language`: see :mod:`rasad.text.langid`.
* :func:`fold`: the search key, see :mod:`rasad.text.fold`.
* :func:`restore_zwnj`: ZWNJ restoration, see :mod:`rasad.text.zwnj`.
* :func:`find_boilerplate`: see :mod:`rasad.text.boilerplate`.

See ``docs/text.md``.
"""

from __future__ import annotations

import logging

from rasad.doc import Doc, Sentence, Token
from rasad.spans import SpanIndex
from rasad.text.boilerplate import find_boilerplate
from rasad.text.fold import fold
from rasad.text.langid import detect_language
from rasad.text.normalize import normalize, normalize_with_map
from rasad.text.segment import sentence_spans, token_spans
from rasad.text.zwnj import restore as restore_zwnj

__all__ = [
    "detect_language",
    "find_boilerplate",
    "fold",
    "normalize",
    "normalize_with_map",
    "process",
    "restore_zwnj",
]

log = logging.getLogger(__name__)


def process(doc: Doc) -> Doc:
    """Fill language, normalised text and map, boilerplate, sentences and tokens of ``doc``.

    Spans other stages already put in ``doc.excluded`` are kept; sentences and
    tokens never overlap an excluded span.
    """
    text = doc.text or ""
    detected = detect_language(text)
    if detected != "und" or not doc.lang:
        doc.lang = detected
    lang = doc.lang
    doc.norm, doc.norm_to_orig = normalize_with_map(text, lang)
    found = find_boilerplate(text, lang)
    doc.excluded = sorted({*doc.excluded, *found})
    excluded = SpanIndex((xs, xe) for xs, xe, _ in doc.excluded)

    sentences: list[Sentence] = []
    tokens: list[Token] = []
    norm = doc.norm
    for ns, ne in sentence_spans(norm):
        s, e = doc.to_original(ns, ne)
        if e <= s or excluded.overlaps(s, e):
            continue
        sentences.append(Sentence(s, e, detect_language(norm[ns:ne], prior=lang)))
        for ts, te in token_spans(norm, ns, ne):
            os_, oe = doc.to_original(ts, te)
            tokens.append(Token(os_, oe, norm[ts:te]))
    doc.sentences = sentences
    doc.tokens = tokens
    return doc
