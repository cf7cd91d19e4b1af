"""Autosaved drafts (storage/drafts.py) on a real SQLite file and a real PostgreSQL schema."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from workshop_db import database

from storage import db, drafts
from storage.schema import drafts as table

NOW = datetime(2026, 12, 1, 9, 0)
DOC = {"format": 1, "answers": {"questionnaire": "broker_ecosystem", "answers": {"tech_architecture": "x"}}}


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    with database(request.param, tmp_path) as url:
        yield db.get_engine(url)


def test_a_draft_is_saved_replaced_and_read_back(engine):
    draft_id = drafts.new_id()
    assert drafts.load(engine, draft_id, NOW) is None
    drafts.save(engine, draft_id, DOC, NOW)
    assert drafts.load(engine, draft_id, NOW) == DOC
    changed = {**DOC, "answers": {**DOC["answers"], "meta": {"lang": "en"}}}
    drafts.save(engine, draft_id, changed, NOW + timedelta(minutes=1))
    assert drafts.load(engine, draft_id, NOW) == changed
    other = drafts.new_id()
    assert other != draft_id and drafts.load(engine, other, NOW) is None


def test_the_database_holds_only_a_hash_of_the_id(engine):
    draft_id = drafts.new_id()
    drafts.save(engine, draft_id, DOC, NOW)
    keys = db.run_read(engine, lambda conn: conn.execute(select(table.c.key)).scalars().all())
    assert draft_id not in keys and len(keys[0]) == 64


def test_drafts_expire_after_the_ttl_and_are_purged_on_write(engine):
    old, fresh = drafts.new_id(), drafts.new_id()
    drafts.save(engine, old, DOC, NOW)
    later = NOW + timedelta(days=drafts.TTL_DAYS, minutes=1)
    assert drafts.load(engine, old, NOW + timedelta(days=drafts.TTL_DAYS - 1)) == DOC
    assert drafts.load(engine, old, later) is None
    drafts.save(engine, fresh, DOC, later)  # any write purges what expired
    count = db.run_read(engine, lambda conn: len(conn.execute(select(table.c.key)).all()))
    assert count == 1


def test_delete_and_bad_ids(engine):
    draft_id = drafts.new_id()
    drafts.save(engine, draft_id, DOC, NOW)
    drafts.delete_draft(engine, draft_id)
    assert drafts.load(engine, draft_id, NOW) is None
    for bad in ("", "short", "x" * 31 + "!", None, 42, draft_id + "a"):
        assert not drafts.valid_id(bad)
        assert drafts.load(engine, bad, NOW) is None
    assert len(drafts.new_id()) == 32 and drafts.ID_BYTES * 8 >= 128


def test_an_oversized_draft_is_refused(engine):
    from storage import StorageError

    with pytest.raises(StorageError):
        drafts.save(engine, drafts.new_id(), {"notes": "x" * (drafts.MAX_BYTES + 1)}, NOW)
