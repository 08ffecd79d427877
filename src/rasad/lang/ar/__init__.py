"""Arabic: clitic splitting for the parser and syntax markers (see :mod:`rasad.lang`).

Words are in the folded form of :func:`rasad.extract.events.fold` (ی for ي and
ى, ا for أ إ آ, ه for ة).
"""

from __future__ import annotations

import re

NEGATION = frozenset({"لم", "لن", "لا", "لیس", "لیست", "لیسوا", "ما", "عدم", "دون", "غیر"})
FUTURE = frozenset({"سوف", "لن", "سیتم"})
#: (not إن: folded it is أن, "that")
CONDITIONAL = frozenset({"اذا", "لو", "لولا"})
HYPOTHETICAL = frozenset({"قد", "ربما", "یمکن", "یحتمل", "محتمل", "لعل"})
#: Prepositions, and nouns of a time frame, that place something during or after an event
#: ("خلال لقائه", "على هامش الزيارة", "در جریان این دیدار"): a referential noun there is an event
#: already reported, not a new one.
DURING_CASES = frozenset({"خلال", "اثناء", "عقب", "بعد", "ابان", "طوال"})
DURING_HEADS = frozenset({"هامش", "ختام", "نهایه", "بدایه", "اعقاب"})
#: Third-person pronouns a subject may be ("وی گفت"): they refer back to the last person named.
PRONOUNS = frozenset({"هو", "هی", "هما", "هم"})
#: Reciprocal pronouns: "X و Y با یکدیگر" / "مع بعضهما": the first conjunct acts, the others are met.
RECIPROCALS = frozenset({"بعضهما", "بعضهم", "الاخر", "بعض"})
#: "بين X و Y": both are parties (the first acts, the others are acted with).
BETWEEN_CASES = frozenset({"بین"})
RECIPIENT_CASES = frozenset({"مع", "الی", "علی", "ضد", "ل", "ب", "من", "عن", "تجاه"})
LOCATION_CASES = frozenset({"فی"})

#: Proclitics split off as PADT does: the conjunctions و and ف, then one of the
#: prepositions ب, ل, ك, only where the definite article follows (بال, لل, وال),
#: which makes the split safe on unvocalised text.
_PROCLITICS = re.compile(r"^(?P<conj>[وف])?(?P<prep>[بكل](?=ال|ل))?(?=\w{3,})")
_CONJ_ONLY = re.compile(r"^[وف](?=ال\w{2,})")


#: Proclitics that may stand before a name ("ومالطا", "لإيران", "وبالرياض" is handled above).
_NAME_PROCLITICS = frozenset({"و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك"})


def split_word(word: str, name: str | None = None) -> list[int]:
    """Cut points between proclitics and the word they attach to ([] when none).

    ``name``: the clitic-free form of a name the word holds (the entity stage's
    ``Mention.head``); a proclitic before it is cut off ("ومالطا" -> و + مالطا).
    """
    if (
        name
        and len(name) < len(word)
        and word.endswith(name)
        and word[: -len(name)] in _NAME_PROCLITICS
    ):
        return list(range(1, len(word) - len(name) + 1))
    cuts: list[int] = []
    m = _PROCLITICS.match(word)
    if not m:
        return cuts
    pos = 0
    if m.group("conj") and (m.group("prep") or _CONJ_ONLY.match(word)):
        pos = 1
        cuts.append(pos)
    if m.group("prep"):
        pos += 1
        cuts.append(pos)
    return cuts if pos < len(word) - 1 else []


def negative_verb(word: str) -> bool:
    """Arabic marks negation with a particle, not on the verb."""
    return False


_FUTURE_VERB = re.compile(r"^[وف]?س[یتنا]\w{3,}$")


def future_verb(word: str) -> bool:
    """A verb with the future prefix س: سيزور, وسيلتقي (imperfective: س then ي ت ن أ)."""
    return bool(_FUTURE_VERB.match(word))


#: The agent of a passive ("من قبل", "بواسطة").
AGENT_CASES = frozenset({"قبل", "بواسطه"})

# support verbs: "قام بزيارة", "أجرى محادثات", "عقد اجتماعا", "شن هجوما", "وجه دعوة"
_SUPPORT = re.compile(
    r"^[وف]?(?:قام|قاما|قاموا|قامت|[یت]قوم\w*|اجر[یا]\w*|[یت]جر[یا]\w*|عقد\w*|[یت]عقد\w*|شن\w*|[یت]شن\w*|وجه\w*|[یت]وجه\w*)$"
)


def support_verb(word: str) -> bool:
    """A verb that lends its clause to a verbal noun ("قام بزيارة")."""
    return bool(_SUPPORT.match(word))


def passive_verb(word: str) -> bool:
    """Arabic passives are not written apart from the verb (unvocalised): none to read."""
    return False


_SELF = re.compile(r"\w{3,}(?:ه|ها|هم|هما)$")


def self_reference(word: str) -> bool:
    """A verbal noun with a possessive pronoun ("دعمه", "زيارتها"): its agent is the host verb's subject."""
    return bool(_SELF.match(word))


def parser_form(word: str) -> str:
    """Arabic words go to the parser as written."""
    return word


# --- the word-order rules' tables (rasad.extract.events), on folded text ---------------

#: What ends a clause (folded text): punctuation and clause-opening conjunctions.
CLAUSE_BREAK = re.compile(r"[،,؛;:«»\"“”()]| (?:ان|انه|انها|بان|بانه) ")

#: A third-person subject pronoun (folded text): the clause's subject is named before.
SUBJECT_PRONOUN = re.compile(r"(?<!\w)[وف]?(?:هو|هی|انه|انها)(?!\w)")

#: A negation particle before a trigger (folded text), for sentences without a parse.
PRE_NEGATION = re.compile(r"(?<!\w)[وف]?(?:لم|لن|لا|لیس|لیست|عدم|دون|نفی)(?!\w)")

#: A relative pronoun that opens a relative clause (folded text).
RELATIVE = re.compile(
    r"(?<!\w)[وف]?(?:الذی|التی|الذین|اللذان|اللذین|اللتان|اللتین|اللواتی|اللاتی)(?!\w)"
)

#: A complementiser that opens a complement clause (folded text).
COMPLEMENT = re.compile(
    r"(?<!\w)(?:ان|انه|انها|انهم|انهما|بان|بانه|بانها|لان|[وف]?(?:حیث|عندما|بعدما|بینما))(?!\w)"
)

#: A demonstrative right before a noun trigger: a later mention of an event already reported.
DEMONSTRATIVE = re.compile(r"(?:^|\s)(?:هذا|هذه|ذلک|تلک|هذین|هاتین)\s*$")

#: Transfers whose grammatical subject receives: "X buys oil from Y".
BUY_WORDS = re.compile(r"[وف]?(?:تشتری|یشتری|اشترت|اشتری|استیراد|شراء|واردات)")

#: Words that open a purpose clause before a verbal noun ("in order to visit").
PURPOSE_WORDS = frozenset({"بهدف", "لغرض", "بغیه", "سعیا"})

#: Prepositions naming where a transfer comes from: its source is the actor.
SUPPLY_SOURCE = frozenset({"من"})


def definite(word: str) -> bool:
    """Whether a (folded) noun is marked definite on its own."""
    return word.startswith(("ال", "وال", "فال", "بال", "لل"))


_ARTICLE = re.compile(r"^(?:[وف])?(?:ال|لل)(?=\w{3,})")
#: Demonstratives that make a definite noun point back ("هذه الوزارة").
REFERRING = frozenset({"هذا", "هذه"})


def bare(word: str) -> str:
    """A (folded) word without its article or conjunction, for matching a noun against a name."""
    return _ARTICLE.sub("", word)


#: Nouns (folded, without the article) that open a description of a person ("المتحدث باسم X",
#: "رئيس مجلس X"): an organisation inside it is where the person works, not the speaker.
PERSON_ROLES = frozenset({
    "متحدث", "ناطق", "رییس", "نایب", "مدیر", "عضو", "ممثل", "سفیر", "وزیر", "مستشار", "قاید",
    "امین", "مسوول", "مندوب", "محافظ", "مبعوث", "زعیم", "امیر", "مدرب", "قنصل", "مساعد",
})  # fmt: skip

#: "And" written on the next word («والولايات المتحدة»): a new conjunct starts there.
CONJUNCTION_PROCLITIC = "و"

#: Nouns (folded, without the article) for a statement or report as the subject of a speech
#: verb ("وأضاف البيان"): its words continue the previous quote's speaker.
STATEMENT_NOUNS = frozenset({"بیان", "تقریر", "مصدر", "رساله"})

#: Political names for a state that no official name holds, as the press writes them
#: (ISO 3166 code; article, proclitics allowed). Read by :func:`rasad.kb.orgs.state_epithet`.
STATE_EPITHETS: dict[str, str] = {
    "الكيان الصهيوني": "IL",
    "الكيان الإسرائيلي": "IL",
    "الكيان الغاصب": "IL",
    "العدو الصهيوني": "IL",
    "العدو الإسرائيلي": "IL",
    "دولة الاحتلال": "IL",
    "الاحتلال الإسرائيلي": "IL",
    "سلطات الاحتلال": "IL",
    "النظام الصهيوني": "IL",
    "الشيطان الأكبر": "US",
    "نظام الملالي": "IR",
}
