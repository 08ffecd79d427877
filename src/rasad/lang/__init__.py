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
  an act is done to or with; ``LOCATION_CASES``: those that mark where.
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
