"""How each per-document stage's time grows with one document's length (issue 11 §2).

Builds documents of each size (UTF-8 bytes; default 10 KB, 100 KB, 1 MB) in
several shapes, runs them through the stages of ``rasad.pipeline.STAGES`` one
at a time (``rasad.pipeline.stage(name)``), and prints seconds per stage per
size and the growth per 10x of size. Linear work grows 10x per 10x; the target
is at most about 10-15x, and 1 MB well under 60 s per stage.

Shapes, built at run time from ../shared/data/news (or examples/seeds when
the dumps are absent):

* ``news-fa`` / ``news-ar``: Persian (Fars News) / Arabic (SaudiNewsNet)
  articles, one after another, repeated only when the dump runs out;
* ``relative``: «دیروز » ("yesterday") repeated, no date given;
* ``line``: the Persian articles as one line, punctuation and line breaks
  replaced by spaces;
* ``quotes``: Persian sentences as quotes with a cue and a number each
  ("او گفت: «… ۱۲ درصد …»").

Usage:
    PYTHONPATH=src .venv/bin/python benchmarks/doc_scaling.py
    PYTHONPATH=src .venv/bin/python benchmarks/doc_scaling.py --sizes 10k,100k --shapes relative,line
    PYTHONPATH=src .venv/bin/python benchmarks/doc_scaling.py --ner fast   # sparse CRF tagger

One process; on a 2-core machine the tagger uses both cores, the other stages one.
"""

from __future__ import annotations

import argparse
import copy
import gzip
import itertools
import json
import math
import os
import platform
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from rasad.doctor import cpu_name

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "data" / "news"
SEEDS = ROOT / "examples" / "seeds"
DUMPS = {
    "fa": [("farsnews_1402_fa.jsonl.gz", "body"), ("farsnews_fa.jsonl.gz", "body")],
    "ar": [("saudinewsnet_ar.jsonl.gz", "content")],
}
SHAPES = ("news-fa", "news-ar", "relative", "line", "quotes")
#: Sizes (bytes) up to which the entity stage's time is the best of --repeat runs (other stages: always).
REPEAT_UNDER = 100_000
SLOW_STAGE = "rasad.extract.entities"
#: Growth per 10x of size above which a stage is flagged as super-linear.
GROWTH_FLAG = 15.0
_PUNCT = re.compile(r"[^\w\s\u200c]|\s+")
_SENTENCE = re.compile(r"[^.!?؟\n]{40,300}[.!?؟]")
_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")



def articles(lang: str) -> Iterator[str]:
    """Article texts of ``lang`` from the news dumps, else the seed articles, endlessly."""
    found = False
    for name, field in DUMPS[lang]:
        path = NEWS / name
        if not path.is_file():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                text = (json.loads(line).get(field) or "").strip()
                if text:
                    found = True
                    yield text
    seeds = [p.read_text(encoding="utf-8").strip() for p in sorted(SEEDS.glob("*.txt"))]
    pool = [t for t in seeds if (len(re.findall("[پچژگ]", t)) > 0) == (lang == "fa")] or seeds
    if not found and not pool:
        raise SystemExit(f"error: no {lang} text in {NEWS} or {SEEDS}")
    yield from itertools.cycle(pool)


def fill(parts: Iterator[str], size: int, sep: str = "\n\n") -> str:
    """Join ``parts`` until the text holds ``size`` UTF-8 bytes, cut to exactly that at most."""
    out: list[str] = []
    total = 0
    for p in parts:
        out.append(p)
        total += len(p.encode("utf-8")) + len(sep)
        if total >= size:
            break
    text = sep.join(out)
    return text.encode("utf-8")[:size].decode("utf-8", "ignore")


def quotes(lang: str) -> Iterator[str]:
    """Sentences of real articles turned into cued quotes with a figure each."""
    n = 0
    for text in articles(lang):
        for m in _SENTENCE.finditer(text):
            n += 1
            figure = str(n % 97 + 3).translate(_FA_DIGITS)
            yield f"او گفت: «{m.group().strip()} این رقم {figure} درصد است.»"


BUILDERS: dict[str, tuple[str, Callable[[int], str]]] = {
    "news-fa": ("fa", lambda size: fill(articles("fa"), size)),
    "news-ar": ("ar", lambda size: fill(articles("ar"), size)),
    "relative": ("fa", lambda size: fill(itertools.repeat("دیروز"), size, " ")),
    "line": ("fa", lambda size: fill((_PUNCT.sub(" ", t).strip() for t in articles("fa")), size, " ")),
    "quotes": ("fa", lambda size: fill(quotes("fa"), size, " ")),
}


def parse_size(s: str) -> int:
    """``10k``, ``1m``, ``2500`` -> bytes."""
    s = s.strip().lower()
    mult = {"k": 1000, "m": 1000_000}.get(s[-1:], 1)
    return int(float(s[:-1] if mult > 1 else s) * mult)


def label(size: int) -> str:
    return f"{size // 1000_000} MB" if size >= 1000_000 else f"{size // 1000} KB"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10k,100k,1m", help="comma-separated sizes in bytes (k, m suffixes)")
    ap.add_argument("--shapes", default=",".join(SHAPES), help=f"comma-separated, of: {', '.join(SHAPES)}")
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs per stage (entities: up to 100 KB)")
    ap.add_argument("--ner", choices=["default", "fast", "crf"], default="default", help="RASAD_NER for the entity stage")
    args = ap.parse_args(argv)
    if args.ner != "default":
        os.environ["RASAD_NER"] = args.ner
    from rasad.doc import Doc
    from rasad.pipeline import STAGES, stage
    from rasad.text import segment

    sizes = sorted(parse_size(s) for s in args.sizes.split(","))
    shapes = [s for s in args.shapes.split(",") if s]
    unknown = [s for s in shapes if s not in BUILDERS]
    if unknown:
        ap.error(f"unknown shape(s): {', '.join(unknown)}")
    print(f"cpu: {cpu_name()} ({os.cpu_count()} cores); python {platform.python_version()}; "
          f"NER: {args.ner}; MAX_SENTENCE_CHARS={getattr(segment, 'MAX_SENTENCE_CHARS', None)}")  # fmt: skip
    for lang in ("fa", "ar"):  # load models and tables outside the timings
        doc = Doc(text=fill(articles(lang), 3000), lang=lang)
        for name in STAGES:
            doc = stage(name)(doc)
    flagged: list[str] = []
    short = {name: name.rsplit(".", 1)[-1] for name in STAGES}
    for shape in shapes:
        lang, build = BUILDERS[shape]
        secs: dict[int, dict[str, float]] = {}  # wall seconds
        cpu: dict[int, dict[str, float]] = {}  # this process's CPU seconds (all its threads)
        for size in sizes:
            text = build(size)
            secs[size], cpu[size] = {}, {}
            doc = Doc(text=text, lang=lang)
            for name in STAGES:
                # best of --repeat: each stage on copies of its input, then on the doc itself (which
                # keeps the fact stages' shared cache); the slow tagger is repeated only up to 100 KB
                runs = 1 if name == SLOW_STAGE and size > REPEAT_UNDER else args.repeat
                for r in range(runs):
                    target = doc if r == runs - 1 else copy.deepcopy(doc)
                    t0, c0 = time.perf_counter(), time.process_time()
                    out = stage(name)(target)
                    took, used = time.perf_counter() - t0, time.process_time() - c0
                    secs[size][name] = min(took, secs[size].get(name, took))
                    cpu[size][name] = min(used, cpu[size].get(name, used))
                doc = out
            longest = max((s.end - s.start for s in doc.sentences), default=0)
            print(f"  {shape} {label(size)}: {len(doc.text):,} chars, {len(doc.sentences):,} sentences "
                  f"(longest {longest:,}), {len(doc.tokens):,} tokens, {len(doc.mentions):,} mentions, "
                  f"{len(doc.times):,} times, {len(doc.events):,} events, {len(doc.quotes):,} quotes, "
                  f"{len(doc.claims):,} claims, {sum(secs[size].values()):.1f} s", flush=True)  # fmt: skip
        head = f"{'shape':9s} {'stage':9s}" + "".join(f"{label(s):>10s}" for s in sizes)
        head += "".join(f"{'  per10x ' + label(a) + '-' + label(b):>18s}" for a, b in itertools.pairwise(sizes))
        print(head)
        for name in [*STAGES, "total"]:
            row = [sum(secs[s].values()) if name == "total" else secs[s][name] for s in sizes]
            used = [sum(cpu[s].values()) if name == "total" else cpu[s][name] for s in sizes]
            line = f"{shape:9s} {short.get(name, name):9s}" + "".join(f"{v:10.2f}" for v in row)
            for (a, b), (va, vb) in zip(itertools.pairwise(sizes), itertools.pairwise(used), strict=True):
                # the factor per 10x of size, for time ~ size**k fitted on the two sizes
                growth = 10 ** (math.log(vb / va) / math.log(b / a)) if va > 0 and vb > 0 else float("nan")
                mark = "!" if growth > GROWTH_FLAG and vb > 0.5 else " "
                line += f"{growth:17.1f}{mark}"
                if mark == "!":
                    flagged.append(f"{shape}/{short.get(name, name)} {label(a)}->{label(b)}")
            print(line)
        print()
    print("times are wall seconds (best of --repeat; entities above 100 KB: one run); growth is per 10x of size, from CPU seconds")
    print("(steadier than wall time on a shared machine); '!' marks more than", GROWTH_FLAG,
          "where the larger CPU time is over 0.5 s")  # fmt: skip
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.2f} (other processes slow every figure)")
    if flagged:
        print("super-linear:", "; ".join(flagged))
    return 0


if __name__ == "__main__":
    sys.exit(main())
