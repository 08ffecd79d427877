"""rasad.ingest: HTML pages (ZWNJ kept through trafilatura) and RSS/Atom feeds."""

from __future__ import annotations

from pathlib import Path

from rasad.doc import Doc
from rasad.ingest import Failure, iter_documents
from rasad.ingest.html import PROTECTED_CHARS, fragment_text, protect, restore

ZWNJ = "\u200c"
PARAS = [
    "کتاب‌خانه‌های عمومی شهر از هفته‌ی آینده ساعت کار خود را تغییر می‌دهند و تا نیمه‌شب باز می‌مانند.",
    "مسئولان گفتند این تصمیم پس از نظرسنجی از کتاب‌خوان‌ها گرفته شد و هزینه‌ی آن از بودجه‌ی شهری تأمین می‌شود.",
    "به گفته‌ی آن‌ها، برنامه‌های تازه‌ای برای کودکان و نوجوانان نیز در نظر گرفته شده است.",
]
TITLE = "ساعت کار کتاب‌خانه‌ها تغییر می‌کند"


def _page(paras: list[str], title: str = TITLE, charset: str = "utf-8") -> str:
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (
        f'<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="{charset}">'
        f"<title>{title}</title>"
        '<meta name="author" content="نویسنده‌ی آزمایشی">'
        '<meta property="article:published_time" content="2024-03-05T09:30:00+03:30">'
        "</head><body><nav><a href='/'>خانه</a> | <a href='/a'>درباره‌ی ما</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>همه‌ی حقوق محفوظ است</footer></body></html>"
    )


def _one(path: Path) -> Doc | Failure:
    out = list(iter_documents([str(path)]))
    assert len(out) == 1, out
    return out[0]


def test_zwnj_survives_html_extraction(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(_page(PARAS), encoding="utf-8")
    doc = _one(path)
    assert isinstance(doc, Doc)
    for para in PARAS:
        assert para in doc.text  # every ZWNJ in place, nothing else changed
    assert doc.text.count(ZWNJ) == sum(p.count(ZWNJ) for p in PARAS) + TITLE.count(ZWNJ) * (
        TITLE in doc.text
    )
    assert doc.title == TITLE
    assert doc.author == "نویسنده‌ی آزمایشی"
    assert doc.date is not None and doc.date.value == "2024-03-05"
    assert "خانه | " not in doc.text  # navigation is boilerplate


def test_zwnj_entities_become_the_character(tmp_path: Path) -> None:
    marked = [p.replace(ZWNJ, "&zwnj;", 1).replace(ZWNJ, "&#8204;", 1).replace(ZWNJ, "&#x200C;", 1)
              for p in PARAS]
    path = tmp_path / "entities.htm"
    path.write_text(_page(marked), encoding="utf-8")
    doc = _one(path)
    assert isinstance(doc, Doc)
    for para in PARAS:
        assert para in doc.text


def test_protect_restore_round_trips_every_protected_char() -> None:
    text = "a" + "b".join(PROTECTED_CHARS) + "c"
    marked, back = protect(text)
    assert marked.isprintable()
    assert not any(c in marked for c in PROTECTED_CHARS)
    assert restore(marked, back) == text


def test_html_in_windows_1256_with_meta_charset(tmp_path: Path) -> None:
    paras = [p.replace("ی", "ي") for p in PARAS]  # Windows-1256 has Arabic yeh only
    path = tmp_path / "legacy.html"
    page = _page(paras, title="عنوان", charset="windows-1256").replace("ی", "ي")
    path.write_bytes(page.encode("cp1256"))
    doc = _one(path)
    assert isinstance(doc, Doc)
    assert all(p in doc.text for p in paras)


def test_malformed_html_still_extracts(tmp_path: Path) -> None:
    path = tmp_path / "broken.html"
    body = "".join(f"<p><b>{p}<div><i>" for p in PARAS)  # unclosed tags everywhere
    path.write_text(f"<html><head><title>{TITLE}</title><body>{body}</span></table><p",
                    encoding="utf-8")
    doc = _one(path)
    assert isinstance(doc, Doc)
    assert PARAS[0] in doc.text


def test_html_without_text_fails_clearly(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>x</title></head><body><script>1</script></body></html>",
                    encoding="utf-8")
    out = _one(path)
    assert isinstance(out, Failure) and "no main text" in out.reason


def test_html_detected_by_content_without_extension(tmp_path: Path) -> None:
    path = tmp_path / "page"
    path.write_text(_page(PARAS), encoding="utf-8")
    doc = _one(path)
    assert isinstance(doc, Doc) and doc.meta["format"] == "html"


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>خبرنامه‌ی آزمایشی</title><link>https://example.org/</link>
<item><title>خبر یک</title><link>https://example.org/1</link>
<pubDate>Tue, 05 Mar 2024 09:30:00 +0330</pubDate><author>a@example.org (نویسنده)</author>
<description>&lt;p&gt;{p0}&lt;/p&gt;&lt;p&gt;{p1}&lt;/p&gt;</description></item>
<item><title>خبر دو</title><link>https://example.org/2</link><description>{p2}</description></item>
<item><title>بی‌متن</title><link>https://example.org/3</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom test</title><id>urn:x</id>
<updated>2024-03-05T10:00:00Z</updated>
<entry><title>یک</title><id>urn:1</id><link href="https://example.org/a1"/>
<updated>2024-03-04T22:00:00Z</updated>
<content type="html">&lt;div&gt;{p0}&lt;br/&gt;{p1}&lt;/div&gt;</content></entry>
</feed>"""


def test_rss_file_gives_one_doc_per_entry(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(RSS.format(p0=PARAS[0], p1=PARAS[1], p2=PARAS[2]), encoding="utf-8")
    out = list(iter_documents([str(path)]))
    assert [type(o) for o in out] == [Doc, Doc, Failure]
    first, second, bad = out
    assert isinstance(first, Doc) and isinstance(second, Doc) and isinstance(bad, Failure)
    assert first.text == PARAS[0] + "\n\n" + PARAS[1]
    assert first.url == "https://example.org/1" and first.title == "خبر یک"
    assert first.outlet == "خبرنامه‌ی آزمایشی"
    assert first.date is not None and first.date.value == "2024-03-05"
    assert second.text == PARAS[2] and second.date is None
    assert bad.item == f"{path}#3" and "no content" in bad.reason


def test_atom_content_html_is_made_plain(tmp_path: Path) -> None:
    path = tmp_path / "feed.atom"
    path.write_text(ATOM.format(p0=PARAS[0], p1=PARAS[1]), encoding="utf-8")
    (doc,) = list(iter_documents([str(path)]))
    assert isinstance(doc, Doc)
    assert doc.text == PARAS[0] + "\n" + PARAS[1]
    assert doc.date is not None and doc.date.value == "2024-03-04"


def test_feed_that_is_not_xml_fails(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_text("this is not a feed { at all", encoding="utf-8")
    out = _one(path)
    assert isinstance(out, Failure) and "not an RSS/Atom feed" in out.reason


def test_fragment_text_drops_scripts_and_keeps_zwnj() -> None:
    html = f"<p>{PARAS[0]}<script>var x=1;</script></p><ul><li>الف</li><li>ب</li></ul>"
    assert fragment_text(html) == f"{PARAS[0]}\n\nالف\nب"
