"""Entity resolution: mentions become entities, within an article and across the corpus.

The core is pure and database-free:

* :class:`EntityIndex` holds the known entities (``add_entity``, ``match``,
  ``find``, ``export``);
* :func:`link_document` links one document's mentions (``Doc.mentions``,
  filled by :mod:`rasad.extract.entities`) to the index, creating entities for
  what it does not know, and sets ``Mention.entity`` (and ``Mention.country``).

Within an article, a lone surname joins the nearest preceding full name that
ends with it; a title apposed to a name (``X، وزیر امور خارجه Y``) binds to that
person, and the same title written alone later becomes a mention of them.
Across articles, places resolve through :mod:`rasad.kb`; people match on
consonant skeletons of their name parts (:mod:`rasad.link.names`) with given
names that must agree, weak matches needing shared context (a co-occurring
entity or the same country); organisations match on their clitic-free key or
skeleton. Types must agree: a facility named after a person is not the person.

:func:`load_index`, :func:`save_index` and :func:`link_store` are the thin
layer over the store's ``entity`` and ``mention`` tables.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from rasad.doc import Doc, Mention
from rasad.kb import (
    CONTEXT_CHARS,
    Place,
    demonym_country,
    get_place,
    lookup_place,
    name_form,
    resolve_place,
)
from rasad.kb.institutions import compose, has_head
from rasad.kb.keys import name_key, script_lang, strip_article
from rasad.kb.orgs import Org, find_org, lookup_org, state_candidates, state_epithet
from rasad.link.names import (
    HONORIFICS,
    MEDIA_NOUNS,
    MODEL_LABEL_TYPES,
    name_country,
    name_words,
    person_tokens,
    phrase_keys,
    romanize,
    romanize_best,
    skeleton,
    token_similarity,
)
from rasad.link.titles import APPOSITION_GAP, Title, find_titles
from rasad.progress import Progress, tracked

log = logging.getLogger(__name__)

#: A lone surname joins a full name in the same article when their last parts are this alike.
SURNAME_SAME = 90.0
#: Full names whose surname and first given name are both at least this alike merge on the name alone.
PER_STRONG = 90.0
#: Full names whose parts are all at least this alike merge when the context agrees (shared entity or country).
PER_MATCH = 75.0
#: Given names less alike than this keep two people apart, whatever else agrees.
GIVEN_MIN = 70.0
#: Organisation/facility skeletons at least this alike merge when the context agrees.
ORG_FUZZY = 90.0
#: Shortest skeleton an organisation may be matched on without shared context.
ORG_MIN_SKELETON = 3
#: Co-occurring entities two mentions must share to count as "the same context".
CONTEXT_MIN_SHARED = 1
#: Score given to a mention made of a title phrase that names a person.
TITLE_MENTION_SCORE = 0.8
#: ``article.meta`` key: ids of the article's mentions :func:`link_store` considered and left unlinked.
UNLINKED_KEY = "entities_unlinked"
#: Article ids per ``IN (...)`` query (well under SQLite's bound-parameter limit).
_ID_CHUNK = 500
#: Shortest query that ``find`` matches fuzzily.
FIND_MIN_CHARS = 4
#: Entity types whose names are looked up in the organisation table (the tagger may call one a place).
ORG_TABLE_TYPES = frozenset({"ORG", "FAC", "LOC", "GPE"})
#: Mention types that may be a descriptive reference to a state ("the Kingdom", "the Republic").
STATE_REFERENCE_TYPES = frozenset({"ORG", "GPE", "LOC"})
#: Fewest letters of a label's initials offered as a short form ("IAEA").
MIN_ACRONYM = 3
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "in", "on", "to", "al"})
#: Least rapidfuzz score (skeleton or English label) of a fuzzy ``find`` hit.
FIND_MIN_SCORE = 75.0
#: Least rapidfuzz score of a consonant-skeleton ``find`` hit (skeletons are short: "lf", "tlf").
FIND_SKELETON_MIN = 85.0
#: Most fuzzy candidates examined per surname.
FUZZY_CANDIDATES = 25

#: Prefix of the language-independent key of a name the institution table translates.
ENGLISH_KEY = "en:"
PLACE_TYPES = frozenset({"GPE", "LOC"})
#: Demonym / nisba mentions (the NER stage's NORP): linked to their country, never an entity of their own.
DEMONYM_TYPES = frozenset({"NORP"})
_GROUP = {"PER": "PER", "ORG": "ORG", "FAC": "FAC", "GPE": "PLACE", "LOC": "PLACE", "NORP": "PLACE"}
#: Words that make the name after them a facility or street, not a person mention.
_FACILITY_WORDS = frozenset(
    name_key(w)
    for w in ["فرودگاه", "فرودگاه\u200cهای", "بندر", "میدان", "خیابان", "بزرگراه", "دانشگاه", "بیمارستان", "مدرسه", "ورزشگاه", "پل", "سد", "مطار", "ميناء", "ميدان", "شارع", "جامعة", "مستشفى", "مدرسة", "ملعب", "جسر", "سد", "قاعدة", "airport", "port", "square", "street", "university", "hospital", "stadium", "bridge"]
)
_SLUG = re.compile(r"[^a-z0-9]+")
#: Entity types the linker stores (what ``rasad entities --type`` accepts).
ENTITY_TYPES = ("PER", "ORG", "GPE", "LOC", "FAC")
#: Version of the labelling rules (romaniser, institution table, KB names) in
#: each stored label's key: bump it when they change, and stored labels are
#: recomputed the next time they are read.
LABEL_VERSION = 4


@dataclass
class Entity:
    """A real-world entity and everything known about it."""

    id: str
    type: str
    label: str = ""
    country: str | None = None
    aliases: dict[str, list[str]] = field(default_factory=lambda: {"fa": [], "ar": [], "en": []})
    names: list[tuple[str, ...]] = field(default_factory=list)  # person-name part keys
    keys: set[str] = field(default_factory=set)  # organisation/place phrase keys
    place: str | None = None  # rasad.kb place id
    mentions: list[dict[str, Any]] = field(default_factory=list)
    neighbors: Counter[str] = field(default_factory=Counter)
    countries: Counter[str] = field(default_factory=Counter)
    roles: Counter[str] = field(default_factory=Counter)  # "XX|role words" from apposed titles
    label_key: str = ""  # what the label was computed from (:meth:`ensure_label`)

    @property
    def group(self) -> str:
        return _GROUP.get(self.type, self.type)

    @property
    def articles(self) -> list[Any]:
        """The articles it is mentioned in, in first-mention order."""
        return list(dict.fromkeys(m["article"] for m in self.mentions))

    def add_alias(self, lang: str, name: str) -> None:
        name = " ".join(name.split())
        bucket = self.aliases.setdefault(lang, [])
        if name and name not in bucket:
            bucket.append(name)

    def _label_inputs(self) -> str:
        """A digest of everything :meth:`refresh_label` reads, and of :data:`LABEL_VERSION`."""
        inputs = [LABEL_VERSION, self.type, self.country, self.place, {k: v for k, v in self.aliases.items() if v}]
        return hashlib.blake2b(json.dumps(inputs, ensure_ascii=False, sort_keys=True).encode("utf-8"), digest_size=8).hexdigest()

    def ensure_label(self) -> str:
        """The English label, recomputed only when its inputs changed since it was last computed.

        Labels are stored with the entity (``extra["label_key"]``), so listing
        a stored corpus romanises nothing that was romanised before.
        """
        key = self._label_inputs()
        if key != self.label_key:
            self.refresh_label()
            self.label_key = key
        return self.label

    def label_stale(self) -> bool:
        """True when the label's inputs changed since it was last computed."""
        return self._label_inputs() != self.label_key

    def refresh_label(self) -> None:
        """English label: the KB's name for places, else a romanisation of the fullest alias."""
        if self.place:
            p = get_place(self.place)
            if p is not None:
                self.label = p.label
                return
        if self.aliases.get("en"):
            self.label = self.aliases["en"][0]
            return
        if (org := self.org()) is not None:
            self.label = org.english
            return
        if self.type in ("ORG", "FAC", "LOC", "GPE") and (composed := self._composed_label()):
            self.label = composed
            return
        # The fullest name in each language («روزنامه X» counts less than «X»);
        # the romaniser weighs the Persian and Arabic spellings word by word.
        fullest: list[str] = []
        langs: list[str] = []
        for lang in ("fa", "ar"):
            best: tuple[int, int, str] | None = None
            for a in self.aliases.get(lang, []):
                bare = 0 if name_key(a.split()[0]) in MEDIA_NOUNS else 1
                size = len(person_tokens(a)) if self.type == "PER" else len(a)
                if best is None or (bare, size) > best[:2]:
                    best = (bare, size, a)
            if best is not None:
                fullest.append(best[2])
                langs.append(lang)
        if self.type == "PER":
            fullest = [_without_honorifics(a) for a in fullest]
        if fullest:
            self.label = romanize_best(fullest, self.country, model=self.type in MODEL_LABEL_TYPES, langs=langs)

    def org(self) -> Org | None:
        """The organisation of the exact-match table (:mod:`rasad.kb.orgs`) one of its names denotes."""
        if self.type not in ORG_TABLE_TYPES:
            return None
        for lang in ("fa", "ar"):
            for a in self.aliases.get(lang, []):
                if (org := lookup_org(a)) is not None:
                    return org
        return None

    def short_forms(self) -> list[str]:
        """English forms a user may search by: the table's abbreviation, else the label's initials ("IAEA")."""
        org = self.org()
        if org is not None and org.abbr:
            return [org.abbr]
        if self.type in ("ORG", "FAC") and self.label:
            initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w'-]*", self.label) if w.lower() not in _ACRONYM_SKIP)
            if len(initials) >= MIN_ACRONYM:
                return [initials.upper()]
        return []

    def _composed_label(self) -> str | None:
        """An English name read with the institution table: a complete one first, Persian first.

        An outlet («روزنامه X») is named by its own name: by the romaniser
        over all its bare spellings when there are any, else by the table's reading.
        """
        aliases = [(lang, a) for lang in ("fa", "ar") for a in self.aliases.get(lang, [])]
        bare = any(name_key(a.split()[0]) not in MEDIA_NOUNS for _, a in aliases)
        found: list[tuple[int, int, str]] = []
        for rank, lang in enumerate(("fa", "ar")):
            for a in self.aliases.get(lang, []):
                c = compose(a, lang, _render_name)
                if c.label and not (c.media and bare):
                    found.append((0 if c.complete else 1, -len(a.split()) + rank, c.label))
        return min(found)[2] if found else None

    def record(self) -> dict[str, Any]:
        """The export record: id, label, type, country, aliases by language, mentions."""
        self.ensure_label()
        return {
            "id": self.id,
            "label": self.label,
            "type": self.type,
            "country": self.country,
            "aliases": {lang: list(self.aliases.get(lang, [])) for lang in ("fa", "ar", "en")},
            "mentions": [dict(m) for m in self.mentions],
        }

    def row(self, label: bool = True) -> dict[str, Any]:
        """The store's ``entity`` row (matching state goes in ``extra``).

        ``label=False`` writes the label as it stands (provisional until
        :func:`relabel` computes it), without romanising anything.
        """
        if label:
            self.ensure_label()
        return {
            "id": self.id,
            "label": self.label,
            "type": self.type,
            "country": self.country,
            "aliases": {lang: list(v) for lang, v in self.aliases.items()},
            "extra": {
                "names": [list(n) for n in self.names],
                "keys": sorted(self.keys),
                "place": self.place,
                "neighbors": dict(self.neighbors),
                "countries": dict(self.countries),
                "roles": dict(self.roles),
                "label_key": self.label_key,
            },
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Entity:
        """Rebuild an entity from :meth:`row` output (mentions are added separately)."""
        extra = row.get("extra") or {}
        aliases = {"fa": [], "ar": [], "en": [], **(row.get("aliases") or {})}
        return cls(
            id=row["id"],
            type=row.get("type") or "ORG",
            label=row.get("label") or "",
            country=row.get("country"),
            aliases={k: list(v) for k, v in aliases.items()},
            names=[tuple(n) for n in extra.get("names", [])],
            keys=set(extra.get("keys", [])),
            place=extra.get("place"),
            neighbors=Counter(extra.get("neighbors", {})),
            countries=Counter(extra.get("countries", {})),
            roles=Counter(extra.get("roles", {})),
            label_key=extra.get("label_key", ""),
        )


@dataclass
class _Local:
    """Mentions of one entity within one document, before cross-article matching."""

    type: str
    mentions: list[Mention] = field(default_factory=list)
    names: list[tuple[str, ...]] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    place: Place | None = None
    countries: Counter[str] = field(default_factory=Counter)
    full_starts: list[int] = field(default_factory=list)  # non-nested full-name mentions
    titles: set[int] = field(default_factory=set)  # ids of title mentions (not aliases)
    entity: str | None = None
    lang: str | None = None
    roles: Counter[str] = field(default_factory=Counter)

    @property
    def group(self) -> str:
        return _GROUP.get(self.type, self.type)

    @property
    def country(self) -> str | None:
        if self.place is not None:
            return self.place.country
        return self.countries.most_common(1)[0][0] if self.countries else None

    def best_name(self) -> tuple[str, ...]:
        return max(self.names, key=len) if self.names else ()


def _render_name(name: str, country: str | None) -> str:
    """A name inside an institution's name, in English (:func:`romanize_best`)."""
    return romanize_best([name], country)


def _without_honorifics(name: str) -> str:
    """``name`` as written, less leading honorifics («آقای X» → «X»)."""
    words = name.split()
    while len(words) > 1 and name_key(words[0]) in HONORIFICS:
        words = words[1:]
    return " ".join(words)


def _name_score(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[float, bool]:
    """(score 0..100, partial) of two person names; score -1 when given names conflict."""
    if not a or not b:
        return 0.0, True
    # Arabic writes nisba surnames with the article (الكريمي), Persian without (کریمی).
    surname = max(token_similarity(a[-1], b[-1]), token_similarity(strip_article(a[-1]), strip_article(b[-1])))
    if len(a) == 1 or len(b) == 1:
        if len(a) == 1 and len(b) == 1:
            return surname, True
        return surname, True
    given = token_similarity(a[0], b[0])
    if given < GIVEN_MIN:
        # The first given names differ; a middle name may still line up (محمد جواد / جواد).
        short, long_ = (a, b) if len(a) <= len(b) else (b, a)
        given = max(token_similarity(short[0], g) for g in long_[:-1])
        if given < GIVEN_MIN:
            return -1.0, False
    # The weaker part decides: a close given name does not excuse a distant surname.
    return min(surname, given), False


class EntityIndex:
    """The known entities, with lookups by key, skeleton and surname."""

    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self._by_key: dict[str, set[str]] = {}
        self._by_skel: dict[str, set[str]] = {}
        self._by_surname: dict[str, set[str]] = {}
        self._surnames: list[str] | None = None  # keys of _by_surname, for fuzzy search
        self._by_role: dict[str, set[str]] = {}

    def __len__(self) -> int:
        return len(self.entities)

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.entities.values())

    def get(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def add_entity(self, entity: Entity) -> Entity:
        """Add (or re-index) an entity."""
        self.entities[entity.id] = entity
        self._index(entity)
        return entity

    def _index(self, e: Entity) -> None:
        for key in e.keys:
            self._by_key.setdefault(f"{e.group}:{key}", set()).add(e.id)
            sk = skeleton(key) if not key.startswith(ENGLISH_KEY) else ""
            if sk:
                self._by_skel.setdefault(f"{e.group}:{sk}", set()).add(e.id)
        for role in e.roles:
            self._by_role.setdefault(role, set()).add(e.id)
        for name in e.names:
            self._by_key.setdefault("PER:" + " ".join(name), set()).add(e.id)
            for form in {name[-1], strip_article(name[-1])}:
                key = skeleton(form) or form
                if key not in self._by_surname:
                    self._surnames = None
                self._by_surname.setdefault(key, set()).add(e.id)

    def new_id(self, etype: str, surface: str) -> str:
        """A fresh, readable id: ``per:eli-cohen``, ``org:mossad-2``."""
        base = _SLUG.sub("-", romanize(surface).lower()).strip("-")[:40] or "x"
        base = f"{etype.lower()}:{base}"
        eid, n = base, 1
        while eid in self.entities:
            n += 1
            eid = f"{base}-{n}"
        return eid

    # -- matching ----------------------------------------------------------

    def _supported(self, e: Entity, context: set[str], country: str | None) -> bool:
        shared = sum(1 for c in context if c in e.neighbors)
        return shared >= CONTEXT_MIN_SHARED or (country is not None and country == e.country)

    def _match_person(self, local: _Local, context: set[str]) -> str | None:
        name = local.best_name()
        if not name:
            return None
        cands: set[str] = set()
        for form in {name[-1], strip_article(name[-1])}:
            sk = skeleton(form) or form
            cands |= self._by_surname.get(sk, set())
            if self._surnames is None:
                self._surnames = list(self._by_surname)
            if self._surnames:
                for hit, _score, _i in process.extract(
                    sk, self._surnames, scorer=fuzz.ratio, score_cutoff=PER_MATCH, limit=FUZZY_CANDIDATES
                ):
                    cands |= self._by_surname[hit]
        best: tuple[float, str] | None = None
        partial_hits: list[str] = []
        country = local.country
        for eid in cands:
            e = self.entities[eid]
            if e.type != "PER":
                continue
            scored = [_name_score(name, n) for n in e.names]
            if not scored or any(s < 0 for s, _ in scored):
                continue
            score, partial = max(scored)
            conflict = country is not None and e.country is not None and country != e.country
            supported = self._supported(e, context, country)
            if partial:
                if score >= SURNAME_SAME and supported and not conflict:
                    partial_hits.append(eid)
                continue
            ok = (score >= PER_STRONG and not conflict) or (score >= PER_MATCH and supported and not conflict)
            if ok and (best is None or score > best[0]):
                best = (score, eid)
        if best is not None:
            return best[1]
        return partial_hits[0] if len(partial_hits) == 1 else None

    def _match_phrase(self, local: _Local, context: set[str]) -> str | None:
        group = local.group
        counts: Counter[str] = Counter()
        for key in local.keys:
            for eid in self._by_key.get(f"{group}:{key}", ()):
                counts[eid] += 1
        if counts:
            return max(counts, key=lambda i: (counts[i], len(self.entities[i].mentions)))
        # Skeletons only bridge languages: within one language a name is spelt one
        # way (after folding), so «سپاه» and «سپه» stay two organisations.
        def other_language(eid: str) -> bool:
            return not (local.lang and self.entities[eid].aliases.get(local.lang))

        native = [k for k in local.keys if not k.startswith(ENGLISH_KEY)]
        for key in native:
            sk = skeleton(key)
            ids = {i for i in self._by_skel.get(f"{group}:{sk}", set()) if other_language(i)}
            if len(ids) == 1 and (len(sk) >= ORG_MIN_SKELETON or self._supported(self.entities[next(iter(ids))], context, None)):
                return next(iter(ids))
        prefix = f"{group}:"
        skels = [k for k in self._by_skel if k.startswith(prefix)]
        for key in native:
            sk = skeleton(key)
            if len(sk) < ORG_MIN_SKELETON or not skels:
                continue
            for hit, _score, _i in process.extract(prefix + sk, skels, scorer=fuzz.ratio, score_cutoff=ORG_FUZZY, limit=5):
                for eid in self._by_skel[hit]:
                    if other_language(eid) and self._supported(self.entities[eid], context, None):
                        return eid
        return None

    def _match_local(self, local: _Local, context: set[str]) -> str | None:
        if local.place is not None:
            return local.place.id if local.place.id in self.entities else None
        if local.type == "PER":
            return self._match_person(local, context)
        return self._match_phrase(local, context)

    def holder(self, role: tuple[str, ...], country: str) -> str | None:
        """The one person known to hold this title (role words and country), else None."""
        ids = self._by_role.get(_role_key(role, country), set())
        return next(iter(ids)) if len(ids) == 1 else None

    def match(self, mention: Mention, lang: str | None = None, context: Iterable[str] = ()) -> str | None:
        """The id of the known entity ``mention`` refers to, or None (nothing is created)."""
        local = _local_for(mention, lang)
        return self._match_local(local, set(context)) if local is not None else None

    def find(self, name: str) -> list[Entity]:
        """Entities a name (any script, or English) may denote, best first.

        Exact names and aliases first (a KB place by any of its names); else
        the closest by consonant skeleton or English label (rapidfuzz score
        ≥ :data:`FIND_MIN_SCORE`), best score first.
        """
        place = lookup_place(name)
        hits: list[Entity] = []
        if place is not None and place.id in self.entities:
            hits.append(self.entities[place.id])
        key = name_key(name)
        org = find_org(name)
        for e in self.entities.values():
            if e in hits:
                continue
            names = [a for v in e.aliases.values() for a in v] + [e.label] + e.short_forms()
            if org is not None and e.org() is org:
                names.append(name)
            if any(name_key(a) == key for a in names):
                hits.append(e)
        if hits:
            return sorted(hits, key=lambda e: -len(e.mentions))
        if len(key) < FIND_MIN_CHARS:
            return []
        sk = skeleton(name)
        scored: list[tuple[float, Entity]] = []
        for e in self.entities.values():
            forms = [skeleton(k) for k in e.keys] + [skeleton(" ".join(n)) for n in e.names]
            forms += [skeleton(a) for v in e.aliases.values() for a in v]
            forms += [skeleton(w) for v in e.aliases.values() for a in v if " " in a for w in a.split()]  # a surname alone
            best = max((fuzz.ratio(sk, f) for f in forms if f), default=0.0)
            best = best if best >= FIND_SKELETON_MIN else 0.0  # short skeletons meet too easily
            if e.label:  # the whole label, or one of its words ("Smith" finds "X Smith", not "Smithfield")
                words = [name_key(w) for w in e.label.split()] + [name_key(e.label)]
                best = max(best, max(fuzz.ratio(key, w) for w in words))
            if best >= FIND_MIN_SCORE:
                scored.append((best, e))
        scored.sort(key=lambda x: (-x[0], -len(x[1].mentions)))
        return [e for _, e in scored]

    def export(self) -> list[dict[str, Any]]:
        """Every entity as an export record."""
        return [e.record() for e in self.entities.values()]


# -- per-document linking --------------------------------------------------


def _doc_lang(doc: Doc) -> str | None:
    if doc.lang in ("fa", "ar", "en"):
        return doc.lang
    return script_lang(doc.text[:5000])


def _head(m: Mention) -> str:
    return (m.head or m.text or "").strip()


def _local_for(m: Mention, lang: str | None) -> _Local | None:
    """A one-mention local entity (no within-article context)."""
    head = _head(m)
    if not head or m.type not in _GROUP:
        return None
    local = _Local(type=m.type, mentions=[m], lang=lang)
    if m.type in PLACE_TYPES:
        local.place = _place_of(head, lang)
    if m.type in DEMONYM_TYPES:
        iso2 = m.country or demonym_country(head, lang)
        local.place = get_place(f"country:{iso2}") if iso2 else None
        if local.place is None:
            return None
    if m.type == "PER":
        tokens = tuple(person_tokens(head))
        if not tokens:
            return None
        local.names.append(tokens)
    elif local.place is None:
        keys = phrase_keys(head, lang)
        if not keys:
            return None
        local.keys.update(keys)
    return local


def _place_of(head: str, lang: str | None, before: str = "", after: str = "") -> Place | None:
    place = resolve_place(head, lang, before, after)
    if place is None:
        iso2 = demonym_country(head, lang)
        place = get_place(f"country:{iso2}") if iso2 else None
    return place


def _nested(m: Mention, others: list[Mention], text: str) -> bool:
    """True when a person mention is part of a facility/organisation/place name."""
    for o in others:
        if o is not m and o.type != "PER" and o.start <= m.start and m.end <= o.end and (o.start, o.end) != (m.start, m.end):
            return True
    window = text[max(0, m.start - 40) : m.start]
    words = re.split(r"[\s\u200c]+", window.strip())[-3:]
    for i, w in enumerate(words):
        if name_key(w) in _FACILITY_WORDS:
            # «فرودگاه بین‌المللی X»: nothing but words between the facility noun and the name.
            return not any(c in "،,.؛;:()«»\"" for c in " ".join(words[i:]))
    return False


def _two_surnames(tokens: tuple[str, ...], clusters: list[_Local]) -> bool:
    """True when both parts are surnames of two different people named earlier in the article."""

    def owner(part: str) -> _Local | None:
        return next(
            (c for c in clusters if c.full_starts and any(len(n) > 1 and token_similarity(part, n[-1]) >= SURNAME_SAME for n in c.names)),
            None,
        )

    first, last = owner(tokens[0]), owner(tokens[1])
    return first is not None and last is not None and first is not last


def _cluster_people(people: list[Mention], nested: set[int], lang: str | None) -> list[_Local]:
    clusters: list[_Local] = []
    pending: list[tuple[Mention, tuple[str, ...]]] = []
    for m in people:
        tokens = tuple(person_tokens(_head(m)))
        if not tokens:
            continue
        if len(tokens) == 1:
            pending.append((m, tokens))
            continue
        if len(tokens) == 2 and _two_surnames(tokens, clusters):
            continue  # «وشكر X Y»: two people introduced earlier, run together; left unlinked
        home = None
        for c in clusters:
            scored = [_name_score(tokens, n) for n in c.names if len(n) > 1]
            if scored and min(s for s, _ in scored) >= 0 and max(s for s, _ in scored) >= PER_STRONG:
                home = c
                break
        if home is None:
            home = _Local(type="PER", lang=lang)
            clusters.append(home)
        home.mentions.append(m)
        if tokens not in home.names:
            home.names.append(tokens)
        if id(m) not in nested:
            home.full_starts.append(m.start)
    for m, tokens in pending:
        best: tuple[int, int, _Local] | None = None
        for c in clusters:
            if not c.full_starts:
                continue
            if not any(len(n) > 1 and token_similarity(tokens[0], n[-1]) >= SURNAME_SAME for n in c.names):
                continue
            before = [s for s in c.full_starts if s < m.start]
            # nearest preceding full name first; else the nearest following one
            rank = (0, m.start - max(before)) if before else (1, min(c.full_starts) - m.start)
            if best is None or rank < best[:2]:
                best = (*rank, c)
        home = best[2] if best is not None else None
        if home is None:
            home = next((c for c in clusters if tokens in c.names and not c.full_starts), None)
        if home is None:
            home = _Local(type="PER", names=[tokens], lang=lang)
            clusters.append(home)
        home.mentions.append(m)
    return clusters


def _role_key(role: tuple[str, ...], country: str) -> str:
    return f"{country}|{' '.join(role)}"


def _bind_titles(
    doc: Doc, lang: str | None, people: list[_Local], places: list[Mention]
) -> tuple[list[Mention], list[Title]]:
    """Bind apposed titles to people.

    Returns the new mentions for titles written alone that name a person of
    this article, and the titles written alone that name nobody here (with a
    country), for the corpus to resolve.
    """
    owner: dict[int, _Local] = {id(m): c for c in people for m in c.mentions}
    per_mentions = sorted((m for c in people for m in c.mentions), key=lambda m: m.start)
    place_spans = {m.start: (m.end, m.country) for m in places if m.country}
    titles = find_titles(doc.text, lang, {m.start for m in per_mentions}, place_spans)
    bindings: list[tuple[int, tuple[str, ...], str | None, _Local]] = []
    alone: list[Title] = []
    for t in titles:
        # Ties between the name before and the name after: Arabic writes the title
        # first (الرئيس X), Persian after (X، رئیس‌جمهور); a title with a proclitic
        # (بالرئيس) opens a new phrase, so it can only name what follows.
        before_rank, after_rank = (1, 0) if lang == "ar" else (0, 1)
        cands: list[tuple[int, int, Mention]] = []
        for m in per_mentions:
            if m.end <= t.start and APPOSITION_GAP.match(doc.text[m.end : t.start]) and not t.proclitic:
                gap = doc.text[m.end : t.start]
                cands.append((0 if not gap.strip() else 1, before_rank, m))
            elif t.end <= m.start and APPOSITION_GAP.match(doc.text[t.end : m.start]):
                gap = doc.text[t.end : m.start]
                cands.append((0 if not gap.strip() else 1, after_rank, m))
        if not cands:
            alone.append(t)
            continue
        person = owner[id(min(cands, key=lambda x: x[:2])[2])]
        role = t.role
        if t.counterpart:
            prior = [b for b in bindings if b[0] < t.start and b[3] is not person]
            if not prior:
                continue
            role = prior[-1][1]
        if t.country:
            person.countries[t.country] += 1
            person.roles[_role_key(role, t.country)] += 1
        bindings.append((t.start, role, t.country, person))
    added: list[Mention] = []
    unresolved: list[Title] = []
    taken = [(m.start, m.end) for m in per_mentions]
    for t in alone:
        if not t.role or any(s < t.end and t.start < e for s, e in taken) or doc.is_excluded(t.start, t.end):
            continue
        found: list[tuple[int, _Local]] = []
        for pos, role, country, person in bindings:
            n = min(len(role), len(t.role))
            if role[:n] != t.role[:n] or n < 1 or (n == 1 and len(role) != len(t.role)):
                continue
            same_country = country == t.country or (country is None and person.country == t.country)
            if same_country:
                found.append((pos, person))
        people_found = {id(p) for _, p in found}
        if not found:
            if t.country:
                unresolved.append(t)
            continue
        if len(people_found) > 1:
            before = [f for f in found if f[0] < t.start]
            if not before:
                continue
            found = [max(before, key=lambda f: f[0])]
        person = found[-1][1]
        text = doc.text[t.start : t.end]
        # The head is the person's fullest name, so re-linking treats the mention as that name.
        name = max((_head(x) for x in person.mentions if id(x) not in person.titles), key=lambda h: len(person_tokens(h)))
        m = Mention(t.start, t.end, text, "PER", country=t.country, head=name, score=TITLE_MENTION_SCORE)
        person.mentions.append(m)
        person.titles.add(id(m))
        added.append(m)
    return added, unresolved


def _doc_clusters(doc: Doc, lang: str | None) -> tuple[list[_Local], list[Mention], list[Title]]:
    """Group the document's mentions into local entities.

    Also returns the title mentions added, and the titles naming nobody in the article.
    """
    mentions = sorted((m for m in doc.mentions if m.type in _GROUP and _head(m)), key=lambda m: m.start)
    by_place: dict[str, _Local] = {}
    by_key: dict[tuple[str, str], _Local] = {}
    clusters: list[_Local] = []
    places: list[Mention] = []
    people: list[Mention] = []
    described: list[tuple[Mention, tuple[str, ...]]] = []  # "the Kingdom": decided once the article's countries are known

    def add_place(m: Mention, place: Place) -> None:
        m.country = m.country or place.country
        places.append(m)
        c = by_place.get(place.id)
        if c is None:
            c = by_place[place.id] = _Local(type="GPE" if place.kind != "region" else "LOC", place=place)
            clusters.append(c)
        c.mentions.append(m)

    for m in mentions:
        if m.type == "PER":
            people.append(m)
            continue
        head = _head(m)
        window = (doc.text[max(0, m.start - CONTEXT_CHARS) : m.start], doc.text[m.end : m.end + CONTEXT_CHARS])
        place = _place_of(head, lang, *window) if m.type in PLACE_TYPES else None
        if place is None and m.type in STATE_REFERENCE_TYPES and (code := state_epithet(head)):
            place = get_place(f"country:{code}")  # "the Zionist regime": the state it names
        if m.type in DEMONYM_TYPES:
            iso2 = m.country or demonym_country(head, lang)
            place = get_place(f"country:{iso2}") if iso2 else None
            if place is None:
                continue
        if place is not None:
            add_place(m, place)
            continue
        if m.type in STATE_REFERENCE_TYPES and (states := state_candidates(head)):
            described.append((m, states))
            continue
        _add_keyed(m, head, lang, by_key, clusters)
    named = Counter(m.country for m in places if m.country)
    for m, states in described:
        best = sorted(states, key=lambda cc: -named[cc])
        if named[best[0]] > 0 and (len(best) == 1 or named[best[0]] > named[best[1]]):
            place = get_place(f"country:{best[0]}")
            if place is not None:
                add_place(m, place)
                continue
        _add_keyed(m, _head(m), lang, by_key, clusters)
    nested = {id(m) for m in people if _nested(m, mentions, doc.text)}
    persons = _cluster_people(people, nested, lang)
    persons, clusters = _reconcile_types(persons, clusters, by_key, lang)
    added, unresolved = _bind_titles(doc, lang, persons, places)
    return clusters + persons, added, unresolved


def _add_keyed(
    m: Mention, head: str, lang: str | None, by_key: dict[tuple[str, str], _Local], clusters: list[_Local]
) -> None:
    """Put a named organisation or unresolved place with the article's others of the same phrase key."""
    keys = phrase_keys(head, lang)
    if not keys:
        return
    group = _GROUP[m.type]
    # One article spells one name one way: exact keys only (no skeletons) here.
    c = next((by_key[(group, k)] for k in keys if (group, k) in by_key), None)
    if c is None:
        c = _Local(type=m.type, lang=lang)
        clusters.append(c)
    for k in keys:
        by_key.setdefault((group, k), c)
    c.keys.update(keys)
    c.mentions.append(m)
    country = m.country or (compose(head, lang).country if lang in ("fa", "ar") and has_head(head, lang) else None)
    if country:
        c.countries[country] += 1


def _reconcile_types(
    persons: list[_Local], clusters: list[_Local], by_key: dict[tuple[str, str], _Local], lang: str | None
) -> tuple[list[_Local], list[_Local]]:
    """Undo the tagger's type slips on one-word names within an article.

    A one-word "person" spelt exactly like an organisation of the article
    joins it; a one-word "person" that is a demonym links to nothing; a
    one-word "organisation" spelt like the surname of a person named in full
    in the article joins that person.
    """
    kept: list[_Local] = []
    for p in persons:
        single = not p.full_starts and all(len(n) == 1 for n in p.names)
        key = p.names[0][0] if single and p.names else None
        org = by_key.get(("ORG", key)) if key else None
        if org is not None:
            org.mentions.extend(p.mentions)
            continue
        if key and demonym_country(_head(p.mentions[0]), lang):
            continue
        kept.append(p)
    surname_of: dict[str, _Local] = {}
    for p in kept:
        for n in p.names:
            if len(n) > 1 and p.full_starts:
                surname_of.setdefault(n[-1], p)
    others: list[_Local] = []
    for c in clusters:
        if c.type == "ORG" and c.place is None and len(c.keys) == 1:
            person = surname_of.get(next(iter(c.keys)))
            if person is not None and all(len(_head(m).split()) == 1 for m in c.mentions):
                person.mentions.extend(c.mentions)
                continue
        others.append(c)
    return kept, others


def link_document(doc: Doc, index: EntityIndex, article: Any = None) -> Doc:
    """Link ``doc.mentions`` to entities in ``index`` (creating new ones); returns ``doc``.

    Sets ``Mention.entity`` and, where known, ``Mention.country``; appends a
    ``PER`` mention (score :data:`TITLE_MENTION_SCORE`, head = the person's
    fullest name) for each title phrase written alone that names a person the
    article identified by name, or else the one person in the index known to
    hold that title (role and country). ``article`` identifies the
    document in the entities' mention lists (default: ``doc.meta["article_id"]``,
    else the first 16 characters of the content hash).
    """
    if article is None:
        article = doc.meta.get("article_id") or doc.content_hash[:16]
    lang = _doc_lang(doc)
    try:
        found = _doc_clusters(doc, lang)
    except Exception:
        log.exception("entity linking failed on %s", doc.source or article)
        return doc
    return _resolve(doc, index, article, lang, *found)


def _resolve(
    doc: Doc, index: EntityIndex, article: Any, lang: str | None,
    clusters: list[_Local], added: list[Mention], unresolved: list[Title],
) -> Doc:  # fmt: skip
    """Match the article's local entities against ``index`` (the second half of :func:`link_document`)."""
    doc.mentions.extend(added)
    # Places first (deterministic), then organisations, then people, so context grows.
    order = sorted(clusters, key=lambda c: (c.place is None, c.type == "PER"))
    context: set[str] = set()
    resolved: list[tuple[_Local, Entity]] = []
    for c in order:
        eid = _linked_before(c, index, article) or index._match_local(c, context)
        e = index.get(eid) if eid else None
        if e is None:
            e = _new_entity(index, c, lang)
        c.entity = e.id
        context.add(e.id)
        resolved.append((c, e))
    # A title naming nobody in this article names the one person known to hold it.
    for t in unresolved:
        holder = index.get(index.holder(t.role, t.country)) if t.country else None
        if holder is None or holder.id in context:
            continue
        text = doc.text[t.start : t.end]
        name = max(holder.aliases.get(lang or "", []) or [holder.label], key=len)
        m = Mention(t.start, t.end, text, "PER", country=t.country, head=name, score=TITLE_MENTION_SCORE)
        c = _Local(type="PER", mentions=[m], lang=lang)
        c.titles.add(id(m))
        doc.mentions.append(m)
        context.add(holder.id)
        resolved.append((c, holder))
    seen_refs = {(e.id, m["article"], m["start"], m["end"]) for _, e in resolved for m in e.mentions}
    for c, e in resolved:
        if _absorb(e, c, lang, article, seen_refs):  # counted once per article, not per pass
            e.neighbors.update(x for x in sorted(context) if x != e.id)  # sorted: ties break the same every run
        index.add_entity(e)
    for c, e in resolved:
        if e.place:
            e.refresh_label()
        elif not e.label:  # provisional (dictionary + rules); record() and row() refine it
            names = e.aliases.get("fa", []) + e.aliases.get("ar", []) + e.aliases.get("en", [])
            e.label = romanize(max(names, key=len)) if names else e.id
        if e.type == "PER" and e.countries:
            e.country = e.countries.most_common(1)[0][0]
        for m in c.mentions:
            m.entity = e.id
            if m.country is None and e.country and m.type == "PER":
                m.country = e.country
    return doc


def _new_entity(index: EntityIndex, c: _Local, lang: str | None) -> Entity:
    if c.place is not None:
        p = c.place
        e = Entity(id=p.id, type="GPE" if p.kind != "region" else "LOC", label=p.label, country=p.country, place=p.id)
        for lg, names in p.names.items():
            if lg == "en":
                e.add_alias("en", names)
        return e
    surface = max((_head(m) for m in c.mentions if id(m) not in c.titles), key=len, default="")
    etype = Counter(m.type for m in c.mentions).most_common(1)[0][0]
    return Entity(id=index.new_id(etype, surface or "x"), type=etype)


def _linked_before(c: _Local, index: EntityIndex, article: Any) -> str | None:
    """The entity this index already linked the cluster's mentions of ``article`` to, if one.

    Linking an article the index has seen again (same mentions, same entity
    ids) keeps its entities: the article's own entities would otherwise be
    extra candidates for its one-word names and make them ambiguous.
    """
    prior = {m.entity for m in c.mentions if m.entity}
    if len(prior) != 1:
        return None
    e = index.get(next(iter(prior)))
    if e is None or e.group != c.group:
        return None
    spans = {(m.start, m.end) for m in c.mentions if m.entity == e.id}
    return e.id if any(r["article"] == article and (r["start"], r["end"]) in spans for r in e.mentions) else None


def _absorb(e: Entity, c: _Local, lang: str | None, article: Any, seen: set[tuple[Any, ...]]) -> bool:
    """Add the cluster's mentions and names to ``e``; False when every mention was already there."""
    new = False
    for m in c.mentions:
        ref = (e.id, article, m.start, m.end)
        if ref not in seen:
            seen.add(ref)
            new = True
            e.mentions.append({"article": article, "start": m.start, "end": m.end, "text": m.text})
        if id(m) in c.titles:
            continue  # a title phrase is not an alias
        alias = _head(m)
        if c.place is not None:
            # A demonym («الإسبانية») refers to the country but is not its name;
            # a clitic form («لإسبانيا») is filed as the name the KB knows.
            form = None if m.type in DEMONYM_TYPES else name_form(alias, lang)
            if form is None or lookup_place(form, lang) != c.place:
                continue
            alias = form
        alias_lang = lang if lang in ("fa", "ar", "en") else (script_lang(alias) or "en")
        e.add_alias(alias_lang, alias)
    for n in c.names:
        if n not in e.names:
            e.names.append(n)
    e.keys |= c.keys
    if new:
        e.countries.update(c.countries)
        e.roles.update(c.roles)
    if c.place is None and e.country is None and c.country:
        e.country = c.country
    return new


def link_documents(docs: Iterable[Doc], index: EntityIndex | None = None) -> EntityIndex:
    """Link a batch of documents (numbered from 1 unless ``doc.meta["article_id"]``)."""
    index = index if index is not None else EntityIndex()
    for number, doc in enumerate(docs, 1):
        link_document(doc, index, article=doc.meta.get("article_id") or number)
    return index


# -- the store's tables ----------------------------------------------------


@dataclass(slots=True)
class LinkReport:
    """What :func:`link_store` did."""

    articles: int = 0
    mentions: int = 0
    entities: int = 0
    new_entities: int = 0
    title_mentions: int = 0
    labelled: int = 0  # labels computed (:func:`relabel`)
    failed: list[tuple[int, str]] = field(default_factory=list)


def load_index(store: Any) -> EntityIndex:
    """The index of every entity in a :class:`rasad.store.Store`, with its mentions."""
    from sqlalchemy import select

    from rasad.store import models as sm

    index = EntityIndex()
    with store.session() as session:
        for row in session.scalars(select(sm.Entity).order_by(sm.Entity.id)):
            index.add_entity(
                Entity.from_row(
                    {"id": row.id, "label": row.label, "type": row.type, "country": row.country,
                     "aliases": row.aliases, "extra": row.extra}
                )
            )  # fmt: skip
        query = select(sm.Mention).where(sm.Mention.entity_id.is_not(None)).order_by(sm.Mention.article_id, sm.Mention.start)
        for mention in session.scalars(query):
            e = index.get(mention.entity_id or "")
            if e is not None:
                e.mentions.append(
                    {"article": mention.article_id, "start": mention.start, "end": mention.end, "text": mention.text}
                )
    return index


def save_index(store: Any, index: EntityIndex, ids: Iterable[str] | None = None) -> int:
    """Write entities (all, or those in ``ids``) to the store's ``entity`` table; returns how many."""
    from rasad.store import models as sm

    wanted = list(index.entities) if ids is None else [i for i in ids if i in index.entities]
    with store.session() as session:
        for eid in wanted:
            session.merge(sm.Entity(**index.entities[eid].row()))
        session.commit()
    return len(wanted)


def _pending_articles(store: Any, relink: bool) -> list[int]:
    """Articles with a mention :func:`link_store` has not yet considered (with ``relink``: any unlinked mention)."""
    from sqlalchemy import select

    from rasad.store import models as sm

    with store.session() as session:
        pending: dict[int, set[int]] = {}
        for aid, mid in session.execute(select(sm.Mention.article_id, sm.Mention.id).where(sm.Mention.entity_id.is_(None))):
            pending.setdefault(aid, set()).add(mid)
        ids = sorted(pending)
        if relink:
            return ids
        todo: list[int] = []
        for i in range(0, len(ids), _ID_CHUNK):
            query = select(sm.Article.id, sm.Article.meta).where(sm.Article.id.in_(ids[i : i + _ID_CHUNK]))
            for aid, meta in session.execute(query):
                if not pending[aid] <= set((meta or {}).get(UNLINKED_KEY) or ()):
                    todo.append(aid)
    return sorted(todo)


def label_words(entities: Iterable[Entity]) -> Iterator[tuple[str, str | None]]:
    """(word, country hint) of every word the entities' labels romanise (for :func:`~rasad.link.names.prefetch`)."""
    for e in entities:
        for lang in ("fa", "ar"):
            for alias in e.aliases.get(lang, []):
                country = name_country(alias, lang, e.country)
                for word in name_words(alias):
                    yield word, country


def relabel(store: Any, index: EntityIndex, ids: Iterable[str]) -> int:
    """Compute the English labels of the entities ``ids`` whose inputs changed, and store them.

    The words of their Persian and Arabic names are romanised in batches
    first (:func:`rasad.link.names.prefetch`): labelling a store's entities one
    word at a time spent most of linking in the romaniser's beam search.
    Returns how many labels were computed.
    """
    from rasad.link.names import prefetch
    from rasad.store import models as sm

    stale = [index.entities[i] for i in dict.fromkeys(ids) if i in index.entities and index.entities[i].label_stale()]
    if not stale:
        return 0
    prefetch(label_words(stale))
    from sqlalchemy import update

    with store.session() as session:  # the rows exist (linking stored them): one bulk UPDATE by id
        session.execute(update(sm.Entity), [e.row() for e in stale])
        session.commit()
    return len(stale)


def _link_article(store: Any, index: EntityIndex, aid: int, touched: set[str] | None = None) -> tuple[int, int] | None:
    """Link one stored article in one transaction; (mentions read, title mentions added), None if it is gone.

    Records in ``article.meta`` (:data:`UNLINKED_KEY`) which mentions were
    considered and left unlinked, so that later runs skip the article. With
    ``touched``, entity rows are written with their provisional labels and
    their ids added to it (for :func:`relabel`); without, labels are computed here.
    """
    from sqlalchemy import select

    from rasad.store import models as sm

    with store.session() as session:
        article = session.get(sm.Article, aid)
        if article is None:
            return None
        rows = list(session.scalars(select(sm.Mention).where(sm.Mention.article_id == aid).order_by(sm.Mention.start, sm.Mention.id)))
        doc = Doc(
            text=article.text,
            lang=article.lang,
            mentions=[Mention(r.start, r.end, r.text, r.type or "", r.entity_id, r.country, r.head, r.score) for r in rows],
        )
        # Unlike link_document, a failure propagates: the article is reported and left unmarked.
        lang = _doc_lang(doc)
        _resolve(doc, index, aid, lang, *_doc_clusters(doc, lang))
        for row, mention in zip(rows, doc.mentions, strict=False):
            row.entity_id, row.country = mention.entity, mention.country
        extra = [
            sm.Mention(
                article_id=aid, start=m.start, end=m.end, text=m.text, type=m.type, entity_id=m.entity,
                head=m.head, country=m.country, score=m.score,
            )
            for m in doc.mentions[len(rows) :]
        ]  # fmt: skip
        session.add_all(extra)
        session.flush()
        left = sorted(r.id for r in [*rows, *extra] if r.entity_id is None)
        meta = {k: v for k, v in (article.meta or {}).items() if k != UNLINKED_KEY}
        article.meta = {**meta, UNLINKED_KEY: left} if left else meta  # a new dict: JSON columns track assignment
        linked = {m.entity for m in doc.mentions if m.entity}
        for eid in linked:
            session.merge(sm.Entity(**index.entities[eid].row(label=touched is None)))
        session.commit()
    if touched is not None:
        touched.update(linked)  # stored: relabel() may update their rows
    return len(rows), len(extra)


def link_store(
    store: Any, index: EntityIndex | None = None, relink: bool = False, progress: Progress | None = None
) -> LinkReport:
    """Link the stored articles' mentions not considered yet, incrementally and idempotently.

    Entities already in the store are loaded first, so new articles join
    them. Each article is linked once: the mentions it leaves unlinked are
    recorded (``article.meta[UNLINKED_KEY]``), so a second run with nothing
    new reads nothing and changes nothing. With ``relink`` the entity table is
    emptied and every mention is linked again from scratch (after a threshold
    change, say). Each article is one transaction; an article that fails is
    logged, reported and skipped (and tried again next time). ``progress``
    hears "linking entities" per article (:mod:`rasad.progress`).
    """
    from sqlalchemy import delete, func, select, update

    from rasad.store import models as sm

    if relink:
        with store.session() as session:
            session.execute(delete(sm.Entity))
            session.execute(update(sm.Mention).values(entity_id=None))
            session.commit()
        index = EntityIndex()
    report = LinkReport()
    article_ids = _pending_articles(store, relink)
    if not article_ids and index is None:  # nothing to do: spare loading the index
        with store.session() as session:
            report.entities = session.scalar(select(func.count()).select_from(sm.Entity)) or 0
        return report
    index = index if index is not None else load_index(store)
    before = set(index.entities)
    touched: set[str] = set()
    for aid in tracked(article_ids, "linking entities", progress):
        try:
            done = _link_article(store, index, aid, touched)
        except Exception as exc:
            log.warning("entity linking: article %s failed: %s", aid, exc)
            report.failed.append((aid, f"{type(exc).__name__}: {exc}"))
            continue
        if done is not None:
            report.articles += 1
            report.mentions += done[0]
            report.title_mentions += done[1]
    if progress is not None:
        progress("labelling entities", 0, None)
    report.labelled = relabel(store, index, sorted(touched))
    if progress is not None:
        progress("labelling entities", report.labelled, report.labelled)
    report.entities = len(index)
    report.new_entities = len(set(index.entities) - before)
    return report


#: Entity ids per query when :func:`list_entities` reads a page's articles.
_PAGE_CHUNK = 500


def list_entities(
    store: Any, etype: str | None = None, lang: str | None = None, limit: int | None = None, offset: int = 0, top: int = 5
) -> tuple[int, list[dict[str, Any]]]:
    """(how many match, one page of them): stored entities, most mentioned first, as :func:`describe` gives them.

    Read with a few queries over the ``entity`` and ``mention`` tables and the
    stored labels (nothing is romanised, no index is built); ``etype`` and
    ``lang`` (entities named in that language) filter, ``limit``/``offset`` page.
    """
    from sqlalchemy import func, select

    from rasad.store import models as sm

    with store.session() as session:
        counts = dict(
            session.execute(
                select(sm.Mention.entity_id, func.count()).where(sm.Mention.entity_id.is_not(None)).group_by(sm.Mention.entity_id)
            ).all()
        )
        query = select(sm.Entity.id, sm.Entity.label, sm.Entity.type, sm.Entity.country, sm.Entity.aliases, sm.Entity.extra)
        rows = session.execute(query.order_by(sm.Entity.id)).all()
        labels = {r.id: (r.label or r.id, r.type) for r in rows}
        chosen = [
            r for r in rows
            if (etype is None or r.type == etype) and (lang is None or (r.aliases or {}).get(lang))
        ]  # fmt: skip
        chosen.sort(key=lambda r: (-counts.get(r.id, 0), r.label or "", r.id))
        page = chosen[offset : None if limit is None else offset + limit]
        articles: dict[str, list[Any]] = {r.id: [] for r in page}
        ids = list(articles)
        for i in range(0, len(ids), _PAGE_CHUNK):
            pairs = session.execute(
                select(sm.Mention.entity_id, sm.Mention.article_id, func.min(sm.Mention.start))
                .where(sm.Mention.entity_id.in_(ids[i : i + _PAGE_CHUNK]))
                .group_by(sm.Mention.entity_id, sm.Mention.article_id)
                .order_by(sm.Mention.entity_id, sm.Mention.article_id)
            )  # fmt: skip
            for eid, aid, _first in pairs:
                articles[eid].append(aid)
    out = []
    for r in page:
        aliases = r.aliases or {}
        neighbors = Counter((r.extra or {}).get("neighbors") or {})
        out.append({
            "id": r.id, "label": r.label or r.id, "type": r.type, "country": r.country,
            "aliases": {lg: list(aliases.get(lg, [])) for lg in ("fa", "ar", "en")},
            "mention_count": counts.get(r.id, 0), "articles": articles[r.id],
            "cooccurs": [
                {"id": eid, "label": labels[eid][0], "type": labels[eid][1], "articles": n}
                for eid, n in neighbors.most_common() if eid in labels
            ][:top],
        })  # fmt: skip
    return len(chosen), out


def describe(index: EntityIndex, entity: Entity, top: int = 10) -> dict[str, Any]:
    """An entity's record without mentions, plus its articles and the entities it co-occurs with."""
    record = entity.record()
    record["mention_count"] = len(record.pop("mentions"))
    record["articles"] = entity.articles
    record["cooccurs"] = [
        {"id": eid, "label": other.label, "type": other.type, "articles": n}
        for eid, n in entity.neighbors.most_common()
        if (other := index.get(eid)) is not None
    ][:top]
    return record
