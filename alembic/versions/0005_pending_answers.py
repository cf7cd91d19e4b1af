"""A participant's answers not yet submitted, kept with their row so a reload loses nothing
(storage/workshops.py report_progress and own_submission).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "participants", sa.Column("pending", sa.JSON().with_variant(JSONB(), "postgresql"), nullable=True)
    )
    op.add_column("participants", sa.Column("pending_at", sa.DateTime, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("pending_at")
        batch.drop_column("pending")
