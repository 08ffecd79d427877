"""What the entity stage's recovery rules add to the tagger's mentions, against gold.

Usage: ``PYTHONPATH=src python benchmarks/entity_recovery.py [--data DIR] [--doc-sentences N] [--limit N] [--sweep] [--tags-cache PATH] [--json]``

PEYMA test (fa) and ANERcorp dev (ar) from ../shared/data are cut into
documents of ``--doc-sentences`` consecutive sentences (both files keep their
articles' sentence order; document consistency needs more than one
sentence). The trained tagger tags every sentence once; the stage's
:func:`rasad.extract.entities.mentions_for` makes the mentions, and
:func:`rasad.extract.entities.recover` adds the recovered ones with neither
rule, each rule alone, both, and both followed by :func:`bracket_facilities`
and :func:`agree_types` (the stage as shipped). A mention is widened to the whole tokens it
touches before scoring: the gold sets tag whole tokens («للمغرب» is a LOC in
ANERcorp) while the stage spans the name without its clitic. PER / ORG / place mentions (GPE, LOC, FAC
count as the gold LOC; demonym NORP mentions are left out) are scored
strictly against the gold spans: precision, recall, F1, overall and per type,
the number of mentions each setting added, and the tokens per CPU second of
``recover`` with both rules (tags given).

``--sweep`` also scores the learned rule under other thresholds of
:mod:`rasad.kb.names` (news frequency, tag ratio, minimum tagged count).
The name list is built from training splits only (``python -m
rasad.kb.build_names``), never from these evaluation files.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

from rasad.doc import Doc
from rasad.extract import entities as stage
from rasad.extract.ner.conll import read_conll, spans
from rasad.kb import names

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
CORPORA = {"fa": "ner/fa/peyma/test.conll", "ar": "ner/ar/anercorp/dev.conll"}
#: Sentences per pseudo-document.
DOC_SENTENCES = 20
_GROUP = {"PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
SETTINGS = {
    "tagger": (False, False, False),
    "+consistency": (True, False, False),
    "+learned": (False, True, False),
    "+both": (True, True, False),
    "+both+types": (True, True, True),  # the stage as shipped: bracket_facilities(), agree_types()
}
SWEEP = {
    "MAX_NEWS_PPM": [5.0, 15.0, 30.0, 100.0, 1e9],
    "MIN_ENTITY_RATIO": [0.5, 0.6, 0.8, 0.95],
    "MIN_TAGGED": [1, 2, 3, 5],
    "TRUST_SEEN": [3, 5, 10],
}


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"p": round(100 * p, 2), "r": round(100 * r, 2), "f1": round(200 * p * r / (p + r), 2) if p + r else 0.0}


def _score(preds: list[set[tuple[int, int, str]]], golds: list[set[tuple[int, int, str]]]) -> dict[str, Any]:
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for pred, gold in zip(preds, golds, strict=True):
        for s in pred:
            n_pred[s[2]] += 1
            tp[s[2]] += s in gold
        for g in gold:
            n_gold[g[2]] += 1
    return {
        "overall": _prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values())),
        "per_type": {t: {**_prf(tp[t], n_pred[t], n_gold[t]), "support": n_gold[t]} for t in sorted(n_gold)},
    }


def _documents(lang: str, path: Path, limit: int, per_doc: int, cache: Path | None) -> tuple[list[Any], list[set[tuple[int, int, str]]]]:
    sentences = read_conll(path)[:limit] if limit else read_conll(path)
    cached = cache.with_suffix(f".{lang}.json") if cache else None
    if cached and cached.is_file():
        tagged = json.loads(cached.read_text(encoding="utf-8"))
    else:
        from rasad.extract.ner.tagger import load

        tagged = load(lang).tag([list(tokens) for tokens, _ in sentences])
        if cached:
            cached.write_text(json.dumps(tagged), encoding="utf-8")
    docs, golds = [], []
    for i in range(0, len(sentences), per_doc):
        parts, offs, tags, gold, pos = [], [], [], set(), 0
        for (tokens, gold_tags), pred in zip(sentences[i : i + per_doc], tagged[i : i + per_doc], strict=True):
            sent = []
            for t in tokens:
                sent.append((pos, pos + len(t), t))
                pos += len(t) + 1
            parts.append(" ".join(tokens))
            offs.append(sent)
            tags.append(pred)
            gold |= {(sent[s][0], sent[e - 1][1], typ) for s, e, typ in spans(gold_tags) if typ in ("PER", "ORG", "LOC")}
        docs.append((Doc(text="\n".join(parts), lang=lang), offs, tags))
        golds.append(gold)
    return docs, golds


def _widen(start: int, end: int, bounds: list[tuple[int, int]]) -> tuple[int, int]:
    """``start, end`` widened to the whole tokens they touch."""
    touched = [(a, b) for a, b in bounds if a < end and start < b]
    return (min(a for a, _ in touched), max(b for _, b in touched)) if touched else (start, end)


def _predict(docs: list[Any], lang: str, consistency: bool, learned: bool, clock: list[float] | None = None, types: bool = False) -> tuple[list[set[tuple[int, int, str]]], int]:
    preds, added = [], 0
    for doc, offs, tags in docs:
        found = stage.mentions_for(doc, offs, tags, lang)
        t0 = time.process_time()
        extra = stage.recover(doc, offs, found, lang, consistency=consistency, learned=learned)
        if clock is not None:
            clock[0] += time.process_time() - t0
        added += sum(m.type in _GROUP for m in extra)
        if types:
            extra = [*extra, *stage.bracket_facilities(doc, offs, [*found, *extra])]
            stage.agree_types([*found, *extra])
        bounds = [(a, b) for sent in offs for a, b, _ in sent]
        preds.append({(*_widen(m.start, m.end, bounds), _GROUP[m.type]) for m in [*found, *extra] if m.type in _GROUP})
    return preds, added


def run(lang: str, path: Path, limit: int, per_doc: int, sweep: bool, cache: Path | None = None) -> dict[str, Any]:
    docs, golds = _documents(lang, path, limit, per_doc, cache)
    out: dict[str, Any] = {"documents": len(docs)}
    clock = [0.0]
    for name, (consistency, learned, types) in SETTINGS.items():
        preds, added = _predict(docs, lang, consistency, learned, clock if name == "+both" else None, types)
        out[name] = {**_score(preds, golds), "added": added}
    tokens = sum(len(sent) for _, offs, _ in docs for sent in offs)
    out["recover_tokens_per_cpu_s"] = round(tokens / clock[0]) if clock[0] else None
    if sweep:
        out["sweep"] = {}
        for const, values in SWEEP.items():
            saved = getattr(names, const)
            for v in values:
                setattr(names, const, v)
                try:
                    preds, added = _predict(docs, lang, False, True)
                finally:
                    setattr(names, const, saved)
                out["sweep"][f"{const}={v:g}"] = {**_score(preds, golds)["overall"], "added": added}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=0, help="first N sentences of each set (0: all)")
    ap.add_argument("--doc-sentences", type=int, default=DOC_SENTENCES, help="sentences per pseudo-document")
    ap.add_argument("--sweep", action="store_true", help="also score the learned rule under other thresholds")
    ap.add_argument("--tags-cache", type=Path, help="keep the tagger's tags in PATH.<lang>.json and reuse them (same model only)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    results = {lang: run(lang, args.data / rel, args.limit, args.doc_sentences, args.sweep, args.tags_cache) for lang, rel in CORPORA.items()}
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return
    for lang, r in results.items():
        print(f"[{lang}] {CORPORA[lang]} ({r['documents']} documents of {args.doc_sentences} sentences); recover(): {r['recover_tokens_per_cpu_s']} tokens per CPU second")
        for name in SETTINGS:
            o = r[name]["overall"]
            per = "  ".join(f"{t} {v['p']:.1f}/{v['r']:.1f}/{v['f1']:.1f}" for t, v in r[name]["per_type"].items())
            print(f"  {name:13s} P {o['p']:.1f} R {o['r']:.1f} F1 {o['f1']:.1f}  added {r[name]['added']:4d}   (P/R/F1 {per})")
        for name, o in r.get("sweep", {}).items():
            print(f"  learned, {name:22s} P {o['p']:.1f} R {o['r']:.1f} F1 {o['f1']:.1f}  added {o['added']}")


if __name__ == "__main__":
    main()
