"""A Bot API outage while a counselor logs: the record is saved once and the reply comes after.

The outage spares getUpdates (the update was fetched just before the sending side went down)
and lasts a few seconds, with the retry backoff shortened to match.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.emulator import Emulator
from models.db import Database
from tests.e2e.conftest import Clock, World, start_application, stop_application
from tests.e2e.people import WAIT
from tests.e2e.test_log_flows import records, registered

OUTAGE = 3.0  # seconds; the 30 s, shortened (so is the backoff)
assert OUTAGE < WAIT  # the person's wait for an answer outlasts the outage


@pytest.fixture
async def quick_retrying_app(
    emulator: Emulator, db: Database, database_url: str, clock: Clock, tmp_path: Any
) -> AsyncIterator[Any]:
    """The production Application on the test's tables, retrying replies from 50 ms on."""
    application = await start_application(
        emulator, database_url, clock, tmp_path, reply_retry_backoff=0.05
    )
    yield application
    await stop_application(application)


@pytest.mark.parametrize("mode", ["502", "hang"])
async def test_it_saves_a_dorm_sent_in_an_outage_once_and_replies_after(
    quick_retrying_app: Any, emulator: Emulator, world: World, db: Database, mode: str
) -> None:
    me = await registered(emulator, world)
    emulator.outages.start(OUTAGE, mode, spare=["getUpdates"])  # type: ignore[arg-type]
    done = await me.say("/dorm 7号楼 312 今天 一切正常")
    assert "已保存" in done.plain_text
    assert emulator.outages.hits >= 1  # the reply was refused at first
    assert [m.plain_text for m in me.emu.messages(me.chat_id)].count(done.plain_text) == 1
    [record] = await records(db)
    assert record.note == "一切正常"


async def test_it_saves_a_record_once_when_the_person_sends_again_after_the_reply(
    quick_retrying_app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    """The reply reaches the person, so they have no reason to write the record twice."""
    me = await registered(emulator, world)
    emulator.outages.start(OUTAGE, "502", spare=["getUpdates"])
    first = await me.say("/dorm 7号楼 312 今天 一切正常")
    second = await me.say("/dorm 8号楼 105 今天")
    assert "已保存" in first.plain_text and "已保存" in second.plain_text
    assert len(await records(db)) == 2
