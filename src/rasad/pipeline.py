"""The per-document stages, in the order they run.

Each entry names a module that exposes ``process(doc: Doc) -> Doc``. Modules
are imported on first use, and each loads its own resources (models, tables)
lazily and once per process, so importing rasad stays cheap.

Corpus-level steps (entity resolution across articles, stories,
contradictions) need the whole store and live in :mod:`rasad.link` and
:mod:`rasad.analyze`; they run after these stages.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import signal
import threading
import time
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

#: Seconds one stage may spend on one document before that document fails.
STAGE_DEADLINE_S = 60.0

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


class StageTimeout(StageError):
    """A stage ran past the per-document deadline."""

    def __init__(self, stage: str, seconds: float) -> None:
        Exception.__init__(self, f"stage {stage} exceeded {seconds:g} s")
        self.stage = stage


class _Expired(BaseException):
    """Raised inside a stage by the deadline alarm (a BaseException: stages catch Exception)."""


def _on_alarm(signum: int, frame: object) -> None:
    raise _Expired


@contextlib.contextmanager
def _alarm(seconds: float | None) -> Iterator[None]:
    """Interrupt the body after ``seconds`` with :class:`_Expired`, where signals allow it.

    Uses SIGALRM, so only in the main thread on POSIX; elsewhere the body runs
    to its end and :func:`run` checks the time afterwards.
    """
    usable = (seconds is not None and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run(doc: Doc, stages: Iterable[str] | None = None, *, deadline_s: float | None = STAGE_DEADLINE_S) -> Doc:
    """Run ``doc`` through the stages (all of them by default).

    An exception in a stage is raised as :class:`StageError`, naming the
    stage. A stage that runs longer than ``deadline_s`` on this document
    (:data:`STAGE_DEADLINE_S`; None for no limit) raises :class:`StageTimeout`:
    "stage X exceeded 60 s".
    """
    for name in STAGES if stages is None else stages:
        fn = stage(name)
        started = time.monotonic()
        try:
            with _alarm(deadline_s):
                doc = fn(doc)
        except _Expired:
            raise StageTimeout(name, deadline_s or 0) from None
        except Exception as exc:
            raise StageError(name, exc) from exc
        if deadline_s and time.monotonic() - started > deadline_s:
            raise StageTimeout(name, deadline_s)
    return doc


def run_many(docs: Iterable[Doc], stages: Iterable[str] | None = None) -> Iterator[Doc]:
    """Run each document through the stages, lazily."""
    names = list(STAGES if stages is None else stages)
    for doc in docs:
        yield run(doc, names)
