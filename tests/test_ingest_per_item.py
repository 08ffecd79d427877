"""One bad item never costs a good one: directory walks, dump lines and CSV rows fail alone."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest

from rasad.doc import Doc
from rasad.ingest import Failure, iter_bytes, iter_documents
from rasad.ingest import base as ingest_base
from rasad.ingest.readers import iter_stream

GOOD = "نشست وزیران خارجه دو کشور امروز برگزار شد و دو طرف دربارهٔ همکاری‌های اقتصادی گفت‌وگو کردند"


def _split(items: list[Doc | Failure]) -> tuple[list[Doc], list[Failure]]:
    return [i for i in items if isinstance(i, Doc)], [i for i in items if isinstance(i, Failure)]


def test_walk_survives_symlink_loops_depth_and_long_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("rasad.ingest.readers.MAX_DIRECTORY_DEPTH", 5)
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text(GOOD + " یک")
    (root / "z.txt").write_text(GOOD + " دو")
    os.symlink("loop", root / "loop")
    os.symlink("missing-target", root / "broken")
    deep = root / "d"
    for _ in range(8):
        deep = deep / "n"
    deep.mkdir(parents=True)
    (deep / "deep.txt").write_text(GOOD)
    docs, failures = _split(list(iter_documents([str(root)])))
    assert sorted(Path(d.source).name for d in docs) == ["a.txt", "z.txt"]
    reasons = {Path(f.item).name: f.reason for f in failures}
    assert "symbolic links" in reasons["loop"] or "broken" in reasons["loop"]
    assert "broken link" in reasons["broken"]
    assert any("MAX_DIRECTORY_DEPTH" in r for r in reasons.values())


def test_walk_is_lazy_and_in_sorted_order(tmp_path: Path) -> None:
    for name in ("b.txt", "a/x.txt", "a/y.txt", "c.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"{GOOD} {name}")
    docs, failures = _split(list(iter_documents([str(tmp_path)])))
    assert not failures
    assert [Path(d.source).relative_to(tmp_path).as_posix() for d in docs] == ["a/x.txt", "a/y.txt", "b.txt", "c.txt"]


def test_non_utf8_file_name_is_read_and_escaped(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/\xff\xfe-news.txt"
    with open(name, "wb") as fh:
        fh.write(GOOD.encode())
    (doc,) = list(iter_documents([str(tmp_path)]))
    assert isinstance(doc, Doc) and doc.source.endswith("\\xff\\xfe-news.txt")
    doc.source.encode("utf-8")  # storable


def test_jsonl_bad_lines_fail_alone(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": GOOD + " ۱"}, ensure_ascii=False).encode(),
        b'{"text": ' + b"[" * 200_000 + b"]" * 200_000 + b"}",
        b'{"text": "x", "n": ' + b"9" * 5000 + b"}",
        b'{"text": 12345}',
        b'{"text": "\\u200c\\u200f  "}',
        '{"text": "café au lait in the old city, the minister said"}'.encode("latin-1"),
        json.dumps({"text": GOOD + " ۲"}, ensure_ascii=False).encode(),
    ]
    path = tmp_path / "dump.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    docs, failures = _split(list(iter_documents([str(path)])))
    assert [d.source for d in docs] == [f"{path}:1", f"{path}:6", f"{path}:7"]
    assert docs[1].text.startswith("café")
    reasons = {f.item.rsplit(":", 1)[1]: f.reason for f in failures}
    assert "nested too deeply" in reasons["2"]
    assert "4300 digits" in reasons["3"] or "digits" in reasons["3"]
    assert "holds a number, not text" in reasons["4"]
    assert "invisible" in reasons["5"]


def test_json_file_nested_too_deep_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    (out,) = list(iter_documents([str(path)]))
    assert isinstance(out, Failure) and "nested too deeply" in out.reason


def test_csv_rows_decode_alone_and_a_broken_quote_is_reread(tmp_path: Path) -> None:
    rows = [
        b"title,text,date",
        f'a,"{GOOD} الف",2024'.encode(),
        f'b,"{GOOD} ب'.encode() + b"\xff" + b'",2024',
        f'c,"{GOOD} پ",2024'.encode(),
        f'd,"broken {GOOD},2024'.encode(),
        f'e,"{GOOD} ت",2024'.encode(),
        f'f,"{GOOD} ث",2024'.encode(),
    ]
    path = tmp_path / "dump.csv"
    path.write_bytes(b"\n".join(rows) + b"\n")
    docs, failures = _split(list(iter_documents([str(path)])))
    assert [d.title for d in docs] == ["a", "b", "c", "e", "f"]
    assert all(GOOD in d.text for d in docs)  # no mojibake in the good rows
    assert [f.item for f in failures] == [f"{path}:5"] and "unbalanced quote" in failures[0].reason


def test_csv_quote_open_to_the_end(tmp_path: Path) -> None:
    path = tmp_path / "dump.csv"
    path.write_text(f'title,text,date\na,"{GOOD}",2024\nb,"broken {GOOD},2024\nc,{GOOD} ج,2024\n')
    docs, failures = _split(list(iter_documents([str(path)])))
    assert [d.title for d in docs] == ["a", "c"] and len(failures) == 1


def test_dump_lines_are_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("rasad.ingest.dumps.MAX_DUMP_LINES", 50)
    path = tmp_path / "blank.jsonl"
    path.write_bytes(json.dumps({"text": GOOD}, ensure_ascii=False).encode() + b"\n" * 1000)
    docs, failures = _split(list(iter_documents([str(path)])))
    assert len(docs) == 1 and "MAX_DUMP_LINES" in failures[0].reason


def test_gzip_bombs_are_refused_on_files_and_streams(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("rasad.ingest.readers.DECOMPRESSION_FREE_BYTES", 1 << 20)
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb") as gz:
        gz.write(json.dumps({"text": GOOD}, ensure_ascii=False).encode() + b"\n")
        for _ in range(64):
            gz.write(b" " * (1 << 20))
    bomb = buf.getvalue()
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(bomb)
    for items in (list(iter_documents([str(path)])), list(iter_stream(io.BytesIO(bomb), "-")),
                  list(iter_bytes(bomb))):
        docs, failures = _split(items)
        assert len(docs) == 1 and "decompression bomb" in failures[-1].reason


def test_stdin_single_document_over_the_cap_is_refused_unread() -> None:
    class Endless(io.RawIOBase):
        read_bytes = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
            buffer[:] = b"a" * len(buffer)
            self.read_bytes += len(buffer)
            return len(buffer)

    stream = Endless()
    (out,) = list(iter_stream(io.BufferedReader(stream), "-", max_bytes=1 << 20))
    assert isinstance(out, Failure) and "too large" in out.reason
    assert stream.read_bytes < 4 << 20


def test_invisible_only_text_file_is_not_an_article(tmp_path: Path) -> None:
    path = tmp_path / "marks.txt"
    path.write_text("\u200c \u200f\u200e\n\u202b\u202c\t")
    (out,) = list(iter_documents([str(path)]))
    assert isinstance(out, Failure) and "invisible" in out.reason
    assert not ingest_base.has_visible_text("\u200c\u200f \n") and ingest_base.has_visible_text("\u200c.")


def test_lone_surrogates_become_replacement_characters(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"title": "t\\udc00", "text": "' + GOOD + ' \\ud800 ' + GOOD + '"}\n', encoding="utf-8")
    (doc,) = list(iter_documents([str(path)]))
    assert isinstance(doc, Doc) and "\ufffd" in doc.text and doc.title == "t\ufffd"
    doc.text.encode("utf-8")
    assert len(doc.text) == 2 * len(GOOD) + 3
