"""The annual assessment read back: results with names, the year's quota evidence, 述职 drafts.

Grading itself (a write) is services/grading.py; this module holds what it and the reports
share: the academic year's days, the roster counts and the quota compliance evidence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.assessment import (
    AssessmentRound,
    CounselorAssessment,
    HeadTeacherAssessment,
    SelfEvaluation,
    counselor_rows,
    head_teacher_rows,
    published_excellent,
    self_evaluations,
)
from models.indicators import ClassIndicator
from models.org import College, CounselorClass, HeadTeacherClass, SchoolClass, Staff, Student
from models.records import RecordStudent, WorkRecord
from policy.assessment import a03_excellent_cap, excellent_places
from policy.calendar import DateRange
from policy.evaluation import RuleStatus
from policy.service import PolicyService

CLOSED = ("met", "missed")


@dataclass(frozen=True)
class Places:
    """A03 across the university: those graded, the cap, 优秀 already published, places left."""

    graded: int
    cap: int
    taken: int
    left: int


async def university_places(
    session: AsyncSession, policy: PolicyService, *, academic_year: str
) -> Places | None:
    """The 优秀 places of the year (None when each college has its own 15%)."""
    rules = policy.policy.assessment
    if rules.excellent_quota_scope != "university":
        return None
    graded, taken = await published_excellent(session, academic_year=academic_year)
    cap = a03_excellent_cap(graded, rules.excellent_cap_percent)
    left = excellent_places(graded, taken, rules.excellent_cap_percent)
    return Places(graded, cap, taken, left)


def year_range(policy: PolicyService, academic_year: str) -> DateRange:
    """The days of an academic year named like 2025-2026 (1 September–31 August if unknown)."""
    for year in policy.calendar.data.years:
        if year.name == academic_year:
            return DateRange(start=year.start, end=year.end)
    first = int(academic_year[:4])
    return DateRange(start=date(first, 9, 1), end=date(first + 1, 8, 31))


async def roster_counts(session: AsyncSession, staff_ids: list[int]) -> dict[int, int]:
    """How many active students each counselor has on the roster."""
    query = (
        select(CounselorClass.staff_id, sa.func.count(col(Student.id)))
        .join(Student, col(Student.class_id) == col(CounselorClass.class_id))
        .where(col(CounselorClass.staff_id).in_(staff_ids), col(Student.active))
        .group_by(col(CounselorClass.staff_id))
    )
    return {sid: n for sid, n in (await session.exec(query)).all()} if staff_ids else {}


async def quota_evidence(
    session: AsyncSession, policy: PolicyService, *, staff_ids: list[int], year: DateRange,
    now: datetime,
) -> dict[int, list[RuleStatus]]:  # fmt: skip
    """Each person's closed rule-periods of the year, met or missed.

    An evaluation keeps the period that closed within the grace days, so evaluating once per
    grace span (at most a week) from the year's start sees every period that closed in it.
    """
    step = max(1, min(7, policy.policy.settings.closed_grace_days))
    last = min(year.end + timedelta(days=step), policy.today(now))
    found: dict[tuple[Any, ...], RuleStatus] = {}
    day = year.start + timedelta(days=1)
    while staff_ids and day <= last:
        moment = datetime.combine(day, time(12), tzinfo=policy.tz).astimezone(UTC)
        evaluation = await policy.evaluate(session, now=moment, staff_ids=staff_ids)
        for s in evaluation.statuses:
            if s.status in CLOSED and s.period.end < day and year.start <= s.period.end <= year.end:
                key = (s.staff_id, s.rule.id, s.period.start, s.period.end, s.class_id, s.unit)
                found[key] = s
        day += timedelta(days=step)
    by_staff: dict[int, list[RuleStatus]] = {sid: [] for sid in staff_ids}
    for status in sorted(found.values(), key=lambda s: (s.rule.id, s.period.start)):
        by_staff[status.staff_id].append(status)
    return by_staff


def missed_entry(status: RuleStatus) -> dict[str, Any]:
    """A missed rule-period as stored beside the score."""
    return {
        "rule": status.rule.id,
        "title": status.rule.title_zh,
        "start": status.period.start.isoformat(),
        "end": status.period.end.isoformat(),
        "done": status.done,
        "target": status.target,
    }


@dataclass(frozen=True)
class Person:
    """A row with the person's name and 工号, ready to show."""

    staff_id: int
    name: str
    staff_no: str
    chat_id: int | None
    language: str


@dataclass(frozen=True)
class CollegeResults:
    """One college's assessment of a year: its state, counselors and head teachers."""

    college_id: int
    college_name: str
    academic_year: str
    state: str
    counselors: tuple[tuple[Person, CounselorAssessment], ...]
    head_teachers: tuple[tuple[Person, HeadTeacherAssessment], ...]
    indicators: dict[int, list[tuple[str, ClassIndicator]]]
    selves: dict[int, SelfEvaluation]

    def self_score(self, row: CounselorAssessment) -> float | None:
        """The 自评 that counted: the imported one, else the one given in chat."""
        if row.self_score is not None:
            return row.self_score
        own = self.selves.get(row.staff_id)
        return own.score if own else None

    @property
    def pending(self) -> list[str]:
        """Names of those who cannot be graded until the student evaluation is re-run."""
        return [p.name for p, r in self.counselors if r.grade == "pending"]


async def _people(session: AsyncSession, ids: Iterable[int]) -> dict[int, Person]:
    query = select(Staff).where(col(Staff.id).in_(list(ids)))
    return {
        s.id: Person(s.id, s.name, s.staff_no or "", s.chat_id, s.language)
        for s in (await session.exec(query)).all()
        if s.id is not None
    }


async def _indicators(
    session: AsyncSession, head_ids: list[int], academic_year: str
) -> dict[int, list[tuple[str, ClassIndicator]]]:
    """A09: each head teacher's classes with their indicators of the year."""
    query = (
        select(HeadTeacherClass.staff_id, SchoolClass.name, ClassIndicator)
        .join(SchoolClass, col(SchoolClass.id) == col(HeadTeacherClass.class_id))
        .join(ClassIndicator, col(ClassIndicator.class_id) == col(SchoolClass.id))
        .where(col(HeadTeacherClass.staff_id).in_(head_ids))
        .where(ClassIndicator.academic_year == academic_year)
        .order_by(col(SchoolClass.name))
    )
    found: dict[int, list[tuple[str, ClassIndicator]]] = {}
    for sid, name, indicator in (await session.exec(query)).all() if head_ids else []:
        found.setdefault(sid, []).append((name, indicator))
    return found


async def gather_results(
    session: AsyncSession, *, academic_year: str, college_ids: Sequence[int] | None = None
) -> list[CollegeResults]:
    """The results of a year by college (those with any rows), people sorted by total."""
    query = select(AssessmentRound, College).join(
        College, col(College.id) == col(AssessmentRound.college_id)
    )
    query = query.where(AssessmentRound.academic_year == academic_year)
    if college_ids is not None:
        query = query.where(col(AssessmentRound.college_id).in_(list(college_ids)))
    rounds = sorted((await session.exec(query)).all(), key=lambda rc: rc[1].name)
    ids = [r.college_id for r, _ in rounds]
    counselors = await counselor_rows(session, academic_year=academic_year, college_ids=ids)
    heads = await head_teacher_rows(session, academic_year=academic_year, college_ids=ids)
    people = await _people(session, {r.staff_id for r in counselors} | {h.staff_id for h in heads})
    indicators = await _indicators(session, [h.staff_id for h in heads], academic_year)
    selves = await self_evaluations(
        session, staff_ids=[r.staff_id for r in counselors], academic_year=academic_year
    )

    def order(row: CounselorAssessment | HeadTeacherAssessment) -> tuple[float, str]:
        value = row.total if isinstance(row, CounselorAssessment) else row.score
        return (-(value if value is not None else -1), people[row.staff_id].staff_no)

    found = []
    for current, college in rounds:
        own_c = sorted((r for r in counselors if r.college_id == current.college_id), key=order)
        own_h = sorted((r for r in heads if r.college_id == current.college_id), key=order)
        found.append(CollegeResults(
            current.college_id, college.name, academic_year, current.state,
            tuple((people[r.staff_id], r) for r in own_c),
            tuple((people[r.staff_id], r) for r in own_h),
            {h.staff_id: indicators.get(h.staff_id, []) for h in own_h},
            {r.staff_id: selves[r.staff_id] for r in own_c if r.staff_id in selves},
        ))  # fmt: skip
    return found


@dataclass(frozen=True)
class DutyReport:
    """What a counselor's 述职 draft is made of, from the year's records."""

    name: str
    academic_year: str
    met: int
    total: int
    missed: tuple[dict[str, Any], ...]
    met_rules: tuple[tuple[str, str, int], ...]  # rule id, title, periods met
    kinds: tuple[tuple[str, int], ...]
    students_reached: int
    roster_students: int
    crises: int


async def duty_report(
    session: AsyncSession, policy: PolicyService, *, staff: Staff, academic_year: str,
    now: datetime,
) -> DutyReport:  # fmt: skip
    """A counselor's year from their records: quotas met and missed, counts, coverage, crises."""
    assert staff.id is not None
    year = year_range(policy, academic_year)
    statuses = (await quota_evidence(
        session, policy, staff_ids=[staff.id], year=year, now=now
    ))[staff.id]  # fmt: skip
    met_by_rule: Counter[tuple[str, str]] = Counter(
        (s.rule.id, s.rule.title_zh) for s in statuses if s.status == "met"
    )
    in_year = (
        col(WorkRecord.staff_id) == staff.id,
        col(WorkRecord.deleted_at).is_(None),
        col(WorkRecord.occurred_on) >= year.start,
        col(WorkRecord.occurred_on) <= year.end,
    )
    kinds_query = (
        select(WorkRecord.kind, sa.func.count(col(WorkRecord.id)))
        .where(*in_year)
        .group_by(col(WorkRecord.kind))
    )
    kinds = sorted((await session.exec(kinds_query)).all(), key=lambda kn: (-kn[1], kn[0]))
    crises_query = select(sa.func.count(col(WorkRecord.id))).where(*in_year, col(WorkRecord.crisis))
    crises = (await session.exec(crises_query)).one()
    mine = select(CounselorClass.class_id).where(CounselorClass.staff_id == staff.id)
    reached_query = (
        select(sa.func.count(sa.distinct(col(RecordStudent.student_id))))
        .join(WorkRecord, col(WorkRecord.id) == col(RecordStudent.record_id))
        .join(Student, col(Student.id) == col(RecordStudent.student_id))
        .where(*in_year, col(Student.class_id).in_(mine), col(Student.active))
    )
    reached = (await session.exec(reached_query)).one()
    roster = (await roster_counts(session, [staff.id])).get(staff.id, 0)
    return DutyReport(
        staff.name, academic_year, sum(met_by_rule.values()), len(statuses),
        tuple(missed_entry(s) for s in statuses if s.status == "missed"),
        tuple((rid, title, n) for (rid, title), n in sorted(met_by_rule.items())),
        tuple((k, n) for k, n in kinds), reached, roster, crises,
    )  # fmt: skip
