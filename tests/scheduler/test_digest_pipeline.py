"""The digest pipelined (issue 22): each college goes out as soon as it is drawn, and once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select

from bot.emulator import Emulator
from i18n import Translate
from models.db import Database
from models.outbox import OutboxMessage
from reports.digest_data import CollegeDigest
from reports.digest_drawing import Audience, Drawn, draw_college
from scheduler.delivery import Pump
from scheduler.digests import decide_digests
from services.context import services_of
from tests.e2e.conftest import World
from tests.e2e.people import Person
from tests.factories import make_class, make_college, make_counselor, make_staff
from tests.scheduler.conftest import Chats, run, shanghai

MONDAY = "2026-11-23 08:00"
# Long enough for any drawing on a busy machine: only reached when sending waited for it.
DEADLOCK_GUARD_S = 120


@dataclass
class University:
    """The seeded college and three more, each with its leader, and one admin for all."""

    leaders: dict[int, Person]  # by college id
    admin: Person


async def _university(db: Database, emulator: Emulator, world: World, chats: Chats) -> University:
    leaders = {world.leader.college_id or 0: chats.leader}
    async with db.session() as session:
        for i in range(3):
            college = await make_college(session, name=f"第{i + 2}学院")
            school_class = await make_class(session, college, name=f"测试{i}班", grade=2024)
            await make_counselor(session, college, school_class, name=f"辅导员{i}")
            person = Person(emulator, 7200 + i, f"书记{i}")
            await make_staff(session, college, is_leader=True, name=f"书记{i}",
                             telegram_user_id=person.user.id)  # fmt: skip
            assert college.id is not None
            leaders[college.id] = person
        admin = Person(emulator, 7300, "管理员")
        await make_staff(session, None, is_admin=True, name="管理员",
                         telegram_user_id=admin.user.id)  # fmt: skip
        await session.commit()
    return University(leaders, admin)


def _digests(person: Person) -> list[str]:
    """The charts that reached a person, one per digest, by their caption (the college's)."""
    messages = person.emu.messages(person.chat_id)
    return [m.plain_text for m in messages if m.photo is not None]


async def _unsent(db: Database) -> int:
    async with db.session() as session:
        query = select(OutboxMessage).where(col(OutboxMessage.sent_at).is_(None))
        return len((await session.exec(query)).all())


async def test_it_sends_every_colleges_digest_once_to_each_reader(
    app: Any, chats: Chats, db: Database, world: World, emulator: Emulator
) -> None:
    uni = await _university(db, emulator, world, chats)
    assert await run(app, "digest", MONDAY) == len(uni.leaders) * 2  # each leader, and the admin
    assert all(len(_digests(p)) == 1 for p in uni.leaders.values())
    admin = _digests(uni.admin)
    assert len(admin) == len(uni.leaders) == len(set(admin))
    assert await _unsent(db) == 0
    assert await run(app, "digest", "2026-11-23 09:00") == 0  # a second run sends nothing
    assert all(len(_digests(p)) == 1 for p in uni.leaders.values())
    assert len(_digests(uni.admin)) == len(uni.leaders)


async def test_a_colleges_digest_is_sent_before_the_last_college_is_drawn(
    app: Any, chats: Chats, db: Database, world: World, emulator: Emulator
) -> None:
    uni = await _university(db, emulator, world, chats)
    held_back = world.leader.college_id or 0
    others = [p for cid, p in uni.leaders.items() if cid != held_back]
    events: list[str] = []

    async def draw(
        digest: CollegeDigest, audiences: Sequence[Audience], translator: Callable[[str], Translate]
    ) -> Drawn:
        drawn = await draw_college(digest, audiences, translator)
        if digest.college_id == held_back:
            # This college's drawing is not done until another college's digest has arrived.
            arrived = lambda: any(_digests(p) for p in others)  # noqa: E731
            await emulator.wait_for(arrived, timeout=DEADLOCK_GUARD_S)
            events.append("a digest arrived")
        events.append(f"drawn {digest.college_id}")
        return drawn

    svc = services_of(app.bot_data)
    at = shanghai(MONDAY)
    pump = Pump(app.bot, svc.db, at)
    async with svc.db.session() as session:
        decided = await decide_digests(session, svc.policy, at, ready=pump.kick, draw=draw)
    done = await pump.finish()
    assert events.index("a digest arrived") < events.index(f"drawn {held_back}")
    assert decided == len(uni.leaders) * 2 and done.sent == decided and done.failed == 0
    assert all(len(_digests(p)) == 1 for p in uni.leaders.values())
    assert len(set(_digests(uni.admin))) == len(uni.leaders)
    assert await _unsent(db) == 0
