"""The per-document stages, in the order they run.

Each entry names a module that exposes ``process(doc: Doc) -> Doc``. Modules
are imported on first use, and each loads its own resources (models, tables)
lazily and once per process, so importing rasad stays cheap.

Corpus-level steps (entity resolution across articles, stories,
contradictions) need the whole store and live in :mod:`rasad.link` and
:mod:`rasad.analyze`; they run after these stages.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable, Iterator

from rasad.doc import Doc

log = logging.getLogger(__name__)

#: Stage modules, in order. Adding a stage is adding a line here.
STAGES: list[str] = [
    "rasad.text",
    "rasad.extract.entities",
    "rasad.extract.time",
    "rasad.extract.events",
    "rasad.extract.quotes",
    "rasad.extract.claims",
]

StageFn = Callable[[Doc], Doc]
_loaded: dict[str, StageFn] = {}


def stage(name: str) -> StageFn:
    """The ``process`` function of a stage module, imported once."""
    fn = _loaded.get(name)
    if fn is None:
        fn = importlib.import_module(name).process
        _loaded[name] = fn
    return fn


class StageError(Exception):
    """A stage raised on one document; the message names the stage."""

    def __init__(self, stage: str, exc: BaseException) -> None:
        super().__init__(f"stage {stage} failed: {type(exc).__name__}: {exc}")
        self.stage = stage


def run(doc: Doc, stages: Iterable[str] | None = None) -> Doc:
    """Run ``doc`` through the stages (all of them by default).

    An exception in a stage is raised as :class:`StageError`, naming the stage.
    """
    for name in STAGES if stages is None else stages:
        try:
            doc = stage(name)(doc)
        except Exception as exc:
            raise StageError(name, exc) from exc
    return doc


def run_many(docs: Iterable[Doc], stages: Iterable[str] | None = None) -> Iterator[Doc]:
    """Run each document through the stages, lazily."""
    names = list(STAGES if stages is None else stages)
    for doc in docs:
        yield run(doc, names)
