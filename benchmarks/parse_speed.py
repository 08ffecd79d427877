"""Speed of the shipped dependency parsers: words per second on a treebank's held-out sentences.

Loads ``rasad.extract.parse.parser(lang)`` (timed apart), parses the held-out
half of the language's split file once to warm up, then ``--repeat`` more
times, and prints the best and median words/s with the CPU and the threads
torch uses. The parser is a second encoder next to the NER model; this is its
own cost, the figure to add to the pipeline's.

Usage: PYTHONPATH=src .venv/bin/python benchmarks/parse_speed.py [--lang fa ar] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

from rasad.doctor import cpu_name


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lang", nargs="+", default=["fa", "ar"], choices=["fa", "ar"])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    import torch

    from rasad.extract.parse import parser
    from rasad.extract.parse.train import splits

    print(f"cpu: {cpu_name()}; torch threads {torch.get_num_threads()}")
    for lang in args.lang:
        trees = splits(lang).test
        sentences = [t.words for t in trees]
        words = sum(len(s) for s in sentences)
        started = time.perf_counter()
        model = parser(lang)
        load = time.perf_counter() - started
        model.parse(sentences)  # warm-up
        rates = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            model.parse(sentences)
            rates.append(words / (time.perf_counter() - t0))
        print(f"{lang}: {len(sentences)} sentences, {words} words; load {load:.1f} s; "
              f"{max(rates):,.0f} words/s best, {statistics.median(rates):,.0f} median of {args.repeat} "
              f"(kernel {model.encoder.kernel}, {model.n_layers} layers)")


if __name__ == "__main__":
    main()
