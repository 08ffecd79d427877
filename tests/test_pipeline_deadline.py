"""rasad.pipeline: the per-document stage deadline."""

from __future__ import annotations

import sys
import threading
import time
import types

import pytest

from rasad import pipeline
from rasad.doc import Doc


@pytest.fixture
def slow_stage(monkeypatch: pytest.MonkeyPatch) -> str:
    """A stage module that spins until interrupted (a pathological regex or loop)."""
    module = types.ModuleType("rasad_test_slow_stage")

    def process(doc: Doc) -> Doc:
        while True:
            try:
                time.sleep(0.01)
            except Exception:  # a stage swallowing exceptions must not escape the deadline
                continue

    module.process = process  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    return module.__name__


def test_deadline_constant_is_sixty_seconds() -> None:
    assert pipeline.STAGE_DEADLINE_S == 60.0


def test_a_stage_past_the_deadline_fails_the_document(slow_stage: str) -> None:
    start = time.monotonic()
    with pytest.raises(pipeline.StageTimeout) as info:
        pipeline.run(Doc(text="متن", source="x"), ["rasad.text", slow_stage], deadline_s=0.5)
    assert str(info.value) == f"stage {slow_stage} exceeded 0.5 s"
    assert isinstance(info.value, pipeline.StageError) and info.value.stage == slow_stage
    assert time.monotonic() - start < 10


def test_the_alarm_is_cleared_after_each_stage() -> None:
    import signal

    doc = pipeline.run(Doc(text="یک جملهٔ کوتاه.", source="x"), ["rasad.text"], deadline_s=5)
    assert doc.sentences
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_outside_the_main_thread_an_overrun_is_still_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("rasad_test_sleepy_stage")

    def process(doc: Doc) -> Doc:
        time.sleep(0.3)
        return doc

    module.process = process  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            pipeline.run(Doc(text="x", source="x"), [module.__name__], deadline_s=0.1)
        except pipeline.StageError as exc:
            errors.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(10)
    assert len(errors) == 1 and "exceeded 0.1 s" in str(errors[0])


def test_a_lone_surrogate_does_not_fail_a_stage() -> None:
    """Text straight from a JSON escape (``\\ud800``) runs through every stage (the fuzz found the hash failing)."""
    doc = pipeline.run(Doc(text="وزیر امور خارجه دیروز با همتای خود دیدار کرد \ud800 و گفت مذاکرات ادامه دارد.",
                           source="x"))
    assert doc.sentences and len(doc.content_hash) == 64
