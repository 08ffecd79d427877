"""Hostile encodings, HTML pages and feeds: the right text, or a clear failure, never mojibake."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from hostile_cases import (
    AR,
    AR_PARA,
    EN,
    EN_1252,
    FA,
    FA_1256,
    FA_PARA,
    Case,
    add,
    contains,
    expect,
    file_case,
    good,
    goods_beside,
    html_page,
    ingest,
    judge,
    mojibake,
    pytest_params,
    run_in_pytest,
    select,
)


def to1256(text: str) -> str:
    """``text`` as cp1256 can hold it (Arabic yeh for the Persian one)."""
    return text.replace("ی", "ي")


FA_SENT = [to1256(s) for s in FA]
NO_TEXT = r"no text|empty"

# ---------------------------------------------------------------------------
# Encodings of plain text files
# ---------------------------------------------------------------------------

_HALF = FA[0].encode() + b" " + FA[1].encode() + b"\n" + (FA_SENT[2] + " " + FA_SENT[3]).encode("cp1256")
_JA = "東京都は来年度から市内の公園に新しい図書館を建設すると発表した。住民の多くはこの計画を歓迎している。"
_RU = "Городской совет утвердил план строительства новой библиотеки в центре города. Жители приветствуют это решение."
_FR_UTF8 = "Le café crème à la française — déjà vu, naïve façon : « très bien », dit-il à l’été."

_ENC: list[tuple[str, str, bytes, dict[str, object]]] = [
    ("cp1256_persian", "fa1256.txt", FA_1256.encode("cp1256"), {"text": FA_1256}),
    ("cp1256_arabic", "ar1256.txt", AR_PARA.encode("cp1256"), {"text": AR_PARA}),
    ("iso8859_6_arabic", "ar88596.txt", AR_PARA.encode("iso-8859-6"), {"text": AR_PARA}),
    ("utf16le_bom", "le.txt", FA_PARA.encode("utf-16"), {"text": FA_PARA}),
    ("utf16be_bom", "be.txt", b"\xfe\xff" + FA_PARA.encode("utf-16-be"), {"text": FA_PARA}),
    ("utf32_bom", "u32.txt", FA_PARA.encode("utf-32"), {"text": FA_PARA}),
    ("utf16le_no_bom_persian", "fale.txt", FA_PARA.encode("utf-16-le"), {"text": FA_PARA}),
    ("utf16be_no_bom_persian", "fabe.txt", FA_PARA.encode("utf-16-be"), {"text": FA_PARA}),
    ("utf16le_no_bom_arabic", "arle.txt", AR_PARA.encode("utf-16-le"), {"text": AR_PARA}),
    ("utf16be_no_bom_arabic", "arbe.txt", AR_PARA.encode("utf-16-be"), {"text": AR_PARA}),
    ("utf16le_no_bom_english", "enle.txt", " ".join(EN).encode("utf-16-le"), {"text": " ".join(EN)}),
    ("utf16be_no_bom_english", "enbe.txt", " ".join(EN).encode("utf-16-be"), {"text": " ".join(EN)}),
    ("half_utf8_half_cp1256", "half.txt", _HALF, {"text": contains(FA[0], FA[1], FA_SENT[2], FA_SENT[3])}),
    ("mojibake_persian_via_cp1256", "mfa1256.txt", mojibake(FA_PARA, "cp1256").encode(), {"text": FA_PARA}),
    ("mojibake_arabic_via_cp1256", "mar1256.txt", mojibake(AR_PARA, "cp1256").encode(), {"text": AR_PARA}),
    ("mojibake_persian_via_cp1252", "mfa1252.txt", mojibake(FA_PARA, "cp1252").encode(), {"text": FA_PARA}),
    ("mojibake_arabic_via_cp1252", "mar1252.txt", mojibake(AR_PARA, "cp1252").encode(), {"text": AR_PARA}),
    ("cp1252_english", "en1252.txt", EN_1252.encode("cp1252"), {"text": EN_1252}),
    ("utf8_french_not_repaired", "fr.txt", _FR_UTF8.encode(), {"text": _FR_UTF8}),
    ("utf8_three_scripts", "mix.txt", (FA[0] + " " + AR[0] + " " + EN[0]).encode(), {"text": FA[0] + " " + AR[0] + " " + EN[0]}),
    ("invisible_marks_utf16", "marks16.txt", "\u200c\u200f  \u200c\u200e".encode("utf-16"), {"fail": NO_TEXT}),
    ("shift_jis_japanese", "ja.txt", _JA.encode("shift_jis"), {"fail": r"undecodable", "text": _JA}),
    ("koi8r_russian", "ru.txt", _RU.encode("koi8-r"), {"fail": r"undecodable", "text": _RU}),
    ("random_high_bytes", "noise.txt", bytes(range(0x80, 0x100)) * 8, {"fail": r"undecodable|binary"}),
]

for _name, _file, _data, _opts in _ENC:
    add("encodings", f"enc_{_name}", file_case(_file, _data, **_opts))  # type: ignore[arg-type]

# ---------------------------------------------------------------------------
# HTML pages
# ---------------------------------------------------------------------------


def page(paragraphs: list[str], head: str = "", charset: str | None = None, encoding: str = "utf-8",
         attrs: str = "") -> bytes:
    meta = f'<meta charset="{charset}">' if charset else ""
    return html_page(paragraphs, "سرخط", meta + head, attrs).encode(encoding)


_AR_SENT = AR
_HTML: list[tuple[str, str, bytes | Callable[[Path], None], dict[str, object]]] = [
    ("meta_1252_bytes_cp1256", "lie1.html", page(FA_SENT, charset="windows-1252", encoding="cp1256"),
     {"text": contains(FA_SENT[0], FA_SENT[3])}),
    ("meta_latin1_bytes_cp1256_arabic", "lie2.html", page(_AR_SENT, charset="iso-8859-1", encoding="cp1256"),
     {"text": contains(AR[0], AR[3])}),
    ("meta_cp1256_bytes_utf8", "lie3.html", page(FA, charset="windows-1256"), {"text": contains(FA[0], FA[3])}),
    ("meta_utf8_bytes_cp1256", "lie4.html", page(FA_SENT, charset="utf-8", encoding="cp1256"),
     {"text": contains(FA_SENT[0], FA_SENT[3])}),
    ("meta_utf16_bytes_utf8", "lie5.html", page(FA, charset="utf-16"), {"text": contains(FA[0], FA[3])}),
    ("meta_bogus_charset", "lie6.html", page(FA, charset="x-no-such-charset"), {"text": contains(FA[0], FA[3])}),
    ("meta_utf7_bytes_utf8", "lie7.html", page(FA, charset="utf-7"), {"text": contains(FA[0], FA[3])}),
    ("http_equiv_right", "equiv.html",
     page(FA_SENT, head='<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">', encoding="cp1256"),
     {"text": contains(FA_SENT[0], FA_SENT[3])}),
    ("no_charset_cp1256", "nocs.html", page(FA_SENT, encoding="cp1256"), {"text": contains(FA_SENT[0], FA_SENT[3])}),
    ("xml_decl_lies", "x.xhtml", b'<?xml version="1.0" encoding="iso-8859-1"?>' + page(FA),
     {"text": contains(FA[0], FA[3])}),
    ("twenty_thousand_attributes", "attrs.html",
     page(FA, attrs=" " + " ".join(f'data-a{i}="{i}"' for i in range(20_000))),
     {"fail": r"main text|too|HTML", "text": contains(FA[0], FA[3])}),
    ("five_thousand_nested_divs", "nest.html",
     ("<html><body>" + "<div>" * 5000 + "".join(f"<p>{p}</p>" for p in FA) + "</div>" * 5000 + "</body></html>").encode(),
     {"fail": r"main text|deep|nest|HTML", "text": contains(FA[0])}),
    ("unclosed_tag_soup", "soup.html",
     ("<html><body><div><p>" + "<p>".join(FA) + "<b><i><span>" + "<td><tr>" * 50).encode(),
     {"fail": r"main text", "text": contains(FA[0], FA[3])}),
    ("comments_only", "comments.html", ("<html><body><!-- " + FA_PARA + " --></body></html>").encode(),
     {"fail": r"main text|no text"}),
    ("frameset_only", "frames.html", b'<html><frameset><frame src="a.html"></frameset></html>', {"fail": r"main text|no text"}),
    ("one_mb_data_uri", "img.html",
     page(FA, head='<link rel="icon" href="data:image/png;base64,' + "QUFB" * 250_000 + '">'),
     {"text": contains(FA[0], FA[3])}),
    ("three_thousand_paragraphs", "many.html", page([f"{FA[i % 4]} بند {i}." for i in range(3000)]),
     {"fail": r"main text|too", "text": contains(FA[0])}),
    ("zwnj_and_numeric_entities", "ent.html",
     page([FA[0], "می&zwnj;شود و کتاب&#8204;ها و &#1588;&#1607;&#1585; و &#x200c;"]),
     {"text": contains(FA[0], "می\u200cشود", "کتاب\u200cها", "شهر")}),
    ("invalid_numeric_entities", "badent.html", page([FA[0], "&#0; &#x110000; &#xD800; &#99999999999; " + FA[1]]),
     {"text": contains(FA[0], FA[1])}),
    ("nul_bytes_in_html", "nul.html", page(FA).replace(b"<article>", b"<article>\x00\x00"),
     {"fail": r"binary|NUL", "text": contains(FA[0])}),
    ("doctype_entity_expansion", "laughs.html",
     ('<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "' + "x" * 100 + '">'
      + "".join(f'<!ENTITY {c}{i} "' + f"&{c}{i - 1};" * 10 + '">' for c in "b" for i in range(1, 9)).replace("&b0;", "&a;")
      + ']><html><body><article><p>&b8;</p>' + "".join(f"<p>{p}</p>" for p in FA) + "</article></body></html>").encode(),
     {"fail": r"main text|entit|XML", "text": lambda t: FA[0] in t and len(t) < 1_000_000}),
]

for _name, _file, _data, _opts in _HTML:
    add("html", f"html_{_name}", file_case(_file, _data, **_opts), guard_s=60)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Feeds
# ---------------------------------------------------------------------------


def rss(entries: list[str], encoding: str = "utf-8", decl: str | None = None, doctype: str = "") -> bytes:
    items = "".join(f"<item><title>خبر {i}</title><link>https://example.org/{i}</link>"
                    f"<description>{escape(e)}</description></item>" for i, e in enumerate(entries))
    head = f'<?xml version="1.0" encoding="{decl or encoding}"?>{doctype}'
    return (head + f"<rss version='2.0'><channel><title>T</title>{items}</channel></rss>").encode(encoding)


def feed_case(name: str, body: Callable[[list[str]], bytes], n: int = 3, *, fail: str | None = None,
              check: Callable[[list[str]], None] | None = None, either: bool = False,
              entries_may_fail: bool = False) -> Callable[[Path], str]:
    """A feed of ``n`` good entries written by ``body(texts)``, beside two good files.

    With ``fail``: the feed must fail as a whole with that reason (or, with
    ``either``, may instead give its entries). ``check(stored texts)`` looks at what it gave.
    """

    def run(tmp: Path) -> str:
        folder = tmp / "in"
        goods = goods_beside(folder)
        texts = [good() for _ in range(n)]
        (folder / name).write_bytes(body(texts))
        result = ingest(tmp, [folder], goods if fail else goods + texts)
        stored = [a.text for a in result.docs(name)]
        if check is not None:
            check(stored)
        if fail is not None:
            return judge(result, "/" + name, fail, None, either=either)
        bad = [r for r in result.failed(name) if not (entries_may_fail and "#" in r.item)]
        expect(not bad, f"{[(r.item[-20:], r.reason) for r in bad]}")
        return "ok"

    return run


def _no_passwd(stored: list[str]) -> None:
    expect(not any("root:" in t for t in stored), "a feed entity pulled in /etc/passwd")


_LAUGHS = ('<!DOCTYPE rss [<!ENTITY a "lol lol lol lol lol lol lol lol lol lol">'
           + "".join(f'<!ENTITY a{i} "' + (f"&a{i - 1};" if i > 1 else "&a;") * 10 + '">' for i in range(1, 10)) + "]>")
_XXE = '<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


def _with_empty_entry(texts: list[str]) -> bytes:
    return rss([texts[0], "", "\u200c ", texts[1], texts[2]])


def _short(stored: list[str]) -> None:
    expect(all(len(t) < 200_000 for t in stored), "entity expansion made a huge entry")


_FEEDS: list[tuple[str, Callable[[Path], str]]] = [
    ("plain_rss", feed_case("plain.rss", rss)),
    ("malformed_xml", feed_case("bad.xml", lambda ts: b"<rss><channel><item><title>x</ti", fail=r"feed|XML|malformed")),
    ("zero_items", feed_case("none.rss", lambda ts: rss([]), fail=r"no entries|no items|empty|no text|feed")),
    ("empty_entry_among_good", feed_case("holes.rss", _with_empty_entry, entries_may_fail=True)),
    ("three_hundred_items", feed_case("many.rss", rss, n=300)),
    ("billion_laughs", feed_case("laughs.xml", lambda ts: rss(ts, doctype=_LAUGHS).replace(
        b"<title>T</title>", b"<title>&a9;</title>"), fail=r"feed|XML|entit|malformed", either=True, check=_short)),
    ("xxe_file", feed_case("xxe.rss", lambda ts: rss(ts, doctype=_XXE).replace(b"<title>T</title>", b"<title>&x;</title>"),
                           fail=r"feed|XML|entit|malformed", either=True, check=_no_passwd)),
    ("xxe_parameter_entity", feed_case("xxe2.rss", lambda ts: rss(
        ts, doctype='<!DOCTYPE rss [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>'),
        fail=r"feed|XML|entit|malformed", either=True, check=_no_passwd)),
    ("cp1256_declared", feed_case("fa.rss", lambda ts: rss(FA_SENT, "cp1256", "windows-1256"), n=0,
                                  check=lambda st: expect(all(s in st for s in FA_SENT), f"{[s[:30] for s in st]}"))),
    ("utf8_declared_cp1256_bytes", feed_case(
        "lie.rss", lambda ts: rss(FA_SENT, "cp1256", "utf-8"), n=0, fail=r"feed|XML|undecodable|encoding", either=True,
        check=lambda st: expect(all(s in FA_SENT for s in st), f"wrong text {[s[:30] for s in st]}"))),
    ("atom_escaped_html", feed_case("a.atom", lambda ts: (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
        + "".join(f'<entry><title>e{i}</title><id>urn:x:{i}</id><content type="html">{escape("<p>" + t + "</p>")}</content></entry>'
                  for i, t in enumerate(ts)) + "</feed>").encode())),
    ("rdf", feed_case("r.rdf", lambda ts: (
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">'
        '<channel rdf:about="https://example.org/"><title>T</title></channel>'
        + "".join(f'<item rdf:about="https://example.org/{i}"><title>e{i}</title><description>{escape(t)}</description></item>'
                  for i, t in enumerate(ts)) + "</rdf:RDF>").encode())),
    ("cdata_script", feed_case("script.rss", lambda ts: rss([]).replace(
        b"</channel>", ("<item><title>s</title><description><![CDATA[<script>alert('x')</script><p>" + ts[0]
                        + "</p>]]></description></item></channel>").encode()), n=1,
        check=lambda st: expect(st and all("alert" not in s for s in st), f"script kept: {st}"))),
    ("fifty_thousand_nested", feed_case("deep.xml", lambda ts: rss(ts).replace(
        b"<title>T</title>", b"<x>" * 50_000 + b"</x>" * 50_000), fail=r"feed|XML|deep|nest", either=True)),
]

for _name, _fn in _FEEDS:
    add("feeds", f"feed_{_name}", _fn, guard_s=60)


# ---------------------------------------------------------------------------
# Slow cases: benchmarks/hostile.py only
# ---------------------------------------------------------------------------

add("html", "html_200k_attributes", file_case(
    "attrs.html", page(FA, attrs=" " + " ".join(f'data-a{i}="{i}"' for i in range(200_000))),
    fail=r"main text|too|HTML", text=contains(FA[0], FA[3])), slow=True, guard_s=120)
add("html", "html_100k_nested_divs", file_case(
    "nest.html", ("<html><body>" + "<div>" * 100_000 + "".join(f"<p>{p}</p>" for p in FA) + "</div>" * 100_000
                  + "</body></html>").encode(), fail=r"main text|deep|nest|HTML", text=contains(FA[0])),
    slow=True, guard_s=120)
add("html", "html_20k_paragraphs", file_case(
    "many.html", page([f"{FA[i % 4]} بند {i}." for i in range(20_000)]), fail=r"main text|too",
    text=contains(FA[0])), slow=True, guard_s=120)
add("html", "html_5mb_attribute_value", file_case(
    "longattr.html", page(FA, attrs=' data-x="' + "y" * (5 << 20) + '"'), fail=r"main text|too|HTML",
    text=contains(FA[0], FA[3])), slow=True, guard_s=120)


@pytest.mark.parametrize("case", pytest_params(select("encodings", "html", "feeds")))
def test_hostile(case: Case, tmp_path: Path) -> None:
    run_in_pytest(case, tmp_path)
