"""Tables of the workshop store (SQLAlchemy Core). Times are naive UTC."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB

SCHEMA_VERSION = 1

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
    # one row per participant and workshop: what makes resubmission an update, never a duplicate
    UniqueConstraint("workshop_id", "token", name="uq_participant_token"),
)

submissions = Table(
    "submissions",
    metadata,
    Column(
        "participant_id",
        Integer,
        ForeignKey("participants.id", ondelete="CASCADE"),
        primary_key=True,  # a participant has one (latest) submission
    ),
    Column(
        "workshop_id", String(32), ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("answers", Json, nullable=False),
    Column("ahp", Json, nullable=True),
    Column("submitted_at", DateTime, nullable=False),
    Column("revision", Integer, nullable=False),
)
