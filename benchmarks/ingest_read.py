"""Reading speed and encoding detection of :mod:`rasad.ingest` on the shared news dumps.

Usage: ``PYTHONPATH=src python benchmarks/ingest_read.py [--data DIR] [--encodings N]``

1. Streams each ``news/*.jsonl.gz`` dump through ``iter_documents`` (one
   process, one core): rows, Docs, Failures, seconds, microseconds per row,
   Docs with a Gregorian ``Doc.date``, peak resident memory.
2. Takes the first N articles of each dump, encodes each in the legacy code
   pages it fits (Windows-1256 for both languages, with Persian yeh written as
   Arabic yeh as those pages do; ISO-8859-6 for Arabic, characters it lacks
   dropped) and in UTF-16 with a BOM, writes nothing, and counts how often
   ``decode_bytes`` gives back exactly the text and the right encoding.
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import json
import resource
import time
from collections import Counter
from pathlib import Path

from rasad.doc import Doc
from rasad.ingest import IngestError, iter_documents
from rasad.ingest.decode import decode_bytes

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
DUMPS = ("saudinewsnet_ar.jsonl.gz", "farsnews_fa.jsonl.gz", "farsnews_1402_fa.jsonl.gz")


def read_speed(data: Path) -> None:
    print("| dump | rows | Docs | Failures | dated | seconds | µs/row |")
    print("|---|---|---|---|---|---|---|")
    for name in DUMPS:
        path = data / "news" / name
        docs = fails = dated = 0
        t0 = time.perf_counter()
        for item in iter_documents([str(path)]):
            if isinstance(item, Doc):
                docs += 1
                dated += item.date is not None
            else:
                fails += 1
        dt = time.perf_counter() - t0
        rows = docs + fails
        print(f"| {name} | {rows} | {docs} | {fails} | {dated} | {dt:.2f} | {dt / rows * 1e6:.0f} |")


def _texts(path: Path, n: int) -> list[str]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            text = row.get("content") or row.get("body") or ""
            if text.strip():
                out.append(text)
            if len(out) >= n:
                break
    return out


def encodings(data: Path, n: int) -> None:
    tally: Counter[tuple[str, str, str]] = Counter()
    for name in DUMPS:
        lang = name.split("_")[-1].split(".")[0]
        for text in _texts(data / "news" / name, n):
            cases = [("utf-16", codecs.BOM_UTF16_LE + text.encode("utf-16-le"))]
            cp = text.replace("ی", "ي").encode("cp1256", errors="ignore")
            cases.append(("cp1256", cp))
            if lang == "ar":
                cases.append(("iso8859-6", text.encode("iso-8859-6", errors="ignore")))
            for enc, raw in cases:
                expected = raw.decode(enc)
                try:
                    got, used = decode_bytes(raw)
                except IngestError:
                    tally[(lang, enc, "refused")] += 1
                    continue
                ok = got == expected.lstrip("\ufeff")  # a pure-ASCII text fits any name
                tally[(lang, enc, "exact" if ok else f"wrong ({used})")] += 1
    print("\n| language | encoding | outcome | articles |")
    print("|---|---|---|---|")
    for (lang, enc, outcome), count in sorted(tally.items()):
        print(f"| {lang} | {enc} | {outcome} | {count} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--encodings", type=int, default=300, help="articles per dump (0: skip)")
    args = ap.parse_args()
    read_speed(args.data)
    if args.encodings:
        encodings(args.data, args.encodings)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak resident memory: {rss:.0f} MB")


if __name__ == "__main__":
    main()
