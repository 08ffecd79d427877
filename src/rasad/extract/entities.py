"""The entity stage: person, organisation, place and facility mentions.

``process(doc)`` tags each sentence with the language's trained NER model
(:mod:`rasad.extract.ner`), then:

* splits the training sets' LOC into GPE (countries, cities, states), LOC
  (regions, seas, mountains) and FAC (airports, bases...) by the gazetteer and
  by the name's head noun;
* turns a person-like name right after a facility head noun into part of that
  facility ("فرودگاه بین‌المللی X" is one FAC, not a PER);
* adds demonym / nisba mentions (``ژاپنی``, ``اليابانية``) as type NORP
  with their country, and gives ORG/GPE mentions a country where one is named;
* sets ``head`` to the clitic-stripped form (``للبنتاغون`` → ``البنتاغون``);
* repairs spans with general rules (:func:`_adjust`): a portfolio phrase that
  is part of a title («وزیر [امور خارجه X]», «خارجه» alone) is no
  organisation; a name made only of role words or honorifics is no name; an
  organisation extends left over its head noun («وزارت [امور خارجه]»); an
  organisation that opens with a facility noun («پایگاه ...», «قاعدة ...»), or a
  name in brackets right after one, is a facility; a one-word "person" that
  is a demonym is a demonym; a place span is cut at a preposition and loses
  leading words the gazetteer does not need («باری [جمهوری X]»); an
  "organisation" that is a country's official name is the country. Places
  inside a dropped span stay mentions;
* recovers mentions the tagger missed (:func:`recover`): other occurrences
  of a name tagged in the document, also behind Arabic clitics, and names of
  the learned list (:mod:`rasad.kb.names`); the span is the name without the
  clitic.

Offsets are into ``doc.text``. Tokens inside ``doc.excluded`` are skipped.
The text stage's sentences and tokens are used when present; otherwise the
stage tokenises the text itself.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from rasad.doc import Doc, Mention
from rasad.extract.ner.conll import spans
from rasad.extract.ner.gazetteer import demonym, place, place_keys, strip_article
from rasad.kb import lookup_place
from rasad.kb.institutions import institution_head, lookup, minister_word, role_word, title_fragment
from rasad.kb.names import (
    MAX_NAME_WORDS,
    MIN_KEY_CHARS,
    common_word,
    first_words,
    learned_name,
    name_key,
)
from rasad.spans import SpanIndex
from rasad.text.fold import fold

log = logging.getLogger(__name__)

#: Training-set types kept, and what they become before place typing.
KEEP_TYPES = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "GPE", "FAC": "FAC"}
#: Mentions scored below this (mean tag marginal) are dropped.
MIN_SCORE = 0.35
#: Confidence given to demonym mentions found by table lookup.
DEMONYM_SCORE = 0.9
#: How many words after a facility head noun a name may start.
FAC_REACH = 3

# Head nouns (folded) of facilities, and of natural or regional places.
FAC_HEADS = frozenset(
    fold(w)
    for w in [
        "فرودگاه",
        "پایگاه",
        "بندر",
        "ورزشگاه",
        "استادیوم",
        "بیمارستان",
        "زندان",
        "پل",
        "سد",
        "نیروگاه",
        "پالایشگاه",
        "خیابان",
        "میدان",
        "بزرگراه",
        "اتوبان",
        "ایستگاه",
        "کاخ",
        "برج",
        "هتل",
        "مسجد",
        "کلیسا",
        "کنیسه",
        "حرم",
        "آرامگاه",
        "تاسیسات",
        "مطار",
        "قاعدة",
        "ميناء",
        "ملعب",
        "مستشفى",
        "سجن",
        "جسر",
        "سد",
        "محطة",
        "مصفاة",
        "شارع",
        "ساحة",
        "ميدان",
        "قصر",
        "برج",
        "فندق",
        "مسجد",
        "كنيسة",
        "كنيس",
        "مرفأ",
        "معبر",
        "منشأة",
    ]
)
# Institutions the training sets may tag as places («سفارت X» is the embassy, not X).
ORG_HEADS = frozenset(
    fold(w)
    for w in ["سفارت", "سفارتخانه", "کنسولگری", "سفارة", "قنصلية", "وزارت", "وزارة", "دانشگاه", "جامعة"]
)
LOC_HEADS = frozenset(
    fold(w)
    for w in [
        "دریا",
        "دریای",
        "خلیج",
        "اقیانوس",
        "کوه",
        "کوههای",
        "رشته",
        "رود",
        "رودخانه",
        "جزیره",
        "جزایر",
        "تنگه",
        "دره",
        "دشت",
        "صحرای",
        "کویر",
        "شبه\u200cجزیره",
        "منطقه",
        "حوضه",
        "ساحل",
        "سواحل",
        "قفقاز",
        "بحر",
        "البحر",
        "خليج",
        "الخليج",
        "محيط",
        "المحيط",
        "جبل",
        "جبال",
        "نهر",
        "جزيرة",
        "جزر",
        "مضيق",
        "وادي",
        "صحراء",
        "شبه",
        "منطقة",
        "حوض",
        "ساحل",
        "سواحل",
    ]
)
#: CLDR "territories" that are organisations or unions, not countries (الأمم المتحدة stays an ORG).
NOT_STATES = frozenset({"UN", "EU", "EZ", "QO"})
#: Prepositions that end a place name («کشمیر میان X و Y», «X في Y»).
PLACE_BREAKS = frozenset(fold(w) for w in ["میان", "بین", "در", "از", "به", "با", "تا", "في", "بين", "من", "إلى", "الى", "على", "مع"])
#: Words between which an organisation's own name ends («حزب X در Y»); embassies keep «در Y».
ORG_BREAKS = frozenset(fold(w) for w in ["در", "في"])
#: Facility nouns that also name the institution housed there («کاخ سفید»): such an organisation stays one.
_INSTITUTION_BUILDINGS = frozenset(fold(w) for w in ["کاخ", "قصر", "برج", "ساختمان", "مبنى"])
#: Words after a facility noun that make it media («پایگاه خبری»), not a facility.
_MEDIA_AFTER = frozenset(fold(w) for w in ["خبری", "اطلاع", "اطلاع\u200cرسانی", "اینترنتی", "تحلیلی", "الإخباري", "الإلكتروني"])
#: Confidence of a mention recovered from a name the tagger tagged elsewhere in the document.
CONSISTENCY_SCORE = 0.7
#: Confidence of a mention recovered from the learned name list (:mod:`rasad.kb.names`).
LEARNED_SCORE = 0.5
#: Mention types whose other occurrences in a document are recovered.
RECOVER_TYPES = frozenset({"PER", "ORG", "GPE", "LOC", "FAC"})
#: Persian suffixes written after a ZWNJ that are not part of the name («ناتو‌ها»، «پنتاگون‌ی»).
FA_SUFFIXES = frozenset(fold(w) for w in ["ها", "های", "هایی", "ی", "ای", "را", "هاست", "است"])
_FORMAT_CHARS = "\u200c\u200d\u200e\u200f\ufeff"
#: Proclitics an Arabic name may carry without the article («لإسرائيل», «وبإيران»).
_AR_BARE_CLITICS = ("و", "ف", "ب", "ک", "ل")
#: How far before an opening bracket a facility noun may stand for the bracketed name to be that facility.
BRACKET_REACH = 6
_TOKEN_RE = re.compile(
    r"[\w\u200c\u064b-\u065f\u0670\u0640]+(?:[.'’\-][\w\u200c]+)*|[^\w\s]", re.UNICODE
)
_SENT_RE = re.compile(r"[^.!?؟\n]+[.!?؟]*")
_PROCLITIC = re.compile(r"^[وف]?[بلك]?(?=...)")
_PERSIAN = re.compile(r"[پچژگ]|[ی]|[ک]")


def _lang(doc: Doc) -> str | None:
    if doc.lang in ("fa", "ar"):
        return doc.lang
    if doc.lang:
        return None
    sample = doc.text[:2000]
    arabic = sum(1 for c in sample if "\u0600" <= c <= "\u06ff")
    if arabic < 10:
        return None
    persian = len(_PERSIAN.findall(sample))
    return "fa" if persian > arabic * 0.02 else "ar"


def token_sentences(doc: Doc) -> list[list[tuple[int, int, str]]]:
    """Tokens (start, end, form) per sentence, original offsets, excluded spans dropped: what the
    tagger sees (also the sentences of the distillation data, `train.write_unlabelled`)."""
    out: list[list[tuple[int, int, str]]] = []
    if doc.tokens:
        toks = [(t.start, t.end, t.norm or doc.text[t.start : t.end]) for t in doc.tokens]
        bounds = [(s.start, s.end) for s in doc.sentences] or [(0, len(doc.text))]
        k = 0
        for s0, s1 in bounds:
            sent = []
            while k < len(toks) and toks[k][0] < s1:
                if toks[k][0] >= s0:
                    sent.append(toks[k])
                k += 1
            out.append(sent)
    else:
        for m in _SENT_RE.finditer(doc.text):
            base = m.start()
            out.append(
                [
                    (base + t.start(), base + t.end(), t.group())
                    for t in _TOKEN_RE.finditer(m.group())
                ]
            )
    if doc.excluded:
        excluded = SpanIndex((a, b) for a, b, _ in doc.excluded)
        out = [[t for t in s if not excluded.covers(t[0], t[1])] for s in out]
    return [s for s in out if s]


def _place_type(words: Sequence[str]) -> tuple[str, str | None]:
    """GPE, LOC, FAC or ORG for a place span, and its country where the gazetteer knows it."""
    first = fold(strip_article(words[0]))
    first_bare = first[2:] if first.startswith("ال") else first
    if first in ORG_HEADS or first_bare in ORG_HEADS:
        return "ORG", _country_of(words[1:])
    if first in FAC_HEADS or first_bare in FAC_HEADS:
        return "FAC", None
    if first in LOC_HEADS or first_bare in LOC_HEADS:
        return "LOC", None
    hit = place(" ".join(words))
    if hit:
        kind, cc = hit
        return ("LOC" if kind == "region" else "GPE"), (cc or None)
    return "GPE", None


def _country_of(words: Sequence[str]) -> str | None:
    for w in words:
        cc = demonym(w)
        if cc:
            return cc
        hit = place(w)
        if hit and hit[0] == "country":
            return hit[1]
    return None


def _head(text: str, lang: str, kind: str = "") -> str:
    """``text`` without Arabic proclitics: before the article always (للبنتاغون → البنتاغون),
    before a bare place name when the rest is a known place (وإسبانيا → إسبانيا)."""
    if lang != "ar":
        return text
    first, _, rest = text.partition(" ")
    bare = strip_article(first)
    if bare == first and kind in ("GPE", "LOC") and fold(first) not in place_keys():
        m = _PROCLITIC.match(first)
        if m and place(first[m.end() :]):
            bare = first[m.end() :]
    return f"{bare} {rest}" if rest else bare


def _fac_word(w: str) -> bool:
    f = fold(strip_article(w))
    return f in FAC_HEADS or (f.startswith("ال") and f[2:] in FAC_HEADS)


def _facility_before(before: Sequence[str]) -> bool:
    """True when the words before a bracket hold a facility noun that no media word follows
    («پایگاه ... (Y)», not «پایگاه خبری ... (Y)»)."""
    heads = [i for i, w in enumerate(before) if _fac_word(w)]
    return bool(heads) and fold(before[heads[-1] + 1] if heads[-1] + 1 < len(before) else "") not in _MEDIA_AFTER


def _country_or_capital(span: Sequence[str], lang: str) -> bool:
    """True when the span's last word is a country, or (after other words) a national capital.

    A lone capital is left alone: «صوفيا», «Victoria» are also given names.
    Smaller cities are left alone too: many are surnames («احمدی», «بولتون»).
    """
    hit = place(span[-1])
    if hit is None:
        return False
    if hit[0] == "country":
        return True
    found = lookup_place(strip_article(span[-1]), lang) if len(span) > 1 else None
    return bool(found and found.capital_of)


def _adjust(
    s: int, e: int, kind: str, words: list[str], covered: list[bool], lang: str, labels: Sequence[str] = ()
) -> tuple[int, int, str] | None:
    """The span after the general repair rules (module docstring), or None to drop it.

    ``labels``: the sentence's tags, so that a span only grows over untagged words.
    """
    span = words[s:e]
    if kind == "ORG" and s > 0 and not covered[s - 1] and institution_head(words[s - 1], lang) and title_fragment(span, lang):
        s -= 1  # «وزارت [امور خارجه]»: a portfolio grows back to its ministry
        span = words[s:e]
    if kind == "ORG" and s > 0 and minister_word(words[s - 1]):
        return None  # «وزیر [X]»: X is the minister's portfolio
    if kind in ("ORG", "PER") and title_fragment(span, lang):
        return None  # «[امور خارجه X]» after «وزیر», or «خارجه» alone: part of a title
    if kind == "PER" and any(role_word(w) for w in span) and all(
        role_word(w) or title_fragment([w], lang) or demonym(w) or place(w) for w in span
    ):
        return None  # «الرئيس الأذربيجاني», «خانم»: a title or an honorific, not a name
    if kind == "PER" and e - s == 1 and demonym(span[0]):
        return None  # «کویتی»: the demonym scan makes it a NORP mention
    if kind == "PER" and _country_or_capital(span, lang) and not any(
        learned_name(name_key([w]), lang) for w in span[:-1]
    ):
        # «البرتغال», «وافقت أنقرة» (a verb before a capital): a place the tagger took for a
        # person; no learned given name before it, so only the place is kept.
        return e - 1, e, "GPE"
    if kind == "PER" and institution_head(span[0], lang) and e - s > 1:
        kind = "ORG"  # «گارد X», «حزب X»: an institution the tagger took for a name
    if kind == "ORG":
        head = lookup(words[s], lang)
        keeps_place = (head and head.english.startswith(("Embassy", "Consulate"))) or _fac_word(words[s])
        cut = next(
            (j for j in range(s + 1, e - 1) if fold(words[j]) in ORG_BREAKS and (place(words[j + 1]) or institution_head(words[j + 1], lang))),
            None,
        )
        if cut is not None and not keeps_place:
            e = cut  # «حزب X در Y» (Y a place or an institution): the party is «حزب X»
        elif head is not None and head.kind == "head":
            # «معهد X الدولي [لأبحاث السلام]»: the name goes on over the table's modifiers.
            while e < len(words) and e < len(labels) and labels[e] == "O" and (w := lookup(words[e], lang)) and w.kind in ("mod", "portfolio"):
                e += 1
        first = fold(strip_article(words[s]))
        if e - s > 1 and _fac_word(words[s]) and first not in _INSTITUTION_BUILDINGS and fold(words[s + 1]) not in _MEDIA_AFTER:
            kind = "FAC"  # «پایگاه نیروی هوایی X»
        elif e - s > 1 and (head is None or head.kind != "head") and (hit := place(" ".join(words[s:e]))) and hit[0] == "country" and hit[1] not in NOT_STATES:
            kind = "GPE"  # «جمهوری اسلامی X»: the country's official name
    if (
        kind in ("ORG", "GPE", "LOC", "PER")
        and s > 1
        and words[s - 1] == "("
        and ")" in words[e : e + 1]
        and _facility_before(words[max(0, s - 1 - BRACKET_REACH) : s - 1])
    ):
        kind = "FAC"  # «پایگاه نیروی هوایی X (Y)»: Y names the base
    if kind in ("GPE", "LOC"):
        while e - s > 1 and fold(words[s]) in PLACE_BREAKS:
            s += 1  # «[میان X]»: a preposition the tagger took into the name
        cut = next((j for j in range(s + 1, e) if fold(words[j]) in PLACE_BREAKS), None)
        if cut is not None:
            e = cut  # «منطقه X میان Y و Z»
        s = _trim_place(s, e, words)
    return s, e, kind


def _trim_place(s: int, e: int, words: list[str]) -> int:
    """Drop leading words that spell a city of another country than the country that follows.

    «باری [جمهوری X]»: the first word only looks like a city (of another
    country), so it is not part of the name; «ژنو سوئیس», a city and its own
    country, stays whole, as do «استان X», «غرب X».
    """
    if e - s < 2 or place(" ".join(words[s:e])):
        return s
    for j in range(s + 1, e):
        rest, lead = place(" ".join(words[j:e])), place(" ".join(words[s:j]))
        if rest and rest[0] == "country" and lead and lead[0] == "city" and lead[1] != rest[1]:
            return j
    return s


def _places_in(toks: list[tuple[int, int, str]], j0: int, j1: int) -> list[tuple[int, int, str | None]]:
    """Country names (longest first) among tokens j0..j1: (start token, end token, country).

    Cities are left out: a loose word that spells a city is too often a common word.
    """
    out: list[tuple[int, int, str | None]] = []
    j = j0
    while j < j1:
        if fold(toks[j][2]) in PLACE_BREAKS or len(toks[j][2]) == 1:
            j += 1  # a place name does not open with «و», «در» ...
            continue
        for n in range(min(3, j1 - j), 0, -1):
            hit = place(" ".join(t[2] for t in toks[j : j + n]))
            if hit and hit[0] == "country":
                out.append((j, j + n, hit[1] or None))
                j += n
                break
        else:
            j += 1
    return out


def mentions_for(
    doc: Doc,
    sents: list[list[tuple[int, int, str]]],
    tagged: list[list[tuple[str, float]]],
    lang: str,
) -> list[Mention]:
    """Mentions from tagged sentences (see the module docstring for the rules)."""
    out: list[Mention] = []
    for toks, tags in zip(sents, tagged, strict=True):
        labels = [t for t, _ in tags]
        words = [t[2] for t in toks]
        folded = [fold(strip_article(w)) for w in words]
        covered = [False] * len(toks)
        for s, e, typ in spans(labels):
            kind = KEEP_TYPES.get(typ)
            if kind is None:
                continue
            sc = sum(p for _, p in tags[s:e]) / (e - s)
            if sc < MIN_SCORE:
                continue
            adjusted = _adjust(s, e, kind, words, covered, lang, labels)
            if adjusted is None or adjusted[0] != s or adjusted[1] != e:
                # Places among the words a repair leaves out stay mentions of their own.
                keep = range(adjusted[0], adjusted[1]) if adjusted else range(0)
                for a, b, cc in _places_in(toks, s, e):
                    if a in keep or any(covered[a:b]):
                        continue
                    for j in range(a, b):
                        covered[j] = True
                    out.append(_place_mention(doc, toks, a, b, cc, lang, sc))
            if adjusted is None:
                continue
            s, e, kind = adjusted
            country = None
            # A name right after a facility noun is that facility, not a person.
            fac_start = next(
                (
                    j
                    for j in range(s - 1, max(-1, s - 1 - FAC_REACH), -1)
                    if folded[j] in FAC_HEADS
                    or (folded[j].startswith("ال") and folded[j][2:] in FAC_HEADS)
                ),
                None,
            )
            if (
                fac_start is not None
                and kind in ("PER", "LOC", "GPE")
                and not any(covered[fac_start:s])
            ):
                s, kind = fac_start, "FAC"
            elif kind in ("LOC", "GPE"):
                kind, country = _place_type(words[s:e])
            elif kind == "FAC":
                pass
            if kind == "ORG":
                country = _country_of(words[s:e])
            start, end = toks[s][0], toks[e - 1][1]
            text = doc.text[start:end]
            for j in range(s, e):
                covered[j] = True
            out.append(
                Mention(
                    start,
                    end,
                    text,
                    kind,
                    country=country,
                    head=_head(text, lang, kind),
                    score=round(sc, 3),
                )
            )
        for j, w in enumerate(words):
            if covered[j]:
                continue
            cc = demonym(w)
            if cc:
                start, end = toks[j][0], toks[j][1]
                text = doc.text[start:end]
                out.append(
                    Mention(
                        start,
                        end,
                        text,
                        "NORP",
                        country=cc,
                        head=_head(text, lang),
                        score=DEMONYM_SCORE,
                    )
                )
    out.sort(key=lambda m: (m.start, m.end))
    return out


def _place_mention(
    doc: Doc, toks: list[tuple[int, int, str]], a: int, b: int, cc: str | None, lang: str, score: float
) -> Mention:
    start, end = toks[a][0], toks[b - 1][1]
    text = doc.text[start:end]
    return Mention(start, end, text, "GPE", country=cc, head=_head(text, lang, "GPE"), score=round(score, 3))


def _folded_with_index(text: str) -> tuple[str, list[int]]:
    """``fold`` character by character, with the index in ``text`` of each folded character."""
    out: list[str] = []
    idx: list[int] = []
    for i, ch in enumerate(text):
        f = fold(ch) if not ch.isspace() else " "
        out.append(f)
        idx.extend([i] * len(f))
    return "".join(out), idx


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    return fold(word)


@lru_cache(maxsize=65536)
def _first_variants(word: str, lang: str) -> tuple[tuple[str, int], ...]:
    """Forms of a name's first word (folded, clitics and article off) and where the name starts in ``word``.

    The name keeps its article when the article is written whole («والبنتاغون»
    → «البنتاغون»); after «لل» it starts past the fused article («للبنتاغون» → «بنتاغون»).
    A bare proclitic («لإسرائيل») is cut only off a word that is not itself common («وكالة»).
    """
    folded, idx = _folded_with_index(word)
    if not folded or " " in folded:
        return ()
    bare = name_key([folded])
    cut = len(folded) - len(bare)
    out: list[tuple[str, int]] = []
    if cut:
        keep = cut - 2 if folded[cut - 2 : cut] == "ال" else cut  # the article stays in the span
        out.append((bare, idx[keep] if keep else 0))
    else:
        out.append((folded, 0))
        if lang == "ar" and len(folded) > MIN_KEY_CHARS and not common_word(folded, lang):
            if folded[0] in "وف" and folded[1] in "بکل" and len(folded) > MIN_KEY_CHARS + 1:
                out.append((folded[2:], idx[2]))
            if folded[0] in _AR_BARE_CLITICS:
                out.append((folded[1:], idx[1]))
    return tuple((f, off) for f, off in out if len(f) >= MIN_KEY_CHARS)


@lru_cache(maxsize=65536)
def _name_ends(word: str, lang: str) -> tuple[int, ...]:
    """Where a name's last word may end: the whole word, or before a Persian suffix after a ZWNJ."""
    ends = [len(word.rstrip(_FORMAT_CHARS))]
    if lang == "fa" and "\u200c" in word:
        cut = word.rindex("\u200c")
        if fold(word[cut + 1 :]) in FA_SUFFIXES and fold(word[:cut]):
            ends.append(cut)
    return tuple(ends)


def _candidates(
    words: list[str], folded: list[str], toks: list[tuple[int, int, str]], j: int, n: int, lang: str
) -> list[tuple[str, int, int]]:
    """(key, start, end) readings of tokens ``j .. j+n-1`` as one name, in original offsets.

    ``words`` are the sentence's tokens as written and ``folded`` their :func:`_fold_word`.
    """
    last_word = words[j + n - 1]
    out: list[tuple[str, int, int]] = []
    for end in _name_ends(last_word, lang):
        last = last_word[:end]
        rest = [*folded[j + 1 : j + n - 1], _fold_word(last)] if n > 1 else []
        for first, s_off in _first_variants(last if n == 1 else words[j], lang):
            key = " ".join([first, *rest])
            out.append((key, toks[j][0] + s_off, toks[j + n - 1][0] + end))
    return out


def recover(
    doc: Doc,
    sents: list[list[tuple[int, int, str]]],
    mentions: Sequence[Mention],
    lang: str,
    *,
    consistency: bool = True,
    learned: bool = True,
) -> list[Mention]:
    """Mentions the tagger missed, from untagged tokens (two rules, each optional).

    * ``consistency``: a name tagged PER/ORG/GPE/LOC/FAC somewhere in the
      document is the same entity wherever else it occurs, also with Arabic
      proclitics and the article («للبنتاغون», «والبنتاغون») or a Persian suffix
      after a ZWNJ; the mention spans the name only.
    * ``learned``: a name of the learned list (:func:`rasad.kb.names.learned_name`)
      becomes a mention of its majority type (places typed as the stage does).

    Names shorter than :data:`rasad.kb.names.MIN_KEY_CHARS` letters and common
    news words (:func:`rasad.kb.names.common_word`) are never recovered.
    """
    if not (consistency or learned):
        return []
    tagged: dict[str, Counter[tuple[str, str | None]]] = {}
    if consistency:
        for m in mentions:
            if m.type in RECOVER_TYPES:
                key = name_key(doc.text[m.start : m.end].split())
                if len(key.replace(" ", "")) >= MIN_KEY_CHARS:
                    tagged.setdefault(key, Counter())[(m.type, m.country)] += 1
        tagged = {k: v for k, v in tagged.items() if not common_word(k, lang)}
    taken = sorted((m.start, m.end) for m in mentions)
    taken_starts = [a for a, _ in taken]
    longest = max((b - a for a, b in taken), default=0)  # a span ending after ``lo`` starts after lo - longest
    # A key of two or more words can only match when its first word starts some known key.
    starts = (first_words() if learned else frozenset()) | {k.split(" ", 1)[0] for k in tagged}
    out: list[Mention] = []
    for toks in sents:
        lo, hi = toks[0][0], toks[-1][1]
        window = taken[bisect.bisect_right(taken_starts, lo - longest) : bisect.bisect_left(taken_starts, hi)]
        near = [(a, b) for a, b in window if lo < b]
        free = [not any(a < t[1] and t[0] < b for a, b in near) for t in toks]
        words = [doc.text[a:b] for a, b, _ in toks]
        folded = [_fold_word(w) for w in words]
        alpha = [any(c.isalpha() for c in t[2]) for t in toks]
        j = 0
        while j < len(toks):
            hit = None
            if free[j] and alpha[j]:
                run = 0
                while run < MAX_NAME_WORDS and j + run < len(toks) and free[j + run]:
                    run += 1
                may_start = any(f in starts for f, _ in _first_variants(words[j], lang))
                for n in range(run, 0, -1):
                    if not alpha[j + n - 1] or (n > 1 and not may_start):
                        continue
                    for key, start, end in _candidates(words, folded, toks, j, n, lang):
                        if key in tagged:
                            (kind, cc), _ = tagged[key].most_common(1)[0]
                            hit = (start, end, kind, cc, CONSISTENCY_SCORE)
                        elif learned and (name := learned_name(key, lang)):
                            kind, cc = name.label, None
                            if kind == "LOC":
                                kind, cc = _place_type(doc.text[start:end].split())
                            elif kind == "ORG":
                                cc = _country_of(doc.text[start:end].split())
                            hit = (start, end, kind, cc, LEARNED_SCORE)
                        if hit:
                            break
                    if hit:
                        break
            if hit is None:
                j += 1
                continue
            start, end, kind, cc, score = hit
            text = doc.text[start:end]
            head = _head(text, lang, kind)
            if lang == "ar" and fold(doc.text[start - 2 : start]) == "لل":
                head = "ال" + head  # «للبنتاغون»: the name is «البنتاغون»
            out.append(Mention(start, end, text, kind, country=cc, head=head, score=score))
            j += n
    return out


#: Most words a bracketed facility name may have.
BRACKET_NAME_WORDS = 2


def bracket_facilities(doc: Doc, sents: list[list[tuple[int, int, str]]], mentions: Sequence[Mention]) -> list[Mention]:
    """Untagged names in brackets right after a facility phrase: «مطار المدينة الدولي (X)».

    The words before «(» (at most :data:`BRACKET_REACH`) must name a facility
    (:func:`_facility_before`, the rule :func:`_adjust` applies to tagged
    names); the bracket holds one or two words with letters and no mention yet.
    """
    taken = SpanIndex((m.start, m.end) for m in mentions)
    out: list[Mention] = []
    for toks in sents:
        forms = [t[2] for t in toks]
        for i, form in enumerate(forms):
            if form != "(":
                continue
            close = next((j for j in range(i + 1, min(len(forms), i + 2 + BRACKET_NAME_WORDS)) if forms[j] == ")"), None)
            if close is None or close == i + 1:
                continue
            if not _facility_before(forms[max(0, i - BRACKET_REACH) : i]):
                continue
            start, end = toks[i + 1][0], toks[close - 1][1]
            inner = forms[i + 1 : close]
            if not all(any(ch.isalpha() for ch in w) for w in inner) or taken.overlaps(start, end):
                continue
            text = doc.text[start:end]
            out.append(Mention(start, end, text, "FAC", head=text, score=LEARNED_SCORE))
    return out


_TRAILING_PUNCT = ".,،؛;:!?؟»)\"'"
#: Most words of an institution's name read with the table (:func:`institution_mentions`).
INSTITUTION_WORDS = 5
#: Confidence of an institution's name read with the table.
INSTITUTION_SCORE = 0.8
#: Mention types an institution's name may take in (the demonym or country of «وزارة الخارجية التركية»).
INSTITUTION_ABSORBS = frozenset({"NORP", "GPE"})


def institution_mentions(doc: Doc, sents: list[list[tuple[int, int, str]]], mentions: list[Mention], lang: str) -> list[Mention]:
    """Institutions the tagger missed, read with the institution table: «وزارة الخارجية التركية».

    A run of words that opens with an organisation's head noun
    (:func:`rasad.kb.institutions.organisation_head`: ministry, council, army,
    agency ...) and that the table reads completely
    (:func:`rasad.kb.institutions.compose`: every word a table word, a place or a
    demonym, and a place only as its last word), at least two words and at most
    :data:`INSTITUTION_WORDS`, longest first, becomes an ORG mention with the country it names. A demonym or
    country the tagger found inside it is part of the name and is dropped from
    ``mentions`` (in place); a run that overlaps any other mention is left alone.
    """
    from rasad import lang as languages
    from rasad.kb import demonym_country
    from rasad.kb.institutions import compose, ends_at_place, organisation_head

    # a language that writes "and" on the next word («والولايات»): it starts another name
    conjunction = getattr(languages.get(lang), "CONJUNCTION_PROCLITIC", None)

    out: list[Mention] = []
    for toks in sents:
        spans = [(m.start, m.end, m) for m in mentions if toks and toks[0][0] <= m.start < toks[-1][1]]
        i = 0
        while i < len(toks):
            start = toks[i][0]
            if not organisation_head(doc.text[start : toks[i][1]], lang):
                i += 1
                continue
            found = None
            longest = min(INSTITUTION_WORDS, len(toks) - i)
            for k in range(i + 1, i + longest):
                word = doc.text[toks[k][0] : toks[k][1]]
                if conjunction and word.startswith(conjunction) and lookup(word, lang) is None:
                    rest = [word[len(conjunction) :]] + [doc.text[a:b] for a, b, _ in toks[k + 1 : k + 3]]
                    if any(lookup_place(" ".join(rest[:n]), lang) for n in (1, 2, 3)) or demonym_country(rest[0], lang):
                        longest = k - i  # «مجلس التعاون والولايات المتحدة»: "and" starts another name
                        break
            for n in range(longest, 1, -1):
                end = toks[i + n - 1][1]
                text = doc.text[start:end]
                if not all(any(c.isalpha() for c in t[2]) for t in toks[i : i + n]):
                    continue
                last = lookup(doc.text[toks[i + n - 1][0] : end], lang)
                if last is not None and last.kind == "link":  # «... في»: the name ends before it
                    continue
                inside = [m for a, b, m in spans if a < end and start < b]
                if any(m.type not in INSTITUTION_ABSORBS or m.start < start or m.end > end for m in inside):
                    continue
                reading = compose(text, lang)
                if reading.label and reading.complete and not reading.media and ends_at_place(text, lang):
                    found = (n, end, text, reading.country, inside)
                    break
            if found is None:
                i += 1
                continue
            n, end, text, country, inside = found
            for m in inside:
                mentions.remove(m)
            out.append(Mention(start, end, text, "ORG", country=country, head=_head(text, lang, "ORG"), score=INSTITUTION_SCORE))
            i += n
    return out


def state_epithets(doc: Doc, sents: list[list[tuple[int, int, str]]], mentions: Sequence[Mention]) -> list[Mention]:
    """Political names for a state («رژیم صهیونیستی», «الكيان الصهيوني») as GPE mentions of it.

    A tagged mention that is such a name becomes a GPE of that country; an
    untagged one that overlaps no mention is added (longest phrase first, up to
    :data:`rasad.kb.orgs.MAX_EPITHET_WORDS` words). See
    :func:`rasad.kb.orgs.state_epithet` and the language folders' ``STATE_EPITHETS``.
    """
    from rasad.kb.orgs import MAX_EPITHET_WORDS, may_open_epithet, state_epithet

    for m in mentions:
        if (code := state_epithet(m.text)) is not None:
            m.type, m.country = "GPE", code
    taken = SpanIndex((m.start, m.end) for m in mentions)
    out: list[Mention] = []
    for toks in sents:
        i = 0
        while i < len(toks):
            if not may_open_epithet(doc.text[toks[i][0] : toks[i][1]]):
                i += 1
                continue
            for n in range(min(MAX_EPITHET_WORDS, len(toks) - i), 1, -1):
                start = toks[i][0]
                text = doc.text[start : toks[i + n - 1][1]].rstrip(_TRAILING_PUNCT)
                end = start + len(text)
                code = state_epithet(text)
                if code is not None and not taken.overlaps(start, end):
                    out.append(Mention(start, end, text, "GPE", country=code, head=text, score=DEMONYM_SCORE))
                    i += n - 1  # the next phrase starts after this one
                    break
            i += 1
    return out


def agree_types(mentions: Sequence[Mention]) -> None:
    """Make the types of a document's mentions of one name agree.

    «[کاوه زرین‌دست]PER ... [زرین‌دست]GPE»: the second is the person's surname
    (a name the gazetteer knows as a place keeps its type). «[أنقرة]PER ...
    [أنقرة]GPE»: a known place tagged as a place elsewhere is that place.
    """
    people: set[str] = set()  # people's full names, and the last words of multi-word ones
    surnames: set[str] = set()
    places: set[str] = set()
    for m in mentions:
        key = fold(m.head or m.text)
        if m.type == "PER":
            people.add(key)
            if " " in key:
                surnames.add(key.rsplit(" ", 1)[1])
        elif m.type in ("GPE", "LOC"):
            places.add(key)
    people |= surnames
    for m in mentions:
        name = m.head or m.text
        key = fold(name)
        if m.type in ("GPE", "LOC") and key in people and not place(name):
            m.type, m.country = "PER", None
        elif m.type == "PER" and key in places and key not in surnames and (hit := place(name)):
            m.type, m.country = "GPE", hit[1]  # «أنقرة» a person here, the same place elsewhere


def process(doc: Doc) -> Doc:
    """Fill ``doc.mentions`` with entity mentions of a Persian or Arabic document."""
    lang = _lang(doc)
    if lang is None:
        return doc
    try:
        from rasad.extract.ner.tagger import load

        tagger = load(lang)
        sents = token_sentences(doc)
        tagged = tagger.tag([[t[2] for t in s] for s in sents])
        found = mentions_for(doc, sents, tagged, lang)
        found.extend(recover(doc, sents, found, lang))
        found.extend(bracket_facilities(doc, sents, found))
        found.extend(state_epithets(doc, sents, found))
        found.extend(institution_mentions(doc, sents, found, lang))
        agree_types(found)
        found.sort(key=lambda m: (m.start, m.end))
        doc.mentions.extend(found)
    except Exception as exc:  # one bad document must not stop the others
        log.error("entities: %s: %s", doc.source or doc.content_hash[:12], exc)
        doc.meta.setdefault("errors", []).append(f"entities: {exc}")
    return doc
