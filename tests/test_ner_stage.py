"""The entity stage with the shipped models, on sentences written here."""

from __future__ import annotations

import pytest

from rasad.doc import Doc, Mention, Token
from rasad.extract import entities
from rasad.extract.ner.tagger import model_dir


def _run(text: str, lang: str) -> list[Mention]:
    doc = entities.process(Doc(text=text, lang=lang))
    assert "errors" not in doc.meta, doc.meta
    for m in doc.mentions:
        assert doc.text[m.start : m.end] == m.text
        assert m.type in {"PER", "ORG", "GPE", "LOC", "FAC", "NORP"}
        assert 0.0 <= m.score <= 1.0
    return doc.mentions


def _find(ms: list[Mention], typ: str, part: str) -> Mention | None:
    return next((m for m in ms if m.type == typ and part in m.text), None)


def test_models_are_shipped_with_cards() -> None:
    for lang in ("fa", "ar"):
        folder = model_dir(lang)
        assert (folder / "weights.npz").is_file()
        for sub in (folder, folder / "crf", folder / "sparse"):
            assert (sub / "MODEL_CARD.md").is_file() and (sub / "meta.json").is_file()
        assert (folder / "crf" / "model.crfsuite").is_file() and (folder / "sparse" / "model.crfsuite").is_file()
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        assert size < 30 * 1024 * 1024


def test_arabic_clitic_organisation_and_title() -> None:
    text = "وقدمت الحكومة الأردنية شكوى للأمم المتحدة بعد أن التقى بالرئيس الفرنسي إيمانويل ماكرون في باريس أمس."
    ms = _run(text, "ar")
    org = _find(ms, "ORG", "للأمم المتحدة")
    assert org is not None, ms
    assert org.head == "الأمم المتحدة"  # the clitic ل is gone, the article stays
    per = _find(ms, "PER", "ماكرون")
    assert per is not None, ms
    assert "بالرئيس" not in per.text  # the title is not part of the name
    paris = _find(ms, "GPE", "باريس")
    assert paris is not None and paris.country == "FR"
    assert any(m.type == "NORP" and m.country == "FR" and m.text == "الفرنسي" for m in ms)
    # "the Jordanian government" is an institution of Jordan, read with the institution table
    assert any(m.type == "ORG" and m.country == "JO" and m.text == "الحكومة الأردنية" for m in ms)


def test_arabic_conjunction_before_a_title() -> None:
    ms = _run("والرئيس محمود عباس وصل إلى رام الله.", "ar")
    per = _find(ms, "PER", "عباس")
    assert per is not None and per.text == "محمود عباس", ms


def test_persian_with_and_without_zwnj() -> None:
    for text in (
        "وزیر امور خارجه ایران روز دوشنبه در تهران با هیئتی روسی دیدار کرد و گفت که گفت‌وگوها ادامه می‌یابد.",
        "وزیر امور خارجه ایران روز دوشنبه در تهران با هیئتی روسی دیدار کرد و گفت که گفت وگوها ادامه می یابد.",
    ):
        ms = _run(text, "fa")
        tehran = _find(ms, "GPE", "تهران")
        assert tehran is not None and tehran.country == "IR", ms
        assert any(m.type == "NORP" and m.country == "RU" for m in ms), ms


def test_person_named_airport_is_not_a_person() -> None:
    text = "هواپیمای مسافربری صبح امروز در فرودگاه بین‌المللی امام خمینی به زمین نشست."
    ms = _run(text, "fa")
    assert not any(m.type == "PER" for m in ms), ms
    fac = _find(ms, "FAC", "فرودگاه")
    assert fac is not None, ms


def test_uses_text_stage_tokens_and_skips_exclusions() -> None:
    text = "وصل وزير الخارجية المصري إلى عمان. اقرأ أيضا: الرئيس الفرنسي في برلين"
    cut = text.index("اقرأ")
    words = [(i, i + len(w)) for i, w in _spans(text)]
    doc = Doc(
        text=text,
        lang="ar",
        tokens=[Token(s, e, text[s:e]) for s, e in words],
        excluded=[(cut, len(text), "boilerplate")],
    )
    doc = entities.process(doc)
    assert doc.mentions, "the Egyptian minister's sentence has mentions"
    assert all(m.end <= cut for m in doc.mentions)


def _spans(text: str) -> list[tuple[int, str]]:
    out, i = [], 0
    for w in text.split():
        i = text.index(w, i)
        out.append((i, w))
        i += len(w)
    return out


@pytest.mark.parametrize("text", ["", "   ", "Hello world.", "١٢٣ ٤٥٦", "؟!؟"])
def test_odd_input_gives_no_error(text: str) -> None:
    doc = entities.process(Doc(text=text))
    assert "errors" not in doc.meta


def test_fast_mode_uses_the_sparse_model(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasad.extract.ner import tagger

    monkeypatch.setenv(tagger.MODE_ENV, "fast")
    tagger.load.cache_clear()
    try:
        t = tagger.load("ar")
        assert t.layers == [] and t.folder.name == "sparse"
        ms = _run("والتقى الرئيس محمود عباس وفدا مصريا في القاهرة.", "ar")
        assert any(m.type == "GPE" and m.country == "EG" for m in ms), ms
    finally:
        tagger.load.cache_clear()
