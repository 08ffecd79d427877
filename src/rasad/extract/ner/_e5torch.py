"""The BERT (post-LN) forward pass of multilingual-e5-small, in torch."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from torch import nn

#: Run the linear layers in bfloat16 (layer norms, softmax and residuals stay
#: float32). Word vectors stay within cosine 0.99997 of float32; on the 2-core
#: development machine (AVX-512 BF16) the encoder ran 1.6x faster on one thread
#: (3,208-3,439 vs 2,042-2,085 words/s) and the shipped CRFs scored the same
#: (PEYMA test F1 0.8562 vs 0.8567, ANERcorp dev 0.7415 vs 0.7408). Turn it off
#: on CPUs without native bfloat16 matrix products, where it is slower.
BF16_LINEAR = True


class Encoder(nn.Module):
    """The first ``n_layers`` layers of e5-small over dequantised weights."""

    def __init__(
        self,
        t: dict[str, np.ndarray],
        word_raw: np.ndarray,
        n_layers: int,
        n_heads: int,
        eps: float,
    ) -> None:
        super().__init__()
        self.word_raw = word_raw  # Q4 rows, dequantised on lookup
        self.n_layers = n_layers
        self.nh = n_heads
        self.eps = eps
        self.dtype = torch.bfloat16 if BF16_LINEAR else torch.float32
        self.p = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in t.items()}
        for k in list(self.p):
            if k.count(".") == 2 and k.split(".")[1] in ("q", "k", "v", "ao", "fi", "fo"):
                self.p[k] = self.p[k].to(self.dtype)
        self.H = self.p["pos"].shape[1]
        # q, k and v as one [3H, H] product: one larger matrix multiply instead of three.
        for li in range(n_layers):
            self.p[f"{li}.qkv.w"] = torch.cat([self.p[f"{li}.{n}.w"] for n in "qkv"])
            self.p[f"{li}.qkv.b"] = torch.cat([self.p[f"{li}.{n}.b"] for n in "qkv"])
            for n in "qkv":
                del self.p[f"{li}.{n}.w"], self.p[f"{li}.{n}.b"]

    def _lin(self, x: torch.Tensor, name: str) -> torch.Tensor:
        """A linear layer in the compute dtype (its output stays in that dtype)."""
        p = self.p
        return nn.functional.linear(x.to(self.dtype), p[name + ".w"], p[name + ".b"])

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
        att_mask = mask[:, None, None, :]
        keep: list[torch.Tensor] = []
        want = set(layers)
        for li in range(max(layers)):
            qkv = self._lin(x, f"{li}.qkv").view(B, T, 3, self.nh, hd).permute(2, 0, 3, 1, 4)
            # Fused attention (same maths as softmax(q k^T / sqrt(hd) + mask) v, less memory traffic).
            ctx = nn.functional.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], attn_mask=att_mask)
            ctx = ctx.transpose(1, 2).reshape(B, T, H)
            ao = self._lin(ctx, f"{li}.ao").float()
            x = nn.functional.layer_norm(x + ao, (H,), p[f"{li}.aln.w"], p[f"{li}.aln.b"], self.eps)
            fo = self._lin(nn.functional.gelu(self._lin(x, f"{li}.fi")), f"{li}.fo").float()
            x = nn.functional.layer_norm(x + fo, (H,), p[f"{li}.oln.w"], p[f"{li}.oln.b"], self.eps)
            if li + 1 in want:
                keep.append(x)
        return torch.cat([keep[sorted(want).index(la)] for la in layers], dim=-1)
