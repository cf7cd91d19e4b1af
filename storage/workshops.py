"""Workshop operations: the only SQL the app runs. Pages call these; every write is one transaction.

Who may do what is decided here, not in the UI: anything that reads other people's answers, closes or
deletes a workshop takes the facilitator key and checks it in the same transaction. A participant
(join code + their own random token) can only write and read back their own row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from storage import keys
from storage.db import run_read, run_write
from storage.errors import AccessDenied, NotFound, StorageError, WorkshopClosed
from storage.schema import participants, submissions, workshops

MAX_TITLE = 120
MAX_NAME = 80
CODE_ATTEMPTS = 8


def utcnow() -> datetime:
    """Naive UTC, as stored."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class Workshop:
    id: str
    code: str
    title: str
    lang: str
    deadline: datetime | None  # naive UTC
    closed: bool
    created_at: datetime
    questionnaire_id: str
    questionnaire_version: int

    def accepts_submissions(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return not self.closed and (self.deadline is None or now < self.deadline)


@dataclass(frozen=True)
class Created:
    workshop: Workshop
    key: str  # shown once, in the facilitator's private link; only its hash is stored


@dataclass(frozen=True)
class Participant:
    token: str
    name: str | None
    role: str | None
    answers: dict[str, Any] | None  # None until the first submission
    ahp: Any
    submitted_at: datetime | None
    revision: int


@dataclass(frozen=True)
class SubmissionRow:
    name: str | None
    role: str | None
    answers: dict[str, Any]
    ahp: Any
    submitted_at: datetime
    revision: int


@dataclass(frozen=True)
class Counts:
    joined: int
    submitted: int
    last_submitted_at: datetime | None


_WORKSHOP_COLUMNS = (
    workshops.c.id,
    workshops.c.code,
    workshops.c.title,
    workshops.c.lang,
    workshops.c.deadline,
    workshops.c.closed,
    workshops.c.created_at,
    workshops.c.questionnaire_id,
    workshops.c.questionnaire_version,
)


def _workshop(row) -> Workshop:
    return Workshop(
        id=row.id,
        code=row.code,
        title=row.title,
        lang=row.lang,
        deadline=row.deadline,
        closed=bool(row.closed),
        created_at=row.created_at,
        questionnaire_id=row.questionnaire_id,
        questionnaire_version=row.questionnaire_version,
    )


def _clean_text(text: str | None, limit: int) -> str | None:
    text = (text or "").strip()
    return text[:limit] or None


# ---------------------------------------------------------------- facilitator


def create_workshop(
    engine: Engine,
    title: str,
    lang: str,
    questionnaire_id: str,
    questionnaire_version: int,
    deadline: datetime | None = None,
) -> Created:
    """A new workshop with a fresh join code (unique; a clash retries) and a facilitator key."""
    title = _clean_text(title, MAX_TITLE)
    if not title:
        raise ValueError("a workshop needs a title")
    key = keys.new_key()
    salt, digest = keys.hash_key(key)
    for _ in range(CODE_ATTEMPTS):
        row = {
            "id": keys.new_workshop_id(),
            "code": keys.new_code(),
            "title": title,
            "lang": lang,
            "deadline": deadline,
            "closed": False,
            "key_salt": salt,
            "key_hash": digest,
            "questionnaire_id": questionnaire_id,
            "questionnaire_version": questionnaire_version,
            "created_at": utcnow(),
        }
        try:
            run_write(engine, lambda conn, row=row: conn.execute(workshops.insert().values(**row)))
        except StorageError as exc:
            if exc.code == "conflict":  # the code is taken (1 in ~900 million per workshop): draw again
                continue
            raise
        return Created(Workshop(**{k: row[k] for k in Workshop.__dataclass_fields__}), key)
    raise StorageError("unavailable", "could not find a free join code")


def _authorised(conn: Connection, workshop_id: str, key: str, lock: bool = False) -> Workshop:
    if not keys.valid_workshop_id(workshop_id):
        raise AccessDenied()
    query = select(*_WORKSHOP_COLUMNS, workshops.c.key_salt, workshops.c.key_hash).where(
        workshops.c.id == workshop_id
    )
    row = conn.execute(query.with_for_update() if lock else query).first()
    if row is None or not keys.key_matches(key, row.key_salt, row.key_hash):
        raise AccessDenied()
    return _workshop(row)


def facilitator_workshop(engine: Engine, workshop_id: str, key: str) -> Workshop:
    """The workshop if the key is right; AccessDenied otherwise (also for an unknown id)."""
    return run_read(engine, lambda conn: _authorised(conn, workshop_id, key))


def all_submissions(engine: Engine, workshop_id: str, key: str) -> list[SubmissionRow]:
    """Every participant's latest submission, oldest first (facilitator only)."""

    def work(conn: Connection) -> list[SubmissionRow]:
        _authorised(conn, workshop_id, key)
        rows = conn.execute(
            select(
                participants.c.name,
                participants.c.role,
                submissions.c.answers,
                submissions.c.ahp,
                submissions.c.submitted_at,
                submissions.c.revision,
            )
            .join(participants, participants.c.id == submissions.c.participant_id)
            .where(submissions.c.workshop_id == workshop_id)
            .order_by(submissions.c.submitted_at, participants.c.id)
        )
        return [
            SubmissionRow(r.name, r.role, r.answers or {}, r.ahp, r.submitted_at, r.revision) for r in rows
        ]

    return run_read(engine, work)


def counts(engine: Engine, workshop_id: str, key: str) -> Counts:
    def work(conn: Connection) -> Counts:
        _authorised(conn, workshop_id, key)
        joined = conn.execute(
            select(func.count()).select_from(participants).where(participants.c.workshop_id == workshop_id)
        ).scalar_one()
        submitted, last = conn.execute(
            select(func.count(), func.max(submissions.c.submitted_at)).where(
                submissions.c.workshop_id == workshop_id
            )
        ).one()
        return Counts(joined, submitted, last)

    return run_read(engine, work)


def set_closed(engine: Engine, workshop_id: str, key: str, closed: bool) -> Workshop:
    """Close, or reopen (which also lifts a deadline that has passed)."""

    def work(conn: Connection) -> Workshop:
        current = _authorised(conn, workshop_id, key, lock=True)
        values: dict[str, Any] = {"closed": closed}
        if not closed and current.deadline is not None and current.deadline <= utcnow():
            values["deadline"] = None
        conn.execute(update(workshops).where(workshops.c.id == workshop_id).values(**values))
        return _authorised(conn, workshop_id, key)

    return run_write(engine, work)


def delete_workshop(engine: Engine, workshop_id: str, key: str) -> None:
    """The workshop, its participants and their answers (explicitly: no reliance on FK cascades)."""

    def work(conn: Connection) -> None:
        _authorised(conn, workshop_id, key, lock=True)
        conn.execute(delete(submissions).where(submissions.c.workshop_id == workshop_id))
        conn.execute(delete(participants).where(participants.c.workshop_id == workshop_id))
        conn.execute(delete(workshops).where(workshops.c.id == workshop_id))

    run_write(engine, work)


# ---------------------------------------------------------------- participant


def workshop_by_code(engine: Engine, code: str) -> Workshop:
    """Public facts of a workshop (title, language, open or not) — never anyone's answers."""
    normal = keys.normalise_code(code)
    if normal is None:
        raise NotFound()

    def work(conn: Connection) -> Workshop:
        row = conn.execute(select(*_WORKSHOP_COLUMNS).where(workshops.c.code == normal)).first()
        if row is None:
            raise NotFound()
        return _workshop(row)

    return run_read(engine, work)


def _upsert_participant(
    conn: Connection, workshop_id: str, token: str, name: str | None, role: str | None
) -> int:
    values = {"workshop_id": workshop_id, "token": token, "name": name, "role": role, "joined_at": utcnow()}
    insert = _dialect_insert(conn)
    if insert is not None:
        stmt = insert(participants).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=["workshop_id", "token"],
            # None leaves what the participant gave before (a resubmission need not repeat it)
            set_={
                "name": func.coalesce(stmt.excluded.name, participants.c.name),
                "role": func.coalesce(stmt.excluded.role, participants.c.role),
            },
        ).returning(participants.c.id)
        return conn.execute(stmt).scalar_one()
    return _generic_upsert_participant(conn, values)


def _generic_upsert_participant(conn: Connection, values: dict[str, Any]) -> int:
    """Other databases: insert in a savepoint; the unique constraint turns a race into an update."""
    try:
        with conn.begin_nested():
            conn.execute(participants.insert().values(**values))
    except IntegrityError:
        pass
    where = (participants.c.workshop_id == values["workshop_id"]) & (participants.c.token == values["token"])
    changes = {k: values[k] for k in ("name", "role") if values[k] is not None}
    if changes:
        conn.execute(update(participants).where(where).values(**changes))
    return conn.execute(select(participants.c.id).where(where)).scalar_one()


def _dialect_insert(conn: Connection):
    name = conn.dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        return None
    return insert


def _open_workshop(conn: Connection, workshop_id: str) -> Workshop:
    # a shared row lock: a concurrent close waits for this submission, or this submission sees it closed
    row = conn.execute(
        select(*_WORKSHOP_COLUMNS).where(workshops.c.id == workshop_id).with_for_update(read=True)
    ).first()
    if row is None:
        raise NotFound()
    workshop = _workshop(row)
    if not workshop.accepts_submissions():
        raise WorkshopClosed()
    return workshop


def join(
    engine: Engine, workshop_id: str, token: str, name: str | None = None, role: str | None = None
) -> None:
    """Register (or rename) a participant; nothing is shared with them."""
    if not keys.valid_token(token):
        raise ValueError("bad participant token")
    name, role = _clean_text(name, MAX_NAME), _clean_text(role, 20)

    def work(conn: Connection) -> None:
        _open_workshop(conn, workshop_id)
        _upsert_participant(conn, workshop_id, token, name, role)

    run_write(engine, work)


def submit(
    engine: Engine,
    workshop_id: str,
    token: str,
    answers: dict[str, Any],
    name: str | None = None,
    role: str | None = None,
    ahp: Any = None,
) -> datetime:
    """Store a participant's answers: the first time inserts, later times update the same row."""
    if not keys.valid_token(token):
        raise ValueError("bad participant token")
    if not isinstance(answers, dict):
        raise ValueError("answers must be a mapping")
    name, role = _clean_text(name, MAX_NAME), _clean_text(role, 20)
    at = utcnow()

    def work(conn: Connection) -> datetime:
        _open_workshop(conn, workshop_id)
        pid = _upsert_participant(conn, workshop_id, token, name, role)
        values = {
            "participant_id": pid,
            "workshop_id": workshop_id,
            "answers": answers,
            "ahp": ahp,
            "submitted_at": at,
            "revision": 1,
        }
        insert = _dialect_insert(conn)
        if insert is not None:
            stmt = insert(submissions).values(**values)
            conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=["participant_id"],
                    set_={
                        "answers": stmt.excluded.answers,
                        "ahp": stmt.excluded.ahp,
                        "submitted_at": stmt.excluded.submitted_at,
                        "revision": submissions.c.revision + 1,
                    },
                )
            )
        else:
            changed = conn.execute(
                update(submissions)
                .where(submissions.c.participant_id == pid)
                .values(answers=answers, ahp=ahp, submitted_at=at, revision=submissions.c.revision + 1)
            ).rowcount
            if not changed:
                conn.execute(submissions.insert().values(**values))
        return at

    return run_write(engine, work)


def own_submission(engine: Engine, workshop_id: str, token: str) -> Participant:
    """A participant's own row (to resume after a reload); NotFound if the token is not registered."""
    if not keys.valid_token(token):
        raise NotFound()

    def work(conn: Connection) -> Participant:
        row = conn.execute(
            select(
                participants.c.name,
                participants.c.role,
                submissions.c.answers,
                submissions.c.ahp,
                submissions.c.submitted_at,
                submissions.c.revision,
            )
            .select_from(participants)
            .outerjoin(submissions, submissions.c.participant_id == participants.c.id)
            .where(participants.c.workshop_id == workshop_id, participants.c.token == token)
        ).first()
        if row is None:
            raise NotFound()
        return Participant(
            token, row.name, row.role, row.answers, row.ahp, row.submitted_at, row.revision or 0
        )

    return run_read(engine, work)
