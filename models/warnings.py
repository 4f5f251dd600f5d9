"""Academic-warning lists: which students were warned in which term, and for what."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime, utcnow


class AcademicWarning(SQLModel, table=True):
    """A student on a term's academic-warning list, with the courses failed."""

    __tablename__ = "academic_warnings"
    __table_args__ = (UniqueConstraint("student_id", "term"),)

    id: int | None = Field(default=None, primary_key=True)
    student_id: int = Field(foreign_key="students.id", index=True)
    # "2026-2027-1": the academic year and the term's number in it.
    term: str = Field(max_length=11)
    courses: str = Field(max_length=500)
    failed_courses: int
    imported_by: int | None = Field(default=None, foreign_key="staff.id")
    imported_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
