"""A plausible demo college: classes, students, registered staff and a term of records.

The sandbox seeds it at its default size; `fudao demo-data` and benchmarks reuse it at scale.

Over 300 lines: a whole fictional college (people, classes, flags, a term of records) is
generated here in one pass.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.org import (
    College,
    CounselorClass,
    HeadTeacherClass,
    Major,
    SchoolClass,
    Staff,
    Student,
)
from models.records import RecordStudent, WorkRecord
from models.types import utcnow

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞宇浩然欣怡子轩梓涵一"
    "诺思远嘉怡佳琪雨萱俊杰志强文博晨曦天宇家豪雅婷婉清若曦明轩昊天"
)
MAJORS = ("机械设计制造及其自动化", "车辆工程", "机械电子工程", "工业设计")
MAJOR_SHORT = ("机械", "车辆", "机电", "工设")
# Further colleges for a university-sized demo; the first two characters name their classes.
COLLEGES = (
    "机电工程学院",
    "材料科学与工程学院",
    "计算机学院",
    "土木工程学院",
    "化工学院",
    "经济管理学院",
    "外国语学院",
    "数学学院",
    "物理学院",
    "环境学院",
)
# Demo people's Telegram ids: far from real ones, one block of 100,000 per college.
TELEGRAM_BASE = 9_000_000_000


@dataclass(frozen=True)
class DemoSize:
    """How big a demo college is."""

    grades: int = 4
    classes_per_grade: int = 4
    students_per_class: int = 30
    first_grade: int = 2023
    # A counselor looks after up to this many classes of one grade (about 120 students).
    classes_per_counselor: int = 4


@dataclass(frozen=True)
class DemoPeople:
    """The staff of the demo college, by role, for the sandbox's person switcher."""

    counselors: list[Staff]
    head_teachers: list[Staff]
    leaders: list[Staff]
    admins: list[Staff]

    @property
    def everyone(self) -> list[Staff]:
        """Everybody, counselors first, then head teachers, leaders and admins."""
        return self.counselors + self.head_teachers + self.leaders + self.admins


def chinese_name(rng: random.Random) -> str:
    """A plausible two- or three-character Chinese name."""
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def _class_prefix(college: str) -> str:
    """机电 for 机电工程学院; 第11 for 第11学院, so that 第11 and 第12 never share class names."""
    return college.removesuffix("学院") if college.startswith("第") else college[:2]


def college_name(index: int) -> str:
    """The name of the index-th demo college (0 is 机电工程学院)."""
    if index < len(COLLEGES):
        return COLLEGES[index]
    return f"第{index + 1}学院"


async def seed_college(
    session: AsyncSession,
    *,
    name: str = "机电工程学院",
    size: DemoSize = DemoSize(),
    seed: int = 7,
    staff_prefix: str = "J",
    telegram_base: int | None = TELEGRAM_BASE,
) -> DemoPeople:
    """Create one college with majors, classes, students (flags, dorms) and registered staff."""
    rng = random.Random(seed)
    college = College(name=name)
    session.add(college)
    await session.flush()
    assert college.id is not None
    majors = [Major(college_id=college.id, name=m) for m in MAJORS]
    session.add_all(majors)
    people = DemoPeople([], [], [], [])
    building = 1 + rng.randrange(20)
    per_counselor = max(size.classes_per_counselor, 1)
    for g in range(size.grades):
        grade = size.first_grade + g
        counselors: list[Staff] = []
        for k in range(-(-size.classes_per_grade // per_counselor)):
            counselor = Staff(
                staff_no=f"{staff_prefix}C{g + 1}{k + 1:02d}",
                name=chinese_name(rng),
                college_id=college.id,
                is_counselor=True,
                started_on=date(grade - rng.randrange(4), 7, 1),
            )
            counselors.append(counselor)
        session.add_all(counselors)
        people.counselors.extend(counselors)
        await session.flush()
        for c in range(size.classes_per_grade):
            short = MAJOR_SHORT[c % len(MAJOR_SHORT)]
            cls = SchoolClass(
                name=f"{_class_prefix(name)}{short}{grade % 100:02d}{c + 1:02d}班",
                grade=grade,
                college_id=college.id,
                major_id=majors[c % len(majors)].id,
            )
            head = Staff(
                staff_no=f"{staff_prefix}H{g + 1}{c + 1:02d}",
                name=chinese_name(rng),
                college_id=college.id,
                is_head_teacher=True,
            )
            session.add_all([cls, head])
            people.head_teachers.append(head)
            await session.flush()
            counselor = counselors[c // per_counselor]
            assert cls.id is not None and head.id is not None and counselor.id is not None
            session.add_all(
                [
                    CounselorClass(staff_id=counselor.id, class_id=cls.id),
                    HeadTeacherClass(staff_id=head.id, class_id=cls.id),
                ]
            )
            session.add_all(
                _student(rng, cls, grade, c, n, building + g)
                for n in range(size.students_per_class)
            )
    for role, count in (("leader", 2), ("admin", 1)):
        for i in range(count):
            person = Staff(
                staff_no=f"{staff_prefix}{role[0].upper()}{i + 1:02d}",
                name=chinese_name(rng),
                college_id=college.id,
                is_leader=role == "leader",
                is_admin=role == "admin",
            )
            session.add(person)
            (people.leaders if role == "leader" else people.admins).append(person)
    if telegram_base is not None:
        # Registered as if each had opened their invitation link.
        for i, person in enumerate(people.everyone):
            person.telegram_user_id = telegram_base + i + 1
    await session.flush()
    return people


def _student(
    rng: random.Random, cls: SchoolClass, grade: int, c: int, n: int, building: int
) -> Student:
    """One student with a dorm room (four to a room, a class on its own floors) and flags."""
    assert cls.id is not None
    floor = 1 + 2 * c + n // 24
    return Student(
        student_no=f"{grade}{cls.college_id:02d}{c + 1:02d}{n + 1:03d}",
        name=chinese_name(rng),
        class_id=cls.id,
        dorm=f"{building}号楼 {floor}{(n // 4) % 6 + 1:02d}",
        key_concern=rng.random() < 0.05,
        cadre=n < 3,
        academic_warning=rng.random() < 0.08,
        special_origin=rng.random() < 0.06,
    )


@dataclass(frozen=True)
class _Mine:
    """What a counselor or head teacher looks after: students and classes."""

    students: list[tuple[int, str, bool]]
    classes: list[int]


# How keen each person is, cycled within each role, so that even four counselors include
# some ahead of pace (above 1) and some well behind it.
DILIGENCE = (1.25, 0.3, 0.9, 0.55, 1.1, 0.2, 0.75, 0.45, 1.0, 0.35)


async def seed_history(
    session: AsyncSession,
    people: DemoPeople,
    *,
    start: date,
    end: date,
    seed: int = 11,
) -> int:
    """A span of records in which some staff are ahead and some behind; returns how many."""
    rng = random.Random(seed)
    total = 0
    if end < start:
        return 0
    for group in (people.counselors, people.head_teachers):
        for index, staff in enumerate(group):
            diligence = DILIGENCE[index % len(DILIGENCE)]
            rows = _work_of(staff, await _mine(session, staff), start, end, diligence, rng)
            total += await _insert(session, rows)
    return total


def _work_of(
    staff: Staff, mine: _Mine, start: date, end: date, diligence: float, rng: random.Random
) -> list[dict[str, Any]]:
    """One person's records: monthly duties month by month, coverage spread over the span."""
    assert staff.id is not None
    days = (end - start).days + 1
    rows: list[dict[str, Any]] = []
    per_month = {"dorm_visit": 2.0, "class_patrol": 4.3} if staff.is_counselor else {}
    per_month.setdefault("dorm_visit", 1.0)
    for first, last in _months(start, end):
        share = ((last - first).days + 1) / 30
        for kind, rate in per_month.items():
            for _ in range(round(rate * share * diligence + rng.random() * 0.4)):
                span = (last - first).days + 1
                values: dict[str, Any] = {}
                if kind == "dorm_visit":
                    room = rng.choice(mine.students)[1] if mine.students else None
                    findings = ["normal"] if rng.random() < 0.85 else ["hygiene"]
                    values = {"dorm": room, "details": {"findings": findings}}
                rows.append(_row(staff.id, kind, first, span, rng, **values))
    talked = rng.sample(
        mine.students, min(len(mine.students), int(len(mine.students) * 0.5 * diligence))
    )
    for sid, _dorm, _key in talked:
        rows.append(_row(staff.id, "talk", start, days, rng, subtype="general", student_id=sid))
    if staff.is_counselor:
        for sid, _dorm, key in mine.students:
            if key and rng.random() < diligence:
                rows.append(
                    _row(
                        staff.id,
                        "talk",
                        start,
                        days,
                        rng,
                        subtype="key_concern_deep",
                        student_id=sid,
                    )
                )
    meetings = round(2 * diligence) if staff.is_head_teacher else round(diligence)
    for class_id in mine.classes:
        for _ in range(meetings):
            rows.append(
                _row(
                    staff.id,
                    "class_meeting",
                    start,
                    days,
                    rng,
                    subtype="theme_meeting",
                    class_id=class_id,
                    theme="学风建设主题班会",
                )
            )
    return rows


def _months(start: date, end: date) -> list[tuple[date, date]]:
    """The calendar-month slices of a span, first and last day of each."""
    slices: list[tuple[date, date]] = []
    first = start
    while first <= end:
        following = (first.replace(day=1) + timedelta(days=32)).replace(day=1)
        slices.append((first, min(end, following - timedelta(days=1))))
        first = following
    return slices


def _row(
    staff_id: int, kind: str, start: date, days: int, rng: random.Random, **values: Any
) -> dict[str, Any]:
    """One record's values on a random day of the span."""
    return {
        "staff_id": staff_id,
        "kind": kind,
        "occurred_on": start + timedelta(days=rng.randrange(days)),
        **values,
    }


async def _mine(session: AsyncSession, staff: Staff) -> _Mine:
    """The students (id, dorm, key concern) and classes of a counselor or head teacher."""
    table = CounselorClass if staff.is_counselor else HeadTeacherClass
    query = (
        select(Student.id, Student.dorm, Student.key_concern)
        .join(table, col(table.class_id) == Student.class_id)
        .where(table.staff_id == staff.id)
        .order_by(col(Student.id))
    )
    students = [(int(a or 0), str(b), bool(c)) for a, b, c in (await session.exec(query)).all()]
    classes = select(table.class_id).where(table.staff_id == staff.id).order_by(col(table.class_id))
    return _Mine(students, [int(c) for c in (await session.exec(classes)).all()])


async def _insert(session: AsyncSession, rows: list[dict[str, Any]]) -> int:
    """Insert records, then their student links, with one flush each."""
    now = utcnow()
    linked: list[tuple[WorkRecord, int]] = []
    for row in rows:
        student_id = row.pop("student_id", None)
        record = WorkRecord(created_at=now, updated_at=now, **row)
        session.add(record)
        if student_id is not None:
            linked.append((record, student_id))
    # One flush inserts every record and returns their ids in a batch.
    await session.flush()
    session.add_all(
        RecordStudent(record_id=record.id, student_id=sid)  # type: ignore[arg-type]
        for record, sid in linked
    )
    await session.flush()
    return len(rows)
