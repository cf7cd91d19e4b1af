"""The database behind workshops: which one (URL), its engine, and the tables, created on first use.

URL: $BROKERECO_DATABASE_URL, else the Streamlit secret `database_url` (passed in by the UI, so this
package never imports Streamlit), else an SQLite file $BROKERECO_DATA_DIR/brokereco.sqlite3 (default
./data). SQLite runs in WAL mode with a busy timeout, and write transactions start with BEGIN IMMEDIATE
so concurrent writers queue on the lock instead of failing on a read-to-write upgrade.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, nullcontext
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, NoSuchModuleError, SQLAlchemyError

from storage.errors import StorageError
from storage.schema import SCHEMA_VERSION, metadata, schema_version

URL_ENV = "BROKERECO_DATABASE_URL"
DATA_DIR_ENV = "BROKERECO_DATA_DIR"
SECRETS_ENTRY = "database_url"
SQLITE_FILE = "brokereco.sqlite3"
BUSY_TIMEOUT_MS = 15_000
CONNECT_TIMEOUT_S = 5
WRITE_ATTEMPTS = 4

_engines: dict[str, Engine] = {}
# SQLite takes one writer at a time; threads of this process queue here (a hand-over in microseconds)
# rather than in SQLite's busy handler, which polls with sleeps. Other processes still use busy_timeout.
_write_gates: dict[int, threading.Lock] = {}
_ready: set[str] = set()
_lock = threading.Lock()


def database_url(secrets: Mapping[str, object] | None = None, env: Mapping[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    url = env.get(URL_ENV) or (secrets or {}).get(SECRETS_ENTRY)
    if url:
        return normalise_url(str(url).strip())
    data_dir = Path(env.get(DATA_DIR_ENV) or "data")
    return f"sqlite:///{(data_dir / SQLITE_FILE).resolve()}"


def normalise_url(url: str) -> str:
    """PostgreSQL URLs as hosting providers print them use psycopg 3, the driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def describe(url: str) -> str:
    """The URL without its password, for logs and messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unparseable URL)"


def get_engine(url: str) -> Engine:
    """One engine per URL per process, its tables checked once; raises StorageError if unreachable."""
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _engines[url] = _create(url)
        if url not in _ready:
            init_schema(engine)
            _ready.add(url)
    return engine


def new_engine(url: str) -> Engine:
    """A separate engine with its own pool, as another app process would have (tests, tools)."""
    engine = _create(url)
    init_schema(engine)
    return engine


def dispose_all() -> None:
    """Close every pooled connection (tests, and a process about to fork)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
            _write_gates.pop(id(engine), None)
        _engines.clear()
        _ready.clear()


def _create(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StorageError("bad_url", str(exc)) from None
    try:
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(parsed, connect_args={"check_same_thread": False})
            _sqlite_events(engine)
            _write_gates[id(engine)] = threading.Lock()
            return engine
        connect_args = (
            {"connect_timeout": CONNECT_TIMEOUT_S} if parsed.get_backend_name() == "postgresql" else {}
        )
        return create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)
    except (NoSuchModuleError, ArgumentError, ImportError) as exc:
        raise StorageError("bad_url", str(exc)) from None
    except OSError as exc:
        raise StorageError("unavailable", str(exc)) from None


def _sqlite_events(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event below emits BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(
            "PRAGMA synchronous=NORMAL"
        )  # safe with WAL; a power cut loses at most the last commit
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection):
        immediate = connection.get_execution_options().get("write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def init_schema(engine: Engine) -> None:
    """Create the tables if missing and record the schema version; refuse a newer schema."""
    try:
        for attempt in range(2):  # two app instances starting at once may race on CREATE TABLE
            try:
                with transaction(engine, write=True) as conn:
                    metadata.create_all(conn, checkfirst=True)
                    stored = conn.execute(select(schema_version.c.version)).scalar()
                    if stored is None:
                        conn.execute(schema_version.insert().values(id=1, version=SCHEMA_VERSION))
                        stored = SCHEMA_VERSION
                break
            except DBAPIError:
                if attempt:
                    raise
                time.sleep(0.2)
    except SQLAlchemyError as exc:
        raise StorageError("unavailable", _reason(exc)) from None
    if stored > SCHEMA_VERSION:
        raise StorageError("schema_newer", f"database schema {stored}, this app knows {SCHEMA_VERSION}")


@contextmanager
def transaction(engine: Engine, write: bool = False) -> Iterator[Connection]:
    """One transaction; committed on success, rolled back on any exception."""
    gate = _write_gates.get(id(engine)) if write else None
    with gate or nullcontext(), engine.connect() as conn:
        if write:
            conn.execution_options(write=True)
        with conn.begin():
            yield conn


def run_write(engine: Engine, work):
    """Run work(conn) in a write transaction, retrying transient lock conflicts; StorageError otherwise."""
    for attempt in range(WRITE_ATTEMPTS):
        try:
            with transaction(engine, write=True) as conn:
                return work(conn)
        except IntegrityError as exc:  # a unique constraint said no: the caller decides (e.g. a new code)
            raise StorageError("conflict", _reason(exc)) from None
        except DBAPIError as exc:
            if attempt + 1 < WRITE_ATTEMPTS and _transient(exc):
                time.sleep(0.05 * (attempt + 1))
                continue
            raise StorageError("unavailable", _reason(exc)) from None
        except SQLAlchemyError as exc:
            raise StorageError("unavailable", _reason(exc)) from None
    raise AssertionError("unreachable")


def run_read(engine: Engine, work):
    try:
        with transaction(engine) as conn:
            return work(conn)
    except SQLAlchemyError as exc:
        raise StorageError("unavailable", _reason(exc)) from None


def _transient(exc: DBAPIError) -> bool:
    """SQLite busy/locked, PostgreSQL serialization failure or deadlock: worth another try."""
    code = getattr(exc.orig, "sqlstate", None)
    text = str(exc.orig).lower()
    return code in ("40001", "40P01") or "locked" in text or "busy" in text


def _reason(exc: SQLAlchemyError) -> str:
    orig = getattr(exc, "orig", None)
    return (str(orig) if orig else str(exc)).strip().splitlines()[0][:300]
