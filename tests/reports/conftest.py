"""A small college whose digest figures are counted by hand, under a trimmed policy.

The policy keeps six rules so that every status can be worked out on paper: C09 (巡堂,
1/week), C15 (走访宿舍, 2/month), C17 (every student talked to, once a year), C18 (key-concern
students, deep talk each quarter), H04 (academic-warning students, one-to-one each term) and
H07 (head teacher's dorm visit, 1/month), with the standing conditions S01 and S02.

Pace (`expected = target × teaching days gone ÷ teaching days in the period`, behind when
done < ⌊expected⌋), from the shipped calendar, on the digest's two days:

| day        | week | month Nov | Q4    | autumn term | year 2026-27 |
| ---------- | ---- | --------- | ----- | ----------- | ------------ |
| Sun 11-15  | 5/5  | 10/21     | 28/62 | 46/90       | 46/183       |
| Sun 11-08  | 5/5  | 5/21      | 23/62 | 41/90       | 41/183       |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from sqlmodel.ext.asyncio.session import AsyncSession

from models.org import SchoolClass, Staff, Student
from policy.rules import shipped_dir
from policy.service import PolicyService
from reports.digest_data import Week
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
WEEK = Week(date(2026, 11, 9))
# The Wednesday after the week: the digest looks back at 11-09 … 11-15.
NOW = datetime.combine(date(2026, 11, 18), time(10), tzinfo=SHANGHAI)
RULES = ("C09", "C15", "C17", "C18", "H07")
SECRET = "绝密备注-家庭变故-勿外传"


@pytest.fixture(scope="session")
def policy(tmp_path_factory: pytest.TempPathFactory) -> PolicyService:
    """The shipped settings, calendar and conditions with six rules and no college files."""
    folder: Path = tmp_path_factory.mktemp("policy")
    university = yaml.safe_load((shipped_dir() / "university.yaml").read_text("utf-8"))
    jidian = yaml.safe_load((shipped_dir() / "colleges" / "jidian.yaml").read_text("utf-8"))
    university["rules"] = {k: university["rules"][k] for k in RULES} | {
        "H04": jidian["rules"]["H04"]
    }
    (folder / "university.yaml").write_text(yaml.safe_dump(university, allow_unicode=True))
    (folder / "colleges").mkdir()
    return PolicyService.load(folder)


@dataclass
class College:
    """The seeded people, classes and students."""

    zhang: Staff  # counselor of class A: on top of things
    da: Staff  # counselor of class C with 201 students: S02, and never registered
    liu: Staff  # head teacher of class A, whose chat is unreachable
    leader: Staff
    admin: Staff
    other_leader: Staff
    class_a: SchoolClass
    class_c: SchoolClass
    s: list[
        Student
    ]  # class A: s[0] 王一 (warning), s[1] 王二 (key), s[2] 王三 (key), s[3] 王四 (warning)


def day(month: int, d: int) -> date:
    """A day of 2026."""
    return date(2026, month, d)


async def seed(session: AsyncSession) -> College:
    """Two colleges; the records below are what the tests count."""
    college = await make_college(session, name="机电工程学院")
    other = await make_college(session, name="外国语学院")
    class_a = await make_class(session, college, name="机械2401班")
    class_c = await make_class(session, college, name="机械2402班")
    class_x = await make_class(session, other, name="英语2401班")
    flags: list[dict[str, Any]] = [
        {"academic_warning": True}, {"key_concern": True}, {"key_concern": True},
        {"academic_warning": True},
    ]  # fmt: skip
    s = [
        await make_student(session, class_a, student_no=f"20240100{i + 1}", name=f"王{n}", **f)
        for i, (n, f) in enumerate(zip("一二三四", flags, strict=True))
    ]
    assert class_c.id is not None
    session.add_all(
        Student(student_no=f"20240300{i:03d}", name=f"陈{i}", class_id=class_c.id)
        for i in range(201)
    )
    zhang = await make_counselor(session, college, class_a, name="张老师", telegram_user_id=101)
    da = await make_counselor(session, college, class_c, name="大班老师")
    liu = await make_head_teacher(
        session, college, class_a, name="刘老师", telegram_user_id=102, unreachable=True
    )
    leader = await make_staff(session, college, is_leader=True, name="王书记", telegram_user_id=103)
    admin = await make_staff(session, None, is_admin=True, name="管理员", telegram_user_id=104,
                             language="en")  # fmt: skip
    other_leader = await make_staff(session, other, is_leader=True, name="李院长",
                                    telegram_user_id=105)  # fmt: skip
    stranger = await make_counselor(session, other, class_x, name="外院老师", telegram_user_id=106)
    note = {"note": SECRET}
    # 张老师: 巡堂 on 11-10 (none the week before), two dorm visits in November.
    await make_record(session, zhang, "class_patrol", day(11, 10), **note)
    await make_record(session, zhang, "dorm_visit", day(11, 3), dorm="7号楼 312", **note)
    await make_record(session, zhang, "dorm_visit", day(11, 10), dorm="7号楼 312", **note)
    # Talks: 王一 in October (C17), 王二 deep on 11-10 (C17 and C18); 王一 is also a crisis.
    await make_record(session, zhang, "talk", day(10, 20), s[0], subtype="general", **note)
    await make_record(session, zhang, "talk", day(11, 10), s[1], subtype="key_concern_deep",
                      **note)  # fmt: skip
    await make_record(session, zhang, "talk", day(11, 11), s[0], subtype="general", crisis=True,
                      **note)  # fmt: skip
    # 刘老师: a one-to-one with 王四 (H04) and a crisis in a dorm.
    await make_record(session, liu, "talk", day(11, 12), s[3], subtype="academic_help", **note)
    await make_record(session, liu, "dorm_visit", day(11, 13), dorm="8号楼 105", crisis=True,
                      **note)  # fmt: skip
    # Crises the week's digest leaves out: last week, deleted, after Sunday, another college.
    await make_record(session, zhang, "talk", day(11, 5), s[1], subtype="general", crisis=True)
    await make_record(session, zhang, "talk", day(11, 12), s[1], subtype="general", crisis=True,
                      deleted_at=NOW)  # fmt: skip
    await make_record(session, zhang, "talk", day(11, 16), s[1], subtype="general", crisis=True)
    await make_record(session, stranger, "dorm_visit", day(11, 12), dorm="1号楼", crisis=True)
    await session.commit()
    return College(zhang, da, liu, leader, admin, other_leader, class_a, class_c, s)


@pytest.fixture
async def college(session: AsyncSession) -> College:
    """The seeded college."""
    return await seed(session)
