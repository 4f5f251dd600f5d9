"""End-to-end fixtures for the records features: the production Application and its people."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.cli import main
from bot.emulator import Emulator
from models.invites import create_invite
from models.org import Staff
from tests.e2e.conftest import TOKEN, Clock, World, app, clock, emulator, world
from tests.e2e.people import Person
from tests.factories import make_college, make_staff

__all__ = ["app", "cli_env", "clock", "emulator", "records_app", "world"]


@pytest.fixture
def records_app(app: Any) -> Any:
    """The production Application, exactly as bot/app.py wires it, long-polling the emulator."""
    return app


async def join(emulator: Emulator, world: World, who: str, user_id: int) -> Person:
    """A person of the seeded college who has opened their invitation."""
    person = Person(emulator, user_id, who)
    await person.say(f"/start {world.tokens[who]}")
    return person


async def join_as(
    emulator: Emulator, session: AsyncSession, staff: Staff, user_id: int, clock: Clock
) -> Person:
    """Someone added by a test, registered through their own invitation."""
    token = await create_invite(session, staff=staff, now=clock())
    person = Person(emulator, user_id, staff.name)
    await person.say(f"/start {token}")
    return person


async def make_admin(session: AsyncSession, world: World) -> Staff:
    """The college's administrator."""
    college_id = world.counselor.college_id
    staff = await make_staff(session, None, is_admin=True, name="管理员", staff_no="A001")
    staff.college_id = college_id
    await session.commit()
    return staff


async def make_outside_leader(session: AsyncSession) -> Staff:
    """A leader of another college."""
    college = await make_college(session, name="外国语学院")
    staff = await make_staff(session, college, is_leader=True, name="陈院长", staff_no="L002")
    await session.commit()
    return staff


@pytest.fixture
def cli_env(
    monkeypatch: pytest.MonkeyPatch, emulator: Emulator, database_url: str, tmp_path: Any
) -> Any:
    """The environment `fudao` reads: the test database, and the emulator as Telegram."""
    monkeypatch.setenv("FUDAO_DATABASE_URL", database_url)
    monkeypatch.setenv("FUDAO_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("FUDAO_TELEGRAM_TOKEN", TOKEN)
    monkeypatch.setenv("FUDAO_TELEGRAM_API_URL", emulator.api_url)
    monkeypatch.setenv("FUDAO_TELEGRAM_FILE_URL", emulator.file_url)
    monkeypatch.chdir(tmp_path)
    return tmp_path


async def fudao(*argv: str) -> int:
    """Run the `fudao` command as a terminal would, off the test's event loop."""
    return await asyncio.to_thread(main, list(argv))
