"""rasad.extract.parse: CoNLL-U, UD v1 -> v2, tree decoding, and a parser trained and used end to end."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from conftest import SHARED_DATA
from rasad.cli import app
from rasad.extract.parse.conllu import (
    ConlluError,
    Tree,
    attachment_scores,
    iter_conllu,
    plain_form,
    ud2_relation,
)
from rasad.extract.parse.model import _find_cycle, decode

runner = CliRunner()

SAMPLE = """# sent_id = 1
# text = وزیر امروز به پایتخت رفت.
1\tوزیر\t_\tNOUN\t_\t_\t5\tnsubj\t_\t_
2\tامروز\t_\tADV\t_\t_\t5\tadvmod\t_\t_
3-4\tبه‌پایتخت\t_\t_\t_\t_\t_\t_\t_\t_
3\tبه\t_\tADP\t_\t_\t4\tcase\t_\t_
4\tپایتخت\t_\tNOUN\t_\t_\t5\tobl\t_\t_
5\tرفت\t_\tVERB\t_\t_\t0\troot\t_\tSpaceAfter=No
6\t.\t_\tPUNCT\t_\t_\t5\tpunct\t_\t_

"""


def test_conllu_round_trip_keeps_every_line() -> None:
    (tree,) = list(iter_conllu(SAMPLE.splitlines(keepends=True)))
    assert tree.words == ["وزیر", "امروز", "به", "پایتخت", "رفت", "."]
    assert tree.heads == [5, 5, 4, 5, 0, 5] and tree.rels[0] == "nsubj"
    assert tree.to_conllu() == SAMPLE.replace("\n\n", "\n") + "\n"


def test_blank_heads_and_bad_lines() -> None:
    blank = SAMPLE.replace("\t5\tnsubj\t", "\t_\t_\t")
    (tree,) = list(iter_conllu(blank.splitlines(keepends=True)))
    assert tree.heads[0] == -1 and tree.rels[0] == ""
    with pytest.raises(ConlluError, match=":2: expected 10"):
        list(iter_conllu(["# x\n", "1\ta\n", "2\tb\t_\n"]))


def test_ud1_relations_and_vowel_marks() -> None:
    assert ud2_relation("dobj") == "obj" and ud2_relation("nsubjpass") == "nsubj:pass"
    assert ud2_relation("neg") == "advmod" and ud2_relation("name") == "flat" and ud2_relation("obl") == "obl"
    assert plain_form("اَلمُعَارِضِينَ") == "المعارضين" and plain_form("َ") == "َ"


def test_attachment_scores() -> None:
    gold = [Tree(["a", "b", "c"], [2, 0, 2], ["nsubj", "root", "obj"])]
    pred = [Tree(["a", "b", "c"], [2, 0, 1], ["nsubj", "root", "obj"])]
    scores = attachment_scores(gold, pred)
    assert scores["uas"] == round(2 / 3, 4) and scores["las"] == round(2 / 3, 4)
    assert scores["relations"]["obj"]["recall"] == 0.0 and scores["relations"]["nsubj"]["f1"] == 1.0


def _is_tree(heads: list[int]) -> bool:
    return _find_cycle(np.array([-1, *heads])) is None


def test_decode_gives_the_best_single_rooted_tree() -> None:
    rng = np.random.default_rng(0)
    for _ in range(150):
        n = int(rng.integers(1, 6))
        scores = rng.normal(size=(n, n + 1))
        heads = [int(h) for h in decode(scores)]
        assert heads.count(0) == 1 and _is_tree(heads) and all(h != i + 1 for i, h in enumerate(heads))
        root = heads.index(0)
        best = max(
            sum(scores[i, c[i]] for i in range(n))
            for c in itertools.product(range(n + 1), repeat=n)
            if [i for i, x in enumerate(c) if x == 0] == [root] and all(c[i] != i + 1 for i in range(n)) and _is_tree(list(c))
        )
        assert sum(scores[i, heads[i]] for i in range(n)) == pytest.approx(best)


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-layer parser trained for one epoch on 30 sentences: enough to exercise the whole path."""
    if not (SHARED_DATA / "ud").is_dir():
        pytest.skip("../shared/data/ud is not beside the repo (the treebanks)")
    from rasad.extract.parse.train import TREEBANKS, train

    data = tmp_path_factory.mktemp("ud")
    cfg = TREEBANKS["fa"]
    for name in (cfg["split"], *cfg["train"]):  # the first 80 sentences of each file
        blocks = (SHARED_DATA / "ud" / name).read_text(encoding="utf-8").split("\n\n")[:80]
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_text("\n\n".join(blocks) + "\n\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("parse-fa")
    train("fa", data_dir=data, out_dir=out, epochs=1, n_layers=1, limit=30)
    return out


def test_trained_folder_has_a_card_and_parses_trees(tiny_model: Path) -> None:
    meta = json.loads((tiny_model / "meta.json").read_text())
    assert meta["test"]["words"] > 500 and 0.0 <= meta["test"]["uas"] <= 1.0
    assert meta["data"]["test_sentences"] == 40 and meta["data"]["train_sentences"] == 30
    assert "CC BY-SA 4.0" in (tiny_model / "MODEL_CARD.md").read_text()
    from rasad.extract.parse import Parser

    parser = Parser(tiny_model)
    words = ["وزیر", "امور", "خارجه", "امروز", "به", "پایتخت", "سفر", "کرد", "."]
    ((heads, rels),) = parser.parse([words])
    assert len(heads) == len(words) == len(rels) and heads.count(0) == 1 and _is_tree(heads)
    assert set(rels) <= set(meta["labels"])


def test_parse_and_eval_commands(tiny_model: Path, tmp_path: Path) -> None:
    path = tmp_path / "in.conllu"
    path.write_text(SAMPLE.replace("\t5\tnsubj\t", "\t_\t_\t"), encoding="utf-8")
    result = runner.invoke(app, ["parse", str(path), "--lang", "fa", "--conllu", "--model", str(tiny_model)])
    assert result.exit_code == 0, result.output
    (tree,) = list(iter_conllu(result.stdout.splitlines(keepends=True)))
    assert all(h >= 0 for h in tree.heads) and all(tree.rels) and "3-4\tبه‌پایتخت" in result.stdout
    result = runner.invoke(app, ["eval", "parse", str(path), "--lang", "fa", "--model", str(tiny_model), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["words"] == 6
    text = tmp_path / "in.txt"
    text.write_text("وزیر امروز به پایتخت رفت. او فردا بازمی‌گردد.", encoding="utf-8")
    result = runner.invoke(app, ["parse", str(text), "--lang", "fa", "--model", str(tiny_model)])
    assert result.exit_code == 0, result.output
    assert len(list(iter_conllu(result.stdout.splitlines(keepends=True)))) == 2


def test_ud1_files_get_ud2_obliques(tmp_path: Path) -> None:
    """In a UD v1 file (it uses dobj), nmod under a verb becomes obl; under a noun it stays nmod."""
    v1 = tmp_path / "v1.conllu"
    v1.write_text(
        "1\tزار\t_\tVERB\t_\t_\t0\troot\t_\t_\n"
        "2\tالوزير\t_\tNOUN\t_\t_\t1\tnsubj\t_\t_\n"
        "3\tالعاصمة\t_\tNOUN\t_\t_\t1\tdobj\t_\t_\n"
        "4\tيوم\t_\tNOUN\t_\t_\t1\tnmod:tmod\t_\t_\n"
        "5\tالسبت\t_\tNOUN\t_\t_\t4\tnmod\t_\t_\n\n", encoding="utf-8")
    from rasad.extract.parse.conllu import read_conllu

    (tree,) = read_conllu(v1)
    assert tree.rels == ["root", "nsubj", "obj", "obl:tmod", "nmod"]
    v2 = tmp_path / "v2.conllu"
    v2.write_text(v1.read_text(encoding="utf-8").replace("dobj", "obj"), encoding="utf-8")
    assert read_conllu(v2)[0].rels[3] == "nmod:tmod"  # a v2 file is read as written
