"""Training and evaluation commands on a small slice of the real corpora.

Skipped (with the reason) when ../shared/data is not beside the repo.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from conftest import needs_shared_data
from rasad.cli import app
from rasad.extract.ner.train import train


@needs_shared_data
def test_train_sparse_model_on_a_slice(tmp_path: Path) -> None:
    meta = train("ar", out_dir=tmp_path, use_e5=False, limit=300)
    assert (tmp_path / "model.crfsuite").is_file()
    assert meta["train_sentences"] == 300
    dev = meta["scores"]["dev"]
    # 300 sentences of ANERcorp already find some entities, far from all.
    assert 0.2 < dev["overall"]["f1"] < 0.9
    assert set(dev["per_type"]) <= {"PER", "ORG", "LOC", "MISC"}
    card = (tmp_path / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in card and "train ner --lang ar" in card

    # The eval command scores that folder on a CoNLL file written here.
    conll = tmp_path / "tiny.conll"
    conll.write_text(
        "قال\tO\nالرئيس\tO\nمحمد\tB-PER\nعلي\tI-PER\nفي\tO\nبيروت\tB-LOC\n.\tO\n", encoding="utf-8"
    )
    res = CliRunner().invoke(
        app, ["eval", "ner", str(conll), "--lang", "ar", "--model", str(tmp_path), "--json"]
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert set(out) == {"overall", "per_type", "tokens_per_s"}
    assert set(out["overall"]) == {"p", "r", "f1"}
    for d in out["per_type"].values():
        assert set(d) == {"p", "r", "f1", "support"}
    assert out["per_type"]["PER"]["support"] == 1 and out["per_type"]["LOC"]["support"] == 1
    assert out["tokens_per_s"] > 0
