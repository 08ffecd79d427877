"""The learned transliteration model (rasad.link.translit): input forms, API contract, shipped files."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import pytest

from conftest import needs_shared_data
from rasad import lang
from rasad.link import translit

LATIN = re.compile(r"^[a-z'-]+$")
#: Invented or generic words, Arabic script (not names from any test data).
WORDS = ["كارلوس", "بالمر", "سوزوكي", "مارتينيز", "فيلدمان", "دانيلو", "أوغستين", "ريتشاردسون"]


def _same(a: list[list[tuple[str, float]]], b: list[list[tuple[str, float]]]) -> bool:
    """Same spellings, scores equal up to float noise (a batch's shape changes the last bits)."""
    return [[c for c, _ in x] for x in a] == [[c for c, _ in x] for x in b] and all(
        abs(p - q) < 1e-4
        for x, y in zip(a, b, strict=True)
        for (_, p), (_, q) in zip(x, y, strict=True)
    )


def test_source_form_folds_marks_and_letter_variants() -> None:
    assert translit.source_form("مُحَمَّد", "ar") == translit.source_form("محمد", "ar")
    assert translit.source_form("كـــارلو", "ar") == translit.source_form("کارلو", "fa")
    assert translit.source_form("إيلينا", "ar") == translit.source_form("ايلينا", "ar")
    assert translit.source_form("علي", "ar") == translit.source_form("علی", "fa")


def test_persian_letters_map_to_arabic_ones() -> None:
    table = lang.table("TRANSLIT_LETTERS")
    assert set(table) == {"fa"}, "Arabic needs no letter map"
    assert set(table["fa"]) == {"پ", "چ", "ژ", "گ"}
    assert translit.source_form("پالمر", "fa") == translit.source_form("بالمر", "ar")
    assert translit.source_form("چارلی", "fa") == translit.source_form("تشارلي", "ar")
    assert not set(translit.source_form("پچژگ", "fa")) & set("پچژگ")


def test_candidates_are_scored_lowercase_latin() -> None:
    for word in WORDS:
        cands = translit.transliterate(word, "ar", k=3)
        assert 1 <= len(cands) <= 3
        spellings = [c for c, _ in cands]
        assert len(set(spellings)) == len(spellings)
        for spelling, score in cands:
            assert LATIN.match(spelling), spelling
            assert 0.0 < score <= 1.0


def test_k1_is_the_first_of_k3() -> None:
    for word in WORDS:
        assert translit.transliterate(word, "ar", 1)[0] == translit.transliterate(word, "ar", 3)[0]


def test_persian_and_arabic_spellings_of_one_name_agree_but_pe_is_p() -> None:
    arabic = translit.transliterate("بالمر", "ar")[0][0]
    persian = translit.transliterate("پالمر", "fa")[0][0]
    assert arabic[0] in "bp" and persian == "p" + arabic[1:]
    assert translit.transliterate("تالمر", "fa") == translit.transliterate("تالمر", "ar")


def test_pe_goes_back_only_where_the_runs_line_up() -> None:
    rule = ("پ", *lang.table("TRANSLIT_RESTORE")["fa"]["پ"])
    assert translit._restore("bablo", "پابلو", rule) == "pablo"
    assert translit._restore("bablo", "باپلو", rule) == "baplo"
    assert translit._restore("bbl", "پابلو", rule) == "bbl"  # one b run for two letters: left alone
    assert translit._restore("aplo", "پلو", rule) == "aplo"


def test_batch_equals_one_by_one_and_non_arabic_passes() -> None:
    batch = translit.transliterate_many([*WORDS, "Hamburg", "", "١٢"], "ar")
    translit._cache.clear()
    assert _same(batch[: len(WORDS)], [translit.transliterate(w, "ar") for w in WORDS])
    assert batch[len(WORDS)] == [("hamburg", 1.0)]
    assert batch[-2] == [] and batch[-1] == [("12", 1.0)]


def test_some_plain_words_come_out_as_expected() -> None:
    # generic, unambiguous foreign names: the model should not garble them
    got = {w: translit.transliterate(w, "ar")[0][0] for w in ("كارلوس", "ماريا", "روبرتو")}
    assert got == {"كارلوس": "carlos", "ماريا": "maria", "روبرتو": "roberto"}


def test_table_words_come_first_with_their_share() -> None:
    m = translit.model()
    form, (spelling, share) = next(iter(sorted(m.table.items())))
    assert 0.0 < share <= 1.0
    assert translit.transliterate(form, "ar", k=2)[0] == (spelling, share)


def test_threads_get_the_same_answers() -> None:
    expected = translit.transliterate_many(WORDS, "ar")
    translit._cache.clear()
    results: list[list[list[tuple[str, float]]]] = []
    threads = [
        threading.Thread(target=lambda: results.append(translit.transliterate_many(WORDS, "ar")))
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4 and all(_same(r, expected) for r in results)


def test_name_particles_and_title_case() -> None:
    name = translit.transliterate_name("كارلوس بن روبرتو", "ar")
    words = name.split()
    assert len(words) == 3 and words[1] == "bin"
    assert words[0][0].isupper() and words[2][0].isupper()
    assert translit.transliterate_name("أبو كارلوس", "ar").startswith("Abu ")
    assert translit.transliterate_name("آل روبرتو", "ar").startswith("Al ")
    # عبد joins the next word: one word out
    assert len(translit.transliterate_name("عبد الرحمن", "ar").split()) == 1
    # the Arabic article becomes al-; Persian has no article rule
    assert " al-" in translit.transliterate_name("روبرتو الكارلوسي", "ar")
    assert "al-" not in translit.transliterate_name("روبرتو الکارلوسی", "fa").lower()
    assert translit.transliterate_name("Carlos روبرتو", "ar").startswith("Carlos ")
    assert translit.transliterate_name("", "ar") == ""


def test_shipped_model_files_are_small_and_described() -> None:
    folder = translit.MODEL_DIR
    size = sum(p.stat().st_size for p in folder.iterdir())
    assert size < 5 * 1024 * 1024
    meta = json.loads((folder / translit.META).read_text(encoding="utf-8"))
    assert {"source_letters", "target_letters", "dims", "training_pairs", "dev"} <= set(meta)
    card = (folder / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "rasad train translit" in card and "CC0" in card and "Apache-2.0" in card


@needs_shared_data
def test_held_out_words_are_not_in_training() -> None:
    from rasad.link import translit_train as tt

    rows = tt.read_rows()
    held = tt.held_out_forms(rows)
    pairs, dropped = tt.training_data(rows)
    assert dropped["held_out_form"] > 0
    assert not {f for f, _, _ in pairs} & held
    assert not set(translit.model().table) & held


@needs_shared_data
def test_dev_accuracy_is_far_above_chance() -> None:
    from rasad.link import translit_train as tt

    items = tt.split_items(tt.read_rows(), "dev")["anetac"][:200]
    scores = tt.score(tt.predict("model", [i.word for i in items], "ar"), items)
    assert scores["accuracy"] > 0.25 and scores["cer"] < 0.25


@pytest.mark.slow
@needs_shared_data
def test_training_runs_end_to_end(tmp_path: Path) -> None:
    from rasad.link import translit_train as tt

    meta = tt.train(out_dir=tmp_path, epochs=1, limit=300)
    m = translit.load(tmp_path)
    assert meta["training_pairs"] == 300 and m.decode(["كارلوس"], 1)
    assert (tmp_path / "MODEL_CARD.md").exists()
