"""Learn the Persian-vs-Arabic language model from the news dumps.

``python -m rasad.text.train_langid [--data DIR]`` reads the train split of
``farsnews_*.jsonl.gz`` (Persian) and ``saudinewsnet_ar.jsonl.gz`` (Arabic,
split by crc32 of the URL, see :func:`rasad.text.train_zwnj.split_of`), counts
:func:`rasad.text.langid.features`, and writes naive-Bayes log-odds weights to
``src/rasad/text/data/langid_fa_ar.json.gz``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import math
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from rasad.text.langid import features
from rasad.text.train_zwnj import DEFAULT_DATA, split_of

log = logging.getLogger(__name__)

DEFAULT_OUT = Path(__file__).resolve().parent / "data" / "langid_fa_ar.json.gz"
#: Arabic training documents used (the dump is large; this keeps both sides comparable).
MAX_AR_DOCS = 3000
#: Features seen fewer times (both languages together) are dropped.
MIN_FEATURE_COUNT = 5
#: Add-alpha smoothing of the per-language feature distributions.
ALPHA = 0.5
#: Weights with a smaller magnitude are dropped (they barely move a decision).
MIN_ABS_WEIGHT = 0.2


def iter_docs(data_dir: Path, lang: str, split: str) -> Iterator[str]:
    """Texts of ``lang`` (fa or ar) in ``split``."""
    if lang == "fa":
        paths, key, id_key = sorted(data_dir.glob("farsnews_*.jsonl.gz")), "body", "id"
    else:
        paths, key, id_key = [data_dir / "saudinewsnet_ar.jsonl.gz"], "content", "url"
    for path in paths:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                doc = json.loads(line)
                if split_of(str(doc.get(id_key, ""))) == split:
                    yield str(doc.get("title") or "") + "\n" + str(doc.get(key) or "")


def main(argv: list[str] | None = None) -> None:
    """Command-line entry: learn from the train split and write the weights."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    counts = {"fa": Counter[str](), "ar": Counter[str]()}
    for lang in ("fa", "ar"):
        for i, text in enumerate(iter_docs(args.data, lang, "train")):
            if lang == "ar" and i >= MAX_AR_DOCS:
                break
            counts[lang].update(features(text))
    vocab = {
        f
        for f in counts["fa"].keys() | counts["ar"].keys()
        if counts["fa"][f] + counts["ar"][f] >= MIN_FEATURE_COUNT
    }
    tot = {lang: sum(counts[lang][f] for f in vocab) + ALPHA * len(vocab) for lang in counts}
    weights = {}
    for f in vocab:
        w = math.log((counts["fa"][f] + ALPHA) / tot["fa"]) - math.log(
            (counts["ar"][f] + ALPHA) / tot["ar"]
        )
        if abs(w) >= MIN_ABS_WEIGHT:
            weights[f] = round(w, 2)
    raw = json.dumps({"bias": 0.0, "weights": weights}, ensure_ascii=False, separators=(",", ":"))
    args.out.write_bytes(gzip.compress(raw.encode("utf-8"), mtime=0))
    log.info("wrote %s: %d features (%d bytes)", args.out, len(weights), args.out.stat().st_size)


if __name__ == "__main__":
    main()
