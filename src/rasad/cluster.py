"""Dask for the per-document work: a local cluster of worker processes, or an existing one.

``rasad ingest INPUTS --dask local -j N`` starts a :class:`distributed.LocalCluster`
of N single-threaded worker processes on this machine; ``--dask tcp://host:port``
connects to a running scheduler (``dask scheduler`` and ``dask worker`` on other
machines: docs/scaling.md). Either way:

- documents go to the workers in batches of :data:`BATCH` (one task each), at
  most :data:`IN_FLIGHT_PER_WORKER` batches per worker queued beyond the one it
  works on, so memory is bounded by the batches in flight, not the input;
- each worker process loads the stages' models once (the stages load lazily,
  once per process) and keeps them for every batch it is given;
- the analysed documents come back to this process in input order and are
  written by its one writer, one transaction per document, for SQLite and
  PostgreSQL alike;
- a worker that dies mid-batch loses nothing: the scheduler gives its batches to
  another worker (up to Dask's ``distributed.scheduler.allowed-failures`` deaths
  per batch), and nothing was written for them, so each document is stored once.

The corpus step runs once, after the batch, in this process
(:func:`rasad.service.ingest_into_store`).
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

log = logging.getLogger(__name__)

#: Documents in one task sent to a worker.
BATCH = 8
#: Batches queued per worker beyond the one it is working on (keeps workers busy, memory bounded).
IN_FLIGHT_PER_WORKER = 2
#: The value of ``--dask`` that starts a cluster on this machine.
LOCAL = "local"
#: Level of Dask's own log messages in this process and a local cluster's.
DASK_LOG_LEVEL = logging.WARNING
#: Seconds to wait for a scheduler to answer, and for a remote cluster's first worker.
CONNECT_TIMEOUT_S = 30


class ClusterError(RuntimeError):
    """The cluster could not be started or reached (the message says which and why)."""


def check_address(address: str) -> str:
    """``address`` when it is ``local`` or a scheduler address (``tcp://``, ``tls://``, ``ucx://``, ``inproc://``).

    Raises :class:`ValueError` with a clear message otherwise (before anything starts).
    """
    if address == LOCAL or (address.split("://", 1)[0] in ("tcp", "tls", "ucx", "inproc") and "://" in address):
        return address
    raise ValueError(f"--dask {address!r}: expected 'local' or a scheduler address such as tcp://host:8786")


@contextlib.contextmanager
def client_for(address: str, workers: int) -> Iterator[Any]:
    """A Dask client on a new local cluster of ``workers`` processes, or on the scheduler at ``address``."""
    check_address(address)
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # a declared dependency; a trimmed install may lack it
        raise ClusterError("Dask is not installed (pip install 'rasad[scale]')") from exc
    logging.getLogger("distributed").setLevel(DASK_LOG_LEVEL)  # its INFO lines would drown rasad's progress
    cluster = None
    try:
        if address == LOCAL:
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, silence_logs=DASK_LOG_LEVEL,
                dashboard_address=None, scheduler_kwargs={"dashboard": False},
            )  # fmt: skip
            client = Client(cluster, timeout=CONNECT_TIMEOUT_S)
        else:
            client = Client(address, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"--dask {address}: {type(exc).__name__}: {exc}") from exc
    try:
        if address == LOCAL and workers > 1:
            from rasad.extract.ner import kernels
            from rasad.service import limit_threads

            # before any model is built: each worker keeps to its share of the cores (one
            # worker alone chooses as the in-process run does, from the cores free then)
            client.run(limit_threads, kernels.threads_for(workers))
        else:
            client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_S)
        yield client
    except TimeoutError as exc:
        raise ClusterError(f"--dask {address}: no worker joined within {CONNECT_TIMEOUT_S} s") from exc
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def worker_count(client: Any) -> int:
    """How many workers the cluster has now (at least 1)."""
    return max(1, len(client.scheduler_info().get("workers", {})))


def analysed(
    items: Iterable[Any], stages: Sequence[str] | None, address: str, workers: int
) -> Iterator[tuple[Any, Any]]:
    """(analysed document or failure, prepared rows) for each item, in input order, on a Dask cluster."""
    from rasad.service import _analyse_chunk, in_order

    with client_for(address, workers) as client:
        log.info("dask: %s, %d workers (pid %d writes)", address, worker_count(client), os.getpid())
        yield from in_order(
            items,
            lambda batch: client.submit(_analyse_chunk, batch, stages, pure=False),
            lambda: (IN_FLIGHT_PER_WORKER + 1) * worker_count(client),  # workers that join later get work too
            BATCH,
        )
