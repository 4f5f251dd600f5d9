"""`fudao demo-data`: the demo college the sandbox shows, and bigger ones for benchmarks."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import pytest
from sqlmodel import col, select

from bot.cli import main
from bot.demo_cli import size_for
from models.db import Database
from models.org import College, SchoolClass, Staff, Student
from models.records import WorkRecord


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, fresh_url: str, tmp_path: Path) -> str:
    """The command's database and data directory."""
    monkeypatch.setenv("FUDAO_DATABASE_URL", fresh_url)
    monkeypatch.setenv("FUDAO_DATA_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return fresh_url


def test_it_seeds_the_demo_college_with_registered_staff_and_a_term_of_work(
    env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo-data", "--today", "2026-11-18"]) == 0
    out = capsys.readouterr().out
    assert "1 个学院，480 名学生，23 名教职工（已注册）" in out
    assert "（2026-09-07 至 2026-11-17）" in out
    asyncio.run(check_the_college(env))


async def check_the_college(url: str) -> None:
    """What a newcomer would look for in the seeded database."""
    db = Database(url)
    try:
        async with db.session() as session:
            [college] = (await session.exec(select(College))).all()
            assert college.name == "机电工程学院"
            classes = (await session.exec(select(SchoolClass))).all()
            assert sorted(Counter(c.grade for c in classes).items()) == [
                (2023, 4),
                (2024, 4),
                (2025, 4),
                (2026, 4),
            ]
            students = (await session.exec(select(Student))).all()
            assert len(students) == 480
            assert Counter(s.class_id for s in students).most_common()[-1][1] == 30
            assert all(len(s.student_no) == 11 and s.student_no.isdigit() for s in students)
            assert max(Counter(s.dorm for s in students).values()) == 4
            assert all(2 <= len(s.name) <= 3 for s in students)
            for flag in ("key_concern", "cadre", "academic_warning", "special_origin"):
                assert 0 < sum(getattr(s, flag) for s in students) < 100, flag
            staff = (await session.exec(select(Staff))).all()
            roles = Counter(s.roles[0] for s in staff)
            assert roles == {"counselor": 4, "head_teacher": 16, "leader": 2, "admin": 1}
            assert all(s.telegram_user_id for s in staff)
            visits = Counter(
                (
                    await session.exec(
                        select(WorkRecord.staff_id).where(WorkRecord.kind == "dorm_visit")
                    )
                ).all()
            )
            counselors = [s.id for s in staff if s.is_counselor and s.id is not None]
            per_counselor = [visits[c] for c in counselors]
            # The rule is two visits a month (about 5 since 7 September): some ahead, some behind.
            assert max(per_counselor) >= 5 and min(per_counselor) <= 2
            days = (await session.exec(select(col(WorkRecord.occurred_on)))).all()
            assert min(days).isoformat() >= "2026-09-07"
            assert max(days).isoformat() <= "2026-11-17"
    finally:
        await db.dispose()


def test_it_refuses_to_seed_twice(env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo-data", "--no-history"]) == 0
    assert main(["demo-data"]) == 2
    assert "already exists" in capsys.readouterr().err


def test_it_sizes_a_university_in_classes_of_thirty() -> None:
    assert size_for(480).classes_per_grade == 4
    big = size_for(30_000)
    assert (big.grades, big.students_per_class) == (4, 30)
    assert big.grades * big.classes_per_grade * big.students_per_class >= 30_000
