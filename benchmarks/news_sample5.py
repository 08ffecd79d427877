"""Held-out sample 5 (issue 12, third part): events and quote speakers on politics news.

Sample 4 was read while the issue-12 role, date and speaker rules were written
and tuned, so it is now a development sample. Sample 5 is drawn, run and judged
on the code of the commit named in ``sample5_meta.jsonl`` *before* any further
change, and judged again only at the end (items whose key is unchanged keep
their judgement). No article text is stored; keys and fields are those of
``news_sample4.py`` and the guidelines are docs/judging.md.

Selection (fixed before any output was read):

- Persian: ``farsnews_fa.jsonl.gz`` rows that neither sample 4 nor the
  annotated event-sentence pool (``event_sentences/pool.jsonl``) drew, with a
  non-empty body, that are in the categories ``politics``, ``world`` or
  ``foreign-policy`` or name at least 2 distinct ``FA_KEYWORDS`` (title and
  body, Arabic ي/ك read as ی/ک). 60 are drawn with ``random.Random(SEED)``.
- Arabic: ``saudinewsnet_ar.jsonl.gz`` rows from ``AR_FIRST_ROW`` on (earlier
  samples read rows before it) that the pool did not draw and that pass sample
  4's keyword rule; 60 are drawn with ``random.Random(SEED + 1)``.

Usage: PYTHONPATH=src .venv/bin/python benchmarks/news_sample5.py [--show] [--lang fa|ar]
    [--min-confidence X]
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

os.environ.pop("RASAD_NER", None)  # the default tagger, as judged

from news_sample4 import (
    AR_DUMP,
    FA_CATEGORIES,
    FA_DUMP,
    _rows,
    ar_qualifies,
    draw,
    run_main,
    run_rows,
)
from news_sample4 import select as select_sample4

from rasad.doc import Doc

DATA = Path(__file__).with_name("data")
EVENTS = DATA / "sample5_events.jsonl"
QUOTES = DATA / "sample5_quotes.jsonl"
POOL = DATA / "event_sentences" / "pool.jsonl"
SEED = 50
AR_FIRST_ROW = 15000  # rows before were read by earlier samples; the pool's rows are excluded
FA_KEYWORDS = (
    "وزیر امور خارجه", "وزارت امور خارجه", "سفیر", "سفارت", "مذاکره", "تحریم", "سازمان ملل",
    "شورای امنیت", "دیپلمات", "نخست وزیر", "رئیس جمهور", "اتحادیه اروپا", "هسته", "آمریکا",
    "وزیر دفاع", "پارلمان", "دولت", "کشور",
)  # fmt: skip
MIN_KEYWORDS = 2


def _fold(text: str) -> str:
    return text.replace("ي", "ی").replace("ك", "ک").replace("\u200c", " ")


def fa_qualifies(row: dict[str, Any]) -> bool:
    body = (row.get("body") or "").strip()
    if not body:
        return False
    text = _fold(f"{row.get('title') or ''}\n{body}")
    return (
        row.get("category") in FA_CATEGORIES or sum(w in text for w in FA_KEYWORDS) >= MIN_KEYWORDS
    )


def used_sources() -> set[str]:
    """Rows an earlier sample or the annotated pool read."""
    used = {source for _, source, _ in select_sample4()}
    for line in POOL.read_text(encoding="utf-8").splitlines():
        used.add(json.loads(line)["source"])
    return used


def select() -> list[tuple[str, str, dict[str, Any]]]:
    """The sampled rows as ``(lang, source, row)``, Persian first, each language in row order."""
    used = used_sources()
    fa = [(k, r) for k, r in _rows(FA_DUMP)
          if f"{FA_DUMP}:{k}" not in used and fa_qualifies(r)]  # fmt: skip
    ar = [(k, r) for k, r in _rows(AR_DUMP, AR_FIRST_ROW)
          if f"{AR_DUMP}:{k}" not in used and ar_qualifies(r)]  # fmt: skip
    return draw(fa, ar, SEED)


def run_sample(langs: tuple[str, ...] = ("fa", "ar")) -> list[tuple[str, Doc]]:
    """The sampled articles as ingest builds them, through the whole default pipeline."""
    return run_rows(select(), langs)


def main(argv: list[str] | None = None) -> None:
    run_main(__doc__.splitlines()[0], run_sample, EVENTS, QUOTES, argv)


if __name__ == "__main__":
    main()
