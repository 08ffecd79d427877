"""The headline heuristic for plain-text articles."""

from rasad.ingest.readers import headline_of


def test_short_first_line_without_final_stop_is_a_headline() -> None:
    text = "وزیران دیدار کردند\n\nدو وزیر امروز در پایتخت با هم دیدار کردند."
    assert headline_of(text) == "وزیران دیدار کردند"


def test_first_line_that_ends_a_sentence_is_not_a_headline() -> None:
    assert headline_of("التقى الوزيران اليوم.\nوناقشا التعاون.") is None


def test_single_line_text_has_no_headline() -> None:
    assert headline_of("A lone line with no body") is None


def test_long_first_line_is_not_a_headline() -> None:
    first = " ".join(["word"] * 40)
    assert headline_of(first + "\nbody text follows here.") is None
