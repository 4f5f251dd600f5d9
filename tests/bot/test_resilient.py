"""Replies through an outage: retried in order, given up after the deadline or at a stop,
tried once outside an update; the real request layer against the emulator over HTTP."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest
from telegram import Bot
from telegram.error import BadRequest, NetworkError
from telegram.ext import AIORateLimiter, ExtBot

from bot.emulator import Emulator, EmulatorLimits
from bot.http_clients import bot_api_request
from bot.resilient import RetryingRequest, answering_update, tried_once
from tests.bot.conftest import unpaced_emulator

TOKEN = "42:resilience-test"
CHAT = 7001
# The emulator holds a call this long at most in these tests; the client gives up sooner.
READ_TIMEOUT = 0.5


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with unpaced_emulator(TOKEN, CHAT, "张老师") as emulator:
        yield emulator


async def _bot(emu: Emulator, **options: float) -> tuple[Bot, RetryingRequest]:
    inner = bot_api_request(8, read_timeout=READ_TIMEOUT)  # the Application's own client
    request = RetryingRequest(inner, backoff=0.05, **options)
    bot = Bot(TOKEN, base_url=emu.api_url, request=request)
    await bot.initialize()
    return bot, request


def _texts(emu: Emulator) -> list[str]:
    return [m.text or "" for m in emu.messages(CHAT)]


def _sends(emu: Emulator) -> int:
    return sum(1 for name, _ in emu.calls if name == "sendMessage")


async def _failed_twice(emu: Emulator) -> None:
    """Wait until the outage has failed two calls (the reply is being retried)."""
    async with asyncio.timeout(10):  # a guard against a hang, not a measurement
        while emu.outages.hits < 2:  # noqa: ASYNC110 (a counter, with no event to wait on)
            await asyncio.sleep(0.01)


async def test_it_sends_a_reply_once_the_502s_stop(emu: Emulator) -> None:
    bot, _ = await _bot(emu)
    emu.outages.start(1.0, "502")
    with answering_update():
        await bot.send_message(CHAT, "已保存")
    assert _texts(emu) == ["已保存"]
    assert emu.outages.hits > 1
    await bot.shutdown()


async def test_it_sends_a_reply_once_a_hanging_api_answers_again(emu: Emulator) -> None:
    bot, _ = await _bot(emu)
    emu.outages.start(1.5, "hang")  # longer than the read timeout: the first tries time out
    with answering_update():
        await bot.send_message(CHAT, "已保存")
    assert _texts(emu) == ["已保存"]
    await bot.shutdown()


async def test_it_keeps_a_chats_replies_in_order(emu: Emulator) -> None:
    bot, _ = await _bot(emu)
    emu.outages.start(1.0, "502")
    with answering_update():
        first = asyncio.create_task(bot.send_message(CHAT, "第一条"))
        await asyncio.sleep(0.05)
        second = asyncio.create_task(bot.send_message(CHAT, "第二条"))
        await asyncio.gather(first, second)
    assert _texts(emu) == ["第一条", "第二条"]
    await bot.shutdown()


async def test_it_does_not_repeat_what_the_api_refused(emu: Emulator) -> None:
    bot, _ = await _bot(emu)
    with answering_update(), pytest.raises(BadRequest):
        await bot.send_message(999, "没有这个聊天")
    assert _sends(emu) == 1
    await bot.shutdown()


async def test_it_tries_a_call_outside_an_update_once(emu: Emulator) -> None:
    bot, _ = await _bot(emu)
    emu.outages.start(5.0, "502")
    with pytest.raises(NetworkError):
        await bot.send_message(CHAT, "提醒")
    assert _sends(emu) == 1
    with answering_update(), pytest.raises(NetworkError):  # the outbox's own, inside an update
        await tried_once(lambda: bot.send_message(CHAT, "提醒"))()
    assert _sends(emu) == 2
    await bot.shutdown()


async def test_it_drops_a_reply_after_the_deadline_and_logs_only_the_method(
    emu: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    bot, request = await _bot(emu, deadline=0.4)
    emu.outages.start(30.0, "502")
    with (
        caplog.at_level(logging.INFO, logger="bot.resilient"),
        answering_update(),
        pytest.raises(NetworkError),
    ):
        await bot.send_message(CHAT, "王小明 谈话内容")
    assert request.dropped == 1
    assert "reply dropped after 0 s" in caplog.text and "sendMessage" in caplog.text
    assert "王小明" not in caplog.text and TOKEN not in caplog.text
    emu.outages.end()
    await bot.shutdown()


async def test_it_sends_again_when_the_answer_was_lost(emu: Emulator) -> None:
    """At least once: the API carried the call out, its answer never came, so it goes again."""
    bot, _ = await _bot(emu)
    emu.outages.start(0.8, "late")
    with answering_update():
        sent = await bot.send_message(CHAT, "已保存")
    assert sent.text == "已保存"
    assert len(_texts(emu)) >= 2 and set(_texts(emu)) == {"已保存"}
    await bot.shutdown()


async def test_it_takes_an_edit_repeated_after_a_lost_answer_as_done(emu: Emulator) -> None:
    bot, _ = await _bot(emu)
    message = await bot.send_message(CHAT, "请选择")
    emu.outages.start(0.8, "late")
    with answering_update():
        done = await bot.edit_message_text("已保存", chat_id=CHAT, message_id=message.message_id)
    assert done is True  # the second try was answered "message is not modified"
    assert _texts(emu) == ["已保存"]
    await bot.shutdown()


async def test_it_abandons_waiting_retries_and_calls_in_flight_on_stop(emu: Emulator) -> None:
    bot, request = await _bot(emu, grace=0.2)
    emu.outages.start(60.0, "502")
    with answering_update():
        waiting = asyncio.create_task(bot.send_message(CHAT, "已保存"))
        await _failed_twice(emu)
        request.abandon()
        with pytest.raises(NetworkError):
            await asyncio.wait_for(waiting, 10)  # a guard against a hang, not a measurement
    emu.outages.start(60.0, "hang")
    with pytest.raises(NetworkError, match="stopping"):
        await asyncio.wait_for(bot.send_message(CHAT, "提醒"), 10)
    assert _texts(emu) == [] and request.dropped == 1
    await bot.shutdown()


async def test_it_fails_an_outbox_message_at_once_behind_a_retried_reply(emu: Emulator) -> None:
    bot, request = await _bot(emu)
    emu.outages.start(60.0, "502")
    with answering_update():
        reply = asyncio.create_task(bot.send_message(CHAT, "已保存"))
    await _failed_twice(emu)
    before = _sends(emu)
    with pytest.raises(NetworkError, match="behind a reply"):
        await bot.send_message(CHAT, "提醒")  # would break the chat's order, so not sent
    assert _sends(emu) == before
    request.abandon(grace=0)
    with pytest.raises(NetworkError):
        await reply
    await bot.shutdown()


async def test_it_leaves_429s_to_the_rate_limiter_above_it() -> None:
    emu = Emulator(TOKEN, limits=EmulatorLimits(chat_per_second=1.0, chat_burst=1, retry_after=1))
    await emu.start()
    emu.add_user(CHAT, "张老师")
    request = RetryingRequest(bot_api_request(8, read_timeout=READ_TIMEOUT), backoff=0.05)
    bot = ExtBot(
        TOKEN, base_url=emu.api_url, request=request, rate_limiter=AIORateLimiter(max_retries=3)
    )
    await bot.initialize()
    with answering_update():
        await bot.send_message(CHAT, "第一条")
        await bot.send_message(CHAT, "第二条")  # refused with a 429 first, then sent
    assert _texts(emu) == ["第一条", "第二条"] and emu.flood.refused >= 1
    assert request.dropped == 0
    await bot.shutdown()
    await emu.stop()
