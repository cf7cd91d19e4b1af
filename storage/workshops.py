"""Workshop operations: the only SQL the app runs. Pages call these; every write is one transaction.

Who may do what is decided here, not in the UI: anything that reads other people's answers, closes or
deletes a workshop takes the facilitator key and checks it in the same transaction. A participant
(join code + their own random token) can only write and read back their own row, and — once the
facilitator reveals round 1 — read the round's answers without names or roles (the anonymous spread).

Rounds (Delphi): a workshop opens with round 1; the facilitator reveals round 1's spread and opens round
2, in which each participant revises. Submissions are keyed by participant and round: both are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from storage import keys
from storage.db import run_read, run_write
from storage.errors import AccessDenied, BadText, JoinRefused, NotFound, StorageError, WorkshopClosed
from storage.schema import participants, submissions, workshops

MAX_TITLE = 120
MAX_NAME = 80
CODE_ATTEMPTS = 8
ROUNDS = (1, 2)
ANONYMITY = ("named", "role", "anonymous")
# The tool's judgement (README, Methodology): a strategy team is 5–30 people, a large room 50–80, so 150
# leaves room; 60 joins a minute lets a room of 50 scan the QR at once but stops a script filling it.
KEEP: Any = object()  # submit(name=KEEP): leave the stored name (or role) as it is
MAX_PARTICIPANTS = 150
JOINS_PER_MINUTE = 60


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
    anonymity: str = "named"
    round: int = 1
    revealed: bool = False

    @property
    def asks_names(self) -> bool:
        return self.anonymity == "named"

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
    answers: dict[str, Any] | None  # to resume with: unsubmitted answers if newer, else the latest submission
    ahp: Any
    submitted_at: datetime | None  # of a submission in the open round; None if not yet this round
    revision: int


@dataclass(frozen=True)
class SubmissionRow:
    name: str | None
    role: str | None
    answers: dict[str, Any]
    ahp: Any
    submitted_at: datetime
    revision: int
    participant: int = 0  # the participant's row id (what the facilitator excludes or deletes)
    round: int = 1
    excluded: bool = False


@dataclass(frozen=True)
class Counts:
    joined: int
    submitted: int  # in the open round
    last_submitted_at: datetime | None


@dataclass(frozen=True)
class Presence:
    """One participant as the participation panel sees them: no name, no answers."""

    role: str | None
    submitted: bool  # in the open round
    progress: int  # questions answered so far (reported by their page)
    excluded: bool


_WORKSHOP_COLUMNS = (
    workshops.c.anonymity,
    workshops.c.round,
    workshops.c.revealed,
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
        anonymity=row.anonymity,
        round=row.round,
        revealed=bool(row.revealed),
    )


def check_text(value: Any) -> None:
    """Refuse NUL and lone surrogates anywhere in a text or inside answers (lists, dicts)."""
    if isinstance(value, str):
        if "\x00" in value or any(0xD800 <= ord(c) <= 0xDFFF for c in value):
            raise BadText("text holds a NUL character or a lone surrogate")
    elif isinstance(value, dict):
        for k, v in value.items():
            check_text(k)
            check_text(v)
    elif isinstance(value, list | tuple):
        for v in value:
            check_text(v)


def _clean_text(text: Any, limit: int) -> Any:
    if text is KEEP:
        return KEEP
    check_text(text)
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
    anonymity: str = "named",
    owner: str | None = None,
) -> Created:
    """A new workshop, round 1 open, with a fresh join code (unique; a clash retries) and a key."""
    title = _clean_text(title, MAX_TITLE)
    if not title:
        raise ValueError("a workshop needs a title")
    if anonymity not in ANONYMITY:
        raise ValueError(f"anonymity must be one of {ANONYMITY}")
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
            "anonymity": anonymity,
            "round": 1,
            "revealed": False,
            "owner": owner,
        }
        try:
            run_write(engine, lambda conn, row=row: conn.execute(workshops.insert().values(**row)))
        except StorageError as exc:
            if exc.code == "conflict":  # the code is taken (1 in ~900 million per workshop): draw again
                continue
            raise
        return Created(Workshop(**{k: row[k] for k in Workshop.__dataclass_fields__}), key)
    raise StorageError("unavailable", "could not find a free join code")


def owned_workshops(engine: Engine, owner: str) -> list[Workshop]:
    """The workshops a signed-in facilitator created, newest first."""
    if not owner:
        return []

    def work(conn: Connection) -> list[Workshop]:
        rows = conn.execute(
            select(*_WORKSHOP_COLUMNS)
            .where(workshops.c.owner == owner)
            .order_by(workshops.c.created_at.desc())
        )
        return [_workshop(r) for r in rows]

    return run_read(engine, work)


def reissue_key(engine: Engine, workshop_id: str, owner: str) -> str:
    """A new facilitator key for the workshop's signed-in owner (only the hash of a key is stored, so
    the old one cannot be handed back: its private link stops working). AccessDenied otherwise."""
    if not owner or not keys.valid_workshop_id(workshop_id):
        raise AccessDenied()
    key = keys.new_key()
    salt, digest = keys.hash_key(key)

    def work(conn: Connection) -> str:
        changed = conn.execute(
            update(workshops)
            .where(workshops.c.id == workshop_id, workshops.c.owner == owner)
            .values(key_salt=salt, key_hash=digest)
        ).rowcount
        if not changed:
            raise AccessDenied()
        return key

    return run_write(engine, work)


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


def _submission_rows(conn: Connection, workshop_id: str, round: int | None) -> list[SubmissionRow]:
    query = (
        select(
            participants.c.name,
            participants.c.role,
            submissions.c.answers,
            submissions.c.ahp,
            submissions.c.submitted_at,
            submissions.c.revision,
            participants.c.id.label("participant"),
            submissions.c.round,
            participants.c.excluded,
        )
        .join(participants, participants.c.id == submissions.c.participant_id)
        .where(submissions.c.workshop_id == workshop_id)
        .order_by(submissions.c.round, submissions.c.submitted_at, participants.c.id)
    )
    if round is not None:
        query = query.where(submissions.c.round == round)
    return [
        SubmissionRow(
            r.name,
            r.role,
            r.answers or {},
            r.ahp,
            r.submitted_at,
            r.revision,
            r.participant,
            r.round,
            bool(r.excluded),
        )
        for r in conn.execute(query)
    ]


def all_submissions(
    engine: Engine, workshop_id: str, key: str, round: int | None = None
) -> list[SubmissionRow]:
    """Every participant's latest submission of each round (or of one), oldest first, excluded ones
    flagged (facilitator only)."""

    def work(conn: Connection) -> list[SubmissionRow]:
        _authorised(conn, workshop_id, key)
        return _submission_rows(conn, workshop_id, round)

    return run_read(engine, work)


def counts(engine: Engine, workshop_id: str, key: str) -> Counts:
    """How many joined and how many submitted in the open round (facilitator only)."""

    def work(conn: Connection) -> Counts:
        workshop = _authorised(conn, workshop_id, key)
        joined = conn.execute(
            select(func.count()).select_from(participants).where(participants.c.workshop_id == workshop_id)
        ).scalar_one()
        submitted, last = conn.execute(
            select(func.count(), func.max(submissions.c.submitted_at)).where(
                submissions.c.workshop_id == workshop_id, submissions.c.round == workshop.round
            )
        ).one()
        return Counts(joined, submitted, last)

    return run_read(engine, work)


def presence(engine: Engine, workshop_id: str, key: str) -> list[Presence]:
    """Who has joined, is answering or has submitted in the open round — never names or answers."""

    def work(conn: Connection) -> list[Presence]:
        workshop = _authorised(conn, workshop_id, key)
        submitted = (
            select(submissions.c.participant_id)
            .where(submissions.c.workshop_id == workshop_id, submissions.c.round == workshop.round)
            .scalar_subquery()
        )
        rows = conn.execute(
            select(
                participants.c.role,
                participants.c.id.in_(submitted).label("submitted"),
                participants.c.progress,
                participants.c.excluded,
            ).where(participants.c.workshop_id == workshop_id)
        )
        return [Presence(r.role, bool(r.submitted), r.progress or 0, bool(r.excluded)) for r in rows]

    return run_read(engine, work)


def _set_workshop(engine: Engine, workshop_id: str, key: str, **values: Any) -> Workshop:
    def work(conn: Connection) -> Workshop:
        _authorised(conn, workshop_id, key, lock=True)
        conn.execute(update(workshops).where(workshops.c.id == workshop_id).values(**values))
        return _authorised(conn, workshop_id, key)

    return run_write(engine, work)


def set_revealed(engine: Engine, workshop_id: str, key: str, revealed: bool) -> Workshop:
    """Show (or hide again) round 1's anonymous spread to the participants."""
    return _set_workshop(engine, workshop_id, key, revealed=revealed)


def open_round(engine: Engine, workshop_id: str, key: str, round: int) -> Workshop:
    """Open a round for answers. Round 2 shows round 1's spread (it reveals it); going back to round 1
    keeps round 2's submissions and only changes where new ones go."""
    if round not in ROUNDS:
        raise ValueError(f"round must be one of {ROUNDS}")
    values: dict[str, Any] = {"round": round}
    if round == 2:
        values["revealed"] = True
    return _set_workshop(engine, workshop_id, key, **values)


def set_excluded(engine: Engine, workshop_id: str, key: str, participant: int, excluded: bool) -> None:
    """Leave one participant's submissions out of every result (kept, and can be taken back in)."""

    def work(conn: Connection) -> None:
        _authorised(conn, workshop_id, key, lock=True)
        changed = conn.execute(
            update(participants)
            .where(participants.c.workshop_id == workshop_id, participants.c.id == participant)
            .values(excluded=excluded)
        ).rowcount
        if not changed:
            raise NotFound()

    run_write(engine, work)


def delete_participant(engine: Engine, workshop_id: str, key: str, participant: int) -> None:
    """One participant and all their submissions, for good."""

    def work(conn: Connection) -> None:
        _authorised(conn, workshop_id, key, lock=True)
        mine = (submissions.c.workshop_id == workshop_id) & (submissions.c.participant_id == participant)
        conn.execute(delete(submissions).where(mine))
        gone = conn.execute(
            delete(participants).where(
                participants.c.workshop_id == workshop_id, participants.c.id == participant
            )
        ).rowcount
        if not gone:
            raise NotFound()

    run_write(engine, work)


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


def workshop_by_id(engine: Engine, workshop_id: str) -> Workshop:
    """The same public facts by id (a participant's page polling for a new round or a reveal)."""
    if not keys.valid_workshop_id(workshop_id):
        raise NotFound()

    def work(conn: Connection) -> Workshop:
        row = conn.execute(select(*_WORKSHOP_COLUMNS).where(workshops.c.id == workshop_id)).first()
        if row is None:
            raise NotFound()
        return _workshop(row)

    return run_read(engine, work)


def _find_participant(conn: Connection, workshop_id: str, token: str) -> int | None:
    return conn.execute(
        select(participants.c.id).where(
            participants.c.workshop_id == workshop_id, participants.c.token == token
        )
    ).scalar()


def _admit(conn: Connection, workshop: Workshop, token: str, name: str | None, role: str | None) -> int:
    """The participant's row id: registered now if new (within the cap and the rate limit), else their
    name and role set to what they give now — an empty name clears the stored one, KEEP keeps it."""
    if not workshop.asks_names:
        name = None  # role-only and anonymous workshops never store a name
    existing = _find_participant(conn, workshop.id, token)
    changes = {k: v for k, v in (("name", name), ("role", role)) if v is not KEEP}
    if existing is not None:
        if changes:
            conn.execute(update(participants).where(participants.c.id == existing).values(**changes))
        return existing
    name, role = (None if v is KEEP else v for v in (name, role))
    mine = participants.c.workshop_id == workshop.id
    total = conn.execute(select(func.count()).select_from(participants).where(mine)).scalar_one()
    if total >= MAX_PARTICIPANTS:
        raise JoinRefused("full")
    since = utcnow() - timedelta(minutes=1)
    recent = conn.execute(
        select(func.count()).select_from(participants).where(mine, participants.c.joined_at >= since)
    ).scalar_one()
    if recent >= JOINS_PER_MINUTE:
        raise JoinRefused("busy")
    values = {"workshop_id": workshop.id, "token": token, "name": name, "role": role, "joined_at": utcnow()}
    try:
        with conn.begin_nested():  # a concurrent join with the same token: the unique constraint decides
            conn.execute(participants.insert().values(**values))
    except IntegrityError:
        pass
    return _find_participant(conn, workshop.id, token)


def _dialect_insert(conn: Connection):
    name = conn.dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        return None
    return insert


def _open_workshop(conn: Connection, workshop_id: str, exclusive: bool = False) -> Workshop:
    # a row lock: a concurrent close waits for this submission, or this submission sees it closed;
    # joins take it exclusively so the cap and the rate limit count every other join
    row = conn.execute(
        select(*_WORKSHOP_COLUMNS).where(workshops.c.id == workshop_id).with_for_update(read=not exclusive)
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
    """Register (or rename) a participant; nothing is shared with them. JoinRefused past the cap or
    the rate limit, BadText for a NUL or a lone surrogate."""
    if not keys.valid_token(token):
        raise ValueError("bad participant token")
    name, role = _clean_text(name, MAX_NAME), _clean_text(role, 20)

    def work(conn: Connection) -> None:
        _admit(conn, _open_workshop(conn, workshop_id, exclusive=True), token, name, role)

    run_write(engine, work)


def submit(
    engine: Engine,
    workshop_id: str,
    token: str,
    answers: dict[str, Any],
    name: str | None = KEEP,
    role: str | None = KEEP,
    ahp: Any = None,
) -> datetime:
    """Store a participant's answers for the open round: the first time inserts, later times update the
    same row (a new participant is admitted as by join). A name or role given (None or "" included)
    replaces the stored one; KEEP, the default, leaves it."""
    if not keys.valid_token(token):
        raise ValueError("bad participant token")
    if not isinstance(answers, dict):
        raise ValueError("answers must be a mapping")
    check_text(answers)
    name, role = _clean_text(name, MAX_NAME), _clean_text(role, 20)
    at = utcnow()

    def work(conn: Connection) -> datetime:
        known = _find_participant(conn, workshop_id, token) is not None
        workshop = _open_workshop(conn, workshop_id, exclusive=not known)
        pid = _admit(conn, workshop, token, name, role)
        values = {
            "participant_id": pid,
            "round": workshop.round,
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
                    index_elements=["participant_id", "round"],
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
                .where(submissions.c.participant_id == pid, submissions.c.round == workshop.round)
                .values(answers=answers, ahp=ahp, submitted_at=at, revision=submissions.c.revision + 1)
            ).rowcount
            if not changed:
                conn.execute(submissions.insert().values(**values))
        return at

    return run_write(engine, work)


def report_progress(
    engine: Engine, workshop_id: str, token: str, answered: int, answers: dict[str, Any] | None = None
) -> None:
    """How many questions a participant has answered (the facilitator's "in progress", a count only)
    and, when given, their answers so far — kept for them alone, so a reload brings them back."""
    if not keys.valid_token(token):
        raise NotFound()
    values: dict[str, Any] = {"progress": max(0, int(answered))}
    if answers is not None:
        check_text(answers)
        values |= {"pending": answers, "pending_at": utcnow()}

    def work(conn: Connection) -> None:
        conn.execute(
            update(participants)
            .where(participants.c.workshop_id == workshop_id, participants.c.token == token)
            .values(**values)
        )

    run_write(engine, work)


def own_submission(engine: Engine, workshop_id: str, token: str) -> Participant:
    """A participant's own row (to resume after a reload): their answers not yet submitted if they are
    newer than their latest submission, else that submission up to the open round (round 2 starts from
    their round 1 answers); NotFound if the token is not registered."""
    if not keys.valid_token(token):
        raise NotFound()

    def work(conn: Connection) -> Participant:
        who = conn.execute(
            select(
                participants.c.id,
                participants.c.name,
                participants.c.role,
                participants.c.pending,
                participants.c.pending_at,
                workshops.c.round,
            )
            .join(workshops, workshops.c.id == participants.c.workshop_id)
            .where(participants.c.workshop_id == workshop_id, participants.c.token == token)
        ).first()
        if who is None:
            raise NotFound()
        row = conn.execute(
            select(
                submissions.c.answers,
                submissions.c.ahp,
                submissions.c.submitted_at,
                submissions.c.revision,
                submissions.c.round,
            )
            .where(submissions.c.participant_id == who.id, submissions.c.round <= who.round)
            .order_by(submissions.c.round.desc())
            .limit(1)
        ).first()
        pending_newer = who.pending is not None and (row is None or who.pending_at > row.submitted_at)
        if row is None:
            return Participant(
                token, who.name, who.role, who.pending if pending_newer else None, None, None, 0
            )
        this_round = row.round == who.round
        return Participant(
            token,
            who.name,
            who.role,
            who.pending if pending_newer else row.answers,
            row.ahp,
            row.submitted_at if this_round else None,
            row.revision if this_round else 0,
        )

    return run_read(engine, work)


def revealed_answers(engine: Engine, workshop_id: str, token: str, round: int = 1) -> list[dict[str, Any]]:
    """The answers of one round without names, roles or times — for a registered participant, and
    only once the facilitator has revealed that round (AccessDenied before). Excluded ones are left out."""
    if not keys.valid_token(token):
        raise AccessDenied()

    def work(conn: Connection) -> list[dict[str, Any]]:
        workshop = conn.execute(select(workshops.c.revealed).where(workshops.c.id == workshop_id)).first()
        if workshop is None:
            raise NotFound()
        if not workshop.revealed or _find_participant(conn, workshop_id, token) is None:
            raise AccessDenied()
        rows = conn.execute(
            select(submissions.c.answers)
            .join(participants, participants.c.id == submissions.c.participant_id)
            .where(
                submissions.c.workshop_id == workshop_id,
                submissions.c.round == round,
                participants.c.excluded.is_(False),
            )
        )
        return [r.answers or {} for r in rows]

    return run_read(engine, work)
