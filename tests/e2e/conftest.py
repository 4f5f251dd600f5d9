"""The real Application against the Bot API emulator over HTTP, with a seeded college."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app import build_application
from bot.config import Settings
from bot.emulator import Emulator, EmulatorLimits
from models.db import Database
from models.invites import create_invite
from models.org import SchoolClass, Staff, Student
from services.context import Services
from tests.e2e.people import attach, detach
from tests.factories import (
    make_class,
    make_college,
    make_counselor,
    make_head_teacher,
    make_staff,
    make_student,
    shipped_policy,
)

TOKEN = "123456:TEST-token-for-the-emulator"
SHANGHAI = ZoneInfo("Asia/Shanghai")
# A Wednesday in the autumn term of 2026-2027, mid-morning in Shanghai.
START = datetime(2026, 11, 18, 10, 0, tzinfo=SHANGHAI)


class Clock:
    """A clock the test moves by hand; the application reads it for `now`."""

    def __init__(self, start: datetime) -> None:
        self.moment = start.astimezone(UTC)

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **delta: float) -> None:
        """Move the clock forward."""
        self.moment += timedelta(**delta)


@dataclass
class World:
    """The seeded college: two classes, their students and staff."""

    class_a: SchoolClass
    class_b: SchoolClass
    other_class: SchoolClass
    students: list[Student]
    other_student: Student
    counselor: Staff
    head_teacher: Staff
    other_counselor: Staff
    leader: Staff
    tokens: dict[str, str] = field(default_factory=dict)


async def seed(session: AsyncSession, now: datetime) -> World:
    """A college with a counselor of two classes, a head teacher, and a stranger's class."""
    college = await make_college(session, name="机电工程学院")
    class_a = await make_class(session, college, name="机械2401班", grade=2024)
    class_b = await make_class(session, college, name="机械2402班", grade=2024)
    other_class = await make_class(session, college, name="车辆2401班", grade=2024)
    students = [
        await make_student(
            session,
            class_a,
            student_no="2024010101",
            name="王小明",
            dorm="7号楼 312",
            key_concern=True,
        ),
        await make_student(
            session, class_a, student_no="2024010102", name="王小红", dorm="7号楼 312", cadre=True
        ),
        await make_student(
            session, class_b, student_no="2024010201", name="李雷", dorm="8号楼 105"
        ),
    ]
    other_student = await make_student(
        session, other_class, student_no="2024020101", name="韩梅梅", dorm="9号楼 201"
    )
    counselor = await make_counselor(
        session, college, class_a, class_b, name="张老师", staff_no="T1001"
    )
    head_teacher = await make_head_teacher(
        session, college, class_a, name="刘老师", staff_no="T1002"
    )
    other_counselor = await make_counselor(
        session, college, other_class, name="赵老师", staff_no="T1003"
    )
    leader = await make_staff(session, college, is_leader=True, name="王书记", staff_no="L001")
    await session.commit()
    world = World(
        class_a,
        class_b,
        other_class,
        students,
        other_student,
        counselor,
        head_teacher,
        other_counselor,
        leader,
    )
    for key, person in (
        ("counselor", counselor),
        ("head_teacher", head_teacher),
        ("other_counselor", other_counselor),
        ("leader", leader),
    ):
        world.tokens[key] = await create_invite(session, staff=person, now=now)
    return world


@pytest.fixture
def clock() -> Clock:
    """The application's clock, starting on a term-time Wednesday."""
    return Clock(START)


@pytest.fixture
async def emulator() -> AsyncIterator[Emulator]:
    """A running Bot API emulator with limits generous enough for conversation tests."""
    emu = Emulator(
        token=TOKEN,
        bot_username="fudao_test_bot",
        limits=EmulatorLimits(global_per_second=1000, chat_burst=100, chat_per_second=100),
    )
    await emu.start(host="127.0.0.1", port=0)
    yield emu
    await emu.stop()


@pytest.fixture
async def world(db: Database, clock: Clock) -> World:
    """The seeded college."""
    async with db.session() as session:
        return await seed(session, clock())


def settings_for(emu: Emulator, database_url: str, tmp_path: Any, **extra: Any) -> Settings:
    """Settings that point the bot at the emulator."""
    return Settings(
        telegram_api_url=emu.api_url,
        telegram_file_url=emu.file_url,
        database_url=database_url,
        data_dir=tmp_path,
        **({"scheduler": False} | extra),
    )


@pytest.fixture
async def app(
    emulator: Emulator,
    db: Database,
    database_url: str,
    clock: Clock,
    tmp_path: Any,
    request: pytest.FixtureRequest,
) -> AsyncIterator[Any]:
    """The production Application, long-polling the emulator."""
    marker = request.node.get_closest_marker("conversation_timeout")
    extra = {"conversation_timeout": marker.args[0]} if marker else {}
    application = await start_application(emulator, database_url, clock, tmp_path, **extra)
    yield application
    await stop_application(application)
    detach(emulator)


async def start_application(
    emulator: Emulator, database_url: str, clock: Clock, tmp_path: Any, **extra: Any
) -> Any:
    """A production Application on the database, long-polling the emulator."""
    settings = settings_for(emulator, database_url, tmp_path, **extra)
    svc = Services(db=Database(database_url), policy=shipped_policy(), clock=clock)
    application = build_application(settings, svc=svc, token=TOKEN)
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0.0, timeout=1)
    attach(emulator, application)
    return application


async def stop_application(application: Any) -> None:
    """Stop as a deploy's restart would: persistence is written on the way down."""
    await application.updater.stop()
    await application.stop()
    await application.shutdown()
