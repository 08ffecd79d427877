"""Every event gets a date with its basis, and merging never joins reports whose dates cannot overlap."""

from __future__ import annotations

from rasad.analyze import contradictions as cx
from rasad.doc import DateValue, Doc
from rasad.extract import events
from test_events_stage import by_type, make_doc

SANCTION = "فرضت كولومبيا عقوبات على فنزويلا."
PARTIES = [("كولومبيا", "GPE", "CO", "CO"), ("فنزويلا", "GPE", "VE", "VE")]


def dated_doc(text: str, article_date: str, source: str, **kw: object) -> Doc:
    doc = make_doc(text, PARTIES, **kw)  # type: ignore[arg-type]
    doc.date = DateValue(article_date, "day", "gregorian")
    doc.source = source
    events.process(doc)
    return doc


def test_an_undated_asserted_event_is_bounded_by_its_article_date() -> None:
    doc = dated_doc(SANCTION, "2020-03-04", "a")
    date = by_type(doc, "SANCTION")[0]["date"]
    assert date == {"value": "2020-03-04", "precision": "inferred", "basis": "article", "relation": "on-or-before"}


def test_a_planned_event_is_after_its_article_date() -> None:
    doc = dated_doc("ستفرض كولومبيا عقوبات على فنزويلا.", "2020-03-04", "a")
    ev = by_type(doc, "SANCTION")[0]
    assert ev["modality"] == "planned"
    assert ev["date"]["basis"] == "article" and ev["date"]["relation"] == "after"


def test_a_date_in_the_clause_is_the_events_own() -> None:
    text = "فرضت كولومبيا عقوبات على فنزويلا يوم الاثنين."
    doc = dated_doc(text, "2020-03-04", "a", times=[("يوم الاثنين", "2020-03-02", "day", "date")])
    date = by_type(doc, "SANCTION")[0]["date"]
    assert date["value"] == "2020-03-02" and date["basis"] in ("clause", "sentence")


def test_reports_years_apart_are_not_one_event() -> None:
    old = dated_doc(SANCTION, "2009-05-01", "old")
    new = dated_doc(SANCTION, "2023-05-01", "new")
    same_week = dated_doc(SANCTION, "2023-05-03", "week")
    merged = [e for e in cx.merge_events([old, new, same_week]) if e["type"] == "SANCTION"]
    by_articles = sorted(sorted(s["article"] for s in e["sources"]) for e in merged)
    assert by_articles == [["new", "week"], ["old"]]


def test_merged_event_keeps_the_texts_own_date_and_the_best_confidence() -> None:
    a = dated_doc(SANCTION, "2023-05-03", "a")
    text = "فرضت كولومبيا عقوبات على فنزويلا يوم الاثنين."
    b = dated_doc(text, "2023-05-03", "b", times=[("يوم الاثنين", "2023-05-01", "day", "date")])
    for doc, conf in ((a, 0.2), (b, 0.6)):
        for e in doc.events:
            e["confidence"] = conf
    merged = [e for e in cx.merge_events([a, b]) if e["type"] == "SANCTION"]
    assert len(merged) == 1
    assert merged[0]["date"]["value"] == "2023-05-01" and merged[0]["confidence"] == 0.6
