"""The learned event filter: shipped model, confidence, threshold choice, calibration and labels."""

from __future__ import annotations

import numpy as np

from rasad.extract import event_filter, events
from rasad.extract import event_filter_train as training
from test_events_stage import by_type, make_doc


def test_shipped_filter_keeps_the_type_and_gives_a_probability() -> None:
    model = event_filter.shipped()
    assert model is not None
    types = events.event_types()
    sym = event_filter.symbolic(types, "CONSULT", "fa", "asserted", (True, True, False, True, True, True, False))
    for vec in (None, np.zeros(3 * 384, np.float32)):
        etype, conf = model.decide(sym, vec, "CONSULT")
        assert etype == "CONSULT" and 0.0 <= conf <= 1.0
    assert 0.0 < event_filter.default_threshold() < 1.0


def test_events_carry_a_confidence_and_none_inside_disabled() -> None:
    text = "ژان دوپون روز دوشنبه با سامح شکری در قاهره دیدار کرد."
    mentions = [("ژان دوپون", "PER", "JD", "FR"), ("سامح شکری", "PER", "SS", "EG"), ("قاهره", "GPE", "Cairo", "EG")]
    doc = make_doc(text, mentions)
    events.process(doc)
    meeting = by_type(doc, "CONSULT", "meeting")[0]
    assert 0.0 <= meeting["confidence"] <= 1.0
    with event_filter.disabled():
        plain = make_doc(text, mentions)
        events.process(plain)
    assert by_type(plain, "CONSULT", "meeting")[0]["confidence"] is None


def test_symbolic_features_are_one_hot() -> None:
    types = ("A", "B")
    x = event_filter.symbolic(types, "B", "ar", "planned", (True, False))
    assert x.shape == (2 + 2 + 6 + 2,)
    assert x[1] == 1 and x[2 + 1] == 1 and x[4 + event_filter.MODALITIES.index("planned")] == 1
    assert list(x[-2:]) == [1, 0]


def _items(labels: list[tuple[str, bool]]) -> list[dict[str, object]]:
    return [{"label": label, "roles": roles, "proposed": "CONSULT", "id": str(i), "trigger": [0, 1]}
            for i, (label, roles) in enumerate(labels)]  # fmt: skip


def test_threshold_is_the_lowest_reaching_the_type_precision() -> None:
    data = _items([("none", False)] * 10 + [("CONSULT", True)] * 10 + [("CONSULT", False)] * 10)
    decided = [("CONSULT", 0.1)] * 10 + [("CONSULT", 0.5)] * 10 + [("CONSULT", 0.6)] * 10
    assert training.choose_threshold(data, decided) == 0.5
    s = training.scores(data, decided, 0.5)
    assert s["kept"] == 20 and s["precision_type"] == 1.0 and s["precision"] == 0.5


def test_calibration_error_is_zero_when_confidence_matches_the_rate() -> None:
    data = _items([("CONSULT", True), ("CONSULT", False)] * 5)
    decided = [("CONSULT", 0.5)] * 10
    assert training.calibration(data, decided)["ece"] == 0.0


def test_roles_match_by_overlap_and_a_visits_host_counts() -> None:
    doc = make_doc("A met B in C.", [("A", "PER", "A1", None), ("B", "PER", "B1", None), ("C", "GPE", "C1", None)])
    assert training._role_ok(doc, ["A1"], [0, 1], 0, len(doc.text))
    assert not training._role_ok(doc, ["B1"], [0, 1], 0, len(doc.text))
    assert training._role_ok(doc, [], None, 0, len(doc.text))  # the annotator named nobody
    visit = {"type": "CONSULT", "recipients": [], "location": "C1"}
    assert training._parties(visit) == ["C1"]


def test_eval_events_rejects_an_unknown_split() -> None:
    from typer.testing import CliRunner

    from rasad.cli import app

    result = CliRunner().invoke(app, ["eval", "events", "--split", "holdout"])
    assert result.exit_code != 0 and "choose one of: train, dev, test" in result.output
