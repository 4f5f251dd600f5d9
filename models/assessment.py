"""Tables of the annual assessment: imported scores and facts, results, and their state."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel, col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.channels import bound_on_any_channel
from models.org import Staff
from models.types import UTCDateTime, utcnow

DRAFT = "draft"
GRADED = ("excellent", "qualified", "basically_qualified", "unqualified")
PUBLISHED = "published"


class AssessmentRound(SQLModel, table=True):
    """One college's assessment of one academic year: a draft until a leader publishes it."""

    __tablename__ = "assessment_rounds"
    __table_args__ = (UniqueConstraint("college_id", "academic_year"),)

    id: int | None = Field(default=None, primary_key=True)
    college_id: int = Field(foreign_key="colleges.id", index=True)
    academic_year: str = Field(max_length=9)
    state: str = Field(default=DRAFT, max_length=12)
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    published_by: int | None = Field(default=None, foreign_key="staff.id")


class CounselorAssessment(SQLModel, table=True):
    """A counselor's component scores and facts for a year (as imported) and the result."""

    __tablename__ = "counselor_assessments"
    __table_args__ = (UniqueConstraint("staff_id", "academic_year"),)

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    college_id: int = Field(foreign_key="colleges.id", index=True)
    academic_year: str = Field(max_length=9)
    self_score: float | None = None  # None: the self-evaluation given in chat counts
    student_score: float
    participants: int
    head_teacher_score: float
    panel_score: float
    peer_score: float
    department_score: float
    started_on: date | None = None
    seconded_months: float = 0
    leave_months: float = 0
    missed_training: bool = False
    missed_duty: bool = False
    days_away: float = 0
    punished_students: int = 0
    finding: str | None = Field(default=None, max_length=200)
    # Computed: the roster at computing time, the result and the quota evidence beside it.
    roster_students: int = 0
    total: float | None = None
    grade: str | None = Field(default=None, max_length=24)
    decided_by: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    limits: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    consequences: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    quota_met: int = 0
    quota_total: int = 0
    quota_missed: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    imported_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class HeadTeacherAssessment(SQLModel, table=True):
    """A head teacher's score from the college for a year (as imported) and the result."""

    __tablename__ = "head_teacher_assessments"
    __table_args__ = (UniqueConstraint("staff_id", "academic_year"),)

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    college_id: int = Field(foreign_key="colleges.id", index=True)
    academic_year: str = Field(max_length=9)
    score: float
    aid_error: bool = False
    grade: str | None = Field(default=None, max_length=24)
    decided_by: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    limits: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    consequences: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    imported_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SelfEvaluation(SQLModel, table=True):
    """A counselor's own score and statement, given in chat."""

    __tablename__ = "assessment_self_evaluations"
    __table_args__ = (UniqueConstraint("staff_id", "academic_year"),)

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    academic_year: str = Field(max_length=9)
    score: float
    statement: str = Field(default="", sa_column=Column(Text, nullable=False))
    submitted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


async def round_of(
    session: AsyncSession, *, college_id: int, academic_year: str
) -> AssessmentRound | None:
    """The college's round of this year, if anything was imported."""
    query = select(AssessmentRound).where(
        AssessmentRound.college_id == college_id, AssessmentRound.academic_year == academic_year
    )
    return (await session.exec(query)).first()


async def published_colleges(session: AsyncSession, *, academic_year: str) -> set[int]:
    """The colleges whose results of this year are published (and so locked)."""
    query = select(AssessmentRound.college_id).where(
        AssessmentRound.academic_year == academic_year, AssessmentRound.state == PUBLISHED
    )
    return set((await session.exec(query)).all())


async def counselor_rows(
    session: AsyncSession,
    *,
    academic_year: str,
    college_ids: list[int] | None = None,
    staff_ids: list[int] | None = None,
) -> list[CounselorAssessment]:
    """The counselors' rows of a year, of some colleges (or people) or all."""
    query = select(CounselorAssessment).where(CounselorAssessment.academic_year == academic_year)
    if college_ids is not None:
        query = query.where(col(CounselorAssessment.college_id).in_(college_ids))
    if staff_ids is not None:
        query = query.where(col(CounselorAssessment.staff_id).in_(staff_ids))
    return list((await session.exec(query.order_by(col(CounselorAssessment.id)))).all())


async def head_teacher_rows(
    session: AsyncSession,
    *,
    academic_year: str,
    college_ids: list[int] | None = None,
    staff_ids: list[int] | None = None,
) -> list[HeadTeacherAssessment]:
    """The head teachers' rows of a year, of some colleges (or people) or all."""
    query = select(HeadTeacherAssessment).where(
        HeadTeacherAssessment.academic_year == academic_year
    )
    if college_ids is not None:
        query = query.where(col(HeadTeacherAssessment.college_id).in_(college_ids))
    if staff_ids is not None:
        query = query.where(col(HeadTeacherAssessment.staff_id).in_(staff_ids))
    return list((await session.exec(query.order_by(col(HeadTeacherAssessment.id)))).all())


async def self_evaluation(
    session: AsyncSession, *, staff_id: int, academic_year: str
) -> SelfEvaluation | None:
    """A counselor's self-evaluation of a year, if given."""
    query = select(SelfEvaluation).where(
        SelfEvaluation.staff_id == staff_id, SelfEvaluation.academic_year == academic_year
    )
    return (await session.exec(query)).first()


async def self_evaluations(
    session: AsyncSession, *, staff_ids: list[int], academic_year: str
) -> dict[int, SelfEvaluation]:
    """The self-evaluations of these people for a year, by staff id."""
    if not staff_ids:
        return {}
    query = select(SelfEvaluation).where(
        col(SelfEvaluation.staff_id).in_(staff_ids), SelfEvaluation.academic_year == academic_year
    )
    return {s.staff_id: s for s in (await session.exec(query)).all()}


async def roster_head_teachers(session: AsyncSession) -> dict[int, int]:
    """A08's base: how many head teachers each college has on the roster, by college id."""
    query = (
        select(Staff.college_id, func.count())
        .where(col(Staff.is_head_teacher), col(Staff.college_id).is_not(None))
        .group_by(col(Staff.college_id))
    )
    return {cid: n for cid, n in (await session.exec(query)).all() if cid is not None}


async def published_excellent(session: AsyncSession, *, academic_year: str) -> tuple[int, int]:
    """A03: (counselors graded this year, 优秀 already final in published colleges)."""
    published = await published_colleges(session, academic_year=academic_year)
    rows = await counselor_rows(session, academic_year=academic_year)
    graded = sum(r.grade in GRADED for r in rows)
    taken = sum(r.grade == "excellent" and r.college_id in published for r in rows)
    return graded, taken


async def college_leaders(session: AsyncSession, *, college_id: int) -> list[Staff]:
    """The registered leaders of a college: who holds the reminder talks (A07)."""
    query = select(Staff).where(
        Staff.college_id == college_id,
        col(Staff.is_leader),
        bound_on_any_channel(),
    )
    return list((await session.exec(query.order_by(col(Staff.id)))).all())
