"""The export: JSON Schema validity, the three formats, and analyze's single-document export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from rasad.doc import DateValue, Doc, Mention, Sentence, TimeExpr
from rasad.export import doc_export, export, load_schema, validate
from rasad.export.schema import SCHEMA_PATH
from rasad.store import Store

TEXT = "قال المتحدث إن الاجتماع سيعقد يوم الخميس المقبل في العاصمة. Read more"


def _doc() -> Doc:
    doc = Doc(text=TEXT, source="note.txt", title="عنوان", lang="ar", norm=TEXT)
    end = TEXT.index(".") + 1
    doc.sentences = [Sentence(0, end, "ar")]
    doc.excluded = [(end + 1, len(TEXT), "boilerplate")]
    doc.date = DateValue("2024-03-05", "day", "gregorian", why="metadata")
    doc.mentions = [Mention(0, 3, TEXT[0:3], "PER", entity="E1", head="قال")]
    doc.times = [TimeExpr(31, 41, TEXT[31:41], "2024-03-07", "day", "gregorian", "date", inferred=True)]
    doc.events = [{"type": "CONSULT", "mode": "meet", "actors": [0], "date": {"value": "2024-03-07", "precision": "day"},
                   "sources": [{"start": 0, "end": end, "text": TEXT[:end]}], "confidence": 0.5}]  # fmt: skip
    doc.quotes = [{"speaker": "E1", "start": 12, "end": end - 1, "text": TEXT[12 : end - 1], "cue": "قال"}]
    doc.claims = [{"subjects": ["E1"], "value": 5, "unit": "day", "start": 0, "end": 3, "text": TEXT[:3]}]
    return doc


def test_schema_file_is_shipped_and_names_every_list() -> None:
    schema = load_schema()
    assert SCHEMA_PATH.is_file()
    assert set(schema["required"]) == {
        "rasad_export", "articles", "entities", "times", "events", "quotes", "claims",
        "contradictions", "stories",
    }  # fmt: skip


def test_doc_export_is_valid_and_points_into_the_text() -> None:
    data = doc_export(_doc())
    assert validate(data) == []
    article = data["articles"][0]
    assert article["text"] == TEXT and article["date"]["why"] == "metadata"
    for start, end, kind in article["excluded"]:
        assert kind == "boilerplate" and TEXT[start:end] == "Read more"
    for record in data["times"] + data["quotes"] + data["claims"]:
        assert record["article"] == 1 and TEXT[record["start"] : record["end"]] == record["text"]
    assert data["entities"][0]["id"] == "E1" and data["entities"][0]["aliases"]["ar"] == ["قال"]
    source = data["events"][0]["sources"][0]
    assert source["article"] == 1 and TEXT[source["start"] : source["end"]] == source["text"]


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("articles", 0, "date", "precision"), "week", "is not one of"),
        (("articles", 0, "excluded", 0, 0), -1, "below the minimum"),
        (("articles", 0, "sentences", 0), [0, 1], "fewer than 3"),
        (("times", 0, "inferred"), "yes", "expected boolean"),
        (("rasad_export",), 2, "expected 1"),
    ],
)
def test_validator_rejects_broken_exports(path: tuple, value: object, message: str) -> None:
    data = doc_export(_doc())
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    errors = validate(data)
    assert errors and message in errors[0]


def test_validator_reports_missing_keys() -> None:
    data = doc_export(_doc())
    del data["articles"][0]["lang"]
    del data["stories"]
    errors = validate(data)
    assert any("'stories'" in e for e in errors) and any("'lang'" in e for e in errors)


def _filled_store(tmp_path: Path) -> Store:
    store = Store(f"sqlite:///{tmp_path / 'x.db'}")
    store.add_doc(_doc())
    store.add_doc(Doc(text="plain english text with no facts", source="b.txt", lang="en"))
    return store


def test_json_export_is_valid(tmp_path: Path) -> None:
    with _filled_store(tmp_path) as store:
        buf = io.StringIO()
        count = export(store, "json", buf)
    data = json.loads(buf.getvalue())
    assert validate(data) == []
    assert [a["source"] for a in data["articles"]] == ["note.txt", "b.txt"]
    assert count == sum(len(v) for v in data.values() if isinstance(v, list))
    assert data["articles"][1]["date"] is None and data["times"][0]["article"] == 1


def test_jsonl_export_has_typed_records(tmp_path: Path) -> None:
    out = tmp_path / "out" / "x.jsonl"
    with _filled_store(tmp_path) as store:
        export(store, "jsonl", out)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines[0] == {"record": "header", "rasad_export": 1}
    types = [line["record"] for line in lines[1:]]
    assert types[:2] == ["article", "article"] and {"entity", "time", "event", "quote", "claim"} <= set(types)


def test_csv_export_writes_one_file_per_list(tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    with _filled_store(tmp_path) as store:
        export(store, "csv", folder)
        with pytest.raises(ValueError, match="folder"):
            export(store, "csv", io.StringIO())
        with pytest.raises(ValueError, match="unknown export format"):
            export(store, "xml", folder)
    names = {p.name for p in folder.iterdir()}
    assert names == {f"{n}.csv" for n in (
        "articles", "entities", "mentions", "times", "events", "quotes", "claims", "contradictions", "stories",
    )}  # fmt: skip
    with (folder / "articles.csv").open(encoding="utf-8", newline="") as fp:
        rows = list(csv.DictReader(fp))
    assert [r["lang"] for r in rows] == ["ar", "en"]
    assert rows[0]["text"] == TEXT and rows[0]["date_value"] == "2024-03-05"
    assert json.loads(rows[0]["excluded"])[0][2] == "boilerplate"
    with (folder / "contradictions.csv").open(encoding="utf-8") as fp:
        assert fp.readline().strip() == "id,kind,items,why,list,severity,sources"
    with (folder / "mentions.csv").open(encoding="utf-8", newline="") as fp:
        assert next(iter(csv.DictReader(fp)))["entity"] == "E1"
