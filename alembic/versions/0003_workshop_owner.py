"""The facilitator who created a workshop while signed in (OIDC issuer and subject), so they can
reopen it without the private link: issue 14, item 7.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("workshops", sa.Column("owner", sa.String(300), nullable=True))
    op.create_index("ix_workshops_owner", "workshops", ["owner"])


def downgrade() -> None:
    op.drop_index("ix_workshops_owner", "workshops")
    op.drop_column("workshops", "owner")
