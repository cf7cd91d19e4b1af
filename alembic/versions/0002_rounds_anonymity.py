"""Rounds and reveal, anonymity, excluding a participant, progress: issue 14.

Submissions are keyed by participant and round (both Delphi rounds are kept); the rows already stored
become round 1.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import warnings

import sqlalchemy as sa

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN on both databases: on SQLite, copying a parent table (batch mode) would drop it,
    # and with foreign keys on that cascades into the submissions
    op.add_column("workshops", sa.Column("anonymity", sa.String(12), nullable=False, server_default="named"))
    op.add_column("workshops", sa.Column("round", sa.Integer, nullable=False, server_default="1"))
    op.add_column("workshops", sa.Column("revealed", sa.Boolean, nullable=False, server_default=sa.false()))
    op.add_column(
        "participants", sa.Column("excluded", sa.Boolean, nullable=False, server_default=sa.false())
    )
    op.add_column("participants", sa.Column("progress", sa.Integer, nullable=False, server_default="0"))
    if op.get_bind().dialect.name == "sqlite":
        # SQLite cannot change a primary key: batch mode copies the table into its new shape (and
        # warns that the copy's key differs from the reflected one, which is the point)
        with warnings.catch_warnings(), op.batch_alter_table("submissions", recreate="always") as batch:
            warnings.simplefilter("ignore", sa.exc.SAWarning)
            batch.add_column(sa.Column("round", sa.Integer, nullable=False, server_default="1"))
            batch.create_primary_key("pk_submissions", ["participant_id", "round"])
    else:
        op.add_column("submissions", sa.Column("round", sa.Integer, nullable=False, server_default="1"))
        op.drop_constraint("submissions_pkey", "submissions", type_="primary")
        op.create_primary_key("pk_submissions", "submissions", ["participant_id", "round"])
    op.execute("UPDATE schema_version SET version = 2 WHERE id = 1")


def downgrade() -> None:
    raise NotImplementedError("round 2 answers cannot be folded back into one submission per participant")
