"""Attributed quotes: direct quotes and reported speech, each with its speaker.

:func:`process` fills ``doc.quotes`` with dicts in the export shape::

    {"id", "speaker", "article", "start", "end", "text", "cue", "same_as",
     "english", "kind", "lang"}

* Direct quotes are spans inside «…», “…” or "…" that a speech cue introduces
  (a cue verb or a colon in the same sentence). Short quoted terms without a
  cue are names or scare quotes, not quotes.
* Reported speech is the complement of a cue verb ("X گفت که …", "قال X إن …",
  "X said that …"). In Persian, whatever follows a cue verb is its complement.
* The speaker is the subject of the cue verb in the sentence's dependency
  parse (:mod:`rasad.extract.syntax`), the person where a title stands in
  apposition to a name. Without one, the person (or organisation) named next
  to the cue. A name before a colon that precedes the cue is a dateline or a
  heading ("خبرگزاری X: ... گفت"), never the subject.
* A title phrase ("the foreign minister of Y") refers to the one person the
  article already named with that country (and title); a description ("معاون
  سیاسی استانداری X گفت") to the one person the article names, before or
  after, with the same first words of that description in apposition; a
  definite or demonstrative noun ("وأضافت الوزارة", "این سازمان") to the last
  organisation named with that noun.
* A pronoun or an Arabic verb with no subject continues the previous quote's
  speaker when no person is named in between, else refers to the last person
  named before. Otherwise the speaker stays ``None``: this stage never guesses.

``speaker`` is an entity id, or a mention index when the entity is not linked.
``same_as`` is filled across articles by :mod:`rasad.analyze.contradictions`.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from rasad import lang as languages
from rasad.doc import Doc
from rasad.extract import syntax
from rasad.extract.events import (
    AFFILIATION_WINDOW,
    SentenceView,
    excluded_index,
    fold,
    last_person_before,
    lexicon,
    mention_ref,
    mentions_in,
    preceding_words,
    sentence_views,
)
from rasad.extract.roles import subject_of
from rasad.spans import SpanIndex

log = logging.getLogger(__name__)

#: Fewest words a quoted span needs to count as a quote without a colon before it.
MIN_QUOTE_WORDS = 3
#: Longest direct quote accepted (characters); longer "quotes" are unbalanced marks.
MAX_QUOTE_CHARS = 2000
#: How far (chars) after a cue verb its subject or complementizer may sit.
CUE_REACH = 60
#: Characters after a closing quote mark searched for a trailing cue ("», he said").
TRAILING_CUE_REACH = 40
#: Fewest words after a Persian cue verb read as its reported complement.
MIN_REPORTED_WORDS = 4
#: Quoted spans shorter than this (words) after a noun of kind ("لشركة «X Y Z»",
#: "كتابه «...»"), or between a cue and its complementizer ("قال «X Y Z» إن"), are
#: names and titles, not quotes.
SHORT_QUOTE_WORDS = 6

SPEAKER_TYPES = frozenset({"PER", "ORG"})
#: A state speaks when it is the whole subject of the cue ("روسیه اعلام کرد"), never from inside one.
COUNTRY_SPEAKER_TYPES = frozenset({"GPE"})
#: Mention types that name a country (NORP: demonyms such as "Israeli", with their country).
COUNTRY_TYPES = frozenset({"GPE", "NORP"})

CUES: dict[str, str] = {
    "fa": (
        r"گفت(?! ?و ?گو)(?:ه است|ه بود|ند)?|می ?گوید|اظهار (?:کرد|داشت)(?:ه است)?|تاکید (?:کرد|کرده است)|افزود|نوشت"
        r"|اعلام (?:کرد|داشت)|تصریح (?:کرد|داشت)|خاطرنشان (?:کرد|ساخت)|اشاره کرد|ادامه داد|توضیح داد"
        r"|مدعی شد|ادعا کرد|عنوان کرد|یادآور شد|بیان (?:کرد|داشت)|توصیف کرد"
    ),
    "ar": (
        r"[وف]?(?:قال|اکد|اضاف|صرح|ذکر|اعلن|اوضح|اشار|لفت|کتب|شدد|تابع|افاد|اعتبر|وصف|زعم)(?:ت|وا|ا|تا)?"
        r"|[وف]?(?:یقول|تقول|یوکد|توکد|یضیف|تضیف|یشیر|تشیر)"
    ),
    "en": r"said|says|told|stated|added|wrote|announced|stressed|noted|declared|explained|claimed|insisted|warned",
}
COMPLEMENTIZER = {
    "fa": r"که",
    "ar": r"(?:ب)?(?:ان|انه|انها|انهم)",
    "en": r"that",
}
#: Nouns (folded) that a quoted name or title follows: companies, books, outlets, groups, operations.
NAME_NOUNS = {
    "fa": r"شرکت|کتاب|روزنامه|خبرگزاری|نشریه|مجله|سایت|پایگاه|برنامه|فیلم|سریال|عملیات|حزب|گروه|جبهه"
    r"|سازمان|شبکه|کانال|موسسه|طرح|پروژه|رمان|مستند|همایش|جشنواره|نمایشگاه|ائتلاف|قرارگاه|نام|عنوان",
    "ar": r"(?:[لبو]|ال|لل|بال|وال)?(?:شرکه|کتاب|صحیفه|جریده|وکاله|موقع|برنامج|مجله|فیلم|مسلسل|عملیه|حزب"
    r"|جماعه|جبهه|منظمه|قناه|شبکه|مکتب|مجموعه|حرکه|تنظیم|کتایب|فصایل|مشروع|روایه|مهرجان|موتمر|مبادره"
    r"|صندوق|مرکز|موسسه|معهد|جامعه|سلسله|متاجر|علامه|اسم|عنوان|شعار)(?:ه|ها|هم)?",
    "en": r"company|book|newspaper|agency|website|programme|program|film|series|operation|party|group"
    r"|movement|brand|named|called|titled",
}
#: Cue verbs that also have a non-speech sense ("مسیر را ادامه داد", "X را چراغ راه عنوان کرد"):
#: they report speech only before a colon or a complementizer.
WEAK_CUES = {"fa": re.compile(r"ادامه داد|عنوان کرد")}
TITLES = {
    "fa": r"وزیر|رییس ?جمهور(?:ی)?|نخست ?وزیر|سخنگوی|سفیر|معاون|نماینده|رهبر|فرمانده|دبیر ?کل|پادشاه|امیر",
    "ar": r"وزیر|رییس|سفیر|نایب|المتحدث|الناطق|ممثل|قاید|الامین العام|الملک|امیر",
    "en": r"minister|president|prime minister|spokes(?:man|woman|person)|ambassador|envoy|leader|commander|secretary|king",
}
#: Titles (folded, as TITLES matches them) that one person holds in a country at a time, so
#: that without a country they still name the one person the article gave them to.
UNIQUE_TITLES = {
    "fa": frozenset(
        {
            "رییس جمهور",
            "رییسجمهور",
            "رییس جمهوری",
            "نخست وزیر",
            "نخستوزیر",
            "دبیر کل",
            "دبیرکل",
            "پادشاه",
        }
    ),
    "ar": frozenset({"الملک", "الامین العام"}),
    "en": frozenset({"president", "prime minister", "king"}),
}
COUNTERPART = {"fa": r"همتا", "ar": r"نظیر", "en": r"counterpart"}
PRONOUNS = {
    "fa": r"او|وی|ایشان",
    "ar": r"هو|هی",
    "en": r"he|she",
}

#: Words that may stand between an Arabic cue and its complement when the verb has no subject.
AR_NO_SUBJECT = frozenset({"الی", "فی", "بیان", "تصریح", "تصریحات", "له", "لها", "ایضا", "کذلک"})
_SUBJECT_STOP = re.compile(r"[:«»\"“”،,.]|(?<!\w)(?:ب)?(?:ان|انه|انها|انهم|که|that)(?!\w)")
_SHORT_QUOTED = re.compile(r"[\"“«]([^\"“”«»]{1,30})[\"”»]")
_HEAD_BREAK = re.compile(r"[.،,؛;:]|(?<!\w)(?:که|ان|that)(?!\w)")
_QUOTE_PAIRS = re.compile(r"«([^«»]{2,}?)»|“([^“”]{2,}?)”|\"([^\"\n]{2,}?)\"")


@dataclass(slots=True)
class _Profile:
    countries: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)


@dataclass(slots=True)
class _DocIndex:
    """Per-document look-ups, so that each quote costs the same however long the article is."""

    profiles: dict[int, _Profile]
    by_country: dict[str, list[int]] = field(
        default_factory=dict
    )  # country -> persons, in index order
    by_title: dict[str, list[int]] = field(default_factory=dict)  # title -> persons, in index order
    by_surname: dict[str, list[int]] = field(
        default_factory=dict
    )  # last word -> persons of 2+ words
    described: list[tuple[int, list[str], list[str]]] = field(
        default_factory=list
    )  # (person, folded words right after it, folded words right before it)


def _doc_index(doc: Doc, profiles: dict[int, _Profile]) -> _DocIndex:
    idx = _DocIndex(profiles)
    for i, prof in profiles.items():
        for cc in prof.countries:
            idx.by_country.setdefault(cc, []).append(i)
        for t in prof.titles:
            idx.by_title.setdefault(t, []).append(i)
    for i, m in enumerate(doc.mentions):
        if m.type == "PER":
            words = fold(m.text).split()
            if len(words) > 1:
                idx.by_surname.setdefault(words[-1], []).append(i)
            after = _DESCRIPTION_STOP.split(
                fold(doc.text[m.end : m.end + DESCRIPTION_CHARS]).lstrip(" ،,(")
            )[0]
            before = _DESCRIPTION_STOP.split(
                fold(doc.text[max(0, m.start - DESCRIPTION_CHARS) : m.start])
            )[-1]
            idx.described.append(
                (
                    i,
                    re.findall(r"\w+", after)[:DESCRIPTION_WORDS],
                    re.findall(r"\w+", before)[-DESCRIPTION_WORDS:],
                )
            )
    return idx


#: Characters read on each side of a person's name for the description in apposition to it.
DESCRIPTION_CHARS = 120
#: Words of that description kept ("X، معاون سیاسی استانداری ..." / "المتحدث باسم الوزارة X").
DESCRIPTION_WORDS = 6
#: Words of a speaker's description that must match a person's apposition, at most and at least.
DESCRIPTION_MATCH_WORDS = 3
MIN_DESCRIPTION_MATCH_WORDS = 2
_DESCRIPTION_STOP = re.compile(r"[.!?؟\n:«»\"“”؛;]")


def _by_description(doc: Doc, idx: _DocIndex, words: list[str]) -> int | None:
    """The one person the article names with this description in apposition, before or after.

    A speaker given only by a description ("معاون سیاسی استانداری تهران گفت") is
    the person whom the article, anywhere, names with the same first words of
    that description right after or right before the name ("X معاون سیاسی
    استانداری تهران در گفت‌وگو ..."). Two or more persons so described: nobody.
    """
    k = min(DESCRIPTION_MATCH_WORDS, len(words))
    if k < MIN_DESCRIPTION_MATCH_WORDS:
        return None
    head = words[:k]
    found: dict[str, int] = {}
    for i, after, before in idx.described:
        if after[:k] == head or any(before[j : j + k] == head for j in range(len(before) - k + 1)):
            found.setdefault(_person_key(doc, i), i)
    return next(iter(found.values())) if len(found) == 1 else None


def _role_description(doc: Doc, idx: _DocIndex, lang: str, words: list[str]) -> int | None:
    """The person named elsewhere with a description that opens with a person's role ("سرمربی تیم X")."""
    folder = languages.get(lang)
    roles = getattr(folder, "PERSON_ROLES", frozenset())
    if not words or folder is None or languages.bare(folder, words[0]) not in roles:
        return None
    return _by_description(doc, idx, words)


def _by_reference(doc: Doc, lang: str, words: list[str], before: int) -> int | None:
    """The last organisation named before ``before`` that a referring noun points to ("الوزارة", "این سازمان")."""
    folder = languages.get(lang)
    head = languages.referring_head(folder, words) if folder is not None else None
    if head is None:
        return None
    for i in reversed(mentions_in(doc, 0, before)):
        m = doc.mentions[i]
        if m.type == "ORG" and head in {languages.bare(folder, w) for w in re.findall(r"\w+", fold(m.text))}:
            return i
    return None


@dataclass(frozen=True, slots=True)
class _Anaphor:
    """A speaker that refers back ("وی گفت", "وأضاف"), resolved once all quotes of the article are known."""

    cue: int  # original-text offset of the cue
    at: int  # original-text offset of the word that refers back (the pronoun, else the cue)
    person: bool = True  # with no previous speaker, the last person named (not for "the statement")


def _statement(lang: str, words: list[str]) -> bool:
    """Whether a cue's subject is the statement itself ("وأضاف البيان"): its issuer spoke before.

    Only a definite noun points back: "قال مصدر" (a source) is someone new.
    """
    folder = languages.get(lang)
    if not words or folder is None or languages.bare(folder, words[0]) not in getattr(folder, "STATEMENT_NOUNS", ()):
        return False
    definite = getattr(folder, "definite", None)
    return definite is None or definite(words[0])


def _before_colon(doc: Doc, sent: SentenceView, i: int, cue_s: int) -> bool:
    """Whether a colon separates mention ``i`` from a later cue ("خبرگزاری X: ... گفت"): not its subject."""
    end = sent.folded_pos(doc.mentions[i].end)
    return end <= cue_s and ":" in sent.folded[end:cue_s]


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)")


_CUE_RX = {k: _rx(v) for k, v in CUES.items()}
_NAME_BEFORE = {k: re.compile(rf"(?<!\w)(?:{v})\s*$") for k, v in NAME_NOUNS.items()}
_COMP_START = {k: re.compile(rf"\s*(?:{v})(?!\w)") for k, v in COMPLEMENTIZER.items()}
_COMP_RX = {k: _rx(v) for k, v in COMPLEMENTIZER.items()}
_TITLE_RX = {k: _rx(v) for k, v in TITLES.items()}
_TITLE_START = {k: re.compile(rf"(?:ال)?(?:{v}|{COUNTERPART[k]})") for k, v in TITLES.items()}
_PRON_RX = {k: _rx(v) for k, v in PRONOUNS.items()}


def _country_of_word(word: str, lang: str, names: bool = False) -> str | None:
    """The country a demonym (or, with ``names``, a country name) denotes."""
    from rasad import kb

    try:
        cc = kb.demonym_country(word, lang)
        if cc is None and names:
            place = kb.lookup_place(word, lang)
            cc = place.iso2 if place and place.kind == "country" else None
        return cc
    except Exception:  # the kb is optional: no country, no title resolution
        log.debug("country lookup failed for %r", word, exc_info=True)
        return None


def _mention_country(doc: Doc, i: int) -> str | None:
    m = doc.mentions[i]
    if m.country:
        return m.country
    from rasad import kb

    try:
        place = kb.lookup_place(m.head or m.text)
    except Exception:  # see _country_of_word
        return None
    return place.country if place else None


def _profiles(doc: Doc, lang_of: dict[int, str]) -> dict[int, _Profile]:
    """Countries and titles named next to each person ("X, minister of Y").

    Each signal (a GPE mention, a demonym, a title word) near a person goes to
    the nearest person within :data:`AFFILIATION_WINDOW` characters in the same
    sentence.
    """
    pers = [i for i, m in enumerate(doc.mentions) if m.type == "PER"]
    profiles = {i: _Profile() for i in pers}
    if not pers:
        return profiles
    for i in pers:
        if doc.mentions[i].country:
            profiles[i].countries.add(str(doc.mentions[i].country))
    signals: list[tuple[int, int, str, str]] = []  # start, end, kind, value
    named = SpanIndex((x.start, x.end) for x in doc.mentions)
    for j, m in enumerate(doc.mentions):
        if m.type in COUNTRY_TYPES or (m.type == "ORG" and m.country):  # "وزارت خارجه X" names X
            cc = _mention_country(doc, j)
            if cc:
                signals.append((m.start, m.end, "country", cc))
    for i in pers:
        m = doc.mentions[i]
        lang = lang_of.get(i, "fa")
        lo, hi = (
            max(0, m.start - AFFILIATION_WINDOW),
            min(len(doc.text), m.end + AFFILIATION_WINDOW),
        )
        for w in re.finditer(r"\w+", doc.text[lo:hi]):
            s, e = lo + w.start(), lo + w.end()
            if m.start <= s < m.end or named.holds(s):
                continue
            word = fold(w.group())
            cc = _country_of_word(word, lang) if len(word) > 3 else None
            if cc:
                signals.append((s, e, "country", cc))
        window = fold(doc.text[lo:hi])
        for t in _TITLE_RX.get(lang, _TITLE_RX["fa"]).finditer(window):
            signals.append((lo + t.start(), lo + t.end(), "title", t.group()))
    by_end = sorted((doc.mentions[i].end, i) for i in pers)
    by_start = sorted((doc.mentions[i].start, i) for i in pers)
    for s, e, kind, value in set(signals):
        best, dist = None, AFFILIATION_WINDOW + 1
        # only persons ending at most the window before the signal, or starting at most the window after it
        lo, hi = (
            bisect.bisect_left(by_end, (s - AFFILIATION_WINDOW, -1)),
            bisect.bisect_right(by_end, (s, len(pers) + len(doc.mentions))),
        )
        near = {i for _, i in by_end[lo:hi]}
        lo, hi = (
            bisect.bisect_left(by_start, (e, -1)),
            bisect.bisect_right(by_start, (e + AFFILIATION_WINDOW, len(doc.mentions))),
        )
        near.update(i for _, i in by_start[lo:hi])
        for i in sorted(near):
            m = doc.mentions[i]
            d = s - m.end if s >= m.end else m.start - e
            if 0 <= d < dist and _appositive(doc.text[min(e, m.end) : max(s, m.start)], s >= m.end):
                best, dist = i, d
        if best is not None:
            target = profiles[best].countries if kind == "country" else profiles[best].titles
            target.add(value)
    return profiles


#: Characters after a title word searched for the country it names ("وزیر امور خارجه Y").
TITLE_COUNTRY_REACH = 40
#: Most words an apposition may have between a name and the country in it ("X، وزیر امور خارجه Y").
APPOSITION_WORDS = 4


def _appositive(gap: str, after: bool) -> bool:
    """Whether a country or title separated from a name by ``gap`` describes that name.

    Before the name only punctuation may separate them ("الروسي، سيرغي لافروف");
    after it, a comma or nothing and then a title of a few words ("X، وزیر امور خارجه Y").
    """
    g = fold(gap).strip(" \u200c")
    if not after:
        return not re.search(r"\w", g)
    g = g.lstrip("،, ")
    words = g.split()
    if not words:
        return True
    if re.search(r"[.!?؟\n:؛;]", g) or len(words) > APPOSITION_WORDS:
        return False
    return any(rx.match(g) for rx in _TITLE_START.values())


def _person_key(doc: Doc, i: int) -> str:
    m = doc.mentions[i]
    return m.entity or fold(m.head or m.text)


def _by_title(
    doc: Doc, idx: _DocIndex, sent: SentenceView, fs: int, fe: int, before: int
) -> int | None:
    """The one person named before ``before`` whose country (and title) a title phrase names."""
    region = sent.folded[fs:fe]
    title = _TITLE_RX[sent.lang].search(region)
    if not title:
        return None
    # the country of the title phrase: the first one named within a few words after the title
    ts = fs + title.end()
    te = min(fe, ts + TITLE_COUNTRY_REACH)
    found: list[tuple[int, str]] = []
    for j in mentions_in(doc, sent.offs[ts], sent.offs[te] if te < len(sent.offs) else sent.end):
        if doc.mentions[j].type in COUNTRY_TYPES or (
            doc.mentions[j].type == "ORG" and doc.mentions[j].country
        ):
            cc = _mention_country(doc, j)
            if cc:
                found.append((doc.mentions[j].start, cc))
    for w in re.finditer(r"\w+", sent.folded[ts:te]):
        cc = _country_of_word(w.group(), sent.lang, names=True) if len(w.group()) > 2 else None
        if cc:
            found.append((sent.offs[ts + w.start()], cc))
    countries = {min(found)[1]} if found else set()
    if not countries:
        # no country: a title the article gave to exactly one person named before ("رئیس جمهور")
        if title.group() not in UNIQUE_TITLES.get(sent.lang, ()):
            return None
        same = {
            _person_key(doc, i): i for i in idx.by_title.get(title.group(), ())
            if doc.mentions[i].end <= before
        }  # fmt: skip
        return next(iter(same.values())) if len(same) == 1 else None
    cands: dict[str, int] = {}
    for i in idx.by_country.get(next(iter(countries)), ()):  # one country: the first named
        if doc.mentions[i].end <= before:
            cands[_person_key(doc, i)] = i
    # a person known by another title is not the one this title names ("the MP" is not "the minister")
    cands = {
        k: i for k, i in cands.items()
        if not idx.profiles[i].titles or title.group() in idx.profiles[i].titles
    }  # fmt: skip
    if len(cands) > 1:
        narrowed = {k: i for k, i in cands.items() if title.group() in idx.profiles[i].titles}
        cands = narrowed if len(narrowed) == 1 else cands
    return next(iter(cands.values())) if len(cands) == 1 else None


def _unmarked(doc: Doc, sent: SentenceView, i: int) -> bool:
    """True when a mention is not the object of a preposition ("با X", "to X")."""
    words = preceding_words(doc, sent, doc.mentions[i])
    return not (words and words[0] in lexicon()[sent.lang].recipient)


#: A demonstrative right before a title ("این نماینده", "هذا الوزير", "the minister"): the person named before.
_DEMONSTRATIVE_TITLE = {
    "fa": re.compile(r"(?<!\w)(?:این|همین)\s*$"),
    "ar": re.compile(r"(?<!\w)(?:هذا|هذه)\s*$"),
    "en": re.compile(r"\b(?:this|the)\s*$"),
}
#: Words at most between a title and the organisation or country it is attached to.
TITLE_ORG_GAP = 2


def _title_before(doc: Doc, sent: SentenceView, i: int) -> re.Match[str] | None:
    """A title word (minister, spokesman, MP) within :data:`TITLE_ORG_GAP` words before mention ``i``."""
    fpos = sent.folded_pos(doc.mentions[i].start)
    lo = fpos
    for _ in range(TITLE_ORG_GAP):
        m = re.search(r"\w+\W*$", sent.folded[:lo])
        if not m:
            break
        lo = m.start()
    found = None
    for t in _TITLE_RX[sent.lang].finditer(sent.folded, lo, fpos):
        found = t
    return found


def find_speaker(
    doc: Doc, idx: _DocIndex, sent: SentenceView, cue_s: int, cue_e: int
) -> str | int | _Anaphor | None:
    """The speaker of a cue at folded ``[cue_s, cue_e)`` of ``sent``, or ``None``.

    First the subject of the cue verb in the sentence's parse: a person it
    names (a person in apposition to a title is that person); a pronoun means
    the last person named before; a title or description means the one person
    the article named with that title, a lone untagged surname the one person
    of that surname, else nobody (unknown beats wrong). Then, by word order: a person (else organisation) named as the cue's subject — right
    after an Arabic cue, else the first one in the cue's clause; a title phrase
    naming one known person; a pronoun, or an Arabic cue with no subject at all
    ("وقال:"), meaning the last person named. In Persian and English the first
    person of the sentence before the cue comes right after the cue's own clause
    (the subject before an apposition: "X، وزیر ...، گفت").
    """
    lang = sent.lang
    cue_orig = sent.offs[cue_s]
    tree = syntax.tree_of(doc, sent.start, sent.end, lang)
    folder = languages.get(lang)
    if tree is not None and folder is not None:
        cs, ce = sent.orig(cue_s, cue_e)
        subject = subject_of(doc, tree, cs, ce, folder, SPEAKER_TYPES)
        if subject is not None:
            named = [i for i in subject.names if _unmarked(doc, sent, i)]
            spoken = [i for i in named if not _before_colon(doc, sent, i, cue_s)]
            if spoken and doc.mentions[spoken[0]].type != "PER":
                # "نماینده مردم X در مجلس گفت": the person the description names, not the parliament
                fs, fe = sent.folded_pos(subject.span[0]), sent.folded_pos(subject.span[1])
                described = _role_description(
                    doc, idx, lang, re.findall(r"\w+", sent.folded[fs:fe])
                )
                if described is not None:
                    return mention_ref(doc, described)
            if spoken:
                return mention_ref(doc, spoken[0])
            if subject.pronoun:  # "وی گفت": the speaker before, else the last person named
                return _Anaphor(cue_orig, min(cue_orig, subject.span[0]))
            if not named:
                country = subject_of(doc, tree, cs, ce, folder, COUNTRY_SPEAKER_TYPES)
                if country is not None and country.names:
                    m = doc.mentions[country.names[0]]
                    if m.start <= subject.span[0] and subject.span[1] <= m.end:
                        return mention_ref(doc, country.names[0])  # "روسیه اعلام کرد": the state speaks
                # a title or a description ("فرمانده ...", "المجلس الوطني ..."): the one person it
                # names, else nobody
                fs, fe = sent.folded_pos(subject.span[0]), sent.folded_pos(subject.span[1])
                words = re.findall(r"\w+", sent.folded[fs:fe])
                if _statement(lang, words):
                    return _Anaphor(cue_orig, cue_orig, person=False)
                titled = _by_title(doc, idx, sent, fs, fe, sent.start)
                if titled is None and words:
                    # a surname the entity stage did not tag ("وأضاف العتيبي")
                    titled = _by_surname(doc, idx, words[0], cue_orig)
                if titled is None:
                    titled = _by_description(doc, idx, words)
                if titled is None:
                    titled = _by_reference(doc, lang, words, cue_orig)
                return mention_ref(doc, titled) if titled is not None else None
            # only an outlet before a colon ("خبرگزاری X: ... گفت"): read the clause after it
    here = [
        i
        for i in mentions_in(doc, sent.start, sent.end)
        if doc.mentions[i].type in SPEAKER_TYPES
        and _unmarked(doc, sent, i)
        and not _before_colon(doc, sent, i, cue_s)
    ]
    # a short quoted name after the cue ("قالت صحيفة "X" إن") is part of the subject
    tail = _SHORT_QUOTED.sub(lambda m: " " + m.group(1) + " ", sent.folded[cue_e:])
    stop = _SUBJECT_STOP.search(tail)
    after_end = cue_e + (stop.start() if stop else min(len(tail), CUE_REACH))
    after_end_orig = sent.offs[after_end] if after_end < len(sent.offs) else sent.end
    cue_end_orig = sent.offs[cue_e] if cue_e < len(sent.offs) else sent.end
    after = [i for i in here if cue_end_orig <= doc.mentions[i].start < after_end_orig]
    if lang == "ar":
        described_words = re.findall(r"\w+", tail[: after_end - cue_e])
    else:
        described_words = re.findall(
            r"\w+", sent.folded[sent.folded.rfind(":", 0, cue_s) + 1 : cue_s]
        )
    described = _role_description(doc, idx, lang, described_words)
    if described is not None:
        return mention_ref(doc, described)
    head_start = 0
    for m in _HEAD_BREAK.finditer(sent.folded[:cue_s]):
        head_start = m.end()
    head_orig = sent.offs[head_start]
    before = [i for i in here if doc.mentions[i].end <= cue_orig]
    near_before = [i for i in before if doc.mentions[i].start >= head_orig]
    for group in (after, near_before) if lang == "ar" else (near_before, after):
        pers = [i for i in group if doc.mentions[i].type == "PER"] or group
        if pers and doc.mentions[pers[0]].type != "PER":
            title = _title_before(doc, sent, pers[0])
            if title is not None:
                # "نماینده پارلمان X گفت": the speaker is the person the title names, not X
                titled = _by_title(
                    doc,
                    idx,
                    sent,
                    title.start(),
                    sent.folded_pos(doc.mentions[pers[0]].end),
                    sent.start,
                )
                if titled is None and _DEMONSTRATIVE_TITLE[lang].search(
                    sent.folded[: title.start()]
                ):
                    titled = last_person_before(doc, cue_orig)
                if titled is not None:
                    return mention_ref(doc, titled)
                continue
        if pers:
            return mention_ref(doc, pers[0])
    if lang != "ar":
        pers = [i for i in before if doc.mentions[i].type == "PER"]
        if pers:
            return mention_ref(doc, pers[0])  # the sentence's subject, before an apposition
    region = (cue_e, after_end) if lang == "ar" else (head_start, cue_s)
    titled = _by_title(doc, idx, sent, region[0], region[1], sent.start)
    if titled is not None:
        return mention_ref(doc, titled)
    subject_words = re.findall(r"\w+", tail[: after_end - cue_e])
    if _statement(lang, subject_words[:1]):  # only a folder with STATEMENT_NOUNS has them
        return _Anaphor(cue_orig, cue_orig, person=False)
    pro_drop = lang == "ar" and all(w in AR_NO_SUBJECT for w in subject_words)
    head = sent.folded[head_start:cue_s]
    pronoun = _PRON_RX[lang].search(head) if lang != "ar" else None
    if pronoun or pro_drop or (lang == "ar" and _PRON_RX[lang].search(" ".join(subject_words))):
        return _Anaphor(cue_orig, sent.offs[head_start + pronoun.start()] if pronoun else cue_orig)
    # a surname the entity stage did not tag here ("ولفت الأنصاري", "اسحاقی گفت") names the
    # one person of that surname the article named before
    head_words = re.findall(r"\w+", head)
    if lang == "ar":  # only a clause-initial verb ("وأضاف X"): after "إلى وصف X", X is the object
        prev = re.findall(r"\w+", sent.folded[:cue_s])[-1:]
        verb = sent.folded[cue_s] in "وف" and not (prev and prev[0] in AR_PREPOSITIONS)
        word = subject_words[:1] if verb and len(subject_words) <= SURNAME_SUBJECT_WORDS else []
    else:
        word = head_words[:1]
    if word:
        named = _by_surname(doc, idx, word[0], cue_orig)
        if named is not None:
            return mention_ref(doc, named)
    # a description named in apposition elsewhere, or a noun pointing back to an organisation
    described = _by_description(doc, idx, described_words)
    if described is None:
        described = _by_reference(doc, lang, described_words, cue_orig)
    return mention_ref(doc, described) if described is not None else None


#: Folded Arabic prepositions: a cue word after one is a verbal noun ("إلى وصف X"), not a verb.
AR_PREPOSITIONS = frozenset({"الی", "عن", "فی", "من", "علی", "بعد", "قبل", "لدی", "عند", "حول"})
#: Most words an Arabic cue's subject may have to be read as a bare surname ("وأضاف غولد أن").
SURNAME_SUBJECT_WORDS = 2
#: Shortest surname (folded characters) matched back to a named person.
MIN_SURNAME_CHARS = 4


def _by_surname(doc: Doc, idx: _DocIndex, word: str, before: int) -> int | None:
    """The one person named before ``before`` whose name has more than one word and ends in ``word``."""
    if len(word) < MIN_SURNAME_CHARS:
        return None
    found: dict[str, int] = {}
    for i in idx.by_surname.get(word, ()):
        if doc.mentions[i].end <= before:
            found[_person_key(doc, i)] = i
    return next(iter(found.values())) if len(found) == 1 else None


#: Farthest (characters) a quote may start after the previous one for "وی گفت" to mean its speaker.
ANAPHOR_REACH = 1000


def _resolve_anaphors(doc: Doc, found: list[dict[str, Any]]) -> None:
    """Speakers that refer back ("وی افزود", "وأضاف"): the previous quote's speaker, else the last person.

    News continues a speaker's words with a pronoun or a bare verb, and the
    person named last before the cue is often someone the speaker talked about.
    The previous quote's speaker is taken when that quote ends at most
    :data:`ANAPHOR_REACH` characters before and no person is named between it
    and the referring word (a new subject); quotes inside another quote are not
    antecedents. Otherwise the last person named before the cue.
    """
    spans = [(q["start"], q["end"]) for q in found]
    previous: tuple[int, Any] | None = None  # (end, speaker) of the last quote with a speaker
    for q in found:
        sp = q["speaker"]
        if isinstance(sp, _Anaphor):
            q["speaker"] = None
            if previous is not None and q["start"] - previous[0] <= ANAPHOR_REACH:
                between = [
                    i for i in mentions_in(doc, previous[0], sp.at)
                    if doc.mentions[i].type == "PER"
                ]  # fmt: skip
                if not between:
                    q["speaker"] = previous[1]
            if q["speaker"] is None and sp.person:
                last = last_person_before(doc, sp.cue)
                q["speaker"] = mention_ref(doc, last) if last is not None else None
        nested = any(
            s <= q["start"] and q["end"] <= e and (s, e) != (q["start"], q["end"]) for s, e in spans
        )
        if q["speaker"] is not None and not nested:
            previous = (q["end"], q["speaker"])


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def process(doc: Doc) -> Doc:
    """Find quotes in ``doc`` and append them to ``doc.quotes``."""
    from rasad.english import quote_line

    sents = sentence_views(doc)
    if not sents:
        return doc
    lang_of: dict[int, str] = {}
    for s in sents:
        for i in mentions_in(doc, s.start, s.end):
            lang_of[i] = s.lang
    idx = _doc_index(doc, _profiles(doc, lang_of))
    key = doc.content_hash[:10]
    n = len(doc.quotes)
    found: list[dict[str, Any]] = []

    starts = [s.start for s in sents]
    ordered = all(a.end <= b.start for a, b in itertools.pairwise(sents))

    def sentence_at(pos: int) -> SentenceView | None:
        if not ordered:
            return next((s for s in sents if s.start <= pos < s.end), None)
        k = bisect.bisect_right(starts, pos) - 1
        return sents[k] if k >= 0 and pos < sents[k].end else None

    cued = [s for s in sents if (rx := _CUE_RX.get(s.lang)) is not None and rx.search(s.folded)]
    if doc.mentions:
        syntax.trees(doc, [(s.start, s.end, s.lang) for s in cued])  # parsed in one batch, cached
    covered: set[int] = set()  # starts of sentences with a direct quote
    for m in _QUOTE_PAIRS.finditer(doc.text):
        g = next(k for k in (1, 2, 3) if m.group(k) is not None)
        qs, qe = m.start(g), m.end(g)
        inner = doc.text[qs:qe].strip()
        if len(inner) > MAX_QUOTE_CHARS or excluded_index(doc).covers(qs, qe):
            continue
        sent = sentence_at(m.start())
        if sent is None:
            continue
        open_f = sent.folded_pos(m.start())
        lead = sent.folded[:open_f]
        cue_rx = _CUE_RX.get(sent.lang)
        if cue_rx is None:
            continue
        cues = list(cue_rx.finditer(lead))
        colon = lead.rstrip().endswith(":")
        cue_span: tuple[int, int] | None = (cues[-1].start(), cues[-1].end()) if cues else None
        if cue_span is None:
            close_f = sent.folded_pos(m.end())
            t = cue_rx.search(sent.folded[close_f : close_f + TRAILING_CUE_REACH])
            if t:
                cue_span = (close_f + t.start(), close_f + t.end())
        if cue_span is None or (not colon and _word_count(inner) < MIN_QUOTE_WORDS):
            continue
        after_f = sent.folded[sent.folded_pos(m.end()) :]
        if _word_count(inner) < SHORT_QUOTE_WORDS and (
            _NAME_BEFORE[sent.lang].search(lead)
            or (
                cues
                and not lead[cues[-1].end() :].strip()
                and _COMP_START[sent.lang].match(after_f)
            )
        ):
            continue  # a quoted name or title, or the quoted subject of the cue ("قال «X» إن")
        cue_s, cue_e = cue_span
        speaker = find_speaker(doc, idx, sent, cue_s, cue_e)
        cs, ce = sent.orig(cue_s, cue_e)
        covered.add(sent.start)
        found.append(
            {"speaker": speaker, "start": qs, "end": qe, "text": doc.text[qs:qe], "cue": doc.text[cs:ce],
             "kind": "direct", "lang": sent.lang}
        )  # fmt: skip
    for sent in sents:
        if sent.start in covered:
            continue
        cue_rx = _CUE_RX.get(sent.lang)
        if cue_rx is None:
            continue
        for cue in cue_rx.finditer(sent.folded):
            rest = sent.folded[cue.end() :]
            comp = _COMP_RX[sent.lang].search(rest[:CUE_REACH])
            weak = WEAK_CUES.get(sent.lang)
            if (
                weak
                and weak.fullmatch(cue.group())
                and not (rest.lstrip().startswith(":") or _COMP_START[sent.lang].match(rest))
            ):
                continue
            if rest.lstrip().startswith(":"):
                body_f = cue.end() + rest.index(":") + 1  # "وی گفت: ..." — what follows the colon
            elif comp:
                body_f = cue.end() + comp.end()
            elif (
                sent.lang == "fa"
                and _word_count(rest) >= MIN_REPORTED_WORDS
                and not rest.lstrip().startswith(":")
            ):
                body_f = cue.end()
            else:
                continue
            body = sent.folded[body_f:].strip(" .،,:")
            if _word_count(body) < MIN_REPORTED_WORDS:
                continue
            lead_ws = len(sent.folded[body_f:]) - len(sent.folded[body_f:].lstrip(" .،,:"))
            bs = body_f + lead_ws
            be = bs + len(body)
            qs, qe = sent.orig(bs, be)
            cs, ce = sent.orig(cue.start(), cue.end())
            found.append(
                {"speaker": find_speaker(doc, idx, sent, cue.start(), cue.end()), "start": qs, "end": qe,
                 "text": doc.text[qs:qe], "cue": doc.text[cs:ce], "kind": "reported", "lang": sent.lang}
            )  # fmt: skip
            break
    found.sort(key=lambda q: q["start"])
    _resolve_anaphors(doc, found)
    for q in found:
        n += 1
        quote: dict[str, Any] = {"id": f"qt-{key}-{n}", "speaker": q["speaker"], "article": None,
                                 "start": q["start"], "end": q["end"], "text": q["text"], "cue": q["cue"],
                                 "same_as": [], "kind": q["kind"], "lang": q["lang"]}  # fmt: skip
        quote["english"] = quote_line(quote, doc=doc)
        doc.quotes.append(quote)
    return doc
