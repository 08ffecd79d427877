"""Learned transliteration (rasad.link.translit) against today's romaniser, on held-out name words.

Data (``../shared/data/names``, see its README and heldout_note.md): three
single-word Arabic-English name lists, each with its own split. Scored here:

- ``anetac``: ANETAC's test split (3,014 rows; 2,977 distinct Arabic words);
- ``wikidata``: the COLING 2018 Wikidata person-name words, their 20 % test split;
- ``google``: Google's Wikipedia-mined words, their test split;
- ``persian_words`` / ``persian_names``: ``benchmarks/data/translit_fa_check.tsv``,
  60 Persian spellings of Iranian and foreign person names with their usual English
  spelling, written from general knowledge before any model output was seen
  (words: each Persian word against its English word; names: the whole name).

The model never saw a test word: training drops every row whose folded Arabic
form is the form of a dev or test word of any list (the lists overlap). The word
table is learned from the same training rows, so it holds no test word either:
on these splits "table+model" equals "model" by construction, and
:func:`table_agreement` shows what the table changes on the words it holds.

A test word counts once (its distinct Arabic spelling) and is right when the top
spelling equals any of its reference spellings, case-insensitive ("accuracy");
"loose" also ignores accents, spaces, hyphens and apostrophes. CER: edit distance
to the nearest reference over that reference's length, averaged over words.

Systems: ``model`` (the network alone, beam 2), ``table+model`` (table first),
``romanizer`` = ``rasad.link.names.romanize(word, model=False)`` and
``romanizer+model`` = ``romanize(word, model=True)`` (arabic-name-romanizer's
dictionary and rules, and its ONNX model), lower-cased; and one combination,
``attested+table+model``: the romaniser's usual spelling of a name its name index
attests at least ``ATTESTED_MIN`` times (``rasad.link.names.attested_latin``), else
table+model. The romaniser's dictionary and name index come from Wikidata too and
may hold test words: its rows are not held out the way the model's training is.

Speed: distinct test words per second through ``transliterate_many`` (batched,
cache cleared) and one call per word, with 1 and 2 torch threads.

Run: ``PYTHONPATH=src .venv/bin/python benchmarks/translit_eval.py [--limit N] [--json]``
(about 10-20 minutes with the romaniser's model; ``--no-baseline`` skips the romaniser).
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import time
from typing import Any

import torch

from rasad.link import translit
from rasad.link import translit_train as tt


def cpu_name() -> str:
    """``lscpu``'s model name (the platform's processor string when lscpu is absent)."""
    try:
        lines = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        for line in lines.splitlines():
            if line.startswith("Model name"):
                return line.split(":", 1)[1].strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return platform.processor() or "unknown"


def table_agreement(model: translit.Model) -> dict[str, Any]:
    """How often the model alone already gives the table's spelling, on the table's own words."""
    forms = sorted(model.table)
    decoded = model.decode(forms, 1)
    same = sum(
        bool(c) and c[0][0] == model.table[f][0] for f, c in zip(forms, decoded, strict=True)
    )
    return {"table_words": len(forms), "model_agrees": same / len(forms) if forms else None}


def speed(words: list[str], threads: int) -> dict[str, float]:
    """Words per second, batched and one by one (cache cleared before each)."""
    torch.set_num_threads(threads)
    translit._cache.clear()
    start = time.perf_counter()
    translit.transliterate_many(words, "ar")
    batched = len(words) / (time.perf_counter() - start)
    translit._cache.clear()
    few = words[:300]
    start = time.perf_counter()
    for w in few:
        translit.transliterate(w, "ar")
    single = len(few) / (time.perf_counter() - start)
    translit._cache.clear()
    return {
        "threads": threads,
        "batched_words_per_s": round(batched),
        "single_words_per_s": round(single),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="test", choices=("dev", "test"))
    ap.add_argument("--limit", type=int, default=None, help="first N words of each list")
    ap.add_argument("--no-baseline", action="store_true", help="skip the romaniser")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    systems = tt.SYSTEMS[:2] if args.no_baseline else (*tt.SYSTEMS, tt.ATTESTED)
    report = tt.evaluate(args.split, systems=systems, limit=args.limit)
    model = translit.model()
    report["table"] = table_agreement(model)
    words = sorted(
        {i.word for items in tt.split_items(tt.read_rows(), args.split).values() for i in items}
    )
    report["speed"] = [speed(words[:3000], n) for n in (1, 2)]
    report["cpu"] = cpu_name()
    report["model"] = {
        k: model.meta.get(k)
        for k in ("parameters", "training_pairs", "table_words", "train_seconds")
    }
    if args.json:
        print(json.dumps(report, indent=1, ensure_ascii=False))
        return
    print(f"split: {args.split}; CPU: {report['cpu']}")
    print("| list | system | words | accuracy | accuracy (loose) | CER |")
    print("|---|---|---|---|---|---|")
    for name, by_system in report["sources"].items():
        for system, r in by_system.items():
            print(
                f"| {name} | {system} | {r['words']} | {r['accuracy']:.3f} | {r['accuracy_loose']:.3f} | {r['cer']:.3f} |"
            )
    t = report["table"]
    print(
        f"\ntable: {t['table_words']} words; the model alone gives the table's spelling for {t['model_agrees']:.3f} of them"
    )
    for s in report["speed"]:
        print(
            f"speed, {s['threads']} thread(s): {s['batched_words_per_s']} words/s batched, {s['single_words_per_s']} words/s one by one"
        )


if __name__ == "__main__":
    main()
