"""Each language folder defines the same names, so the stage code needs no language branches for them."""

from __future__ import annotations

import importlib

from rasad import lang

SYNTAX_NAMES = (
    "split_word", "negative_verb", "future_verb", "support_verb", "passive_verb", "self_reference",
    "parser_form", "NEGATION", "FUTURE", "CONDITIONAL", "HYPOTHETICAL", "RECIPIENT_CASES",
    "LOCATION_CASES", "AGENT_CASES", "BETWEEN_CASES", "RECIPROCALS", "PRONOUNS",
)  # fmt: skip
TABLES = ("CLAUSE_BREAK", "SUBJECT_PRONOUN", "DEMONSTRATIVE", "BUY_WORDS", "PURPOSE_WORDS", "SUPPLY_SOURCE")


def test_parsed_languages_define_every_syntax_name() -> None:
    for code in lang.LANGUAGES:
        folder = lang.get(code)
        assert folder is not None
        missing = [n for n in SYNTAX_NAMES if not hasattr(folder, n)]
        assert not missing, f"rasad.lang.{code} lacks {missing}"


def test_every_folder_defines_the_word_order_tables() -> None:
    for name in TABLES:
        assert set(lang.table(name)) == set(lang.FOLDERS), name
    for code in lang.FOLDERS:
        importlib.import_module(f"rasad.lang.{code}")


def test_unknown_language_has_no_folder() -> None:
    assert lang.get("xx") is None and lang.get(None) is None
    assert lang.table("NO_SUCH_TABLE") == {}
