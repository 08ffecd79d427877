"""Time the corpus step for +M articles on a store of N against the same +M on an empty store.

The issue 14 target: the step for a batch on a big store should cost at most a
few times what it costs on an empty one (it reads what the batch can match,
not the corpus). Articles come from ../shared/data/news (Persian Fars and Arabic
SaudiNewsNet, interleaved), through every per-article stage, as ``rasad ingest``
runs them. The first call builds, under --dir:

* ``primed.db``: N articles, the corpus step run once over them;
* ``more.pkl``: the next M articles, staged (not stored).

Every call then times, each in a fresh process (its own peak RSS), R times:

* ``increment``: a copy of ``primed.db`` + the M articles, then the step;
* ``empty``: an empty store + the same M articles, then the step.

The sentence encoder is loaded before the clock starts. Run the code of
another commit on the same files with ``PYTHONPATH=<worktree>/src``.

    PYTHONPATH=src .venv/bin/python benchmarks/corpus_increment.py [--articles 300] [--more 20] [--dir /tmp/rasad_incr] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _build(folder: Path, articles: int, more: int) -> None:
    """``primed.db`` and ``more.pkl`` (see the module docstring)."""
    from corpus_step import _interleaved  # the same articles, in the same order, as corpus_step.py

    from rasad.analyze.corpus import run_corpus_step
    from rasad.pipeline import run as run_stages
    from rasad.store import Store

    folder.mkdir(parents=True, exist_ok=True)

    docs = _interleaved(articles + more)
    started = time.perf_counter()
    staged = [run_stages(d) for d in docs]
    print(f"staged {len(staged)} articles in {time.perf_counter() - started:.0f} s", flush=True)
    db = folder / "primed.db"
    db.unlink(missing_ok=True)
    with Store(f"sqlite:///{db}") as store:
        for doc in staged[:articles]:
            store.add_doc(doc)
        started = time.perf_counter()
        report = run_corpus_step(store)
        print(f"first step over {articles}: {time.perf_counter() - started:.0f} s — {report.line()}", flush=True)
    (folder / "more.pkl").write_bytes(pickle.dumps(staged[articles:]))


def _case(folder: Path, case: str) -> dict:
    """One timed run of the step (in this process); what it measured."""
    import sqlite3

    from rasad.analyze.corpus import run_corpus_step
    from rasad.link import stories
    from rasad.store import Store

    db = folder / f"work-{case}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    if case == "increment":
        shutil.copyfile(folder / "primed.db", db)
    stories.encode_passages([["warm up"]])  # the encoder's load is not the step's cost
    more = pickle.loads((folder / "more.pkl").read_bytes())
    with Store(f"sqlite:///{db}") as store:
        for doc in more:
            store.add_doc(doc)
        with sqlite3.connect(db) as conn:
            before = conn.execute("select count(*) from article").fetchone()[0]
        started = time.perf_counter()
        report = run_corpus_step(store)
        seconds = time.perf_counter() - started
    import rasad

    return {
        "case": case, "code": str(Path(rasad.__file__).parents[1]), "articles": before, "seconds": round(seconds, 2),
        "parts": {k: round(v, 2) for k, v in report.seconds.items()},
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "report": report.line(),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--more", type=int, default=20)
    parser.add_argument("--dir", default="/tmp/rasad_incr")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--case", choices=("increment", "empty"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    folder = Path(args.dir)
    if args.case:
        print(json.dumps(_case(folder, args.case)))
        return
    if not (folder / "primed.db").is_file() or not (folder / "more.pkl").is_file():
        _build(folder, args.articles, args.more)
    if args.repeat < 1:
        return
    runs: dict[str, list[dict]] = {"increment": [], "empty": []}
    for _ in range(args.repeat):
        for case in runs:
            done = subprocess.run(
                [sys.executable, __file__, "--dir", str(folder), "--case", case],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            runs[case].append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(json.dumps(runs[case][-1]), flush=True)
    median = {case: statistics.median(r["seconds"] for r in rs) for case, rs in runs.items()}
    print(
        f"median of {args.repeat}: +{args.more} on {runs['increment'][0]['articles'] - args.more} articles "
        f"{median['increment']:.2f} s, on an empty store {median['empty']:.2f} s, ratio "
        f"{median['increment'] / max(median['empty'], 1e-9):.2f}; peak RSS "
        f"{max(r['peak_rss_mib'] for r in runs['increment'])} / {max(r['peak_rss_mib'] for r in runs['empty'])} MiB; "
        f"load average {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()
