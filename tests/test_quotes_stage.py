"""Quote stage: direct and reported quotes, cues, and speakers (names, pronouns, titles)."""

from __future__ import annotations

from pathlib import Path

from rasad import text as text_stage
from rasad.doc import Doc
from rasad.extract import quotes
from test_events_stage import make_doc

FA = (
    "ژان دوپون، وزیر امور خارجه فرانسه، روز دوشنبه با سامح شکری، همتای مصری خود دیدار کرد. "
    "او گفت: «ما باید با هم برای صلح در منطقه کار کنیم.» "
    "وزیر امور خارجه مصر نیز تاکید کرد که روابط دو کشور بسیار مهم است و ادامه خواهد یافت. "
    "این یک «رویداد مهم» بود."
)
FA_MENTIONS = [
    ("ژان دوپون", "PER", "JD", None),
    ("فرانسه", "GPE", "FR", "FR"),
    ("سامح شکری", "PER", "SS", None),
    ("مصر", "GPE", "EG", "EG"),
]


def test_fa_direct_pronoun_and_title_speakers() -> None:
    doc = make_doc(FA, FA_MENTIONS)
    quotes.process(doc)
    assert len(doc.quotes) == 2  # the scare-quoted term is not a quote
    direct, reported = doc.quotes
    assert direct["kind"] == "direct" and direct["cue"] == "گفت"
    assert (
        direct["text"].startswith("ما باید")
        and doc.text[direct["start"] : direct["end"]] == direct["text"]
    )
    assert direct["speaker"] == "SS"  # "او" is the last person named
    assert reported["kind"] == "reported" and reported["cue"] == "تاکید کرد"
    assert reported["speaker"] == "SS"  # "the foreign minister of Egypt": the Egyptian named before
    assert reported["same_as"] == [] and reported["article"] is None
    assert "said" in reported["english"]


def test_ar_cue_then_subject_and_prodrop() -> None:
    text = (
        "التقى وزير الخارجية الفرنسي جان دوبون بنظيره المصري، سامح شكري، يوم الاثنين. "
        'وقال: "علينا أن نعمل معا من أجل السلام في المنطقة". '
        "وقال دوبون في بيان إن فرنسا ستواصل دعمها للمشاريع المشتركة بين البلدين."
    )
    doc = make_doc(
        text,
        [("جان دوبون", "PER", "JD", None), ("سامح شكري", "PER", "SS", None), ("دوبون", "PER", "JD", None),
         ("فرنسا", "GPE", "FR", "FR")],
    )  # fmt: skip
    # the second "دوبون" is the one in the last sentence
    last = text.rindex("دوبون")
    doc.mentions[[m.text for m in doc.mentions].index("دوبون")].start = last
    doc.mentions[[m.text for m in doc.mentions].index("دوبون")].end = last + len("دوبون")
    doc.mentions.sort(key=lambda m: m.start)
    quotes.process(doc)
    kinds = [(q["kind"], q["speaker"]) for q in doc.quotes]
    assert ("direct", "SS") in kinds  # pro-drop: the last person named
    assert ("reported", "JD") in kinds  # "قال X إن ..."
    reported = next(q for q in doc.quotes if q["kind"] == "reported")
    assert reported["text"].startswith("فرنسا")


def test_unknown_speaker_stays_null() -> None:
    doc = make_doc(
        "The ministry of a distant land said that it will open new offices in many places soon.", []
    )
    quotes.process(doc)
    assert doc.quotes and doc.quotes[0]["speaker"] is None


def test_title_resolution_narrows_by_title_or_stays_null() -> None:
    text = (
        "ژان دوپون، وزیر فرانسه، و پیر مارتن، دیپلمات فرانسه، دیدار کردند. "
        "وزیر فرانسه گفت که این گفت‌وگوها بسیار سازنده و مفید بوده است."
    )
    mentions = [
        ("ژان دوپون", "PER", "JD", "FR"),
        ("پیر مارتن", "PER", "PM", "FR"),
        ("فرانسه", "GPE", "FR", "FR"),
    ]
    doc = make_doc(text, mentions)
    quotes.process(doc)
    assert [q["speaker"] for q in doc.quotes if q["kind"] == "reported"] == ["JD"]
    ambiguous = make_doc(text.replace("دیپلمات فرانسه", "وزیر فرانسه"), mentions)
    quotes.process(ambiguous)
    assert [q["speaker"] for q in ambiguous.quotes if q["kind"] == "reported"] == [None]


def test_seed_quotes_have_valid_spans(seeds_dir: Path) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        doc = text_stage.process(Doc(text=path.read_text(encoding="utf-8")))
        quotes.process(doc)
        assert doc.quotes, path.name
        for q in doc.quotes:
            assert doc.text[q["start"] : q["end"]] == q["text"] and q["cue"]
