"""Updates: different people's at once, each person's own in the order they were sent."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from telegram import Chat, Message, Update, User

import handlers.digest
from bot.emulator import Emulator
from bot.ordering import PerUserOrder
from reports.digest_drawing import render_off_loop
from reports.digest_text import RenderedDigest
from tests.scheduler.conftest import Chats, app, chats, clock, emulator, world

__all__ = ["app", "chats", "clock", "emulator", "world"]


def _update(update_id: int, user_id: int) -> Update:
    user = User(user_id, "someone", is_bot=False)
    chat = Chat(user_id, Chat.PRIVATE)
    return Update(update_id, message=Message(update_id, None, chat, from_user=user, text="x"))  # type: ignore[arg-type]


async def test_it_handles_one_persons_updates_in_order_and_others_meanwhile() -> None:
    processor = PerUserOrder()
    log: list[str] = []
    slow_started, release = asyncio.Event(), asyncio.Event()

    async def handle(name: str, slow: bool = False) -> None:
        log.append(f"{name} start")
        if slow:
            slow_started.set()
            await release.wait()
        log.append(f"{name} end")

    tasks = [
        asyncio.create_task(processor.process_update(_update(1, 10), handle("a1", slow=True))),
        asyncio.create_task(processor.process_update(_update(2, 10), handle("a2"))),
        asyncio.create_task(processor.process_update(_update(3, 20), handle("b1"))),
    ]
    await slow_started.wait()
    for _ in range(100):  # the other person is answered while a1 is still running
        await asyncio.sleep(0)
    assert "b1 end" in log
    assert "a2 start" not in log
    release.set()
    await asyncio.gather(*tasks)
    assert log.index("a1 end") < log.index("a2 start")


async def test_a_counselor_is_answered_while_a_leaders_digest_is_drawn(
    app: Any, chats: Chats, emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The drawing happens in a spawned process: the test holds the leader's on its way back.
    drawing, release = asyncio.Event(), asyncio.Event()

    async def held(*args: Any, **kwargs: Any) -> RenderedDigest:
        drawing.set()
        await release.wait()
        return await render_off_loop(*args, **kwargs)

    monkeypatch.setattr(handlers.digest, "render_off_loop", held)
    try:
        await emulator.send_text(chats.leader.user, "/digest")
        await asyncio.wait_for(drawing.wait(), timeout=60)  # a guard, not a measurement
        answer = await chats.counselor.say("/me")
        assert "张老师 的完成进度" in answer.plain_text
        assert not any(m.photo for m in emulator.messages(chats.leader.chat_id))
    finally:
        release.set()
    # Then the digest completes (a deadline for a busy machine, not a timing).
    await emulator.wait_for(
        lambda: any(m.document for m in emulator.messages(chats.leader.chat_id)), timeout=60
    )
