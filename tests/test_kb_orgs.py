"""The organisation table (rasad.kb.orgs): exact names, English labels and short forms."""

from __future__ import annotations

from rasad.kb.orgs import DATA_FILE, find_org, lookup_org
from rasad.link.entities import Entity, EntityIndex


def _rows() -> list[list[str]]:
    lines = DATA_FILE.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def test_every_row_has_an_english_name_and_a_native_name() -> None:
    rows = _rows()
    assert len(rows) >= 40
    for en, _abbr, fa, ar in rows:
        assert en.strip() and (fa or ar)


def test_every_native_name_and_abbreviation_finds_its_row() -> None:
    for en, abbr, fa, ar in _rows():
        for name in (fa, ar):
            if name:
                org = lookup_org(name)
                assert org is not None and org.english == en
        if abbr:
            assert find_org(abbr.lower()).english == en  # type: ignore[union-attr]
        assert find_org(en).english == en  # type: ignore[union-attr]


def test_arabic_name_without_its_article_still_matches() -> None:
    with_article = [(en, ar) for en, _abbr, _fa, ar in _rows() if ar.startswith("ال") and " " in ar]
    assert with_article
    for en, ar in with_article:
        assert lookup_org(ar[2:]) is not None and lookup_org(ar[2:]).english == en  # type: ignore[union-attr]


def test_unknown_names_are_not_guessed() -> None:
    assert lookup_org("شرکت نمونه آزمایشی") is None
    assert find_org("Example Testing Corporation") is None


def test_entity_label_and_short_form_come_from_the_table() -> None:
    en, abbr, _fa, ar = next(r for r in _rows() if r[1] and r[3])
    e = Entity(id="org:x", type="ORG", aliases={"fa": [], "ar": [ar], "en": []})
    assert e.ensure_label() == en
    assert e.short_forms() == [abbr]
    index = EntityIndex()
    index.entities[e.id] = e
    assert index.find(abbr) == [e]
    assert index.find(en) == [e]


def test_label_initials_are_a_short_form_of_an_organisation() -> None:
    e = Entity(id="org:y", type="ORG", label="Northern Example Trade Agency", label_key="fixed")
    e.label_key = e._label_inputs()  # keep the given label
    assert e.short_forms() == ["NETA"]
    person = Entity(id="per:z", type="PER", label="Example Person")
    assert person.short_forms() == []


# -- descriptive references to a state ------------------------------------------


def test_a_form_of_state_lists_the_countries_whose_official_name_has_it() -> None:
    from rasad.kb.orgs import state_candidates

    kingdoms = state_candidates("المملكة")
    assert len(kingdoms) > 5 and "NO" in kingdoms and "IR" not in kingdoms
    assert state_candidates("وزارة الخارجية") == ()
    assert state_candidates("") == ()


def test_the_kingdom_is_the_kingdom_the_article_names() -> None:
    from rasad.link.entities import link_document
    from test_link_entities import make_doc

    text = (
        "زار وفد من النرويج العاصمة أمس. وقالت النرويج إن المحادثات كانت مثمرة، "
        "وأكدت المملكة استعدادها لمواصلة الحوار مع النرويج."
    )
    doc = make_doc(text, "ar", [("GPE", "النرويج"), ("ORG", "المملكة")])
    index = EntityIndex()
    link_document(doc, index, article=1)
    ids = {m.text: m.entity for m in doc.mentions}
    assert ids["المملكة"] == ids["النرويج"] is not None


def test_the_kingdom_stays_itself_when_the_article_names_no_kingdom() -> None:
    from rasad.link.entities import link_document
    from test_link_entities import make_doc

    text = "وأكدت المملكة استعدادها لمواصلة الحوار مع البرازيل في الأسابيع المقبلة."
    doc = make_doc(text, "ar", [("GPE", "البرازيل"), ("ORG", "المملكة")])
    link_document(doc, EntityIndex(), article=1)
    ids = {m.text: m.entity for m in doc.mentions}
    assert ids["المملكة"] != ids["البرازيل"]


def test_persian_and_arabic_names_of_one_table_organisation_are_one_entity() -> None:
    from rasad.link.entities import link_document
    from test_link_entities import make_doc

    en, _abbr, fa, ar = next(r for r in _rows() if r[2] and r[3])
    index = EntityIndex()
    fa_doc = make_doc(f"نمایندگان {fa} دیروز در جلسه حاضر شدند.", "fa", [("ORG", fa)])
    ar_doc = make_doc(f"وحضر ممثلو {ar} الاجتماع أمس.", "ar", [("ORG", ar)])
    link_document(fa_doc, index, article=1)
    link_document(ar_doc, index, article=2)
    ids = {m.entity for m in fa_doc.mentions + ar_doc.mentions}
    assert len(ids) == 1 and None not in ids
    assert index.entities[next(iter(ids))].ensure_label() == en
