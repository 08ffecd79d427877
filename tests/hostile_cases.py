"""Hostile inputs for rasad (issue 11, part 7): the case builders.

Each :class:`Case` builds its inputs under a fresh folder, runs rasad on them
(the library where it can, the CLI where the CLI is what is under test) and
returns ``"ok"`` (a correct result) or ``"clear-error"`` (the bad item failed
with a clear reason). It raises :class:`TracebackSeen` for a traceback or an
"unexpected error", :class:`LostGoodItems` when good items given beside the bad
one are missing afterwards, :class:`TooSlow` past its hang guard and
:class:`CaseFailure` for any other wrong result.

Each ``tests/test_hostile_*.py`` registers its group's cases here with
:func:`add` and runs the fast ones under pytest; ``benchmarks/hostile.py``
imports those modules and runs every case (fast and slow), each in a
subprocess with a timeout. This module is also a pipeline stage module
(:func:`process`), so that a deliberately slow stage can be run by name.
"""

from __future__ import annotations

import contextlib
import gzip
import itertools
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

from rasad.doc import Doc

# ---------------------------------------------------------------------------
# Outcomes
# ---------------------------------------------------------------------------


class CaseFailure(AssertionError):
    """A wrong result (wrong reason, wrong text, wrong exit code)."""

    kind = "FAIL"


class TracebackSeen(CaseFailure):
    """An uncaught exception, a printed traceback or an "unexpected error" reason."""

    kind = "TRACEBACK"


class LostGoodItems(CaseFailure):
    """Good items given beside the bad one are missing afterwards."""

    kind = "LOST-GOOD-ITEMS"


class TooSlow(CaseFailure):
    """The case ran past its hang guard."""

    kind = "HANG"


class CaseSkipped(Exception):
    """The case cannot run here (e.g. as root, where chmod 000 means nothing)."""


def expect(condition: object, message: str) -> None:
    """Raise :class:`CaseFailure` with ``message`` unless ``condition``."""
    if not condition:
        raise CaseFailure(message)


@dataclass(frozen=True)
class Case:
    """One hostile input and what rasad must make of it."""

    name: str
    group: str
    fn: Callable[[Path], str]
    slow: bool = False
    guard_s: float = 30.0  # a hang guard, many times the expected time

    def run(self, tmp: Path) -> str:
        """Run the case in ``tmp``; its outcome, or an exception (see the module docstring)."""
        global _serial
        _serial = itertools.count(1 + zlib.crc32(self.name.encode()) % 9000)  # the same texts in any order
        started = time.monotonic()
        outcome = self.fn(tmp)
        took = time.monotonic() - started
        if took > self.guard_s:
            raise TooSlow(f"{self.name} took {took:.1f} s (guard {self.guard_s:.0f} s)")
        return outcome


CASES: list[Case] = []


def add(group: str, name: str, fn: Callable[[Path], str], *, slow: bool = False, guard_s: float = 30.0) -> None:
    """Register a case (names are unique)."""
    assert all(c.name != name for c in CASES), f"duplicate case {name}"
    CASES.append(Case(name, group, fn, slow, guard_s))


def select(*groups: str, slow: bool = False) -> list[Case]:
    """The cases of these groups (fast ones only unless ``slow``)."""
    return [c for c in CASES if c.group in groups and (slow or not c.slow)]


# ---------------------------------------------------------------------------
# Text: good articles and paragraphs written for these tests
# ---------------------------------------------------------------------------

FA = [
    "شورای شهر تبریز طرح تازه‌ای برای گسترش خطوط اتوبوس برقی در محله‌های شمالی تصویب کرد.",
    "کارشناسان هواشناسی از بارش برف سنگین در ارتفاعات زاگرس طی روزهای آینده خبر دادند.",
    "کتابخانه مرکزی دانشگاه مشهد ساعت کار خود را در ایام امتحانات پایان ترم افزایش داد.",
    "کشاورزان استان گلستان می‌گویند برداشت پنبه امسال به دلیل کم‌آبی کاهش یافته است.",
]
AR = [
    "أعلنت بلدية الإسكندرية عن خطة جديدة لتوسيع شبكة الحافلات الكهربائية خلال العام المقبل.",
    "توقعت هيئة الأرصاد هطول أمطار غزيرة على المناطق الساحلية مطلع الأسبوع القادم.",
    "افتتحت جامعة الموصل مختبرا حديثا لأبحاث الطاقة الشمسية بتمويل من القطاع الخاص.",
    "قال مزارعون في وادي الأردن إن موسم الحمضيات تأثر بموجة الحر الأخيرة.",
]
EN = [
    "The harbour authority said the new ferry terminal would open to passengers in the spring.",
    "Volunteers planted four thousand saplings along the river bank over the weekend.",
]
FA_PARA = " ".join(FA)
AR_PARA = " ".join(AR)
#: Persian as cp1256 can hold it: Arabic yeh for the Persian one (how such files are written).
FA_1256 = FA_PARA.replace("ی", "ي")
EN_1252 = (
    "The caf\u00e9 owner told reporters that \u201cbusiness has never been this slow\u201d and that "
    "the winter\u2019s rents were \u00a3900 \u2013 twice last year\u2019s. Na\u00efve plans, he said, "
    "would not save the old quarter."
)

_serial = itertools.count(1)


def good(lang: str = "") -> str:
    """A distinct good article (Persian or Arabic alternately unless ``lang`` is given)."""
    n = next(_serial)
    lang = lang or ("fa" if n % 2 else "ar")
    if lang == "fa":
        return f"{FA[n % 4]} این گزارش شماره {n} از سری گزارش‌های محلی است."
    if lang == "ar":
        return f"{AR[n % 4]} هذا هو التقرير رقم {n} من سلسلة الأخبار المحلية."
    return f"{EN[n % 2]} This is report number {n} of the local series."


def goods_beside(folder: Path, k: int = 2) -> list[str]:
    """Write ``k`` good .txt articles into ``folder`` (sorted first and last); their texts."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = []
    for i in range(k):
        text = good()
        name = f"{'a' if i % 2 == 0 else 'z'}_good_{i}.txt"
        (folder / name).write_text(text, encoding="utf-8")
        texts.append(text)
    return texts


def remove_chain(folder: Path, name: str) -> None:
    """Remove ``folder/name/name/...`` however deep, a level at a time (rmtree recurses and fails)."""
    import shutil

    child, spare = folder / name, folder / f"{name}.up"
    while child.is_dir() and not child.is_symlink():
        if (child / name).is_dir():
            os.rename(child / name, spare)
        shutil.rmtree(child)
        if spare.exists():
            os.rename(spare, child)


def mojibake(text: str, codec: str) -> str:
    """UTF-8 bytes of ``text`` wrongly read as ``codec`` (cp1252 sloppily, as Windows shows it)."""
    raw = text.encode("utf-8")
    if codec == "cp1252":
        return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in raw)
    return raw.decode(codec)


# ---------------------------------------------------------------------------
# Running the library: ingest into a real SQLite file
# ---------------------------------------------------------------------------


@dataclass
class Stored:
    """One stored article, as read back from the store."""

    id: int
    source: str
    text: str
    title: str | None
    author: str | None


@dataclass
class IngestRun:
    """What one ``ingest_into_store`` run gave: per-item results and the stored articles."""

    results: list[Any]
    articles: list[Stored]
    db: Path
    seconds: float

    @property
    def failures(self) -> list[Any]:
        return [r for r in self.results if r.status == "failed"]

    def failed(self, needle: str) -> list[Any]:
        """Failures whose item names ``needle``."""
        return [r for r in self.failures if names(r.item, needle)]

    def docs(self, needle: str) -> list[Stored]:
        """Stored articles whose source names ``needle``."""
        return [a for a in self.articles if names(a.source, needle)]

    def has_text(self, text: str) -> bool:
        return any(a.text.strip() == text.strip() for a in self.articles)


def names(item: str, needle: str) -> bool:
    """``item`` is ``needle``'s: a dump row (``path:LINE``, ``path[I]``, ``path#N``) by its end, else by a part."""
    if re.search(r"(:\d+|\[\d+\]|#\d+)$", needle):
        return item.endswith(needle)
    return needle in item


_UNEXPECTED = re.compile(r"unexpected error|Traceback \(most recent call last\)")


def clear_reason(reason: str | None, what: str = "") -> str:
    """Check a failure reason is clear: present, short, no traceback or "unexpected error"."""
    if reason is None or not reason.strip():
        raise CaseFailure(f"{what}: a failure without a reason")
    if _UNEXPECTED.search(reason):
        raise TracebackSeen(f"{what}: {reason[:500]}")
    expect(len(reason) <= 1000, f"{what}: a reason of {len(reason)} chars is not a clear reason")
    return reason


def ingest(
    tmp: Path,
    inputs: Sequence[str | Path],
    goods: Iterable[str] = (),
    *,
    stages: Sequence[str] = ("rasad.text",),
    **options: Any,
) -> IngestRun:
    """Ingest ``inputs`` into a new SQLite file under ``tmp``; every good text must be stored."""
    from rasad.service import ingest_into_store
    from rasad.store import Store
    from rasad.store.models import Article

    db = Path(tempfile.mkdtemp(dir=tmp, prefix="db")) / "h.db"
    results: list[Any] = []
    started = time.monotonic()
    try:
        with Store(f"sqlite:///{db}") as store:
            ingest_into_store(
                [os.fspath(x) for x in inputs], store, stages=list(stages), corpus_step=False,
                progress=results.append, **options,
            )
            articles = [Stored(a.id, a.source or "", a.text, a.title, a.author) for a in store.iter_rows(Article)]
    except Exception as exc:
        raise TracebackSeen(f"ingest raised {type(exc).__name__}: {exc}") from exc
    run = IngestRun(results, articles, db, time.monotonic() - started)
    for r in run.failures:
        clear_reason(r.reason, r.item)
    missing = [g for g in goods if not run.has_text(g)]
    if missing:
        raise LostGoodItems(
            f"{len(missing)} good item(s) missing, e.g. {missing[0][:60]!r}; "
            f"failures: {[(r.item, r.reason) for r in run.failures][:5]}"
        )
    return run


TextCheck = str | Callable[[str], bool] | None


def _text_ok(check: TextCheck, text: str) -> bool:
    if check is None:
        return True
    if callable(check):
        return check(text)
    return text.strip() == check.strip()


def judge(run: IngestRun, needle: str, fail: str | None, text: TextCheck, *, either: bool = False) -> str:
    """The bad item ``needle``: fails with a reason matching ``fail``, or is a doc passing ``text``.

    Without ``either`` only the one given (``fail`` or ``text``) is right; with
    it (or when both are given) either is.
    """
    failures = run.failed(needle)
    docs = run.docs(needle)
    either = either or (fail is not None and text is not None)
    expect(len(failures) <= 1, f"{needle}: {len(failures)} failures, expected at most one: "
                               f"{[f.reason for f in failures][:3]}")
    if failures:
        reason = failures[0].reason
        if fail is None and not either:
            raise CaseFailure(f"{needle}: expected a document, got failure {reason!r}")
        if fail is not None and not re.search(fail, reason, re.I):
            raise CaseFailure(f"{needle}: reason {reason!r} does not match /{fail}/")
        return "clear-error"
    if fail is not None and not either:
        raise CaseFailure(f"{needle}: expected a failure /{fail}/, got {len(docs)} document(s): "
                          f"{[d.text[:80] for d in docs][:2]}")
    if text is not None:
        expect(docs, f"{needle}: neither a document nor a failure")
        bad = [d.text[:120] for d in docs if not _text_ok(text, d.text)]
        expect(not bad, f"{needle}: wrong text {bad[:2]}")
    return "ok"


def contains(*parts: str) -> Callable[[str], bool]:
    """A text check: every part occurs in the text."""
    return lambda text: all(p in text for p in parts)


def file_case(
    name: str,
    data: bytes | Callable[[Path], None],
    *,
    fail: str | None = None,
    text: TextCheck = None,
    either: bool = False,
    direct: bool = False,
    **options: Any,
) -> Callable[[Path], str]:
    """A bad file ``name`` (bytes, or made by a callable given the folder) between two good files.

    The folder is ingested (``direct``: the three files are given one by one).
    """

    def run(tmp: Path) -> str:
        folder = tmp / "in"
        goods = goods_beside(folder)
        path = folder / name
        if callable(data):
            data(folder)
        else:
            path.write_bytes(data)
        inputs: list[str | Path] = sorted(folder.iterdir()) if direct else [folder]
        return judge(ingest(tmp, inputs, goods, **options), os.sep + name, fail, text, either=either)

    return run


# ---------------------------------------------------------------------------
# Running the CLI
# ---------------------------------------------------------------------------


@dataclass
class CliResult:
    """A finished CLI run."""

    code: int
    out: str
    err: str
    seconds: float


def rasad_command() -> list[str]:
    """How to start the ``rasad`` console script of this interpreter."""
    script = Path(sys.executable).with_name("rasad")
    return [str(script)] if script.exists() else [sys.executable, "-m", "rasad.cli"]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "RASAD_DB"}
    env["COLUMNS"] = "200"
    return env


def no_traceback(res: CliResult, what: str) -> CliResult:
    """Raise :class:`TracebackSeen` when stdout or stderr holds a traceback."""
    for stream in (res.err, res.out):
        if _UNEXPECTED.search(stream):
            raise TracebackSeen(f"{what}: exit {res.code}; {stream[-1500:]}")
    return res


def cli(
    args: Sequence[str],
    *,
    cwd: Path | None = None,
    stdin: bytes | None = None,
    stdout: Any = None,
    timeout: float = 60.0,
) -> CliResult:
    """Run ``rasad ARGS`` in a subprocess (a hang is :class:`TooSlow`); no traceback allowed."""
    started = time.monotonic()
    try:
        proc = subprocess.run(
            [*rasad_command(), *args], input=stdin if stdin is not None else b"", cwd=cwd, env=_env(),
            stdout=stdout if stdout is not None else subprocess.PIPE, stderr=subprocess.PIPE,
            timeout=timeout, check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise TooSlow(f"rasad {' '.join(map(str, args))[:200]} ran past {timeout} s") from exc
    out = proc.stdout.decode("utf-8", "backslashreplace") if proc.stdout else ""
    err = proc.stderr.decode("utf-8", "backslashreplace")
    res = CliResult(proc.returncode, out, err, time.monotonic() - started)
    return no_traceback(res, f"rasad {' '.join(map(str, args))[:200]}")


def cli_in_process(args: Sequence[str], stdin: bytes | str | None = None) -> CliResult:
    """Run ``rasad ARGS`` with typer's CliRunner (faster than a subprocess); no uncaught exception."""
    from typer.testing import CliRunner

    from rasad.cli import app

    started = time.monotonic()
    res = CliRunner().invoke(app, list(args), input=stdin, env={"COLUMNS": "200", "RASAD_DB": None})
    out = CliResult(res.exit_code, res.stdout, res.stderr, time.monotonic() - started)
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        raise TracebackSeen(
            f"rasad {' '.join(args)[:200]}: uncaught {type(res.exception).__name__}: {res.exception}"
        ) from res.exception
    return no_traceback(out, f"rasad {' '.join(args)[:200]}")


def one_error_line(res: CliResult, what: str, *, code: int | None = None, pattern: str = "") -> str:
    """A failed command: non-zero exit (``code`` if given) and an ``error:`` line matching ``pattern``."""
    expect(res.code != 0, f"{what}: exit 0, expected an error; stdout {res.out[:200]!r}")
    if code is not None:
        expect(res.code == code, f"{what}: exit {res.code}, expected {code}; {res.err[-300:]!r}")
    lines = [ln for ln in res.err.splitlines() if re.search(r"\berror\b", ln, re.I)]
    expect(lines, f"{what}: no error line on stderr: {res.err[-400:]!r}")
    if pattern:
        expect(re.search(pattern, res.err, re.I), f"{what}: stderr does not match /{pattern}/: {res.err[-400:]!r}")
    return "clear-error"


def cli_ingest_args(db: Path, *inputs: str | Path, extra: Sequence[str] = ()) -> list[str]:
    """Arguments of a fast CLI ingest (text stage only, no corpus step)."""
    return ["ingest", *map(os.fspath, inputs), "--db", str(db), "--stages", "rasad.text", "--no-corpus-step",
            "--quiet", *extra]


def stored_count(db: Path) -> int:
    """How many articles the SQLite file ``db`` holds."""
    from rasad.store import Store

    with Store(f"sqlite:///{db}") as store:
        return store.count()


# ---------------------------------------------------------------------------
# A test HTTP server on 127.0.0.1
# ---------------------------------------------------------------------------

Route = Callable[[BaseHTTPRequestHandler, threading.Event], None]


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, Route]] = {}
    stop: ClassVar[threading.Event] = threading.Event()

    def log_message(self, *args: object) -> None:
        pass

    def handle(self) -> None:
        with contextlib.suppress(OSError):  # the client hung up, as it should on a timeout or cap
            super().handle()

    def do_GET(self) -> None:
        route = self.routes.get(self.path.split("?")[0])
        if route is None:
            route = reply(404, "text/html", b"<html><body>not here</body></html>")
        route(self, self.stop)


@contextlib.contextmanager
def serve(routes: dict[str, Route]) -> Iterator[str]:
    """Serve ``routes`` on 127.0.0.1 (a free port) in threads; yields the base URL."""
    stop = threading.Event()
    handler = type("Handler", (_Handler,), {"routes": routes, "stop": stop})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


def reply(status: int, ctype: str | None, body: bytes, headers: dict[str, str] | None = None,
          length: int | None = None) -> Route:
    """A route answering ``status`` with ``body`` (``length``: a Content-Length that lies)."""

    def route(h: BaseHTTPRequestHandler, _stop: threading.Event) -> None:
        h.send_response(status)
        if ctype is not None:
            h.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(body) if length is None else length))
        h.end_headers()
        h.wfile.write(body)

    return route


def raw(data: bytes) -> Route:
    """A route writing ``data`` as is (no status line of its own)."""

    def route(h: BaseHTTPRequestHandler, _stop: threading.Event) -> None:
        h.wfile.write(data)

    return route


def trickle(head: bytes, drip: bytes, step_s: float = 0.5, limit_s: float = 15.0) -> Route:
    """A route sending ``head`` then one byte of ``drip`` (repeated) every ``step_s``, for ``limit_s``."""

    def route(h: BaseHTTPRequestHandler, stop: threading.Event) -> None:
        h.wfile.write(head)
        h.wfile.flush()
        ends = time.monotonic() + limit_s
        i = 0
        while time.monotonic() < ends and not stop.wait(step_s):
            h.wfile.write(drip[i % len(drip): i % len(drip) + 1])
            h.wfile.flush()
            i += 1

    return route


def silent(limit_s: float = 15.0) -> Route:
    """A route that accepts and never answers (for ``limit_s``)."""

    def route(_h: BaseHTTPRequestHandler, stop: threading.Event) -> None:
        stop.wait(limit_s)

    return route


def redirect(location: str) -> Route:
    """A 302 to ``location``."""
    return reply(302, None, b"", {"Location": location})


def gzip_stream(total: int, chunk: bytes = b"\0" * (1 << 20)) -> bytes:
    """``total`` bytes of ``chunk`` repeated, gzip-compressed a chunk at a time."""
    buf = _Sink()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=6) as gz:
        left = total
        while left > 0:
            gz.write(chunk[: min(left, len(chunk))])
            left -= len(chunk)
    return buf.data()


class _Sink:
    """A write-only byte buffer (what GzipFile needs)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, b: bytes) -> int:
        self.parts.append(bytes(b))
        return len(b)

    def flush(self) -> None:
        pass

    def data(self) -> bytes:
        return b"".join(self.parts)


def write_gzip_stream(path: Path, total: int, chunk: bytes = b"\0" * (1 << 20), head: bytes = b"") -> Path:
    """A .gz file of ``head`` + ``total`` bytes of ``chunk`` repeated, written incrementally."""
    with gzip.open(path, "wb", compresslevel=6) as gz:
        gz.write(head)
        left = total
        while left > 0:
            gz.write(chunk[: min(left, len(chunk))])
            left -= len(chunk)
    return path


def html_page(paragraphs: Sequence[str], title: str = "", head: str = "", attrs: str = "") -> str:
    """An article page: ``<article>`` with one ``<p>`` per paragraph."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head>{head}<title>{title}</title></head>"
            f"<body{attrs}><article>{body}</article></body></html>")


# ---------------------------------------------------------------------------
# A deliberately slow pipeline stage (this module doubles as a stage module)
# ---------------------------------------------------------------------------


def process(doc: Doc) -> Doc:
    """A stage that sleeps ``doc.meta['sleep_s']`` seconds, or spins the CPU ``doc.meta['spin_s']``."""
    time.sleep(float(doc.meta.get("sleep_s", 0)))
    ends = time.monotonic() + float(doc.meta.get("spin_s", 0))
    n = 0
    while time.monotonic() < ends:
        n += 1
    return doc


# ---------------------------------------------------------------------------
# Glue for pytest
# ---------------------------------------------------------------------------


def pytest_params(cases: Sequence[Case]) -> list[Any]:
    """``pytest.param`` s of ``cases``, named, each with a timeout well past its guard."""
    import pytest

    return [pytest.param(c, id=c.name, marks=pytest.mark.timeout(int(c.guard_s * 3 + 30))) for c in cases]


def run_in_pytest(case: Case, tmp: Path) -> str:
    """Run ``case`` under pytest (:class:`CaseSkipped` becomes a skip)."""
    import pytest

    try:
        return case.run(tmp)
    except CaseSkipped as exc:
        pytest.skip(str(exc))
        raise  # unreachable: pytest.skip raises
