"""Learn recurring furniture lines from the news dumps.

``python -m rasad.text.train_boilerplate [--data DIR]`` counts, per outlet, the
short lines (folded) that recur across many articles of the train split and
writes them to ``src/rasad/text/data/boilerplate_fa_ar.json.gz``. Lines with
digits are left out: recurring datelines carry dates later stages need.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
from collections import Counter
from pathlib import Path

from rasad.text.boilerplate import MAX_UI_WORDS
from rasad.text.fold import fold
from rasad.text.train_zwnj import DEFAULT_DATA, split_of

log = logging.getLogger(__name__)

DEFAULT_OUT = Path(__file__).resolve().parent / "data" / "boilerplate_fa_ar.json.gz"
#: A line is furniture when it recurs in at least this many articles of one outlet.
MIN_DOCS = 10


def main(argv: list[str] | None = None) -> None:
    """Command-line entry: learn from the train split and write the line table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    counts: Counter[tuple[str, str]] = Counter()
    for path in sorted(args.data.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                doc = json.loads(line)
                if split_of(str(doc.get("id") or doc.get("url") or "")) != "train":
                    continue
                body = str(doc.get("content") or doc.get("body") or "")
                keys = {fold(x) for x in body.split("\n") if 0 < len(x.split()) <= MAX_UI_WORDS}
                counts.update(
                    (str(doc.get("source")), k)
                    for k in keys
                    if k and not any(c.isdigit() for c in k)
                )
    lines = sorted({k for (_, k), n in counts.items() if n >= MIN_DOCS})
    raw = json.dumps({"min_docs": MIN_DOCS, "lines": lines}, ensure_ascii=False, indent=0)
    args.out.write_bytes(gzip.compress(raw.encode("utf-8"), mtime=0))
    log.info("wrote %s: %d lines", args.out, len(lines))


if __name__ == "__main__":
    main()
