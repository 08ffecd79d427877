"""Name keys for entity resolution across Persian, Arabic and Latin spellings.

Persian and Arabic write one foreign name with different vowel letters and
different letters for the same sound (``تیمور گلنازاروف`` / ``تيمور غلنزاروف``,
``لوفیگارو`` / ``لوفيغارو``). :func:`skeleton` keeps the consonants and maps the
letters that stand for one sound in transliteration to one class, so those
spellings meet; :func:`token_similarity` compares two skeletons with
rapidfuzz. :func:`romanize` gives an English label.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from rasad.kb.institutions import HONORIFIC_WORDS
from rasad.kb.keys import ARABIC_SCRIPT, arabic_variants, name_key, script_lang
from rasad.link.translit import JOINED_TO_NEXT
from rasad.text.fold import fold

log = logging.getLogger(__name__)

# One class per sound as Persian and Arabic transliterate foreign names.
# Vowel letters, hamza seats and tatweel are dropped; ع is kept (it rarely varies).
_SKELETON_CLASSES: dict[str, str] = {
    **dict.fromkeys("بپ", "b"),
    **dict.fromkeys("تط", "t"),
    **dict.fromkeys("ثسص", "s"),
    **dict.fromkeys("جچ", "j"),
    **dict.fromkeys("حهة", "h"),
    "خ": "x",
    "د": "d",
    **dict.fromkeys("ذزضظژ", "z"),
    "ر": "r",
    "ش": "c",
    "ع": "e",
    **dict.fromkeys("غگق", "g"),
    **dict.fromkeys("فڤ", "f"),
    **dict.fromkeys("کك", "k"),
    "ل": "l",
    "م": "m",
    "ن": "n",
}

#: Words before a name that are not part of it (honorifics, ranks).
HONORIFICS: frozenset[str] = HONORIFIC_WORDS
#: First parts of Arabic compound names, joined to the next word (عبد الله → عبدالله).
_COMPOUND_FIRST = frozenset(name_key(w) for w in ("عبد", "ابو", "أبو", "ابن", "بن", "آل", "ذو"))
_rom_lock = threading.Lock()
_TOKEN = re.compile(r"[^\s\-_/.,،؛:()\"'«»]+")


# Latin spellings into the same classes (digraphs first), so an English
# «Golnazarov» meets «گلنازاروف»; w and y are vowels here, as و and ی are.
_LATIN_DIGRAPHS = (("sh", "c"), ("ch", "j"), ("kh", "x"), ("gh", "g"), ("th", "s"), ("dh", "z"), ("ph", "f"))
_LATIN_CLASSES: dict[str, str] = {
    **dict.fromkeys("bp", "b"), "t": "t", **dict.fromkeys("sc", "s"), "j": "j", "h": "h",
    "x": "x", "d": "d", "z": "z", "r": "r", **dict.fromkeys("gq", "g"), "k": "k",
    **dict.fromkeys("fv", "f"), "l": "l", "m": "m", "n": "n",
}  # fmt: skip


@functools.lru_cache(maxsize=200_000)
def skeleton(text: str) -> str:
    """The consonant skeleton of a name or word: ``گلنازاروف`` and ``غلنزاروف`` → ``glnzrf``."""
    key = name_key(text)
    if ARABIC_SCRIPT.search(key):
        classes = "".join(_SKELETON_CLASSES.get(c, "") for c in key)
    else:
        for digraph, cls in _LATIN_DIGRAPHS:
            key = key.replace(digraph, cls.upper())
        key = key.replace("ck", "k").replace("c", "k")  # a lone c is k (Carter), not s
        classes = "".join(c.lower() if c.isupper() else _LATIN_CLASSES.get(c, "") for c in key)
    # Doubled letters (Latin «ss», Arabic shadda written out) count once.
    return re.sub(r"(.)\1+", r"\1", classes)


def person_tokens(name: str) -> list[str]:
    """The name's parts as keys, without honorifics, compounds joined.

    A Persian suffix written apart («خامنه ای») joins the word before it, and an
    honorific written in two words («آیت الله», «حجت الاسلام») is dropped like
    one written in one.
    """
    words = [name_key(w) for w in _TOKEN.findall(name)]
    joined: list[str] = []
    for w in words:
        if joined and w in _DETACHED_SUFFIXES:
            joined[-1] += w
        elif w:
            joined.append(w)
    words = joined
    while len(words) > 1 and (words[0] in HONORIFICS or (len(words) > 2 and words[0] + words[1] in HONORIFICS)):
        words = words[1:] if words[0] in HONORIFICS else words[2:]
    out: list[str] = []
    for w in words:
        if out and out[-1] in _COMPOUND_FIRST:
            out[-1] += w
        else:
            out.append(w)
    return out


#: Persian suffixes (name keys) sometimes written as a word of their own: the yā of «خامنه ای».
_DETACHED_SUFFIXES = frozenset({name_key(w) for w in ("ای", "اى", "ئی", "یی")})


#: A name part attested at least this often in arabic-name-romanizer's Wikidata
#: name index counts as a known name.
ATTESTED_MIN = 30
#: Two known names whose usual Latin spellings are less alike than this are
#: different names, though their skeletons agree (محمد / محمود, حسن / حسین).
LATIN_SAME_MIN = 85

_names_db: Any = None


def _name_index() -> Any:
    """A read-only connection to the romaniser's name index (False when absent)."""
    global _names_db
    if _names_db is None:
        with _rom_lock:
            if _names_db is None:
                try:
                    import sqlite3
                    from pathlib import Path

                    import arabic_name_romanizer

                    path = Path(arabic_name_romanizer.__file__).parent / "resources" / "names.sqlite3"
                    _names_db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
                except Exception as exc:
                    log.warning("name index unavailable (%s); known-name check off", exc)
                    _names_db = False
    return _names_db


@functools.lru_cache(maxsize=50000)
def _lookup_key(part: str) -> str:
    try:
        from arabic_name_romanizer.normalize import lookup_key
    except ImportError:  # pragma: no cover - a declared dependency
        return part
    return lookup_key(part)


@functools.lru_cache(maxsize=50000)
def attested_latin(part: str) -> str | None:
    """The usual Latin spelling of a well-attested name part, else None."""
    db = _name_index()
    if not db or not ARABIC_SCRIPT.search(part):
        return None
    with _rom_lock:
        rows = db.execute(
            "SELECT latin, SUM(count) FROM units WHERE arabic_key = ? GROUP BY latin ORDER BY 2 DESC",
            (_lookup_key(part),),
        ).fetchall()
    if not rows or sum(n for _, n in rows) < ATTESTED_MIN:
        return None
    return str(rows[0][0]).casefold()


def known_different(a: str, b: str) -> bool:
    """True when two name parts are known to be different names, though their consonants may agree.

    Both well-attested in the romaniser's dictionary with usual spellings less
    alike than :data:`LATIN_SAME_MIN`; or one spelt one way by the trained
    transliteration's word table (:mod:`rasad.link.translit`) and none of the
    other's best spellings within :data:`TRANSLIT_SAME_MIN` of it (خمینی
    "khomeini" against خامنه‌ای "khamenhai", "khamanhai", ...).
    """
    if _lookup_key(a) == _lookup_key(b):
        return False
    la, lb = attested_latin(a), attested_latin(b)
    if la is not None and lb is not None:
        return fuzz.ratio(la, lb) < LATIN_SAME_MIN
    return _translit_different(a, b)


#: Least similarity (rapidfuzz ratio) of a table spelling to one of the other word's
#: :data:`TRANSLIT_CANDIDATES` spellings for two name parts to be possibly one name.
TRANSLIT_SAME_MIN = 80
TRANSLIT_CANDIDATES = 3


@functools.lru_cache(maxsize=50000)
def _translit_different(a: str, b: str) -> bool:
    from rasad.link import translit

    try:
        table = translit.lexicon()
        forms = {w: translit.source_form(w, "fa" if _PERSIAN_ONLY.search(w) else "ar") for w in (a, b)}
        spelt = {w: table[f][0] for w, f in forms.items() if f in table}
        if len(spelt) == 2:
            return fuzz.ratio(spelt[a], spelt[b]) < LATIN_SAME_MIN
        if len(spelt) != 1:
            return False
        known, other = (a, b) if a in spelt else (b, a)
        lang = "fa" if _PERSIAN_ONLY.search(other) else "ar"
        cands = translit.transliterate(other, lang, TRANSLIT_CANDIDATES)
    except Exception as exc:  # no model: nothing known
        log.debug("transliteration unavailable (%s)", exc)
        return False
    return bool(cands) and max(fuzz.ratio(spelt[known], c) for c, _ in cands) < TRANSLIT_SAME_MIN


_PERSIAN_ONLY = re.compile("[پچژگ]")


@functools.lru_cache(maxsize=500_000)
def token_similarity(a: str, b: str) -> float:
    """0..100: how alike two name parts are, on skeletons (keys when too short).

    Two well-attested names that are different names score 0 (:func:`known_different`).
    """
    if a == b:
        return 100.0
    if known_different(a, b):
        return 0.0
    sa, sb = skeleton(a), skeleton(b)
    if len(sa) < 2 or len(sb) < 2:
        return float(fuzz.ratio(a, b))
    return float(fuzz.ratio(sa, sb))


#: Nouns before a newspaper's, agency's or channel's own name («روزنامه X», «صحيفة X»).
MEDIA_NOUNS = frozenset(
    name_key(w)
    for w in [
        "روزنامه", "خبرگزاری", "مجله", "شبکه", "هفته‌نامه", "پایگاه", "تلویزیون",
        "صحيفة", "جريدة", "وكالة", "مجلة", "قناة", "موقع", "newspaper", "agency",
    ]
)


def phrase_keys(text: str, lang: str | None) -> list[str]:
    """:func:`_phrase_keys` (cached)."""
    return list(_phrase_keys(text, lang))


@functools.lru_cache(maxsize=50000)
def _phrase_keys(text: str, lang: str | None) -> tuple[str, ...]:
    """:func:`phrase_key`, plus the key of the name after a media noun, plus a key in English.

    «روزنامه X» → X; demonyms and country names beside the name go too:
    «روزنامه ژاپنی X», «صحيفة X اليابانية», «روزنامه X ژاپن» → X. A name the
    institution table reads completely, tied to a place, also gets its
    language-independent key (:attr:`rasad.kb.institutions.Composed.key`), so
    «سفارت ژاپن» and «سفارة اليابان» meet; so does a name of the organisation
    table (:mod:`rasad.kb.orgs`) with the table's other names.
    """
    from rasad.kb import demonym_country, lookup_place
    from rasad.kb.institutions import compose, has_head
    from rasad.kb.orgs import lookup_org

    key = phrase_key(text, lang)
    if not key:
        return ()
    keys = [key]
    words = text.split()

    def place_word(w: str) -> bool:
        p = lookup_place(w, lang)
        return bool(demonym_country(w, lang)) or (p is not None and p.kind == "country")

    if len(words) > 1 and name_key(words[0]) in MEDIA_NOUNS:
        rest = words[1:]
        while len(rest) > 1 and place_word(rest[0]):
            rest = rest[1:]
        while len(rest) > 1 and place_word(rest[-1]):
            rest = rest[:-1]
        short = phrase_key(" ".join(rest), lang)
        if len(short) >= 3:
            keys.append(short)
    english = compose(text, lang).key if lang in ("fa", "ar") and has_head(text, lang) else None
    if english:
        keys.append(english)
    org = lookup_org(text)
    if org is not None:  # one organisation of the table, whatever the language it is named in
        keys.append("org:" + name_key(org.english))
    return tuple(keys)


def phrase_key(text: str, lang: str | None) -> str:
    """Key of an organisation/facility name: ``للبنتاغون`` → ``بنتاغون`` (Arabic), else the key."""
    words = text.split()
    if not words:
        return ""
    if lang != "fa":
        variants = list(arabic_variants(words[0]))
        first = variants[-1] if len(variants) > 1 else words[0]
        words = [first, *words[1:]]
    return name_key(" ".join(words))


#: Entity types whose labels use the romaniser's neural model (slower, better on
#: names its dictionary lacks); other labels and all ids use dictionary + rules.
MODEL_LABEL_TYPES = frozenset({"PER", "ORG", "FAC"})

_romanizers: dict[bool, Any] = {}


def _get_romanizer(model: bool) -> Any:
    if model not in _romanizers:
        with _rom_lock:
            if model not in _romanizers:
                try:
                    from arabic_name_romanizer import Transliterator

                    _romanizers[model] = Transliterator(auto_load_model=model)
                except Exception as exc:  # the label falls back to anyascii
                    log.warning("arabic-name-romanizer unavailable (%s); using anyascii", exc)
                    _romanizers[model] = False
    return _romanizers[model]


#: Most words romanised in one call: the romaniser scores every combination of
#: its candidates per word (5 each), so a call costs 5**words. Real names have at
#: most a handful of words; a longer "name" (a tagger run-on in a text without
#: punctuation) is romanised this many words at a time.
ROMANIZE_MAX_WORDS = 6


@functools.lru_cache(maxsize=20000)
def romanize(name: str, model: bool = False) -> str:
    """An English, title-cased rendering of a Persian or Arabic name.

    ``model``: also use arabic-name-romanizer's neural model for parts its
    dictionary lacks (better on unknown names, far slower). A name of more than
    :data:`ROMANIZE_MAX_WORDS` words is romanised in pieces of that many words.
    """
    if not ARABIC_SCRIPT.search(name):
        return name.strip()
    words = name.split()
    if len(words) > ROMANIZE_MAX_WORDS:
        pieces = (" ".join(words[i : i + ROMANIZE_MAX_WORDS]) for i in range(0, len(words), ROMANIZE_MAX_WORDS))
        return " ".join(romanize(p, model) for p in pieces)
    rom = _get_romanizer(model)
    if rom:
        try:
            out = rom.transliterate(name, top_k=1)  # a str for top_k=1, else candidates
            best = out if isinstance(out, str) else (out[0].text if out else "")
            if best.strip():
                return best.strip()
        except Exception as exc:
            log.debug("romanizer failed on %r: %s", name, exc)
    from anyascii import anyascii

    return anyascii(name).strip().title()


# -- the best English rendering of a name written in Persian and/or Arabic ----

# Turkic and Slavic surname endings as Persian and Arabic write them (name keys:
# ی/ي and ک/ك folded), and the English ending they stand for. The romaniser's
# model renders «کریموف» as "Karimouf", «قلییف» as "Qulif"; the vowel run and
# final f of its output are replaced by the ending.
_SURNAME_ENDINGS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[^اوی]وف$"), "ov"),
    (re.compile(r"[^اوی]وا$"), "ova"),
    (re.compile(r"[^اوی](یی|یا)ف$"), "iyev"),
    (re.compile(r"[^اوی](ایی|ای)ف$"), "ayev"),
    (re.compile(r"[^اوی](یی|یا|ای)وا$"), "yeva"),
    (re.compile(r"..ویچ$"), "vich"),
    (re.compile(r"..فیتش$"), "vich"),
)
#: Romaniser candidates considered per word.
CANDIDATES = 3
#: A rendering whose consonant skeleton is at least this alike to the spelling's keeps all its consonants.
SKELETON_AGREE = 80
#: Shortest name key a surname ending is recognised on (the stem must be a name).
ENDING_MIN_KEY = 5


def fix_ending(native: str, latin: str) -> str:
    """``latin`` with a Turkic/Slavic surname ending made English: «کریموف» "Karimouf" → "Karimov"."""
    key = name_key(native)
    if len(key) < ENDING_MIN_KEY or not latin:
        return latin
    for pattern, ending in _SURNAME_ENDINGS:
        if pattern.search(key):
            if ending == "vich":
                tail_re = r"(?:u|w|v)i?t?s?ch$"  # «ویچ»: "Petrouich" → "Petro" + "vich"
            elif ending.endswith("a"):
                tail_re = r"[aeiouy]*(?:f+|v+|w+)[aeiouy]*$"
            else:
                tail_re = r"[aeiouy]*(?:f+|v+)$"
            tail = re.search(tail_re, latin, re.I)
            if tail is None:
                return latin
            stem = latin[: tail.start()]
            if len(stem) < 2:  # the rendering is all vowel letters: keep what it wrote before the f
                stem = re.sub(r"[aeiou]*(?:f+|v+|w+)[aeiou]*$", "", latin, flags=re.I) or latin
            if ending.startswith(("i", "y")) and stem[-1:].lower() in ("i", "y"):
                stem = stem[:-1]
            return stem + ending
    return latin


@dataclass(frozen=True, slots=True)
class _Unit:
    latin: str
    attested: bool  # the romaniser's dictionary knows this unit well
    score: float


#: Words romanised per call of the romaniser by :func:`prefetch` (one beam search each).
ROMANIZE_BATCH = 256
#: (word, country, model) -> the romaniser's candidates, filled one by one or by :func:`prefetch`.
_word_cache: dict[tuple[str, str | None, bool], Any] = {}
#: Most words kept in :data:`_word_cache`.
WORD_CACHE_SIZE = 200_000


def _word_candidates(word: str, country: str | None, model: bool) -> Any:
    """The romaniser's top :data:`CANDIDATES` for one word (cached for the process)."""
    key = (word, country, model)
    hit = _word_cache.get(key)
    if hit is not None:
        return hit
    rom = _get_romanizer(model)
    cands: Any = []
    if rom:
        try:
            cands = rom.transliterate(word, top_k=CANDIDATES, country=country)
        except Exception as exc:
            log.debug("romanizer failed on %r: %s", word, exc)
    if len(_word_cache) < WORD_CACHE_SIZE:
        _word_cache[key] = cands
    return cands


def prefetch(words: Iterable[tuple[str, str | None]]) -> int:
    """Romanise (word, country hint) pairs with the model ahead of time, :data:`ROMANIZE_BATCH` per call.

    The model's beam search then runs once per batch instead of once per
    word (labelling a store's new entities one word at a time spent most of
    entity linking there). Later renderings of those words read the cache and
    give what they would have given word by word. Returns how many were romanised.
    """
    todo: dict[str | None, list[str]] = {}
    for word, country in dict.fromkeys(words):
        if ARABIC_SCRIPT.search(word) and (word, country, True) not in _word_cache:
            todo.setdefault(country, []).append(word)
    rom = _get_romanizer(True)
    done = 0
    for country, batch_words in todo.items():
        for i in range(0, len(batch_words), ROMANIZE_BATCH):
            chunk = batch_words[i : i + ROMANIZE_BATCH]
            if not rom or len(_word_cache) + len(chunk) > WORD_CACHE_SIZE:
                return done
            try:
                found = rom.transliterate_many(chunk, top_k=CANDIDATES, country=country)
            except Exception as exc:  # leave this chunk to the word-by-word path
                log.debug("batched romanisation failed (%s)", exc)
                continue
            for word, cands in zip(chunk, found, strict=True):
                _word_cache[(word, country, True)] = cands
            done += len(chunk)
    return done


def name_words(name: str) -> list[str]:
    """The words of a name as the dictionaries hold them: «عبد» joined to the next word.

    The joined words are :data:`rasad.link.translit.JOINED_TO_NEXT`, as the
    transliteration's own name reader joins them.
    """
    words = name.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        if fold(words[i]) in JOINED_TO_NEXT and i + 1 < len(words) and ARABIC_SCRIPT.search(words[i + 1]):
            out.append(words[i] + words[i + 1])
            i += 2
        else:
            out.append(words[i])
            i += 1
    return out


def _units(name: str, country: str | None, model: bool) -> list[_Unit]:
    """Each word of ``name`` rendered on its own, with its confidence.

    The romaniser's well-attested dictionary (Wikidata names seen at least
    :data:`ATTESTED_MIN` times) first; else the trained transliteration's word
    table (:mod:`rasad.link.translit`: names its training data spells one way);
    else the romaniser's model. The trained model itself is not used here: on
    the Persian development list it gave 6 of 32 names right against the
    romaniser's 9 (10 with the table), see docs/names.md.
    """
    out: list[_Unit] = []
    lang = "fa" if script_lang(name) == "fa" else "ar"
    for word in name_words(name):
        if not ARABIC_SCRIPT.search(word):
            out.append(_Unit(word, True, 1.0))
            continue
        cands = _word_candidates(word, country, model)
        best = None
        if cands:
            # The model sometimes drops a consonant («ایوبوف» "Ayouf"): among its
            # candidates, the one whose consonants match the spelling's wins.
            native_sk = skeleton(word)
            best = max(cands, key=lambda c: (c.source in ("dictionary", "user"), fuzz.ratio(skeleton(c.text), native_sk) >= SKELETON_AGREE, c.score))
            count = best.units[0].count if best.units else 0
            if best.source in ("dictionary", "user") and count >= ATTESTED_MIN:
                out.append(_Unit(best.text, True, float(best.score)))
                continue
        learned = _translit_unit(word, lang)
        if learned is not None and learned.attested:
            out.append(learned)
        elif best is not None:
            out.append(_Unit(fix_ending(word, best.text), False, float(best.score)))
        else:
            from anyascii import anyascii

            out.append(_Unit(anyascii(word).title(), False, 0.0))
    return out


def _translit_unit(word: str, lang: str) -> _Unit | None:
    """The trained transliteration's word-table spelling of one word (``attested``), else its model's."""
    from rasad.link import translit

    try:
        form = translit.source_form(word, lang)
        if not form:
            return None
        if fold(word) in translit.NAME_PARTICLES:
            return _Unit(translit.NAME_PARTICLES[fold(word)], True, 1.0)
        table = translit.lexicon()
        if form not in table:
            return _Unit("", False, 0.0)
        latin, share = table[form]
    except Exception as exc:  # no model: the romaniser alone
        log.debug("transliteration unavailable (%s)", exc)
        return None
    return _Unit(translit.title_case(latin), True, float(share))


_VOWEL_LETTERS = frozenset("اآویيىأإؤئ")


def _vowel_letters(word: str) -> int:
    return sum(c in _VOWEL_LETTERS for c in word)


def _english_vowels(latin: str) -> str:
    """French-style «ou» of the romaniser's model as English «u» (Yaqoub → Yaqub)."""
    return re.sub("Ou", "U", latin.replace("ou", "u"))


@functools.lru_cache(maxsize=20000)
def name_country(name: str, lang: str | None, country: str | None = None) -> str | None:
    """The country hint a name is romanised with: ``country`` when known, else its language's.

    A language folder's ``NAME_COUNTRY`` is the country whose English spellings
    names written in that language usually follow (Persian: Iran's Mohammad,
    Hossein, Sadegh rather than the Arab world's Mohamed, Hussein, Sadiq); a
    name with a word of the folder's ``FOREIGN_NAME_WORDS`` (Arabic بن, آل, the
    article) or ``FOREIGN_NAME_PREFIXES`` is taken as foreign and gets no hint.
    """
    if country:
        return country
    from rasad import lang as langs

    folder = langs.get(lang or script_lang(name))
    hint = getattr(folder, "NAME_COUNTRY", None)
    if hint is None:
        return None
    words = [fold(w) for w in name.split()]
    marks = getattr(folder, "FOREIGN_NAME_WORDS", frozenset())
    prefixes = getattr(folder, "FOREIGN_NAME_PREFIXES", ())
    if any(w in marks or any(w.startswith(p) and len(w) >= n for p, n in prefixes) for w in words):
        return None
    return hint


@functools.lru_cache(maxsize=20000)
def _romanize_best(names: tuple[str, ...], country: str | None, model: bool, langs: tuple[str | None, ...] = ()) -> str:
    langs = langs or tuple(script_lang(n) for n in names)
    spelled = [(name_words(n), u) for n, lg in zip(names, langs, strict=True) if (u := _units(n, name_country(n, lg, country), model))]
    if not spelled:
        return ""
    # Word by word across spellings of the same length (the shortest: a longer
    # one tends to carry a generic word, «مدينة X»): a well-attested spelling
    # first, else the one that writes more vowel letters (Persian and Arabic
    # write different vowels), else the romaniser's more confident one.
    size = min(len(u) for _, u in spelled)
    same = [(w, u) for w, u in spelled if len(u) == size]
    words = []
    for i in range(size):
        _native, best = max(((w[i] if len(w) == size else "", u[i]) for w, u in same), key=lambda o: (o[1].attested, _vowel_letters(o[0]), o[1].score))
        words.append(best.latin if best.attested else _english_vowels(best.latin))
    return " ".join(words)


def romanize_best(names: list[str], country: str | None = None, model: bool = True, langs: list[str] | None = None) -> str:
    """An English rendering of one name given in several spellings (Persian, Arabic).

    Each word is romanised on its own, with ``country`` (ISO code) as a hint;
    Turkic/Slavic surname endings are made English (:func:`fix_ending`), the
    model's French «ou» becomes «u»; among the spellings with the fewest words,
    each word takes the best-attested rendering, else the one from the spelling
    with more vowel letters, else the most confident. Pass one (the fullest)
    spelling per language, with its language in ``langs`` (the script's when not
    given): without ``country``, the language's naming conventions give the hint
    (:func:`name_country`). Latin-script names are returned as they are.
    """
    given = dict(zip((" ".join(n.split()) for n in names), langs or [None] * len(names), strict=True))
    native = tuple(n for n in given if n)
    if not native:
        return ""
    if not any(ARABIC_SCRIPT.search(n) for n in native):
        return native[0]
    arabic = tuple(n for n in native if ARABIC_SCRIPT.search(n))
    return _romanize_best(arabic, country, model, tuple(given[n] or script_lang(n) for n in arabic))
