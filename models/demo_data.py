"""A plausible demo college: classes, students, staff and a term of records.

The sandbox seeds it at its default size; benchmarks reuse it at university scale.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from models.org import College, CounselorClass, HeadTeacherClass, SchoolClass, Staff, Student
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


@dataclass(frozen=True)
class DemoSize:
    """How big a demo college is."""

    grades: int = 4
    classes_per_grade: int = 4
    students_per_class: int = 30
    first_grade: int = 2023


@dataclass(frozen=True)
class DemoPeople:
    """The staff of the demo college, by role, for the sandbox's person switcher."""

    counselors: list[Staff]
    head_teachers: list[Staff]
    leaders: list[Staff]
    admins: list[Staff]


def chinese_name(rng: random.Random) -> str:
    """A plausible two- or three-character Chinese name."""
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


async def seed_college(
    session: AsyncSession,
    *,
    name: str = "机电工程学院",
    size: DemoSize = DemoSize(),
    seed: int = 7,
    staff_prefix: str = "J",
) -> DemoPeople:
    """Create one college with classes, students (with flags and dorms) and its staff."""
    rng = random.Random(seed)
    college = College(name=name)
    session.add(college)
    await session.flush()
    assert college.id is not None
    people = DemoPeople([], [], [], [])
    building = 1 + rng.randrange(20)
    for g in range(size.grades):
        grade = size.first_grade + g
        counselor = Staff(
            staff_no=f"{staff_prefix}C{g + 1:03d}",
            name=chinese_name(rng),
            college_id=college.id,
            is_counselor=True,
            started_on=date(grade, 7, 1),
        )
        session.add(counselor)
        people.counselors.append(counselor)
        await session.flush()
        for c in range(size.classes_per_grade):
            short = MAJOR_SHORT[c % len(MAJOR_SHORT)]
            cls = SchoolClass(
                name=f"{name[:2]}{short}{grade % 100:02d}{c + 1:02d}班",
                grade=grade,
                college_id=college.id,
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
    await session.flush()
    return people


def _student(
    rng: random.Random, cls: SchoolClass, grade: int, c: int, n: int, building: int
) -> Student:
    """One student with a dorm room and, now and then, a flag."""
    assert cls.id is not None
    return Student(
        student_no=f"{grade}{cls.college_id:02d}{c + 1:02d}{n + 1:03d}",
        name=chinese_name(rng),
        class_id=cls.id,
        dorm=f"{building}号楼 {1 + n // 24}{(n // 4) % 6 + 1:02d}",
        key_concern=rng.random() < 0.05,
        cadre=n < 3,
        academic_warning=rng.random() < 0.08,
        special_origin=rng.random() < 0.06,
    )


async def seed_history(
    session: AsyncSession,
    people: DemoPeople,
    *,
    start: date,
    end: date,
    seed: int = 11,
) -> int:
    """A term of records in which some staff are ahead and some behind; returns how many."""
    rng = random.Random(seed)
    total = 0
    days = (end - start).days + 1
    for index, staff in enumerate(people.counselors + people.head_teachers):
        assert staff.id is not None
        # Diligence from 0.2 to 1.0, so that the digest has both the keen and the late.
        diligence = 0.2 + 0.8 * ((index * 37) % 10) / 9
        students = await _students_of(session, staff)
        visits = int(days / 15 * diligence)
        talks = int(len(students) * 0.6 * diligence)
        rows: list[dict[str, Any]] = []
        for _ in range(visits):
            room = rng.choice(students)[2] if students else None
            rows.append(
                _row(
                    staff.id,
                    "dorm_visit",
                    start,
                    days,
                    rng,
                    dorm=room,
                    details={"findings": ["normal"]},
                )
            )
        for sid, _class_id, _dorm in rng.sample(students, min(talks, len(students))):
            rows.append(_row(staff.id, "talk", start, days, rng, subtype="general", student_id=sid))
        total += await _insert(session, rows)
    return total


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


async def _students_of(session: AsyncSession, staff: Staff) -> list[tuple[int, int, str]]:
    """(id, class, dorm) of the students of a counselor's or head teacher's classes."""
    table = CounselorClass if staff.is_counselor else HeadTeacherClass
    query = (
        sa.select(Student.id, Student.class_id, Student.dorm)  # type: ignore[call-overload]
        .join(table, table.class_id == Student.class_id)
        .where(table.staff_id == staff.id)
    )
    return [(int(a), int(b), str(c)) for a, b, c in (await session.execute(query)).all()]


async def _insert(session: AsyncSession, rows: list[dict[str, Any]]) -> int:
    """Insert records (and their student links) in bulk."""
    now = utcnow()
    for row in rows:
        student_id = row.pop("student_id", None)
        record = WorkRecord(created_at=now, updated_at=now, **row)
        session.add(record)
        if student_id is not None:
            await session.flush()
            assert record.id is not None
            session.add(RecordStudent(record_id=record.id, student_id=student_id))
    await session.flush()
    return len(rows)
