"""Event stage: PLOVER types, modes, modality, roles and dates on hand-written texts."""

from __future__ import annotations

from pathlib import Path

from rasad import text as text_stage
from rasad.doc import DateValue, Doc, Mention, TimeExpr
from rasad.extract import events


def make_doc(
    text: str,
    mentions: list[tuple[str, str, str | None, str | None]] = (),  # type: ignore[assignment]
    times: list[tuple[str, str, str, str]] = (),  # type: ignore[assignment]
    date: str | None = None,
) -> Doc:
    """A doc through the text stage, with mentions (surface, type, entity, country) and times
    (surface, value, precision, kind) placed at each surface's first occurrence (with word edges)."""
    import re

    doc = text_stage.process(Doc(text=text))
    for surface, typ, entity, country in mentions:
        m = re.search(rf"(?<!\w){re.escape(surface)}(?!\w)", text)
        assert m, surface
        doc.mentions.append(Mention(m.start(), m.end(), surface, typ, entity, country))
    for surface, value, precision, kind in times:
        i = text.index(surface)
        doc.times.append(
            TimeExpr(i, i + len(surface), surface, value, precision, "gregorian", kind)
        )
    doc.mentions.sort(key=lambda m: m.start)
    if date:
        doc.date = DateValue(date, "day", "gregorian")
    return doc


def by_type(doc: Doc, type_: str, mode: str | None = None) -> list[dict]:
    return [e for e in doc.events if e["type"] == type_ and (mode is None or e["mode"] == mode)]


def test_fa_meeting_roles_date_and_offsets() -> None:
    text = "ژان دوپون روز دوشنبه ۳ آوریل با همتای مصری خود سامح شکری در قاهره دیدار کرد."
    doc = make_doc(
        text,
        [
            ("ژان دوپون", "PER", "JD", "FR"),
            ("سامح شکری", "PER", "SS", "EG"),
            ("قاهره", "GPE", "Cairo", "EG"),
        ],
        [("روز دوشنبه ۳ آوریل", "2024-04-03", "day", "date")],
    )
    events.process(doc)
    meeting = by_type(doc, "CONSULT", "meeting")
    assert len(meeting) == 1
    ev = meeting[0]
    assert ev["actors"] == ["JD"] and ev["recipients"] == ["SS"] and ev["location"] == "Cairo"
    assert ev["date"] == {"value": "2024-04-03", "precision": "day", "basis": "clause"}
    assert ev["modality"] == "asserted"
    src = ev["sources"][0]
    assert doc.text[src["start"] : src["end"]] == src["text"] and src["article"] is None
    assert doc.text[ev["trigger"]["start"] : ev["trigger"]["end"]] == ev["trigger"]["text"]
    assert "met" in ev["english"]


def test_fa_planned_visit() -> None:
    doc = make_doc(
        "وزیر خارجه فرانسه اعلام کرد که ماه آینده برای یک دیدار رسمی به قاهره سفر خواهد کرد.",
        [("فرانسه", "GPE", "FR", "FR"), ("قاهره", "GPE", "Cairo", "EG")],
    )
    events.process(doc)
    visit = by_type(doc, "CONSULT", "visit")
    assert visit and visit[0]["modality"] == "planned"
    assert visit[0]["actors"] == ["FR"] and visit[0]["location"] == "Cairo"


def test_ar_future_prefix_and_conditional() -> None:
    doc = make_doc(
        "وسيزور الرئيس الفرنسي القاهرة الأسبوع المقبل. ووعدت مصر باستخدام مطاراتها في حال وقوع هجوم على البلاد.",
        [("القاهرة", "GPE", "Cairo", "EG"), ("مصر", "GPE", "EG", "EG")],
    )
    events.process(doc)
    assert by_type(doc, "CONSULT", "visit")[0]["modality"] == "planned"
    access = by_type(doc, "COOPERATE", "military-access")
    assert access and access[0]["modality"] == "conditional"


def test_negated_and_reported() -> None:
    doc = make_doc(
        "The minister did not meet the delegation. According to the newspaper, the army sent troops to the border.",
    )
    events.process(doc)
    assert by_type(doc, "CONSULT", "meeting")[0]["modality"] == "negated"
    assert by_type(doc, "MOBILIZE")[0]["modality"] == "reported"


def test_structural_modes_and_contexts() -> None:
    doc = make_doc(
        "Norway opened an embassy in Ljubljana. Portugal appointed a new ambassador to Chile. "
        "The two navies held joint exercises. Chile shipped weapons deliveries to Peru. "
        "هند در سال ۲۰۱۹ سفارت خود را در اسلو افتتاح کرد.",
    )
    events.process(doc)
    modes = {(e["type"], e["mode"]) for e in doc.events}
    assert ("COOPERATE", "embassy-open") in modes
    assert ("COOPERATE", "ambassador-appointed") in modes
    assert ("MOBILIZE", "exercise") in modes
    assert ("AID", "arms-transfer") in modes
    fa = [e for e in by_type(doc, "COOPERATE", "embassy-open") if e["sources"][0]["lang"] == "fa"]
    assert fa and fa[0]["date"] == {
        "value": "2019",
        "precision": "year",
        "basis": "sentence",
    }  # year fallback without a time stage
    assert "diplomatic" in fa[0]["context"]


def test_event_date_after_article_date_is_planned() -> None:
    doc = make_doc(
        "Ministers of Peru and Ghana meet in Lima on 12 June.",
        [("Peru", "GPE", "PE", "PE"), ("Ghana", "GPE", "GH", "GH"), ("Lima", "GPE", "Lima", "PE")],
        [("12 June", "2024-06-12", "day", "date")],
        date="2024-05-01",
    )
    events.process(doc)
    assert by_type(doc, "CONSULT", "meeting")[0]["modality"] == "planned"


def test_participant_required_once_entities_exist() -> None:
    doc = make_doc(
        "Talks continued. Chile met Peru.",
        [("Chile", "GPE", "CL", "CL"), ("Peru", "GPE", "PE", "PE")],
    )
    events.process(doc)
    assert all(e["actors"] or e["recipients"] for e in doc.events)
    assert any(e["actors"] == ["CL"] and e["recipients"] == ["PE"] for e in by_type(doc, "CONSULT"))


def test_unlinked_mentions_are_indices() -> None:
    doc = make_doc(
        "هند با نروژ دیدار کرد.", [("هند", "GPE", None, None), ("نروژ", "GPE", None, None)]
    )
    events.process(doc)
    ev = by_type(doc, "CONSULT", "meeting")[0]
    assert ev["actors"] == [0] and ev["recipients"] == [1]


def test_excluded_spans_are_skipped() -> None:
    doc = make_doc("Chile attacked Peru.")
    doc.excluded.append((0, len(doc.text), "boilerplate"))
    events.process(doc)
    assert doc.events == []


def test_fold_with_map_round_trips() -> None:
    text = "هسته\u200cای كشور أكد ۱۲ مُحَمَّد"
    folded, offs = events.fold_with_map(text)
    assert len(offs) == len(folded) + 1 and offs[-1] == len(text)
    assert "12" in folded and "\u200c" not in folded and "ک" in folded
    assert all(text[offs[i]] for i in range(len(folded)))


def test_seeds_events_have_valid_offsets(seeds_dir: Path) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        doc = text_stage.process(Doc(text=path.read_text(encoding="utf-8")))
        events.process(doc)
        assert doc.events, path.name
        for ev in doc.events:
            src = ev["sources"][0]
            assert doc.text[src["start"] : src["end"]] == src["text"]
            assert src["lang"] in ("fa", "ar")
            assert ev["modality"] in events.MODALITY_ORDER


def test_lifting_sanctions_is_a_concession_not_a_sanction() -> None:
    doc = make_doc("دولت تحریم‌ها علیه ونزوئلا را لغو کرد. وقررت الحكومة رفع العقوبات عن البلاد.")
    events.process(doc)
    kinds = {(e["type"], e["mode"], e["sources"][0]["lang"]) for e in doc.events}
    assert kinds == {("CONCEDE", "ease-sanctions", "fa"), ("CONCEDE", "ease-sanctions", "ar")}


def test_odd_inputs_never_crash() -> None:
    from rasad.extract import claims, quotes

    for text in ("", "   ", "12345", "«»", '"""', "قال: \"", "\u200c\u200c", "ي" * 3000, "+33\n-34\n"):
        doc = make_doc(text)
        for stage in (events, quotes, claims):
            stage.process(doc)
        assert doc.events == [] and doc.quotes == [] and doc.claims == []


def test_look_alike_words_do_not_trigger() -> None:
    quiet = [
        "المسؤولية الاجتماعية والتنمية المستدامة.",  # اجتماعي (social) is not اجتماع (meeting)
        "وعدد السكان كبير وعدم الاستقرار واضح.",  # وعدد / وعدم are not وعد (promise)
        "حركة طالبان تسيطر على المدينة.",  # طالبان is not طالب (demand)
        "گروه‌های تروریستی در منطقه فعال هستند.",  # تروریستی is not ترور (assassination)
    ]
    for text in quiet:
        doc = make_doc(text)
        events.process(doc)
        assert doc.events == [], (text, [e["trigger"]["text"] for e in doc.events])
