"""Token expiry, rate limits, repeated and forged callbacks: nothing lost, doubled or let in."""

from __future__ import annotations

from models.db import Database
from tests.e2e.conftest import World
from tests.e2e.test_log_flows import records
from tests.wecom.callbacks import post_callback, text
from tests.wecom.conftest import WeComApp
from tests.wecom.member import Member


async def test_a_callback_repeated_by_wecom_is_handled_once(
    wecom: WeComApp, world: World, db: Database
) -> None:
    me = Member(wecom.emu, "T1001")
    await me.join()
    since = len(wecom.emu.sent_to("T1001"))
    fields = text(userid="T1001", content="/dorm 7号楼 312 今天", msg_id=4561255354251345929)
    assert await post_callback(wecom, fields) == 200
    assert await post_callback(wecom, fields) == 200  # WeCom's retry of the same MsgId
    saved = await me._after(since, until="已保存")
    assert saved.plain_text.count("已保存") == 1
    assert len(await records(db)) == 1


async def test_a_forged_callback_gets_nothing_and_changes_nothing(
    wecom: WeComApp, world: World, db: Database
) -> None:
    fields = text(userid="T1001", content="/dorm 7号楼 312 今天", msg_id=42)
    assert await post_callback(wecom, fields, signature="0" * 40) == 403
    assert await wecom.inbox.maker.updates_for({}) == []  # and nothing was queued for it
    assert wecom.emu.sent_to("T1001") == []
    assert await records(db) == []


async def test_every_callback_is_answered_at_the_first_try(wecom: WeComApp, world: World) -> None:
    me = Member(wecom.emu, "T1001")
    await me.join()
    await me.say("/me")
    tries = wecom.emu.callback_tries
    assert tries and all(t.status == 200 for t in tries)
    assert all(t.attempt == 1 for t in tries)  # never a retry: each answered within 5 s


async def test_a_token_that_expires_mid_send_is_renewed_and_the_reply_arrives(
    wecom: WeComApp, world: World, db: Database
) -> None:
    me = Member(wecom.emu, "T1001")
    await me.join()
    wecom.emu.expire_tokens()
    done = await me.say("/dorm 7号楼 312 今天", until="已保存")
    assert done.plain_text.count("已保存") == 1
    assert 42001 in [c["errcode"] for c in wecom.emu.calls]  # the old token was refused once
    assert len(await records(db)) == 1


async def test_a_45009_storm_delays_replies_but_loses_and_doubles_none(
    wecom: WeComApp, world: World, db: Database
) -> None:
    me = Member(wecom.emu, "T1001")
    await me.join()
    wecom.emu.fail_next(45009, times=2, path="message/send")
    done = await me.say("/dorm 7号楼 312 今天", until="已保存")
    assert done.plain_text.count("已保存") == 1
    assert [c["errcode"] for c in wecom.emu.calls if c["errcode"]] == [45009, 45009]
    assert len(await records(db)) == 1


async def test_a_reply_during_a_wecom_outage_arrives_after_it_and_the_record_is_saved_once(
    wecom: WeComApp, world: World, db: Database
) -> None:
    me = Member(wecom.emu, "T1001")
    await me.join()
    wecom.emu.outage(3, status=502)
    done = await me.say("/dorm 7号楼 312 今天", until="已保存")
    assert done.plain_text.count("已保存") == 1
    assert len(await records(db)) == 1
