"""A scripted person in the emulator: says things, taps buttons, reads what the bot answered."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from bot.emulator import Emulator

# A deadline, not a timing: generous, for a machine busy with the other test processes.
WAIT = 30.0
POLL = 0.02
# The update ids each emulator's application has finished handling (tests/e2e/conftest.py
# registers the application), by emulator.
_handled: dict[int, set[int]] = {}


def attach(emu: Emulator, application: Any) -> None:
    """Record each update the application finishes handling, so people can wait for theirs."""
    handled = _handled[id(emu)] = set()
    processor = application.update_processor
    inner = processor.do_process_update

    async def tracked(update: Any, coroutine: Any) -> None:
        try:
            await inner(update, coroutine)
        finally:
            handled.add(update.update_id)

    processor.do_process_update = tracked


def detach(emu: Emulator) -> None:
    """Forget a stopped application."""
    _handled.pop(id(emu), None)


async def settled(emu: Emulator, update_id: int) -> None:
    """Wait until the bot has finished handling this update (every message of its answer is
    sent), however long other people's updates take."""
    handled = _handled.get(id(emu))
    if handled is None:
        await asyncio.sleep(0.1)  # no application known: give the answer a moment instead
        return
    for _ in range(int(WAIT / POLL)):
        if update_id in handled:
            return
        await asyncio.sleep(POLL)
    raise AssertionError(f"the bot did not finish its answer within {WAIT} s")


def snapshot(emu: Emulator, chat_id: int) -> list[tuple[int, str, Any]]:
    """What the chat shows now: each bot message's id, text and keyboard."""
    return [(m.message_id, m.text or "", m.reply_markup) for m in emu.messages(chat_id)]


class Person:
    """One Telegram user talking to the bot in their private chat."""

    def __init__(self, emu: Emulator, user_id: int, first_name: str, language: str = "zh-hans"):
        self.emu = emu
        self.user = emu.add_user(user_id=user_id, first_name=first_name, language_code=language)
        self.chat_id = user_id

    async def _changed(self, before: list[tuple[int, str, Any]], update_id: int) -> Any:
        """Wait until the chat changes, and return the newest or the edited message."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WAIT
        while loop.time() < deadline:
            now = snapshot(self.emu, self.chat_id)
            if now != before:
                old = {mid: (text, markup) for mid, text, markup in before}
                new = [m for m in self.emu.messages(self.chat_id) if m.message_id not in old]
                # A multi-message answer (or an edit, then a message) is read once complete.
                await settled(self.emu, update_id)
                if new:
                    return self.emu.messages(self.chat_id)[-1]
                for m in self.emu.messages(self.chat_id):
                    if old.get(m.message_id) != (m.text or "", m.reply_markup):
                        return m
            await asyncio.sleep(POLL)
        raise AssertionError(f"the bot did not answer within {WAIT} s")

    async def say(self, text: str) -> Any:
        """Send a text and return the bot's answer."""
        before = snapshot(self.emu, self.chat_id)
        update = await self.emu.send_text(self.user, text)
        return await self._changed(before, update["update_id"])

    async def tap(self, label: str, message: Any = None) -> Any:
        """Press the button whose text contains `label` on the newest message that has one."""
        target = message or self.last_with_buttons()
        data = button_data(target, label)
        before = snapshot(self.emu, self.chat_id)
        update = await self.emu.press_button(self.user, target.message_id, data)
        return await self._changed(before, update["update_id"])

    async def press_stale(self, message: Any, data: str) -> str:
        """Press a button the bot has since removed, as a phone that has not redrawn yet would.

        Returns the toast the bot answered with.
        """
        chat = self.emu.state.chats[self.chat_id]
        query = {
            "id": f"{self.user.id}-{time.monotonic_ns()}",
            "from": self.user.as_json(),
            "message": message.as_json(self.emu.bot_user, chat),
            "chat_instance": str(self.user.id),
            "data": data,
        }
        answered = len(self.emu.answered_callbacks)
        await self.emu.send_update_raw({"callback_query": query})
        await self.emu.wait_for(lambda: len(self.emu.answered_callbacks) > answered)
        return str(self.emu.answered_callbacks[answered].get("text", ""))

    def last_with_buttons(self) -> Any:
        """The newest bot message that carries an inline keyboard."""
        for m in reversed(self.emu.messages(self.chat_id)):
            if buttons_of(m):
                return m
        raise AssertionError("no message with buttons")

    def last(self) -> Any:
        """The newest bot message in the chat."""
        return self.emu.messages(self.chat_id)[-1]


def buttons_of(message: Any) -> list[tuple[str, str]]:
    """(label, callback data) of every inline button of a message."""
    rows = message.reply_markup or []
    return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]


def labels(message: Any) -> list[str]:
    """The button labels of a message."""
    return [label for label, _ in buttons_of(message)]


def button_data(message: Any, label: str) -> str:
    """The callback data of the button whose text contains `label`."""
    found = [data for text, data in buttons_of(message) if label in text]
    assert found, f"no button {label!r} in {labels(message)}"
    return found[0]
