"""Real databases for the workshop tests: an SQLite file in a tmp dir, and PostgreSQL in a throwaway
schema when a server is reachable. Under CI=true a missing PostgreSQL fails the tests; elsewhere they
skip with a message saying how to run them."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import psycopg
import pytest

from storage import db

PG_URL = os.environ.get("BROKERECO_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
NO_POSTGRES = (
    "PostgreSQL is not reachable at {url} ({reason}). The workshop store's PostgreSQL tests need a "
    "server (trust auth, database `test`); set BROKERECO_TEST_POSTGRES_URL to use another one."
)


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def require_postgres() -> None:
    """Skip (or, under CI=true, fail) when the test server cannot be reached."""
    try:
        with psycopg.connect(_libpq(PG_URL), connect_timeout=3):
            pass
    except psycopg.Error as exc:
        message = NO_POSTGRES.format(url=db.describe(PG_URL), reason=str(exc).strip().splitlines()[0])
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A fresh schema on the test server; yields a URL whose search_path points at it, drops it after."""
    require_postgres()
    schema = f"brokereco_test_{secrets.token_hex(6)}"
    with psycopg.connect(_libpq(PG_URL), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    try:
        yield url
    finally:
        db.dispose_all()
        with psycopg.connect(_libpq(PG_URL), autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def sqlite_url(directory) -> str:
    """The default store (BROKERECO_DATA_DIR/brokereco.sqlite3) inside `directory`."""
    return db.database_url(env={db.DATA_DIR_ENV: str(directory)})


@contextmanager
def database(kind: str, tmp_path) -> Iterator[str]:
    if kind == "sqlite":
        try:
            yield sqlite_url(tmp_path / "data")
        finally:
            db.dispose_all()
    else:
        with postgres_schema() as url:
            yield url
