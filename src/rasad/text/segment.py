"""Sentence and token segmentation over normalised text.

Sentences end at ``. ! ? ؟ …`` followed by whitespace (or the end), and at every
newline. They do not end at the Arabic comma ``،`` or semicolon ``؛``, inside
quotes (``«…»``, ``“…”``, ``"…"``; a quote closing right after a terminator ends
the sentence), after a single-letter or known abbreviation (``U.S.``, ``Dr.``,
``د.``), or inside numbers (``3.5``: no space follows the point).

A sentence longer than :data:`MAX_SENTENCE_CHARS` (a line with no
terminator, a table or list flattened into one line) is cut into pieces of at
most that length, at the last whitespace before the limit (at the limit when
there is none), so that no later stage ever sees an unbounded sentence.

Both functions work in normalised offsets; :func:`rasad.text.process` maps
them back to the original text.
"""

from __future__ import annotations

import re

#: Longest sentence handed to the stages, in characters. The fact stages do work per
#: sentence that grows with its length, so a text without terminators must not become
#: one sentence. Real news sentences are far shorter: median 120-150 characters, 99th
#: percentile 640 (Fars News) and 700 (SaudiNewsNet). The longest real ones are long
#: direct quotes (a sentence does not end inside «…»); 2,000 is also the longest quote
#: the quote stage accepts (``MAX_QUOTE_CHARS``), and leaves 98-99% of articles with
#: every sentence whole (1,000 would cut a sentence in about 4% of them).
MAX_SENTENCE_CHARS = 2000

_EVENTS = re.compile(r"\n|[«»“”\"]|[.!?؟…]+")
_CLOSERS = "»”\")]’'"
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "gen",
        "col",
        "lt",
        "sgt",
        "no",
        "fig",
        "al",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
    ]
)
_WORD_BEFORE = re.compile(r"(\S+)$")

#: Tokens: numbers (3.5, 1,000, 12/3), words (with inner ZWNJ, apostrophe or hyphen), single marks.
TOKEN = re.compile(r"\d+(?:[.,/:]\d+)*|[^\W\d_](?:[\w\u200c'’-]*\w)?|[^\w\s]")


def _is_abbreviation(text: str, dot: int) -> bool:
    m = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    if not m:
        return False
    word = m.group(1).lstrip('(«"“')
    if len(word) == 1 and word.isalpha():
        return True
    return word.lower() in ABBREVIATIONS


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` spans of sentences in ``text``, whitespace trimmed."""
    cuts: list[int] = []
    depth = 0
    straight = False
    n = len(text)
    for m in _EVENTS.finditer(text):
        ch = m.group()
        end = m.end()
        if ch == "\n":
            cuts.append(m.start())
            depth, straight = 0, False
            continue
        if ch in "«“":
            depth += 1
            continue
        if ch in "»”" or ch == '"':
            if ch == '"':
                straight = not straight
            else:
                depth = max(0, depth - 1)
            prev = text[m.start() - 1] if m.start() else ""
            if (
                depth == 0
                and not straight
                and prev in ".!?؟…"
                and (end == n or text[end].isspace())
            ):
                cuts.append(end)
            continue
        if depth or straight:
            continue
        while end < n and text[end] in _CLOSERS:
            end += 1
        if end < n and not text[end].isspace():
            continue
        if ch == "." and _is_abbreviation(text, m.start()):
            continue
        cuts.append(end)
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in [*cuts, n]:
        seg = text[start:cut]
        stripped = seg.strip()
        if stripped:
            s = start + (len(seg) - len(seg.lstrip()))
            e = s + len(stripped)
            if e - s > MAX_SENTENCE_CHARS:
                spans.extend(_cut_long(text, s, e))
            else:
                spans.append((s, e))
        start = cut
    return spans


def _cut_long(text: str, start: int, end: int, limit: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """``text[start:end]`` (trimmed) cut into trimmed pieces of at most ``limit`` characters.

    Each piece ends at the last whitespace within the limit, or at the limit
    when the piece has none. Linear in ``end - start``.
    """
    out: list[tuple[int, int]] = []
    s = start
    while s < end:
        if end - s <= limit:
            out.append((s, end))
            break
        cut = s + limit
        k = cut
        while k > s and not text[k].isspace():  # text[cut] itself may be the whitespace
            k -= 1
        if k > s:
            cut = k
        e = cut
        while e > s and text[e - 1].isspace():
            e -= 1
        out.append((s, e))
        s = cut
        while s < end and text[s].isspace():
            s += 1
    return out


def token_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``[start, end)`` spans of tokens in ``text[start:end]`` (clitics not split)."""
    return [m.span() for m in TOKEN.finditer(text, start, len(text) if end is None else end)]
