"""course failure-rate lists (D02) and head-teacher spells (S06), issue 14

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.types

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    text = sqlmodel.AutoString
    op.create_table(
        "course_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("college_id", sa.Integer(), nullable=False),
        sa.Column("term", text(length=11), nullable=False),
        sa.Column("department", text(length=100), nullable=False),
        sa.Column("course", text(length=100), nullable=False),
        sa.Column("enrolled", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("imported_by", sa.Integer(), nullable=True),
        sa.Column("imported_at", models.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["college_id"], ["colleges.id"]),
        sa.ForeignKeyConstraint(["imported_by"], ["staff.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("college_id", "term", "department", "course"),
    )
    with op.batch_alter_table("course_failures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_course_failures_college_id"), ["college_id"], unique=False
        )
    op.create_table(
        "head_teacher_spells",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("class_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["class_id"], ["classes.id"]),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("head_teacher_spells", schema=None) as batch_op:
        batch_op.create_index(
            "ix_head_teacher_spells_class_end", ["class_id", "ended_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_head_teacher_spells_staff_id"), ["staff_id"], unique=False
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("head_teacher_spells", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_head_teacher_spells_staff_id"))
        batch_op.drop_index("ix_head_teacher_spells_class_end")
    op.drop_table("head_teacher_spells")
    with op.batch_alter_table("course_failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_course_failures_college_id"))
    op.drop_table("course_failures")
