"""Every hostile-input case (issue 11, part 7), fast and slow, each in its own subprocess.

The cases live in ``tests/test_hostile_*.py`` (built with ``tests/hostile_cases.py``);
``make test`` runs the fast ones, this script runs them all: gzip bombs of a
gigabyte and more, 10,000 files, 200,000 HTML attributes, 2 MB lines, deep
trees, killing the parent of ingest workers. Each case runs in a fresh
process with a timeout (a hang guard); one line per case:

    name  outcome  seconds  peak-RSS

outcome: ok, clear-error, skipped, HANG, TRACEBACK, LOST-GOOD-ITEMS, FAIL
(a wrong result). Then the totals, "0 hangs, 0 tracebacks" when so, and the
CPU. Exits 1 when any case hung or showed a traceback.

    PYTHONPATH=src .venv/bin/python benchmarks/hostile.py            # everything
    PYTHONPATH=src .venv/bin/python benchmarks/hostile.py --slow     # the slow cases only
    PYTHONPATH=src .venv/bin/python benchmarks/hostile.py --only 'gzip|url_'
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

import hostile_cases  # noqa: E402
from rasad.doctor import cpu_name  # noqa: E402

MARK = "HOSTILE-RESULT "


def load_cases() -> list[hostile_cases.Case]:
    """Import every tests/test_hostile_*.py, which registers its cases."""
    for path in sorted((ROOT / "tests").glob("test_hostile_*.py")):
        if path.stem not in sys.modules:
            spec = importlib.util.spec_from_file_location(path.stem, path)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[path.stem] = module
            spec.loader.exec_module(module)
    return list(hostile_cases.CASES)


def run_one(name: str) -> int:
    """Child mode: run the case ``name`` in a fresh folder and print its result as one JSON line."""
    case = next(c for c in load_cases() if c.name == name)
    tmp = Path(tempfile.mkdtemp(prefix="rasad-hostile-"))
    started = time.monotonic()
    try:
        outcome, detail = case.run(tmp), ""
    except hostile_cases.CaseSkipped as exc:
        outcome, detail = "skipped", str(exc)
    except hostile_cases.CaseFailure as exc:
        outcome, detail = exc.kind, str(exc)
    except Exception as exc:  # the code under test raised through the case
        outcome, detail = "TRACEBACK", f"{type(exc).__name__}: {exc}"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    result = {"outcome": outcome, "detail": detail[:600], "seconds": time.monotonic() - started}
    print(MARK + json.dumps(result, ensure_ascii=False), flush=True)
    return 0


def run_case(case: hostile_cases.Case, scale: float) -> tuple[str, float, int, str]:
    """Run ``case`` in a subprocess: outcome, seconds, peak RSS (KiB) and a detail."""
    timeout = max(60.0, case.guard_s * 2) * scale
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        proc = subprocess.Popen([sys.executable, __file__, "--one", case.name], stdout=out, stderr=err,
                                start_new_session=True)
        usage = None
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                os.waitpid(proc.pid, 0)
                return "HANG", time.monotonic() - started, 0, f"killed after {timeout:.0f} s"
            time.sleep(0.05)
        seconds = time.monotonic() - started
        with_children = usage.ru_maxrss if usage else 0
        with contextlib.suppress(ProcessLookupError):  # anything the case left behind
            os.killpg(proc.pid, signal.SIGKILL)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    lines = [ln for ln in stdout.splitlines() if ln.startswith(MARK)]
    if not lines:
        kind = "TRACEBACK" if "Traceback" in stderr else "CRASH"
        return kind, seconds, with_children, f"exit {os.waitstatus_to_exitcode(status)}: {stderr[-400:]}"
    result = json.loads(lines[-1][len(MARK):])
    return result["outcome"], seconds, with_children, result["detail"]



def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--only", help="run only cases whose name matches this regular expression")
    ap.add_argument("--slow", action="store_true", help="run only the slow cases")
    ap.add_argument("--fast", action="store_true", help="run only the fast cases (what make test runs)")
    ap.add_argument("--timeout-scale", type=float, default=1.0, help="multiply every hang guard (slow machines)")
    args = ap.parse_args()
    if args.one:
        return run_one(args.one)
    cases = load_cases()
    if args.only:
        cases = [c for c in cases if re.search(args.only, c.name)]
    if args.slow or args.fast:
        cases = [c for c in cases if c.slow == args.slow]
    fast = sum(not c.slow for c in cases)
    print(f"hostile inputs: {len(cases)} cases ({fast} fast, run by make test; {len(cases) - fast} slow)")
    counts: Counter[str] = Counter()
    started = time.monotonic()
    for case in cases:
        outcome, seconds, rss, detail = run_case(case, args.timeout_scale)
        counts[outcome] += 1
        tag = " [slow]" if case.slow else ""
        line = f"{case.name + tag:60s} {outcome:16s} {seconds:7.2f} s {rss / 1024:7.0f} MiB"
        if outcome not in ("ok", "clear-error"):
            line += "  " + re.sub(r"\s+", " ", detail)[:300]
        print(line, flush=True)
    print(f"total: {len(cases)} cases in {time.monotonic() - started:.0f} s: "
          + ", ".join(f"{k} {v}" for k, v in counts.most_common()))
    hangs, tracebacks = counts["HANG"], counts["TRACEBACK"] + counts["CRASH"]
    print(f"{hangs} hangs, {tracebacks} tracebacks")
    print(f"CPU: {cpu_name()} ({os.cpu_count()} logical cores)")
    return 1 if hangs or tracebacks else 0


if __name__ == "__main__":
    sys.exit(main())
