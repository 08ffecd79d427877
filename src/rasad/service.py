"""Library-level orchestration used by the CLI (and later the web app).

:func:`ingest_into_store` reads inputs with :mod:`rasad.ingest`, runs each
document through the pipeline stages and saves it with
:meth:`rasad.store.Store.add_doc`. One bad item (unreadable input, a stage that
raises, a write that fails) becomes a failure naming the item and the reason;
the others go on. :func:`analyze_documents` runs the pipeline without a store
and returns the export structure.
"""

from __future__ import annotations

import functools
import itertools
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date as Date
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from rasad import pipeline
from rasad.doc import DateValue, Doc
from rasad.pipeline import StageError
from rasad.progress import Progress
from rasad.store import Store
from rasad.store.convert import Prepared, prepare

log = logging.getLogger(__name__)

#: Why a reference date given by the user is trusted.
GIVEN_DATE_WHY = "given by the user"


@dataclass(slots=True)
class ItemResult:
    """The outcome of one input item (one document, or one unreadable item)."""

    item: str
    status: str  # ingested | duplicate | failed
    article_id: int | None = None
    duplicate_of: int | None = None
    reason: str | None = None

    @property
    def near_duplicate(self) -> bool:
        """Stored, and linked to an earlier near-identical article."""
        return self.status == "ingested" and self.duplicate_of is not None


@dataclass
class IngestSummary:
    """Counts of an ingest run, and the failures with their reasons."""

    ingested: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    failed: int = 0
    failures: list[ItemResult] = field(default_factory=list)
    seconds: float = 0.0
    #: What the corpus-level step did (a rasad.analyze.corpus.CorpusReport), when it ran.
    corpus: Any = None
    corpus_error: str | None = None

    @property
    def ok(self) -> bool:
        """True when every item went in (stored or recognised as a duplicate)."""
        return self.failed == 0

    def add(self, result: ItemResult) -> None:
        """Count one item's outcome."""
        if result.status == "failed":
            self.failed += 1
            self.failures.append(result)
        elif result.status == "duplicate":
            self.duplicates += 1
        else:
            self.ingested += 1
            self.near_duplicates += result.near_duplicate

    def line(self) -> str:
        """The one-line summary: near-duplicates are stored, so also counted as ingested."""
        return (
            f"ingested {self.ingested}, duplicates {self.duplicates} "
            f"(near-duplicates {self.near_duplicates}), failed {self.failed}"
        )


def _ingest_options(**options: Any) -> dict[str, Any]:
    return {k: v for k, v in options.items() if v is not None}


def ingest_into_store(
    inputs: Iterable[str],
    store: Store,
    *,
    allow_private: bool = False,
    max_bytes: int | None = None,
    timeout: float | None = None,
    progress: Callable[[ItemResult], None] | None = None,
    stages: Sequence[str] | None = None,
    limit: int | None = None,
    corpus_step: bool = True,
    workers: int = 1,
    corpus_progress: Progress | None = None,
    dask: str | None = None,
) -> IngestSummary:
    """Read ``inputs``, analyse each document and save it; never stops on a bad item.

    ``progress`` is called once per item with its :class:`ItemResult` (failures
    included), in input order. ``limit`` stops after that many items. When
    anything was stored and ``corpus_step`` is true, the corpus-level step
    (:func:`rasad.analyze.corpus.run_corpus_step`: entities, merged events,
    quote links, contradictions, stories) runs once at the end; its report is
    ``summary.corpus``, and a failure of it is logged and kept in
    ``summary.corpus_error`` (the articles stay stored; ``rasad relink`` re-runs it).
    ``corpus_progress`` hears that step's parts (:mod:`rasad.progress`).

    ``workers`` > 1 runs the stages in that many worker processes while this
    process reads inputs and writes to the store, in input order; each worker
    loads the stages' models once. ``dask`` (``"local"`` or a scheduler address)
    runs them on a Dask cluster instead (:mod:`rasad.cluster`: ``local`` starts
    ``workers`` processes); this process still writes, one document per transaction.
    """
    from rasad.ingest import iter_documents

    summary = IngestSummary()
    started = time.perf_counter()
    options = _ingest_options(max_bytes=max_bytes, timeout=timeout)
    items = iter_documents(list(inputs), allow_private=allow_private, **options)
    if dask is not None:
        from rasad import cluster

        analysed = cluster.analysed(itertools.islice(items, limit), stages, dask, workers)
    else:
        analysed = _analysed(itertools.islice(items, limit), stages, workers)
    for item, prepared in analysed:
        result = _store_one(item, store, prepared)
        summary.add(result)
        if progress is not None:
            progress(result)
    if corpus_step and summary.ingested:
        from rasad.analyze.corpus import run_corpus_step

        try:
            summary.corpus = run_corpus_step(store, progress=corpus_progress)
        except Exception as exc:  # the stored articles stay; `rasad relink` retries
            log.warning("corpus step failed: %s: %s", type(exc).__name__, exc, exc_info=True)
            summary.corpus_error = f"{type(exc).__name__}: {exc}"
    summary.seconds = time.perf_counter() - started
    return summary


#: Documents handed to a worker process at a time when ``workers`` > 1.
WORKER_CHUNK = 8


def _release_memory() -> None:
    """Hand the C heap's free pages back to the system (glibc's ``malloc_trim``; elsewhere nothing).

    The encoder's tensors differ in size from document to document, and glibc
    kept the freed memory: a process's RSS grew from 660 to 1,000 MiB over 200
    SaudiNewsNet articles, and stayed near 500 MiB when trimmed after each
    (``memory`` in docs/ner.md).
    """
    trim = getattr(_libc(), "malloc_trim", None)
    if trim is not None:
        trim(0)


@functools.cache
def _libc() -> Any:
    """glibc through ctypes, or None where there is none (other C libraries, other systems)."""
    try:
        import ctypes

        return ctypes.CDLL("libc.so.6", use_errno=True)
    except OSError:
        return None


def _analyse_one(item: Any, stages: Sequence[str] | None) -> Doc | ItemResult:
    """Run one ingested item through the stages; a failure becomes an ItemResult."""
    if not isinstance(item, Doc):
        return ItemResult(str(item.item), "failed", reason=str(item.reason))
    try:
        return pipeline.run(item, stages)
    except StageError as exc:
        log.debug("stage failure on %s", _name_of(item), exc_info=True)
        return ItemResult(_name_of(item), "failed", reason=str(exc))
    finally:
        _release_memory()


def _analyse_chunk(
    chunk: list[Any], stages: Sequence[str] | None
) -> list[tuple[Doc | ItemResult, Prepared | None]]:
    """Worker side: analyse a few documents and prepare them for the store."""
    out: list[tuple[Doc | ItemResult, Prepared | None]] = []
    for item in chunk:
        result = _analyse_one(item, stages)
        out.append((result, prepare(result) if isinstance(result, Doc) else None))
    return out


#: Seconds between a worker's checks that the process that started it is alive.
PARENT_CHECK_S = 1.0


def _exit_with_parent(parent: int) -> None:
    """End this worker process when its parent dies, even by SIGKILL.

    On Linux the kernel sends SIGTERM at the parent's death (``PR_SET_PDEATHSIG``);
    everywhere a daemon thread also checks the parent every :data:`PARENT_CHECK_S`
    seconds and exits when it is gone. ``parent`` is the pid the parent passed
    down: a worker still starting when the parent died is already re-parented.
    """
    import signal
    import threading

    prctl = getattr(_libc(), "prctl", None)
    if prctl is not None:
        prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # died before the signal was armed
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_S)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="rasad-parent-watch", daemon=True).start()


def _worker_init(threads: int, parent: int) -> None:
    """Worker initialiser: leave with the parent, and keep to a share of the cores."""
    _exit_with_parent(parent)
    limit_threads(threads)


def limit_threads(threads: int) -> None:
    """Cap the BLAS/OpenMP threads of numerical libraries in a worker.

    Each worker's encoder would otherwise start one thread per core, and N
    workers x all cores oversubscribe the machine: on 2 cores, two-thread
    OpenMP matrix products ran 3-7x slower whenever the other core was busy.
    Runs before the worker analyses anything.
    """
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(name, str(threads))
    from rasad.extract.ner import kernels

    kernels.preset_threads(threads)  # the encoders, built later, keep to this share


def _analysed(
    items: Iterable[Any], stages: Sequence[str] | None, workers: int
) -> Iterator[tuple[Doc | ItemResult, Prepared | None]]:
    """Analysed documents (or failures) in input order, in this process or in ``workers``."""
    if workers <= 1:
        for item in items:
            yield _analyse_one(item, stages), None
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn, not fork: a forked child would inherit any thread pools the parent started.
    context = multiprocessing.get_context("spawn")
    iterator = iter(items)
    from rasad.extract.ner import kernels

    threads = kernels.threads_for(workers)
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_worker_init, initargs=(threads, os.getpid())
    ) as pool:
        yield from in_order(iterator, lambda chunk: pool.submit(_analyse_chunk, chunk, stages), lambda: workers * 2, WORKER_CHUNK)


def in_order(
    items: Iterable[Any], submit: Callable[[list[Any]], Any], in_flight: Callable[[], int], batch: int
) -> Iterator[Any]:
    """The results of ``submit(batch)`` (a future of a list) over ``items`` in batches, flattened in input order.

    At most ``in_flight()`` batches are submitted and not yet read (asked again
    as batches go out, so a pool that grows gets more).
    """
    iterator = iter(items)
    pending: deque[Any] = deque()
    while True:
        while len(pending) < in_flight():
            chunk = list(itertools.islice(iterator, batch))
            if not chunk:
                break
            pending.append(submit(chunk))
        if not pending:
            return
        yield from pending.popleft().result()


def _name_of(doc: Doc) -> str:
    return doc.source or doc.url or "(unnamed document)"


def _store_one(item: Doc | ItemResult, store: Store, prepared: Prepared | None) -> ItemResult:
    if isinstance(item, ItemResult):
        return item
    try:
        added = store.add_doc(item, prepared)
    except (SQLAlchemyError, ValueError, TypeError) as exc:
        log.debug("store failure on %s", _name_of(item), exc_info=True)
        return ItemResult(
            _name_of(item), "failed", reason=f"could not be stored: {type(exc).__name__}: {exc}"
        )
    return ItemResult(_name_of(item), added.status, added.id, added.duplicate_of)


def reference_date(value: str) -> DateValue:
    """A ``YYYY-MM-DD`` string as a trusted day-precision Gregorian date."""
    try:
        day = Date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"not a date in YYYY-MM-DD form: {value!r}") from None
    return DateValue(day.isoformat(), "day", "gregorian", inferred=False, why=GIVEN_DATE_WHY)


def _one_record_per_entity(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``entities`` records with one record per id: the first, with the others' mentions and aliases added."""
    by_id: dict[str, dict[str, Any]] = {}
    for record in entities:
        first = by_id.setdefault(record["id"], record)
        if first is record:
            continue
        first["mentions"] = [*first["mentions"], *record["mentions"]]
        for lang, names in record["aliases"].items():
            known = first["aliases"].setdefault(lang, [])
            known.extend(x for x in names if x not in known)
    return list(by_id.values())


def analyze_documents(
    docs: Iterable[Doc],
    *,
    lang: str | None = None,
    date: str | None = None,
    stages: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Run the whole pipeline on ``docs`` (nothing stored); the export structure.

    ``lang`` forces the article language; ``date`` (YYYY-MM-DD) is the
    publication date to resolve relative dates against. Articles are numbered
    from 1 in the order given.
    """
    from rasad.analyze.corpus import link_documents
    from rasad.export import EXPORT_VERSION, LISTS, doc_export

    given = reference_date(date) if date else None
    merged: dict[str, Any] = {"rasad_export": EXPORT_VERSION, **{name: [] for name in LISTS}}
    analysed: list[Doc] = []
    for number, doc in enumerate(docs, 1):
        if lang:
            doc.lang = lang
        if given is not None:
            doc.date = given
        doc = pipeline.run(doc, stages)
        if lang:
            doc.lang = lang
        analysed.append(doc)
        for name, items in doc_export(doc, article_id=number).items():
            if isinstance(items, list):
                merged.setdefault(name, []).extend(items)
    # An entity linked in several documents (a caller's linked mentions) is listed once.
    merged["entities"] = _one_record_per_entity(merged["entities"])
    # Each article's facts are numbered from 1; renumber so ids are unique overall.
    for name in ("times", "events", "quotes", "claims"):
        for number, record in enumerate(merged[name], 1):
            record["id"] = number
    # The corpus-level functions over these documents: merged events, quote links, contradictions, stories.
    linked = link_documents(analysed)
    merged["events"] = linked["events"]
    for record in merged["quotes"]:
        record["same_as"] = linked["same_as"].get(record["id"], [])
    merged["contradictions"] = linked["contradictions"]
    merged["stories"] = linked["stories"]
    for record in merged["articles"]:
        record["story"] = linked["story_of"].get(record["id"])
    return merged
