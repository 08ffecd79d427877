"""The real PostgreSQL server the store tests run against, and throw-away databases on it.

The server is ``$RASAD_TEST_PG`` (a SQLAlchemy URL of a database to connect
to for administration), by default the local one with trust authentication:
``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``. Tests that need it
call :func:`require_server`: it skips them with the reason when no server
answers, unless ``RASAD_REQUIRE_PG=1`` (CI), where it fails them instead.
Each test module gets a database of its own (:func:`temporary_database`),
created with a unique name and dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

#: The administration URL used when ``$RASAD_TEST_PG`` is unset.
DEFAULT_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
#: Seconds to wait for the server before deciding it is not there.
CONNECT_TIMEOUT_S = 5


def admin_url() -> str:
    """The SQLAlchemy URL of the database used to create and drop test databases."""
    return os.environ.get("RASAD_TEST_PG") or DEFAULT_ADMIN_URL


def _connect(url: str):  # type: ignore[no-untyped-def]
    """A psycopg connection (autocommit) to the database of SQLAlchemy URL ``url``."""
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return psycopg.connect(
        host=parsed.host, port=parsed.port, user=parsed.username, password=parsed.password,
        dbname=parsed.database, connect_timeout=CONNECT_TIMEOUT_S, autocommit=True,
    )  # fmt: skip


def unavailable() -> str | None:
    """Why no PostgreSQL server can be used for tests, or None when one answers."""
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        return f"psycopg is not installed ({exc}); pip install 'rasad[scale]'"
    try:
        with _connect(admin_url()) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:  # any failure to reach the server is a reason to skip
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"no PostgreSQL server at {admin_url()}: {reason}"
    return None


def require_server() -> None:
    """Skip the calling test when no server answers; fail it instead when RASAD_REQUIRE_PG=1."""
    reason = unavailable()
    if reason is None:
        return
    if os.environ.get("RASAD_REQUIRE_PG") == "1":
        pytest.fail(f"RASAD_REQUIRE_PG=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@contextmanager
def temporary_database(prefix: str = "rasad_test") -> Iterator[str]:
    """Create a database with a unique name, yield its SQLAlchemy URL, drop it afterwards."""
    from sqlalchemy.engine import make_url

    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with _connect(admin_url()) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(admin_url()).set(drivername="postgresql+psycopg", database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with _connect(admin_url()) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def reverse_row_order(url: str) -> None:
    """Rewrite every table of the rasad database at ``url`` with its rows in reverse key order.

    A query without ORDER BY then reads rows in another order than SQLite's
    (which returns them by rowid): results that match after this do not rely on
    the order rows happened to be stored in. Foreign keys are not checked
    meanwhile (``session_replication_role``: the server's superuser, as in these tests).
    """
    with _connect(url) as conn:
        conn.execute("SET session_replication_role = replica")
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
            )
        ]
        for table in tables:
            columns = [
                r[0]
                for r in conn.execute(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_name = %s AND is_generated = 'NEVER' ORDER BY ordinal_position",
                    (table,),
                )
            ]
            keys = [
                r[0]
                for r in conn.execute(
                    "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
                    "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                    "WHERE i.indrelid = %s::regclass AND i.indisprimary",
                    (table,),
                )
            ]
            listed = ", ".join(f'"{c}"' for c in columns)
            order = ", ".join(f'"{k}" DESC' for k in keys)
            conn.execute(f'CREATE TEMP TABLE "copy_{table}" AS SELECT {listed} FROM "{table}"')
            conn.execute(f'DELETE FROM "{table}"')
            conn.execute(
                f'INSERT INTO "{table}" ({listed}) SELECT {listed} FROM "copy_{table}" ORDER BY {order}'
            )
            conn.execute(f'VACUUM FULL "{table}"')
