"""A small world for one catalog row: the person it binds, a class, students, and records."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from models.org import SchoolClass, Staff, Student
from policy.evaluation import RuleStatus, window_of
from policy.periods import Period, period_containing
from policy.rules import Rule
from policy.service import Evaluation, PolicyService
from tests.factories import (
    make_class,
    make_college,
    make_counselor,
    make_head_teacher,
    make_record,
    make_staff,
    make_student,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
JIDIAN = "机电工程学院"
# A Wednesday of the 2026 spring term: the scenes look at the periods around it.
FOCUS = date(2026, 4, 15)
# Entry year of the scenes' class: 大一 in the academic year 2025-2026.
GRADE = 2025
# A counselor's first day, for the `once` period of C30 (岗前培训).
STARTED = date(2025, 9, 1)


def at(day: date, hour: int = 10) -> datetime:
    """A moment of a local day in the university's zone."""
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


@dataclass
class Scene:
    """One person bound by `rule`, their class and the students of the rule's set."""

    rule: Rule
    staff: Staff
    cls: SchoolClass | None
    students: list[Student]
    period: Period
    window: Period

    @property
    def late(self) -> date:
        """Two days before the window closes."""
        return self.window.end - timedelta(days=2)

    @property
    def after(self) -> date:
        """Three days after the window closed."""
        return self.window.end + timedelta(days=3)

    def statuses(self, evaluation: Evaluation) -> list[RuleStatus]:
        """This person's statuses of the rule in the scene's period."""
        assert self.staff.id is not None
        return [
            s
            for s in evaluation.for_staff(self.staff.id)
            if s.rule.id == self.rule.id and s.period == self.period
        ]


async def build_scene(
    session: AsyncSession,
    svc: PolicyService,
    rule_id: str,
    *,
    college: str = JIDIAN,
    flagged: bool = True,
    students: int = 2,
    with_class: bool = True,
    started_on: date | None = STARTED,
    holder: str | None = None,
) -> Scene:
    """A college, a class of `students` (flagged for the rule's set) and its person.

    The person holds the rule's role, or `holder` when given.
    """
    rule = next(r for r in svc.policy.rules_for_college(JIDIAN) if r.id == rule_id)
    holder = holder or rule.holder
    the_college = await make_college(session, name=college)
    grade = GRADE
    if rule.condition == "has_graduating_class" and flagged:
        grade = GRADE - 3  # in its fourth year (C38b)
    elif rule.condition == "has_freshman_class" and not flagged:
        grade = GRADE - 1  # 大二: no freshmen (C38a)
    cls = await make_class(session, the_college, grade=grade) if with_class else None
    flags: dict[str, bool] = {}
    if flagged and rule.student_set not in (None, "all"):
        flags[str(rule.student_set)] = True
    if flagged and rule.condition == "has_special_origin_students":
        flags["special_origin"] = True
    kids = [await make_student(session, cls, **flags) for _ in range(students)] if cls else []
    if holder == "counselor":
        classes = (cls,) if cls else ()
        staff = await make_counselor(session, the_college, *classes, started_on=started_on)
    elif holder == "head_teacher":
        assert cls is not None
        staff = await make_head_teacher(session, the_college, cls)
    elif holder == "academic_staff":
        staff = await make_staff(session, the_college, is_academic_staff=True)
    else:
        staff = await make_staff(session, the_college, is_leader=True)
    anchor = started_on if rule.period == "once" else None
    if rule.period == "five_years" and started_on is not None:
        anchor = svc.calendar.academic_year_of(started_on).start
    day = started_on if rule.period == "once" and started_on else FOCUS
    period = period_containing(day, rule.period, svc.calendar, anchor=anchor)
    assert period is not None
    in_set = [s for s in kids if rule.student_set in (None, "all") or flagged]
    await session.commit()
    return Scene(rule, staff, cls, in_set, period, window_of(rule, period, svc.calendar))


async def add_records(session: AsyncSession, svc: PolicyService, scene: Scene) -> None:
    """Just enough records, inside the window, to meet the rule."""
    rule = scene.rule
    kind = svc.kinds.get(rule.kind)
    assert kind is not None
    subtype = rule.subtypes[0] if rule.subtypes else (kind.subtypes or (None,))[0]
    if rule.scope == "each_grade":
        entry = svc.calendar.academic_year_of(scene.period.start).start.year
        subtype = f"grade_{entry - GRADE + 1}"
    day = scene.window.start + timedelta(days=min(7, scene.window.length // 3))
    class_id = scene.cls.id if scene.cls and kind.field("class") else None
    values = {"subtype": subtype, "class_id": class_id}
    if rule.measure == "hours":
        await make_record(session, scene.staff, rule.kind, day, hours=rule.target, **values)
    elif rule.measure == "percent":
        attendance = len(scene.students)
        await make_record(session, scene.staff, rule.kind, day, attendance=attendance, **values)
    elif rule.scope == "each_student":
        for student in scene.students:
            await make_record(session, scene.staff, rule.kind, day, student, **values)
    else:
        # Trips (次) are days with a record: one a day.
        step = timedelta(days=1 if rule.measure == "trips" else 0)
        for n in range(math.ceil(rule.target)):
            await make_record(session, scene.staff, rule.kind, day + n * step, **values)
    await session.commit()
