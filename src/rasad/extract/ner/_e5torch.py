"""The BERT (post-LN) forward pass of multilingual-e5-small, in torch."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import torch
from torch import nn


class Encoder(nn.Module):
    """The first ``n_layers`` layers of e5-small over dequantised weights."""

    def __init__(
        self, t: dict[str, np.ndarray], word_raw: np.ndarray, n_layers: int, n_heads: int, eps: float
    ) -> None:
        super().__init__()
        self.word_raw = word_raw  # Q4 rows, dequantised on lookup
        self.n_layers = n_layers
        self.nh = n_heads
        self.eps = eps
        self.p = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in t.items()}
        self.H = self.p["pos"].shape[1]

    def _embed(self, ids: torch.Tensor) -> torch.Tensor:
        from rasad.extract.ner.e5 import _deq_q4

        flat = ids.reshape(-1).numpy()
        uniq, inv = np.unique(flat, return_inverse=True)
        rows = _deq_q4(self.word_raw[uniq].reshape(-1), len(uniq), self.H)
        emb = torch.from_numpy(rows)[torch.from_numpy(inv.reshape(-1))]
        return emb.reshape(*ids.shape, self.H)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor, layers: Sequence[int]) -> torch.Tensor:
        """Concatenated hidden states of the 1-based ``layers`` [B, T, H*len(layers)]."""
        p = self.p
        B, T = ids.shape
        H = self.H
        hd = H // self.nh
        x = self._embed(ids) + p["pos"][:T] + p["type"]
        x = nn.functional.layer_norm(x, (H,), p["ln.w"], p["ln.b"], self.eps)
        bias = torch.zeros(B, 1, 1, T)
        bias.masked_fill_(~mask[:, None, None, :], float("-inf"))
        keep: list[torch.Tensor] = []
        want = set(layers)
        for li in range(max(layers)):
            q = nn.functional.linear(x, p[f"{li}.q.w"], p[f"{li}.q.b"]).view(B, T, self.nh, hd).transpose(1, 2)
            k = nn.functional.linear(x, p[f"{li}.k.w"], p[f"{li}.k.b"]).view(B, T, self.nh, hd).transpose(1, 2)
            v = nn.functional.linear(x, p[f"{li}.v.w"], p[f"{li}.v.b"]).view(B, T, self.nh, hd).transpose(1, 2)
            att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(hd) + bias, dim=-1)
            ctx = (att @ v).transpose(1, 2).reshape(B, T, H)
            ao = nn.functional.linear(ctx, p[f"{li}.ao.w"], p[f"{li}.ao.b"])
            x = nn.functional.layer_norm(x + ao, (H,), p[f"{li}.aln.w"], p[f"{li}.aln.b"], self.eps)
            mid = nn.functional.gelu(nn.functional.linear(x, p[f"{li}.fi.w"], p[f"{li}.fi.b"]))
            fo = nn.functional.linear(mid, p[f"{li}.fo.w"], p[f"{li}.fo.b"])
            x = nn.functional.layer_norm(x + fo, (H,), p[f"{li}.oln.w"], p[f"{li}.oln.b"], self.eps)
            if li + 1 in want:
                keep.append(x)
        return torch.cat([keep[sorted(want).index(la)] for la in layers], dim=-1)
