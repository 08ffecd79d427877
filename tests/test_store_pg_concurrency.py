"""Several `rasad ingest` processes writing into one PostgreSQL database at once (issue 14, part 1).

Real processes on the real server (tests/pg_support.py). Every input is
given to several processes, some in the same order (so that they reach the
same document at the same moment), some in the reverse order, one through
``--workers 2``. Afterwards
each distinct text is stored exactly once, the processes' own counts add up
(each document was stored by exactly one of them, and every other saw it as
a duplicate), and each article's rows equal those of a SQLite store filled
by one process from the same inputs.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from pg_support import require_server, temporary_database
from rasad.analyze.corpus import is_current
from rasad.export import iter_lists, validate
from rasad.store import Store
from rasad.store import models as m

_SUMMARY = re.compile(r"ingested (\d+), duplicates (\d+) \(near-duplicates \d+\), failed (\d+)")


def _start(inputs: list[str], db: str, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "rasad.cli", "ingest", *inputs, "--db", db, *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONHASHSEED": "0"},
    )  # fmt: skip


def _finish(process: subprocess.Popen[str]) -> tuple[int, int]:
    """(ingested, duplicates) of a finished ingest process that failed nothing."""
    out, errors = process.communicate(timeout=900)
    assert process.returncode == 0, errors
    assert "corpus step failed" not in out + errors
    found = _SUMMARY.search(out + errors)
    assert found is not None, out + errors
    assert found.group(3) == "0", errors
    return int(found.group(1)), int(found.group(2))


def _run_together(inputs: list[list[str]], db: str, *extra: str) -> list[tuple[int, int]]:
    processes = [_start(items, db, *extra) for items in inputs]
    return [_finish(p) for p in processes]


@pytest.fixture
def pg() -> Iterator[str]:
    require_server()
    with temporary_database("rasad_test_concurrent") as url:
        yield url


def _documents(seeds_dir: Path) -> list[str]:
    """Many short documents made from the demo articles: each paragraph, and each two neighbouring ones."""
    paragraphs = [
        p.strip()
        for f in sorted(seeds_dir.glob("*.txt"))
        for p in f.read_text(encoding="utf-8").split("\n")
        if len(p.strip()) > 80
    ]
    return paragraphs + [f"{a}\n\n{b}" for a, b in itertools.pairwise(paragraphs)]


def _per_article(store: Store) -> dict[str, tuple[Any, ...]]:
    """Each article's own rows, keyed by its content hash (ids differ with the order of arrival)."""
    with store.session() as session:
        bands = Counter(
            dict(
                session.execute(
                    select(m.DedupBand.article_id, func.count()).group_by(m.DedupBand.article_id)
                ).all()
            )
        )
        return {
            a.content_hash: (
                a.lang,
                a.title,
                a.folded,
                a.excluded,
                a.sentences,
                a.minhash,
                bands[a.id],
            )
            for a in session.scalars(select(m.Article))
        }


def test_concurrent_text_ingests_store_each_document_once(
    pg: str, seeds_dir: Path, tmp_path: Path
) -> None:
    docs = _documents(seeds_dir)
    assert len(docs) > 40
    dump = tmp_path / "docs.jsonl"
    dump.write_text(
        "".join(json.dumps({"text": d}, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8"
    )
    backwards = tmp_path / "backwards.jsonl"
    backwards.write_text(
        "".join(reversed(dump.read_text(encoding="utf-8").splitlines(keepends=True))),
        encoding="utf-8",
    )
    inputs = [[str(dump)], [str(dump)], [str(backwards)], [str(backwards), str(dump)]]
    fast = ("--stages", "rasad.text", "--no-corpus-step")
    processes = [_start(items, pg, *fast) for items in inputs]
    processes.append(
        _start([str(dump)], pg, *fast, "--workers", "2")
    )  # workers analyse, its main process writes
    counts = [_finish(p) for p in processes]

    sqlite = f"sqlite:///{tmp_path / 'one.db'}"
    subprocess.run(
        [sys.executable, "-m", "rasad.cli", "ingest", str(dump), "--db", sqlite, "-q", *fast],
        check=True,
    )
    with Store(sqlite) as one, Store(pg) as many:
        expected = _per_article(one)
        stored = _per_article(many)
        assert many.count() == one.count() == len(expected) > 40
    assert stored == expected
    assert sum(ingested for ingested, _ in counts) == len(
        expected
    )  # each text stored by exactly one process
    given = [len(docs), len(docs), len(docs), 2 * len(docs), len(docs)]
    assert [ingested + duplicates for ingested, duplicates in counts] == given


def test_concurrent_full_ingests_and_corpus_steps(pg: str, seeds_dir: Path, tmp_path: Path) -> None:
    """Full pipeline and the corpus step in three processes at once: the steps take turns (an advisory
    lock), so that entities, merged events and stories are written once and the store ends consistent."""
    files = [str(f) for f in sorted(seeds_dir.glob("*.txt"))]
    assert len(files) >= 3
    counts = _run_together([files, files[::-1], files[1::2]], pg)
    sqlite = f"sqlite:///{tmp_path / 'one.db'}"
    subprocess.run(
        [sys.executable, "-m", "rasad.cli", "ingest", *files, "--db", sqlite, "-q"], check=True
    )

    def own_facts(store: Store) -> dict[str, Counter[str]]:
        out: dict[str, Counter[str]] = {}
        with store.session() as session:
            hashes = dict(session.execute(select(m.Article.id, m.Article.content_hash)).all())
            for name, model in (
                ("times", m.TimeExpr),
                ("quotes", m.Quote),
                ("claims", m.Claim),
                ("reports", m.Event),
            ):
                query = (
                    select(model.article_id, func.count())
                    .where(model.article_id.is_not(None))
                    .group_by(model.article_id)
                )
                for aid, n in session.execute(query):
                    out.setdefault(hashes[aid], Counter())[name] = n
        return out

    with Store(sqlite) as one, Store(pg) as many:
        assert many.count() == one.count() == len(files)
        assert sum(ingested for ingested, _ in counts) == len(files)
        assert own_facts(many) == own_facts(one)
        assert is_current(many)  # every article went through a step
        exported = {"rasad_export": 1, **{name: list(items) for name, items in iter_lists(many)}}
        assert validate(exported) == []
        assert exported["entities"] and exported["events"] and exported["stories"]
        with many.session() as session:
            merged = session.scalars(select(m.Event).where(m.Event.article_id.is_(None))).all()
            reports = [r for e in merged for r in (e.extra or {}).get("reports", [])]
            assert reports and len(reports) == len(set(reports))  # no report merged twice
            linked = set(
                session.scalars(select(m.Mention.entity_id).where(m.Mention.entity_id.is_not(None)))
            )
            known = set(session.scalars(select(m.Entity.id)))
            assert linked and linked <= known
        placed = [a for s in exported["stories"] for a in s["articles"]]
        assert sorted(placed) == sorted(
            a["id"] for a in exported["articles"]
        )  # each article in one story
