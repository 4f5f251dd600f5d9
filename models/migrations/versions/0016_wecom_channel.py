"""the WeCom channel: members, cards, a person's WeCom chat and last-used chat, issue 19

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 02:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models.types

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(sa.Column("wecom_chat_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("last_chat_id", sa.BigInteger(), nullable=True))
        batch_op.create_unique_constraint("uq_staff_wecom_chat_id", ["wecom_chat_id"])
    op.create_table(
        "wecom_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("userid", sa.String(length=64), nullable=False),
        sa.Column("created_at", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("userid"),
    )
    op.create_table(
        "wecom_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("task_id", sa.String(length=128), nullable=True),
        sa.Column("response_code", sa.String(length=256), nullable=True),
        sa.Column("created_at", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("task_id"),
    )
    op.create_index("ix_wecom_cards_chat_id", "wecom_cards", ["chat_id"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_wecom_cards_chat_id", table_name="wecom_cards")
    op.drop_table("wecom_cards")
    op.drop_table("wecom_members")
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_constraint("uq_staff_wecom_chat_id", type_="unique")
        batch_op.drop_column("last_chat_id")
        batch_op.drop_column("wecom_chat_id")
