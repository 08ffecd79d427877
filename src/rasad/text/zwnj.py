"""Persian ZWNJ (U+200C, نیم‌فاصله) restoration in glued words.

Text that lost its ZWNJ glues prefixes and suffixes to their word:
``میروند`` for ``می‌روند``, ``خانههای`` for ``خانه‌های``. :func:`restore_word`
puts them back using a table learned from Persian news
(``data/zwnj_fa.json.gz``, built by ``python -m rasad.text.train_zwnj``;
see ``data/README.md``):

1. ``forms``: words the corpus writes with a ZWNJ far more often than glued
   (``joined → form``); the form is used as is.
2. ``keep``: words the corpus writes glued, which the rules below would split
   (``تنها``, ``بیشتر`` ...); they are never touched.
3. Rules for unseen words: ``می``/``نمی`` + a verb remainder seen after
   ``می‌`` in the corpus; a known stem + plural/comparative suffix
   (``ها های هایی ... تر ترین``); a known stem ending in ``ه`` + ``ای ایی ام ات اش``.

Words already holding a ZWNJ are left alone, so restoration is idempotent.
Only glued forms are handled; a space used in place of a ZWNJ is kept.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

ZWNJ = "\u200c"

#: Shortest glued word the rules (not the table) may split.
MIN_RULE_WORD_LEN = 4
#: Shortest stem the suffix rules accept.
MIN_STEM_LEN = 2

VERB_PREFIXES = ("نمی", "می")
#: Personal endings of present/past verbs (stem + ending = a remainder after می).
VERB_ENDINGS = ("یم", "ید", "ند", "م", "ی", "د")
#: Shortest verb stem the ending rule accepts.
MIN_VERB_STEM_LEN = 2
#: Suffixes taking a ZWNJ after any stem, longest first.
PLURAL_SUFFIXES = (
    "هایشان", "هایتان", "هایمان", "هایش", "هایم", "هایت", "هایی", "های", "ها", "ترین", "تر",
)  # fmt: skip
#: Suffixes taking a ZWNJ only after a stem ending in ه (مدرسه‌ای, خانه‌اش).
H_SUFFIXES = ("ایی", "ای", "ام", "ات", "اش")

PERSIAN_WORD = re.compile(
    r"(?<![\w\u200c])[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u06c0]+(?![\w\u200c])"
)


@dataclass(frozen=True, slots=True)
class ZwnjTable:
    """The learned table: see the module docstring."""

    forms: dict[str, str]
    keep: frozenset[str]
    verb_rests: frozenset[str]
    verb_stems: frozenset[str]
    stems: frozenset[str]


@lru_cache(maxsize=1)
def table() -> ZwnjTable:
    """The shipped table, loaded once."""
    ref = resources.files("rasad.text") / "data" / "zwnj_fa.json.gz"
    with ref.open("rb") as fh:
        data = json.loads(gzip.decompress(fh.read()).decode("utf-8"))
    return build_table(data)


def build_table(data: dict[str, list[str]]) -> ZwnjTable:
    """A :class:`ZwnjTable` from the JSON structure the trainer writes."""
    return ZwnjTable(
        forms={f.replace(ZWNJ, ""): f for f in data["forms"]},
        keep=frozenset(data["keep"]),
        verb_rests=frozenset(data["verb_rests"]),
        verb_stems=frozenset(_verb_stems(data["verb_rests"])),
        stems=frozenset(data["stems"]),
    )


def _verb_stems(rests: list[str]) -> set[str]:
    """Verb stems: each remainder seen after می with a personal ending taken off."""
    stems = set()
    for rest in rests:
        for ending in VERB_ENDINGS:
            if ending and rest.endswith(ending) and len(rest) - len(ending) >= MIN_VERB_STEM_LEN:
                stems.add(rest[: -len(ending)])
    return stems


def _is_verb_rest(rest: str, tab: ZwnjTable) -> bool:
    if rest in tab.verb_rests:
        return True
    return any(
        rest.endswith(e)
        and len(rest) - len(e) >= MIN_VERB_STEM_LEN
        and rest[: -len(e)] in tab.verb_stems
        for e in VERB_ENDINGS
        if e
    )


def rule_split(word: str, tab: ZwnjTable) -> str:
    """``word`` with ZWNJ inserted by the general rules alone (no table forms)."""
    if len(word) < MIN_RULE_WORD_LEN:
        return word
    for prefix in VERB_PREFIXES:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and _is_verb_rest(rest, tab):
            return prefix + ZWNJ + rest
    for suffix in PLURAL_SUFFIXES:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= MIN_STEM_LEN and stem in tab.stems:
            return stem + ZWNJ + suffix
    for suffix in H_SUFFIXES:
        stem = word[: -len(suffix)]
        if (
            word.endswith(suffix)
            and stem.endswith("ه")
            and len(stem) > MIN_STEM_LEN
            and stem in tab.stems
        ):
            return stem + ZWNJ + suffix
    return word


def restore_word(word: str, tab: ZwnjTable | None = None) -> str:
    """``word`` (normalised Persian letters, no ZWNJ) with its ZWNJ restored."""
    tab = tab or table()
    form = tab.forms.get(word)
    if form is not None:
        return form
    if word in tab.keep:
        return word
    return rule_split(word, tab)


def restore_with_map(text: str, mapping: list[int]) -> tuple[str, list[int]]:
    """Restore ZWNJ in every glued Persian word of ``text``, keeping ``mapping`` aligned.

    An inserted ZWNJ maps to the original index of the character after it.
    """
    tab = table()
    pieces: list[str] = []
    new_map: list[int] = []
    last = 0
    for m in PERSIAN_WORD.finditer(text):
        word = m.group()
        restored = restore_word(word, tab)
        if restored == word:
            continue
        s = m.start()
        pieces.append(text[last:s])
        new_map.extend(mapping[last:s])
        i = s
        for ch in restored:
            pieces.append(ch)
            new_map.append(mapping[i])
            if ch != ZWNJ:
                i += 1
        last = m.end()
    if not pieces:
        return text, mapping
    pieces.append(text[last:])
    new_map.extend(mapping[last:])
    return "".join(pieces), new_map


def restore(text: str) -> str:
    """``text`` (already normalised Persian) with ZWNJ restored in glued words."""
    return restore_with_map(text, list(range(len(text) + 1)))[0]
