"""The database behind workshops: which one (URL), its engine, and the tables, created on first use.

URL: $BROKERECO_DATABASE_URL, else the Streamlit secret `database_url` (passed in by the UI, so this
package never imports Streamlit), else an SQLite file $BROKERECO_DATA_DIR/brokereco.sqlite3 (default
./data). SQLite runs in WAL mode with a busy timeout, and write transactions start with BEGIN IMMEDIATE
so concurrent writers queue on the lock instead of failing on a read-to-write upgrade.

A database that stops answering must not hang a page: PostgreSQL connections carry a connect timeout,
a statement timeout, TCP keep-alives and a TCP user timeout, and the pool waits a bounded time. The
schema is brought to Alembic's head on first use (alembic/), once per process and URL; sessions that
arrive while that is running share its outcome instead of queueing behind one another.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, nullcontext
from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, NoSuchModuleError, SQLAlchemyError

from alembic import command
from storage.errors import StorageError
from storage.schema import SCHEMA_VERSION, schema_version

URL_ENV = "BROKERECO_DATABASE_URL"
DATA_DIR_ENV = "BROKERECO_DATA_DIR"
SECRETS_ENTRY = "database_url"
SQLITE_FILE = "brokereco.sqlite3"
BUSY_TIMEOUT_MS = 5_000
CONNECT_TIMEOUT_S = 5
STATEMENT_TIMEOUT_MS = 8_000  # the slowest statement the app runs takes ~50 ms with 1,000 submissions
TCP_USER_TIMEOUT_MS = 10_000  # unacknowledged data for this long: the connection is dead
POOL_TIMEOUT_S = 10
WRITE_ATTEMPTS = 4
BASELINE = "0001"  # the tables this app created before Alembic (see alembic/versions/0001_baseline.py)
MIGRATION_LOCK = 0x42524F4B  # PostgreSQL advisory lock: two app processes starting at once migrate once
ALEMBIC_DIR = Path(__file__).resolve().parent.parent / "alembic"

_engines: dict[str, Engine] = {}
# SQLite takes one writer at a time; threads of this process queue here (a hand-over in microseconds)
# rather than in SQLite's busy handler, which polls with sleeps. Other processes still use busy_timeout.
_write_gates: dict[int, threading.Lock] = {}
_ready: set[str] = set()
_lock = threading.Lock()  # guards the dicts above only: never held while talking to a database
_init_locks: dict[str, threading.Lock] = {}
_failures: dict[str, tuple[float, StorageError]] = {}  # url -> (when, error) of the last failed init


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
    """One engine per URL per process, its schema migrated once; raises StorageError if unreachable.

    The first session to arrive migrates; the ones that arrive meanwhile wait for it and, if it failed,
    get its error at once rather than each trying again in turn (five sessions, one timeout)."""
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _engines[url] = _create(url)
        if url in _ready:
            return engine
        init_lock = _init_locks.setdefault(url, threading.Lock())
    asked = time.monotonic()
    with init_lock:
        if url in _ready:
            return engine
        failed = _failures.get(url)
        if failed and failed[0] >= asked:
            raise failed[1]
        try:
            init_schema(engine)
        except StorageError as exc:
            _failures[url] = (time.monotonic(), exc)
            raise
        _ready.add(url)
        _failures.pop(url, None)
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
        _failures.clear()


def _create(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StorageError("bad_url", str(exc)) from None
    try:
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(
                parsed, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
            )
            _sqlite_events(engine)
            _write_gates[id(engine)] = threading.Lock()
            return engine
        connect_args = (
            postgres_connect_args(parsed.query) if parsed.get_backend_name() == "postgresql" else {}
        )
        return create_engine(
            parsed, pool_pre_ping=True, pool_timeout=POOL_TIMEOUT_S, connect_args=connect_args
        )
    except (NoSuchModuleError, ArgumentError, ImportError) as exc:
        raise StorageError("bad_url", str(exc)) from None
    except OSError as exc:
        raise StorageError("unavailable", str(exc)) from None


def postgres_connect_args(query: Mapping[str, object]) -> dict[str, object]:
    """libpq settings that bound every wait on a server that stops answering; `options` in the URL
    (e.g. a search_path) is kept and the statement timeout added to it."""
    options = str(query.get("options") or "")
    return {
        "connect_timeout": CONNECT_TIMEOUT_S,
        "options": f"{options} -c statement_timeout={STATEMENT_TIMEOUT_MS}".strip(),
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 2,
        "tcp_user_timeout": TCP_USER_TIMEOUT_MS,
    }


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


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def init_schema(engine: Engine) -> None:
    """Bring the schema to Alembic's head in one transaction: an empty database gets every table, one
    made before Alembic (tables, no alembic_version) is stamped at the baseline first; a database from
    a newer app is refused."""
    try:
        for attempt in range(2):  # SQLite: two processes starting at once may race on CREATE TABLE
            try:
                with transaction(engine, write=True) as conn:
                    _migrate(conn)
                break
            except DBAPIError:
                if attempt:
                    raise
                time.sleep(0.2)
    except SQLAlchemyError as exc:
        raise StorageError("unavailable", _reason(exc)) from None


def _migrate(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
    current = MigrationContext.configure(conn).get_current_revision()
    script = ScriptDirectory.from_config(alembic_config())
    known = {r.revision for r in script.walk_revisions()}
    if current is not None and current not in known:
        raise StorageError(
            "schema_newer", f"database at revision {current}, this app knows {script.get_current_head()}"
        )
    existing = inspect(conn).has_table("schema_version")
    stored = conn.execute(select(schema_version.c.version)).scalar() if existing else None
    if stored is not None and stored > SCHEMA_VERSION:
        raise StorageError("schema_newer", f"database schema {stored}, this app knows {SCHEMA_VERSION}")
    if current == script.get_current_head():
        return
    config = alembic_config(conn)
    if current is None and inspect(conn).has_table("workshops"):
        command.stamp(config, BASELINE)  # made before Alembic: its tables are the baseline's
    command.upgrade(config, "head")


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
