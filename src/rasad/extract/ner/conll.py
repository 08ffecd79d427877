"""CoNLL reading and conlleval-style strict entity scoring.

Files hold one ``token<TAB>tag`` per line (a space also separates) and a blank
line between sentences; tags are BIO with a hyphen (``B-PER``, ``I-ORG``, ``O``).
Scoring follows conlleval: an entity counts as correct only when its type and
both boundaries match exactly; an ``I-X`` that does not continue an ``X``
entity starts a new one, as conlleval does.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

Sentence = tuple[list[str], list[str]]


class ConllError(ValueError):
    """A CoNLL file that cannot be read; the message names the file and line."""


def read_conll(path: str | Path) -> list[Sentence]:
    """Sentences of ``path`` as (tokens, tags) pairs.

    Raises :class:`ConllError` naming the file and line of the first bad line.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConllError(f"{path}: cannot read: {exc}") from exc
    return list(parse_conll(text.splitlines(), name=str(path)))


def parse_conll(lines: Iterable[str], name: str = "<conll>") -> Iterator[Sentence]:
    """Parse CoNLL lines into (tokens, tags) sentences."""
    toks: list[str] = []
    tags: list[str] = []
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            if toks:
                yield toks, tags
                toks, tags = [], []
            continue
        if line.startswith("-DOCSTART-"):
            continue
        parts = line.split("\t") if "\t" in line else line.rsplit(" ", 1)
        if len(parts) < 2 or not parts[-1].strip():
            raise ConllError(f"{name}:{lineno}: expected 'token<TAB>tag', got {line!r}")
        tag = parts[-1].strip()
        if tag != "O" and not (len(tag) > 2 and tag[:2] in ("B-", "I-")):
            raise ConllError(f"{name}:{lineno}: tag {tag!r} is not BIO (O, B-X or I-X)")
        toks.append(parts[0].strip() or "_")
        tags.append(tag)
    if toks:
        yield toks, tags


def write_conll(sentences: Iterable[Sentence], path: str | Path) -> None:
    """Write (tokens, tags) sentences to ``path`` in CoNLL form."""
    with Path(path).open("w", encoding="utf-8") as fh:
        for toks, tags in sentences:
            for tok, tag in zip(toks, tags, strict=True):
                fh.write(f"{tok}\t{tag}\n")
            fh.write("\n")


def spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entity spans ``(start, end, type)`` (token indices, end exclusive), conlleval rules."""
    out: list[tuple[int, int, str]] = []
    start = -1
    typ = ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, t = tag.partition("-")
        ends = start >= 0 and (prefix in ("O", "B") or t != typ)
        if ends:
            out.append((start, i, typ))
            start = -1
        if prefix in ("B", "I") and start < 0:
            start, typ = i, t
    return out


def map_tags(tags: Sequence[str], mapping: dict[str, str | None]) -> list[str]:
    """Rename entity types by ``mapping``; a type mapped to None (or absent) becomes O."""
    out = []
    for tag in tags:
        if tag == "O":
            out.append(tag)
            continue
        prefix, _, t = tag.partition("-")
        new = mapping.get(t)
        out.append(f"{prefix}-{new}" if new else "O")
    return out


@dataclass
class Score:
    """Strict entity-level counts and the figures derived from them."""

    tp: dict[str, int] = field(default_factory=dict)
    n_pred: dict[str, int] = field(default_factory=dict)
    n_gold: dict[str, int] = field(default_factory=dict)
    tokens: int = 0

    @staticmethod
    def _prf(tp: int, npred: int, ngold: int) -> dict[str, float]:
        p = tp / npred if npred else 0.0
        r = tp / ngold if ngold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}

    def overall(self) -> dict[str, float]:
        """Micro-averaged strict precision, recall and F1 over all types."""
        return self._prf(
            sum(self.tp.values()), sum(self.n_pred.values()), sum(self.n_gold.values())
        )

    def per_type(self) -> dict[str, dict[str, float]]:
        """Strict P/R/F1 and gold support for each type seen in gold or predictions."""
        types = sorted(set(self.n_gold) | set(self.n_pred))
        out: dict[str, dict[str, float]] = {}
        for t in types:
            d: dict[str, float] = self._prf(
                self.tp.get(t, 0), self.n_pred.get(t, 0), self.n_gold.get(t, 0)
            )
            d["support"] = self.n_gold.get(t, 0)
            out[t] = d
        return out


def score(gold: Iterable[Sequence[str]], pred: Iterable[Sequence[str]]) -> Score:
    """Strict (conlleval) entity scores of predicted tag sequences against gold ones."""
    sc = Score()
    for g, p in zip(gold, pred, strict=True):
        if len(g) != len(p):
            raise ValueError(f"gold has {len(g)} tags but prediction {len(p)}")
        sc.tokens += len(g)
        gs = set(spans(g))
        ps = set(spans(p))
        for _, _, t in gs:
            sc.n_gold[t] = sc.n_gold.get(t, 0) + 1
        for _, _, t in ps:
            sc.n_pred[t] = sc.n_pred.get(t, 0) + 1
        for _, _, t in gs & ps:
            sc.tp[t] = sc.tp.get(t, 0) + 1
    return sc
