"""Delivery never loses or doubles a message: blocked chats, doubled runs, crashes, 429s."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from sqlmodel import col, select

from bot.app import build_application
from bot.emulator import Emulator
from bot.emulator.limits import EmulatorLimits
from models.channels import chat_of
from models.db import Database
from models.org import Staff
from models.outbox import OutboxMessage, claim, insert_new
from policy.service import PolicyService
from scheduler.delivery import deliver
from services.context import Services
from tests.e2e.conftest import TOKEN, Clock, World, settings_for
from tests.factories import make_staff
from tests.scheduler.conftest import Chats, run, texts

NOW = datetime(2026, 11, 19, 0, 0, tzinfo=UTC)


def _row(recipient: int, stage: str = "early", text: str = "提醒") -> dict[str, Any]:
    return {
        "recipient_id": recipient,
        "rule": "C15",
        "period": "month:2026-11-01",
        "stage": stage,
        "batch": "nudge:2026-11-19",
        "body": {"text": text},
    }


async def test_a_person_who_blocked_the_bot_is_marked_unreachable(
    app: Any, chats: Chats, db: Database, world: World
) -> None:
    chats.counselor.emu.block_bot(chats.counselor.user)
    async with db.session() as session:
        await insert_new(session, [_row(world.counselor.id or 0)])
        await session.commit()
    done = await deliver(app.bot, db, NOW)
    assert (done.sent, done.failed) == (0, 1)
    async with db.session() as session:
        staff = await session.get(Staff, world.counselor.id)
        assert staff is not None and staff.unreachable
    assert (await deliver(app.bot, db, NOW + timedelta(hours=1))).failed == 0  # not retried


async def test_two_senders_at_once_send_each_message_once(
    app: Any, chats: Chats, db: Database, world: World
) -> None:
    async with db.session() as session:
        await insert_new(session, [_row(world.counselor.id or 0, s) for s in ("early", "final")])
        await session.commit()
    results = await asyncio.gather(deliver(app.bot, db, NOW), deliver(app.bot, db, NOW))
    assert sum(r.sent for r in results) == 1  # the two rows are one batch: one message
    assert texts(chats.counselor) == ["提醒\n提醒"]


async def test_a_claim_left_by_a_crashed_sender_is_sent_once_it_goes_stale(
    app: Any, chats: Chats, db: Database, world: World
) -> None:
    async with db.session() as session:
        await insert_new(session, [_row(world.counselor.id or 0)])
        await session.commit()
        who = world.counselor.id or 0
        claimed, chat = await claim(
            session, who, "nudge:2026-11-19", NOW, also=partial(chat_of, staff_id=who)
        )
        assert len(claimed) == 1 and chat == chats.counselor.chat_id  # …and the sender dies
    assert (await deliver(app.bot, db, NOW + timedelta(minutes=1))).sent == 0
    assert (await deliver(app.bot, db, NOW + timedelta(minutes=6))).sent == 1
    assert (await deliver(app.bot, db, NOW + timedelta(minutes=20))).sent == 0
    assert len(texts(chats.counselor)) == 1


async def test_a_doubled_job_run_sends_nothing_twice(app: Any, chats: Chats) -> None:
    first, second = await asyncio.gather(
        run(app, "nudges", "2026-11-19 08:00"), run(app, "nudges", "2026-11-19 08:00")
    )
    people = (chats.counselor, chats.head_teacher, chats.other_counselor, chats.leader)
    received = [len(texts(p)) for p in people]
    assert first + second == sum(received) >= 1
    assert max(received) == 1  # nobody got their nudge twice


async def test_a_broadcast_through_429s_delivers_each_message_once(
    db: Database, database_url: str, tmp_path: Any, clock: Clock
) -> None:
    # The emulator allows 5 messages a second after a burst of 4; the bot is told it may send
    # 150 and keeps 8 batches in flight, so their first sends arrive together and meet 429s on
    # any machine that sends faster than 5 a second (CI sent 120 in 5.9 s at 40 a second: none).
    emulator = Emulator(TOKEN, limits=EmulatorLimits(global_per_second=5, global_burst=4))
    await emulator.start()
    settings = settings_for(emulator, database_url, tmp_path, send_rate=150.0)
    svc = Services(db=Database(database_url), policy=PolicyService.load())
    app = build_application(settings, svc=svc, token=TOKEN)
    # Each 429 pauses every send for the second the emulator asks (PTB's rate limiter), so
    # the test lasts about as long as its 429s: 40 people at 5 a second keep it near 10 s; the
    # pace of a real broadcast is `make bench`'s P3.
    count = 40
    async with db.session() as session:
        for i in range(count):
            session.add(Staff(name=f"老师{i}", telegram_user_id=900_000 + i))
            emulator.add_user(user_id=900_000 + i, first_name=f"老师{i}")
        await session.commit()
        ids = (await session.exec(select(Staff.id).order_by(col(Staff.id)))).all()
        await insert_new(session, [_row(sid or 0, text=f"广播 {sid}") for sid in ids])
        await session.commit()
    try:
        async with app:
            started = asyncio.get_running_loop().time()
            # A batch whose 429s outlast the rate limiter's retries is left for the next run,
            # as the job's next minute would take it: every message goes, none of them twice.
            runs = [await deliver(app.bot, db, NOW)]
            while runs[-1].retry and len(runs) < 5:
                runs.append(await deliver(app.bot, db, NOW))
            elapsed = asyncio.get_running_loop().time() - started
    finally:
        await emulator.stop()
    print(f"\n{count:,} messages in {elapsed:.1f} s through {emulator.flood.refused} 429s, "
          f"{len(runs)} run(s)")  # fmt: skip
    assert emulator.flood.refused > 0
    assert sum(run.sent for run in runs) == count and runs[-1].retry == 0
    for i, sid in enumerate(ids):
        assert [m.plain_text for m in emulator.messages(900_000 + i)] == [f"广播 {sid}"]
    async with db.session() as session:
        unsent = select(OutboxMessage).where(col(OutboxMessage.sent_at).is_(None))
        assert (await session.exec(unsent)).all() == []


async def test_a_run_in_an_outage_leaves_the_rest_of_the_outbox_untouched_for_the_next(
    app: Any, emulator: Emulator, db: Database, world: World
) -> None:
    """Claiming each batch only to fail it would hold a run (and a stop) up for minutes."""
    async with db.session() as session:
        people = [
            await make_staff(session, None, telegram_user_id=8000 + i, name=f"老师{i}")
            for i in range(20)
        ]
        await insert_new(session, [_row(p.id or 0) | {"batch": f"b{p.id}"} for p in people])
        await session.commit()
    for person in people:
        emulator.add_user(person.telegram_user_id or 0, person.name)
    emulator.outages.start(60, "502")
    done = await deliver(app.bot, db, NOW)
    assert (done.sent, done.retry) == (0, 20)
    tried = sum(1 for name, _ in emulator.calls if name == "sendMessage")
    assert tried < 20  # the run stopped trying once the API was plainly down
    emulator.outages.end()
    assert (await deliver(app.bot, db, NOW + timedelta(minutes=1))).sent == 20


async def test_a_batch_cut_short_resumes_after_what_went_out(
    app: Any, chats: Chats, emulator: Emulator, db: Database, world: World
) -> None:
    """The text went, the workbook met an outage: the retry sends the workbook alone."""
    row = _row(world.counselor.id or 0, stage="digest", text="本周汇总") | {
        "document": b"PK workbook bytes",
        "filename": "汇总.xlsx",
    }
    async with db.session() as session:
        await insert_new(session, [row])
        await session.commit()
    emulator.outages.start(60, "502", spare=("sendMessage", "getUpdates"))
    assert (await deliver(app.bot, db, NOW)).retry == 1
    emulator.outages.end()
    assert (await deliver(app.bot, db, NOW + timedelta(minutes=1))).sent == 1
    got = emulator.messages(chats.counselor.chat_id)
    assert [m.plain_text for m in got if m.document is None] == ["本周汇总"]
    assert [m.document.file_name for m in got if m.document is not None] == ["汇总.xlsx"]
    assert (await deliver(app.bot, db, NOW + timedelta(minutes=2))).sent == 0


async def test_one_persons_batches_arrive_in_the_order_decided_and_wait_for_a_failed_one(
    app: Any, chats: Chats, emulator: Emulator, db: Database, world: World
) -> None:
    rows = [
        _row(world.counselor.id or 0, stage=f"s{i}", text=f"第{i}条") | {"batch": f"b{i}"}
        for i in range(6)
    ]
    rows[0] |= {"document": b"PK first", "filename": "第0条.xlsx"}
    async with db.session() as session:
        await insert_new(session, rows)
        await session.commit()
    # The first batch's file fails: the five after it stay back rather than overtake it.
    emulator.outages.start(60, "502", spare=("sendMessage", "getUpdates"))
    assert (await deliver(app.bot, db, NOW)).retry == 6
    assert texts(chats.counselor) == ["第0条"]
    emulator.outages.end()
    assert (await deliver(app.bot, db, NOW + timedelta(minutes=1))).sent == 6
    # The first batch's workbook (no text of its own) comes right after its text.
    assert texts(chats.counselor) == ["第0条", ""] + [f"第{i}条" for i in range(1, 6)]
