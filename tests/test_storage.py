"""The workshop store against real databases: SQLite always, PostgreSQL when reachable (required under
CI=true). Roles, resubmission, closing, deletion, failures, and 200 concurrent participants."""

from __future__ import annotations

import random
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, inspect, select, text, update
from workshop_db import database

from storage import AccessDenied, BadText, NotFound, StorageError, WorkshopClosed, db, keys
from storage import workshops as store
from storage.schema import SCHEMA_VERSION, participants, schema_version, submissions, workshops

CONCURRENT_PARTICIPANTS = 200
THREADS = 12
INSTANCES = 3  # separate engines (own pools, own SQLite write gate), as separate app processes would be


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    with database(request.param, tmp_path) as u:
        yield u


@pytest.fixture
def engine(url):
    return db.get_engine(url)


@pytest.fixture
def made(engine):
    return store.create_workshop(engine, "  Strategy offsite  ", "zh", "broker_ecosystem", 1)


def token() -> str:
    return keys.new_token()


def rows(engine, table, workshop_id):
    with engine.connect() as conn:
        return conn.execute(
            select(func.count()).select_from(table).where(table.c.workshop_id == workshop_id)
        ).scalar()


# ---------------------------------------------------------------- set-up


def test_tables_and_schema_version_are_created_on_first_use(engine):
    names = set(inspect(engine).get_table_names())
    assert {"workshops", "participants", "submissions", "schema_version"} <= names
    with engine.connect() as conn:
        assert conn.execute(select(schema_version.c.version)).scalars().all() == [SCHEMA_VERSION]
    db.dispose_all()
    db.get_engine(engine.url.render_as_string(hide_password=False))  # a second start changes nothing
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema_version)).scalar() == 1


def test_sqlite_file_is_created_in_wal_mode(tmp_path):
    with database("sqlite", tmp_path) as url:
        path = tmp_path / "data" / db.SQLITE_FILE
        assert not path.exists()
        engine = db.get_engine(url)
        assert path.exists()
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == db.BUSY_TIMEOUT_MS
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_url_comes_from_env_then_secrets_then_the_data_dir(tmp_path):
    env = {db.URL_ENV: "postgres://u:p@db.example/x", db.DATA_DIR_ENV: str(tmp_path)}
    assert db.database_url({"database_url": "sqlite:///s.db"}, env) == "postgresql+psycopg://u:p@db.example/x"
    env.pop(db.URL_ENV)
    assert db.database_url({"database_url": "sqlite:///s.db"}, env) == "sqlite:///s.db"
    assert db.database_url(None, env) == f"sqlite:///{tmp_path.resolve() / db.SQLITE_FILE}"
    assert db.describe("postgresql+psycopg://u:secret@h/x") == "postgresql+psycopg://u:***@h/x"


def test_an_unreachable_database_is_a_storage_error():
    with pytest.raises(StorageError) as caught:
        db.get_engine("postgresql+psycopg://postgres@127.0.0.1:1/test")
    assert caught.value.code == "unavailable"
    with pytest.raises(StorageError) as caught:
        db.get_engine("nosuchdb+driver://x/y")
    assert caught.value.code == "bad_url"


def test_a_newer_schema_is_refused(url, engine):
    with engine.begin() as conn:
        conn.execute(update(schema_version).values(version=SCHEMA_VERSION + 1))
    db.dispose_all()
    with pytest.raises(StorageError) as caught:
        db.get_engine(url)
    assert caught.value.code == "schema_newer"


# ---------------------------------------------------------------- facilitator


def test_a_workshop_gets_a_readable_code_and_a_hashed_key(engine, made):
    w = made.workshop
    assert w.title == "Strategy offsite" and w.lang == "zh" and not w.closed
    assert len(w.code) == keys.CODE_LENGTH and set(w.code) <= set(keys.CODE_ALPHABET)
    assert not set(w.code) & set("0O1IL")
    assert len(made.key) >= 40
    with engine.connect() as conn:
        stored = conn.execute(select(workshops).where(workshops.c.id == w.id)).mappings().one()
    assert made.key not in {str(v) for v in stored.values()}
    assert keys.key_matches(made.key, stored["key_salt"], stored["key_hash"])
    assert store.facilitator_workshop(engine, w.id, made.key) == w


def test_join_codes_are_unique_and_forgiving_to_type(engine):
    codes = {store.create_workshop(engine, f"W{i}", "en", "q", 1).workshop.code for i in range(30)}
    assert len(codes) == 30
    code = next(iter(codes))
    typed = f" {code[:3].lower()}-{code[3:]} "
    assert store.workshop_by_code(engine, typed).code == code
    with pytest.raises(NotFound):
        store.workshop_by_code(engine, "AAAAA0")  # 0 is never in a code
    with pytest.raises(NotFound):
        store.workshop_by_code(engine, "ZZZZZZ" if "ZZZZZZ" not in codes else "YYYYYY")


def test_a_wrong_key_opens_nothing(engine, made):
    w = made.workshop
    other = store.create_workshop(engine, "Other", "zh", "q", 1)
    store.submit(engine, w.id, token(), {"a": 1})
    wrong = ["", "x", made.key[:-1], other.key, w.code, made.key + "x"]
    for key in wrong:
        for call in (
            lambda k: store.facilitator_workshop(engine, w.id, k),
            lambda k: store.all_submissions(engine, w.id, k),
            lambda k: store.counts(engine, w.id, k),
            lambda k: store.set_closed(engine, w.id, k, True),
            lambda k: store.delete_workshop(engine, w.id, k),
        ):
            with pytest.raises(AccessDenied):
                call(key)
    with pytest.raises(AccessDenied):  # an unknown workshop looks the same as a wrong key
        store.all_submissions(engine, "0" * 16, made.key)
    assert store.counts(engine, w.id, made.key).submitted == 1
    assert not store.facilitator_workshop(engine, w.id, made.key).closed


# ---------------------------------------------------------------- participants


def test_resubmission_updates_the_same_row(engine, made):
    w = made.workshop
    me = token()
    store.join(engine, w.id, me, "Li Ming", "cto")
    assert store.counts(engine, w.id, made.key).joined == 1
    first = store.submit(engine, w.id, me, {"tech_architecture": "monolith"})
    second = store.submit(engine, w.id, me, {"tech_architecture": "microservices"})
    assert second >= first
    own = store.own_submission(engine, w.id, me)
    assert own.answers == {"tech_architecture": "microservices"}
    assert (own.name, own.role, own.revision) == ("Li Ming", "cto", 2)  # kept though not repeated
    assert rows(engine, submissions, w.id) == 1 and rows(engine, participants, w.id) == 1
    (row,) = store.all_submissions(engine, w.id, made.key)
    assert row.answers == {"tech_architecture": "microservices"} and row.revision == 2


def test_answers_not_yet_submitted_come_back_to_their_owner_only(engine, made):
    """A reload in the middle of answering loses nothing: the poll keeps the answers so far with the
    participant's row; they come back while newer than the last submission, and reach nobody else."""
    w = made.workshop
    me = token()
    store.join(engine, w.id, me, "Li Ming", "cto")
    store.report_progress(engine, w.id, me, 1, {"q": "draft"})
    own = store.own_submission(engine, w.id, me)
    assert own.answers == {"q": "draft"} and own.submitted_at is None and own.revision == 0
    store.submit(engine, w.id, me, {"q": "sent"})
    assert store.own_submission(engine, w.id, me).answers == {"q": "sent"}  # the submission is newer
    store.report_progress(engine, w.id, me, 2, {"q": "changed", "r": "new"})
    own = store.own_submission(engine, w.id, me)
    assert own.answers == {"q": "changed", "r": "new"} and own.revision == 1  # still submitted once
    (row,) = store.all_submissions(engine, w.id, made.key)
    assert row.answers == {"q": "sent"}  # the facilitator sees what was submitted, nothing pending
    with pytest.raises(BadText):
        store.report_progress(engine, w.id, me, 1, {"q": "a\x00b"})


def test_a_participant_reads_back_only_their_own_row(engine, made):
    w = made.workshop
    me, you = token(), token()
    store.submit(engine, w.id, me, {"q": "mine"}, "Me")
    store.submit(engine, w.id, you, {"q": "yours"}, "You", ahp=[[1, 2, 3], [0.5, 1, 2], [1 / 3, 0.5, 1]])
    assert store.own_submission(engine, w.id, me).answers == {"q": "mine"}
    assert store.own_submission(engine, w.id, you).ahp[0] == [1, 2, 3]
    with pytest.raises(NotFound):
        store.own_submission(engine, w.id, token())
    other = store.create_workshop(engine, "Other", "zh", "q", 1).workshop
    with pytest.raises(NotFound):  # a token belongs to one workshop
        store.own_submission(engine, other.id, me)
    with pytest.raises(ValueError):
        store.submit(engine, w.id, "short", {})


def test_closing_stops_submissions_and_reopening_resumes(engine, made):
    w = made.workshop
    me = token()
    store.submit(engine, w.id, me, {"a": 1})
    closed = store.set_closed(engine, w.id, made.key, True)
    assert closed.closed and not closed.accepts_submissions()
    with pytest.raises(WorkshopClosed):
        store.submit(engine, w.id, me, {"a": 2})
    with pytest.raises(WorkshopClosed):
        store.join(engine, w.id, token())
    assert store.own_submission(engine, w.id, me).answers == {"a": 1}
    store.set_closed(engine, w.id, made.key, False)
    store.submit(engine, w.id, me, {"a": 3})
    assert store.own_submission(engine, w.id, me).answers == {"a": 3}


def test_a_passed_deadline_closes_and_reopening_lifts_it(engine):
    made = store.create_workshop(engine, "Timed", "en", "q", 1, deadline=store.utcnow() + timedelta(hours=1))
    w = made.workshop
    me = token()
    store.submit(engine, w.id, me, {"a": 1})
    with engine.begin() as conn:
        conn.execute(update(workshops).where(workshops.c.id == w.id).values(deadline=store.utcnow()))
    with pytest.raises(WorkshopClosed):
        store.submit(engine, w.id, me, {"a": 2})
    reopened = store.set_closed(engine, w.id, made.key, False)
    assert reopened.deadline is None and reopened.accepts_submissions()
    store.submit(engine, w.id, me, {"a": 2})


def test_deleting_removes_the_workshop_and_every_answer(engine, made):
    w = made.workshop
    keep = store.create_workshop(engine, "Keep", "zh", "q", 1)
    for _ in range(3):
        store.submit(engine, w.id, token(), {"a": 1})
    store.submit(engine, keep.workshop.id, token(), {"a": 1})
    store.delete_workshop(engine, w.id, made.key)
    assert rows(engine, submissions, w.id) == 0 and rows(engine, participants, w.id) == 0
    with pytest.raises(NotFound):
        store.workshop_by_code(engine, w.code)
    with pytest.raises(NotFound):
        store.submit(engine, w.id, token(), {"a": 1})
    assert store.counts(engine, keep.workshop.id, keep.key).submitted == 1


# ---------------------------------------------------------------- concurrency


def test_two_hundred_concurrent_participants_lose_nothing_and_duplicate_nothing(
    url, engine, made, monkeypatch
):
    """Every participant submits twice at the same moment (an insert/insert race on their row), all in
    parallel with everyone else and through three app instances; then everyone resubmits in parallel.
    Exactly one row each must remain, holding that participant's latest answers."""
    monkeypatch.setattr(store, "MAX_PARTICIPANTS", 10_000)  # the room here is bigger than the cap
    monkeypatch.setattr(store, "JOINS_PER_MINUTE", 10_000)
    w = made.workshop
    instances = [engine] + [db.new_engine(url) for _ in range(INSTANCES - 1)]
    tokens = [token() for _ in range(CONCURRENT_PARTICIPANTS)]
    first = [(tk, {"n": i, "version": v}) for i, tk in enumerate(tokens) for v in ("a", "b")]
    random.Random(1).shuffle(first)
    errors: list[BaseException] = []
    threads_seen: set[int] = set()

    def send(job):
        tk, answers = job
        threads_seen.add(threading.get_ident())
        # the two copies of a first submission go through different instances
        via = instances[(answers["n"] + (answers["version"] == "b")) % INSTANCES]
        try:
            store.submit(via, w.id, tk, answers, name=f"P{answers['n']}", role="other")
        except BaseException as exc:  # collected: the test reports every failure, not the first
            errors.append(exc)

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(send, first))
    assert not errors, errors[:3]
    stored = store.all_submissions(engine, w.id, made.key)
    assert len(stored) == CONCURRENT_PARTICIPANTS
    assert Counter(r.name for r in stored) == Counter(f"P{i}" for i in range(CONCURRENT_PARTICIPANTS))
    assert all(r.revision == 2 and r.answers["version"] in ("a", "b") for r in stored)

    latest = [(tk, {"n": i, "version": "final"}) for i, tk in enumerate(tokens)]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(send, latest))
    assert not errors, errors[:3]
    assert len(threads_seen) > 1
    stored = store.all_submissions(engine, w.id, made.key)
    assert len(stored) == CONCURRENT_PARTICIPANTS
    assert sorted(r.answers["n"] for r in stored) == list(range(CONCURRENT_PARTICIPANTS))
    assert all(r.answers["version"] == "final" and r.revision == 3 for r in stored)
    assert rows(engine, participants, w.id) == CONCURRENT_PARTICIPANTS
    counts = store.counts(engine, w.id, made.key)
    assert (counts.joined, counts.submitted) == (CONCURRENT_PARTICIPANTS, CONCURRENT_PARTICIPANTS)
    with engine.connect() as conn:  # nothing leaked into anyone else's workshop
        assert conn.execute(text("SELECT count(*) FROM submissions")).scalar() == CONCURRENT_PARTICIPANTS
    for extra in instances[1:]:
        extra.dispose()
