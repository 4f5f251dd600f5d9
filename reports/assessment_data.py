"""The annual assessment from the database: grade a college's rows, gather them with names.

Grading reads the imported rows, the roster (how many students each counselor has) and the
self-evaluations given in chat, applies policy/assessment.py and writes the results back; a
published college is never regraded. Beside each counselor it stores the year's quota
compliance (share of rule-periods met and the missed ones) as evidence for 部门考核 — shown,
never mixed into the score.

Grading ranks every college of the year together (A03's line is university-wide by default),
so a college's grades are its rows of that one grading. Over 300 lines: grading, gathering
and the 述职 draft share their queries; splitting waits for the handlers refactor, which
moves the grading workflow to services/.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from imports.runner import After, ListResult
from models.assessment import (
    PUBLISHED,
    AssessmentRound,
    CounselorAssessment,
    HeadTeacherAssessment,
    SelfEvaluation,
    counselor_rows,
    head_teacher_rows,
    published_colleges,
    round_of,
    self_evaluations,
)
from models.indicators import ClassIndicator
from models.org import College, CounselorClass, HeadTeacherClass, SchoolClass, Staff, Student
from models.records import RecordStudent, WorkRecord
from policy.assessment import (
    Counselor,
    Facts,
    HeadTeacher,
    Reason,
    Result,
    Scores,
    grade_all_head_teachers,
    grade_university,
)
from policy.calendar import DateRange
from policy.evaluation import RuleStatus
from policy.service import PolicyService

CLOSED = ("met", "missed")


def year_range(policy: PolicyService, academic_year: str) -> DateRange:
    """The days of an academic year named like 2025-2026 (1 September–31 August if unknown)."""
    for year in policy.calendar.data.years:
        if year.name == academic_year:
            return DateRange(start=year.start, end=year.end)
    first = int(academic_year[:4])
    return DateRange(start=date(first, 9, 1), end=date(first + 1, 8, 31))


def _d(value: float | None) -> Decimal:
    return Decimal(str(value if value is not None else 0))


def _reason(reason: Reason) -> dict[str, Any]:
    return {"rule": reason.rule, "code": reason.code, "args": dict(reason.args)}


async def _roster_counts(session: AsyncSession, staff_ids: list[int]) -> dict[int, int]:
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


async def grade_college(
    session: AsyncSession,
    policy: PolicyService,
    *,
    college_id: int,
    academic_year: str,
    now: datetime,
    evidence: bool = True,
    quota: dict[int, list[RuleStatus]] | None = None,
) -> bool:
    """Grade the year with this college's evidence refreshed; False if the college is published."""
    current = await round_of(session, college_id=college_id, academic_year=academic_year)
    if current is not None and current.state == PUBLISHED:
        return False
    await grade_year(
        session, policy, academic_year=academic_year, now=now,
        evidence_for=[college_id] if evidence else [], quota=quota,
    )  # fmt: skip
    return True


async def grade_year(
    session: AsyncSession,
    policy: PolicyService,
    *,
    academic_year: str,
    now: datetime,
    evidence_for: Sequence[int] = (),
    quota: dict[int, list[RuleStatus]] | None = None,
) -> None:
    """Grade every college taking part in a year together; a published college keeps its grades.

    A03's 15% counts everyone taking part in the university (excellent_quota_scope), so one
    college's grades depend on the others': each grading ranks the whole year, and a
    college's grades are its rows of that ranking. Evidence is gathered only for
    `evidence_for` (the colleges whose lists changed), since it does not depend on the others.
    """
    published = await published_colleges(session, academic_year=academic_year)
    names = {c.id: c.name for c in (await session.exec(select(College))).all()}
    rules, settings = policy.policy.assessment, policy.policy.settings
    year = year_range(policy, academic_year)
    rows = await counselor_rows(session, academic_year=academic_year)
    ids = [r.staff_id for r in rows]
    roster = await _roster_counts(session, ids)
    selves = await self_evaluations(session, staff_ids=ids, academic_year=academic_year)
    part_time = await _part_time(session, ids)
    groups: dict[str, list[Counselor]] = {}
    for r in rows:
        groups.setdefault(names.get(r.college_id, ""), []).append(
            _counselor(r, roster, selves, r.staff_id not in part_time)
        )
    lines = {name: policy.policy.pass_line(name or None) for name in groups}
    graded = grade_university(groups, rules, year_end=year.end, pass_lines=lines)
    results = {res.key: res for found in graded.values() for res in found}
    evidence = [r.staff_id for r in rows if r.college_id in evidence_for]
    if evidence and quota is None:
        quota = await quota_evidence(session, policy, staff_ids=evidence, year=year, now=now)
    quota = quota or {}
    for row in rows:
        if row.college_id in published:
            continue
        row.roster_students = roster.get(row.staff_id, 0)
        _store(row, results[row.staff_id])
        if row.college_id in evidence_for:
            statuses = quota.get(row.staff_id, [])
            row.quota_total = len(statuses)
            row.quota_met = sum(s.status == "met" for s in statuses)
            row.quota_missed = [missed_entry(s) for s in statuses if s.status == "missed"]
        session.add(row)
    heads = await head_teacher_rows(session, academic_year=academic_year)
    teachers: dict[str, list[HeadTeacher]] = {}
    for h in heads:
        teachers.setdefault(names.get(h.college_id, ""), []).append(
            HeadTeacher(h.staff_id, _d(h.score), h.aid_error)
        )
    head_lines = {name: policy.policy.pass_line(name or None) for name in teachers}
    head_graded = grade_all_head_teachers(
        teachers, rules, pass_lines=head_lines, fail_below=settings.head_teacher_fail_below
    )
    head_results = {res.key: res for found in head_graded.values() for res in found}
    for head in heads:
        if head.college_id not in published:
            _store(head, head_results[head.staff_id])
            session.add(head)
    await session.flush()


def _counselor(
    r: CounselorAssessment,
    roster: dict[int, int],
    selves: dict[int, SelfEvaluation],
    full_time: bool,
) -> Counselor:
    """A row as policy/assessment.py grades it."""
    # The import allows an empty 自评 only when the person gave one in chat.
    chat = selves.get(r.staff_id)
    own = r.self_score if r.self_score is not None else chat.score if chat else None
    scores = Scores(
        _d(own), _d(r.student_score), _d(r.head_teacher_score), _d(r.panel_score),
        _d(r.peer_score), _d(r.department_score),
    )  # fmt: skip
    facts = Facts(
        r.participants, roster.get(r.staff_id, 0), r.started_on, _d(r.seconded_months),
        _d(r.leave_months), r.missed_training, r.missed_duty, _d(r.days_away),
        r.punished_students, r.finding, full_time,
    )  # fmt: skip
    return Counselor(r.staff_id, scores, facts)


async def _part_time(session: AsyncSession, staff_ids: list[int]) -> set[int]:
    """Those among these people marked 兼职 on the roster."""
    if not staff_ids:
        return set()
    query = select(Staff.id).where(col(Staff.id).in_(staff_ids), ~col(Staff.full_time))
    return {sid for sid in (await session.exec(query)).all() if sid is not None}


def _store(row: CounselorAssessment | HeadTeacherAssessment, result: Result) -> None:
    """Copy a result onto its row."""
    if isinstance(row, CounselorAssessment):
        row.total = None if result.total is None else float(result.total)
    row.grade = result.grade
    row.decided_by = _reason(result.decided_by)
    row.limits = [_reason(r) for r in result.limits]
    row.consequences = list(result.consequences)


@dataclass(frozen=True)
class Person:
    """A row with the person's name and 工号, ready to show."""

    staff_id: int
    name: str
    staff_no: str
    telegram_user_id: int | None
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
        s.id: Person(s.id, s.name, s.staff_no or "", s.telegram_user_id, s.language)
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
    roster = (await _roster_counts(session, [staff.id])).get(staff.id, 0)
    return DutyReport(
        staff.name, academic_year, sum(met_by_rule.values()), len(statuses),
        tuple(missed_entry(s) for s in statuses if s.status == "missed"),
        tuple((rid, title, n) for (rid, title), n in sorted(met_by_rule.items())),
        tuple((k, n) for k, n in kinds), reached, roster, crises,
    )  # fmt: skip


def regrading(policy: PolicyService, now: datetime) -> After:
    """What runs after an assessment list is written: its colleges are graded again."""

    async def regrade(session: AsyncSession, result: ListResult) -> None:
        outcome = result.outcome
        if outcome is None or not outcome.colleges:
            return
        academic_year = str(outcome.counts["year"])
        ids = sorted(outcome.colleges)
        counselors = await counselor_rows(session, academic_year=academic_year, college_ids=ids)
        # One pass over the year for every college's counselors, not one per college.
        year = year_range(policy, academic_year)
        staff_ids = [r.staff_id for r in counselors]
        quota = await quota_evidence(session, policy, staff_ids=staff_ids, year=year, now=now)
        # One grading of the year: the 15% line may be shared by every college.
        await grade_year(
            session, policy, academic_year=academic_year, now=now, evidence_for=ids,
            quota=quota,
        )  # fmt: skip

    return regrade
