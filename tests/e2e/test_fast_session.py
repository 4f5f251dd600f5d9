"""A counselor catching up on a week of visits by /log buttons is never asked to slow down."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

import models.db
from bot.emulator import Emulator
from models.db import Database
from tests.e2e.conftest import Clock, World, start_application, stop_application
from tests.e2e.test_log_flows import records, registered

# A dorm visit by buttons: the menu, the kind, the room, a finding, done, the day, no note,
# no follow-up, save. Nine updates, pressed about a second apart.
VISIT = ("走访宿舍", "7号楼 312", "违规电器", "完成", "昨天", "跳过", "否", "确认保存")
RECORDS = 18  # one every 10 s for 3 minutes: 54 updates in any minute


async def test_it_takes_a_record_every_ten_seconds_for_three_minutes_without_refusing(
    app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    me = await registered(emulator, world)
    clock.advance(minutes=1, seconds=1)  # the /start's minute is over
    for n in range(RECORDS):
        started = clock()
        await me.say("/log")
        for label in VISIT:
            clock.advance(seconds=1)
            answer = await me.tap(label)
        assert "已保存" in answer.plain_text, f"record {n + 1}"
        clock.advance(seconds=10 - (clock() - started).total_seconds())
    assert len(await records(db)) == RECORDS
    assert not [m for m in emulator.messages(me.chat_id) if "太快" in (m.text or "")]
    assert not [c for c in emulator.answered_callbacks if c.get("text")]


async def test_it_looks_the_person_up_once_an_update_and_not_again_in_the_handler(
    app: Any, emulator: Emulator, world: World
) -> None:
    me = await registered(emulator, world)
    with app.bot_data["services"].db.statements() as seen:
        saved = await me.say("/dorm 7号楼 312 今天")
        english = await me.say("/lang en")
    assert "已保存" in saved.plain_text and "English" in english.plain_text
    lookups = [s for s in seen if "FROM staff" in s and "telegram_user_id" in s]
    assert len(lookups) == 2
    assert "saved" in (await me.say("/dorm 8号楼 105 今天")).plain_text.lower()


async def test_a_dorm_visit_is_a_look_up_and_one_transaction(
    app: Any, emulator: Emulator, world: World
) -> None:
    me = await registered(emulator, world)
    db: Database = app.bot_data["services"].db
    checkouts: list[object] = []

    def checked_out(connection: object, *_rest: object) -> None:
        checkouts.append(connection)

    event.listen(db.engine.sync_engine, "checkout", checked_out)
    try:
        help_text = await me.say("/help")
        first = len(checkouts)
        saved = await me.say("/dorm 7号楼 312 今天")
    finally:
        event.remove(db.engine.sync_engine, "checkout", checked_out)
    assert "/dorm" in help_text.plain_text and "已保存" in saved.plain_text
    assert first == 1  # /help: the gate's look-up, and the handler reads nothing more
    # /dorm: the gate's look-up, then the save and its progress reply in one transaction
    # (they were three); the gate gives its connection back before the handler runs.
    assert len(checkouts) - first == 2


async def test_a_crowd_opening_invitations_at_once_is_answered_by_a_pool_of_two_connections(
    emulator: Emulator,
    db: Database,
    database_url: str,
    clock: Clock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each update holds at most one connection: had /start opened a session of its own beside
    # its turn's (the gate's look-up), two would hold both and wait for a third (30 s, then
    # fail): a first morning's invitations all opened at once.
    monkeypatch.setattr(models.db, "POOL_SIZE", 2)
    monkeypatch.setattr(models.db, "POOL_OVERFLOW", 0)
    app = await start_application(emulator, database_url, clock, tmp_path)
    try:
        crowd = [emulator.add_user(900_000 + i, f"访客{i}") for i in range(12)]
        for person in crowd:
            await emulator.send_text(person, "/start 过期的邀请码")
        await emulator.wait_for(lambda: all(emulator.messages(p.id) for p in crowd), timeout=60)
    finally:
        await stop_application(app)
    answers = [emulator.messages(p.id)[0].text or "" for p in crowd]
    assert all("学院管理员申请邀请链接" in a for a in answers), answers
