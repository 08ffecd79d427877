"""The :class:`Store`: articles and their facts in a SQL database.

One :meth:`Store.add_doc` call is one transaction: the article row, its LSH
band rows and every per-document fact go in together or not at all, so a run
killed mid-way leaves a consistent database and re-running completes it.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, text, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from rasad.doc import Doc
from rasad.link import dedup
from rasad.store import models as m
from rasad.store.convert import DocRows, Prepared, attach, body_key, rows_from_doc
from rasad.store.db import open_engine, resolve_url
from rasad.store.search import Hit, make_snippet, parse_query

log = logging.getLogger(__name__)

#: Rows fetched per batch when iterating over many articles.
ITER_BATCH = 500
#: On PostgreSQL, matches ranked per search: the newest ones. ts_rank reads each match's whole
#: tsvector; on 31,826 articles ranking every match took p95 110 ms, this many 80 ms
#: (300: 69 ms, 100: 51 ms; ``benchmarks/search_scale.py``).
PG_RANK_CANDIDATES = 1000

_ARTICLE = m.Article.__table__
_BANDS = m.DedupBand.__table__
# Statements of the ingest path, built once: building them per document (with 32
# bucket literals) cost more than running them.
_FIND_HASH = select(_ARTICLE.c.id).where(_ARTICLE.c.content_hash == bindparam("content_hash"))
#: Near-duplicate candidates read per LSH bucket: the earliest stored articles in it.
#: Bounds the work per new article: a bucket that every article shares (a template,
#: boilerplate) would otherwise make each ingest compare against the whole corpus.
NEAR_DUP_CANDIDATES_PER_BUCKET = 8


@functools.cache
def _find_buckets(count: int) -> Any:
    """A query for the earliest :data:`NEAR_DUP_CANDIDATES_PER_BUCKET` articles of each of ``count`` buckets."""
    parts = [
        select(_BANDS.c.article_id).where(_BANDS.c.bucket == bindparam(f"b{i}"))
        .order_by(_BANDS.c.id).limit(NEAR_DUP_CANDIDATES_PER_BUCKET).subquery()
        for i in range(count)
    ]  # fmt: skip
    return union_all(*(select(part.c.article_id) for part in parts))
_SIGNATURES = select(_ARTICLE.c.id, _ARTICLE.c.minhash, _ARTICLE.c.duplicate_of).where(
    _ARTICLE.c.id.in_(bindparam("ids", expanding=True))
)
_INSERT_ARTICLE = insert(_ARTICLE)
_INSERT_BANDS = insert(_BANDS)


def _values(row: Any) -> dict[str, Any]:
    """The column values of an unsaved ORM row, for a Core insert.

    Every column but the key is given (None where the row has nothing), so that
    rows of one table share their keys in an executemany; Python-side column
    defaults apply where the value is None and the column has one.
    """
    values: dict[str, Any] = {}
    for column in row.__table__.columns:
        if column.primary_key:
            continue
        value = getattr(row, column.key, None)
        if value is None and column.default is not None:
            default = column.default.arg
            value = default(None) if callable(default) else default
        values[column.name] = value
    return values


#: What a NUL character in a text column becomes on PostgreSQL, which cannot store NUL in text:
#: U+FFFD, one character for one, so that every offset into the text still holds.
PG_NUL_REPLACEMENT = "\ufffd"


def _pg_text(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` with NUL characters in its strings replaced (:data:`PG_NUL_REPLACEMENT`)."""
    for key, value in values.items():
        if isinstance(value, str) and "\x00" in value:
            values[key] = value.replace("\x00", PG_NUL_REPLACEMENT)
    return values


@dataclass(slots=True)
class AddResult:
    """What :meth:`Store.add_doc` did with a document."""

    status: str  # "ingested" | "duplicate"
    id: int
    #: For a near-duplicate: the earlier article it repeats; for an exact duplicate: the stored copy.
    duplicate_of: int | None = None
    score: float | None = None

    @property
    def near_duplicate(self) -> bool:
        """True when the document was stored and linked to an earlier near-identical one."""
        return self.status == "ingested" and self.duplicate_of is not None


class Store:
    """A rasad database: open with a SQLAlchemy URL (default ``sqlite:///rasad.db``)."""

    def __init__(self, url: str | None = None, *, near_duplicates: bool = True) -> None:
        self.url = resolve_url(url)
        self.engine = open_engine(self.url)
        self.near_duplicates = near_duplicates
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._writers: list[Connection] = []

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the database connections."""
        with self._lock:
            writers, self._writers = self._writers, []
        for conn in writers:
            conn.close()
        self.engine.dispose()

    def _writer(self) -> Connection:
        """This thread's connection for writes, kept open between documents.

        Checking a connection out of the pool for every document costs as
        much as writing a short article.
        """
        conn: Connection | None = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            conn = self.engine.connect()
            self._local.conn = conn
            with self._lock:
                self._writers.append(conn)
        return conn

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for reads, or for writes that the caller commits."""
        with self._sessions() as session:
            yield session

    @property
    def dialect(self) -> str:
        """The database dialect name (``sqlite``, ``postgresql`` ...)."""
        return self.engine.dialect.name

    @contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        """Hold the database-wide lock ``name`` while the block runs (one holder at a time).

        On PostgreSQL a session advisory lock, held on a connection of its own
        (so the block's transactions commit freely) and released when the block
        ends or the process dies; a second process waits for it. On SQLite,
        nothing: its writers already take turns on the file.
        """
        if self.dialect != "postgresql":
            yield
            return
        key = int.from_bytes(hashlib.blake2b(f"rasad:{name}".encode(), digest_size=8).digest(), "big", signed=True)
        with self.engine.connect() as conn:
            if not conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar():
                log.info("waiting for another process's %s", name)
                conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
            conn.commit()  # the lock belongs to the session: no transaction stays open
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                conn.commit()

    # -- writing -----------------------------------------------------------

    def add_doc(self, doc: Doc, prepared: Prepared | None = None) -> AddResult:
        """Save ``doc`` and all its per-document facts in one transaction.

        Exact duplicates (same content hash) are not stored again: the result
        is ``duplicate`` with the id of the stored copy. A near-duplicate is
        stored with ``duplicate_of`` set to the earlier article. Writes go
        through SQLAlchemy Core (no ORM unit of work): ingest speed matters.
        ``prepared`` (:func:`rasad.store.convert.prepare`, e.g. from a worker
        process) saves recomputing the search key and the signature here.
        """
        rows = rows_from_doc(doc, prepared.folded if prepared is not None else None)
        content_hash = rows.article.content_hash
        conn = self._writer()
        try:
            with conn.begin():
                existing = self._find_hash(conn, content_hash)
                if existing is not None:
                    return AddResult("duplicate", existing, existing)
                sig = None
                if self.near_duplicates and prepared is not None:
                    sig = dedup.from_bytes(prepared.minhash) if prepared.minhash else None
                elif self.near_duplicates:
                    sig = dedup.signature(body_key(rows.article.folded), folded=True)
                buckets = dedup.buckets(sig) if sig is not None else []
                if sig is not None:
                    rows.article.minhash = dedup.to_bytes(sig)
                    match = self._nearest(conn, sig, buckets)
                    if match is not None:
                        rows.article.duplicate_of, rows.article.duplicate_score = match
                article_id = self._insert(conn, rows, buckets)
        except IntegrityError:
            # Another writer stored the same text between our check and insert.
            with conn.begin():
                existing = self._find_hash(conn, content_hash)
            if existing is None:
                raise
            log.debug("article %s: stored meanwhile by another writer (%s)", existing, content_hash)
            return AddResult("duplicate", existing, existing)
        return AddResult("ingested", article_id, rows.article.duplicate_of, rows.article.duplicate_score)

    @staticmethod
    def _find_hash(conn: Connection, content_hash: str) -> int | None:
        return conn.execute(_FIND_HASH, {"content_hash": content_hash}).scalar()

    @staticmethod
    def _insert(conn: Connection, rows: DocRows, buckets: list[int]) -> int:
        values = _pg_text if conn.dialect.name == "postgresql" else lambda v: v
        result = conn.execute(_INSERT_ARTICLE, values(_values(rows.article)))
        article_id = int(result.inserted_primary_key[0])
        attach(rows, article_id)
        for group in (rows.mentions, rows.times, rows.events, rows.quotes, rows.claims):
            if group:
                conn.execute(insert(type(group[0]).__table__), [values(_values(row)) for row in group])
        if buckets:
            conn.execute(_INSERT_BANDS, [{"bucket": b, "article_id": article_id} for b in buckets])
        return article_id

    @staticmethod
    def _nearest(conn: Connection, sig: Any, buckets: list[int]) -> tuple[int, float] | None:
        """The earliest stored article whose similarity reaches the threshold."""
        query = _find_buckets(len(buckets))
        candidates = set(conn.execute(query, {f"b{i}": b for i, b in enumerate(buckets)}).scalars())
        if not candidates:
            return None
        found: list[tuple[int, float, int | None]] = []
        for article_id, blob, root in conn.execute(_SIGNATURES, {"ids": sorted(candidates)}):
            score = dedup.similarity(sig, dedup.from_bytes(blob))
            if dedup.is_near_duplicate(score):
                found.append((article_id, score, root))
        if not found:
            return None
        article_id, score, root = min(found, key=lambda f: f[0])
        return (root or article_id), score

    # -- reading -----------------------------------------------------------

    def get_article(self, article_id: int) -> m.Article | None:
        """The article row with this id, or None."""
        with self._sessions() as session:
            return session.get(m.Article, article_id)

    def facts(self, article_id: int) -> dict[str, list[Any]]:
        """Every fact row of one article, by list name."""
        with self._sessions() as session:
            return {
                name: list(session.scalars(select(model).where(model.article_id == article_id).order_by(model.id)))
                for name, model in (
                    ("mentions", m.Mention), ("times", m.TimeExpr), ("events", m.Event),
                    ("quotes", m.Quote), ("claims", m.Claim),
                )
            }  # fmt: skip

    def iter_rows(self, model: type[Any]) -> Iterator[Any]:
        """Every row of one table, by id, in batches (constant memory)."""
        last: Any = None
        key = model.id
        while True:
            with self._sessions() as session:
                query = select(model).order_by(key).limit(ITER_BATCH)
                if last is not None:
                    query = query.where(key > last)
                batch = list(session.scalars(query))
            if not batch:
                return
            yield from batch
            last = batch[-1].id

    def count(self, model: type[Any] = m.Article) -> int:
        """How many rows a table holds (articles by default)."""
        with self._sessions() as session:
            return session.scalar(select(func.count()).select_from(model)) or 0

    def stats(self) -> dict[str, Any]:
        """Counts of articles (by language), near-duplicates and every fact table.

        ``events`` counts merged events (the corpus step's), ``event_reports`` the per-article reports.
        """
        with self._sessions() as session:
            by_lang = Counter(
                {
                    (lang or "?"): n
                    for lang, n in session.execute(
                        select(m.Article.lang, func.count()).group_by(m.Article.lang)
                    )
                }
            )
            near = session.scalar(
                select(func.count()).select_from(m.Article).where(m.Article.duplicate_of.is_not(None))
            )
            tables = {
                name: session.scalar(select(func.count()).select_from(model)) or 0
                for name, model in (
                    ("entities", m.Entity), ("mentions", m.Mention), ("times", m.TimeExpr),
                    ("events", m.Event), ("quotes", m.Quote), ("claims", m.Claim),
                    ("contradictions", m.Contradiction), ("stories", m.Story),
                )
            }  # fmt: skip
            # merged events (no article, written by the corpus step) vs per-article reports
            reports = session.scalar(
                select(func.count()).select_from(m.Event).where(m.Event.article_id.is_not(None))
            ) or 0
            tables["events"] -= reports
            tables["event_reports"] = reports
        return {
            "articles": sum(by_lang.values()),
            "by_lang": dict(by_lang.most_common()),
            "near_duplicates": near or 0,
            **tables,
        }

    # -- search ------------------------------------------------------------

    def search(self, query: str, lang: str | None = None, limit: int = 20) -> list[Hit]:
        """Ranked articles matching every word of ``query`` (folded), with snippets.

        ``"quoted words"`` match as a phrase, ``word*`` as a prefix. On SQLite
        the FTS5 index ranks by BM25; on PostgreSQL the ``tsvector`` column's
        GIN index finds the articles and ``ts_rank`` ranks the newest
        :data:`PG_RANK_CANDIDATES` of them (ties by id);
        on any other database a LIKE scan over the folded column ranks by the
        number of occurrences.
        """
        terms = parse_query(query)
        if not terms or limit <= 0:
            return []
        with self._sessions() as session:
            if self.dialect == "sqlite":
                ranked = self._search_fts5(session, terms, lang, limit)
            elif self.dialect == "postgresql":
                ranked = self._search_tsvector(session, terms, lang, limit)
            else:
                ranked = self._search_like(session, terms, lang, limit)
            hits = []
            for article_id, score in ranked:
                row = session.get(m.Article, article_id)
                if row is None:
                    continue
                snippet, marks, offset = make_snippet(row.text, terms, row.excluded or ())
                hits.append(
                    Hit(
                        article_id=row.id, title=row.title, lang=row.lang, source=row.source,
                        score=score, snippet=snippet, marks=marks, offset=offset,
                        duplicate_of=row.duplicate_of,
                    )
                )  # fmt: skip
        return hits

    @staticmethod
    def _ranked(
        session: Session, matched: str, order_by: str, query: str, lang: str | None, limit: int, **extra: Any
    ) -> list[tuple[int, float]]:
        """(article id, score) of a full-text ``matched`` SELECT (``:q`` is ``query``), in one language if given."""
        sql = matched + (" AND a.lang = :lang" if lang else "") + f" ORDER BY {order_by} LIMIT :limit"
        params: dict[str, Any] = {"q": query, "limit": limit, **extra}
        if lang:
            params["lang"] = lang
        return [(int(r[0]), float(r[1])) for r in session.execute(text(sql), params)]

    @staticmethod
    def _search_fts5(session: Session, terms: list[Any], lang: str | None, limit: int) -> list[tuple[int, float]]:
        from rasad.store.search import fts5_query

        matched = (
            "SELECT a.id, -bm25(article_fts) AS score FROM article_fts "
            "JOIN article a ON a.id = article_fts.rowid WHERE article_fts MATCH :q"
        )
        return Store._ranked(session, matched, "bm25(article_fts)", fts5_query(terms), lang, limit)

    @staticmethod
    def _search_tsvector(session: Session, terms: list[Any], lang: str | None, limit: int) -> list[tuple[int, float]]:
        from rasad.store.search import pg_tsquery

        # ts_rank reads each match's whole tsvector: only the newest PG_RANK_CANDIDATES matches are ranked
        candidates = (
            "SELECT id FROM article WHERE search_vector @@ to_tsquery('simple', :q)"
            + (" AND lang = :lang" if lang else "")
            + " ORDER BY id DESC LIMIT :cap"
        )
        matched = (
            f"SELECT a.id, ts_rank(a.search_vector, q) AS score FROM ({candidates}) c "
            "JOIN article a ON a.id = c.id, to_tsquery('simple', :q) AS q WHERE TRUE"
        )
        return Store._ranked(session, matched, "score DESC, a.id", pg_tsquery(terms), lang, limit, cap=PG_RANK_CANDIDATES)

    @staticmethod
    def _search_like(session: Session, terms: list[Any], lang: str | None, limit: int) -> list[tuple[int, float]]:
        query = select(m.Article.id, m.Article.folded)
        for term in terms:
            escaped = term.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.where(m.Article.folded.like(f"%{escaped}%", escape="\\"))
        if lang:
            query = query.where(m.Article.lang == lang)
        scored = [
            (article_id, float(sum(folded.count(t.text) for t in terms)))
            for article_id, folded in session.execute(query)
        ]
        scored.sort(key=lambda x: (-x[1], x[0]))
        return scored[:limit]
