"""The learned event filter: the lexicon proposes, this model decides the type and a confidence.

For each event the rules of :mod:`rasad.extract.events` produce, :func:`features`
reads the parser's encoder vectors (the trigger's word, its predicate, the
sentence's mean: the encoder pass the parse already made, so the filter costs
almost nothing) and a few symbolic facts (proposed type, language, modality,
whether the tree found an actor and a recipient). Two logistic models read
them:

- **type**: one of the PLOVER types, or ``none`` (no event here); its
  probability of the proposed type says whether the proposal is an event;
- **roles**: whether the actor, recipient and modality are right, given the type.

``confidence = P(type) x P(roles right)``, each temperature-scaled on the dev
split, so it estimates the chance an analyst would accept the event as coded.
Events are kept with their confidence; ``--min-confidence`` (default
:func:`default_threshold`, chosen on dev for precision >= 0.75) filters listings.

A sentence without a tree (too long to parse, or no parser for its language)
has no vectors: its events get the symbolic-only model's confidence.

The lexicon misses about half of the triggers annotators mark. A third model,
the trigger tagger (:class:`Tagger`), reads each parsed word's vector and
proposes the words it takes for triggers (probability >= its threshold) that
no lexicon pattern covers; sentences naming at least one participant are
parsed for it. Its proposals go through the same roles, modality, dates and
filter as the lexicon's.

The model ships in ``models/event-filter`` with its card; ``rasad train events``
rebuilds it (:mod:`rasad.extract.event_filter_train`).
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "event-filter"
LANGS = ("fa", "ar")
MODALITIES = ("asserted", "reported", "planned", "negated", "conditional", "hypothetical")
#: Threshold used when no model ships (every event passes).
NO_MODEL_THRESHOLD = 0.0


def symbolic(types: tuple[str, ...], etype: str, lang: str, modality: str, flags: tuple[bool, ...]) -> np.ndarray:
    """The non-vector features: proposed type, language, modality, role flags (one-hot / 0-1)."""
    out = np.zeros(len(types) + len(LANGS) + len(MODALITIES) + len(flags), np.float32)
    if etype in types:
        out[types.index(etype)] = 1
    k = len(types)
    if lang in LANGS:
        out[k + LANGS.index(lang)] = 1
    k += len(LANGS)
    if modality in MODALITIES:
        out[k + MODALITIES.index(modality)] = 1
    k += len(MODALITIES)
    out[k:] = np.asarray(flags, np.float32)
    return out


def vector_features(tree: Any, trigger_word: int | None, predicate: int | None) -> np.ndarray | None:
    """Trigger word, predicate and sentence-mean vectors of a parsed sentence, concatenated."""
    if tree is None or tree.vectors is None or trigger_word is None:
        return None
    vec = tree.vectors
    p = predicate if predicate is not None else trigger_word
    return np.concatenate([vec[trigger_word], vec[p], vec.mean(0)]).astype(np.float32)


class _Linear:
    """A standardised multinomial logistic model with a temperature."""

    def __init__(self, z: Any, prefix: str) -> None:
        self.mean = z[f"{prefix}_mean"]
        self.std = z[f"{prefix}_std"]
        self.w = z[f"{prefix}_w"]
        self.b = z[f"{prefix}_b"]
        self.t = float(z[f"{prefix}_t"])

    def probs(self, x: np.ndarray) -> np.ndarray:
        logits = ((x - self.mean) / self.std) @ self.w + self.b
        logits = logits / self.t
        logits -= logits.max(-1, keepdims=True)
        e = np.exp(logits)
        return e / e.sum(-1, keepdims=True)


class Filter:
    """The shipped filter (see the module docstring)."""

    def __init__(self, folder: Path = MODEL_DIR) -> None:
        self.meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        self.types: tuple[str, ...] = tuple(self.meta["types"])
        self.classes: tuple[str, ...] = (*self.types, "none")
        with np.load(folder / "weights.npz") as z:
            self.models = {name: _Linear(z, name) for name in ("type_v", "type_s", "roles_v", "roles_s")}

    def decide(self, sym: np.ndarray, vec: np.ndarray | None, proposed: str) -> tuple[str, float]:
        """``(type, confidence)``: the proposed type, and how likely it is an event of that type coded right.

        The type model scores every type and "none"; letting it replace the
        proposed type was measured on the annotated dev and test sentences and
        never once gave the right type (0 of 38 changes), so the proposal's type
        stays and the model's probability of it is the type part of the confidence.
        """
        suffix = "v" if vec is not None else "s"
        x = np.concatenate([sym, vec]) if vec is not None else sym
        pt = self.models[f"type_{suffix}"].probs(x[None])[0]
        etype = proposed
        p_type = float(pt[self.types.index(etype)])
        roles_x = np.concatenate([x, np.eye(len(self.types), dtype=np.float32)[self.types.index(etype)]])
        p_roles = float(self.models[f"roles_{suffix}"].probs(roles_x[None])[0][1])
        return etype, round(p_type * p_roles, 4)


#: Models switched off for a block (training): "filter", "tagger".
_off: set[str] = set()


@contextlib.contextmanager
def _without(name: str) -> Iterator[None]:
    was = name in _off
    _off.add(name)
    try:
        yield
    finally:
        if not was:
            _off.discard(name)


def disabled() -> contextlib.AbstractContextManager[None]:
    """No filter inside the block: events keep the rules' type and no confidence (for training)."""
    return _without("filter")


def disabled_tagger() -> contextlib.AbstractContextManager[None]:
    """No learned trigger proposals inside the block (training the tagger itself)."""
    return _without("tagger")


def shipped() -> Filter | None:
    """The shipped filter, loaded once; ``None`` when none ships (or inside :func:`disabled`)."""
    return None if "filter" in _off else _load()


#: Probability at which the trigger tagger proposes a word the lexicon missed.
PROPOSE_THRESHOLD = 0.5


class Tagger:
    """The learned trigger tagger: for each parsed word, a PLOVER type or none (``triggers.npz``)."""

    def __init__(self, folder: Path = MODEL_DIR) -> None:
        meta = json.loads((folder / "triggers.json").read_text(encoding="utf-8"))
        self.types: tuple[str, ...] = tuple(meta["types"])
        self.threshold = float(meta.get("threshold", PROPOSE_THRESHOLD))
        with np.load(folder / "triggers.npz") as z:
            self.model = _Linear(z, "trig")

    def propose(self, vectors: np.ndarray, lang: str) -> list[tuple[int, str, float]]:
        """``(word, type, probability)`` for the words the tagger takes for triggers."""
        lang_x = np.zeros((len(vectors), len(LANGS)), np.float32)
        if lang in LANGS:
            lang_x[:, LANGS.index(lang)] = 1
        probs = self.model.probs(np.concatenate([vectors, lang_x], 1))
        out = []
        for w, row in enumerate(probs):
            k = int(np.argmax(row[: len(self.types)]))
            p_trigger = 1.0 - float(row[-1])  # a trigger of some type: the type is the likeliest one
            if p_trigger >= self.threshold:
                out.append((w, self.types[k], p_trigger))
        return out


def tagger() -> Tagger | None:
    """The shipped trigger tagger (``None`` when none ships, or inside :func:`disabled_tagger`)."""
    return None if "tagger" in _off else _load_tagger()


@functools.cache
def _load_tagger() -> Tagger | None:
    if not (MODEL_DIR / "triggers.json").is_file():
        return None
    return Tagger(MODEL_DIR)


@functools.cache
def _load() -> Filter | None:
    if not (MODEL_DIR / "meta.json").is_file():
        log.warning("no event filter model at %s: events get no confidence", MODEL_DIR)
        return None
    return Filter(MODEL_DIR)


def default_threshold() -> float:
    """The default ``--min-confidence``: chosen on dev for precision >= 0.75 (``meta.json``)."""
    model = shipped()
    return float(model.meta["threshold"]) if model is not None else NO_MODEL_THRESHOLD
