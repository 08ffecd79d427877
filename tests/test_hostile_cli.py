"""Hostile CLI values, databases, export targets, search syntax, terminal escapes and the per-document budget."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from hostile_cases import (
    AR,
    FA,
    Case,
    CaseFailure,
    TooSlow,
    add,
    cli,
    cli_in_process,
    cli_ingest_args,
    expect,
    good,
    ingest,
    one_error_line,
    pytest_params,
    rasad_command,
    run_in_pytest,
    select,
    stored_count,
)
from rasad.doc import Doc

# ---------------------------------------------------------------------------
# A small database, built once per process and copied for each case
# ---------------------------------------------------------------------------

ESC_TITLE = "\x1b[31mسرخط سرخ\x1b[0m \x1b]0;pwned\x07 \x9b2J"
ESC_AUTHOR = "\x1b]8;;http://x\x07نویسنده\x1b]8;;\x07"
ESC_TEXT = FA[1] + " \x1b[2J\x1b[H " + FA[2]
_cache: dict[str, Path] = {}


def base_db() -> Path:
    """A SQLite file with Persian, Arabic and English articles, one with escape sequences in its metadata."""
    if "db" not in _cache:
        tmp = Path(tempfile.mkdtemp(prefix="rasad-hostile-db"))
        rows = [{"title": "تبریز", "text": FA[0] + " " + FA[3]},
                {"title": "الإسكندرية", "text": AR[0] + " " + AR[1]},
                {"title": "ferry", "text": "The harbour authority said the new ferry terminal would open in spring."},
                {"title": ESC_TITLE, "author": ESC_AUTHOR, "text": ESC_TEXT}]
        (tmp / "rows.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        run = ingest(tmp, [tmp / "rows.jsonl"], [r["text"] for r in rows])
        _cache["db"] = run.db
    return _cache["db"]


def db_copy(tmp: Path) -> Path:
    """A private copy of :func:`base_db` under ``tmp``."""
    db = tmp / "copy.db"
    shutil.copyfile(base_db(), db)
    return db


def corrupted(tmp: Path, kind: str) -> Path:
    """A database file that is random bytes, or a real one cut in half."""
    db = tmp / f"{kind}.db"
    if kind == "random":
        db.write_bytes(random.Random(11).randbytes(64 * 1024))
    else:
        data = base_db().read_bytes()
        db.write_bytes(data[: len(data) // 2])
    return db


# ---------------------------------------------------------------------------
# Databases: missing, corrupted, wrong
# ---------------------------------------------------------------------------

READ_COMMANDS: dict[str, list[str]] = {
    "stats": ["stats"], "report": ["report"], "search": ["search", "شهر"], "show": ["show", "1"],
    "export": ["export", "--format", "jsonl"], "events": ["events"], "entities": ["entities"],
}


def _missing_db(command: str) -> Callable[[Path], str]:
    def run(tmp: Path) -> str:
        res = cli_in_process([*READ_COMMANDS[command], "--db", str(tmp / "nope.db")])
        one_error_line(res, command, code=1, pattern=r"no database at")
        expect(not (tmp / "nope.db").exists(), f"{command} created the missing database")
        return "clear-error"

    return run


def _bad_db(command: list[str], kind: str) -> Callable[[Path], str]:
    def run(tmp: Path) -> str:
        if kind in ("random", "truncated"):
            db = corrupted(tmp, kind)
        elif kind == "directory":
            db = tmp / "dir.db"
            db.mkdir()
        else:
            db = tmp / "text.db"
            db.write_text("this is not a database, just a few words of text\n" * 50, encoding="utf-8")
        res = cli_in_process([*command, "--db", str(db)])
        if command[0] == "ingest" and res.code == 1 and "FAILED" in res.err:
            return "clear-error"
        return one_error_line(res, f"{command[0]} on a {kind} database")

    return run


for _cmd in READ_COMMANDS:
    add("cli", f"db_missing_{_cmd}", _missing_db(_cmd))
    add("cli", f"db_random_bytes_{_cmd}", _bad_db(READ_COMMANDS[_cmd], "random"))
for _cmd in ("stats", "report", "search", "export"):
    add("cli", f"db_truncated_{_cmd}", _bad_db(READ_COMMANDS[_cmd], "truncated"))
add("cli", "db_is_a_directory", _bad_db(["stats"], "directory"))
add("cli", "db_is_a_text_file", _bad_db(["report"], "text"))


def _ingest_into_corrupted(tmp: Path) -> str:
    folder = tmp / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(good(), encoding="utf-8")
    return _bad_db(["ingest", str(folder), "--stages", "rasad.text", "--no-corpus-step"], "random")(tmp)


add("cli", "db_random_bytes_ingest", _ingest_into_corrupted)


def _db_url(url: str) -> Callable[[Path], str]:
    def run(tmp: Path) -> str:
        return one_error_line(cli_in_process(["stats", "--db", url]), url)

    return run


add("cli", "db_unknown_dialect", _db_url("nosuchdialect://x/y"))
add("cli", "db_malformed_url", _db_url("sqlite:////\x00/x.db"))


def _zero_length_db(tmp: Path) -> str:
    db = tmp / "zero.db"
    db.write_bytes(b"")
    res = cli_in_process(["stats", "--json", "--db", str(db)])
    if res.code == 0:
        expect(json.loads(res.out)["articles"] == 0, f"{res.out[:200]}")
        return "ok"
    return one_error_line(res, "stats on an empty file")


add("cli", "db_zero_length_file", _zero_length_db)

# ---------------------------------------------------------------------------
# Values: ids, limits, types
# ---------------------------------------------------------------------------


def _usage(args: list[str], code: int | tuple[int, ...] = 2, pattern: str = "") -> Callable[[Path], str]:
    def run(tmp: Path) -> str:
        text_file = tmp / "doc.txt"
        text_file.write_text(FA[0] + " دیروز.", encoding="utf-8")
        argv = [a.replace("DB", str(db_copy(tmp))).replace("FILE", str(text_file)) for a in args]
        res = cli_in_process(argv)
        codes = code if isinstance(code, tuple) else (code,)
        expect(res.code in codes, f"rasad {' '.join(args)}: exit {res.code}, expected {code}; {res.err[-300:]!r}")
        if pattern:
            expect(re.search(pattern, res.err + res.out, re.S), f"/{pattern}/ not in {res.err[-400:]!r}")
        return "clear-error"

    return run


_PLOVER = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
           "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
_VALUES: list[tuple[str, list[str], int | tuple[int, ...], str]] = [
    ("search_limit_2_63", ["search", "شهر", "--limit", "9223372036854775808", "--db", "DB"], 2, r"limit"),
    ("search_limit_huge", ["search", "شهر", "--limit", "1" + "0" * 40, "--db", "DB"], 2, r"limit"),
    ("search_limit_zero", ["search", "شهر", "--limit", "0", "--db", "DB"], 2, r"limit"),
    ("search_limit_negative", ["search", "شهر", "--limit", "-5", "--db", "DB"], 2, r"limit"),
    ("search_limit_text", ["search", "شهر", "--limit", "many", "--db", "DB"], 2, r"limit"),
    ("show_id_20_digits", ["show", "99999999999999999999", "--db", "DB"], 2, r"ARTICLE_ID|id"),
    ("show_id_zero", ["show", "0", "--db", "DB"], 2, r"ARTICLE_ID|id"),
    ("show_id_negative", ["show", "--db", "DB", "--", "-1"], 2, r"ARTICLE_ID|id"),
    ("show_id_text", ["show", "abc", "--db", "DB"], 2, r"ARTICLE_ID|id"),
    ("show_id_absent", ["show", "999999", "--db", "DB"], 1, r"no article"),
    ("events_type_unknown", ["events", "--type", "FOO", "--db", "DB"], 2, r"ASSAULT.*SANCTION|SANCTION.*ASSAULT"),
    ("entities_type_unknown", ["entities", "--type", "XYZ", "--db", "DB"], 2, r"PER.*ORG.*GPE.*LOC.*FAC"),
    ("entities_type_empty", ["entities", "--type", "", "--db", "DB"], 2, r"PER"),
    ("export_format_unknown", ["export", "--format", "xml", "--db", "DB"], 2, r"json.*jsonl.*csv"),
    ("export_csv_without_out", ["export", "--format", "csv", "--db", "DB"], 2, r"--out"),
    ("ingest_no_inputs", ["ingest", "--db", "DB"], 2, r"PATH_OR_URL|Missing"),
    ("ingest_workers_zero", ["ingest", "x", "--workers", "0", "--db", "DB"], 2, r"workers"),
    ("ingest_unknown_stage", ["ingest", "x", "--stages", "rasad.nope", "--db", "DB"], 2, r"unknown stage"),
    ("analyze_bad_date", ["analyze", "FILE", "--date", "2024-13-45"], (1, 2), r"date"),
    ("analyze_date_text", ["analyze", "FILE", "--date", "yesterday"], (1, 2), r"date"),
    ("analyze_missing_file", ["analyze", "/no/such/file.txt"], 1, r"no such file"),
    ("analyze_empty_stdin", ["analyze", "-"], 1, r"empty|no text|no document"),
]

for _name, _args, _code, _pat in _VALUES:
    add("cli", f"value_{_name}", _usage(_args, _code, _pat))


def _events_help(tmp: Path) -> str:
    res = cli_in_process(["events", "--help"])
    expect(res.code == 0, f"exit {res.code}")
    missing = [t for t in _PLOVER if t not in res.out]
    expect(not missing, f"events --help does not list {missing}")
    return "ok"


add("cli", "help_events_lists_plover_types", _events_help)

_PY_METAVAR = re.compile(r"<(str|int|float|path|bool|text|list\[[a-z]+\]|int range|float range)>|\{[a-z_]+\}")

for _cmd in ("ingest", "search", "export", "events"):
    def _help(tmp: Path, cmd: str = _cmd) -> str:
        res = cli_in_process([cmd, "--help"])
        expect(res.code == 0, f"exit {res.code}")
        bad = sorted({m.group() for m in _PY_METAVAR.finditer(res.out)})
        expect(not bad, f"{cmd} --help shows python type names as metavars: {bad}")
        return "ok"

    add("cli", f"help_{_cmd}_readable_metavars", _help)

# ---------------------------------------------------------------------------
# Export targets
# ---------------------------------------------------------------------------


def _export(out: Callable[[Path], str], fmt: str = "json", may_write: bool = False) -> Callable[[Path], str]:
    """``export --out`` a hostile target: an error line (or, ``may_write``, the file written)."""

    def run(tmp: Path) -> str:
        target = out(tmp)
        res = cli_in_process(["export", "--format", fmt, "--out", target, "--db", str(db_copy(tmp))])
        if may_write and res.code == 0:
            expect(Path(target).is_file() and Path(target).stat().st_size > 0, f"exit 0 but nothing at {target}")
            return "ok"
        return one_error_line(res, f"export --out {target}")

    return run


def _existing_file(tmp: Path) -> str:
    path = tmp / "already.csv"
    path.write_text("keep me\n", encoding="utf-8")
    return str(path)


def _a_dir(tmp: Path) -> str:
    (tmp / "outdir").mkdir(exist_ok=True)
    return str(tmp / "outdir")


def _link_to_full(tmp: Path) -> str:
    link = tmp / "full.json"
    if not link.is_symlink():
        link.symlink_to("/dev/full")
    return str(link)


_EXPORTS: list[tuple[str, Callable[[Path], str], str, bool]] = [
    ("dev_full_json", lambda tmp: "/dev/full", "json", False),
    ("dev_full_jsonl", lambda tmp: "/dev/full", "jsonl", False),
    ("symlink_to_dev_full", _link_to_full, "json", False),
    ("csv_into_existing_file", _existing_file, "csv", False),
    ("csv_into_dev_full", lambda tmp: "/dev/full", "csv", False),
    ("json_into_directory", _a_dir, "json", False),
    ("missing_parent_dir", lambda tmp: str(tmp / "no" / "such" / "dir" / "x.json"), "json", True),
    ("empty_path", lambda tmp: "", "jsonl", False),
]

for _name, _out, _fmt, _may in _EXPORTS:
    add("export", f"export_{_name}", _export(_out, _fmt, _may))


def _stdout_full(fmt: str) -> Callable[[Path], str]:
    def run(tmp: Path) -> str:
        with open("/dev/full", "wb") as full:
            res = cli(["export", "--format", fmt, "--db", str(db_copy(tmp))], stdout=full)
        return one_error_line(res, "export > /dev/full")

    return run


add("export", "export_stdout_dev_full_json", _stdout_full("json"))
add("export", "export_stdout_dev_full_jsonl", _stdout_full("jsonl"))


def _export_ok(tmp: Path) -> str:
    db = db_copy(tmp)
    res = cli_in_process(["export", "--format", "jsonl", "--out", str(tmp / "all.jsonl"), "--db", str(db)])
    expect(res.code == 0, f"exit {res.code}: {res.err[-300:]}")
    lines = (tmp / "all.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(ln).get("text", "") for ln in lines]
    expect(ESC_TEXT in texts, "the article with escape sequences lost its verbatim text in the export")
    return "ok"


add("export", "export_keeps_escapes_verbatim", _export_ok)

# ---------------------------------------------------------------------------
# Search syntax
# ---------------------------------------------------------------------------

QUERIES: list[str] = [
    '"', '""', '"unterminated', '*', '**', "a*b", "*prefix", "شهر*", "NEAR(", "NEAR(شهر طرح, 5)", "NEAR(شهر",
    "شهر OR طرح", "AND", "OR", "NOT", "شهر NOT طرح", "(", ")", "((((", "{a b}", "text:شهر", "folded:x", "^شهر",
    "'; DROP TABLE article; --", "' OR 1=1 --", '" OR ""="', "%", "_", "\\", "\x00", "", "   ", "ک" * 10_000,
    " ".join(f"w{i}" for i in range(2000)), "🚀", "می\u200cشود", "\u200c", "\u064e\u064f", "-", "+", ":",
    "near/3", '"a" "b"', 'a"b', "«شهر»", "\u202eشهر", "\x1b[31m", "شهر\x00طرح", "SELECT * FROM article", "--help", "-x",
]


def _search(query: str) -> Callable[[Path], str]:
    def run(tmp: Path) -> str:
        from rasad.store import Store

        db = db_copy(tmp)
        with Store(f"sqlite:///{db}") as store:
            before = store.count()
            try:
                store.search(query, limit=10)
            except Exception as exc:
                raise CaseFailure(f"Store.search({query[:40]!r}) raised {type(exc).__name__}: {exc}") from exc
        res = cli_in_process(["search", "--db", str(db), "--limit", "10", "--", query])
        expect(res.code in (0, 2), f"search {query[:40]!r}: exit {res.code}; {res.err[-300:]!r}")
        if res.code == 2:
            one_error_line(res, f"search {query[:40]!r}")
        expect(stored_count(db) == before, f"search {query[:40]!r} changed the database")
        for ch in ("\x1b", "\x9b", "\x00"):
            expect(ch not in res.out, f"search {query[:40]!r} printed a raw {ch!r}")
        return "ok" if res.code == 0 else "clear-error"

    return run


for _i, _q in enumerate(QUERIES):
    _label = re.sub(r"[^0-9a-z]+", "_", _q.encode("unicode_escape").decode()[:24].lower()).strip("_") or "blank"
    add("search", f"search_{_i:02d}_{_label}", _search(_q))


def _search_finds(tmp: Path) -> str:
    db = db_copy(tmp)
    res = cli_in_process(["search", "--db", str(db), "--json", "شهر"])
    expect(res.code == 0 and any(h["title"] == "تبریز" for h in json.loads(res.out)), f"{res.out[:300]}")
    return "ok"


add("search", "search_control_finds_article", _search_finds)

# ---------------------------------------------------------------------------
# Terminal escapes in titles, authors, file names, reasons
# ---------------------------------------------------------------------------

RAW_CONTROLS = re.compile(r"[\x1b\x9b\x07]")


def _no_raw_controls(res_out: str, res_err: str, what: str) -> None:
    for name, stream in (("stdout", res_out), ("stderr", res_err)):
        found = RAW_CONTROLS.search(stream)
        expect(not found, f"{what}: raw {found.group()!r} on {name}" if found else "")


def _escaped(command: Callable[[Path], list[str]]) -> Callable[[Path], str]:
    def run(tmp: Path) -> str:
        db = db_copy(tmp)
        res = cli_in_process([*command(tmp), "--db", str(db)])
        expect(res.code == 0, f"exit {res.code}: {res.err[-300:]!r}")
        _no_raw_controls(res.out, res.err, " ".join(command(tmp)))
        expect("\\x1b" in res.out, f"the escape is not shown escaped: {res.out[-400:]!r}")
        from rasad.store import Store

        with Store(f"sqlite:///{db}") as store:
            texts = [store.get_article(i).text for i in range(1, 5)]  # type: ignore[union-attr]
        expect(ESC_TEXT in texts, "the stored text lost its escape sequences")
        return "ok"

    return run


add("cli", "escapes_report", _escaped(lambda tmp: ["report"]))
add("cli", "escapes_search", _escaped(lambda tmp: ["search", "هواشناسی"]))
add("cli", "escapes_search_by_text", _escaped(lambda tmp: ["search", FA[2].split()[0]]))
add("cli", "escapes_show", _escaped(lambda tmp: ["show", "4"]))


def _failed_lines_escaped(tmp: Path) -> str:
    folder = tmp / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(good(), encoding="utf-8")
    (folder / "evil\x1b[31m\x1b]0;x\x07.txt").write_bytes(b"")
    (folder / "c1\x9b31m.txt").write_bytes(b"")
    (folder / "bad.jsonl").write_text(json.dumps({"text": 5, "title": "\x1b[5m"}) + "\n", encoding="utf-8")
    res = cli_in_process(cli_ingest_args(tmp / "e.db", folder))
    expect(res.code == 1 and res.err.count("FAILED") == 3, f"exit {res.code}: {res.err[-500:]!r}")
    _no_raw_controls(res.out, res.err, "FAILED lines")
    return "clear-error"


add("cli", "escapes_failed_lines", _failed_lines_escaped)


def _non_utf8_names_cli(tmp: Path) -> str:
    folder = tmp / "in"
    folder.mkdir()
    root = os.fsencode(folder)
    with open(root + b"/\xff\xfe good.txt", "wb") as fh:
        fh.write(good().encode())
    with open(root + b"/\xff\xfd empty.txt", "wb") as fh:
        fh.write(b"")
    (folder / "plain.txt").write_text(good(), encoding="utf-8")
    db = tmp / "n.db"
    res = cli(cli_ingest_args(db, folder))
    expect(res.code == 1, f"exit {res.code}: {res.err[-300:]!r}")
    lines = [ln for ln in res.err.splitlines() if ln.startswith("FAILED")]
    expect(len(lines) == 1 and "empty.txt" in lines[0] and re.search(r"\\x[fF][fF]|\\udcff", lines[0]),
           f"FAILED line does not show the name with its bytes escaped: {lines}")
    expect(stored_count(db) == 2, f"{stored_count(db)} stored, expected 2")
    rep = cli(["report", "--db", str(db)])
    expect(rep.code == 0, f"report: exit {rep.code}: {rep.err[-300:]!r}")
    return "clear-error"


add("cli", "non_utf8_file_names_cli", _non_utf8_names_cli)

# ---------------------------------------------------------------------------
# normalize on bad stdin; two ingests at once; killing the parent of workers
# ---------------------------------------------------------------------------


def _normalize(data: bytes, ok: bool) -> Callable[[Path], str]:
    def run(tmp: Path) -> str:
        res = cli(["normalize", "--lang", "fa"], stdin=data)
        if ok:
            expect(res.code == 0, f"exit {res.code}: {res.err[-300:]!r}")
            return "ok"
        one_error_line(res, "normalize")
        expect(not res.out, f"normalize echoed something: {res.out[:100]!r}")
        return "clear-error"

    return run


add("cli", "normalize_undecodable_stdin", _normalize(b"\xff\xfe\xfd\xc0\xc1\xf5" + random.Random(2).randbytes(300), False))
add("cli", "normalize_controls_stdin", _normalize(("کتاب ها \x07\x1b[31m\x7f می شود").encode(), True))
add("cli", "normalize_empty_stdin", _normalize(b"", True))


def _two_ingests_at_once(rounds: int) -> Callable[[Path], str]:
    def run(tmp: Path) -> str:
        for r in range(rounds):
            db = tmp / f"shared{r}.db"
            folders = []
            for k in range(2):
                folder = tmp / f"in{r}_{k}"
                folder.mkdir()
                for i in range(2):
                    (folder / f"{i}.txt").write_text(good(), encoding="utf-8")
                folders.append(folder)
            procs = [subprocess.Popen([*rasad_command(), *cli_ingest_args(db, f)], stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE) for f in folders]
            try:
                outs = [p.communicate(timeout=120) for p in procs]
            except subprocess.TimeoutExpired as exc:
                for p in procs:
                    p.kill()
                raise TooSlow("two concurrent ingests did not finish") from exc
            for p, (_, err) in zip(procs, outs, strict=True):
                text = err.decode("utf-8", "replace")
                expect(p.returncode == 0 and "already exists" not in text and "Traceback" not in text,
                       f"round {r}: exit {p.returncode}: {text[-500:]!r}")
            expect(stored_count(db) == 4, f"round {r}: {stored_count(db)} of 4 stored")
        return "ok"

    return run


add("cli", "two_ingests_into_new_db", _two_ingests_at_once(1), guard_s=120)
add("cli", "two_ingests_into_new_db_x5", _two_ingests_at_once(5), slow=True, guard_s=300)


def _children(pid: int) -> set[int]:
    """Every live descendant of ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _stored_so_far(db: Path) -> int:
    """Articles a running ingest has committed to ``db`` (0 while it has none)."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)) as conn:
            return int(conn.execute("SELECT count(*) FROM article").fetchone()[0])
    except sqlite3.Error:
        return 0


def _kill_parent(when: str) -> Callable[[Path], str]:
    """SIGKILL ``rasad ingest -j 2`` once its workers run (``when="working"``: once 50 articles are
    stored; ``"starting"``: as soon as the workers exist); none of them may outlive it by 10 s."""

    def run(tmp: Path) -> str:
        folder = tmp / "in"
        folder.mkdir()
        for i in range(3000):
            (folder / f"{i:04d}.txt").write_text(f"{FA[i % 4]} شماره {i}.", encoding="utf-8")
        db = tmp / "k.db"
        proc = subprocess.Popen([*rasad_command(), *cli_ingest_args(db, folder, extra=["-j", "2"])],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        left: list[int] = []
        try:
            ends = time.monotonic() + 90
            kids: set[int] = set()
            while time.monotonic() < ends and proc.poll() is None:
                kids = _children(proc.pid)
                if len(kids) >= 2 and (when == "starting" or _stored_so_far(db) >= 50):
                    kids = _children(proc.pid)
                    break
                time.sleep(0.1)
            expect(proc.poll() is None, "the ingest ended before it could be killed; give it more files")
            expect(len(kids) >= 2, f"no worker processes seen ({kids})")
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            ends = time.monotonic() + 10
            while time.monotonic() < ends and any(_alive(k) for k in kids):
                time.sleep(0.1)
            left = [k for k in kids if _alive(k)]
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            for k in left:  # do not leave them running after the case
                with contextlib.suppress(ProcessLookupError):
                    os.kill(k, signal.SIGKILL)
        expect(not left, f"{len(left)} process(es) still running 10 s after the parent was killed: "
                         f"{[_cmdline(k) for k in left]}")
        return "ok"

    return run


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[-80:]
    except OSError:
        return str(pid)


add("cli", "kill_parent_of_working_workers", _kill_parent("working"), guard_s=150)
for _try in range(5):
    add("cli", f"kill_parent_of_starting_workers_{_try}", _kill_parent("starting"), slow=True, guard_s=150)

# ---------------------------------------------------------------------------
# The per-document budget
# ---------------------------------------------------------------------------


def _deadline_constant(tmp: Path) -> str:
    from rasad import pipeline

    expect(getattr(pipeline, "STAGE_DEADLINE_S", None) == 60.0, "rasad.pipeline.STAGE_DEADLINE_S is not 60.0")
    return "ok"


def _slow_stage(key: str) -> Callable[[Path], str]:
    def run(tmp: Path) -> str:
        from rasad import pipeline

        doc = Doc(text=FA[0], source="slow", meta={key: 5})
        started = time.monotonic()
        try:
            pipeline.run(doc, stages=["hostile_cases"], deadline_s=0.5)
        except pipeline.StageError as exc:
            took = time.monotonic() - started
            expect(re.search(r"stage hostile_cases exceeded 0\.5 s", str(exc)), f"message {exc}")
            expect(took < 4, f"the deadline of 0.5 s ended the stage after {took:.1f} s")
            return "clear-error"
        raise CaseFailure("a stage sleeping 5 s past a 0.5 s deadline was not stopped")

    return run


add("pipeline", "deadline_constant", _deadline_constant)
add("pipeline", "deadline_sleeping_stage", _slow_stage("sleep_s"))
add("pipeline", "deadline_spinning_stage", _slow_stage("spin_s"))


def _full_pipeline(text: str, limit_s: float) -> Callable[[Path], str]:
    """The whole pipeline on ``text``: a result or a StageError, within ``limit_s``."""

    def run(tmp: Path) -> str:
        from rasad import pipeline

        pipeline.run(Doc(text=FA[0], source="warm"))  # load the models outside the timing
        started = time.monotonic()
        try:
            pipeline.run(Doc(text=text, source="hostile"), deadline_s=limit_s)
            outcome = "ok"
        except pipeline.StageError as exc:
            expect(len(str(exc)) < 2000, "a StageError message that is not short")
            outcome = "clear-error"
        took = time.monotonic() - started
        expect(took < limit_s * 6 + 5, f"the pipeline took {took:.1f} s")
        return outcome

    return run


_PIPE: list[tuple[str, str, float, bool]] = [
    ("relative_date_word_4kb_fa", "دیروز " * 740, 30, False),
    ("relative_date_word_4kb_ar", "أمس " * 1100, 30, False),
    ("relative_dates_mixed_4kb", "پریروز و فردا و هفته بعد " * 170, 30, False),
    ("one_100kb_line", " ".join([FA[0].rstrip(".")] * 870), 60, False),
    ("controls_only", "\x00\x01\x07\x1b[31m\x7f\x9b" * 100, 30, False),
    ("empty_text", "", 30, False),
    ("zwnj_only", "\u200c" * 5000, 30, False),
    ("digits_three_scripts", "۱۲۳۴ ١٢٣٤ 1234 " * 500, 30, False),
    ("relative_date_word_44kb_fa", "دیروز " * 7400, 60, True),
    ("one_2mb_line", " ".join([FA[0].rstrip(".")] * 17_500), 120, True),
]

for _name, _text, _limit, _slow in _PIPE:
    add("pipeline", f"pipeline_{_name}", _full_pipeline(_text, _limit), slow=_slow, guard_s=_limit * 8)


def _fuzz(n: int) -> Callable[[Path], str]:
    def run(tmp: Path) -> str:
        path = Path(__file__).resolve().parents[1] / "benchmarks" / "fuzz_pipeline.py"
        spec = importlib.util.spec_from_file_location("fuzz_pipeline", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules.setdefault("fuzz_pipeline", module)  # its dataclasses look their module up
        spec.loader.exec_module(module)
        report = module.fuzz(n=n, seed=0)
        expect(report.counts.get("other exception", 0) == 0, f"bugs: {report.bugs[:3]}")
        expect(report.counts.get("timeout", 0) == 0, f"timeouts: {report.counts}")
        return "ok"

    return run


add("pipeline", "fuzz_200_docs", _fuzz(200), guard_s=300)


@pytest.mark.parametrize("case", pytest_params(select("cli", "export", "search", "pipeline")))
def test_hostile(case: Case, tmp_path: Path) -> None:
    run_in_pytest(case, tmp_path)
