"""Is entity linking over the store idempotent? Repeated rasad.link.entities.link_store runs.

Works on a copy of a store that already holds articles with mentions (the one
``benchmarks/corpus_step.py`` builds, by default). Runs ``link_store`` several
times in a row and prints, per run, the articles it read, the entities it
created, the entity count, the seconds taken, and whether the mention → entity
assignments and entity rows are the same as after the first run; then relinks
from scratch twice and says whether the two stores are identical.

    PYTHONPATH=src .venv/bin/python benchmarks/link_store_idempotence.py [--db /tmp/rasad_corpus_bench.db] [--runs 4]

``--module FILE`` links with another version of ``rasad/link/entities.py``
(e.g. ``git show REV:src/rasad/link/entities.py > /tmp/old.py``) to compare.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from rasad.store import Store


def _module(path: str | None) -> ModuleType:
    if path is None:
        import rasad.link.entities as current

        return current
    spec = importlib.util.spec_from_file_location("entities_under_test", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def _snapshot(db: Path) -> tuple[list[Any], list[Any]]:
    with sqlite3.connect(db) as conn:
        mentions = sorted(conn.execute("select id, article_id, start, end, ifnull(entity_id, '') from mention"))
        entities = sorted(conn.execute("select id, label, type, country, aliases, extra from entity"))
    return mentions, entities


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/rasad_corpus_bench.db", help="a store with articles and mentions (not modified)")
    parser.add_argument("--runs", type=int, default=4)
    parser.add_argument("--module", help="another rasad/link/entities.py to test")
    parser.add_argument("--no-relink", action="store_true", help="skip the two relinks from scratch")
    args = parser.parse_args()
    mod = _module(args.module)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "store.db"
        shutil.copy(args.db, db)
        with sqlite3.connect(db) as conn:
            articles = conn.execute("select count(*) from article").fetchone()[0]
        print(f"{articles} articles in a copy of {args.db}; linking with {mod.__file__}")
        store = Store(f"sqlite:///{db}", near_duplicates=False)
        first: tuple[list[Any], list[Any]] | None = None
        for run in range(1, args.runs + 1):
            clock = time.perf_counter()
            report = mod.link_store(store)
            seconds = time.perf_counter() - clock
            snap = _snapshot(db)
            first = first or snap
            print(
                f"run {run}: read {report.articles} articles, {report.new_entities} new entities, "
                f"{len(snap[1])} entities, {seconds:.2f} s; "
                f"assignments as after run 1: {snap[0] == first[0]}, entity rows: {snap[1] == first[1]}"
            )
        if not args.no_relink:
            clock = time.perf_counter()
            mod.link_store(store, relink=True)
            once, seconds = _snapshot(db), time.perf_counter() - clock
            mod.link_store(store, relink=True)
            twice = _snapshot(db)
            again = mod.link_store(store)
            print(
                f"relink from scratch: {len(once[1])} entities, {seconds:.0f} s; a second relink is identical: "
                f"{once == twice}; a run after it reads {again.articles} articles, store unchanged: {_snapshot(db) == twice}"
            )
        store.close()


if __name__ == "__main__":
    main()
