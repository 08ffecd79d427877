"""Throughput of the whole entity stage (rasad.extract.entities.process).

Builds documents from a CoNLL file's sentences (default: PEYMA test for fa,
ANERcorp dev for ar, from ../shared/data/ner), joins them into articles of
about 30 sentences, runs the stage over all of them after one warm-up
document, and prints words per second of wall time and the settings.

    PYTHONPATH=src .venv/bin/python benchmarks/ner_speed.py --lang fa
    PYTHONPATH=src .venv/bin/python benchmarks/ner_speed.py --lang ar --limit 400
    RASAD_NER=fast PYTHONPATH=src .venv/bin/python benchmarks/ner_speed.py --lang fa

``cpu_s`` is this process's CPU time; on a shared machine wall time also
counts other processes, so the load average is printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from rasad.doc import Doc
from rasad.extract import entities
from rasad.extract.ner.conll import read_conll
from rasad.extract.ner.tagger import load

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ner"
DEFAULT = {"fa": DATA / "fa/peyma/test.conll", "ar": DATA / "ar/anercorp/dev.conll"}
SENTENCES_PER_DOC = 30


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lang", choices=["fa", "ar"], required=True)
    ap.add_argument("--conll", type=Path, default=None)
    ap.add_argument("--limit", type=int, default=0, help="Use only the first N sentences.")
    args = ap.parse_args()
    sents = read_conll(args.conll or DEFAULT[args.lang])
    if args.limit:
        sents = sents[: args.limit]
    docs = []
    for k in range(0, len(sents), SENTENCES_PER_DOC):
        chunk = sents[k : k + SENTENCES_PER_DOC]
        docs.append(" ".join(" ".join(w) for w, _ in chunk))
    words = sum(len(w) for w, _ in sents)
    tagger = load(args.lang)
    entities.process(Doc(text=docs[0], lang=args.lang))  # warm-up: loads model and tables
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    n_mentions = 0
    for text in docs:
        n_mentions += len(entities.process(Doc(text=text, lang=args.lang)).mentions)
    wall = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    print(
        json.dumps(
            {
                "lang": args.lang,
                "docs": len(docs),
                "words": words,
                "mentions": n_mentions,
                "wall_s": round(wall, 2),
                "cpu_s": round(cpu, 2),
                "words_per_s": round(words / wall),
                "kind": tagger.meta.get("kind", "crf"),
                "e5_layers": tagger.layers,
                "model": str(tagger.folder.relative_to(tagger.folder.parents[2])),
                "cpus": os.cpu_count(),
                "load_avg_1m": round(os.getloadavg()[0], 2),
            }
        )
    )


if __name__ == "__main__":
    main()
