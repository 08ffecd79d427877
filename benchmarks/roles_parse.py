"""Event roles from the dependency parse against word order, on the annotated sentences (issue 12).

Runs the pipeline over the articles of ``data/event_sentences`` twice: as
shipped (roles, modality and dates from the parse) and with the parse switched
off (``syntax.trees`` returns nothing, so every sentence falls back to the
word-order rules). For the events whose type matches an annotated event of
their sentence, it prints the share whose actor, recipient and modality are all
right (as ``rasad.extract.event_filter_train`` labels them), per split.

Usage: python benchmarks/roles_parse.py
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from rasad.extract import event_filter, syntax
from rasad.extract import event_filter_train as training


def rates(data: list[dict[str, Any]]) -> dict[str, str]:
    typed: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for d in data:
        if d["label"] == d["proposed"]:
            for split in (d["split"], "all"):
                typed[split] += 1
                right[split] += d["roles"]
    return {s: f"{right[s] / typed[s]:.3f} ({right[s]}/{typed[s]})" for s in ("train", "dev", "test", "all") if typed[s]}


def main() -> None:
    with event_filter.disabled():
        parsed = training.items()
        real = syntax.trees
        syntax.trees = lambda doc, spans: {}  # type: ignore[assignment]
        try:
            order = training.items()
        finally:
            syntax.trees = real  # type: ignore[assignment]
    print("events of the right type whose actor, recipient and modality are right:")
    print(f"  roles from the parse: {rates(parsed)}")
    print(f"  word order only:      {rates(order)}")


if __name__ == "__main__":
    main()
