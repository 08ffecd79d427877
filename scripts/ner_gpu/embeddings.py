"""Experiment: train the word-embedding table as well (GPU only), then run ``finetune.main``.

``python3 scripts/ner_gpu/embeddings.py emb|frozen STEP ARGS...``: ``emb`` makes
the dequantised word table a trained parameter; ``frozen`` runs the step as is.
"""

from __future__ import annotations

import sys

import torch
from torch import nn

from rasad.extract.ner import finetune, neural

_place = neural.TokenModel.place


def place_trainable(self: neural.TokenModel, device: str | torch.device) -> neural.TokenModel:
    """``TokenModel.place``, then the word table (built off the CPU) as a parameter."""
    out = _place(self, device)
    if self.emb_table is not None and not isinstance(self.emb_table, nn.Parameter):
        table = self.emb_table
        del self.emb_table
        self.emb_table = nn.Parameter(table)
    return out


if __name__ == "__main__":
    if sys.argv[1] == "emb":
        neural.TokenModel.place = place_trainable  # type: ignore[method-assign]
    finetune.main(sys.argv[2:])
