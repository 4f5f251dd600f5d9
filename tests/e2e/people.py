"""A scripted person in the emulator: says things, taps buttons, reads what the bot answered."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from bot.emulator import Emulator

WAIT = 10.0
POLL = 0.02
# The application polling each emulator (tests/e2e/conftest.py registers it), by emulator.
_apps: dict[int, Any] = {}


def attach(emu: Emulator, application: Any) -> None:
    """Let people wait for this application to finish what they sent (see `settled`)."""
    _apps[id(emu)] = application


def detach(application: Any) -> None:
    """Forget a stopped application."""
    for key in [k for k, app in _apps.items() if app is application]:
        del _apps[key]


async def settled(emu: Emulator) -> None:
    """Wait until the bot has handled every update sent so far: fetched (the emulator holds no
    unconfirmed update) and processed (the application's update queue is joined)."""
    application = _apps.get(id(emu))
    if application is None:
        await asyncio.sleep(0.1)  # no application known: give the answer a moment instead
        return
    # The emulator wakes its waiters on the bot's output only, not on a confirmed update: poll.
    for _ in range(int(WAIT / POLL)):
        if not emu.state.pending:
            break
        await asyncio.sleep(POLL)
    try:
        await asyncio.wait_for(application.update_queue.join(), WAIT)
    except TimeoutError:
        raise AssertionError(f"the bot did not finish its answer within {WAIT} s") from None


def snapshot(emu: Emulator, chat_id: int) -> list[tuple[int, str, Any]]:
    """What the chat shows now: each bot message's id, text and keyboard."""
    return [(m.message_id, m.text or "", m.reply_markup) for m in emu.messages(chat_id)]


class Person:
    """One Telegram user talking to the bot in their private chat."""

    def __init__(self, emu: Emulator, user_id: int, first_name: str, language: str = "zh-hans"):
        self.emu = emu
        self.user = emu.add_user(user_id=user_id, first_name=first_name, language_code=language)
        self.chat_id = user_id

    async def _changed(self, before: list[tuple[int, str, Any]]) -> Any:
        """Wait until the chat changes, and return the newest or the edited message."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WAIT
        while loop.time() < deadline:
            now = snapshot(self.emu, self.chat_id)
            if now != before:
                old = {mid: (text, markup) for mid, text, markup in before}
                new = [m for m in self.emu.messages(self.chat_id) if m.message_id not in old]
                # A multi-message answer (or an edit, then a message) is read once complete.
                await settled(self.emu)
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
        await self.emu.send_text(self.user, text)
        return await self._changed(before)

    async def tap(self, label: str, message: Any = None) -> Any:
        """Press the button whose text contains `label` on the newest message that has one."""
        target = message or self.last_with_buttons()
        data = button_data(target, label)
        before = snapshot(self.emu, self.chat_id)
        await self.emu.press_button(self.user, target.message_id, data)
        return await self._changed(before)

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
