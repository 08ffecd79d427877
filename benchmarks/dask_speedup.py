"""Benchmark: `rasad ingest --dask local -j 2` against one worker, full pipeline, same stored results.

Writes one JSON Lines dump of N real articles from ``../shared/data/news``
(the first N/2 SaudiNewsNet rows and the first N/2 Fars rows, in turn), then
runs, in turn and ``--repeat`` times each::

    rasad ingest DUMP --db <fresh file> --dask local -j 1 --no-corpus-step -q
    rasad ingest DUMP --db <fresh file> --dask local -j 2 --no-corpus-step -q

(all per-document stages; the corpus step runs once after a batch in either
case and is left out), times each whole process (cluster start and model
loading included), and compares the two stores' exports (`rasad export`):
the speed-up only counts if they are identical. ``--plain`` adds the
in-process run without Dask (``-j 1``, no ``--dask``) as a third command.

    PYTHONPATH=src .venv/bin/python benchmarks/dask_speedup.py [--articles 400] [--repeat 2] [--plain]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "news"
FILES = ("saudinewsnet_ar.jsonl.gz", "farsnews_fa.jsonl.gz")
RASAD = [sys.executable, "-m", "rasad.cli"]


def write_dump(path: Path, n: int) -> int:
    """The benchmark's dump: N rows taken in turn from the files; returns how many were written."""
    written = 0
    with contextlib.ExitStack() as stack, path.open("w", encoding="utf-8") as out:
        readers = [stack.enter_context(gzip.open(DATA / name, "rt", encoding="utf-8")) for name in FILES]
        rows = [islice(r, (n + 1) // len(FILES)) for r in readers]
        for group in zip(*rows, strict=False):
            for line in group:
                if written < n:
                    out.write(line if line.endswith("\n") else line + "\n")
                    written += 1
    return written


def ingest(dump: Path, db: Path, args: list[str]) -> float:
    """Wall seconds of one `rasad ingest` into a fresh database."""
    db.unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    started = time.perf_counter()
    subprocess.run([*RASAD, "ingest", str(dump), "--db", str(db), "--no-corpus-step", "-q", *args], check=True, env=env)
    return time.perf_counter() - started


def export(db: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([*RASAD, "export", "--db", str(db)], check=True, env=env, capture_output=True, text=True).stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--plain", action="store_true", help="Also time the in-process run without Dask.")
    a = ap.parse_args()
    runs = {"dask -j 1": ["--dask", "local", "-j", "1"], "dask -j 2": ["--dask", "local", "-j", "2"]}
    if a.plain:
        runs["no dask, -j 1"] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        dump = folder / "news.jsonl"
        n = write_dump(dump, a.articles)
        times: dict[str, list[float]] = {k: [] for k in runs}
        for _ in range(a.repeat):
            for name, extra in runs.items():
                times[name].append(ingest(dump, folder / f"{name.replace(' ', '_')}.db", extra))
                print(f"{name}: {times[name][-1]:.1f} s", file=sys.stderr, flush=True)
        exports = {name: export(folder / f"{name.replace(' ', '_')}.db") for name in runs}
    one, two = statistics.median(times["dask -j 1"]), statistics.median(times["dask -j 2"])
    identical = len(set(exports.values())) == 1
    print(f"{n} articles, all per-document stages, {os.cpu_count()} CPUs, {a.repeat} runs each (median wall s)")
    for name, values in times.items():
        med = statistics.median(values)
        print(f"  {name:14} {med:7.1f} s  {n / med:5.2f} articles/s  (min {min(values):.1f}, max {max(values):.1f})")
    print(f"speed-up, dask -j 2 / -j 1: {one / two:.2f}x; stored results identical: {identical}")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
