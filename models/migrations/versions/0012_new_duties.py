"""roster flags 心理委员 / 特殊群体, the 教务员 role (issue 14: C35, C37, E01)

Numbered 0012 because a pending branch (outbox files) also holds an 0010 and will become 0011
after main's encryption 0010; when it lands, this one revises it instead.

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-03 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0010"
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
