"""CoNLL-U reading and writing, and the treebank clean-up the parser is trained on.

A :class:`Tree` is one sentence's syntactic words (multiword-token range lines
and empty nodes are kept aside, so that a file written back keeps them), their
heads (0 = root) and relations. Relations are UD v2: a UD v1 file (Arabic
PADT v1.2) is mapped with :data:`UD1_TO_UD2`. Arabic forms in PADT are fully
vocalised while news is not: :func:`plain_form` strips the vowel marks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

#: UD v1 relations renamed in UD v2 (the subtypes follow their base).
UD1_TO_UD2 = {
    "dobj": "obj",
    "nsubjpass": "nsubj:pass",
    "csubjpass": "csubj:pass",
    "auxpass": "aux:pass",
    "neg": "advmod",
    "name": "flat",
    "mwe": "fixed",
    "remnant": "orphan",
}
#: Arabic vowel marks, shadda, sukun, superscript alef and tatweel: absent from news text.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")


def plain_form(form: str) -> str:
    """``form`` without Arabic vowel marks and tatweel (the shape news text has)."""
    return _MARKS.sub("", form) or form


def ud2_relation(rel: str) -> str:
    """A UD v1 or v2 relation as UD v2 (``dobj`` -> ``obj``, ``nsubjpass:x`` -> ``nsubj:pass``)."""
    base, _, sub = rel.partition(":")
    if base in UD1_TO_UD2:
        mapped = UD1_TO_UD2[base]
        return mapped if not sub or ":" in mapped else f"{mapped}:{sub}"
    return rel


@dataclass
class Tree:
    """One sentence: its words, heads (1-based, 0 = root) and relations, and its other lines."""

    words: list[str]
    heads: list[int]
    rels: list[str]
    rows: list[list[str]] = field(default_factory=list)  # the ten columns of each word line
    comments: list[str] = field(default_factory=list)
    extra: dict[int, list[str]] = field(default_factory=dict)  # range/empty lines before word i

    def to_conllu(self) -> str:
        """The sentence as CoNLL-U, HEAD and DEPREL from :attr:`heads` and :attr:`rels`."""
        lines = list(self.comments)
        for i, row in enumerate(self.rows):
            lines += self.extra.get(i, [])
            cols = list(row)
            cols[6] = str(self.heads[i]) if self.heads[i] >= 0 else "_"
            cols[7] = self.rels[i] or "_"
            lines.append("\t".join(cols))
        lines += self.extra.get(len(self.rows), [])
        return "\n".join(lines) + "\n\n"


class ConlluError(ValueError):
    """A CoNLL-U file that cannot be read; the message names the line."""


#: Parts of speech whose nominal dependents are ``obl`` in UD v2 (``nmod`` in UD v1).
PREDICATE_POS = frozenset({"VERB", "ADJ", "ADV", "AUX"})


def read_conllu(path: str | Path, *, plain: bool = False, ud2: bool = True) -> list[Tree]:
    """The sentences of a CoNLL-U file.

    Blank HEAD or DEPREL (``_``) read as -1 and ``""``. ``plain`` strips Arabic
    vowel marks from the forms. With ``ud2``, a UD v1 file (one that uses a
    relation UD v2 renamed, such as ``dobj``) is brought to UD v2: the renamed
    relations, and ``nmod`` under a predicate becomes ``obl`` (:func:`ud1_obliques`).
    """
    with open(path, encoding="utf-8") as fh:
        trees = list(iter_conllu(fh, str(path), plain=plain, ud2=ud2))
    if ud2 and any(row[7].partition(":")[0] in UD1_TO_UD2 for t in trees for row in t.rows):
        for tree in trees:
            ud1_obliques(tree)
    return trees


def ud1_obliques(tree: Tree) -> None:
    """UD v1 ``nmod`` on a verb, adjective or adverb is UD v2 ``obl`` (``nmod:tmod`` -> ``obl:tmod``)."""
    for i, rel in enumerate(tree.rels):
        head = tree.heads[i]
        if rel.partition(":")[0] == "nmod" and head > 0 and tree.rows[head - 1][3] in PREDICATE_POS:
            tree.rels[i] = "obl" + rel[len("nmod"):]


def iter_conllu(lines: Iterable[str], name: str = "-", *, plain: bool = False, ud2: bool = True) -> Iterator[Tree]:
    """Sentences from CoNLL-U lines (see :func:`read_conllu`)."""
    tree = Tree([], [], [])
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\n").rstrip("\r")
        if not line.strip():
            if tree.rows:
                yield tree
            tree = Tree([], [], [])
            continue
        if line.startswith("#"):
            tree.comments.append(line)
            continue
        cols = line.split("\t")
        if len(cols) != 10:
            raise ConlluError(f"{name}:{number}: expected 10 tab-separated columns, found {len(cols)}")
        if "-" in cols[0] or "." in cols[0]:
            tree.extra.setdefault(len(tree.rows), []).append(line)
            continue
        if not cols[0].isdigit() or int(cols[0]) != len(tree.rows) + 1:
            raise ConlluError(f"{name}:{number}: word ids must count 1, 2, 3 ... (found {cols[0]!r})")
        head = cols[6]
        if head not in ("_", "") and not head.isdigit():
            raise ConlluError(f"{name}:{number}: HEAD must be a number or _ (found {head!r})")
        tree.rows.append(cols)
        tree.words.append(plain_form(cols[1]) if plain else cols[1])
        tree.heads.append(int(head) if head.isdigit() else -1)
        rel = "" if cols[7] in ("_", "") else cols[7]
        tree.rels.append(ud2_relation(rel) if ud2 and rel else rel)
    if tree.rows:
        yield tree


def attachment_scores(gold: list[Tree], pred: list[Tree]) -> dict[str, object]:
    """UAS, LAS (every word, punctuation included, as the CoNLL 2018 scorer) and per-relation figures.

    Per relation (the full label, ``nsubj:pass`` apart from ``nsubj``):
    precision, recall and F1 of the labelled attachment.
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold sentences but {len(pred)} predicted")
    words = heads = labelled = 0
    per: dict[str, list[int]] = {}  # rel -> [gold count, predicted count, correct]
    for g, p in zip(gold, pred, strict=True):
        if len(g.words) != len(p.words):
            raise ValueError("a predicted sentence has a different number of words")
        for gh, gr, ph, pr in zip(g.heads, g.rels, p.heads, p.rels, strict=True):
            words += 1
            heads += gh == ph
            ok = gh == ph and gr == pr
            labelled += ok
            per.setdefault(gr, [0, 0, 0])[0] += 1
            per.setdefault(pr, [0, 0, 0])[1] += 1
            per[gr][2] += ok
    relations = {}
    for rel, (n_gold, n_pred, ok) in sorted(per.items()):
        prec = ok / n_pred if n_pred else 0.0
        rec = ok / n_gold if n_gold else 0.0
        relations[rel] = {"gold": n_gold, "precision": round(prec, 4), "recall": round(rec, 4),
                          "f1": round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0}
    return {"sentences": len(gold), "words": words, "uas": round(heads / max(1, words), 4),
            "las": round(labelled / max(1, words), 4), "relations": relations}
