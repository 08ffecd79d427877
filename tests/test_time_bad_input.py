"""Bad input to rasad.extract.time and `rasad dates`: a clear result, never a crash."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasad.cli import app
from rasad.extract.time import analyse

ANCHOR = "2021-06-15"
NOW = dt.date(2026, 1, 1)
runner = CliRunner()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("۳۱ مهر ۱۴۰۲", "does not exist"),  # months 7-12 of the Solar Hijri year have 30 days
        ("۳۱ اسفند", "has no day 31"),  # without a year: in no year
        ("30 فبراير", "has no day 30"),
        ("31 أبريل", "has no day 31"),
        ("۳۱ آبان", "has no day 31"),
        ("31 يونيو 2020", "does not exist"),
    ],
)
def test_impossible_days_with_or_without_a_year_are_unresolved_with_a_reason(text: str, reason: str) -> None:
    r = analyse(f"سند {text} امضا شد", anchor=ANCHOR, now=NOW)
    assert [t.value for t in r.times] == [None], r.times
    assert reason in str(r.errors[0]["reason"])


@pytest.mark.parametrize(
    ("text", "value"),
    [("۳۱ اردیبهشت ۱۴۰۱", "2022-05-21"), ("۳۱ شهریور ۱۳۹۹", "2020-09-21"), ("29 فبراير 2020", "2020-02-29")],
)
def test_days_at_the_edge_of_their_month_resolve(text: str, value: str) -> None:
    assert [t.value for t in analyse(text, anchor=ANCHOR, now=NOW).times] == [value]


def test_one_impossible_day_in_a_list_does_not_hide_the_others() -> None:
    r = analyse("در ۳۱ مهر ۱۴۰۲ و ۳۱ اردیبهشت ۱۴۰۱ و 30 فبراير 2023", anchor=ANCHOR, now=NOW)
    assert [(t.text, t.value) for t in r.times] == [
        ("۳۱ مهر ۱۴۰۲", None), ("۳۱ اردیبهشت ۱۴۰۱", "2022-05-21"), ("30 فبراير 2023", None),
    ]  # fmt: skip
    assert len(r.errors) == 2


@pytest.mark.parametrize("text", ["", "   ", "\u200c\u200f", "۰۰/۰۰/۰۰۰۰", "سال", "ساعت ۹۹:۹۹", "1399/13/45", "\x00\ufeff"])
def test_degenerate_texts_give_nothing_or_unresolved_never_an_exception(text: str) -> None:
    r = analyse(text, now=NOW)
    assert all(t.value is None for t in r.times)


def test_an_unparseable_anchor_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="not a date"):
        analyse("دیروز", "fa", anchor="next week")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "missing.txt"),
        (lambda d: _write(d / "empty.txt", b""), "empty"),
        (lambda d: _write(d / "tool.bin", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256))), "binary"),
        (lambda d: _mkdir(d / "nothing"), "no readable"),
    ],
)
def test_dates_command_on_bad_files_fails_with_the_file_and_the_reason(
    tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    path = make(tmp_path)
    r = runner.invoke(app, ["dates", str(path), "--json"])
    assert r.exit_code == 1, r.output
    assert path.name in r.stderr and message in r.stderr


def test_dates_command_on_a_text_without_dates() -> None:
    r = runner.invoke(app, ["dates", "-", "--lang", "fa"], input="متنی بدون هیچ تاریخی.")
    assert r.exit_code == 0 and "article date: unknown" in r.stdout


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path
