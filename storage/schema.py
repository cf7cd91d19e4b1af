"""Tables of the workshop store (SQLAlchemy Core). Times are naive UTC.

This metadata is the schema at Alembic's head: a change here needs a revision in alembic/versions/
(tests/test_workshop_migrations.py fails while the two differ)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy.dialects.postgresql import JSONB

SCHEMA_VERSION = 2  # the app version of the schema, kept beside Alembic's revision for older apps

metadata = MetaData()
Json = JSON().with_variant(JSONB(), "postgresql")

schema_version = Table(
    "schema_version",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("version", Integer, nullable=False),
)

workshops = Table(
    "workshops",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("code", String(12), nullable=False, unique=True),
    Column("title", String(200), nullable=False),
    Column("lang", String(8), nullable=False),
    Column("deadline", DateTime, nullable=True),
    Column("closed", Boolean, nullable=False, default=False),
    Column("key_salt", String(64), nullable=False),
    Column("key_hash", String(128), nullable=False),
    Column("questionnaire_id", String(64), nullable=False),
    Column("questionnaire_version", Integer, nullable=False),
    Column("created_at", DateTime, nullable=False),
    # named | role | anonymous: what participants are asked for (and told before they answer)
    Column("anonymity", String(12), nullable=False, server_default="named"),
    Column("round", Integer, nullable=False, server_default="1"),  # the round open for answers: 1 or 2
    Column("revealed", Boolean, nullable=False, server_default=sa_false()),  # round 1's spread shown
    # "issuer|subject" of the facilitator signed in (st.login) when they created it; None otherwise
    Column("owner", String(300), nullable=True, index=True),
)

participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("workshop_id", String(32), ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    Column("token", String(64), nullable=False),
    Column("name", String(100), nullable=True),
    Column("role", String(20), nullable=True),
    Column("joined_at", DateTime, nullable=False),
    Column("excluded", Boolean, nullable=False, server_default=sa_false()),  # left out by the facilitator
    Column("progress", Integer, nullable=False, server_default="0"),  # questions answered so far
    # the participant's own answers not yet submitted, so a reload loses nothing; read only by
    # own_submission (never by the dashboard, the exports or the reveal)
    Column("pending", Json, nullable=True),
    Column("pending_at", DateTime, nullable=True),
    # one row per participant and workshop: what makes resubmission an update, never a duplicate
    UniqueConstraint("workshop_id", "token", name="uq_participant_token"),
)

submissions = Table(
    "submissions",
    metadata,
    Column("participant_id", Integer, ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    Column("round", Integer, nullable=False, server_default="1"),
    Column(
        "workshop_id", String(32), ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("answers", Json, nullable=False),
    Column("ahp", Json, nullable=True),
    Column("submitted_at", DateTime, nullable=False),
    Column("revision", Integer, nullable=False),
    # a participant has one (latest) submission per round; both rounds are kept
    PrimaryKeyConstraint("participant_id", "round", name="pk_submissions"),
)

# Autosaved work of the solo assessment (storage/drafts.py): one row per draft link. The key is the
# SHA-256 of the random id in the user's URL, so the table alone opens no draft.
drafts = Table(
    "drafts",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("document", Json, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False, index=True),
)
