"""CoNLL reading and strict (conlleval) scoring, on tiny files written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasad.extract.ner.conll import ConllError, map_tags, read_conll, score, spans, write_conll


def test_spans_follow_conlleval() -> None:
    assert spans(["B-PER", "I-PER", "O", "B-LOC"]) == [(0, 2, "PER"), (3, 4, "LOC")]
    # An I- without a B- starts an entity; a type change ends one.
    assert spans(["I-ORG", "I-ORG", "I-LOC", "O"]) == [(0, 2, "ORG"), (2, 3, "LOC")]
    # B- right after B- of the same type: two entities.
    assert spans(["B-PER", "B-PER"]) == [(0, 1, "PER"), (1, 2, "PER")]
    assert spans([]) == []


def test_strict_scores_by_hand() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "O"]]
    # PER boundary wrong (not credited), LOC right, ORG right, one spurious LOC.
    pred = [["B-PER", "O", "O", "B-LOC"], ["B-ORG", "B-LOC"]]
    sc = score(gold, pred)
    assert sc.overall() == {"p": 0.5, "r": 0.6667, "f1": 0.5714}
    per = sc.per_type()
    assert per["PER"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "support": 1}
    assert per["LOC"]["p"] == 0.5 and per["LOC"]["r"] == 1.0 and per["LOC"]["support"] == 1
    assert per["ORG"]["f1"] == 1.0
    assert sc.tokens == 6


def test_read_write_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "tiny.conll"
    path.write_text("قال\tO\nعلي\tB-PER\n\n\nفي\tO\nبيروت\tB-LOC\n", encoding="utf-8")
    sents = read_conll(path)
    assert sents == [(["قال", "علي"], ["O", "B-PER"]), (["في", "بيروت"], ["O", "B-LOC"])]
    out = tmp_path / "copy.conll"
    write_conll(sents, out)
    assert read_conll(out) == sents


def test_bad_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.conll"
    path.write_text("word\tO\nother\tPERSON\n", encoding="utf-8")
    with pytest.raises(ConllError, match=r"bad\.conll:2"):
        read_conll(path)
    with pytest.raises(ConllError, match="cannot read"):
        read_conll(tmp_path / "missing.conll")


def test_map_tags_drops_unmapped_types() -> None:
    assert map_tags(["B-PERS", "I-PERS", "B-DATE", "B-GPE"], {"PERS": "PER", "GPE": "LOC"}) == [
        "B-PER",
        "I-PER",
        "O",
        "B-LOC",
    ]
