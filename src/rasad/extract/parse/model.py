"""The dependency parser: e5 layers, fine-tuned, under a biaffine arc and label scorer.

Each word is read at its first piece from the last of :data:`N_LAYERS`
fine-tuned layers of multilingual-e5-small (the same encoder code as the NER
model). Two small feed-forward projections of those states score every
(dependent, head) pair with a biaffine form (Dozat and Manning 2017), a
learned ROOT vector standing for the root; two more score the relation of
each pair. Decoding takes the highest-scoring tree: one root (the word that
prefers the root most), then the maximum spanning arborescence
(Chu-Liu/Edmonds), so that every output is a tree.

The shipped model lives in ``rasad/models/parse-LANG``: ``meta.json`` (labels,
layers, scores, data, the command that rebuilds it) and ``weights.npz`` (the
encoder's weight differences, int8 per row, as the NER model stores them,
and the scorer in float32).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from rasad.extract.ner import e5
from rasad.extract.ner.neural import TokenModel

log = logging.getLogger(__name__)

#: e5 layers kept and fine-tuned (of 12).
N_LAYERS = 6
#: Widths of the arc and relation projections, and their dropout while training.
ARC_DIM = 256
REL_DIM = 96
DROPOUT = 0.33
#: Most pieces of one sentence read by the encoder; words past them are read at the last
#: piece kept. Most sentences fit; one near rasad's MAX_SENTENCE_CHARS (2,000) may not.
MAX_PIECES = 254
#: Most pieces read of one word (its first piece is what the scorer sees).
MAX_WORD_PIECES = 8
MODELS_DIR = Path(__file__).resolve().parents[2] / "models"


def model_folder(lang: str) -> Path:
    """Where the shipped parser of ``lang`` lives."""
    return MODELS_DIR / f"parse-{lang}"


class Biaffine(nn.Module):
    """``x_i^T W_o y_j`` for every pair (i, j) and output o; a bias feature is appended to x and y."""

    def __init__(self, dim: int, n_out: int, bias_y: bool = True) -> None:
        super().__init__()
        self.bias_y = bias_y
        self.weight = nn.Parameter(torch.zeros(n_out, dim + 1, dim + int(bias_y)))

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """Scores [B, n_out, Nx, Ny] of x [B, Nx, d] against y [B, Ny, d]."""
        x = torch.cat([x, x.new_ones(*x.shape[:-1], 1)], -1)
        if self.bias_y:
            y = torch.cat([y, y.new_ones(*y.shape[:-1], 1)], -1)
        return torch.einsum("bxi,oij,byj->boxy", x, self.weight, y)


class Scorer(nn.Module):
    """Arc and relation scores from word states: the part of the parser above the encoder."""

    def __init__(self, hidden: int, n_rels: int) -> None:
        super().__init__()
        self.root = nn.Parameter(torch.zeros(hidden))

        def mlp(dim: int) -> nn.Sequential:
            return nn.Sequential(nn.Linear(hidden, dim), nn.LeakyReLU(0.1), nn.Dropout(DROPOUT))

        self.arc_dep, self.arc_head = mlp(ARC_DIM), mlp(ARC_DIM)
        self.rel_dep, self.rel_head = mlp(REL_DIM), mlp(REL_DIM)
        self.arc = Biaffine(ARC_DIM, 1, bias_y=False)
        self.rel = Biaffine(REL_DIM, n_rels, bias_y=True)

    def forward(self, words: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Arc scores [B, W, W+1] (head 0 is ROOT) and relation scores [B, W, W+1, R] of word states [B, W, H]."""
        with_root = torch.cat([self.root.expand(words.shape[0], 1, -1), words], 1)
        arcs = self.arc(self.arc_dep(words), self.arc_head(with_root)).squeeze(1)
        rels = self.rel(self.rel_dep(words), self.rel_head(with_root)).permute(0, 2, 3, 1)
        return arcs, rels

    def arrays(self) -> dict[str, np.ndarray]:
        """The scorer's weights, float32, keyed ``scorer.NAME``."""
        return {
            f"scorer.{k}": v.detach().float().cpu().numpy() for k, v in self.state_dict().items()
        }

    def load_arrays(self, z: Any) -> None:
        """Set the weights from :meth:`arrays` output."""
        state = {k[len("scorer."):]: torch.from_numpy(np.asarray(z[k], dtype=np.float32))
                 for k in z.files if k.startswith("scorer.")}  # fmt: skip
        self.load_state_dict(state)


# -- inputs ---------------------------------------------------------------------
Window = tuple[
    list[int], list[int]
]  # (piece ids with <s> passage: ... </s>, first-piece position per word)


def sentence_window(reader: e5.E5Reader, words: Sequence[str]) -> Window:
    """Piece ids of one sentence (``<s> passage: pieces </s>``) and each word's first-piece position.

    A word keeps at most :data:`MAX_WORD_PIECES` pieces; the sentence at most
    :data:`MAX_PIECES` (words past it share the last position).
    """
    ids = [reader.bos, *reader.word_ids(e5.PREFIX)]
    firsts = []
    for w in words:
        pieces = reader.word_ids(w)[:MAX_WORD_PIECES] or reader.word_ids("_")
        if len(ids) + len(pieces) > MAX_PIECES + 1:
            firsts.append(len(ids) - 1)
            continue
        firsts.append(len(ids))
        ids.extend(pieces)
    return [*ids, reader.eos], firsts


def pad_windows(
    wins: Sequence[Window], pad: int
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Padded piece ids and mask [B, T], first-piece positions [B, W] and word mask [B, W]."""
    T = max(len(w[0]) for w in wins)
    W = max(len(w[1]) for w in wins)
    ids = np.full((len(wins), T), pad, dtype=np.int64)
    mask = np.zeros((len(wins), T), dtype=bool)
    firsts = np.zeros((len(wins), W), dtype=np.int64)
    wmask = np.zeros((len(wins), W), dtype=bool)
    for b, (p, f) in enumerate(wins):
        ids[b, : len(p)] = p
        mask[b, : len(p)] = True
        firsts[b, : len(f)] = f
        wmask[b, : len(f)] = True
    return (
        torch.from_numpy(ids),
        torch.from_numpy(mask),
        torch.from_numpy(firsts),
        torch.from_numpy(wmask),
    )


class ParserModel(nn.Module):
    """Trainable parser: :class:`~rasad.extract.ner.neural.TokenModel` layers (all weights) and a :class:`Scorer`."""

    def __init__(self, reader: e5.E5Reader, n_layers: int, n_rels: int) -> None:
        super().__init__()
        self.encoder = TokenModel(reader, n_layers, 1, full=True)
        self.scorer = Scorer(reader.H, n_rels)

    def forward(
        self, ids: torch.Tensor, mask: torch.Tensor, firsts: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        states = self.encoder.hidden(ids, mask)
        words = states.gather(1, firsts[..., None].expand(-1, -1, states.shape[-1]))
        return self.scorer(words)


# -- decoding -------------------------------------------------------------------
def _find_cycle(heads: np.ndarray) -> list[int] | None:
    """A cycle of ``heads`` (heads[0] = -1 for ROOT), as its nodes, or None."""
    n = len(heads)
    state = np.zeros(n, dtype=np.int8)  # 0 new, 1 on the current path, 2 done
    for start in range(1, n):
        path = []
        node = start
        while node > 0 and state[node] == 0:
            state[node] = 1
            path.append(node)
            node = int(heads[node])
        if node > 0 and state[node] == 1:
            return path[path.index(node) :]
        for v in path:
            state[v] = 2
    return None


def chu_liu_edmonds(scores: np.ndarray) -> np.ndarray:
    """The maximum spanning arborescence rooted at 0 of ``scores[dep, head]`` ([n, n]); heads[0] = -1."""
    n = scores.shape[0]
    s = scores.astype(np.float64).copy()
    np.fill_diagonal(s, -np.inf)
    s[0, :] = -np.inf
    heads = s.argmax(1)
    heads[0] = -1
    cycle = _find_cycle(heads)
    if cycle is None:
        return heads
    in_cycle = set(cycle)
    rest = [v for v in range(n) if v not in in_cycle]  # rest[0] == 0: ROOT is never in a cycle
    c = len(rest)
    sub = np.full((c + 1, c + 1), -np.inf)
    sub[:c, :c] = s[np.ix_(rest, rest)]
    gain = np.array([s[v, heads[v]] for v in cycle])
    enter: dict[int, int] = {}
    leave: dict[int, int] = {}
    for k, h in enumerate(rest):  # arcs into the cycle: h -> v, replacing v's cycle arc
        into = s[cycle, h] - gain
        j = int(into.argmax())
        sub[c, k], enter[k] = into[j], cycle[j]
    for k, d in enumerate(rest):  # arcs out of the cycle: u -> d
        if d == 0:
            continue
        out = s[d, cycle]
        j = int(out.argmax())
        sub[k, c], leave[k] = out[j], cycle[j]
    inner = chu_liu_edmonds(sub)
    result = heads.copy()
    for k, d in enumerate(rest):
        if d == 0:
            continue
        h = int(inner[k])
        result[d] = leave[k] if h == c else rest[h]
    h = int(inner[c])
    result[enter[h]] = rest[h]
    return result


def decode(arc_scores: np.ndarray) -> np.ndarray:
    """1-based heads (0 = root) of one sentence from its arc scores [W, W+1]: one root, a tree."""
    n = arc_scores.shape[0]
    full = np.full((n + 1, n + 1), -np.inf)
    full[1:, :] = arc_scores
    word_heads = arc_scores[:, 1:].copy()
    np.fill_diagonal(word_heads, -np.inf)  # no word heads itself
    best_word_head = word_heads.max(axis=1) if n > 1 else np.full(n, -np.inf)
    root = int((arc_scores[:, 0] - best_word_head).argmax()) + 1  # the word that prefers ROOT most
    full[1:, 0] = -np.inf
    full[root, 0] = 0.0
    full[root, 1:] = -np.inf
    return chu_liu_edmonds(full)[1:]


# -- the shipped parser ---------------------------------------------------------------
class Parser:
    """A trained parser folder, read for inference (the fast encoder path, first pieces only)."""

    def __init__(self, folder: str | Path, kernel: str | None = None) -> None:
        from rasad.extract.ner import kernels
        from rasad.extract.ner._e5torch import Encoder

        self.folder = Path(folder)
        self.meta = json.loads((self.folder / "meta.json").read_text(encoding="utf-8"))
        self.rels: list[str] = list(self.meta["labels"])
        self.reader = e5.shared_reader(12)
        kernels.configure_torch()
        n_layers = int(self.meta["n_layers"])
        trained = TokenModel(self.reader, n_layers, 1, full=True)
        self.scorer = Scorer(self.reader.H, len(self.rels))
        with np.load(self.folder / "weights.npz") as z:
            trained.load_full(z)
            self.scorer.load_arrays(z)
        self.scorer.eval()
        self.encoder = Encoder(trained.encoder_tensors(), self.reader.word_raw(), n_layers,
                               self.reader.NH, self.reader.eps, kernel)  # fmt: skip
        self.n_layers = n_layers

    def parse(
        self,
        sentences: Sequence[Sequence[str]],
        budget: int = 4096,
        states: list[Any] | None = None,
    ) -> list[tuple[list[int], list[str]]]:
        """``(heads, relations)`` of each sentence (a list of words); heads 1-based, 0 = root.

        ``states``, when given, receives each sentence's word vectors (float32
        ``[words, hidden]``, the encoder's output at each word's first piece),
        for models that read the same encoder pass (the event filter).
        """
        return parse_with(self.reader, self.scorer, lambda ids, mask, keep: self.encoder.at(ids, mask, keep),
                          self.rels, sentences, budget, states)  # fmt: skip


def parse_with(
    reader: e5.E5Reader,
    scorer: Scorer,
    first_states: Any,
    rels: Sequence[str],
    sentences: Sequence[Sequence[str]],
    budget: int = 4096,
    states: list[Any] | None = None,
) -> list[tuple[list[int], list[str]]]:
    """Parse with any encoder: ``first_states(ids, mask, keep)`` gives the states at ``keep`` [K, H].

    ``states`` (a list) is filled with one word-vector array per sentence (``None`` for an empty one).
    """
    out: list[tuple[list[int], list[str]]] = [([], []) for _ in sentences]
    if states is not None:
        states[:] = [None] * len(sentences)
    wins = [sentence_window(reader, words) for words in sentences]
    lengths = [len(w[0]) for w in wins]
    order = sorted(range(len(wins)), key=lengths.__getitem__)
    with torch.inference_mode():
        for batch in e5.batches(lengths, order, budget):
            batch = [k for k in batch if wins[k][1]]
            if not batch:
                continue
            ids, mask, firsts, wmask = pad_windows([wins[k] for k in batch], reader.pad)
            keep = torch.zeros_like(mask)
            for b, k in enumerate(batch):
                keep[b, wins[k][1]] = True
            flat = first_states(ids, mask, keep)
            words = flat.new_zeros(len(batch), firsts.shape[1], flat.shape[-1])
            row = 0
            for b, k in enumerate(batch):
                # keep marks distinct positions in order; words sharing a position (overlong) reuse it
                positions = wins[k][1]
                distinct = sorted(set(positions))
                index = {p: row + i for i, p in enumerate(distinct)}
                words[b, : len(positions)] = flat[[index[p] for p in positions]]
                row += len(distinct)
            arcs, rel_scores = scorer(words)
            arcs = arcs.masked_fill(
                ~torch.cat([torch.ones_like(wmask[:, :1]), wmask], 1)[:, None, :], float("-inf")
            )
            for b, k in enumerate(batch):
                n = len(wins[k][1])
                heads = decode(arcs[b, :n, : n + 1].float().numpy())
                labels = rel_scores[b, torch.arange(n), torch.from_numpy(heads)].argmax(-1).tolist()
                out[k] = ([int(h) for h in heads], [rels[j] for j in labels])
                if states is not None:
                    states[k] = words[b, :n].float().numpy().copy()
    return out
