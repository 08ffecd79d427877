"""The neural tagging head over frozen multilingual-e5-small word vectors.

Per word: the concatenated outputs of some e5 layers plus a few sparse flags
(gazetteer hit, shape, Arabic clitic) go through a linear layer, a width-5
convolution and a softmax over BIO tags; decoding is Viterbi under the BIO
constraints (no ``I-X`` after ``O`` or after another type). Weights are kept
as a plain ``.npz`` (no pickles), so loading runs no code from the file.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from rasad.extract.ner.features import gazetteer_tags, shape
from rasad.extract.ner.gazetteer import demonym, strip_clitics
from rasad.text.fold import fold

#: Width of the hidden layers.
HIDDEN = 256
#: Convolution window, in words.
KERNEL = 5
#: Sparse flags appended to each word's vector (see :func:`flags`).
_GAZ = ("B-country", "I-country", "B-city", "I-city", "B-region", "I-region")
_SHAPES = ("P", "D", "L", "A", "X")
N_FLAGS = len(_GAZ) + len(_SHAPES) + 2


def flags(words: Sequence[str]) -> np.ndarray:
    """[n_words, N_FLAGS] float32: gazetteer B/I by kind, shape, clitic, demonym."""
    folded = [fold(w) or w for w in words]
    gaz = gazetteer_tags(folded)
    out = np.zeros((len(words), N_FLAGS), dtype=np.float32)
    for i, w in enumerate(words):
        if gaz[i] in _GAZ:
            out[i, _GAZ.index(gaz[i])] = 1.0
        sh = shape(w)
        out[i, len(_GAZ) + (_SHAPES.index(sh) if sh in _SHAPES else len(_SHAPES) - 1)] = 1.0
        out[i, -2] = float(strip_clitics(folded[i]) != folded[i])
        out[i, -1] = float(demonym(w) is not None)
    return out


def build(n_in: int, n_labels: int):  # -> torch.nn.Module (torch imported lazily)
    """The head module: Linear -> GELU -> Conv1d -> GELU -> Linear."""
    import torch
    from torch import nn

    class ConvHead(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.drop = nn.Dropout(0.3)
            self.inp = nn.Linear(n_in, HIDDEN)
            self.conv = nn.Conv1d(HIDDEN, HIDDEN, KERNEL, padding=KERNEL // 2)
            self.out = nn.Linear(HIDDEN, n_labels)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            h = nn.functional.gelu(self.inp(self.drop(x)))
            h = nn.functional.gelu(self.conv(h.transpose(1, 2)).transpose(1, 2))
            return self.out(self.drop(h))

    return ConvHead()


def constraints(labels: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(transition penalty [L, L], start penalty [L]) forbidding invalid BIO moves."""
    n = len(labels)
    trans = np.zeros((n, n), dtype=np.float32)
    for i, a in enumerate(labels):
        for j, b in enumerate(labels):
            if b.startswith("I-") and not (a != "O" and a[2:] == b[2:]):
                trans[i, j] = -1e4
    start = np.array([-1e4 if lab.startswith("I-") else 0.0 for lab in labels], dtype=np.float32)
    return trans, start


def viterbi(logp: np.ndarray, trans: np.ndarray, start: np.ndarray) -> list[int]:
    """Best label path of [n, L] log-probabilities under the transition penalties."""
    score = logp[0] + start
    back = []
    for t in range(1, len(logp)):
        cand = score[:, None] + trans
        back.append(cand.argmax(0))
        score = cand.max(0) + logp[t]
    path = [int(score.argmax())]
    for arg in reversed(back):
        path.append(int(arg[path[-1]]))
    path.reverse()
    return path
