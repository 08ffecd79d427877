"""Precision of the numeric-claim stage on real news, against one reader's judgements.

Same samples as ``benchmarks/quotes_news_judged.py`` (development: rows
60-119 of the Persian dump and 2000-2059 of the Arabic one, seed 0; held-out:
rows 180-239 and 3000-3059, seed 1, judged before any change). A claim is
``right`` when it is a real numeric claim (not page furniture, a date, a phone
number, an id or an ordinal rank); ``value`` when its value, unit and
comparator are right; ``subjects`` when its subject entities are plausible
(none is plausible when the sentence names no fitting entity). Judgements are
in ``benchmarks/data/claims_news_{dev,heldout}.jsonl``, keyed by dump row,
start offset and a hash of the claim's text, value, unit, comparator and
English line; no article text is stored.

Usage: RASAD_NER=fast PYTHONPATH=src .venv/bin/python benchmarks/claims_news_judged.py [--heldout] [--show]
"""

from __future__ import annotations

import argparse
from typing import Any

from quotes_news_judged import score, sha

from rasad.doc import Doc


def claim_key(doc: Doc, c: dict[str, Any]) -> tuple[str, int, str]:
    return (doc.source, c["start"], sha(c["text"], c["value"], c["unit"], c["comparator"], c["english"]))


def claim_show(doc: Doc, c: dict[str, Any]) -> str:
    s = c["sentence"]
    sent = doc.text[s["start"] : s["end"]]
    return (f"   {c['text']!r} value={c['value']} unit={c['unit']} cmp={c['comparator']} | {c['english'][:140]}\n"
            f"   SENT: {sent[:300]}")  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="print unjudged claims with their sentences")
    ap.add_argument("--heldout", action="store_true", help="score the held-out sample instead")
    args = ap.parse_args(argv)
    score("claims", args.heldout, args.show, lambda d: d.claims, claim_key, claim_show, ("value", "subjects"))


if __name__ == "__main__":
    main()
