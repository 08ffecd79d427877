"""Name conventions by language, the labels' dictionary, and political names for states.

Names here are written for these tests: none is from the demo articles or the
well-known names list of ``benchmarks/names_wellknown.py``.
"""

from __future__ import annotations

from pathlib import Path

from conftest import needs_shared_data
from rasad import pipeline
from rasad.doc import Doc
from rasad.kb.orgs import state_epithet
from rasad.link import translit
from rasad.link.entities import EntityIndex, label_words, link_document
from rasad.link.names import name_country, name_words, romanize_best

# -- whose spelling conventions a name follows ---------------------------------


def test_persian_names_take_irans_spellings_unless_they_look_arab() -> None:
    assert name_country("حسین رحیمی", "fa") == "IR"
    assert name_country("محمد بن راشد", "fa") is None  # بن: an Arab name
    assert name_country("خلیل السعدونی", "fa") is None  # the article on a surname
    assert name_country("الهام رحیمی", "fa") == "IR"  # a short ال- word is a Persian given name
    assert name_country("حسين الرحيمي", "ar") is None  # Arabic has no single convention
    assert name_country("حسین رحیمی", "fa", "AF") == "AF"  # a known country wins


def test_persian_and_arabic_spellings_of_one_word_differ_by_convention() -> None:
    persian = romanize_best(["صادق رحیمی"], langs=["fa"]).split()[0]
    arabic = romanize_best(["صادق الرحيمي"], langs=["ar"]).split()[0]
    assert persian == "Sadegh"
    assert arabic != persian


def test_abd_is_read_with_the_next_word() -> None:
    assert name_words("عبد الکریم رحیمی") == ["عبدالکریم", "رحیمی"]
    assert name_words("عبد") == ["عبد"]
    assert romanize_best(["عبد الله الرحيمي"], langs=["ar"]).split()[0] == "Abdullah"


def test_prefetched_words_are_those_the_labels_read() -> None:
    doc = pipeline.run(Doc(text="حسین رحیمی روز دوشنبه در یک نشست خبری سخن گفت.", lang="fa"))
    index = EntityIndex()
    link_document(doc, index, article=1)
    people = [e for e in index if e.type == "PER"]
    assert people
    words = set(label_words(people))
    assert ("حسین", "IR") in words and ("رحیمی", "IR") in words


# -- the labels' dictionary ------------------------------------------------------------


def test_the_dictionary_holds_more_words_than_the_train_only_table() -> None:
    lexicon, table = translit.lexicon(), translit.word_table()
    assert len(lexicon) > len(table) > 0
    assert all(len(v) == 2 and 0.0 < v[1] <= 1.0 for v in list(lexicon.values())[:1000])


@needs_shared_data
def test_the_shipped_dictionary_is_what_the_build_writes(tmp_path: Path) -> None:
    from rasad.link import translit_train

    counts = translit_train.build_lexicon(out_dir=tmp_path)
    assert counts["lexicon_words"] > 0
    built = (tmp_path / translit.LEXICON).read_bytes()
    assert built == (translit.MODEL_DIR / translit.LEXICON).read_bytes()


@needs_shared_data
def test_the_dictionary_keeps_held_out_words_that_training_leaves_out() -> None:
    from rasad.link import translit_train

    rows = translit_train.read_rows()
    trained = {f for f, _, _ in translit_train.training_data(rows)[0]}
    kept = {f for f, _, _ in translit_train.lexicon_data(rows)[0]}
    held = translit_train.held_out_forms(rows)
    assert held & kept and not held & trained


# -- political names for a state -------------------------------------------------


def test_epithets_name_their_state_in_every_folder() -> None:
    assert state_epithet("رژیم صهیونیستی") == "IL"
    assert state_epithet("الكيان الصهيوني") == "IL"
    assert state_epithet("للكيان الصهيوني") == "IL"  # Arabic proclitics
    assert state_epithet("the Zionist regime".removeprefix("the ")) == "IL"
    assert state_epithet("رژیم") is None
    assert state_epithet("الكيان") is None


def test_an_epithet_links_to_the_state_in_both_languages() -> None:
    texts = {
        "fa": "وزیر خارجه نروژ حملات رژیم صهیونیستی به سوریه را محکوم کرد.",
        "ar": "أدان وزير خارجية النرويج اعتداءات الكيان الصهيوني على سوريا.",
    }
    for lang, text in texts.items():
        doc = pipeline.run(Doc(text=text, lang=lang))
        index = EntityIndex()
        link_document(doc, index, article=1)
        ids = {e.id for e in index}
        assert "country:IL" in ids, (lang, ids)
        epithet = next(m for m in doc.mentions if m.country == "IL")
        assert epithet.type == "GPE" and "country:NO" in ids
