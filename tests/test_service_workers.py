"""Ingest with worker processes gives the same store as ingest in one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasad.service import ingest_into_store
from rasad.store import Store
from rasad.store.models import Article

TEXTS = [
    "وزیر خارجه امروز در تهران با همتای خود دیدار کرد و درباره همکاری‌های اقتصادی گفت‌وگو کردند.",
    "وقال الوزير إن المحادثات تناولت التعاون الاقتصادي بين البلدين في مجالات الطاقة والنقل.",
    "The two ministers met in the capital on Tuesday and discussed trade and energy cooperation.",
]


def _inputs(folder: Path) -> list[str]:
    paths = []
    for n, body in enumerate(TEXTS):
        path = folder / f"{n}.txt"
        path.write_text(body, encoding="utf-8")
        paths.append(str(path))
    bad = folder / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02binary")
    paths.append(str(bad))
    paths.append(paths[0])  # the same file again: an exact duplicate
    return paths


def _snapshot(store: Store) -> list[tuple[str | None, str, int, str | None, bytes | None]]:
    return sorted(
        (a.lang, a.source, len(a.sentences), a.folded, a.minhash) for a in store.iter_rows(Article)
    )


def test_workers_store_the_same_as_one_process(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path)
    stages = ["rasad.text"]
    one = Store(f"sqlite:///{tmp_path / 'one.db'}")
    two = Store(f"sqlite:///{tmp_path / 'two.db'}")
    first = ingest_into_store(inputs, one, stages=stages, corpus_step=False)
    second = ingest_into_store(inputs, two, stages=stages, corpus_step=False, workers=2)
    assert (first.ingested, first.duplicates, first.failed) == (3, 1, 1)
    assert (second.ingested, second.duplicates, second.failed) == (3, 1, 1)
    assert [f.item for f in second.failures] == [str(tmp_path / "bad.bin")]
    assert _snapshot(one) == _snapshot(two)
    assert [hit.article_id for hit in two.search("همکاری")] == [hit.article_id for hit in one.search("همکاری")]
    one.close()
    two.close()


def test_worker_thread_cap_sets_library_threads(monkeypatch) -> None:
    """Workers cap BLAS/OpenMP threads so N workers do not oversubscribe the cores."""
    import os

    from rasad.service import limit_threads

    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        monkeypatch.delenv(name, raising=False)
    torch = pytest.importorskip("torch")
    from rasad.extract.ner import kernels

    before = torch.get_num_threads()
    saved = list(kernels._preset), list(kernels._configured)
    try:
        limit_threads(1)
        assert os.environ["OMP_NUM_THREADS"] == "1"
        assert os.environ["MKL_NUM_THREADS"] == "1"
        assert torch.get_num_threads() == 1
        # an encoder built later in the worker keeps to its share, whatever the machine looks like
        kernels._configured.clear()
        assert kernels.configure_torch() == 1 and torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)
        kernels._preset[:], kernels._configured[:] = saved

