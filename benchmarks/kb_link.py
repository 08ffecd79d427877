"""KB coverage of gold place mentions, and entity-linking throughput.

Usage: ``PYTHONPATH=src python benchmarks/kb_link.py [--data DIR] [--doc-sentences N] [--json]``

Reads gold BIO spans from ``ner/fa/peyma/test.conll`` and
``ner/ar/anercorp/dev.conll`` (../shared/data). For each corpus:

* **KB coverage:** the share of gold ``LOC`` mentions (PEYMA and ANERcorp tag
  countries, cities and regions as LOC) that :func:`rasad.kb.lookup_place`
  resolves, over mention occurrences and over distinct surface forms, with a
  breakdown by place kind. Unresolved forms are listed (most frequent first)
  so gaps can be read.
* **Linking throughput:** consecutive sentences are grouped into pseudo-
  documents of N sentences, the gold PER/ORG/LOC spans become mentions
  (LOC as GPE), and every document is linked into one growing
  :class:`rasad.link.entities.EntityIndex`. Reports mentions/s, documents/s
  and the entity count, and mentions per CPU second (steadier than wall
  time on a shared machine). One process, one core.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

from rasad.doc import Doc, Mention
from rasad.kb import lookup_place
from rasad.link.entities import EntityIndex, link_document

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
CORPORA = {"fa": "ner/fa/peyma/test.conll", "ar": "ner/ar/anercorp/dev.conll"}
_TYPE = {"PER": "PER", "ORG": "ORG", "LOC": "GPE"}


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    """Sentences as lists of (token, tag)."""
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                sentences.append(current)
                current = []
            continue
        token, _, tag = line.partition("\t")
        current.append((token, tag.strip() or "O"))
    if current:
        sentences.append(current)
    return sentences


def to_doc(sentences: list[list[tuple[str, str]]], lang: str) -> Doc:
    """Join sentences into one text; gold spans become mentions."""
    parts: list[str] = []
    mentions: list[Mention] = []
    pos = 0
    for sent in sentences:
        open_span: tuple[int, str] | None = None
        last_end = pos
        for token, tag in sent:
            start = pos
            parts.append(token + " ")
            pos += len(token) + 1
            kind = tag[2:] if tag[:2] in ("B-", "I-") else None
            if open_span and (tag.startswith("B-") or kind != open_span[1]):
                mentions.append(_mention(parts, open_span, last_end))
                open_span = None
            if tag.startswith("B-") or (tag.startswith("I-") and open_span is None):
                open_span = (start, kind or "")
            last_end = start + len(token)
        if open_span:
            mentions.append(_mention(parts, open_span, last_end))
        parts.append("\n")
        pos += 1
    text = "".join(parts)
    kept = [m for m in mentions if m.type in _TYPE.values()]
    for m in kept:
        assert text[m.start : m.end] == m.text
    return Doc(text=text, lang=lang, mentions=kept)


def _mention(parts: list[str], span: tuple[int, str], end: int) -> Mention:
    text = "".join(parts)[span[0] : end]
    return Mention(span[0], end, text, _TYPE.get(span[1], span[1]), head=text)


def run(data: Path, doc_sentences: int) -> dict[str, Any]:
    """Measure both corpora; a JSON-ready result."""
    result: dict[str, Any] = {}
    for lang, rel in CORPORA.items():
        sentences = read_conll(data / rel)
        docs = [to_doc(sentences[i : i + doc_sentences], lang) for i in range(0, len(sentences), doc_sentences)]
        places = [m.text for d in docs for m in d.mentions if m.type == "GPE"]
        started = time.perf_counter()
        kinds: Counter[str] = Counter()
        missed: Counter[str] = Counter()
        for form in places:
            p = lookup_place(form, lang)
            kinds[p.kind if p else "unresolved"] += 1
            if p is None:
                missed[form] += 1
        kb_seconds = time.perf_counter() - started
        distinct = set(places)
        resolved_distinct = sum(1 for f in distinct if f not in missed)
        index = EntityIndex()
        n_mentions = sum(len(d.mentions) for d in docs)
        started, cpu_started = time.perf_counter(), time.process_time()
        for number, doc in enumerate(docs, 1):
            link_document(doc, index, article=number)
        link_seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
        result[lang] = {
            "corpus": rel,
            "loc_mentions": len(places),
            "loc_resolved": round(100 * (len(places) - sum(missed.values())) / max(1, len(places)), 1),
            "loc_distinct": len(distinct),
            "loc_distinct_resolved": round(100 * resolved_distinct / max(1, len(distinct)), 1),
            "by_kind": dict(kinds),
            "lookups_per_s": round(len(places) / kb_seconds) if kb_seconds else None,
            "top_unresolved": missed.most_common(15),
            "docs": len(docs),
            "mentions": n_mentions,
            "entities": len(index),
            "mentions_per_s": round(n_mentions / link_seconds),
            "docs_per_s": round(len(docs) / link_seconds, 1),
            "cpu_mentions_per_s": round(n_mentions / cpu_seconds) if cpu_seconds else None,
        }
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--doc-sentences", type=int, default=20, help="sentences per pseudo-document")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    result = run(args.data, args.doc_sentences)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    for lang, r in result.items():
        print(f"[{lang}] {r['corpus']}")
        print(f"  KB: {r['loc_resolved']}% of {r['loc_mentions']} gold LOC mentions resolved "
              f"({r['loc_distinct_resolved']}% of {r['loc_distinct']} distinct forms); by kind {r['by_kind']}")
        print(f"  top unresolved: {', '.join(f'{f} ({n})' for f, n in r['top_unresolved'])}")
        print(f"  linking: {r['mentions']} mentions in {r['docs']} docs -> {r['entities']} entities; "
              f"{r['mentions_per_s']} mentions/s, {r['docs_per_s']} docs/s; "
              f"{r['cpu_mentions_per_s']} mentions per CPU second")


if __name__ == "__main__":
    main()
