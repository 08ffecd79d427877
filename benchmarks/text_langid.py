"""Sentence-level language identification accuracy on held-out text.

Usage: ``PYTHONPATH=src python benchmarks/text_langid.py [--data DIR] [--per-lang N]``

Held-out sentences: Persian from the test split of ``farsnews_*.jsonl.gz``,
Arabic from the test split of ``saudinewsnet_ar.jsonl.gz`` (the model trained on
the train split only), English from the ``METADATA`` long descriptions of the
packages installed in this Python environment, kept only where a sentence
reads as prose (ends in . ! ?, holds no code characters); the English rule is
not trained. Sentences are split with
:func:`rasad.text.segment.sentence_spans`; lines with fewer than 2 words are
dropped. Reports accuracy for all sentences and for short ones (≤ 6 words),
without a document prior, and for fa/ar with the document's language as prior.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import random
import re
from collections import Counter
from pathlib import Path

from rasad.text.langid import detect_language
from rasad.text.segment import sentence_spans
from rasad.text.train_langid import iter_docs
from rasad.text.train_zwnj import DEFAULT_DATA

SHORT_WORDS = 6
_LETTERS = re.compile(r"[^\W\d_]")
_CODE = re.compile(r"[{}()\[\]=_/:`$<>@#|\\]|\.\w")


def _sentences(texts: list[str]) -> list[str]:
    out = []
    for text in texts:
        for s, e in sentence_spans(text):
            sent = text[s:e]
            if len(sent.split()) >= 2 and len(_LETTERS.findall(sent)) >= 4:
                out.append(sent)
    return out


def english_texts() -> list[str]:
    """Long descriptions of installed distributions (markup lines dropped)."""
    texts = []
    for dist in importlib.metadata.distributions():
        body = dist.metadata.get_payload() or dist.metadata.get("Description") or ""  # type: ignore[attr-defined]
        lines = [
            ln
            for ln in str(body).splitlines()
            if ln.strip() and not re.match(r"\s*([#`|=*\-<>\[!]|\.\.|http)", ln)
        ]
        texts.append("\n".join(lines))
    return texts


def english_prose(texts: list[str]) -> list[str]:
    """Sentences of ``texts`` that read as prose: end in . ! ?, no code characters."""
    return [s for s in _sentences(texts) if s[-1] in ".!?" and not _CODE.search(s)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--per-lang", type=int, default=3000)
    args = ap.parse_args()
    rng = random.Random(0)
    pools = {
        "fa": _sentences(list(iter_docs(args.data, "fa", "test"))),
        "ar": _sentences([t for i, t in enumerate(iter_docs(args.data, "ar", "test")) if i < 1500]),
        "en": english_prose(english_texts()),
    }
    for pool in pools.values():
        rng.shuffle(pool)
        del pool[args.per_lang :]
    for label, short in (("all", False), (f"<= {SHORT_WORDS} words", True)):
        for prior in (False, True):
            ok: Counter[str] = Counter()
            n: Counter[str] = Counter()
            for lang, pool in pools.items():
                if prior and lang == "en":
                    continue
                for sent in pool:
                    words = sent.split()
                    if short:
                        sent = " ".join(words[:SHORT_WORDS])
                    pred = detect_language(sent, prior=lang if prior else None)
                    n[lang] += 1
                    ok[lang] += pred == lang
            per = ", ".join(f"{lang} {ok[lang] / n[lang]:.4f} (n={n[lang]})" for lang in n)
            total = sum(ok.values()) / sum(n.values())
            print(
                f"{label:>12} {'doc prior' if prior else 'no prior ':>9}: accuracy {total:.4f}; {per}"
            )


if __name__ == "__main__":
    main()
