"""Language folders: the vocabulary and rules of one language, together.

Each supported language is a subpackage (``rasad.lang.fa``, ``rasad.lang.ar``)
exposing the same names, so stage code stays language-neutral and adding a
language is adding a folder:

- ``split_word(word, name=None) -> list[int]``: cut points that split a written
  word into the syntactic words the parser was trained on (clitics apart),
  ``[]`` when the word is one syntactic word; ``name`` is the clitic-free form of
  a name the word holds;
- ``DURING_CASES``, ``DURING_HEADS``, ``definite(word)``: what places a
  referential event noun "during" or "after" an event already reported;
- ``parser_form(word)``: the word spelt as the treebank spells it;
- ``RECIPROCALS``: "each other" pronouns; ``PRONOUNS``: third-person subject pronouns;
- ``self_reference(word)``: a verbal noun with a possessive pronoun ("دعمه"),
  whose agent is the subject of the verb it is the object of;
- ``BETWEEN_CASES``: "between": "بين X و Y" names both parties;
- ``NEGATION``, ``FUTURE``, ``CONDITIONAL``, ``HYPOTHETICAL``: folded words that,
  attached to a predicate in the parse (``advmod``, ``aux``, ``mark``, ``cop``), make
  it negated, planned, conditional or hypothetical;
- ``negative_verb(word) -> bool``: a verb form negative by itself (Persian ``ن-``);
- ``future_verb(word) -> bool``: a verb form future by itself (Arabic ``سـ``);
- ``support_verb(word)``, ``passive_verb(word)``: light verbs that lend a verbal noun
  their clause ("دیدار کرد", "قام بزيارة"), and those that make it passive ("حمایت شد");
- ``AGENT_CASES``: words that introduce the agent of a passive;
- the word-order rules' tables (``CLAUSE_BREAK``, ``SUBJECT_PRONOUN``,
  ``PRE_NEGATION``, ``RELATIVE``, ``COMPLEMENT``, ``DEMONSTRATIVE``, ``BUY_WORDS``,
  ``PURPOSE_WORDS``, ``SUPPLY_SOURCE``), read through :func:`table`; English has
  a folder with these only;
- ``RECIPIENT_CASES``: folded prepositions (``case`` of an oblique) that mark who
  an act is done to or with; ``LOCATION_CASES``: those that mark where;
- ``REFERRING``: demonstratives that make a noun point back ("این سازمان"), read
  by :func:`referring_head` with ``definite`` and ``bare(word)`` (the word without
  its article, where the language writes one); ``PERSON_ROLES``: nouns that open
  a description of a person ("نماینده مردم X").
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

#: Languages with the parser's syntax words (and a parser model).
LANGUAGES = ("fa", "ar")
#: Every language folder, English included (the word-order rules' tables only).
FOLDERS = ("fa", "ar", "en")


def get(lang: str | None) -> ModuleType | None:
    """The language folder of ``lang``, or ``None`` when rasad has none."""
    if lang not in LANGUAGES:
        return None
    return importlib.import_module(f"rasad.lang.{lang}")


def table(name: str) -> dict[str, Any]:
    """``{language: value}`` of one table across the folders that define it (e.g. ``CLAUSE_BREAK``)."""
    out: dict[str, Any] = {}
    for code in FOLDERS:
        module = importlib.import_module(f"rasad.lang.{code}")
        if hasattr(module, name):
            out[code] = getattr(module, name)
    return out


def bare(folder: ModuleType, word: str) -> str:
    """``word`` without its article or clitics, as the folder strips them (as it is, else)."""
    strip = getattr(folder, "bare", None)
    return strip(word) if strip is not None else word


def referring_head(folder: ModuleType, words: list[str]) -> str | None:
    """The noun of a description that points back to a named organisation, else ``None``.

    A demonstrative of ``REFERRING`` before it ("این سازمان", "هذه الوزارة", "the
    ministry"), or in a language with an article a definite noun alone ("الوزارة").
    """
    pointed = bool(words) and words[0] in getattr(folder, "REFERRING", frozenset())
    rest = words[1:] if pointed else words
    definite = getattr(folder, "definite", None)
    if not rest or not (pointed or (definite is not None and definite(rest[0]))):
        return None
    head = bare(folder, rest[0])
    return head if len(head) > 2 else None
