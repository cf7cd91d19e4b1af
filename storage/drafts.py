"""Autosaved drafts of the solo assessment: a JSON document per random draft id, kept for TTL_DAYS after
the last save. The id (≥ 128 random bits) travels in the user's URL; the database keeps only its
SHA-256, so a copy of the table opens no draft. Expired drafts are deleted by the writes (at most every ten minutes per process)."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, select, update

from storage.db import run_read, run_write
from storage.errors import StorageError
from storage.schema import drafts

TTL_DAYS = 30
MAX_BYTES = 512_000  # 50 partner candidates and a full assessment are ~40 KB
ID_BYTES = 24  # 192 bits → 32 URL-safe characters
PURGE_EVERY = timedelta(minutes=10)
_last_purge: dict[int, datetime] = {}  # id(engine) -> when this process last purged expired drafts
_ID = re.compile(r"^[A-Za-z0-9_-]{32}$")


def new_id() -> str:
    return secrets.token_urlsafe(ID_BYTES)


def valid_id(draft_id: object) -> bool:
    return isinstance(draft_id, str) and bool(_ID.match(draft_id))


def _key(draft_id: str) -> str:
    return hashlib.sha256(draft_id.encode("ascii")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)  # naive UTC, as every table of the store


def _purge_due(engine: Engine, now: datetime) -> bool:
    """Expired drafts are purged on the first write and then at most every PURGE_EVERY per engine
    (a purge on every answer cost a statement per click)."""
    last = _last_purge.get(id(engine))
    if last is not None and timedelta(0) <= now - last < PURGE_EVERY:
        return False
    _last_purge[id(engine)] = now
    return True


def save(engine: Engine, draft_id: str, document: dict, now: datetime | None = None) -> None:
    """Create or replace the draft; purge drafts not saved for TTL_DAYS. Raises StorageError."""
    if not valid_id(draft_id):
        raise ValueError("not a draft id")
    if len(json.dumps(document, ensure_ascii=False).encode()) > MAX_BYTES:
        raise StorageError("too_large", f"draft over {MAX_BYTES} bytes")
    now = now or _now()
    key = _key(draft_id)

    purge = _purge_due(engine, now)

    def write(conn) -> None:
        if purge:
            conn.execute(delete(drafts).where(drafts.c.updated_at < now - timedelta(days=TTL_DAYS)))
        changed = conn.execute(
            update(drafts).where(drafts.c.key == key).values(document=document, updated_at=now)
        ).rowcount
        if not changed:
            conn.execute(drafts.insert().values(key=key, document=document, created_at=now, updated_at=now))

    try:
        run_write(engine, write)
    except StorageError as exc:
        if exc.code != "conflict":  # two tabs of one draft inserting at once: the other row won, update it
            raise
        run_write(engine, write)


def load(engine: Engine, draft_id: str, now: datetime | None = None) -> dict | None:
    """The draft's document, or None if there is none (never saved, deleted, or expired)."""
    if not valid_id(draft_id):
        return None
    cutoff = (now or _now()) - timedelta(days=TTL_DAYS)
    row = run_read(
        engine,
        lambda conn: conn.execute(
            select(drafts.c.document, drafts.c.updated_at).where(drafts.c.key == _key(draft_id))
        ).first(),
    )
    if row is None or row.updated_at < cutoff:
        return None
    return row.document


def delete_draft(engine: Engine, draft_id: str) -> None:
    if valid_id(draft_id):
        run_write(engine, lambda conn: conn.execute(delete(drafts).where(drafts.c.key == _key(draft_id))))
