"""Tests for rasad.text.process on texts written here and on the demo seeds."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.doc import Doc
from rasad.text import process


def _check_spans(doc: Doc) -> None:
    n = len(doc.text)
    assert len(doc.norm_to_orig) == len(doc.norm) + 1 and doc.norm_to_orig[-1] == n
    for sent in doc.sentences:
        assert 0 <= sent.start < sent.end <= n
        assert doc.text[sent.start : sent.end].strip() == doc.text[sent.start : sent.end]
        assert not any(s < sent.end and sent.start < e for s, e, _ in doc.excluded)
    for tok in doc.tokens:
        assert 0 <= tok.start < tok.end <= n
        assert not any(s < tok.end and tok.start < e for s, e, _ in doc.excluded)


def test_process_persian_with_furniture() -> None:
    text = (
        "دانشجویان امروز در كتابخانه مركزي درس ميخوانند.\n"
        "استادان میگویند امتحانها سخت است.\n"
        "Related posts are listed in the block below\n"
        "+4\n"
        "به این مطلب امتیاز بدهید و رای خود را ثبت کنید\n"
    )
    doc = process(Doc(text=text))
    assert doc.lang == "fa"
    assert "کتابخانه مرکزی" in doc.norm
    assert "می\u200cگویند" in doc.norm
    assert len(doc.excluded) == 1
    s, e, _ = doc.excluded[0]
    assert doc.text[s:e].startswith("Related") and doc.text[s:e].endswith("ثبت کنید")
    assert [x.lang for x in doc.sentences] == ["fa", "fa"]
    norm_tokens = [t.norm for t in doc.tokens]
    assert "می\u200cگویند" in norm_tokens
    for tok in doc.tokens:  # original span holds the same letters, ZWNJ aside
        assert doc.text[tok.start : tok.end].replace("ي", "ی").replace(
            "ك", "ک"
        ) == tok.norm.replace("\u200c", "")
    _check_spans(doc)


def test_process_mixed_sentence_languages_and_empty() -> None:
    doc = process(
        Doc(
            text="او در سخنرانی خود گفت که مذاکرات ادامه دارد.\nوقال الوزير إن المحادثات مستمرة مع الجانبين.\n"
        )
    )
    assert [s.lang for s in doc.sentences] == ["fa", "ar"]
    empty = process(Doc(text=""))
    assert empty.sentences == [] and empty.tokens == [] and empty.norm_to_orig == [0]


def test_process_keeps_other_exclusions() -> None:
    doc = Doc(text="جمله اول است.\nجمله دوم است.", excluded=[(0, 13, "quote-block")])
    process(doc)
    assert (0, 13, "quote-block") in doc.excluded
    assert len(doc.sentences) == 1


def test_seeds(seeds_dir: Path) -> None:
    docs = [
        process(Doc(text=p.read_text(encoding="utf-8"))) for p in sorted(seeds_dir.glob("*.txt"))
    ]
    assert [d.lang for d in docs] == ["fa", "ar", "ar", "fa", "fa"]
    assert docs[3].excluded and docs[4].excluded
    for doc in docs:
        assert doc.sentences and doc.tokens
        assert {s.lang for s in doc.sentences} <= {doc.lang, "en", "und", "fa", "ar"}
        _check_spans(doc)
    for doc in (docs[0], docs[3], docs[4]):
        assert "\u200c" in doc.norm  # ZWNJ restored somewhere in the Persian seeds


_PIECES = st.sampled_from(
    [
        "کتاب", "می", "ها", "خانه", "ای", "كتاب", "يوم", "على", "الولد", "the", "Read", "more",
        " ", "  ", "\n", "\n\n", ".", "،", "؟", "!", "«", "»", "\"", "“", "”", "3.5", "۱۲", "+7", "-3",
        "\u200c", "\u064e", "\u0640", "\u202b", "\ufefb", "\xa0", "\r\n",
    ]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_process_invariants_on_random_text(text: str) -> None:
    doc = process(Doc(text=text))
    assert doc.lang in {"fa", "ar", "en", "und"}
    _check_spans(doc)
    for s, e, _ in doc.excluded:
        assert 0 <= s < e <= len(text)
