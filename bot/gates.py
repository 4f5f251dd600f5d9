"""What every update passes before a handler sees it: its type, its characters, its rate."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from telegram import Message, MessageEntity, Update
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from handlers.common import Context, caller_locale, known_caller, remember_caller, services
from i18n import translator
from imports.tables import strip_controls

# Telegram is asked for these only (polling and webhook); the gate drops anything else.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
WINDOW = timedelta(minutes=1)
# A registered person may send as much as Telegram lets a chat take (about one a second):
# someone catching up on a week of visits by /log buttons presses that fast, and is welcome.
MAX_PER_WINDOW = 60
# Anyone else may try /start (an invitation) or be refused politely this often, then nothing.
STRANGER_PER_WINDOW = 30


async def only_new_messages(update: Update, context: Context) -> None:
    """Edited messages, channel posts and anything but a message or a button press do nothing."""
    if update.message is None and update.callback_query is None:
        raise ApplicationHandlerStop


def _leading_command(message: Message, text: str) -> tuple[MessageEntity, ...]:
    """The /command entity re-measured on the cleaned text (other entities are not used)."""
    first = message.entities[0] if message.entities else None
    if first is None or first.type != MessageEntity.BOT_COMMAND or first.offset != 0:
        return ()
    word = text.split(maxsplit=1)[0] if text.strip() else ""
    length = len(word.encode("utf-16-le")) // 2
    return (MessageEntity(MessageEntity.BOT_COMMAND, 0, length),) if length else ()


async def clean_input(update: Update, context: Context) -> None:
    """Remove control characters from what a person typed, and say so when any were removed."""
    message = update.message
    if message is None:
        return
    changed = False
    with message._unfrozen():
        if message.text is not None and strip_controls(message.text) != message.text:
            message.text = strip_controls(message.text)
            message.entities = _leading_command(message, message.text)
            changed = True
        if message.caption is not None and strip_controls(message.caption) != message.caption:
            message.caption = strip_controls(message.caption)
            message.caption_entities = ()
            changed = True
    staff = known_caller(context)  # limit_rate looked them up
    if changed and staff is not None and message.chat.type == message.chat.PRIVATE:
        text = translator(caller_locale(update, staff))("input-cleaned")
        await message.chat.send_message(text, parse_mode=ParseMode.HTML)


@dataclass
class FloodWindow:
    """Recent update times of each user, in memory (a restart forgets them, which is fine)."""

    seen: dict[int, deque[datetime]] = field(default_factory=dict)
    warned: dict[int, datetime] = field(default_factory=dict)
    refused: dict[int, datetime] = field(default_factory=dict)

    def count(self, user_id: int, now: datetime) -> int:
        """Note one more update from this user; how many arrived within the window."""
        times = self.seen.setdefault(user_id, deque())
        times.append(now)
        while times and times[0] <= now - WINDOW:
            times.popleft()
        return len(times)

    def once_per_window(self, book: dict[int, datetime], user_id: int, now: datetime) -> bool:
        """True at most once a window for each user and book."""
        last = book.get(user_id)
        if last is not None and now - last < WINDOW:
            return False
        book[user_id] = now
        return True


def _is_start(update: Update) -> bool:
    """A /start, which a stranger needs to redeem an invitation."""
    text = update.message.text if update.message else None
    return bool(text and text.split(maxsplit=1)[0] in ("/start", "/start@"))


async def limit_rate(update: Update, context: Context) -> None:
    """A stranger gets one refusal a minute and more than 30 updates a minute do nothing;
    a registered person is asked to slow down past 60 (Telegram's own ceiling for a chat)."""
    user, chat = update.effective_user, update.effective_chat
    if user is None:
        raise ApplicationHandlerStop
    window: FloodWindow = context.bot_data.setdefault("flood", FloodWindow())
    now = services(context).now()
    count = window.count(user.id, now)
    staff = await remember_caller(update, context)
    if staff is None or chat is None or chat.type != chat.PRIVATE:
        if count > STRANGER_PER_WINDOW:
            raise ApplicationHandlerStop
        if _is_start(update):
            return
        if not window.once_per_window(window.refused, user.id, now):
            if update.callback_query is not None:
                await update.callback_query.answer()
            raise ApplicationHandlerStop
        return
    if count <= MAX_PER_WINDOW:
        return
    if update.callback_query is not None:
        await update.callback_query.answer()
    if window.once_per_window(window.warned, user.id, now):
        await chat.send_message(translator(caller_locale(update, staff))("input-slow-down"))
    raise ApplicationHandlerStop


# A group of its own, far below the handlers' (a group runs only its first matching handler).
GATE_GROUP = -100


async def gate(update: Update, context: Context) -> None:
    """Every gate in order; one that stops the update raises ApplicationHandlerStop."""
    await only_new_messages(update, context)
    await limit_rate(update, context)
    await clean_input(update, context)


def add_gates(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Register the gates before every handler."""
    app.add_handler(TypeHandler(Update, gate), group=GATE_GROUP)
