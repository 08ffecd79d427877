"""Training the parsers from the UD treebanks in ``../shared/data/ud``.

Only the treebanks' dev and test files are available (see that folder's
README), so the split is made here, once, by position, and never changed:

- **held-out test** (never trained on, never used to choose anything): the
  second half of PerDT test (fa) and of PADT v1.2 test (ar);
- **dev** (the epoch kept is the best on it): the first
  :data:`DEV_SENTENCES` sentences of the first half;
- **train**: the rest of the first half, PerDT dev and Seraji dev (fa), PADT
  dev (ar).

Arabic forms lose their vowel marks (news is unvocalised) and UD v1
relations become UD v2 (:mod:`.conllu`). Training fine-tunes every weight of
the first :data:`~.model.N_LAYERS` e5 layers with the scorer (AdamW, linear
warm-up and decay; the encoder at :data:`ENCODER_LR`, the scorer at
:data:`SCORER_LR`).
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from rasad import progress
from rasad.doctor import cpu_name
from rasad.extract.ner import e5
from rasad.extract.ner.neural import warmup_then_decay
from rasad.extract.parse import model as pm
from rasad.extract.parse.conllu import Tree, attachment_scores, read_conllu
from rasad.progress import tracked

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parents[4].parent / "shared" / "data" / "ud"
#: Treebank files per language (relative to DATA_DIR): the held-out and dev sentences come from
#: the first file ("split"); the others are training data only.
TREEBANKS: dict[str, dict[str, Any]] = {
    "fa": {"split": "fa_perdt/fa_perdt-ud-test.conllu",
           "train": ["fa_perdt/fa_perdt-ud-dev.conllu", "fa_seraji/fa_seraji-ud-dev.conllu"],
           "plain": False,
           "licence": "CC BY-SA 4.0 (UD_Persian-PerDT, UD_Persian-Seraji)"},
    "ar": {"split": "ar_padt_v1.2/ar-ud-test.conllu",
           "train": ["ar_padt_v1.2/ar-ud-dev.conllu"],
           "plain": True,
           "licence": "CC BY-NC-SA 3.0 (UD_Arabic-PADT v1.2): non-commercial use only"},
}  # fmt: skip
DEV_SENTENCES = 200
EPOCHS = 8
ENCODER_LR = 8e-5
SCORER_LR = 2e-3
BATCH_TOKENS = 2048
WARMUP = 0.06
SEED = 0


@dataclass
class Splits:
    """Train, dev and held-out test sentences of one language."""

    train: list[Tree]
    dev: list[Tree]
    test: list[Tree]


def splits(lang: str, data_dir: str | Path | None = None) -> Splits:
    """The fixed split of ``lang``'s treebanks (see the module docstring)."""
    if lang not in TREEBANKS:
        raise ValueError(f"no treebank for {lang!r}; choose one of: {', '.join(TREEBANKS)}")
    cfg = TREEBANKS[lang]
    data = Path(data_dir) if data_dir else DATA_DIR
    if not (data / cfg["split"]).is_file():
        raise FileNotFoundError(f"{data / cfg['split']}: treebank not found (../shared/data/ud beside the repo)")
    split = read_conllu(data / cfg["split"], plain=cfg["plain"])
    half = len(split) // 2
    first, test = split[:half], split[half:]
    train = list(first[DEV_SENTENCES:])
    for name in cfg["train"]:
        train += read_conllu(data / name, plain=cfg["plain"])
    return Splits(train=train, dev=first[:DEV_SENTENCES], test=test)


def relations_of(trees: Sequence[Tree]) -> list[str]:
    """The relation labels, sorted."""
    return sorted({r for t in trees for r in t.rels if r})


def evaluate(parse: Any, trees: Sequence[Tree]) -> dict[str, Any]:
    """Attachment scores of ``parse(list of word lists) -> [(heads, rels)]`` on gold trees."""
    predicted = parse([t.words for t in trees])
    pred = [Tree(t.words, heads, rels) for t, (heads, rels) in zip(trees, predicted, strict=True)]
    return attachment_scores(list(trees), pred)


def _batches(wins: Sequence[pm.Window], rng: np.random.Generator) -> list[list[int]]:
    lengths = [len(w[0]) for w in wins]
    perm = rng.permutation(len(wins))
    chunk = 2048
    order = [int(k) for c in range(0, len(perm), chunk) for k in sorted(perm[c : c + chunk], key=lengths.__getitem__)]
    out = list(e5.batches(lengths, order, BATCH_TOKENS))
    rng.shuffle(out)
    return out


def fit(
    data: Splits,
    *,
    n_layers: int = pm.N_LAYERS,
    epochs: int = EPOCHS,
    seed: int = SEED,
    deadline: float | None = None,
    limit: int | None = None,
) -> tuple[pm.ParserModel, list[str], list[dict[str, Any]]]:
    """Train a parser on ``data.train``, keeping the epoch best on ``data.dev`` (LAS).

    ``limit`` trains on the first N sentences only (quick checks). No epoch
    starts after ``deadline`` (a ``time.time()`` value).
    """
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    reader = e5.shared_reader(12)
    train = [t for t in data.train if t.words and all(h >= 0 for h in t.heads)][:limit]
    rels = relations_of(train)
    index = {r: i for i, r in enumerate(rels)}
    model = pm.ParserModel(reader, n_layers, len(rels))
    wins = [pm.sentence_window(reader, t.words) for t in train]
    encoder_params = [p for p in model.encoder.parameters() if p.requires_grad]
    opt = torch.optim.AdamW([{"params": encoder_params, "lr": ENCODER_LR},
                             {"params": list(model.scorer.parameters()), "lr": SCORER_LR}],
                            weight_decay=0.01, betas=(0.9, 0.9))  # fmt: skip
    sched = warmup_then_decay(opt, len(_batches(wins, np.random.default_rng(0))) * epochs, WARMUP)
    history: list[dict[str, Any]] = []
    best, best_state = -1.0, None
    for ep in range(epochs):
        started = time.time()
        if deadline is not None and ep and started > deadline:
            log.warning("deadline reached: stopping after %d of %d epochs", ep, epochs)
            break
        model.train()
        total_loss = 0.0
        batches = _batches(wins, rng)
        for batch in tracked(batches, f"training epoch {ep + 1}/{epochs}", progress.current()):
            ids, mask, firsts, wmask = pm.pad_windows([wins[k] for k in batch], reader.pad)
            arcs, rel_scores = model(ids, mask, firsts)
            B, W = wmask.shape
            head_ok = torch.cat([torch.ones(B, 1, dtype=torch.bool), wmask], 1)
            arcs = arcs.masked_fill(~head_ok[:, None, :], float("-inf"))
            gold_heads = torch.zeros(B, W, dtype=torch.long)
            gold_rels = torch.zeros(B, W, dtype=torch.long)
            for b, k in enumerate(batch):
                n = len(train[k].words)
                gold_heads[b, :n] = torch.tensor(train[k].heads)
                gold_rels[b, :n] = torch.tensor([index[r] for r in train[k].rels])
            arc_loss = torch.nn.functional.cross_entropy(arcs[wmask], gold_heads[wmask])
            picked = rel_scores[torch.arange(B)[:, None], torch.arange(W)[None, :], gold_heads]
            rel_loss = torch.nn.functional.cross_entropy(picked[wmask], gold_rels[wmask])
            loss = arc_loss + rel_loss
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            sched.step()
            total_loss += float(loss.detach())
        model.eval()
        scores = evaluate(lambda sents: training_parse(model, reader, rels, sents), data.dev)
        line = {"epoch": ep + 1, "loss": round(total_loss / max(1, len(batches)), 4),
                "seconds": round(time.time() - started), "dev_uas": scores["uas"], "dev_las": scores["las"]}
        history.append(line)
        log.info("epoch %s", line)
        if scores["las"] > best:
            best, best_state = scores["las"], {k: v.detach().clone() for k, v in model.state_dict().items()}
    if best_state is not None:
        model.load_state_dict(best_state)
    return model, rels, history


def training_parse(model: pm.ParserModel, reader: e5.E5Reader, rels: Sequence[str],
                   sentences: Sequence[Sequence[str]]) -> list[tuple[list[int], list[str]]]:
    """Parse with a model still in training form (the slow encoder, every position)."""

    def first_states(ids: torch.Tensor, mask: torch.Tensor, keep: torch.Tensor) -> torch.Tensor:
        return model.encoder.hidden(ids, mask)[keep]

    return pm.parse_with(reader, model.scorer, first_states, rels, sentences)


def save(model: pm.ParserModel, rels: Sequence[str], folder: str | Path, meta: dict[str, Any]) -> Path:
    """Write ``weights.npz`` and ``meta.json`` of a trained parser into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    reader = e5.shared_reader(12)
    arrays = model.encoder.full_arrays(reader)
    arrays.update(model.scorer.arrays())
    np.savez_compressed(folder / "weights.npz", **arrays)
    (folder / "meta.json").write_text(json.dumps({**meta, "labels": list(rels)}, ensure_ascii=False, indent=1) + "\n",
                                      encoding="utf-8")
    return folder


#: Relations whose figures the card reports one by one.
REPORTED_RELATIONS = ("nsubj", "obj", "obl", "nmod", "appos", "conj", "ccomp")


def train(
    lang: str,
    *,
    data_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    epochs: int = EPOCHS,
    n_layers: int = pm.N_LAYERS,
    limit: int | None = None,
) -> dict[str, Any]:
    """Train, score on dev and the held-out test, and write the model folder with its card."""
    started = time.time()
    data = splits(lang, data_dir)
    model, rels, history = fit(data, n_layers=n_layers, epochs=epochs, limit=limit)
    cfg = TREEBANKS[lang]
    meta = {
        "lang": lang, "kind": "biaffine-e5-ft", "n_layers": n_layers, "epochs": epochs,
        "encoder_lr": ENCODER_LR, "scorer_lr": SCORER_LR, "seed": SEED, "limit": limit,
        "data": {"split_file": cfg["split"], "train_files": cfg["train"], "licence": cfg["licence"],
                 "train_sentences": len(data.train) if limit is None else min(limit, len(data.train)),
                 "dev_sentences": len(data.dev), "test_sentences": len(data.test),
                 "vowel_marks_removed": cfg["plain"]},
        "history": history,
        "train_seconds": round(time.time() - started),
        "machine": f"{cpu_name()}, {os.cpu_count()} cores",
        "command": f"rasad train parse --lang {lang}",
    }  # fmt: skip
    folder = save(model, rels, out_dir or pm.model_folder(lang), meta)
    return rescore(folder, data)  # dev and test scores, from the weights as shipped


def rescore(folder: str | Path, data: Splits | None = None) -> dict[str, Any]:
    """Score the shipped form of a parser folder (int8 weight differences) on dev and the held-out test.

    Rewrites ``meta.json`` and ``MODEL_CARD.md`` with those figures: what
    ``rasad eval parse`` reproduces.
    """
    folder = Path(folder)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    data = data or splits(meta["lang"])
    parser = pm.Parser(folder)
    test = evaluate(parser.parse, data.test)
    dev = evaluate(parser.parse, data.dev)
    meta["dev"] = {k: dev[k] for k in ("uas", "las", "words")}
    meta["test"] = {"uas": test["uas"], "las": test["las"], "words": test["words"],
                    "relations": {r: test["relations"][r] for r in REPORTED_RELATIONS if r in test["relations"]}}
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (folder / "MODEL_CARD.md").write_text(model_card(meta), encoding="utf-8")
    return meta


ARABIC_NOTE = """- PADT v1.2's fully vocalised forms lose their vowel marks (news is unvocalised), and its
  UD v1 relations are renamed to UD v2 (`dobj` -> `obj`, `nsubjpass` -> `nsubj:pass`, ...;
  `nmod` under a verb, adjective or adverb -> `obl`).
  Its words are already segmented (clitics apart), as the test is; real news is not, so on
  rasad's own tokens an Arabic word with clitics is one node.
"""


def model_card(meta: dict[str, Any]) -> str:
    """The MODEL_CARD.md of a parser folder."""
    lang = meta["lang"]
    d = meta["data"]
    rows = "\n".join(
        f"| {rel} | {v['gold']} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} |"
        for rel, v in meta["test"]["relations"].items()
    )
    epochs = "\n".join(f"| {h['epoch']} | {h['loss']} | {h['dev_uas']:.4f} | {h['dev_las']:.4f} | {h['seconds']} |"
                       for h in meta["history"])  # fmt: skip
    return f"""# rasad dependency parser: {lang}

A biaffine arc and relation scorer (Dozat and Manning 2017) over the first
{meta['n_layers']} layers of multilingual-e5-small, every weight fine-tuned. Input: words
(gold tokens of a treebank, or rasad's own tokens); output: a head and a UD v2
relation per word, always a tree with one root.

## Data and licence

- Treebank files: split from `{d['split_file']}`; training also on {', '.join(f'`{f}`' for f in d['train_files'])}
  (`../shared/data/ud`, copied byte for byte from the UniversalDependencies repositories).
- Licence of the data, and so of this model: **{d['licence']}**.
- The split, fixed by position (rasad.extract.parse.train): held-out test = the second half of
  the split file ({d['test_sentences']} sentences, never trained on or used to choose anything);
  dev = the first {d['dev_sentences']} sentences (the epoch kept is the best dev LAS); train = the
  rest ({d['train_sentences']} sentences).
{ARABIC_NOTE if lang == "ar" else ""}
## Scores (the shipped weights; gold tokens, every word counted, punctuation included)

| set | UAS | LAS | words |
|---|---|---|---|
| dev | {meta['dev']['uas']:.4f} | {meta['dev']['las']:.4f} | {meta['dev']['words']} |
| held-out test | {meta['test']['uas']:.4f} | {meta['test']['las']:.4f} | {meta['test']['words']} |

Per relation on the held-out test (labelled attachment):

| relation | gold | precision | recall | F1 |
|---|---|---|---|---|
{rows}

Training ({meta['train_seconds']} s on {meta.get('machine', 'the machine that built it')}, shared with other jobs):

| epoch | loss | dev UAS | dev LAS | seconds |
|---|---|---|---|---|
{epochs}

## Rebuild and check

    {meta['command']}
    rasad eval parse ../shared/data/ud/{d['split_file']} --lang {lang} --held-out
"""
