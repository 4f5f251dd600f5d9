"""`fudao demo-data`: seed demo colleges (the sandbox's, or a university for benchmarks)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import select

from bot.config import Settings
from demo.data import DemoPeople, DemoSize, college_name, seed_college, seed_history
from models.db import Database
from models.org import College
from policy.calendar import AcademicCalendar
from policy.service import PolicyService

STUDENTS_PER_CLASS = 30
GRADES = 4


@dataclass(frozen=True)
class DemoSummary:
    """What was seeded."""

    colleges: list[DemoPeople]
    students: int
    records: int
    history_from: date | None
    history_to: date | None


def size_for(students: int) -> DemoSize:
    """Grades × classes × students that hold about `students` students (30 to a class)."""
    per_grade = -(-max(students, GRADES) // GRADES)
    classes = max(1, round(per_grade / STUDENTS_PER_CLASS))
    return DemoSize(
        grades=GRADES, classes_per_grade=classes, students_per_class=-(-per_grade // classes)
    )


def history_span(calendar: AcademicCalendar, today: date) -> tuple[date, date] | None:
    """From the start of today's term (or the last 90 days in a vacation) to yesterday."""
    yesterday = today - timedelta(days=1)
    term = calendar.term_of(today)
    start = term.start if term is not None else today - timedelta(days=90)
    return (start, yesterday) if start <= yesterday else None


async def seed_demo(
    db: Database,
    policy: PolicyService,
    *,
    today: date,
    students: int = 480,
    colleges: int = 1,
    history: bool = True,
    seed: int = 7,
) -> DemoSummary:
    """Seed `colleges` demo colleges sharing `students` students, with this term's records."""
    size = size_for(-(-students // max(colleges, 1)))
    span = history_span(policy.calendar, today) if history else None
    seeded: list[DemoPeople] = []
    records = 0
    async with db.session() as session:
        for index in range(colleges):
            people = await seed_college(
                session,
                name=college_name(index),
                size=size,
                seed=seed + index,
                staff_prefix=f"J{index:02d}" if colleges > 1 else "J",
                telegram_base=9_000_000_000 + 100_000 * index,
            )
            if span is not None:
                records += await seed_history(
                    session, people, start=span[0], end=span[1], seed=seed + 4 + index
                )
            seeded.append(people)
            await session.commit()
    total = colleges * size.grades * size.classes_per_grade * size.students_per_class
    return DemoSummary(seeded, total, records, *(span or (None, None)))


async def college_exists(db: Database, name: str) -> bool:
    """True when a college of that name is in the database already."""
    async with db.session() as session:
        query = select(College.id).where(College.name == name)
        return (await session.exec(query)).first() is not None


def add_demo_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `demo-data` subcommand's options."""
    demo = sub.add_parser("demo-data", help="seed demo colleges, staff and a term of records")
    demo.add_argument("--students", type=int, default=480, metavar="N", help="students in all")
    demo.add_argument("--colleges", type=int, default=1, metavar="K", help="colleges")
    demo.add_argument("--no-history", action="store_true", help="seed no records")
    demo.add_argument("--seed", type=int, default=7, help="random seed")
    demo.add_argument("--today", type=date.fromisoformat, help="YYYY-MM-DD (default: today)")


async def demo_data(settings: Settings, args: argparse.Namespace) -> int:
    """Seed the database the settings name and print what was made."""
    from models.types import utcnow

    policy = PolicyService.load(settings.policy_dir)
    today = args.today or policy.today(utcnow())
    db = Database(settings.db_url)
    try:
        if await college_exists(db, college_name(0)):
            print(f"{college_name(0)} already exists: use a fresh database.", file=sys.stderr)
            return 2
        summary = await seed_demo(
            db,
            policy,
            today=today,
            students=args.students,
            colleges=args.colleges,
            history=not args.no_history,
            seed=args.seed,
        )
    finally:
        await db.dispose()
    staff = sum(len(p.everyone) for p in summary.colleges)
    print(f"{len(summary.colleges)} 个学院，{summary.students} 名学生，{staff} 名教职工（已注册）")
    if summary.history_from is not None:
        print(f"{summary.records} 条工作记录（{summary.history_from} 至 {summary.history_to}）")
    return 0
