"""UTF-16 without a byte-order mark is recognised by its byte pattern (issue 11 §6).

Texts are written here.
"""

from __future__ import annotations

import pytest

from rasad.ingest.base import IngestError
from rasad.ingest.decode import decode_bytes

TEXTS = [
    "وزیر خارجه کشور آرمانستان روز دوشنبه در شهر نارین‌آباد با همتای خود دیدار کرد.",
    "التقى وزير خارجية جمهورية آرمانيا يوم الاثنين في مدينة نارين مع نظيره 12 مرة.",
    "The minister met his counterpart on Monday, the 3rd meeting this year.",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_decodes(text: str, encoding: str) -> None:
    decoded, used = decode_bytes(text.encode(encoding))
    assert decoded == text and used == encoding


def test_binary_with_nuls_is_still_refused() -> None:
    blob = bytes(range(256)) * 8
    with pytest.raises(IngestError, match="binary"):
        decode_bytes(blob)


@pytest.mark.parametrize("text", TEXTS[:2])
def test_other_encodings_of_the_same_text_are_unaffected(text: str) -> None:
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8")
    decoded, used = decode_bytes(text.replace("ی", "ي").replace("ک", "ك").encode("cp1256"))
    assert used in ("cp1256", "windows-1256") and decoded == text.replace("ی", "ي").replace("ک", "ك")
