"""The time stage on the demo corpus: only general properties (no seed facts in tests)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rasad.doc import Doc
from rasad.extract.time import process


def test_each_seed_gets_a_dated_article_and_round_tripping_spans(seeds_dir: Path) -> None:
    files = sorted(seeds_dir.glob("*.txt"))
    assert files
    now = dt.date.today()
    for path in files:
        doc = process(Doc(text=path.read_text(encoding="utf-8"), source=path.name), now=now)
        assert doc.date is not None, path.name
        assert doc.date.why and doc.date.inferred and 0 < doc.date.confidence <= 1
        assert doc.date.value[:4].isdigit() and int(doc.date.value[:4]) <= now.year
        assert doc.times, path.name
        for t in doc.times:
            assert doc.text[t.start : t.end] == t.text
            assert t.kind in {"date", "time", "duration", "set", "range"}
