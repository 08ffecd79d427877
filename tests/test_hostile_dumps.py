"""Hostile dumps (JSON Lines, CSV/TSV, JSON): a bad row fails on its own line, every other row goes in."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from hostile_cases import (
    FA,
    FA_1256,
    Case,
    LostGoodItems,
    TextCheck,
    add,
    contains,
    expect,
    good,
    goods_beside,
    ingest,
    judge,
    mojibake,
    pytest_params,
    run_in_pytest,
    select,
)

JSON_BAD = r"JSON|malformed|nest|deep|unreadable"
NO_TEXT = r"no text|empty"
TOO_LARGE = r"too large|over"


class Good:
    """In a list of dump lines: a fresh good row, written when the case runs."""


G = Good()
Line = bytes | str | Good


def jsonl_row(text: str, **extra: Any) -> bytes:
    return json.dumps({"title": "سرخط", "text": text, **extra}, ensure_ascii=False).encode()


def csv_row(text: str, delimiter: str = ",") -> bytes:
    """One CSV row, without its line end (the writer needs "\n" as terminator to quote newlines)."""
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerow(["سرخط", text])
    return buf.getvalue().removesuffix("\n").encode()


def csv_field(text: str) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([text])
    return buf.getvalue().removesuffix("\n").encode()


def dump_case(
    name: str,
    lines: Sequence[Line],
    *,
    fail: str | None = None,
    text: TextCheck = None,
    either: bool = False,
    header: bytes | None = None,
    newline: bytes = b"\n",
    row: Callable[[str], bytes] = jsonl_row,
    others_clean: bool = True,
    **options: Any,
) -> Callable[[Path], str]:
    """A dump ``name`` of good rows and bad lines (bytes), beside two good files.

    Every bad line (each on its own line, numbered from 1 with the header)
    must fail with a reason matching ``fail`` or become a doc passing
    ``text`` (see :func:`judge`); every good row must be stored with its exact
    text, and (``others_clean``) no good row may fail.
    """

    def run(tmp: Path) -> str:
        folder = tmp / "in"
        goods = goods_beside(folder)
        rows: list[bytes] = [] if header is None else [header]
        bad_lines: list[int] = []
        for line in lines:
            if isinstance(line, Good):
                text_ = good()
                goods.append(text_)
                rows.append(row(text_))
            else:
                rows.append(line.encode() if isinstance(line, str) else line)
                bad_lines.append(len(rows))
        (folder / name).write_bytes(newline.join(rows) + newline)
        result = ingest(tmp, [folder], goods, **options)
        outcome = "ok"
        for n in bad_lines:
            got = judge(result, f"{name}:{n}", fail, text, either=either)
            outcome = "clear-error" if got == "clear-error" else outcome
        if others_clean:
            stray = [r for r in result.failures if not any(r.item.endswith(f"{name}:{n}") for n in bad_lines)]
            expect(not stray, f"good rows failed: {[(r.item[-30:], r.reason) for r in stray][:3]}")
        return outcome

    return run


# ---------------------------------------------------------------------------
# JSON Lines
# ---------------------------------------------------------------------------

_FA_ROW = FA[0] + " پایان خبر."


def _not_string(reason: str) -> bool:
    return "string" in reason.lower() or "not text" in reason.lower()


_JSONL: list[tuple[str, list[Line], dict[str, Any]]] = [
    ("deep_array_200k", [G, b"[" * 200_000 + b"]" * 200_000, G], {"fail": JSON_BAD}),
    ("deep_object_100k", [G, b'{"a":' * 100_000 + b"1" + b"}" * 100_000, G], {"fail": JSON_BAD}),
    ("int_5000_digits", [G, b'{"text": "' + _FA_ROW.encode() + b'", "n": ' + b"7" * 5000 + b"}", G],
     {"fail": JSON_BAD + r"|digit|number|int", "text": _FA_ROW}),
    ("float_overflow", [G, jsonl_row(_FA_ROW)[:-1] + b', "x": 1e99999}', G], {"text": _FA_ROW}),
    ("nan_value", [G, jsonl_row(_FA_ROW)[:-1] + b', "x": NaN}', G], {"text": _FA_ROW}),
    ("malformed_unterminated", [G, b'{"text": "unterminated', G], {"fail": JSON_BAD}),
    ("malformed_trailing_comma", [G, b'{"text": "x y z",}', G], {"fail": JSON_BAD}),
    ("malformed_single_quotes", [G, b"{'text': 'x y z'}", G], {"fail": JSON_BAD}),
    ("malformed_2mb_garbage", [G, b"<" * (2 << 20), G], {"fail": JSON_BAD}),
    ("row_is_list", [G, b"[1, 2, 3]", G], {"fail": r"not an object|list|array"}),
    ("row_is_string", [G, b'"just a string"', G], {"fail": r"not an object|str"}),
    ("row_is_number", [G, b"42", G], {"fail": r"not an object|int|number"}),
    ("row_is_null", [G, b"null", G], {"fail": r"not an object|null|None"}),
    ("row_is_true", [G, b"true", G], {"fail": r"not an object|bool|true"}),
    ("text_is_list", [G, json.dumps({"text": [FA[1], FA[2]]}).encode(), G],
     {"fail": r"list|array|string|not text", "text": contains(FA[1], FA[2])}),
    ("text_is_object", [G, b'{"text": {"a": 1}}', G], {"fail": r"object|dict|string|not text"}),
    ("text_is_true", [G, b'{"text": true}', G], {"fail": r"bool|true|string|not text"}),
    ("text_is_null", [G, b'{"text": null}', G], {"fail": NO_TEXT}),
    ("text_is_empty", [G, b'{"text": ""}', G], {"fail": NO_TEXT}),
    ("text_is_zwnj_only", [G, '{"text": "\u200c\u200f \u200c"}'.encode(), G], {"fail": r"no text|invisible"}),
    ("row_over_max_bytes", [G, jsonl_row(FA[3] * 40), G], {"fail": TOO_LARGE, "max_bytes": 3000}),
    ("stray_latin1_byte_line_2", [G, b'{"text": "' + FA[1].encode() + b" caf\xe9 " + FA[2].encode() + b'"}', G, G],
     {"fail": r"undecodable|encoding|byte", "text": contains(FA[1], FA[2])}),
    ("cp1256_row_in_utf8", [G, ('{"text": "' + FA_1256 + '"}').encode("cp1256"), G],
     {"fail": r"undecodable|encoding|byte", "text": FA_1256}),
    ("mojibake_row_repaired", [G, json.dumps({"text": mojibake(FA[2], "cp1256")}, ensure_ascii=False).encode(), G],
     {"text": FA[2]}),
    ("lone_surrogate_escape", [G, b'{"text": "' + FA[3].encode() + b' \\ud800 end"}', G],
     {"fail": r"surrogate|encod|text|invalid", "text": contains(FA[3])}),
    ("nul_escape_in_text", [G, b'{"text": "' + FA[0].encode() + b'\\u0000 ' + FA[1].encode() + b'"}', G],
     {"fail": r"NUL|binary|control", "text": contains(FA[0], FA[1])}),
    ("record_separator_prefix", [G, b"\x1e" + jsonl_row(_FA_ROW), G], {"fail": JSON_BAD, "text": _FA_ROW}),
    ("ten_thousand_keys", [G, jsonl_row(_FA_ROW, **{f"k{i}": i for i in range(10_000)}), G], {"text": _FA_ROW}),
    ("duplicate_keys", [G, ('{"text": "' + FA[1] + '", "text": "' + FA[2] + '"}').encode(), G],
     {"text": lambda t: t in (FA[1], FA[2])}),
    ("uppercase_keys", [G, json.dumps({"TEXT": _FA_ROW, "Title": "x"}, ensure_ascii=False).encode(), G], {"text": _FA_ROW}),
    ("odd_metadata", [G, jsonl_row(_FA_ROW, title=5, author=[{"name": 1}, None], date="99999-99-99",
                                   published="0000-00-00", timestamp=1e308, url="javascript:alert(1)"), G],
     {"text": _FA_ROW}),
    ("one_mb_value", [G, jsonl_row(" ".join([FA[0]] * 8000)), G], {"text": " ".join([FA[0]] * 8000)}),
    ("html_field", [G, json.dumps({"content_html": "<article>" + "".join(f"<p>{p}</p>" for p in FA) + "</article>"},
                                  ensure_ascii=False).encode(), G], {"text": contains(FA[0], FA[3])}),
    ("html_field_script_only", [G, b'{"html": "<script>var x = 1;</script>"}', G], {"fail": NO_TEXT}),
    ("lead_only", [G, json.dumps({"summary": _FA_ROW}, ensure_ascii=False).encode(), G], {"text": _FA_ROW}),
    ("whitespace_line_between", [G, b"   \t ", G], {"fail": NO_TEXT + "|blank|JSON", "either": True}),
]

for _name, _lines, _opts in _JSONL:
    add("jsonl", f"jsonl_{_name}", dump_case(f"dump_{_name}.jsonl", _lines, **_opts), guard_s=60)


def _check_number_reason(tmp: Path) -> str:
    folder = tmp / "in"
    goods = goods_beside(folder)
    rows = [good(), good()]
    (folder / "num.jsonl").write_bytes(jsonl_row(rows[0]) + b'\n{"text": 12345}\n' + jsonl_row(rows[1]) + b"\n")
    result = ingest(tmp, [folder], goods + rows)
    failures = result.failed("num.jsonl:2")
    expect(len(failures) == 1, f"{[(r.item, r.reason) for r in result.failures]}")
    reason = failures[0].reason
    expect(_not_string(reason) and "empty" not in reason.lower(),
           f"reason {reason!r} should say the text is not a string (and not call it empty)")
    return "clear-error"


add("jsonl", "jsonl_text_is_number", _check_number_reason)


def _newline_variants(newline: bytes, bom: bytes = b"", end: bytes | None = None) -> Callable[[Path], str]:
    def run(tmp: Path) -> str:
        folder = tmp / "in"
        goods = goods_beside(folder)
        rows = [good() for _ in range(4)]
        body = newline.join(jsonl_row(t) for t in rows)
        (folder / "nl.jsonl").write_bytes(bom + body + (newline if end is None else end))
        result = ingest(tmp, [folder], goods + rows)
        expect(not result.failures, f"{[(r.item, r.reason) for r in result.failures]}")
        expect(all("\r" not in a.text and "\ufeff" not in a.text for a in result.articles), "CR or BOM in a text")
        return "ok"

    return run


add("jsonl", "jsonl_crlf", _newline_variants(b"\r\n"))
add("jsonl", "jsonl_bom_first_line", _newline_variants(b"\n", b"\xef\xbb\xbf"))
add("jsonl", "jsonl_no_final_newline", _newline_variants(b"\n", end=b""))
add("jsonl", "jsonl_blank_lines_between", _newline_variants(b"\n\n\n   \n"))


def _utf16_jsonl(tmp: Path) -> str:
    folder = tmp / "in"
    goods = goods_beside(folder)
    rows = [good() for _ in range(3)]
    body = "\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in rows) + "\n"
    (folder / "wide.jsonl").write_bytes(body.encode("utf-16"))
    result = ingest(tmp, [folder], goods)
    failed = result.failed("wide.jsonl")
    if failed:  # a clear refusal is fine; mojibake is not
        stored = [d.text[:40] for d in result.docs("wide.jsonl")]
        expect(not stored, f"some rows failed ({[r.reason[:60] for r in failed]}), others stored as {stored}")
        return "clear-error"
    expect(all(result.has_text(t) for t in rows), f"rows not read back: {[a.text[:40] for a in result.docs('wide.jsonl')]}")
    return "ok"


add("jsonl", "jsonl_utf16_with_bom", _utf16_jsonl)

# ---------------------------------------------------------------------------
# CSV / TSV
# ---------------------------------------------------------------------------

H = b"title,text"


def _csv(name: str, lines: Sequence[Line], **opts: Any) -> Callable[[Path], str]:
    return dump_case(name, lines, header=opts.pop("header", H), row=opts.pop("row", csv_row), **opts)


_CSV: list[tuple[str, str, list[Line], dict[str, Any]]] = [
    ("more_fields_than_header", "wide.csv", [G, "سرخط,متن یک,اضافه,بیشتر", G], {"fail": r"fields|header|column"}),
    ("fewer_fields", "short.csv", [G, "تنها", G], {"fail": r"fields|header|no text|column"}),
    ("nul_in_row", "nul.csv", [G, b"x,\"" + FA[0].encode() + b"\x00" + FA[1].encode() + b"\"", G],
     {"fail": r"NUL|binary|malformed|control", "text": contains(FA[0], FA[1])}),
    ("field_200kb", "big.csv", [G, 'x,"' + " ".join([FA[1]] * 1200) + '"', G],
     {"fail": r"field|large|limit", "text": " ".join([FA[1]] * 1200)}),
    ("cp1256_row_in_utf8", "mixed.csv", [G, ("x," + FA_1256).encode("cp1256"), G],
     {"fail": r"undecodable|encoding|byte", "text": FA_1256}),
    ("stray_latin1_byte", "stray.csv", [G, b'x,"' + FA[1].encode() + b" caf\xe9 " + FA[2].encode() + b'"', G],
     {"fail": r"undecodable|encoding|byte", "text": contains(FA[1], FA[2])}),
    ("empty_text_field", "empty.csv", [G, "سرخط,", G], {"fail": NO_TEXT}),
    ("zwnj_only_text", "zwnj.csv", [G, "x,\u200c\u200f\u200c", G], {"fail": r"no text|invisible"}),
    ("deep_quotes", "quotes.csv", [G, 'x,"' + '""' * 2000 + FA[0] + '"', G],
     {"fail": r"malformed|quote", "text": contains(FA[0])}),
    ("row_over_max_bytes", "big2.csv", [G, 'x,"' + FA[3] * 40 + '"', G], {"fail": TOO_LARGE, "max_bytes": 3000}),
    ("tsv_stray_byte", "stray.tsv", [G, b"x\t" + FA[2].encode() + b" \xff " + FA[3].encode(), G],
     {"fail": r"undecodable|encoding|byte", "text": contains(FA[2], FA[3]), "header": b"title\ttext",
      "row": lambda t: csv_row(t, "\t")}),
]

for _name, _file, _lines, _opts in _CSV:
    add("csv", f"csv_{_name}", _csv(_file, _lines, **_opts), guard_s=60)


def _rows_exact(name: str, body: Callable[[list[str]], bytes], expected: Callable[[list[str]], list[str]] | None = None,
                n: int = 4, failures: int = 0, refusal: str | None = None) -> Callable[[Path], str]:
    """A whole dump written by ``body(texts)``; every expected text stored exactly, ``failures`` failures.

    With ``refusal``, one failure of the whole file matching it (nothing stored from it) is right too.
    """

    def run(tmp: Path) -> str:
        folder = tmp / "in"
        goods = goods_beside(folder)
        texts = [good() for _ in range(n)]
        (folder / name).write_bytes(body(texts))
        want = expected(texts) if expected else texts
        result = ingest(tmp, [folder], goods)
        got = result.failed(name)
        if refusal and len(got) == 1 and got[0].item.endswith(name) and not result.docs(name):
            expect(re.search(refusal, got[0].reason, re.I), f"reason {got[0].reason!r} does not match /{refusal}/")
            return "clear-error"
        missing = [t for t in want if not result.has_text(t)]
        if missing:
            raise LostGoodItems(f"{len(missing)} rows missing or wrong, e.g. {missing[0][:50]!r}; "
                                f"failures {[(r.item[-12:], r.reason) for r in got][:3]}")
        expect(len(got) == failures, f"{len(got)} failures, expected {failures}: {[(r.item, r.reason) for r in got][:4]}")
        expect(len(result.docs(name)) == len(want), f"{len(result.docs(name))} rows stored, expected {len(want)}")
        return "clear-error" if failures else "ok"

    return run


def _unbalanced(texts: list[str]) -> bytes:
    return ("title,text\n" f'a,"{texts[0]}"\n' f'b,"{FA[1]} بدون گیومه پایانی\n'
            + "".join(f'c{i},"{t}"\n' for i, t in enumerate(texts[1:]))).encode()


add("csv", "csv_unbalanced_quote", _rows_exact("broken.csv", _unbalanced, failures=1))
add("csv", "csv_semicolon_delimiter",
    _rows_exact("semi.csv", lambda ts: b"title;text\n" + b"".join(csv_row(t, ";") + b"\n" for t in ts)))
add("csv", "csv_cr_only_newlines",
    _rows_exact("oldmac.csv", lambda ts: b"title,text\r" + b"".join(csv_row(t) + b"\r" for t in ts),
                refusal=r"CSV|newline|line"))
add("csv", "csv_bom_header",
    _rows_exact("bom.csv", lambda ts: b"\xef\xbb\xbftitle,text\n" + b"".join(csv_row(t) + b"\n" for t in ts)))
add("csv", "csv_duplicate_column_names",
    _rows_exact("dup.csv", lambda ts: b"text,text\n" + b"".join(b'"",' + csv_field(t) + b"\n" for t in ts)))
add("csv", "csv_empty_header_names",
    _rows_exact("blankhead.csv", lambda ts: b",text,\n" + b"".join(b"a," + csv_field(t) + b",z\n" for t in ts)))
add("csv", "csv_whole_file_cp1256",
    _rows_exact("old.csv", lambda ts: ("title,text\n" + "".join(f"{i},{p}\n" for i, p in enumerate(FA_1256.split(". ")))).encode("cp1256"),
                lambda ts: FA_1256.split(". "), n=0))
add("csv", "csv_quoted_multiline_fields",
    _rows_exact("multi.csv", lambda ts: b"title,text\n" + b"".join(csv_row(t.replace(". ", ".\n")) + b"\n" for t in ts),
                lambda ts: [t.replace(". ", ".\n") for t in ts]))
add("csv", "csv_5000_columns",
    _rows_exact("cols.csv", lambda ts: (",".join(["text"] + [f"c{i}" for i in range(5000)]) + "\n"
                                        + "".join(t + "," * 5000 + "\n" for t in ts)).encode()))
add("csv", "csv_persian_commas_in_text",
    _rows_exact("fa.csv", lambda ts: b"title,text\n" + b"".join(csv_row(t.replace(" ", "، ", 3)) + b"\n" for t in ts),
                lambda ts: [t.replace(" ", "، ", 3) for t in ts]))
add("csv", "csv_header_only", _rows_exact("head.csv", lambda ts: b"title,text\n", n=0, failures=1))


def _no_text_column(tmp: Path) -> str:
    folder = tmp / "in"
    goods = goods_beside(folder)
    (folder / "cols.csv").write_text("a,b\n1,2\n3,4\n", encoding="utf-8")
    result = ingest(tmp, [folder], goods)
    expect(not result.docs("cols.csv"), "a row without a text column was stored")
    expect(result.failed("cols.csv"), "no failure for a dump without a text column")
    return "clear-error"


add("csv", "csv_no_text_column", _no_text_column)


def _binary_after_header(tmp: Path) -> str:
    folder = tmp / "in"
    goods = goods_beside(folder)
    rows = [good(), good()]
    (folder / "tail.csv").write_bytes(b"title,text\n" + csv_row(rows[0]) + b"\n" + b"\x00\x01\x02\xff\xfe" * 50
                                      + b"\n" + csv_row(rows[1]) + b"\n")
    result = ingest(tmp, [folder], goods + rows)
    expect(len(result.failed("tail.csv")) <= 1, f"{[r.reason for r in result.failed('tail.csv')]}")
    return "clear-error" if result.failed("tail.csv") else "ok"


add("csv", "csv_binary_row_between_good_rows", _binary_after_header)


# ---------------------------------------------------------------------------
# JSON files
# ---------------------------------------------------------------------------


def json_case(name: str, body: bytes | Callable[[list[str]], bytes], *, fail: str | None = None,
              rows: int = 0, item_failures: Sequence[int] = (), either: bool = False,
              **options: Any) -> Callable[[Path], str]:
    """A .json file beside two good files: it fails as a whole (``fail``), or its ``rows`` good
    articles (written by ``body(texts)``) are stored and ``path[I]`` fails for each I in ``item_failures``."""

    def run(tmp: Path) -> str:
        folder = tmp / "in"
        goods = goods_beside(folder)
        texts = [good() for _ in range(rows)]
        (folder / name).write_bytes(body(texts) if callable(body) else body)
        result = ingest(tmp, [folder], goods + texts, **options)
        if fail is not None:
            return judge(result, "/" + name, fail, None, either=either)
        for i in item_failures:
            expect(result.failed(f"{name}[{i}]"), f"no failure for {name}[{i}]: {[r.item for r in result.failures]}")
        expect(len(result.failures) == len(item_failures), f"{[(r.item[-20:], r.reason) for r in result.failures]}")
        return "clear-error" if item_failures else "ok"

    return run


def _items(texts: list[str]) -> bytes:
    return json.dumps([{"title": "سرخط", "text": t} for t in texts], ensure_ascii=False).encode()


_JSON: list[tuple[str, Callable[[Path], str]]] = [
    ("nested_arrays_100k", json_case("deep.json", b"[" * 100_000 + b"]" * 100_000, fail=JSON_BAD)),
    ("nested_objects_100k", json_case("deepo.json", b'{"a":' * 100_000 + b"1" + b"}" * 100_000, fail=JSON_BAD)),
    ("deep_array_inside_item", json_case(
        "inner.json", lambda ts: b'[{"text": "x"}, {"text": ' + b"[" * 200_000 + b"]" * 200_000 + b"}]", fail=JSON_BAD)),
    ("top_level_string", json_case("s.json", b'"a string"', fail=r"not articles|str|string|JSON holds")),
    ("top_level_number", json_case("n.json", b"3.14", fail=r"not articles|float|number|JSON holds")),
    ("top_level_null", json_case("null.json", b"null", fail=r"not articles|None|null|JSON holds|no text")),
    ("top_level_true", json_case("t.json", b"true", fail=r"not articles|bool|JSON holds")),
    ("empty_list", json_case("e.json", b"[]", fail=r"no articles|empty|no text|holds no", either=True)),
    ("trailing_garbage", json_case("tg.json", lambda ts: _items([FA[0]]) + b" }}}garbage", fail=JSON_BAD)),
    ("comments", json_case("c.json", b'// a comment\n[{"text": "x"}]', fail=JSON_BAD)),
    ("over_max_bytes", json_case("big.json", json.dumps([{"text": FA[0] * 60}]).encode(), fail=TOO_LARGE, max_bytes=3000)),
    ("items_not_a_list", json_case("nl.json", b'{"items": "not a list"}', fail=r"no text|not articles|list|items")),
    ("int_5000_digits", json_case("digits.json", b'[{"text": "x y", "n": ' + b"9" * 5000 + b"}]",
                                  fail=JSON_BAD + r"|digit|number|int")),
    ("mixed_items", json_case("mixed.json", lambda ts: json.dumps(
        [{"text": ts[0]}, 5, "s", None, {"text": ts[1]}, {"text": 1}, [], {"text": ""}], ensure_ascii=False).encode(),
        rows=2, item_failures=(1, 2, 3, 5, 6, 7))),
    ("json_feed", json_case("feed.json", lambda ts: json.dumps(
        {"version": "https://jsonfeed.org/version/1.1", "title": "x",
         "items": [{"id": str(i), "content_text": t} for i, t in enumerate(ts)]}, ensure_ascii=False).encode(), rows=3)),
    ("single_article", json_case("one.json", lambda ts: json.dumps({"title": "x", "body": ts[0]}, ensure_ascii=False).encode(),
                                 rows=1)),
    ("bom", json_case("bom.json", lambda ts: b"\xef\xbb\xbf" + _items(ts), rows=2)),
    ("utf16_bom", json_case("wide.json", lambda ts: json.dumps([{"text": t} for t in ts], ensure_ascii=False).encode("utf-16"),
                            rows=2)),
    ("five_hundred_articles", json_case("many.json", _items, rows=500)),
]

for _name, _fn in _JSON:
    add("json", f"json_{_name}", _fn, guard_s=60)

@pytest.mark.parametrize("case", pytest_params(select("jsonl", "csv", "json")))
def test_hostile(case: Case, tmp_path: Path) -> None:
    run_in_pytest(case, tmp_path)
