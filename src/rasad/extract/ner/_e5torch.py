"""The BERT (post-LN) forward pass of multilingual-e5-small, in torch.

The linear layers (95 % of the cost) run in the kernel :mod:`.kernels`
chooses for the CPU: float32, bfloat16 (CPUs with native bfloat16) or int8
(dynamic quantisation, one scale per output row). Layer norms, softmax and
residuals stay float32 whatever the kernel.

Two exact savings: the linear layers see only real positions (padding is
dropped before them and restored for attention alone), and when only some
positions of the last layer are wanted (a tagger reads each word's first
piece), that layer's attention output and feed-forward run on those alone.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence

import numpy as np
import torch
from torch import nn

from rasad.extract.ner import kernels

#: Linear layers of one encoder layer ("qkv" is q, k and v as one product).
LINEAR_NAMES = ("qkv", "ao", "fi", "fo")

Linear = Callable[[torch.Tensor], torch.Tensor]


def make_linear(weight: torch.Tensor, bias: torch.Tensor, kernel: str) -> Linear:
    """``x @ weight.T + bias`` for float32 ``x``, computed in ``kernel``; the result is float32."""
    weight, bias = weight.float().contiguous(), bias.float().contiguous()
    if kernel == "fp32":
        return lambda x: nn.functional.linear(x, weight, bias)
    if kernel == "bf16":
        wb, bb = weight.to(torch.bfloat16), bias.to(torch.bfloat16)
        return lambda x: nn.functional.linear(x.to(torch.bfloat16), wb, bb).float()
    if kernel == "int8":
        scale = (weight.abs().amax(dim=1) / 127.0).clamp_min(1e-12).double()
        zero = torch.zeros(len(scale), dtype=torch.long)
        with warnings.catch_warnings():  # torch marks its quantized tensors deprecated (still in 2.13)
            warnings.simplefilter("ignore", UserWarning)
            qweight = torch.quantize_per_channel(weight, scale, zero, 0, torch.qint8)
        packed = torch.ops.quantized.linear_prepack(qweight, bias)
        # reduce_range: 7-bit activations, so AVX2's 16-bit accumulation cannot saturate.
        return lambda x: torch.ops.quantized.linear_dynamic(x, packed, True)
    raise kernels.KernelError(f"unknown kernel {kernel!r}; choose one of: {', '.join(kernels.KERNELS)}")


class Encoder(nn.Module):
    """The first ``n_layers`` layers of e5-small over dequantised weights."""

    def __init__(
        self,
        t: dict[str, np.ndarray],
        word_raw: np.ndarray,
        n_layers: int,
        n_heads: int,
        eps: float,
        kernel: str | None = None,
    ) -> None:
        super().__init__()
        self.word_raw = word_raw  # Q4 rows, dequantised on lookup
        self.n_layers = n_layers
        self.nh = n_heads
        self.eps = eps
        self.kernel = kernel or kernels.choose().kernel
        p = {k: torch.from_numpy(np.ascontiguousarray(v, dtype=np.float32)) for k, v in t.items()}
        self.p = p
        self.H = p["pos"].shape[1]
        self.linear: dict[str, Linear] = {}
        for li in range(n_layers):
            # q, k and v as one [3H, H] product: one larger matrix multiply instead of three.
            w = torch.cat([p.pop(f"{li}.{n}.w") for n in "qkv"])
            b = torch.cat([p.pop(f"{li}.{n}.b") for n in "qkv"])
            self.linear[f"{li}.qkv"] = make_linear(w, b, self.kernel)
            for name in LINEAR_NAMES[1:]:
                self.linear[f"{li}.{name}"] = make_linear(p.pop(f"{li}.{name}.w"), p.pop(f"{li}.{name}.b"), self.kernel)

    def _embed(self, ids: np.ndarray) -> torch.Tensor:
        """Word vectors [N, H] of the piece ids [N] (each distinct row dequantised once)."""
        from rasad.extract.ner.e5 import _deq_q4

        uniq, inv = np.unique(ids, return_inverse=True)
        rows = _deq_q4(self.word_raw[uniq].reshape(-1), len(uniq), self.H)
        return torch.from_numpy(rows)[torch.from_numpy(inv.reshape(-1))]

    def _norm(self, x: torch.Tensor, name: str) -> torch.Tensor:
        return nn.functional.layer_norm(x, (self.H,), self.p[name + ".w"], self.p[name + ".b"], self.eps)

    def _run(
        self, ids: torch.Tensor, mask: torch.Tensor, layers: Sequence[int], keep: torch.Tensor | None
    ) -> list[torch.Tensor]:
        """Hidden states [N, H] of the real positions after each 1-based layer in ``layers``.

        With ``keep`` (bool [B, T]), only the last layer's output at those
        positions is returned, [K, H] in row-major order.
        """
        p = self.p
        B, T = ids.shape
        H = self.H
        hd = H // self.nh
        flat_mask = mask.reshape(-1)
        real = flat_mask.nonzero().squeeze(1)  # flat positions of real pieces, row-major
        x = self._embed(ids.reshape(-1)[real].numpy()) + p["pos"][real % T] + p["type"]
        x = self._norm(x, "ln")
        # An additive float mask: the CPU attention kernel runs ~9 % faster with it than with a bool one.
        att_mask = torch.zeros(B, 1, 1, T).masked_fill(~mask[:, None, None, :], float("-inf"))
        want = set(layers)
        out: list[torch.Tensor] = []
        last = max(layers)
        for li in range(last):
            padded = x.new_zeros(B * T, 3 * H)
            padded[real] = self.linear[f"{li}.qkv"](x)
            qkv = padded.view(B, T, 3, self.nh, hd).permute(2, 0, 3, 1, 4)
            # Fused attention (same maths as softmax(q k^T / sqrt(hd) + mask) v, less memory traffic).
            ctx = nn.functional.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], attn_mask=att_mask)
            ctx = ctx.transpose(1, 2).reshape(B * T, H)
            if keep is not None and li == last - 1:
                chosen = keep.reshape(-1).nonzero().squeeze(1)
                rank = torch.cumsum(flat_mask, 0) - 1  # flat position -> row of x
                ctx, x = ctx[chosen], x[rank[chosen]]
            else:
                ctx = ctx[real]
            x = self._norm(x + self.linear[f"{li}.ao"](ctx), f"{li}.aln")
            f = self.linear[f"{li}.fo"](nn.functional.gelu(self.linear[f"{li}.fi"](x)))
            x = self._norm(x + f, f"{li}.oln")
            if li + 1 in want:
                out.append(x)
        return out

    def forward(self, ids: torch.Tensor, mask: torch.Tensor, layers: Sequence[int]) -> torch.Tensor:
        """Concatenated hidden states of the 1-based ``layers`` [B, T, H*len(layers)] (padding rows zero)."""
        B, T = ids.shape
        states = self._run(ids, mask, layers, None)
        by_layer = dict(zip(sorted(set(layers)), states, strict=True))
        real = mask.reshape(-1).nonzero().squeeze(1)
        out = states[0].new_zeros(B * T, self.H * len(layers))
        out[real] = torch.cat([by_layer[la] for la in layers], dim=-1)
        return out.view(B, T, -1)

    def at(self, ids: torch.Tensor, mask: torch.Tensor, keep: torch.Tensor) -> torch.Tensor:
        """The last layer's states at the ``keep`` positions (bool [B, T]): [K, H], row-major."""
        return self._run(ids, mask, [self.n_layers], keep)[0]
