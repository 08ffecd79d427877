"""ZWNJ restoration precision/recall on held-out Persian news.

Usage: ``PYTHONPATH=src python benchmarks/text_zwnj.py [--split test|dev] [--data DIR]``

Takes the held-out documents of ``farsnews_*.jsonl.gz`` (split by
:func:`rasad.text.train_zwnj.split_of`; the shipped table never saw them),
removes every ZWNJ, restores them with :func:`rasad.text.zwnj.restore_word`,
and scores inserted ZWNJ positions against the original spelling. Also reports
word-level figures: gold-ZWNJ words fully restored, and glued gold words wrongly
split (the "never split what never takes one" check), plus the rules alone.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rasad.text.train_zwnj import DEFAULT_DATA, iter_texts, tokens
from rasad.text.zwnj import ZWNJ, ZwnjTable, restore_word, rule_split, table


def _cuts(word: str) -> set[int]:
    """Positions (in the ZWNJ-less word) where a ZWNJ stands."""
    out, i = set(), 0
    for ch in word:
        if ch == ZWNJ:
            out.add(i)
        else:
            i += 1
    return out


def score(data: Path, split: str, tab: ZwnjTable, rules_only: bool = False) -> dict[str, float]:
    """Counts and P/R/F1 of ZWNJ positions over the ``split`` documents."""
    tp = fp = fn = 0
    gold_words = gold_ok = plain_words = plain_split = 0
    for text in iter_texts(data, {split}):
        for gold in tokens(text):
            glued = gold.replace(ZWNJ, "")
            pred = rule_split(glued, tab) if rules_only else restore_word(glued, tab)
            g, p = _cuts(gold), _cuts(pred)
            tp += len(g & p)
            fp += len(p - g)
            fn += len(g - p)
            if g:
                gold_words += 1
                gold_ok += pred == gold
            else:
                plain_words += 1
                plain_split += bool(p)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {
        "gold_zwnj": tp + fn, "precision": prec, "recall": rec,
        "f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0,
        "gold_zwnj_words": gold_words, "word_restored": gold_ok / max(gold_words, 1),
        "glued_words": plain_words, "glued_wrongly_split": plain_split / max(plain_words, 1),
    }  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--split", default="test", choices=["test", "dev"])
    args = ap.parse_args()
    tab = table()
    for name, rules_only in (("table+rules", False), ("rules only", True)):
        r = score(args.data, args.split, tab, rules_only)
        print(
            f"{args.split} {name}: ZWNJ P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f} "
            f"(gold {r['gold_zwnj']}); words restored {r['word_restored']:.3f} of {r['gold_zwnj_words']}; "
            f"glued words wrongly split {r['glued_wrongly_split']:.4f} of {r['glued_words']}"
        )


if __name__ == "__main__":
    main()
