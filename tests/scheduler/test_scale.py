"""At scale: a college's digest drawn once, one evaluation per instant, crises never starved."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from bot.emulator import Emulator
from i18n import Translate
from models.db import Database
from models.org import Staff
from reports.digest_data import CollegeDigest
from reports.digest_drawing import Audience, Drawn, draw_college
from reports.digest_text import RENDERS
from scheduler.delivery import Pump
from scheduler.digests import decide_digests
from scheduler.runner import MORNING, run_jobs
from services.context import services_of
from tests.e2e.conftest import World
from tests.e2e.people import Person
from tests.factories import make_record, make_staff
from tests.scheduler.conftest import Chats, run, shanghai, texts

MONDAY = "2026-11-23 08:00"


async def _more_leaders(db: Database, emulator: Emulator, world: World, n: int) -> list[Person]:
    people = []
    async with db.session() as session:
        for i in range(n):
            person = Person(emulator, 7100 + i, f"副书记{i}")
            college = await session.get(Staff, world.leader.id)
            assert college is not None
            await make_staff(
                session,
                None,
                college_id=college.college_id,
                is_leader=True,
                name=f"副书记{i}",
                telegram_user_id=person.user.id,
            )
            people.append(person)
        await session.commit()
    return people


def _files(person: Person, kind: str) -> list[bytes]:
    return [
        getattr(m, kind).content
        for m in person.emu.messages(person.chat_id)
        if getattr(m, kind) is not None
    ]


async def test_it_draws_a_colleges_digest_once_and_uploads_it_once_for_all_its_leaders(
    app: Any, chats: Chats, db: Database, world: World, emulator: Emulator
) -> None:
    leaders = [chats.leader, *await _more_leaders(db, emulator, world, 4)]
    college_id = world.leader.college_id or 0
    charts, books = RENDERS[("chart", college_id)], RENDERS[("workbook", college_id)]
    assert await run(app, "digest", MONDAY) == 5
    assert RENDERS[("chart", college_id)] - charts == 1
    assert RENDERS[("workbook", college_id)] - books == 1
    photos = [_files(p, "photo") for p in leaders]
    documents = [_files(p, "document") for p in leaders]
    assert all(len(p) == 1 and p == photos[0] for p in photos)
    assert all(len(d) == 1 and d == documents[0] for d in documents)
    assert photos[0][0].startswith(b"\x89PNG") and documents[0][0].startswith(b"PK")
    # The first send uploads; the four others send the first one's file_id.
    uploads = [
        name
        for name, params in emulator.calls
        if name in ("sendPhoto", "sendDocument") and not ({"photo", "document"} & set(params))
    ]
    assert sorted(uploads) == ["sendDocument", "sendPhoto"]


async def test_it_evaluates_everybody_once_for_the_morning_jobs_at_the_same_instant(
    app: Any, chats: Chats
) -> None:
    policy = services_of(app.bot_data).policy
    before = policy.evaluations
    await run_jobs(app, MORNING, shanghai("2026-12-01 08:00"))
    assert policy.evaluations - before == 1
    assert any("上月工作小结" in t for t in texts(chats.counselor))
    # Run one by one, each job evaluates for itself.
    before = policy.evaluations
    await run(app, "nudges", "2026-12-02 08:00")
    await run(app, "period_close", "2026-12-02 08:00")
    assert policy.evaluations - before == 2


async def test_a_crisis_logged_while_the_digest_is_being_drawn_reaches_the_leader_first(
    app: Any, chats: Chats, db: Database, world: World
) -> None:
    # The drawing happens in a spawned process: the test holds it here, on its way back.
    drawing, release = asyncio.Event(), asyncio.Event()

    async def held(
        digest: CollegeDigest, audiences: Sequence[Audience], translator: Callable[[str], Translate]
    ) -> Drawn:
        drawing.set()
        await release.wait()
        return await draw_college(digest, audiences, translator)

    svc = services_of(app.bot_data)
    at = shanghai(MONDAY)
    pump = Pump(app.bot, svc.db, at)

    async def digest_job() -> int:
        async with svc.db.session() as session:
            await decide_digests(session, svc.policy, at, ready=pump.kick, draw=held)
        return (await pump.finish()).sent

    digest = asyncio.create_task(digest_job())
    try:
        await asyncio.wait_for(drawing.wait(), timeout=60)  # a guard, not a measurement
        async with db.session() as session:
            await make_record(
                session,
                world.counselor,
                "talk",
                date(2026, 11, 23),
                world.students[0],
                subtype="crisis",
                crisis=True,
                created_at=shanghai("2026-11-23 08:00:10"),
            )
            await session.commit()
        await run(app, "crisis_watch", "2026-11-23 08:00:30")
        assert not digest.done()
        alert = texts(chats.leader)
        assert len(alert) == 1 and "危机预警" in alert[0], alert  # what came, if it fails
    finally:
        release.set()
    assert await digest == 1
    got = texts(chats.leader)
    assert "危机预警" in got[0] and "机电工程学院" in got[1]
