"""What a college's weekly digest contains, gathered from the database and the evaluation.

Over 300 lines: gathering the digest's figures shares its queries; splitting coverage from
the headline is the next step.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.channels import bound_on_any_channel
from models.org import College, SchoolClass, Staff, Student
from models.records import RecordStudent, WorkRecord
from models.scope import class_names

if TYPE_CHECKING:
    from policy.evaluation import RuleStatus
    from policy.service import ConditionResult, PolicyService

STATUSES = ("met", "on_track", "at_risk", "behind", "missed")
# Per-student rules whose reach a digest reports: 谈心谈话全覆盖, 重点关注深谈, 学业预警面谈.
COVERAGE_RULES = ("C17", "C18", "H04")
COLLEGE_SCOPES = frozenset({"college", "each_grade", "each_department"})
PERIOD_ORDER = ("week", "month", "quarter", "term", "spring_term", "year", "five_years", "once")


@dataclass(frozen=True)
class Week:
    """A Monday-to-Sunday week in the university's zone."""

    start: date

    @classmethod
    def containing(cls, day: date) -> Week:
        """The week that a day falls in."""
        return cls(day - timedelta(days=day.weekday()))

    @property
    def end(self) -> date:
        """The Sunday."""
        return self.start + timedelta(days=6)

    @property
    def previous(self) -> Week:
        """The week before."""
        return Week(self.start - timedelta(days=7))

    def closes_at(self, tz: tzinfo) -> datetime:
        """The last moment of the Sunday, in UTC."""
        return datetime.combine(self.end, time.max, tzinfo=tz).astimezone(UTC)


@dataclass(frozen=True)
class StatusTally:
    """How many quotas stand at each status."""

    met: int = 0
    on_track: int = 0
    at_risk: int = 0
    behind: int = 0
    missed: int = 0

    @classmethod
    def of(cls, statuses: Iterable[RuleStatus]) -> StatusTally:
        """Count statuses; those that do not apply are left out."""
        counts = Counter(str(s.status) for s in statuses)
        return cls(**{k: n for k, n in counts.items() if k in STATUSES})

    def get(self, status: str) -> int:
        """The count for one status."""
        value: int = getattr(self, status)
        return value

    @property
    def total(self) -> int:
        """All counted quotas."""
        return sum(self.get(s) for s in STATUSES)


@dataclass(frozen=True)
class StaffLine:
    """One person's quota statuses this week and a week earlier, and the rules they miss."""

    staff_id: int
    name: str
    roles: tuple[str, ...]
    now: StatusTally
    before: StatusTally
    missing: tuple[str, ...] = ()  # rule ids behind or missed, the most behind first

    @property
    def shortfall(self) -> tuple[int, int, int]:
        """How far behind: missed and behind quotas, then those at risk (higher is further)."""
        return self.now.missed + self.now.behind, self.now.behind, self.now.at_risk


def staff_line(
    staff: Staff, statuses: Sequence[RuleStatus], before: Sequence[RuleStatus]
) -> StaffLine:
    """One person's line: tallies of both weeks and the rules behind or missed now."""
    late = [s for s in statuses if s.status in ("missed", "behind")]
    late.sort(key=lambda s: (s.status != "missed", -(s.expected - s.done), s.rule.id))
    return StaffLine(
        staff.id or 0,
        staff.name,
        tuple(staff.roles),
        StatusTally.of(statuses),
        StatusTally.of(before),
        tuple(dict.fromkeys(s.rule.id for s in late)),
    )


def furthest_behind(lines: Iterable[StaffLine]) -> list[StaffLine]:
    """People ordered by how far behind they are, then by name."""
    return sorted(lines, key=lambda x: (tuple(-n for n in x.shortfall), x.name, x.staff_id))


@dataclass(frozen=True)
class StudentRef:
    """A student named in a digest: 学号, name and class, never anything logged about them."""

    student_no: str
    name: str
    class_name: str


@dataclass(frozen=True)
class Coverage:
    """One per-student rule of one person: how many of the set were reached, and who not."""

    staff_id: int
    name: str
    rule_id: str
    rule_title: str
    period_kind: str
    done: int
    target: int
    missing: tuple[StudentRef, ...]
    late: bool = False  # behind pace, at risk or missed: worth a line in the message


@dataclass(frozen=True)
class ConditionIssue:
    """A standing condition that fails (S01 for a class, S02 for the college…), or a result
    shown for information (`info`: S02 for a counselor with many students)."""

    condition_id: str
    subject: str
    value: int | None = None
    limit: int | None = None
    college_id: int | None = None
    total: int | None = None
    info: bool = False


@dataclass(frozen=True)
class Crisis:
    """A crisis logged this week: when, where and by whom; the note stays out."""

    day: date
    staff_name: str
    class_name: str | None
    dorm: str | None


@dataclass(frozen=True)
class Row:
    """One quota of one person in one period: a row of the workbook."""

    period_kind: str
    period_start: date
    period_end: date
    staff_name: str
    rule_id: str
    rule_title: str
    place: str | None  # the class, grade (grade_2) or department a per-unit quota is about
    target: float
    done: float
    remaining: float
    days_left: int
    status: str


@dataclass(frozen=True)
class CollegeDigest:
    """Everything one college's digest says."""

    college_id: int
    college_name: str
    week: Week
    as_of: datetime
    staff: tuple[StaffLine, ...]
    total_now: StatusTally
    total_before: StatusTally
    coverage: tuple[Coverage, ...]
    conditions: tuple[ConditionIssue, ...]
    crises: tuple[Crisis, ...]
    unregistered: tuple[str, ...]
    unreachable: tuple[str, ...]
    rows: tuple[Row, ...] = ()


def overlapping(statuses: Iterable[RuleStatus], first: date, last: date) -> list[RuleStatus]:
    """Statuses that apply, of periods overlapping these days (one that closed in them too)."""
    return [
        s
        for s in statuses
        if s.period.end >= first and s.period.start <= last and s.status != "not_applicable"
    ]


def college_tally(statuses: Sequence[RuleStatus]) -> StatusTally:
    """The college's statuses, a college-wide quota counted once however many leaders hold it."""
    seen: set[tuple[str, date, str | None]] = set()
    kept = []
    for s in statuses:
        if s.rule.scope in COLLEGE_SCOPES:
            key = (s.rule.id, s.period.start, s.unit)
            if key in seen:
                continue
            seen.add(key)
        kept.append(s)
    return StatusTally.of(kept)


async def colleges(session: AsyncSession, *, ids: Sequence[int] | None = None) -> list[College]:
    """Colleges by name: all of them, or those with these ids."""
    query = select(College)
    if ids is not None:
        query = query.where(col(College.id).in_(ids))
    # Sorted here, not by the database, whose collation may order Chinese differently.
    return sorted((await session.exec(query)).all(), key=lambda c: c.name)


async def readers(session: AsyncSession) -> list[Staff]:
    """Registered leaders and admins: the people digests go to."""
    query = (
        select(Staff)
        .where(bound_on_any_channel())
        .where(col(Staff.is_leader) | col(Staff.is_admin))
        .order_by(col(Staff.id))
    )
    return list((await session.exec(query)).all())


async def _staff_of(session: AsyncSession, college_ids: Sequence[int]) -> list[Staff]:
    query = select(Staff).where(col(Staff.college_id).in_(college_ids))
    return sorted((await session.exec(query)).all(), key=lambda s: (s.name, s.id or 0))


async def _students(session: AsyncSession, ids: set[int]) -> dict[int, StudentRef]:
    """学号, name and class of the students a digest names; nothing else about them."""
    query = (
        select(Student.id, Student.student_no, Student.name, SchoolClass.name)
        .join(SchoolClass, col(SchoolClass.id) == col(Student.class_id))
        .where(col(Student.id).in_(ids))
    )
    rows = (await session.exec(query)).all() if ids else []
    return {sid: StudentRef(no, name, cls) for sid, no, name, cls in rows if sid is not None}


async def _crises(
    session: AsyncSession, college_ids: Sequence[int], first: date, last: date
) -> dict[int, list[Crisis]]:
    """Crises that each college's staff logged in these days; the note is never selected."""
    # Six columns are more than sqlmodel's typed select() takes: SQLAlchemy's own does.
    query = (
        sa.select(
            col(WorkRecord.id),
            col(WorkRecord.occurred_on),
            col(SchoolClass.name),
            col(WorkRecord.dorm),
            col(Staff.name),
            col(Staff.college_id),
        )
        .join(Staff, col(Staff.id) == col(WorkRecord.staff_id))
        .outerjoin(SchoolClass, col(SchoolClass.id) == col(WorkRecord.class_id))
        .where(col(WorkRecord.crisis), col(WorkRecord.deleted_at).is_(None))
        .where(col(WorkRecord.occurred_on) >= first, col(WorkRecord.occurred_on) <= last)
        .where(col(Staff.college_id).in_(college_ids))
        .order_by(col(WorkRecord.occurred_on), col(WorkRecord.id))
    )
    rows = (await (await session.connection()).execute(query)).all()
    # A talk names its student rather than a class: the class is the student's.
    via_students = (
        select(RecordStudent.record_id, SchoolClass.name)
        .join(Student, col(Student.id) == col(RecordStudent.student_id))
        .join(SchoolClass, col(SchoolClass.id) == col(Student.class_id))
        .where(col(RecordStudent.record_id).in_([r[0] for r in rows]))
    )
    student_class: dict[int, str] = {}
    for record_id, class_name in (await session.exec(via_students)).all() if rows else []:
        student_class.setdefault(record_id, class_name)
    found: dict[int, list[Crisis]] = defaultdict(list)
    for rid, day, own_class, dorm, staff_name, college_id in rows:
        place = own_class or student_class.get(rid or 0)
        found[college_id or 0].append(Crisis(day, staff_name, place, dorm))
    return found


def _coverage(
    statuses: Sequence[RuleStatus], names: dict[int, str], students: dict[int, StudentRef]
) -> list[Coverage]:
    """C17, C18 and H04 of each person in the period open now."""
    found = []
    for s in sorted(statuses, key=lambda s: (names[s.staff_id], s.staff_id, s.rule.id)):
        if s.rule.id in COVERAGE_RULES:
            refs = [students[i] for i in s.missing_student_ids if i in students]
            missing = tuple(sorted(refs, key=lambda r: r.student_no))
            found.append(Coverage(
                s.staff_id, names[s.staff_id], s.rule.id, s.rule.title_zh, s.period.kind,
                int(s.done), int(s.target), missing,
                str(s.status) in ("at_risk", "behind", "missed"),
            ))  # fmt: skip
    return found


def _row(s: RuleStatus, names: dict[int, str], classes: dict[int, str]) -> Row:
    place = classes.get(s.class_id) if s.class_id is not None else s.unit
    return Row(
        s.period.kind, s.period.start, s.period.end, names[s.staff_id], s.rule.id,
        s.rule.title_zh, place, float(s.target), float(s.done), float(s.remaining), s.days_left,
        str(s.status),
    )  # fmt: skip


async def gather(
    session: AsyncSession,
    policy: PolicyService,
    *,
    now: datetime,
    week: Week,
    college_ids: Sequence[int] | None = None,
) -> list[CollegeDigest]:
    """The digests of these colleges (all when None) for a week, as of its end or `now`.

    1. Evaluate the colleges' staff twice, as of the week's end (or now, for the week in
       progress) and seven days before: two evaluations however many people there are.
    2. Keep the statuses of periods overlapping each week, so that a quota whose period closed
       during the week shows as met or missed.
    3. Coverage (C17, C18, H04) is read from the periods open on the last day.
    4. Standing conditions, crises, registration and names take a query each.
    """
    found = await colleges(session, ids=college_ids)
    ids = [c.id for c in found if c.id is not None]
    people = await _staff_of(session, ids) if ids else []
    as_of = min(now, week.closes_at(policy.tz))
    last = policy.today(as_of)
    names = {p.id: p.name for p in people if p.id is not None}
    now_all: list[RuleStatus] = []
    before_all: list[RuleStatus] = []
    failing: list[ConditionResult] = []
    if names:
        current = await policy.evaluate(session, now=as_of, staff_ids=list(names))
        earlier = await policy.evaluate(
            session, now=as_of - timedelta(days=7), staff_ids=list(names)
        )
        now_all = overlapping(current.statuses, week.start, last)
        before_all = overlapping(earlier.statuses, week.previous.start, last - timedelta(days=7))
        failing = current.failing_conditions + [c for c in current.conditions if c.info]
    open_now = {id(s) for s in now_all if s.period.start <= last <= s.period.end}
    class_ids = {s.class_id for s in now_all if s.class_id is not None}
    classes = await class_names(session, ids=class_ids | {c.class_id or 0 for c in failing})
    wanted = {i for s in now_all if s.rule.id in COVERAGE_RULES for i in s.missing_student_ids}
    students = await _students(session, wanted)
    crises = await _crises(session, ids, week.start, last)
    by_staff: dict[int, list[RuleStatus]] = defaultdict(list)
    before_by_staff: dict[int, list[RuleStatus]] = defaultdict(list)
    for status in now_all:
        by_staff[status.staff_id].append(status)
    for status in before_all:
        before_by_staff[status.staff_id].append(status)
    digests = []
    for college in found:
        assert college.id is not None
        members = [p for p in people if p.college_id == college.id and p.id is not None]
        now_own = [s for p in members for s in by_staff[p.id or 0]]
        before_own = [s for p in members for s in before_by_staff[p.id or 0]]
        issues = [
            ConditionIssue(c.condition_id, classes.get(c.class_id or 0)
                           or names.get(c.staff_id or 0, ""), c.value, c.limit, c.college_id,
                           c.total, c.info)
            for c in failing
            if c.college_id == college.id
        ]  # fmt: skip
        lines = furthest_behind(
            staff_line(p, by_staff[p.id or 0], before_by_staff[p.id or 0])
            for p in members
            if by_staff[p.id or 0]
        )
        # The workbook lists people in the digest's order: the furthest behind first.
        rank = {line.staff_id: i for i, line in enumerate(lines)}
        ranked = sorted(now_own, key=lambda s: rank.get(s.staff_id, len(rank)))
        digests.append(CollegeDigest(
            college_id=college.id,
            college_name=college.name,
            week=week,
            as_of=as_of,
            staff=tuple(lines),
            total_now=college_tally(now_own),
            total_before=college_tally(before_own),
            coverage=tuple(_coverage([s for s in now_own if id(s) in open_now], names, students)),
            conditions=tuple(sorted(issues, key=lambda i: (i.condition_id, i.subject))),
            crises=tuple(crises.get(college.id, [])),
            unregistered=tuple(p.name for p in members if p.chat_id is None),
            unreachable=tuple(p.name for p in members if p.unreachable),
            rows=tuple(_row(s, names, classes) for s in ranked),
        ))  # fmt: skip
    return digests
