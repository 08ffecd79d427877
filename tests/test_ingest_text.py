"""rasad.ingest: plain-text files, encodings, directories and bad files."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from rasad.doc import Doc
from rasad.ingest import Failure, count_items, gregorian_date, iter_documents

FA = "کشتی‌گیران تیم ملی در مسابقات جهانی شرکت می‌کنند.\r\nپژوهشگران گفتند که برنامه ادامه دارد و آن‌ها آماده‌اند.\n"
AR = "أصدر الرئيس اليوم قرارا بتعيين محافظ جديد للمدينة، وذلك بعد الانتصارات التي حققتها القوات.\nوقال المتحدث إن الوضع مستقر.\n"


def _one(path: Path, **kw: object) -> Doc | Failure:
    out = list(iter_documents([str(path)], **kw))  # type: ignore[arg-type]
    assert len(out) == 1, out
    return out[0]


@pytest.mark.parametrize(
    ("text", "encoding", "prefix"),
    [
        (FA, "utf-8", b""),
        (FA, "utf-8", codecs.BOM_UTF8),
        (FA, "utf-16-le", codecs.BOM_UTF16_LE),
        (FA, "utf-16-be", codecs.BOM_UTF16_BE),
        (FA.replace("ی", "ي"), "cp1256", b""),  # Persian as Windows-1256 writes it
        (AR, "cp1256", b""),
        (AR, "iso-8859-6", b""),
    ],
)
def test_encodings_decode_exactly(tmp_path: Path, text: str, encoding: str, prefix: bytes) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(prefix + text.encode(encoding))
    doc = _one(path)
    assert isinstance(doc, Doc)
    assert doc.text == text  # verbatim: CRLF kept, BOM gone
    assert codecs.lookup(doc.meta["encoding"]).name == codecs.lookup(encoding).name


def test_cp1256_and_iso_8859_6_are_told_apart(tmp_path: Path) -> None:
    for enc in ("cp1256", "iso-8859-6"):
        (tmp_path / f"{enc}.txt").write_bytes(AR.encode(enc))
    docs = [d for d in iter_documents([str(tmp_path)]) if isinstance(d, Doc)]
    assert [d.text for d in docs] == [AR, AR]
    assert {codecs.lookup(d.meta["encoding"]).name for d in docs} == {"cp1256", "iso8859-6"}


def test_binary_file_fails(tmp_path: Path) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes(range(256)) * 8)
    out = _one(path)
    assert isinstance(out, Failure) and out.item == str(path)
    assert "binary" in out.reason and "NUL" in out.reason


def test_known_binary_signature_is_named(tmp_path: Path) -> None:
    path = tmp_path / "paper"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(1, 200)))
    out = _one(path)
    assert isinstance(out, Failure) and "PDF" in out.reason


def test_undecodable_bytes_fail(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(128, 256)) * 30)
    out = _one(path)
    assert isinstance(out, Failure) and "undecodable" in out.reason


def test_empty_and_blank_files_fail(tmp_path: Path) -> None:
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_blank.txt").write_text(" \n\t\n", encoding="utf-8")
    out = list(iter_documents([str(tmp_path)]))
    assert [type(o) for o in out] == [Failure, Failure]
    assert out[0].reason == "empty file"  # type: ignore[union-attr]
    assert "whitespace" in out[1].reason  # type: ignore[union-attr]


def test_oversized_file_fails_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, instant to make
    out = _one(path)
    assert isinstance(out, Failure)
    assert "too large" in out.reason and "50.0 MB" in out.reason and "10.0 MB" in out.reason


def test_max_bytes_is_a_parameter(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(AR, encoding="utf-8")
    assert isinstance(_one(path, max_bytes=10), Failure)
    assert isinstance(_one(path, max_bytes=10_000), Doc)


def test_missing_path_and_others_still_load(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(FA, encoding="utf-8")
    missing = str(tmp_path / "nope.txt")
    out = list(iter_documents([missing, str(good)]))
    assert out[0] == Failure(missing, "no such file or directory")
    assert isinstance(out[1], Doc) and out[1].source == str(good)


def test_directory_walk_is_sorted_recursive_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.txt").write_text("دو", encoding="utf-8")
    (tmp_path / "a.txt").write_text("یک", encoding="utf-8")
    (tmp_path / "c.txt").write_text("سه", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".git" / "HEAD").write_text("ref", encoding="utf-8")
    (tmp_path / "b" / "junk.bin").write_bytes(b"\x00\x01\x02" * 10)
    out = list(iter_documents([str(tmp_path)]))
    assert [Path(o.source if isinstance(o, Doc) else o.item).name for o in out] == [
        "a.txt", "2.txt", "junk.bin", "c.txt"
    ]
    assert [o.text for o in out if isinstance(o, Doc)] == ["یک", "دو", "سه"]
    assert isinstance(out[2], Failure)
    assert count_items([str(tmp_path)]) == 4


def test_gzipped_text_file(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress(AR.encode("utf-8")))
    doc = _one(path)
    assert isinstance(doc, Doc) and doc.text == AR


def test_seeds_load_verbatim(seeds_dir: Path) -> None:
    docs = list(iter_documents([str(seeds_dir)]))
    files = sorted(p for p in seeds_dir.iterdir() if not p.name.startswith("."))
    assert len(docs) == len(files) == count_items([str(seeds_dir)])
    for doc, path in zip(docs, files, strict=True):
        assert isinstance(doc, Doc)
        assert doc.text == path.read_bytes().decode("utf-8-sig")
        assert doc.source == str(path)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("2015-07-21 02:51:32", "2015-07-21"),
        ("2023-08-26T23:30:00+03:30", "2023-08-26"),
        ("2023/8/6", "2023-08-06"),
        ("۲۰۲۳-۰۸-۲۶", "2023-08-26"),
        ("Sat, 26 Aug 2023 23:30:00 +0330", "2023-08-26"),
        ("1402-06-04", None),  # Jalali: left to the time stage
        ("۱۲:۱۱ ۱۴۰۲-۶-۴", None),
        ("1445-02-10", None),  # Hijri
        ("2023-02-30", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_gregorian_metadata_dates(raw: str, value: str | None) -> None:
    got = gregorian_date(raw)
    assert (got.value if got else None) == value
    if got:
        assert (got.precision, got.calendar, got.inferred) == ("day", "gregorian", False)


def test_bytes_in_memory_are_sniffed() -> None:
    from rasad.ingest import iter_bytes

    (doc,) = list(iter_bytes(AR.encode("cp1256"), "upload"))
    assert isinstance(doc, Doc) and doc.text == AR and doc.source == "upload"
    rows = list(iter_bytes(b'{"text": "a"}\n{"text": "b"}\n', "-"))
    assert [d.text for d in rows if isinstance(d, Doc)] == ["a", "b"]
    (fail,) = list(iter_bytes(b"", "-"))
    assert isinstance(fail, Failure) and fail.item == "-"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Le président a annoncé une réforme très attendue, après des négociations "
         "difficiles avec les syndicats à Paris. " * 3, "cp1252"),
        ("Президент заявил, что переговоры продолжатся на следующей неделе в столице. " * 3,
         "cp1251"),
    ],
)
def test_other_legacy_code_pages_are_not_taken_for_arabic(tmp_path: Path, text: str, encoding: str) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(text.encode(encoding))
    doc = _one(path)
    assert isinstance(doc, Doc) and doc.text == text


def test_zwnj_dense_persian_in_windows_1256(tmp_path: Path) -> None:
    text = ("\u200c" * 4 + "به گزارش خبرنگار اقتصاد بين\u200cالملل، شرکت\u200cهاي توزيع "
            "نيروي برق در حال بررسي طرح\u200cهاي تازه\u200cاي هستند و مي\u200cگويند که هزينه\u200cها بالا رفته است.\n") * 4
    path = tmp_path / "fa.txt"
    path.write_bytes(text.encode("cp1256"))
    doc = _one(path)
    assert isinstance(doc, Doc) and doc.text == text


def test_text_that_starts_with_a_brace_is_still_text(tmp_path: Path) -> None:
    path = tmp_path / "note"
    path.write_text("{خبر فوری} دولت امروز برنامه‌ی تازه‌ای اعلام کرد.\nادامه‌ی خبر.", encoding="utf-8")
    doc = _one(path)
    assert isinstance(doc, Doc) and doc.text.startswith("{خبر فوری}")


def test_html_saved_as_txt_is_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "saved.txt"
    body = "<p>متن اصلی خبر که به اندازه‌ی کافی بلند است تا استخراج شود و همه‌ی جمله‌ها را دارد.</p>" * 3
    path.write_text(f"<!DOCTYPE html><html><head><title>t</title></head><body><article>{body}"
                    "</article></body></html>", encoding="utf-8")
    doc = _one(path)
    assert isinstance(doc, Doc) and doc.meta["format"] == "html" and "<p>" not in doc.text
