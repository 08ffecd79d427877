"""Persian: syntax markers read from the parse (see :mod:`rasad.lang`).

Words are in the folded form of :func:`rasad.extract.events.fold` (ی, ک, no ZWNJ).
"""

from __future__ import annotations

import re

NEGATION = frozenset({"نه", "هرگز", "هیچ", "بدون"})
#: The future auxiliary (خواهد دید) and words that schedule an act.
FUTURE = frozenset({"خواهد", "خواهند", "خواهم", "خواهیم", "خواهی", "خواهید", "قراراست", "قرار"})
CONDITIONAL = frozenset({"اگر", "چنانچه", "درصورتی", "درصورت", "هرگاه"})
HYPOTHETICAL = frozenset(
    {"ممکن", "شاید", "احتمالا", "احتمال", "میتواند", "میتوانند", "بتواند", "بتوانند"}
)
#: "بین X و Y": both are parties (the first acts, the others are acted with).
#: Prepositions, and nouns of a time frame, that place something during or after an event
#: ("خلال لقائه", "على هامش الزيارة", "در جریان این دیدار"): a referential noun there is an event
#: already reported, not a new one.
DURING_CASES = frozenset({"طی", "ضمن", "حین", "هنگام"})
DURING_HEADS = frozenset({"جریان", "حاشیه", "پایان", "خلال", "ادامه"})
#: Third-person pronouns a subject may be ("وی گفت"): they refer back to the last person named.
PRONOUNS = frozenset({"او", "وی", "ایشان", "اینجانب"})
#: Reciprocal pronouns: "X و Y با یکدیگر": the first conjunct acts, the others are met.
RECIPROCALS = frozenset({"یکدیگر", "همدیگر", "هم"})
BETWEEN_CASES = frozenset({"بین", "میان"})
RECIPIENT_CASES = frozenset({"با", "به", "از", "علیه", "برای", "بر"})
LOCATION_CASES = frozenset({"در"})

# a negative verb: ن + a verb form (نکرد, نمی‌کند, نخواهد, نشد); not words that merely start with ن
_NEG_VERB = re.compile(
    r"^ن(?:می ?\w+|خواه\w*|کرد\w*|کن\w*|داد\w*|ده\w*|شد\w*|شو\w*|داشت\w*|دار\w*|پذیرفت\w*|"
    r"رفت\w*|گفت\w*|گو\w*|بود\w*|یست\w*|است\w*|ساخت\w*|ساز\w*|زد\w*|زن\w*|گرفت\w*|گیر\w*|"
    r"پذیر\w*|دید\w*|بین\w*|آمد\w*|امد\w*|یامد\w*)$"
)


def split_word(word: str, name: str | None = None) -> list[int]:
    """Persian words are parsed as written (PerDT keeps clitics on the word)."""
    return []


def negative_verb(word: str) -> bool:
    """True for a negative verb form (نکرد, نمی‌پذیرد)."""
    return bool(_NEG_VERB.match(word.replace("\u200c", "")))


def future_verb(word: str) -> bool:
    """Persian marks the future with an auxiliary, not a prefix."""
    return False


#: The agent of a passive ("توسط", "از سوی", "از طرف").
AGENT_CASES = frozenset({"توسط", "سوی", "طرف", "جانب"})

# light and support verbs: a verbal noun with one of them is a predicate (دیدار کرد, سفر داشت, مذاکره انجام داد)
_SUPPORT = re.compile(
    r"^(?:ن?می ?|ن|ب)?(?:کرد|کن|داشت|دار|داد|ده|زد|زن|گرفت|گیر|نمود|نما|آورد|اورد|آور|اور|شد|شو)"
    r"(?:ه|ن|د|ند|ید|یم|م|ی|ه اند|ه است|ست)?$"
)


def support_verb(word: str) -> bool:
    """A light verb that lends its clause to a verbal noun ("دیدار کرد")."""
    return bool(_SUPPORT.match(word.replace("\u200c", "")))


_PASSIVE_LIGHT = re.compile(
    r"^(?:ن?می ?|ن)?(?:شد|شود|شده|شدند|شوند|گردید|گردد|گردیدند)(?: است| اند)?$"
)


def passive_verb(word: str) -> bool:
    """A light verb that makes its verbal noun passive ("حمایت شد", "دستگیر شدند")."""
    return bool(_PASSIVE_LIGHT.match(word.replace("\u200c", "")))


_SELF = re.compile(r"\w{3,}(?:ش|شان)$")


def self_reference(word: str) -> bool:
    """A verbal noun with a possessive pronoun ("حمایتش"): its agent is the host verb's subject."""
    return bool(_SELF.match(word))


_PERSIAN_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه"})


def parser_form(word: str) -> str:
    """The word as the treebank writes it: Persian ی and ک for the Arabic letters older sites use."""
    return word.translate(_PERSIAN_LETTERS)


# --- the word-order rules' tables (rasad.extract.events), on folded text ---------------

#: What ends a clause (folded text): punctuation and clause-opening conjunctions.
CLAUSE_BREAK = re.compile(r"[،,؛;:«»\"“”()]| که ")

#: A third-person subject pronoun (folded text): the clause's subject is named before.
SUBJECT_PRONOUN = re.compile(r"(?<!\w)(?:او|وی|ایشان)(?!\w)")

#: A demonstrative right before a noun trigger: a later mention of an event already reported.
DEMONSTRATIVE = re.compile(r"(?:^|\s)(?:این|آن|همین|همان)\s*$")

#: Transfers whose grammatical subject receives: "X buys oil from Y".
BUY_WORDS = re.compile(r"(?:خرید|واردات)")

#: Words that open a purpose clause before a verbal noun ("in order to visit").
PURPOSE_WORDS = frozenset({"برای", "جهت", "منظور"})

#: Prepositions naming where a transfer comes from: its source is the actor.
SUPPLY_SOURCE = frozenset({"از"})


def definite(word: str) -> bool:
    """Whether a (folded) noun is marked definite on its own."""
    return False  # Persian marks no definite article


#: Demonstratives that make a noun point back to a named organisation ("این سازمان").
REFERRING = frozenset({"این", "همین"})

#: Nouns (folded) that open a description of a person ("نماینده مردم X در مجلس", "سرمربی تیم X"):
#: an organisation inside such a description is where the person works, not the speaker.
PERSON_ROLES = frozenset({
    "نماینده", "رییس", "معاون", "مدیر", "مدیرکل", "مدیرعامل", "عضو", "مسیول", "دبیر", "دبیرکل",
    "سخنگوی", "سخنگو", "فرمانده", "کارشناس", "مشاور", "استاندار", "فرماندار", "سفیر", "وزیر",
    "سرمربی", "مربی", "امام", "نایب", "قایم", "رهبر", "دادستان", "سرپرست", "بازرس", "کاردار",
})  # fmt: skip


# --- transliteration (rasad.link.translit) ------------------------------------------

#: Political names for a state that no official name holds, as the press writes them
#: (ISO 3166 code). Read by :func:`rasad.kb.orgs.state_epithet`; found as mentions by
#: the entity stage and linked to the state.
STATE_EPITHETS: dict[str, str] = {
    "رژیم صهیونیستی": "IL",
    "رژیم صهیونیست": "IL",
    "رژیم اشغالگر قدس": "IL",
    "رژیم اشغالگر": "IL",
    "رژیم غاصب صهیونیستی": "IL",
    "رژیم غاصب": "IL",
    "رژیم کودک‌کش": "IL",
    "شیطان بزرگ": "US",
    "رژیم آل سعود": "SA",
    "رژیم بعث": "IQ",
    "رژیم بعثی": "IQ",
}
#: Names written in Persian are mostly Iranian: romanised with Iran's English spellings
#: (Mohammad, Hossein, Sadegh) unless they look foreign (:func:`rasad.link.names.name_country`).
NAME_COUNTRY = "IR"
#: Folded words that mark a name written in Persian as an Arab one: بن/ابن/بنت, آل (folded ال).
FOREIGN_NAME_WORDS = frozenset({"بن", "ابن", "بنت", "ال"})
#: (prefix, least length) of folded words that mark an Arab name: the article on a surname
#: («السودانی»); shorter words (الهام, a Persian given name) are not marks.
FOREIGN_NAME_PREFIXES: tuple[tuple[str, int], ...] = (("ال", 6),)

#: Persian letters as Arabic writes the same sounds in foreign names, applied to a
#: folded Persian word before the Arabic-trained transliteration model reads it:
#: پ p → ب, چ ch → تش, ژ zh/j → ج, گ g → غ (Arabic's usual g in foreign names; ج, the
#: Egyptian g, is the alternative: the model card gives both on
#: benchmarks/data/translit_fa_dev.tsv). ی and ک need no entry: :func:`rasad.text.fold` already writes Arabic ي/ك as ی/ک for both languages.
TRANSLIT_LETTERS: dict[str, str] = {"پ": "ب", "چ": "تش", "ژ": "ج", "گ": "غ"}
#: Letters whose sound the map above loses: (the Arabic letter the map gives, the Latin
#: letters the model writes for it, the Latin letter put back). The i-th run of b/p in
#: the model's spelling stands for the i-th ب or پ of the word, and a پ's run becomes p:
#: پ is always p, while Arabic writes p and b alike as ب.
TRANSLIT_RESTORE: dict[str, tuple[str, str, str]] = {"پ": ("ب", "bp", "p")}
