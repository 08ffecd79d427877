"""Turn a :class:`~rasad.doc.Doc` into (unsaved) store rows.

The same rows serve :meth:`rasad.store.Store.add_doc`, which saves them, and
``rasad analyze``, which exports them without a database, so both print the
same structure.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from rasad.doc import Doc
from rasad.link import dedup
from rasad.link.dedup import body_text
from rasad.store import models as m
from rasad.text.fold import fold

_EVENT_FIELDS = ("type", "mode", "context", "modality", "actors", "recipients", "location", "date", "sources", "english")
_QUOTE_FIELDS = ("speaker", "start", "end", "text", "cue", "same_as", "english")
_CLAIM_FIELDS = ("subjects", "value", "unit", "comparator", "time", "start", "end", "text", "english")
_LIST_DEFAULTS = {"context": [], "actors": [], "recipients": [], "sources": [], "subjects": []}


@dataclass
class DocRows:
    """An article row and the rows of its per-document facts."""

    article: m.Article
    mentions: list[m.Mention] = field(default_factory=list)
    times: list[m.TimeExpr] = field(default_factory=list)
    events: list[m.Event] = field(default_factory=list)
    quotes: list[m.Quote] = field(default_factory=list)
    claims: list[m.Claim] = field(default_factory=list)

    def facts(self) -> list[Any]:
        """Every fact row, in a fixed order."""
        return [*self.mentions, *self.times, *self.events, *self.quotes, *self.claims]


def search_key(doc: Doc) -> str:
    """The folded text the full-text index holds: the title, a newline, the body.

    The body is the text without its excluded (boilerplate) spans, so page
    furniture is not searchable. Folding subsumes the normalisation (letter
    variants, digits, marks, ZWNJ), so folding the original text gives the
    same key as folding the normalised one, and :func:`body_key` can reuse it.
    """
    return f"{fold(doc.title or '')}\n{fold(body_text(doc.text, doc.excluded))}"


def body_key(folded: str) -> str:
    """The folded body part of a :func:`search_key` (fold never leaves a newline)."""
    return folded.split("\n", 1)[1] if "\n" in folded else folded


@dataclass(frozen=True, slots=True)
class Prepared:
    """The CPU-heavy, database-free part of saving a document: its search key
    and its MinHash signature. :func:`prepare` can run in a worker process so
    that the process writing to the store only writes."""

    folded: str
    minhash: bytes | None


def prepare(doc: Doc) -> Prepared:
    """Fold ``doc`` for the search index and sign it for near-duplicate lookup."""
    folded = search_key(doc)
    sig = dedup.signature(body_key(folded), folded=True)
    return Prepared(folded, dedup.to_bytes(sig) if sig is not None else None)


def _split(record: dict[str, Any], names: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, Any]]:
    known = {name: record.get(name, _LIST_DEFAULTS.get(name)) for name in names}
    extra = {k: v for k, v in record.items() if k not in names and k not in ("id", "article")}
    return known, extra


def _renamed(values: dict[str, Any], **names: str) -> dict[str, Any]:
    return {names.get(k, k): v for k, v in values.items()}


def rows_from_doc(doc: Doc, folded: str | None = None) -> DocRows:
    """Unsaved rows for ``doc``; fact rows get their ``article_id`` on save.

    ``folded`` is the document's :func:`search_key` when already computed."""
    article = m.Article(
        content_hash=doc.content_hash,
        source=doc.source or "",
        url=doc.url,
        title=doc.title,
        lang=doc.lang,
        outlet=doc.outlet,
        author=doc.author,
        date_raw=doc.date_raw,
        text=doc.text,
        norm=doc.norm,
        folded=search_key(doc) if folded is None else folded,
        date=asdict(doc.date) if doc.date is not None else None,
        excluded=[[int(s), int(e), str(kind)] for s, e, kind in doc.excluded],
        sentences=[[s.start, s.end, s.lang] for s in doc.sentences],
        meta=dict(doc.meta),
    )
    rows = DocRows(article=article)
    rows.mentions = [m.Mention(**_renamed(asdict(x), entity="entity_id")) for x in doc.mentions]
    rows.times = [m.TimeExpr(**asdict(t)) for t in doc.times]
    for record in doc.events:
        known, extra = _split(record, _EVENT_FIELDS)
        rows.events.append(m.Event(**known, extra=extra))
    for record in doc.quotes:
        known, extra = _split(record, _QUOTE_FIELDS)
        rows.quotes.append(m.Quote(**known, extra=extra))
    for record in doc.claims:
        known, extra = _split(record, _CLAIM_FIELDS)
        rows.claims.append(m.Claim(**known, extra=extra))
    return rows


def attach(rows: DocRows, article_id: int) -> None:
    """Point every fact row (and event source without an article) at ``article_id``."""
    for row in rows.facts():
        row.article_id = article_id
    for event in rows.events:
        event.sources = [
            {**src, "article": article_id if src.get("article") is None else src["article"]}
            if isinstance(src, dict)
            else src
            for src in (event.sources or [])
        ]
