"""Add label-independent keys to a judged sample's files (``roles_sha``, ``speaker_sha``).

Run on code whose output the judgements match (every judged item found by its
original key): each judged event gets ``roles_sha`` and each judged quote
``speaker_sha`` (see ``news_sample4.event_roles_key`` / ``quote_speaker_key``).
Later label-only changes then keep the judgements. Items not found keep no new
key. Usage: PYTHONPATH=src .venv/bin/python benchmarks/sample_rekey.py 4|5
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import news_sample4 as s4
from news_sample4 import event_key, event_roles_key, quote_key, quote_speaker_key

KEYS_EV = ("source", "trigger_start", "type", "mode", "line_sha")
KEYS_QT = ("source", "start", "sha")


def rekey(sample: str) -> tuple[int, int]:
    if sample == "4":
        module, events, quotes = s4, s4.EVENTS, s4.QUOTES
    else:
        import news_sample5 as module

        events, quotes = module.EVENTS, module.QUOTES
    docs = module.run_sample()
    ev_new = {event_key(doc, e): event_roles_key(doc, e) for _, doc in docs for e in doc.events}
    qt_new = {quote_key(doc, q): quote_speaker_key(doc, q) for _, doc in docs for q in doc.quotes}
    counts = [0, 0]
    for n, (path, fields, new, name) in enumerate(
        ((events, KEYS_EV, ev_new, "roles_sha"), (quotes, KEYS_QT, qt_new, "speaker_sha"))
    ):
        lines = []
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            k = tuple(r[f] for f in fields)
            if k in new:
                r[name] = new[k]
                counts[n] += 1
            lines.append(json.dumps(r, ensure_ascii=False))
        Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return counts[0], counts[1]


if __name__ == "__main__":
    print(rekey(sys.argv[1]))
