"""The CLI: one-line errors instead of tracebacks, readable --help, escaped data (issue 11 §3-5)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasad.cli import app, describe_error

runner = CliRunner()
TEXT = "شورای شهر امروز طرح تازه‌ای برای گسترش حمل و نقل عمومی تصویب کرد و اجرای آن از ماه آینده آغاز می‌شود.\n"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("cli-errors")
    (folder / "one.txt").write_text("عنوان \x1b[31mسرخ\x1b]0;title\x07\n" + TEXT)
    path = str(folder / "db.sqlite")
    result = runner.invoke(app, ["ingest", str(folder / "one.txt"), "--db", path, "--stages", "rasad.text",
                                 "--no-corpus-step", "-q"])
    assert result.exit_code == 0, result.output
    return path


def _rasad(*args: str, stdout: object = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rasad.cli", *args], stdout=stdout, stderr=subprocess.PIPE,
                          text=True, timeout=120)  # type: ignore[call-overload]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_writing_to_a_full_disk_is_one_error_line(db: str) -> None:
    for args, stdout in ((["export", "--db", db, "--out", "/dev/full"], None),
                         (["export", "--db", db], "/dev/full")):
        with open(stdout or os.devnull, "w") as sink:
            result = _rasad(*args, stdout=sink)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr and "No space left on device" in result.stderr
        assert result.stderr.count("error:") == 1


def test_verbose_shows_the_traceback(db: str) -> None:
    result = _rasad("-v", "export", "--db", db, "--out", "/dev/full")
    assert result.returncode == 1 and "Traceback" in result.stderr


def test_corrupt_database_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(os.urandom(4096))
    for command in (["stats"], ["report"], ["search", "x"], ["export"]):
        result = runner.invoke(app, [*command, "--db", str(bad)])
        assert result.exit_code == 1 and "not a database" in result.stderr, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_export_targets_checked_against_the_format(db: str, tmp_path: Path) -> None:
    file = tmp_path / "exists.txt"
    file.write_text("x")
    result = runner.invoke(app, ["export", "--db", db, "-f", "csv", "--out", str(file)])
    assert result.exit_code == 2 and "is a file" in result.stderr
    result = runner.invoke(app, ["export", "--db", db, "-f", "json", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "is a folder" in result.stderr


@pytest.mark.parametrize(("args", "valid"), [
    (["search", "x", "--lang", "xx"], "fa, ar, en, und"),
    (["entities", "--lang", "de"], "fa, ar, en"),
    (["events", "--type", "FOO"], "ACCUSE"),
    (["entities", "--type", "XYZ"], "PER"),
    (["export", "--format", "xml"], "json, jsonl, csv"),
])
def test_unknown_values_list_the_valid_ones(db: str, args: list[str], valid: str) -> None:
    result = runner.invoke(app, [*args, "--db", db])
    assert result.exit_code == 2 and valid in result.stderr


def test_help_names_values_in_words() -> None:
    for command in (["ingest"], ["search"], ["export"], ["events"], ["show"], ["eval", "ner"], ["train", "ner"]):
        result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0
        assert "<str>" not in result.stdout and "<int" not in result.stdout and "{" not in result.stdout.split("\n")[0]
    usage = runner.invoke(app, ["search", "--help"], env={"COLUMNS": "200"}).stdout
    assert "QUERY" in usage and "--db URL" in usage and "--limit N" in usage
    events = runner.invoke(app, ["events", "--help"], env={"COLUMNS": "300"}).stdout
    for plover in ("CONSULT", "SANCTION", "THREATEN", "RETREAT"):
        assert plover in events


def test_escape_sequences_in_data_are_shown_escaped(db: str) -> None:
    for args in (["report"], ["show", "1"], ["search", "شورای"]):
        result = runner.invoke(app, [*args, "--db", db], env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
        assert "\\x1b" in result.stdout
    exported = runner.invoke(app, ["export", "--db", db]).stdout
    assert "\\u001b[31m" in exported  # stored verbatim; JSON escapes it


def test_normalize_refuses_binary_stdin() -> None:
    result = runner.invoke(app, ["normalize", "--lang", "fa"], input=b"\x00\x01\x02\x03" * 40)
    assert result.exit_code == 1 and "binary" in result.stderr and result.stdout == ""


def test_describe_error_names_the_item() -> None:
    assert describe_error(FileNotFoundError(2, "No such file or directory", "x.json")) == "x.json: No such file or directory"
    assert describe_error(RecursionError()) == "input nested too deeply to process"
    assert describe_error(KeyError("k")).startswith("internal error: KeyError")
