"""学制, 系, 宿舍心理信息员 and 任课教师 on the failure-rate list (C38b, D01, C35, D02), issue 20

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 02:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import models.types

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COPIED = "college_id, term, department, course, enrolled, failed, imported_by, imported_at"


def _course_failures(name: str, *, teacher: bool) -> None:
    """The failure-rate table, with or without 任课教师 in its key (its constraint is new)."""
    text = sqlmodel.AutoString
    key = ["college_id", "term", "department", "course"] + (["teacher"] if teacher else [])
    columns = [
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
        sa.UniqueConstraint(*key, name="uq_course_failures_section" if teacher else None),
    ]
    if teacher:
        columns.insert(5, sa.Column("teacher", text(length=100), server_default="", nullable=False))
    op.create_table(name, *columns)


def _swap(*, teacher: bool) -> None:
    """Rebuild course_failures (a unique key cannot be changed in place on SQLite)."""
    _course_failures("course_failures_next", teacher=teacher)
    op.execute(f"INSERT INTO course_failures_next ({COPIED}) SELECT {COPIED} FROM course_failures")
    with op.batch_alter_table("course_failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_course_failures_college_id"))
    op.drop_table("course_failures")
    op.rename_table("course_failures_next", "course_failures")
    with op.batch_alter_table("course_failures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_course_failures_college_id"), ["college_id"], unique=False
        )


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("classes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("program_years", sa.Integer(), server_default="4", nullable=False)
        )
    with op.batch_alter_table("majors", schema=None) as batch_op:
        batch_op.add_column(sa.Column("department", sqlmodel.AutoString(length=100), nullable=True))
    with op.batch_alter_table("students", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "dorm_psych_informant", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
    _swap(teacher=True)


def downgrade() -> None:
    """Revert this revision (a failure-rate list split by teacher keeps one line per course)."""
    op.execute("DELETE FROM course_failures WHERE teacher <> ''")
    _swap(teacher=False)
    with op.batch_alter_table("students", schema=None) as batch_op:
        batch_op.drop_column("dorm_psych_informant")
    with op.batch_alter_table("majors", schema=None) as batch_op:
        batch_op.drop_column("department")
    with op.batch_alter_table("classes", schema=None) as batch_op:
        batch_op.drop_column("program_years")
