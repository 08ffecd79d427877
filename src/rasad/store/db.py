"""Engine creation and schema migration for the rasad store.

``open_engine(url)`` returns an engine with the SQLite pragmas set (WAL,
foreign keys, busy timeout) and the schema migrated to the newest revision
with the Alembic migrations shipped inside the package.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

log = logging.getLogger(__name__)

#: The database used when neither ``--db`` nor ``RASAD_DB`` names one.
DEFAULT_URL = "sqlite:///rasad.db"
#: Environment variable that names the database URL.
ENV_VAR = "RASAD_DB"
#: How long (ms) a SQLite connection waits for a lock held by another writer.
SQLITE_BUSY_TIMEOUT_MS = 30_000

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def resolve_url(url: str | None = None) -> str:
    """The database URL: the one given, else ``$RASAD_DB``, else :data:`DEFAULT_URL`.

    A bare file path (no ``://``) is taken as a SQLite file.
    """
    url = url or os.environ.get(ENV_VAR) or DEFAULT_URL
    if "://" not in url:
        url = f"sqlite:///{url}"
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def alembic_config(url: str) -> Config:
    """An Alembic config that points at the migrations inside the package."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


#: Key of the PostgreSQL advisory lock held while migrating (any constant; rasad's own).
PG_MIGRATION_LOCK = 0x72617361


@contextlib.contextmanager
def _sqlite_migration_lock(engine: Engine) -> Iterator[None]:
    """Hold an exclusive lock on the SQLite file's folder while migrating.

    Two processes that open a brand-new database at once would both create
    its tables. A ``flock`` on the folder (not on the database file: closing
    another descriptor of it would drop SQLite's own locks) makes the second
    wait, then find the schema made. Elsewhere than POSIX, nothing is locked.
    """
    path = engine.url.database
    try:
        import fcntl
    except ImportError:
        fcntl = None  # type: ignore[assignment]
    if fcntl is None or not path or path == ":memory:" or path.startswith("file:"):
        yield
        return
    folder = os.open(Path(path).expanduser().resolve().parent, os.O_RDONLY)
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)
        yield
    finally:
        os.close(folder)  # releases the lock


def _new_sqlite_file(engine: Engine) -> bool:
    """Whether the engine's SQLite file does not exist yet or is empty."""
    path = engine.url.database
    if not path or path == ":memory:" or path.startswith("file:"):
        return False
    file = Path(path).expanduser()
    return not file.exists() or file.stat().st_size == 0


def _current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Migrate the database to the newest revision (no-op when up to date).

    Safe when several processes open the same new database at once: the
    migration runs under a lock (a folder ``flock`` for SQLite, an advisory
    lock for PostgreSQL), and whoever waited finds the schema current.
    """
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    sqlite = engine.url.get_backend_name() == "sqlite"
    if sqlite and _new_sqlite_file(engine):
        # a brand-new file: even the first connection (which switches it to WAL) waits for whoever
        # creates it, since that switch can fail at once with "database is locked" under a race
        with _sqlite_migration_lock(engine):
            current = _current(engine)
    else:
        current = _current(engine)
    if current == head:
        return
    lock = _sqlite_migration_lock(engine) if sqlite else contextlib.nullcontext()
    with lock, engine.begin() as conn:
        if engine.url.get_backend_name() == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK})
        current = MigrationContext.configure(conn).get_current_revision()
        if current == head:
            return
        log.info("migrating %s from %s to %s", engine.url.render_as_string(), current, head)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def parse_url(url: str) -> URL:
    """``url`` parsed; a malformed one raises :class:`ArgumentError` naming it and the reason."""
    try:
        return make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise ArgumentError(f"malformed database URL {url!r}: {exc}") from exc


def open_engine(url: str | None = None, *, migrate: bool = True) -> Engine:
    """An engine for ``url`` (see :func:`resolve_url`), migrated unless told not to.

    A malformed URL, or one whose driver is not installed, raises
    :class:`ArgumentError` with a one-line reason; an unreachable server
    raises SQLAlchemy's ``OperationalError`` on the first connection.
    """
    url = resolve_url(url)
    parsed = parse_url(url)
    sqlite = parsed.get_backend_name() == "sqlite"
    if sqlite:
        path = url.split(":///", 1)[1] if ":///" in url else ""
        if path and path != ":memory:" and not path.startswith("file:"):
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000} if sqlite else {})
    except ImportError as exc:
        raise ArgumentError(
            f"no driver for {parsed.drivername} URLs ({exc}); rasad runs on sqlite:///FILE "
            "and postgresql+psycopg://USER@HOST:PORT/DATABASE (pip install 'rasad[scale]')"
        ) from exc
    if sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
    if migrate:
        upgrade(engine)
    return engine
