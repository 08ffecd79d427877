"""The rasad command: ingest (summary, FAILED lines, exit status), store commands, analyze."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasad import __version__
from rasad.cli import app
from rasad.export import validate

runner = CliRunner()

# Texts written for these tests.
FA = (
    "شورای شهر در جلسه امروز طرح تازه‌ای برای گسترش حمل و نقل عمومی تصویب کرد. "
    "به گفته رئیس شورا این طرح شامل خرید اتوبوس‌های برقی و ساخت ایستگاه‌های جدید است.\n"
)
AR = (
    "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة يضم مئتي سرير. "
    "وقال المتحدث باسم الوزارة إن المستشفى سيخدم سكان المناطق المجاورة أيضا.\n"
)


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(FA, encoding="utf-8")
    (folder / "b.txt").write_text(AR, encoding="utf-8")
    return folder


def _db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_version_and_help() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and __version__ in result.stdout
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("ingest", "stats", "report", "show", "search", "export", "analyze", "normalize"):
        assert command in result.stdout


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("ingest", ["--db", "--allow-private", "--quiet"]),
        ("search", ["--db", "--lang", "--limit", "--json"]),
        ("export", ["--db", "--format", "--out"]),
        ("analyze", ["--lang", "--date", "--json"]),
        ("show", ["--db", "--json"]),
        ("stats", ["--db", "--json"]),
    ],
)
def test_every_option_has_help(command: str, options: list[str]) -> None:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    for option in options:
        line = next(line for line in lines if option in line)
        assert len(line.split(option, 1)[1].strip()) > 10, f"{command} {option} has no help text"


def test_ingest_all_good_then_again_as_duplicates(tmp_path: Path) -> None:
    folder, db = _corpus(tmp_path), _db(tmp_path)
    result = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert result.exit_code == 0, result.output
    assert "ingested 2, duplicates 0 (near-duplicates 0), failed 0" in result.stdout
    result = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert result.exit_code == 0
    assert "ingested 0, duplicates 2 (near-duplicates 0), failed 0" in result.stdout


def test_ingest_bad_items_fail_alone_with_exit_1(tmp_path: Path) -> None:
    folder, db = _corpus(tmp_path), _db(tmp_path)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blob.bin").write_bytes(bytes(range(256)) * 64)
    missing = tmp_path / "nowhere.txt"
    result = runner.invoke(app, ["ingest", str(folder), str(missing), "--db", db])
    assert result.exit_code == 1
    failed = [line for line in result.stderr.splitlines() if line.startswith("FAILED ")]
    assert len(failed) == 3
    assert any(str(missing) in line for line in failed) and any("empty.txt" in line for line in failed)
    assert all(": " in line for line in failed)
    assert "ingested 2, duplicates 0 (near-duplicates 0), failed 3" in result.stdout


def test_ingest_quiet_prints_only_failures(tmp_path: Path) -> None:
    folder, db = _corpus(tmp_path), _db(tmp_path)
    result = runner.invoke(app, ["ingest", "--quiet", str(folder), "--db", db])
    assert result.exit_code == 0 and result.stdout == ""
    result = runner.invoke(app, ["ingest", "-q", str(tmp_path / "missing"), "--db", db])
    assert result.exit_code == 1 and result.stdout == "" and "FAILED" in result.stderr


def test_db_from_environment(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    env = {"RASAD_DB": str(tmp_path / "env.db")}
    assert runner.invoke(app, ["ingest", str(folder)], env=env).exit_code == 0
    result = runner.invoke(app, ["stats", "--json"], env=env)
    assert json.loads(result.stdout)["by_lang"] == {"fa": 1, "ar": 1}


def test_stats_report_show_search_export(tmp_path: Path) -> None:
    folder, db = _corpus(tmp_path), _db(tmp_path)
    runner.invoke(app, ["ingest", str(folder), "--db", db])
    stats = json.loads(runner.invoke(app, ["stats", "--db", db, "--json"]).stdout)
    assert stats["articles"] == 2
    assert "ingested" not in runner.invoke(app, ["stats", "--db", db]).stdout
    report = json.loads(runner.invoke(app, ["report", "--db", db, "--json"]).stdout)
    assert [r["lang"] for r in report] == ["fa", "ar"] and all(r["sentences"] >= 2 for r in report)

    shown = runner.invoke(app, ["show", "1", "--db", db])
    assert shown.exit_code == 0 and "شورای شهر" in shown.stdout
    as_json = json.loads(runner.invoke(app, ["show", "2", "--db", db, "--json"]).stdout)
    assert as_json["article"]["lang"] == "ar"
    missing = runner.invoke(app, ["show", "99", "--db", db])
    assert missing.exit_code == 1 and "no article with id 99" in missing.stderr

    # Typed with Arabic ي/ك and no ZWNJ; the text has Persian ی/ک and ZWNJ.
    hits = json.loads(runner.invoke(app, ["search", "اتوبوسهاي برقي", "--db", db, "--json"]).stdout)
    assert [h["article"] for h in hits] == [1]
    assert "اتوبوس" in runner.invoke(app, ["search", "اتوبوسهاي", "--db", db]).stdout
    assert runner.invoke(app, ["search", "مستشفى", "--lang", "fa", "--db", db]).stdout.strip() == "no matches"

    out = tmp_path / "x.json"
    result = runner.invoke(app, ["export", "--db", db, "--format", "json", "--out", str(out)])
    assert result.exit_code == 0 and validate(json.loads(out.read_text(encoding="utf-8"))) == []
    data = json.loads(runner.invoke(app, ["export", "--db", db, "-f", "json"]).stdout)
    assert [a["lang"] for a in data["articles"]] == ["fa", "ar"]
    lines = [json.loads(x) for x in runner.invoke(app, ["export", "--db", db, "-f", "jsonl"]).stdout.splitlines()]
    assert lines[0]["record"] == "header" and [x["record"] for x in lines].count("article") == 2
    assert runner.invoke(app, ["export", "--db", db, "-f", "csv"]).exit_code == 2
    assert runner.invoke(app, ["export", "--db", db, "-f", "xml"]).exit_code == 2
    assert runner.invoke(app, ["export", "--db", db, "-f", "csv", "-o", str(tmp_path / "c")]).exit_code == 0
    assert (tmp_path / "c" / "articles.csv").is_file()


def test_bad_database_url_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["stats", "--db", "nosuchdialect://x"])
    assert result.exit_code == 2 and "cannot open database" in result.stderr


def test_analyze_file_and_stdin(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text(FA, encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(path), "--json", "--date", "2024-05-01"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert validate(data) == []
    article = data["articles"][0]
    assert article["lang"] == "fa" and article["text"] == FA and article["date"]["value"] == "2024-05-01"
    assert all(FA[s:e].strip() for s, e, _ in article["sentences"])

    result = runner.invoke(app, ["analyze", "-", "--json", "--lang", "ar"], input=AR.encode("utf-8"))
    assert result.exit_code == 0 and json.loads(result.stdout)["articles"][0]["lang"] == "ar"
    readable = runner.invoke(app, ["analyze", str(path)])
    assert readable.exit_code == 0 and "sentence" in readable.stdout

    bad_date = runner.invoke(app, ["analyze", str(path), "--date", "May 1"])
    assert bad_date.exit_code == 1 and "YYYY-MM-DD" in bad_date.stderr
    missing = runner.invoke(app, ["analyze", str(tmp_path / "none.txt"), "--json"])
    assert missing.exit_code == 1 and "none.txt" in missing.stderr
    empty = runner.invoke(app, ["analyze", "-"], input=b"")
    assert empty.exit_code == 1 and empty.stderr.startswith("error: -:")


def test_ingest_mixed_bad_inputs_keep_the_good_ones(tmp_path: Path) -> None:
    folder, db = _corpus(tmp_path), _db(tmp_path)
    good = json.dumps({"title": "t", "content": FA.replace("شورای", "انجمن")}, ensure_ascii=False)
    (folder / "dump.jsonl").write_text(good + "\n{not json\n", encoding="utf-8")
    (folder / "feed.rss").write_bytes(b"this is not xml at all")
    (folder / "page.html").write_text("<html><body><p>" + AR.replace("الصحة", "التعليم"), encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert result.exit_code == 1
    failed = [line for line in result.stderr.splitlines() if line.startswith("FAILED ")]
    assert any("dump.jsonl:2" in line for line in failed) and any("feed.rss" in line for line in failed)
    assert "ingested 4, duplicates 0 (near-duplicates 2), failed 2" in result.stdout
