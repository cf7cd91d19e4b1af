"""Alembic migrations of the workshop store, on SQLite and PostgreSQL: from the schema the app created
before Alembic (tests/fixtures/workshop/schema_v1.py, with its data) and from an empty database, both
to a head that matches storage/schema.py; the database timeouts and the shared first connection."""

from __future__ import annotations

import importlib.util
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError
from workshop_db import database

from storage import StorageError, db, keys
from storage import workshops as store
from storage.schema import metadata

FIXTURE = Path(__file__).parent / "fixtures" / "workshop" / "schema_v1.py"


def old_schema():
    spec = importlib.util.spec_from_file_location("schema_v1", FIXTURE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    with database(request.param, tmp_path) as u:
        yield u


def head() -> str:
    return ScriptDirectory.from_config(db.alembic_config()).get_current_head()


def differences(engine) -> list:
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), metadata)


def test_an_empty_database_is_migrated_to_the_schema_in_code(url):
    engine = db.get_engine(url)
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head()
    assert differences(engine) == []  # a change to storage/schema.py needs a revision


def test_a_database_made_before_alembic_keeps_its_workshops(url):
    v1 = old_schema()
    if url.startswith("sqlite"):
        Path(url.split("///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
    raw = create_engine(url)
    now = datetime(2026, 11, 30, 9, 0)
    salt, digest = keys.hash_key("the-old-key-" + "x" * 40)
    with raw.begin() as conn:  # what the app before Alembic did on first use, then one workshop
        v1.metadata.create_all(conn)
        conn.execute(v1.schema_version.insert().values(id=1, version=1))
        conn.execute(
            v1.workshops.insert().values(
                id="a" * 16,
                code="K7P3QX",
                title="Old",
                lang="zh",
                deadline=None,
                closed=False,
                key_salt=salt,
                key_hash=digest,
                questionnaire_id="broker_ecosystem",
                questionnaire_version=1,
                created_at=now,
            )
        )
        pid = conn.execute(
            v1.participants.insert()
            .values(workshop_id="a" * 16, token="t" * 22, name="Li", role="cto", joined_at=now)
            .returning(v1.participants.c.id)
        ).scalar_one()
        conn.execute(
            v1.submissions.insert().values(
                participant_id=pid,
                workshop_id="a" * 16,
                answers={"x": 1},
                ahp=None,
                submitted_at=now,
                revision=3,
            )
        )
    raw.dispose()

    engine = db.get_engine(url)  # the app starts: stamps the baseline and upgrades
    assert differences(engine) == []
    old = store.workshop_by_code(engine, "K7P3QX")
    assert (old.title, old.anonymity, old.round, old.revealed) == ("Old", "named", 1, False)
    key = "the-old-key-" + "x" * 40
    (row,) = store.all_submissions(engine, old.id, key)
    assert (row.name, row.round, row.revision, row.answers, row.excluded) == ("Li", 1, 3, {"x": 1}, False)
    store.open_round(engine, old.id, key, 2)  # the new features work on the migrated data
    store.submit(engine, old.id, "t" * 22, {"x": 2})
    assert [r.round for r in store.all_submissions(engine, old.id, key)] == [1, 2]


def test_two_app_processes_starting_at_once_migrate_once(url):
    errors = []

    def start():
        try:
            db.new_engine(url).dispose()
        except Exception as exc:  # collected and reported below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert differences(db.get_engine(url)) == []


def test_a_database_of_a_newer_app_is_refused(url):
    engine = db.get_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    db.dispose_all()
    with pytest.raises(StorageError) as caught:
        db.get_engine(url)
    assert caught.value.code == "schema_newer"


def test_postgresql_statements_time_out(tmp_path, monkeypatch):
    """(SQLite has no statement timeout; its busy timeout bounds the waits for a lock.)"""
    args = db.postgres_connect_args({"options": "-csearch_path=x"})
    assert args["options"].startswith("-csearch_path=x ") and "statement_timeout" in args["options"]
    assert args["keepalives"] == 1 and args["tcp_user_timeout"] > 0 and args["connect_timeout"] > 0
    monkeypatch.setattr(db, "STATEMENT_TIMEOUT_MS", 300)
    with database("postgresql", tmp_path) as url:
        engine = db.get_engine(url)
        with pytest.raises(DBAPIError) as caught, engine.connect() as conn:
            conn.execute(text("SELECT pg_sleep(30)"))
    assert caught.value.orig.sqlstate == "57014"  # query_canceled: the statement timeout fired


def test_sessions_arriving_while_the_store_is_down_share_one_attempt(monkeypatch):
    """Five sessions at once on an unreachable database: one connection attempt, five messages."""
    attempts = []
    started = threading.Event()
    release = threading.Event()

    def failing_init(engine):
        attempts.append(1)
        started.set()
        release.wait(5)
        raise StorageError("unavailable", "connection timed out")

    monkeypatch.setattr(db, "init_schema", failing_init)
    url = "postgresql+psycopg://postgres@127.0.0.1:1/unreachable"
    errors = []

    def session():
        try:
            db.get_engine(url)
        except StorageError as exc:
            errors.append(exc.code)

    first = threading.Thread(target=session)
    first.start()
    started.wait(5)
    others = [threading.Thread(target=session) for _ in range(4)]
    for th in others:
        th.start()
    time.sleep(0.3)  # let them queue behind the first attempt (no timing is asserted)
    release.set()
    for th in [first, *others]:
        th.join()
    db.dispose_all()
    assert errors == ["unavailable"] * 5
    assert len(attempts) == 1
