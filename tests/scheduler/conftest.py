"""The seeded college with everybody's chat open, and a way to run a job as of a moment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest

from bot.emulator import Emulator
from models.db import Database
from models.org import Staff
from scheduler.runner import run_job
from tests.e2e.conftest import SHANGHAI, World, app, clock, emulator, world
from tests.e2e.people import Person

__all__ = ["app", "clock", "emulator", "world"]  # the end-to-end fixtures, shared


@dataclass
class Chats:
    """One emulated person per member of the seeded college, registered with the bot."""

    counselor: Person
    head_teacher: Person
    other_counselor: Person
    leader: Person


@pytest.fixture
async def chats(emulator: Emulator, db: Database, world: World) -> Chats:
    """Bind each seeded person to an emulated Telegram user, as /start would."""
    people = {}
    for i, key in enumerate(("counselor", "head_teacher", "other_counselor", "leader")):
        staff: Staff = getattr(world, key)
        person = Person(emulator, 7000 + i, staff.name)
        async with db.session() as session:
            row = await session.get(Staff, staff.id)
            assert row is not None
            row.telegram_user_id = person.user.id
            session.add(row)
            await session.commit()
        people[key] = person
    return Chats(**people)


def shanghai(text: str) -> datetime:
    """A wall-clock moment in the university's zone: `2026-11-19 08:00`."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


async def run(app: Any, name: str, when: str) -> int:
    """Run a job as of a Shanghai wall-clock moment; the number of messages sent."""
    return await run_job(app, name, shanghai(when))


def texts(person: Person) -> list[str]:
    """Everything the bot has sent to the person, oldest first."""
    return [m.plain_text for m in person.emu.messages(person.chat_id)]
