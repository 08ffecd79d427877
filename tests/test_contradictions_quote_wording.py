"""Quote links within one language are decided by wording, without the encoder."""

from __future__ import annotations

from rasad.analyze import contradictions
from rasad.doc import Doc


def _doc(qid: str, text: str) -> Doc:
    doc = Doc(text=text, lang="fa")
    doc.quotes.append({"id": qid, "speaker": "per:x", "text": text, "lang": "fa", "same_as": []})
    return doc


def test_same_language_quotes_link_on_shared_wording() -> None:
    def no_encoder(texts: list[str]) -> None:
        raise AssertionError("one-language pairs must not be encoded")

    same = "ما برای گسترش تجارت با همسایگان خود آماده‌ایم و این همکاری ادامه خواهد یافت"
    docs = [
        _doc("q1", same),
        _doc("q2", "ما برای گسترش تجارت با همسایگان آماده‌ایم و این همکاری ادامه خواهد یافت"),
        _doc("q3", "انتخابات آینده در موعد مقرر برگزار می‌شود و هیچ تاخیری نخواهد داشت"),
    ]
    pairs = contradictions.link_quotes(docs, encode=no_encoder)
    assert pairs == [("q1", "q2")]
    assert docs[2].quotes[0]["same_as"] == []
