"""HTML pages to text with trafilatura, keeping the invisible characters it drops.

trafilatura removes every non-printable character, and with them the
zero-width non-joiner (U+200C) that Persian spelling depends on, the
zero-width joiner and the bidi marks. Before extraction each such character
(and its HTML entity) is swapped for a printable sentinel from a script that
does not occur in the page; after extraction the sentinels are swapped back.
The installed library is not patched.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import Any

from rasad.doc import Doc
from rasad.ingest.base import IngestError, has_visible_text, make_doc

log = logging.getLogger(__name__)

#: Invisible characters trafilatura would drop but Persian/Arabic text needs.
PROTECTED_CHARS = (
    "\u200c\u200d\u200e\u200f\u061c"  # ZWNJ, ZWJ, LRM, RLM, Arabic letter mark
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # bidi embeddings, isolates
)
# Blocks of printable letters from scripts absent from news text (Linear A, Old Turkic,
# Linear B ideograms); only assigned, NFC-stable code points are used.
_SENTINEL_BASES = (0x10600, 0x10C00, 0x10080)
_NAMED = {"zwnj": "\u200c", "zwj": "\u200d", "lrm": "\u200e", "rlm": "\u200f"}
_ENTITY = re.compile(r"&(zwnj|zwj|lrm|rlm);|&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));?")
_PARA_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section",
                        "article", "header", "footer", "pre", "table", "ul", "ol", "figure"})
_LINE_TAGS = frozenset({"br", "div", "li", "tr", "dd", "dt", "figcaption", "hr"})
# htmldate: the original publication date, from markup only, not guessed from the text.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}
_WS = re.compile(r"[ \t\r\n\f]+")
#: A tag longer than this many characters keeps only its name: lxml checks each
#: attribute against the others, so one element with 200,000 attributes took minutes.
MAX_TAG_CHARS = 16 * 1024
_LONG_TAG = re.compile(rf"<([A-Za-z][A-Za-z0-9:-]{{0,63}})[^<>]{{{MAX_TAG_CHARS},}}>")


def bound_tags(html: str) -> str:
    """``html`` with every tag over :data:`MAX_TAG_CHARS` cut down to its bare name."""
    if len(html) < MAX_TAG_CHARS:
        return html
    return _LONG_TAG.sub(lambda m: f"<{m[1]}>", html)


def _sentinels(html: str) -> dict[str, str] | None:
    """A protected-character-to-sentinel map whose sentinels do not occur in ``html``."""
    for base in _SENTINEL_BASES:
        free = [chr(c) for c in range(base, base + 4 * len(PROTECTED_CHARS))
                if chr(c).isprintable() and unicodedata.normalize("NFC", chr(c)) == chr(c)]
        table = dict(zip(PROTECTED_CHARS, free, strict=False))
        if len(table) < len(PROTECTED_CHARS):
            continue
        if not any(s in html for s in table.values()):
            return table
    return None


def protect(html: str) -> tuple[str, dict[str, str]]:
    """``html`` with protected characters and their entities swapped for sentinels.

    Returns the new markup and the sentinel-to-character map for :func:`restore`.
    """
    table = _sentinels(html)
    if table is None:
        log.warning("no free sentinel script; invisible characters may be lost")
        return html, {}

    def entity(m: re.Match[str]) -> str:
        if m[1]:
            return table[_NAMED[m[1]]]
        code = int(m[2], 16) if m[2] else int(m[3])
        ch = chr(code) if code <= 0x10FFFF else ""
        return table.get(ch, m[0])

    if "&" in html:
        html = _ENTITY.sub(entity, html)
    html = html.translate({ord(c): s for c, s in table.items()})
    return html, {s: c for c, s in table.items()}


def restore(text: str | None, back: dict[str, str]) -> str | None:
    """Undo :func:`protect` in an extracted string."""
    if not text or not back:
        return text
    return text.translate({ord(s): c for s, c in back.items()})


def extract_page(html: str, source: str, url: str | None = None) -> Doc:
    """The main text and metadata of an HTML page as a raw :class:`Doc`.

    Raises :class:`IngestError` when trafilatura finds no main text.
    """
    from trafilatura import bare_extraction

    marked, back = protect(bound_tags(html))
    try:
        result: Any = None
        for recall in (False, True):  # a second, more lenient pass for odd layouts
            result = bare_extraction(marked, url=url, with_metadata=True, favor_recall=recall,
                                     include_comments=False, include_tables=True,
                                     date_extraction_params=_DATE_PARAMS)
            if result is not None and (result.text or "").strip():
                break
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
        raise IngestError(f"HTML could not be parsed: {type(exc).__name__}: {exc}") from exc
    text = restore(getattr(result, "text", None), back) if result is not None else None
    if not text or not text.strip():
        raise IngestError("HTML page has no main text that trafilatura can extract")
    if not has_visible_text(text):
        raise IngestError("no text: the page's main text holds only invisible characters")
    meta: dict[str, Any] = {"format": "html"}
    description = restore(getattr(result, "description", None), back)
    if description:
        meta["description"] = description
    return make_doc(
        text,
        source,
        title=restore(getattr(result, "title", None), back),
        url=getattr(result, "url", None) or url,
        author=restore(getattr(result, "author", None), back),
        outlet=restore(getattr(result, "sitename", None), back),
        date_raw=getattr(result, "date", None),
        meta=meta,
    )


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed summary), via lxml, every character kept.

    Whitespace runs inside text collapse to one space, as a browser shows them;
    paragraph-like elements are separated by a blank line, ``<br>``, ``<li>`` and
    similar by a newline.
    """
    import html as html_lib

    if "<" not in fragment:
        return html_lib.unescape(fragment).strip()
    import lxml.html

    def tags_stripped() -> str:
        return _WS.sub(" ", html_lib.unescape(re.sub(r"<[^>]*>", " ", fragment))).strip()

    try:
        root = lxml.html.fragment_fromstring(bound_tags(fragment), create_parent="div")
    except Exception:  # lxml raises ParserError/ValueError on junk
        return tags_stripped()
    out: list[str] = []
    pending = 0  # newlines owed before the next text

    def emit(s: str | None) -> None:
        nonlocal pending
        if not s:
            return
        s = _WS.sub(" ", s)
        if pending:
            s = s.lstrip(" ")
            if not s:
                return
            if out:
                out[-1] = out[-1].rstrip(" ")
                out.append("\n" * pending)
            pending = 0
        out.append(s)

    def walk(el: Any) -> None:
        nonlocal pending
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag not in ("script", "style"):
            level = 2 if tag in _PARA_TAGS else 1 if tag in _LINE_TAGS else 0
            pending = max(pending, level)
            emit(el.text)
            for child in el:
                walk(child)
            pending = max(pending, level)
        emit(el.tail)

    try:
        walk(root)
    except RecursionError:  # nesting deeper than Python's stack: the words, without layout
        return tags_stripped()
    return "".join(out).strip()
