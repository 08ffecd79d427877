"""rasad.ingest.decode: per-document and per-line decoding, mojibake and stray-byte repair."""

from __future__ import annotations

import hypothesis.strategies as st
from hypothesis import given, settings

from rasad.ingest.decode import LineDecoder, decode_bytes, latin_codepage, repair_mojibake

FA = "وزیر امور خارجه امروز در نشست خبری گفت که گفت‌وگوها هفتهٔ آینده ادامه می‌یابد.\n"
AR = "قال المتحدث باسم الحكومة إن المفاوضات ستستأنف في العاصمة الأسبوع المقبل.\n"
# Windows-1256 has no Persian yeh (U+06CC) or heh with yeh (U+06C0): Persian files in it use these.
FA_1256 = FA.replace("ی", "ي").replace("ۀ", "ه").replace("ٔ", "")


def _misread_1252(data: bytes) -> str:
    """Bytes shown through Windows-1252 the way browsers do (undefined bytes kept as C1 controls)."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


def test_utf8_read_as_cp1256_is_repaired() -> None:
    mojibake = FA.encode().decode("cp1256")
    text, how = decode_bytes(mojibake.encode())
    assert text == FA and "mojibake" in how


def test_utf8_read_as_cp1252_is_repaired() -> None:
    mojibake = _misread_1252(AR.encode())
    assert repair_mojibake(mojibake) == (AR, "cp1252")
    assert decode_bytes(mojibake.encode())[0] == AR


def test_only_the_mojibake_lines_are_repaired() -> None:
    data = (FA + FA.encode().decode("cp1256") + AR).encode()
    text, _ = decode_bytes(data)
    assert text == FA + FA + AR


def test_ordinary_text_is_never_repaired() -> None:
    for text in (FA, AR, "Café au lait, naïve résumé.", "Ø is a letter in Danish: Øresund."):
        assert repair_mojibake(text) is None


def test_half_utf8_half_cp1256_is_decoded_line_by_line() -> None:
    text, how = decode_bytes(FA.encode() + AR.encode("cp1256") + FA_1256.encode("cp1256"))
    assert text == FA + AR + FA_1256
    assert "mixed" in how and "cp1256" in how


def test_stray_latin1_byte_in_utf8_keeps_the_utf8() -> None:
    raw = FA.encode()
    cut = raw.index(b" ", 20)
    text, how = decode_bytes(raw[:cut] + b"\xe9" + raw[cut:])
    assert text == FA[: len(raw[:cut].decode())] + "é" + FA[len(raw[:cut].decode()):]
    assert "stray" in how


def test_cp1252_english_reads_as_cp1252() -> None:
    english = "The minister said “the talks will resume” at the café next week — naïvely.\n"
    assert decode_bytes(english.encode("cp1252")) == (english, "cp1252")
    assert latin_codepage(english.encode("cp1252")) == "cp1252"
    assert latin_codepage(AR.encode("cp1256")) is None


def test_a_lying_meta_charset_is_not_believed() -> None:
    data = FA_1256.encode("cp1256")
    assert decode_bytes(data, "windows-1252")[0] == FA_1256
    assert decode_bytes(data, "iso-8859-1")[0] == FA_1256
    assert decode_bytes(FA.encode(), "windows-1256")[0] == FA  # UTF-8 wins over a wrong declaration


def test_line_decoder_decides_each_line_alone() -> None:
    decoder = LineDecoder()
    lines = [FA.encode(), '{"t": "café"}'.encode("latin-1"), AR.encode("cp1256"), FA.encode(), AR.encode("cp1256")]
    assert [decoder.decode(line) for line in lines] == [FA, '{"t": "café"}', AR, FA, AR]
    assert decoder.encodings["utf-8"] == 2 and decoder.encodings["cp1256"] == 2
    assert "mixed" in decoder.label()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیءآأؤئ ،.؟\u200c0123456789abc\n")),
               min_size=1, max_size=200))
def test_utf8_text_always_round_trips(text: str) -> None:
    """Valid UTF-8 comes back exactly (repair never fires on real Arabic-script text)."""
    assert decode_bytes(text.encode())[0] == text
