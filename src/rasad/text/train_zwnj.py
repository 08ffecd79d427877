"""Learn the Persian ZWNJ table from Persian news dumps.

``python -m rasad.text.train_zwnj [--data DIR] [--out PATH]`` reads
``farsnews_*.jsonl.gz`` from ``DIR`` (default ``../shared/data/news`` beside
the repo), keeps the documents whose id is not held out (see :func:`split_of`),
and writes ``src/rasad/text/data/zwnj_fa.json.gz``. The held-out documents are
what ``benchmarks/text_zwnj.py`` scores restoration on.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from rasad.text.normalize import letters_fa
from rasad.text.zwnj import (
    H_SUFFIXES,
    PLURAL_SUFFIXES,
    VERB_PREFIXES,
    ZWNJ,
    build_table,
    rule_split,
)

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parents[3]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "news"
DEFAULT_OUT = Path(__file__).resolve().parent / "data" / "zwnj_fa.json.gz"

#: A glued word gets its ZWNJ form when that form is at least this share of its spellings.
FORM_MIN_SHARE = 0.5
#: ... and was seen at least this many times.
FORM_MIN_COUNT = 1
#: A word counts as a known stem when seen (standalone) this many times.
STEM_MIN_COUNT = 2
#: A glued word the rules would split is kept whole when written glued this many times.
KEEP_MIN_COUNT = 1
#: Held-out split: documents whose crc32(id) % SPLIT_MOD is in these residues.
SPLIT_MOD = 5
TEST_RESIDUE = 0
DEV_RESIDUE = 1

TOKEN = re.compile(r"[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u06c0\u200c]+")


def split_of(doc_id: str) -> str:
    """``train``, ``dev`` or ``test`` for a document id (stable across runs)."""
    r = zlib.crc32(doc_id.encode("utf-8")) % SPLIT_MOD
    return "test" if r == TEST_RESIDUE else "dev" if r == DEV_RESIDUE else "train"


def iter_texts(data_dir: Path, splits: set[str]) -> Iterator[str]:
    """Title and body of each Persian news document in ``splits``, letter-normalised."""
    for path in sorted(data_dir.glob("farsnews_*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                doc = json.loads(line)
                if split_of(str(doc.get("id", ""))) in splits:
                    yield letters_fa("\n".join(str(doc.get(k) or "") for k in ("title", "body")))


def tokens(text: str) -> list[str]:
    """Persian words with their ZWNJ, stray ZWNJ trimmed."""
    return [t.strip(ZWNJ) for t in TOKEN.findall(text) if t.strip(ZWNJ)]


def learn(texts: Iterator[str]) -> dict[str, list[str]]:
    """The table (as JSON-ready lists) learned from ``texts``."""
    plain: Counter[str] = Counter()
    with_zwnj: defaultdict[str, Counter[str]] = defaultdict(Counter)
    verb_rests: Counter[str] = Counter()
    stem_parts: Counter[str] = Counter()
    for text in texts:
        toks = tokens(text)
        for i, tok in enumerate(toks):
            if ZWNJ in tok:
                with_zwnj[tok.replace(ZWNJ, "")][tok] += 1
                head, _, tail = tok.partition(ZWNJ)
                if head in VERB_PREFIXES and ZWNJ not in tail:
                    verb_rests[tail] += 1
                if tok.rsplit(ZWNJ, 1)[1] in PLURAL_SUFFIXES + H_SUFFIXES:
                    stem_parts[tok.rsplit(ZWNJ, 1)[0].replace(ZWNJ, "")] += 1
            else:
                plain[tok] += 1
                if tok in VERB_PREFIXES and i + 1 < len(toks) and ZWNJ not in toks[i + 1]:
                    verb_rests[toks[i + 1]] += 1
    forms = []
    for joined, spellings in with_zwnj.items():
        form, count = spellings.most_common(1)[0]
        total = sum(spellings.values())
        if count >= FORM_MIN_COUNT and total / (total + plain[joined]) >= FORM_MIN_SHARE:
            forms.append(form)
    stems = {w for w, c in plain.items() if c >= STEM_MIN_COUNT} | set(stem_parts)
    data = {
        "forms": sorted(forms),
        "keep": [],
        "verb_rests": sorted(verb_rests),
        "stems": sorted(stems),
    }
    tab = build_table(data)
    data["keep"] = sorted(
        w
        for w, c in plain.items()
        if c >= KEEP_MIN_COUNT and w not in tab.forms and rule_split(w, tab) != w
    )
    return data


def main(argv: list[str] | None = None) -> None:
    """Command-line entry: learn from the train split and write the table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--splits", default="train", help="comma-separated splits to learn from")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    data = learn(iter_texts(args.data, set(args.splits.split(","))))
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    args.out.write_bytes(gzip.compress(raw, mtime=0))
    log.info(
        "wrote %s: %d forms, %d keep, %d verb remainders, %d stems (%d bytes)",
        args.out, len(data["forms"]), len(data["keep"]), len(data["verb_rests"]),
        len(data["stems"]), args.out.stat().st_size,
    )  # fmt: skip


if __name__ == "__main__":
    main()
