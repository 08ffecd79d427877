"""Build ``rasad/kb/data/names.json.gz``: names learned from NER training data.

Run ``python -m rasad.kb.build_names [--data ../shared/data]`` (the output is
committed; nothing is downloaded). Reads only training splits, never dev or
test: PEYMA train and ParsTwiNER train (fa), ANERcorp train and Wojood train
(ar), and the news corpora (Fars, SaudiNewsNet) for word frequencies.

For every entity span (PER / ORG / LOC; Wojood's PERS → PER, GPE and FAC →
LOC) the key (:func:`rasad.kb.names.name_key`) is counted: how often it is
tagged as a whole span (per label), and, in each language's training data,
how often its words occur at all and how often they are a whole tagged span. The news corpora give each folded, article-stripped word's frequency per
million tokens (kept from :data:`MIN_STORED_PPM` up). The thresholds that
decide which names are used live in :mod:`rasad.kb.names`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
from collections import Counter, defaultdict
from pathlib import Path

from rasad.kb.names import DATA_FILE, MAX_NAME_WORDS, _bare, name_key
from rasad.text.fold import fold

log = logging.getLogger(__name__)

DEFAULT_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
#: Training splits only (dev and test are evaluation data).
TRAIN_FILES = {
    "fa": ["ner/fa/peyma/train.conll", "ner/fa/parstwiner/train.conll"],
    "ar": ["ner/ar/anercorp/train.conll", "ner/ar/wojood/train.conll"],
}
NEWS_FILES = {"fa": ["news/farsnews_fa.jsonl.gz", "news/farsnews_1402_fa.jsonl.gz"], "ar": ["news/saudinewsnet_ar.jsonl.gz"]}
#: Training-set labels kept, and the label they are filed under.
LABELS = {"PER": "PER", "PERS": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "FAC": "LOC"}
#: News words rarer than this (per million tokens) are not stored.
MIN_STORED_PPM = 5.0
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _read_conll(path: Path) -> list[tuple[list[str], list[str]]]:
    """Sentences of a CoNLL file (token, tag per line; blank line between sentences)."""
    out: list[tuple[list[str], list[str]]] = []
    tokens: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            tokens.append(parts[0])
            tags.append(parts[-1])
        elif tokens:
            out.append((tokens, tags))
            tokens, tags = [], []
    if tokens:
        out.append((tokens, tags))
    return out


def _spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) of the BIO spans; an I- that does not continue its type starts a span."""
    out: list[tuple[int, int, str]] = []
    start, typ = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        kind = tag.split("-", 1)[-1] if tag != "O" else ""
        if start >= 0 and (tag == "O" or tag.startswith("B-") or kind != typ):
            out.append((start, i, typ))
            start = -1
        if tag != "O" and start < 0:
            start, typ = i, kind
    return out


def _train_counts(data: Path) -> tuple[dict[str, Counter[str]], dict[str, Counter[str]], dict[str, Counter[str]]]:
    """Per key: tagged-span labels; per language: occurrences of the key, and as a whole tagged span."""
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    corpora = {lang: [s for rel in files for s in _read_conll(data / rel)] for lang, files in TRAIN_FILES.items()}
    for sentences in corpora.values():
        for tokens, tags in sentences:
            for s, e, typ in _spans(tags):
                if typ in LABELS and e - s <= MAX_NAME_WORDS:
                    key = name_key(tokens[s:e])
                    if key:
                        labels[key][LABELS[typ]] += 1
    seen: dict[str, Counter[str]] = {lang: Counter() for lang in corpora}
    exact: dict[str, Counter[str]] = {lang: Counter() for lang in corpora}
    for lang, sentences in corpora.items():
        for tokens, tags in sentences:
            named = {(s, e) for s, e, typ in _spans(tags) if typ in LABELS}
            for i in range(len(tokens)):
                for n in range(1, min(MAX_NAME_WORDS, len(tokens) - i) + 1):
                    key = name_key(tokens[i : i + n])
                    if key in labels:
                        seen[lang][key] += 1
                        exact[lang][key] += (i, i + n) in named
    return labels, seen, exact


def _news_ppm(data: Path) -> dict[str, dict[str, float]]:
    """Per language: folded, article-stripped words at least MIN_STORED_PPM per million tokens."""
    out: dict[str, dict[str, float]] = {}
    for lang, files in NEWS_FILES.items():
        counts: Counter[str] = Counter()
        for rel in files:
            with gzip.open(data / rel, "rt", encoding="utf-8") as f:
                for line in f:
                    try:
                        row = json.loads(line)
                    except json.JSONDecodeError:
                        continue
                    text = " ".join(str(row.get(k) or "") for k in ("title", "content", "abstract", "body", "text"))
                    counts.update(_WORD.findall(fold(text)))
        total = sum(counts.values())
        bare: Counter[str] = Counter()
        for w, c in counts.items():
            bare[_bare(w)] += c
        out[lang] = {w: round(1e6 * c / total, 1) for w, c in sorted(bare.items()) if 1e6 * c / total >= MIN_STORED_PPM}
        log.info("news %s: %d tokens, %d words kept", lang, total, len(out[lang]))
    return out


def build(data: Path, out: Path = DATA_FILE) -> dict[str, int]:
    """Write the name file from ``data`` (the shared data folder); returns counts."""
    labels, seen, exact = _train_counts(data)
    rows = []
    for key in sorted(labels):
        label = labels[key].most_common(1)[0][0]
        rows.append([key, label, exact["fa"][key], seen["fa"][key], exact["ar"][key], seen["ar"][key]])
    common = _news_ppm(data)
    payload = {
        "meta": {"train": TRAIN_FILES, "news": NEWS_FILES, "min_stored_ppm": MIN_STORED_PPM},
        "names": rows,
        "common": common,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(out, "wb", mtime=0) as f:
        f.write(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return {"names": len(rows), **{f"common_{lang}": len(v) for lang, v in common.items()}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder (../shared/data)")
    ap.add_argument("--out", type=Path, default=DATA_FILE)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    counts = build(args.data, args.out)
    log.info("wrote %s: %s", args.out, counts)


if __name__ == "__main__":
    main()
