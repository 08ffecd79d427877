"""rasad.service: one bad document never stops the others; analyze exports without a store."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasad import pipeline
from rasad.doc import Doc
from rasad.export import validate
from rasad.service import (
    IngestSummary,
    ItemResult,
    analyze_documents,
    ingest_into_store,
    reference_date,
)
from rasad.store import Store

TEXTS = {
    "a.txt": "کتابخانه ملی از امروز ساعت کار خود را تا ده شب افزایش می‌دهد تا دانشجویان فرصت بیشتری داشته باشند.",
    "b.txt": "أعلنت البلدية عن خطة لزراعة عشرة آلاف شجرة في الأحياء الجديدة قبل نهاية العام.",
    "c.txt": "ورزشکاران کشورمان در مسابقات آسیایی دو مدال طلا و سه مدال نقره به دست آوردند.",
}


def _boom(doc: Doc) -> Doc:
    if "ورزشکاران" in doc.text:
        raise RuntimeError("cannot handle this one")
    return doc


def test_a_stage_error_fails_only_its_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.setitem(pipeline._loaded, "tests.boom", _boom)
    seen: list[ItemResult] = []
    with Store(f"sqlite:///{tmp_path / 'db.sqlite'}") as store:
        summary = ingest_into_store(
            [str(tmp_path / n) for n in sorted(TEXTS)], store, stages=["rasad.text", "tests.boom"], progress=seen.append
        )
        assert store.count() == 2
    assert (summary.ingested, summary.failed, summary.ok) == (2, 1, False)
    assert [r.status for r in seen] == ["ingested", "ingested", "failed"]
    failure = summary.failures[0]
    assert failure.item.endswith("c.txt")
    assert failure.reason == "stage tests.boom failed: RuntimeError: cannot handle this one"


def test_limit_stops_early(tmp_path: Path) -> None:
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with Store(f"sqlite:///{tmp_path / 'db.sqlite'}") as store:
        summary = ingest_into_store([str(tmp_path)], store, stages=["rasad.text"], limit=2)
        assert summary.ingested == 2 and store.count() == 2


def test_summary_line() -> None:
    summary = IngestSummary()
    for status, dup in (("ingested", None), ("ingested", 1), ("duplicate", 1), ("failed", None)):
        summary.add(ItemResult("x", status, duplicate_of=dup, reason="r" if status == "failed" else None))
    assert summary.line() == "ingested 2, duplicates 1 (near-duplicates 1), failed 1"


def test_analyze_documents_numbers_articles_and_facts() -> None:
    docs = [Doc(text=TEXTS["a.txt"], source="a"), Doc(text=TEXTS["b.txt"], source="b")]
    data = analyze_documents(docs, date="2024-02-29")
    assert validate(data) == []
    assert [a["id"] for a in data["articles"]] == [1, 2]
    assert [a["lang"] for a in data["articles"]] == ["fa", "ar"]
    assert all(a["date"]["value"] == "2024-02-29" for a in data["articles"])
    for name in ("times", "events", "quotes", "claims"):
        ids = [r["id"] for r in data[name]]
        assert ids == list(range(1, len(ids) + 1))
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        reference_date("2024-02-30")
