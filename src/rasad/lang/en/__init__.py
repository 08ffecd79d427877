"""English: the word-order rules' tables (rasad reads English news without a parser).

English has no parser model, so it needs none of the syntax words of
:mod:`rasad.lang`; only the tables the word-order rules of
:mod:`rasad.extract.events` read, on folded (lower-case) text.
"""

from __future__ import annotations

import re

#: What ends a clause (folded text): punctuation and clause-opening conjunctions.
CLAUSE_BREAK = re.compile(r"[,;:\"“”()]| that | but | while ")

#: A third-person subject pronoun (folded text): the clause's subject is named before.
SUBJECT_PRONOUN = re.compile(r"\b(?:he|she)\b")

#: A negation particle before a trigger (folded text), for sentences without a parse.
PRE_NEGATION = re.compile(r"\b(?:not|never|no|without|n't|did not|didn't|won't)\b")

#: A relative pronoun that opens a relative clause (folded text).
RELATIVE = re.compile(r"\b(?:who|which|whose)\b")

#: A complementiser that opens a complement clause (folded text).
COMPLEMENT = re.compile(r"\bthat\b")

#: A demonstrative right before a noun trigger: a later mention of an event already reported.
DEMONSTRATIVE = re.compile(r"\b(?:this|that|the same)\s*$")

#: Transfers whose grammatical subject receives: "X buys oil from Y".
BUY_WORDS = re.compile(r"(?:buy|bought|purchas|import)")

#: Words that open a purpose clause before a verbal noun ("in order to visit").
PURPOSE_WORDS = frozenset({"to"})

#: Prepositions naming where a transfer comes from: its source is the actor.
SUPPLY_SOURCE = frozenset({"from"})


#: Determiners that make a noun point back to a named organisation ("the ministry").
REFERRING = frozenset({"the", "this"})

#: Nouns that open a description of a person ("spokesman of X", "head of X"): an organisation
#: inside it is where the person works, not the speaker.
PERSON_ROLES = frozenset({
    "spokesman", "spokeswoman", "spokesperson", "head", "chief", "director", "member", "minister",
    "ambassador", "envoy", "adviser", "advisor", "commander", "deputy", "representative", "leader",
    "secretary", "coach", "governor",
})  # fmt: skip

#: Political names for a state that no official name holds (ISO 3166 code).
STATE_EPITHETS: dict[str, str] = {
    "zionist regime": "IL",
    "zionist entity": "IL",
    "great satan": "US",
}
