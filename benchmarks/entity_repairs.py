"""What the entity stage's span repairs do to tagged spans, against gold.

Usage: ``PYTHONPATH=src python benchmarks/entity_repairs.py [--data DIR] [--limit N] [--gold-tags] [--json]``

For PEYMA test (fa) and ANERcorp dev (ar) from ../shared/data, each sentence
becomes a document; its tags (the trained tagger's, or with ``--gold-tags``
the gold ones) go through :func:`rasad.extract.entities.mentions_for` twice:
with the repair rules (:func:`rasad.extract.entities._adjust`) and without
them (``_adjust`` replaced by the identity). The resulting PER / ORG / place
mentions (GPE, LOC and FAC count as the gold LOC; demonym NORP mentions are
left out, the gold sets do not tag them) are scored strictly against the gold
spans: precision, recall, F1 overall and per type, and the number of spans
the repairs changed.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from rasad.doc import Doc
from rasad.extract import entities as stage
from rasad.extract.ner.conll import read_conll, spans

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
CORPORA = {"fa": "ner/fa/peyma/test.conll", "ar": "ner/ar/anercorp/dev.conll"}
_GROUP = {"PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"p": round(100 * p, 2), "r": round(100 * r, 2), "f1": round(200 * p * r / (p + r), 2) if p + r else 0.0}


def run(lang: str, path: Path, limit: int, gold_tags: bool) -> dict[str, Any]:
    sentences = read_conll(path)[:limit] if limit else read_conll(path)
    docs, golds = [], []
    for tokens, tags in sentences:
        text = " ".join(tokens)
        offsets, pos = [], 0
        for t in tokens:
            offsets.append((pos, pos + len(t), t))
            pos += len(t) + 1
        docs.append((Doc(text=text, lang=lang), offsets))
        golds.append({(offsets[s][0], offsets[e - 1][1], {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}.get(typ, typ)) for s, e, typ in spans(tags) if typ in ("PER", "ORG", "LOC")})
    if gold_tags:
        tagged = [[(t, 1.0) for t in tags] for _, tags in sentences]
    else:
        from rasad.extract.ner.tagger import load

        tagged = load(lang).tag([list(tokens) for tokens, _ in sentences])
    real_adjust = stage._adjust
    out: dict[str, Any] = {}
    preds: dict[str, list[set[tuple[int, int, str]]]] = {}
    for name, adjust in (("without", lambda s, e, kind, *a, **k: (s, e, kind)), ("with", real_adjust)):
        stage._adjust = adjust  # type: ignore[assignment]
        try:
            preds[name] = [
                {(m.start, m.end, _GROUP[m.type]) for m in stage.mentions_for(doc, [offs], [tags], lang) if m.type in _GROUP}
                for (doc, offs), tags in zip(docs, tagged, strict=True)
            ]
        finally:
            stage._adjust = real_adjust  # type: ignore[assignment]
        tp: Counter[str] = Counter()
        n_pred: Counter[str] = Counter()
        n_gold: Counter[str] = Counter()
        for pred, gold in zip(preds[name], golds, strict=True):
            for s in pred:
                n_pred[s[2]] += 1
                tp[s[2]] += s in gold
            for g in gold:
                n_gold[g[2]] += 1
        out[name] = {
            "overall": _prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values())),
            "per_type": {t: {**_prf(tp[t], n_pred[t], n_gold[t]), "support": n_gold[t]} for t in sorted(n_gold)},
        }
    out["changed_spans"] = sum(len(a ^ b) for a, b in zip(preds["with"], preds["without"], strict=True))
    out["sentences"] = len(sentences)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=0, help="first N sentences of each set (0: all)")
    ap.add_argument("--gold-tags", action="store_true", help="feed the gold tags instead of the tagger's")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    results = {lang: run(lang, args.data / rel, args.limit, args.gold_tags) for lang, rel in CORPORA.items()}
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return
    source = "gold tags" if args.gold_tags else "tagger"
    for lang, r in results.items():
        print(f"[{lang}] {CORPORA[lang]} ({r['sentences']} sentences, {source}); spans changed by the repairs: {r['changed_spans']}")
        for name in ("without", "with"):
            o = r[name]["overall"]
            per = "  ".join(f"{t} {v['f1']:.1f}" for t, v in r[name]["per_type"].items())
            print(f"  {name:8s} repairs: P {o['p']:.1f} R {o['r']:.1f} F1 {o['f1']:.1f}   ({per})")


if __name__ == "__main__":
    main()
