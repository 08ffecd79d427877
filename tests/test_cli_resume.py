"""A run of ``rasad ingest`` killed with SIGKILL leaves a consistent database; re-running completes it."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import REPO_ROOT
from rasad.link.dedup import BANDS

ARTICLES = 1200
#: Rows that must be stored before the kill (so that it lands mid-run).
KILL_AFTER = 60
VOCAB = ["دولت", "مجلس", "وزیر", "شهر", "مردم", "بازار", "قیمت", "نفت", "گاز", "آب", "برق", "خبر", "گزارش", "جلسه", "طرح", "قانون", "بودجه", "سال", "ماه", "روز", "هفته", "کشور", "استان", "دانشگاه", "مدرسه", "بیمارستان", "پزشک", "بیمار", "راه", "پل", "خودرو", "قطار", "فرودگاه", "سفر", "تجارت", "صادرات", "واردات", "کالا", "تولید", "کارخانه", "کارگر", "حقوق", "مالیات", "بانک", "پول", "ارز", "طلا", "سکه", "بورس", "سهام", "انتخابات", "نامزد", "رای", "حزب", "دادگاه", "قاضی", "پلیس", "امنیت", "مرز", "ارتش", "صلح", "جنگ", "توافق", "مذاکره", "سفیر"]


def _write_dump(path: Path) -> None:
    rng = random.Random(7)
    with path.open("w", encoding="utf-8") as fp:
        for i in range(ARTICLES):
            words = " ".join(rng.choice(VOCAB) for _ in range(80))
            fp.write(json.dumps({"title": f"خبر {i}", "content": f"{words}.", "url": f"https://example.org/{i}"},
                                ensure_ascii=False) + "\n")  # fmt: skip


def _ingest(dump: Path, db: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "src")}
    return subprocess.Popen(
        # Only the text stage: what is tested is the transactional writes, not the models.
        [sys.executable, "-m", "rasad.cli", "ingest", str(dump), "--db", f"sqlite:///{db}",
         "--stages", "rasad.text", "--no-corpus-step"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def _count(db: Path) -> int:
    try:
        con = sqlite3.connect(db, timeout=5)
        try:
            return con.execute("SELECT count(*) FROM article").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:  # not created or not migrated yet
        return 0


def test_kill_mid_run_then_resume(tmp_path: Path) -> None:
    dump, db = tmp_path / "dump.jsonl", tmp_path / "resume.db"
    _write_dump(dump)
    proc = _ingest(dump, db)
    deadline = time.monotonic() + 120
    while _count(db) < KILL_AFTER:
        assert proc.poll() is None, f"ingest ended before the kill: {proc.communicate()}"
        assert time.monotonic() < deadline, "ingest made no progress"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL

    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = con.execute("SELECT count(*) FROM article").fetchone()[0]
    assert KILL_AFTER <= stored < ARTICLES
    # Every stored article is complete: its LSH bands went in with it, none is orphaned.
    bands = dict(con.execute("SELECT article_id, count(*) FROM dedup_band GROUP BY article_id"))
    assert all(bands.get(i) == BANDS for (i,) in con.execute("SELECT id FROM article"))
    assert con.execute("SELECT count(*) FROM dedup_band WHERE article_id NOT IN (SELECT id FROM article)").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM article_fts").fetchone()[0] == stored
    con.close()

    proc = _ingest(dump, db)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr
    assert f"ingested {ARTICLES - stored}, duplicates {stored} " in stdout
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM article").fetchone()[0] == ARTICLES
    assert con.execute("SELECT count(DISTINCT content_hash) FROM article").fetchone()[0] == ARTICLES
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
