"""Full fine-tuning with distillation: the ``e5-ft`` NER models.

1. Teachers: all :data:`TEACHER_LAYERS` layers of multilingual-e5-small with
   a tag head, fully fine-tuned on the gold training sentences, one per
   (learning rate, seed) of :data:`TEACHER_RUNS`; each keeps its best epoch
   on dev.
2. The :data:`ENSEMBLE` teachers best on dev tag :data:`UNLABELLED_SENTENCES`
   unlabelled news sentences (segmented by :mod:`rasad.text`, as the
   pipeline segments them); their tag probabilities are averaged.
3. A student, the first :data:`STUDENT_LAYERS` layers (a fraction of the
   encoder's cost), is fully fine-tuned on the gold sentences plus those
   soft-tagged ones; its best epoch on dev is kept and shipped.

Training on a CPU takes many hours; with a CUDA GPU (``--device cuda``)
minutes. This module imports only :mod:`.conll`, :mod:`.e5` and
:mod:`.neural`, so that it also runs on a bare GPU machine given a weights
bundle (:data:`rasad.extract.ner.e5.BUNDLE_ENV`) and a segmented unlabelled
file; its command line (``python -m rasad.extract.ner.finetune``) runs one
step at a time (``teacher`` writes a probabilities file, ``student`` reads
several), so that teachers can train side by side.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rasad.extract.ner import e5, neural
from rasad.extract.ner.conll import Sentence, read_conll, score

log = logging.getLogger(__name__)

#: Layers of a teacher (the whole encoder) and of the shipped student.
TEACHER_LAYERS = 12
STUDENT_LAYERS: dict[str, int] = {"fa": 4, "ar": 4}
#: (peak learning rate, seed) of each teacher; AdamW, linear warm-up and decay.
TEACHER_RUNS: tuple[tuple[float, int], ...] = ((5e-5, 0), (1e-4, 0), (2e-4, 0), (1e-4, 1))
#: Teachers (best on dev first) whose probabilities are averaged for the student.
ENSEMBLE = 3
TEACHER_EPOCHS = 15
STUDENT_EPOCHS = 6
STUDENT_LR = 1.5e-4
#: Unlabelled news sentences the teachers tag for the student.
UNLABELLED_SENTENCES = 45_000
SEED = 0

Scorer = Callable[[int, neural.TokenModel], float]


def read_unlabelled(path: str | Path, limit: int | None = None) -> list[list[str]]:
    """Word lists of a JSON-lines file (gzip when it ends in .gz) of ``{"words": [...]}`` rows."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    out: list[list[str]] = []
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if limit is not None and len(out) >= limit:
                break
            words = json.loads(line)["words"]
            if words:
                out.append(words)
    return out


def labels_of(sents: Sequence[Sentence]) -> list[str]:
    """The tag set: ``O`` first, then the others sorted."""
    return ["O", *sorted({t for _, tags in sents for t in tags} - {"O"})]


def dev_scorer(dev: Sequence[Sentence], labels: Sequence[str], reader: e5.E5Reader) -> Scorer:
    """``on_epoch`` callback: strict F1 of a model on ``dev`` (BIO Viterbi decoding)."""
    start, trans = neural.allowed_transitions(labels)

    def on_epoch(_epoch: int, model: neural.TokenModel) -> float:
        lps = neural.predict_log_probs(model, reader, [w for w, _ in dev], neural.INFER_BATCH_TOKENS)
        pred = [[labels[j] for j in neural.viterbi(lp, start, trans)] if len(lp) else [] for lp in lps]
        return score([t for _, t in dev], pred).overall()["f1"]

    return on_epoch


def train_teacher(
    train_sents: Sequence[Sentence],
    dev_sents: Sequence[Sentence],
    unlabelled: Sequence[Sequence[str]],
    lr: float,
    seed: int,
    device: str = "cpu",
    epochs: int = TEACHER_EPOCHS,
    deadline: float | None = None,
) -> dict[str, Any]:
    """One teacher: its history, best dev F1 and tag probabilities on ``unlabelled``."""
    reader = e5.shared_reader(12)
    labels = labels_of(train_sents)
    model, history = neural.fit(
        train_sents, labels, TEACHER_LAYERS, epochs, lr, seed=seed,
        on_epoch=dev_scorer(dev_sents, labels, reader), full=True, device=device,
        reader=reader, deadline=deadline,
    )  # fmt: skip
    return {
        "lr": lr,
        "seed": seed,
        "history": history,
        "dev_f1": max((h.get("dev_f1", 0.0) for h in history), default=0.0),
        "probs": neural.teacher_probs(model, reader, unlabelled),
    }


def average_probs(teachers: Sequence[dict[str, Any]], k: int = ENSEMBLE) -> list[np.ndarray]:
    """Mean tag probabilities of the ``k`` teachers best on dev."""
    best = sorted(teachers, key=lambda t: -t["dev_f1"])[:k]
    return [
        np.mean([t["probs"][i].astype(np.float32) for t in best], axis=0).astype(np.float16)
        for i in range(len(best[0]["probs"]))
    ]


def train_student(
    lang: str,
    train_sents: Sequence[Sentence],
    dev_sents: Sequence[Sentence],
    unlabelled: Sequence[Sequence[str]],
    teachers: Sequence[dict[str, Any]],
    device: str = "cpu",
    n_layers: int | None = None,
    epochs: int = STUDENT_EPOCHS,
    deadline: float | None = None,
    labels: Sequence[str] | None = None,
) -> tuple[neural.TokenModel, dict[str, Any]]:
    """The student on gold plus soft-tagged sentences (gold alone without ``teachers``), and its meta.

    ``labels`` must be the teachers' tag set (default: that of ``train_sents``).
    """
    reader = e5.shared_reader(12)
    labels = list(labels or labels_of(train_sents))
    n_layers = n_layers or STUDENT_LAYERS[lang]
    soft = []
    if teachers:
        soft = [(w, p) for w, p in zip(unlabelled, average_probs(teachers), strict=True) if len(w)]
    t0 = time.time()
    model, history = neural.fit(
        train_sents, labels, n_layers, epochs, STUDENT_LR, seed=SEED,
        on_epoch=dev_scorer(dev_sents, labels, reader), full=True, device=device,
        soft=soft, reader=reader, deadline=deadline,
    )  # fmt: skip
    used = sorted(teachers, key=lambda t: -t["dev_f1"])[:ENSEMBLE]
    meta: dict[str, Any] = {
        "lang": lang,
        "kind": "e5-ft",
        "labels": labels,
        "n_layers": n_layers,
        "lr": STUDENT_LR,
        "epochs": epochs,
        "seed": SEED,
        "teacher_layers": TEACHER_LAYERS if teachers else 0,
        "teachers": [
            {k: v for k, v in t.items() if k != "probs"} | {"used": any(t is u for u in used)} for t in teachers
        ],
        "unlabelled_sentences": len(soft),
        "history": history,
        "train_sentences": len(train_sents),
        "student_seconds": round(time.time() - t0),
        "device": device,
    }
    return model, meta


def train(
    lang: str,
    train_sents: Sequence[Sentence],
    dev_sents: Sequence[Sentence],
    unlabelled: Sequence[Sequence[str]],
    device: str = "cpu",
    epochs: int | None = None,
    layers: int | None = None,
) -> tuple[neural.TokenModel, dict[str, Any]]:
    """Every teacher of :data:`TEACHER_RUNS`, then the student (the whole recipe, one machine).

    ``epochs`` overrides :data:`TEACHER_EPOCHS` and :data:`STUDENT_EPOCHS`;
    ``layers``, :data:`STUDENT_LAYERS`.
    """
    teachers = [
        train_teacher(train_sents, dev_sents, unlabelled, lr, seed, device, epochs or TEACHER_EPOCHS)
        for lr, seed in TEACHER_RUNS
    ]
    return train_student(
        lang, train_sents, dev_sents, unlabelled, teachers, device, layers, epochs or STUDENT_EPOCHS
    )


def save(model: neural.TokenModel, meta: dict[str, Any], out: str | Path) -> Path:
    """Write ``weights.npz`` and ``meta.json`` (scores are added by ``train._finish``)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "weights.npz", **model.full_arrays(e5.shared_reader(12)))
    for stale in ("adapter.npz", "model.crfsuite", "dense.npz"):  # another kind trained here before
        if (out / stale).exists():
            (out / stale).unlink()
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return out


def save_teacher(teacher: dict[str, Any], path: str | Path) -> None:
    """A teacher's probabilities (float16, concatenated) and log, as npz."""
    probs = teacher["probs"]
    info = {k: v for k, v in teacher.items() if k != "probs"}
    np.savez(
        path,
        probs=np.concatenate(probs) if probs else np.zeros((0, 1), np.float16),
        lengths=np.array([len(p) for p in probs], dtype=np.int64),
        info=np.frombuffer(json.dumps(info).encode("utf-8"), dtype=np.uint8),
    )


def load_teacher(path: str | Path) -> dict[str, Any]:
    """What :func:`save_teacher` wrote."""
    with np.load(path) as z:
        info = json.loads(bytes(z["info"]).decode("utf-8"))
        cuts = np.cumsum(z["lengths"])[:-1]
        info["probs"] = np.split(z["probs"], cuts) if len(z["lengths"]) else []
    return dict(info)


def prepare(folder: str | Path, data_dir: str | Path | None = None) -> Path:
    """Everything a bare GPU machine needs, in ``folder``: each language's CoNLL files
    (``fa/``, ``ar/``), segmented unlabelled news (``unl_<lang>.jsonl.gz``) and a
    weights bundle of the vocabulary rows they use (``bundle.npz``)."""
    import shutil

    from rasad.extract.ner.train import CORPORA, DATA_DIR, write_unlabelled

    folder = Path(folder)
    data = Path(data_dir) if data_dir else DATA_DIR
    words: set[str] = set()
    for lang, cfg in CORPORA.items():
        (folder / lang).mkdir(parents=True, exist_ok=True)
        for split, rel in (("train", cfg["train"][0]), ("dev", cfg["dev"]), ("test", cfg.get("test"))):
            if rel:
                shutil.copyfile(data / rel, folder / lang / f"{split}.conll")
                words.update(w for ws, _ in read_conll(folder / lang / f"{split}.conll") for w in ws)
        path = folder / f"unl_{lang}.jsonl.gz"
        write_unlabelled(lang, path, UNLABELLED_SENTENCES, news_dir=data.parent / "news")
        words.update(w for ws in read_unlabelled(path) for w in ws)
    return e5.make_bundle(e5.shared_reader(12), sorted(words), folder / "bundle.npz")


def main(argv: list[str] | None = None) -> None:
    """``prepare`` (here), then ``teacher`` and ``student`` from files alone (no rasad.text, no ../shared)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("step", choices=["prepare", "teacher", "student"])
    ap.add_argument("--lang", choices=sorted(STUDENT_LAYERS))
    ap.add_argument("--train", nargs="+", help="CoNLL training file(s)")
    ap.add_argument("--dev", help="CoNLL dev file (epoch selection)")
    ap.add_argument("--unlabelled", help="JSON lines of {'words': [...]}")
    ap.add_argument(
        "--out", required=True,
        help="prepare: folder to fill; teacher: probabilities file (npz); student: model folder",
    )  # fmt: skip
    ap.add_argument("--teachers", nargs="*", default=[], help="student: teachers' probabilities files")
    ap.add_argument("--lr", type=float, default=1e-4, help="teacher: peak learning rate")
    ap.add_argument("--seed", type=int, default=0, help="teacher: seed")
    ap.add_argument("--layers", type=int, default=None, help="student: layers kept")
    ap.add_argument("--epochs", type=int, default=None)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--minutes", type=float, default=None, help="no epoch starts after this many minutes")
    ap.add_argument(
        "--fold", default=None, metavar="K/N",
        help="student: train on the sentences whose index mod N is not K and write the others' "
        "log-probabilities to --out (npz) instead of a model: out-of-fold inputs for a stacked CRF",
    )  # fmt: skip
    ap.add_argument("--limit", type=int, default=None, help="first N sentences of each file (smoke tests)")
    ap.add_argument("--unlabelled-limit", type=int, default=None, help="unlabelled sentences used")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.step == "prepare":
        log.info("wrote %s", prepare(args.out))
        return
    if not (args.lang and args.train and args.dev and args.unlabelled):
        ap.error("teacher and student need --lang, --train, --dev and --unlabelled")
    sents = [s for f in args.train for s in read_conll(f)[: args.limit]]
    dev = read_conll(args.dev)[: args.limit]
    unl = read_unlabelled(args.unlabelled, args.limit or args.unlabelled_limit or UNLABELLED_SENTENCES)
    deadline = time.time() + 60 * args.minutes if args.minutes else None
    if args.step == "teacher":
        teacher = train_teacher(
            sents, dev, unl, args.lr, args.seed, args.device, args.epochs or TEACHER_EPOCHS, deadline
        )
        save_teacher(teacher, args.out)
        log.info("teacher %s: lr %s seed %s dev F1 %s", args.out, args.lr, args.seed, teacher["dev_f1"])
        return
    teachers = [load_teacher(p) for p in args.teachers]
    for t in teachers:
        t["probs"] = t["probs"][: len(unl)]
    if args.fold:
        k, n = (int(x) for x in args.fold.split("/"))
        held = [i for i in range(len(sents)) if i % n == k]
        model, meta = train_student(
            args.lang, [s for i, s in enumerate(sents) if i % n != k], dev, unl, teachers, args.device,
            args.layers, args.epochs or STUDENT_EPOCHS, deadline, labels_of(sents),
        )  # fmt: skip
        lps = neural.predict_log_probs(model, e5.shared_reader(12), [sents[i][0] for i in held], 4096)
        np.savez_compressed(
            args.out, index=np.array(held), lengths=np.array([len(x) for x in lps]),
            logp=np.concatenate(lps).astype(np.float16), labels=np.array(meta["labels"]),
        )  # fmt: skip
        log.info("fold %s: %s", args.fold, json.dumps(meta["history"]))
        return
    model, meta = train_student(
        args.lang, sents, dev, unl, teachers, args.device, args.layers, args.epochs or STUDENT_EPOCHS, deadline
    )
    save(model, meta, args.out)
    log.info("saved %s: %s", args.out, json.dumps({k: v for k, v in meta.items() if k != "labels"}))


if __name__ == "__main__":
    main()
