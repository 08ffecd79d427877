"""Progress of long library work, reported to whoever shows it.

Long functions (the corpus step, entity linking, evaluation, training) take a
``progress`` callback and call it as ``progress(step, done, total)``: ``step``
names what is running ("linking entities"), ``done`` counts finished units and
``total`` is their number when known (else None). The library never draws
anything; the CLI turns the calls into rich progress bars with a rate and an
ETA, and other callers may log them or pass nothing. Work too deep to pass a
callback down to (training loops) reads the one :func:`using` installs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

Progress = Callable[[str, int, "int | None"], None]

T = TypeVar("T")


def silent(step: str, done: int, total: int | None) -> None:
    """A progress callback that shows nothing (the default)."""


def tracked(items: Iterable[T], step: str, progress: Progress | None, total: int | None = None) -> Iterator[T]:
    """Yield ``items``, reporting ``step`` before the first and after each one."""
    report = progress or silent
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    report(step, 0, total)
    for done, item in enumerate(items, start=1):
        yield item
        report(step, done, total)


_current: ContextVar[Progress | None] = ContextVar("rasad_progress", default=None)


def current() -> Progress:
    """The callback installed by :func:`using` (for work too deep to pass one down), else :func:`silent`."""
    return _current.get() or silent


@contextmanager
def using(progress: Progress | None) -> Iterator[None]:
    """Install ``progress`` for :func:`current` while the block runs (training loops read it)."""
    token = _current.set(progress)
    try:
        yield
    finally:
        _current.reset(token)
