"""rasad.ingest: JSONL, CSV, JSON and gzip dumps, streamed row by row."""

from __future__ import annotations

import gzip
import json
from itertools import islice
from pathlib import Path

import pytest

from conftest import needs_shared_data
from rasad.doc import Doc
from rasad.ingest import Failure, count_items, iter_documents

ROWS = [
    {"title": "عنوان یک", "body": "متن خبر اول درباره‌ی بازار.", "date": "2021-04-03T08:00:00Z",
     "url": "https://example.org/1", "source": "نشریه", "author": "خبرنگار", "id": "n1"},
    {"headline": "عنوان اثنين", "content": "نص الخبر الثاني.", "published": "1400-01-14",
     "link": "https://example.org/2", "outlet": "صحيفة"},
    {"Title": "Three", "Text": "Third story text.", "pubDate": "Sat, 03 Apr 2021 10:00:00 GMT"},
]


def _jsonl(rows: list[object]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


def test_jsonl_maps_usual_field_names(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_bytes(_jsonl(ROWS))
    a, b, c = list(iter_documents([str(path)]))
    assert isinstance(a, Doc) and isinstance(b, Doc) and isinstance(c, Doc)
    assert (a.source, a.title, a.text, a.url, a.outlet, a.author) == (
        f"{path}:1", "عنوان یک", ROWS[0]["body"], "https://example.org/1", "نشریه", "خبرنگار")
    assert a.date is not None and a.date.value == "2021-04-03" and a.date_raw == ROWS[0]["date"]
    assert a.meta["id"] == "n1"
    assert (b.title, b.text, b.url, b.outlet, b.date_raw, b.date) == (
        "عنوان اثنين", "نص الخبر الثاني.", "https://example.org/2", "صحيفة", "1400-01-14", None)
    assert (c.title, c.text) == ("Three", "Third story text.")
    assert c.date is not None and c.date.value == "2021-04-03"


def test_malformed_line_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    lines = _jsonl(ROWS[:1]) + b'{"title": "cut off", "body": \n' + b"\n" + b"[1, 2]\n" + _jsonl(ROWS[1:])
    path.write_bytes(lines)
    out = list(iter_documents([str(path)]))
    assert [type(o).__name__ for o in out] == ["Doc", "Failure", "Failure", "Doc", "Doc"]
    assert out[1].item == f"{path}:2" and "malformed JSON" in out[1].reason  # type: ignore[union-attr]
    assert out[2].item == f"{path}:4" and "not an object" in out[2].reason  # type: ignore[union-attr]
    assert out[3].source == f"{path}:5"  # type: ignore[union-attr]


def test_row_without_text_fails(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_bytes(_jsonl([{"title": "only a title", "content": "  "}, ROWS[0]]))
    bad, good = list(iter_documents([str(path)]))
    assert isinstance(bad, Failure) and bad.item == f"{path}:1" and "no text" in bad.reason
    assert isinstance(good, Doc)


def test_lead_goes_before_a_body_that_lacks_it(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_bytes(_jsonl([
        {"abstract": "خلاصه‌ی خبر.", "body": "متن کامل خبر."},
        {"abstract": "خلاصه.", "body": "خلاصه. و بقیه‌ی متن."},
    ]))
    a, b = list(iter_documents([str(path)]))
    assert isinstance(a, Doc) and isinstance(b, Doc)
    assert a.text == "خلاصه‌ی خبر.\n\nمتن کامل خبر." and a.meta["lead_chars"] == len("خلاصه‌ی خبر.")
    assert b.text == "خلاصه. و بقیه‌ی متن." and "lead_chars" not in b.meta


def test_gzipped_jsonl_streams(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl.gz"
    path.write_bytes(gzip.compress(_jsonl(ROWS * 50)))
    out = list(iter_documents([str(path)]))
    assert len(out) == 150 and all(isinstance(d, Doc) for d in out)
    assert count_items([str(path)]) == 150


def test_dumps_are_capped_per_row_not_as_a_whole(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    huge = {"title": "big", "text": "x" * 5000}
    path.write_bytes(_jsonl([*ROWS * 20, huge, ROWS[0]]))
    assert path.stat().st_size > 5000
    out = list(iter_documents([str(path)], max_bytes=1000))
    assert len(out) == 62 and all(isinstance(d, Doc) for d in out[:60] + out[61:])
    assert isinstance(out[60], Failure) and out[60].item == f"{path}:61"
    assert "row too large" in out[60].reason


def test_csv_and_tsv(tmp_path: Path) -> None:
    csv_path = tmp_path / "dump.csv"
    csv_path.write_text(
        'title,article,date,link\r\n"یک, دو","متن ""نقل"" شده\r\nبا دو خط",2020-01-05,https://e.org/a\r\n'
        ",,,\r\nبی‌متن,,2020-01-06,\r\n",
        encoding="utf-8-sig",
    )
    out = list(iter_documents([str(csv_path)]))
    assert [type(o).__name__ for o in out] == ["Doc", "Failure"]
    doc, bad = out
    assert isinstance(doc, Doc) and isinstance(bad, Failure)
    assert (doc.title, doc.text, doc.url, doc.source) == (
        "یک, دو", 'متن "نقل" شده\r\nبا دو خط', "https://e.org/a", f"{csv_path}:2")
    assert doc.date is not None and doc.date.value == "2020-01-05"
    assert bad.item == f"{csv_path}:5"
    tsv = tmp_path / "dump.tsv.gz"
    tsv.write_bytes(gzip.compress("title\ttext\nA\tمتن\n".encode()))
    (row,) = list(iter_documents([str(tsv)]))
    assert isinstance(row, Doc) and (row.title, row.text) == ("A", "متن")


def test_csv_in_windows_1256(tmp_path: Path) -> None:
    path = tmp_path / "legacy.csv"
    text = "\n".join(["title,body"] + [f"عنوان {i},هذا نص الخبر رقم {i} عن الاقتصاد والسياسة" for i in range(20)])
    path.write_bytes(text.encode("cp1256"))
    out = list(iter_documents([str(path)]))
    assert len(out) == 20 and all(isinstance(d, Doc) for d in out)
    assert out[3].text == "هذا نص الخبر رقم 3 عن الاقتصاد والسياسة"  # type: ignore[union-attr]


def test_json_array_and_json_feed(tmp_path: Path) -> None:
    arr = tmp_path / "arr.json"
    arr.write_text(json.dumps([*ROWS[:2], {"title": "none"}], ensure_ascii=False), encoding="utf-8")
    out = list(iter_documents([str(arr)]))
    assert [type(o).__name__ for o in out] == ["Doc", "Doc", "Failure"]
    assert out[2].item == f"{arr}[2]"  # type: ignore[union-attr]
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "f",
        "items": [{"id": "1", "url": "https://e.org/x", "content_html": "<p>الف</p><p>ب</p>",
                   "date_published": "2022-02-02T10:00:00+03:30", "authors": [{"name": "ن"}]}],
    }), encoding="utf-8")
    (doc,) = list(iter_documents([str(feed)]))
    assert isinstance(doc, Doc)
    assert (doc.text, doc.author, doc.url) == ("الف\n\nب", "ن", "https://e.org/x")
    assert doc.date is not None and doc.date.value == "2022-02-02"
    bad = tmp_path / "bad.json"
    bad.write_text('{"title": ', encoding="utf-8")
    (fail,) = list(iter_documents([str(bad)]))
    assert isinstance(fail, Failure) and "malformed JSON" in fail.reason


def test_corrupt_gzip_fails_clearly(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl.gz"
    path.write_bytes(gzip.compress(_jsonl(ROWS * 40))[:300])
    out = list(iter_documents([str(path)]))
    assert isinstance(out[-1], Failure) and "gzip" in out[-1].reason


@needs_shared_data
@pytest.mark.parametrize(
    ("name", "dated"),
    [("saudinewsnet_ar.jsonl.gz", True), ("farsnews_fa.jsonl.gz", True),
     ("farsnews_1402_fa.jsonl.gz", False)],
)
def test_shared_news_dumps_load(shared_data: Path, name: str, dated: bool) -> None:
    path = shared_data / "news" / name
    out = list(islice(iter_documents([str(path)]), 200))
    docs = [d for d in out if isinstance(d, Doc)]
    assert len(docs) >= 190
    assert all(f.item.startswith(f"{path}:") for f in out if isinstance(f, Failure))
    for d in docs:
        assert d.text.strip() and d.title and d.outlet and d.date_raw
        assert d.source.startswith(f"{path}:")
        assert (d.date is not None) == dated  # Jalali strings stay raw for the time stage
    if dated:
        assert all(d.url for d in docs)
