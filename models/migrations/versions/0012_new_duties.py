"""roster flags 心理委员 / 特殊群体, the 教务员 role (issue 14: C35, C37, E01)

Numbered 0012 because two branches (outbox files, encryption) both hold an 0010: whichever
lands second becomes 0011, and this one then revises it.

Revision ID: 0012
Revises: 0009
Create Date: 2026-12-03 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("students", schema=None) as batch_op:
        for name in ("psych_committee", "special_group"):
            batch_op.add_column(
                sa.Column(name, sa.Boolean(), server_default=sa.false(), nullable=False)
            )
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_academic_staff", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_column("is_academic_staff")
    with op.batch_alter_table("students", schema=None) as batch_op:
        batch_op.drop_column("special_group")
        batch_op.drop_column("psych_committee")
