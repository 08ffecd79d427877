"""Ingesting on a Dask cluster: the same store as one process, and nothing lost when a worker dies.

Real clusters on this machine (``distributed.LocalCluster``, worker processes),
real SQLite files. The documents of the worker-kill test are written here.
"""

from __future__ import annotations

import json
import os
import re
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rasad import cluster
from rasad.cli import app
from rasad.service import ItemResult, ingest_into_store
from rasad.store import Store
from rasad.store import models as m

distributed = pytest.importorskip("distributed", reason="Dask is part of the scale extra, installed by make install")

runner = CliRunner()

_COUNTRIES = ["نروژ", "ژاپن", "برزیل", "کانادا", "شیلی", "کنیا", "فنلاند", "اروگوئه"]
_CITIES = ["اسلو", "توکیو", "برازیلیا", "اتاوا", "سانتیاگو", "نایروبی", "هلسینکی", "مونته‌ویدئو"]


def _write_docs(folder: Path, n: int) -> list[Path]:
    """``n`` short Persian articles, each different (no two are duplicates)."""
    folder.mkdir()
    paths = []
    for i in range(n):
        a, b = _COUNTRIES[i % len(_COUNTRIES)], _COUNTRIES[(i * 3 + 1) % len(_COUNTRIES)]
        city = _CITIES[(i * 5 + 2) % len(_CITIES)]
        text = (
            f"وزیر امور خارجه {a} روز دوشنبه در {city} با همتای خود از {b} دیدار کرد.\n"
            f"دو طرف درباره {i + 2} توافق تجاری و همکاری‌های منطقه‌ای گفت‌وگو کردند.\n"
            f"وی گفت این نشست شماره {i + 1} در سال جاری بود و دور بعدی گفت‌وگوها در {b} برگزار می‌شود."
        )
        path = folder / f"doc{i:03d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _export(db: Path) -> dict[str, Any]:
    result = runner.invoke(app, ["export", "--db", str(db), "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_local_cluster_stores_what_one_process_stores(seeds_dir: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one.db", tmp_path / "dask.db"
    first = runner.invoke(app, ["ingest", str(seeds_dir), "--db", str(one), "-q"])
    second = runner.invoke(app, ["ingest", str(seeds_dir), "--db", str(two), "--dask", "local", "-j", "2", "-q"])
    assert first.exit_code == 0 and second.exit_code == 0, (first.output, second.output)
    exported = _export(one)
    assert exported["articles"] and exported["events"]
    assert _export(two) == exported


def test_a_killed_worker_loses_no_document(tmp_path: Path) -> None:
    paths = _write_docs(tmp_path / "docs", 40)
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local,
        distributed.Client(local) as watcher,
        Store(f"sqlite:///{tmp_path / 'store.db'}") as store,
    ):
        killed: list[int] = []

        def kill_a_busy_worker(result: ItemResult) -> None:
            if killed:
                return
            pids = watcher.run(os.getpid)
            for _ in range(200):  # a worker with a batch in hand (they are all handed out by now)
                busy = [addr for addr, keys in watcher.processing().items() if keys]
                if busy:
                    os.kill(pids[busy[0]], signal.SIGKILL)
                    killed.append(pids[busy[0]])
                    return
                time.sleep(0.05)

        summary = ingest_into_store(
            [str(p) for p in paths], store, progress=kill_a_busy_worker, corpus_step=False,
            dask=local.scheduler_address, workers=2,
        )  # fmt: skip
        assert killed, "no worker was busy when the first document came back"
        with pytest.raises(ProcessLookupError):
            os.kill(killed[0], 0)  # that worker is gone
        assert summary.ingested == 40 and summary.failed == 0
        sources = [a.source for a in store.iter_rows(m.Article)]
    assert len(sources) == 40 and len(set(sources)) == 40  # each document stored once
    assert {Path(s).name for s in sources} == {p.name for p in paths}


def test_an_unknown_dask_value_is_a_clear_error(tmp_path: Path, seeds_dir: Path) -> None:
    result = runner.invoke(app, ["ingest", str(seeds_dir), "--db", str(tmp_path / "x.db"), "--dask", "cluster"])
    assert result.exit_code == 2
    assert "--dask 'cluster'" in result.output and "tcp://" in result.output
    assert not (tmp_path / "x.db").exists()  # refused before anything was opened


def test_an_unreachable_scheduler_names_the_address(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT_S", 2)
    paths = _write_docs(tmp_path / "docs", 2)
    with Store(f"sqlite:///{tmp_path / 'store.db'}") as store, pytest.raises(cluster.ClusterError, match=re.escape("tcp://127.0.0.1:9")):
        ingest_into_store([str(p) for p in paths], store, dask="tcp://127.0.0.1:9", corpus_step=False)
