"""Score rasad.extract.time on the three peer test sets in ../shared/data/dates.

dateparser's fa/ar cases (pass rate per category, unsupported ones listed),
persiantools' Jalali<->Gregorian pairs (both directions) and parstdex's
Persian sentences with gold spans (sentence pass rate, exact, preposition-
insensitive and overlap span P/R/F1, recall per category). The scoring lives
in :mod:`rasad.extract.time.evaluate`; ``rasad eval dates`` prints the same.

With --articles it also scores article-date inference on the dated news
dumps (../shared/data/news), the dateline hidden, in "live" mode (now = the
day after publication) and "archive" mode (now = 30 days after the dump).

Usage: PYTHONPATH=src .venv/bin/python benchmarks/dates_eval.py [--data DIR] [--json] [--errors] [--articles]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rasad.extract.time.evaluate import DEFAULT_DATA, evaluate, format_report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--errors", action="store_true", help="list every failing case")
    ap.add_argument("--articles", action="store_true", help="also score article-date inference on ../news")
    args = ap.parse_args(argv)
    try:
        report, failures = evaluate(args.data, with_articles=args.articles)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else format_report(report))
    if args.errors:
        for cat, item, detail in failures:
            print(f"FAIL [{cat}] {item} :: {detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
