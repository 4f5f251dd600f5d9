"""What a WeCom callback means, as Telegram-shaped updates for the one set of conversations.

- a text message is a message (a leading /word is a command; an invite code alone is /start CODE);
- a menu click (event click) is the command its key names;
- a card press (template_card_event) is a button press on the message the card stands for,
  with the option picked on a vote card as the button;
- enter_agent of someone not registered is /start, which greets or refuses them;
- what fudao cannot read (pictures, voice, locations…) gets a one-line answer.
"""

from __future__ import annotations

import itertools
import re
import time
from datetime import datetime
from typing import Any

from sqlmodel import col, select
from telegram.ext import Application

from bot.config import Settings
from bot.wecom.identity import staff_of_member
from bot.wecom.request import QUERY_PREFIX
from bot.wecom.shapes import SUBMIT
from i18n import translator
from models.channels import WECOM_CHAT_BASE, WeComCard
from models.db import Database
from models.scope import staff_by_telegram
from models.types import utcnow
from services.context import services_of

# An invitation's code: 43 URL-safe characters (models.invites).
INVITE_CODE = re.compile(r"[A-Za-z0-9_-]{43}")
TEXT_TYPES = frozenset({"text"})

AnyApp = Application[Any, Any, Any, Any, Any, Any]


class UpdateIds:
    """Update ids past Telegram's: microseconds since 1970 above 2**52, never reused."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> int:
        """A fresh update id; it also keeps a WeCom save apart from every Telegram one."""
        self._last = max(self._last + 1, WECOM_CHAT_BASE + time.time_ns() // 1000)
        return self._last


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def picked_option(fields: dict[str, Any]) -> str | None:
    """The first option chosen on a vote or multiple-choice card, if any."""
    items = (fields.get("SelectedItems") or {}).get("SelectedItem")
    for item in _as_list(items):
        for option in _as_list((item.get("OptionIds") or {}).get("OptionId")):
            return str(option)
    return None


def command_entities(text: str) -> list[dict[str, Any]]:
    """The bot_command entity of a leading /word, as Telegram marks it."""
    if not text.startswith("/"):
        return []
    word = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": len(word.encode("utf-16-le")) // 2}]


class UpdateMaker:
    """Turns decrypted callback fields into Bot API update dictionaries."""

    def __init__(self, application: AnyApp, settings: Settings, db: Database) -> None:
        self.application = application
        self.settings = settings
        self.db = db
        self.ids = UpdateIds()
        self._queries = itertools.count(1)

    def _now(self) -> datetime:
        return services_of(self.application.bot_data).now()

    async def updates_for(self, fields: dict[str, Any]) -> list[dict[str, Any]]:
        """The updates this callback stands for (none for events fudao does not use)."""
        userid = str(fields.get("FromUserName") or "")
        if not userid:
            return []
        async with self.db.session() as session:
            chat_id, staff, bound_now = await staff_of_member(
                session, self.settings, userid=userid, now=self._now()
            )
        if bound_now:
            # Told so at once: the welcome of /start, then what they sent.
            later = await self._meaning(fields, chat_id, userid, registered=True)
            return [self._message(chat_id, userid, "/start"), *later]
        return await self._meaning(fields, chat_id, userid, registered=staff is not None)

    async def _meaning(
        self, fields: dict[str, Any], chat_id: int, userid: str, *, registered: bool
    ) -> list[dict[str, Any]]:
        kind = str(fields.get("MsgType") or "")
        if kind == "text":
            text = str(fields.get("Content") or "")
            if not registered and INVITE_CODE.fullmatch(text.strip()):
                text = f"/start {text.strip()}"
            return [self._message(chat_id, userid, text)]
        if kind != "event":
            await self._unsupported(chat_id, registered=registered)
            return []
        event = str(fields.get("Event") or "").lower()
        if event == "click" and fields.get("EventKey"):
            return [self._message(chat_id, userid, str(fields["EventKey"]))]
        if event == "enter_agent" and not registered:
            return [self._message(chat_id, userid, "/start")]
        if event == "template_card_event":
            press = await self._press(fields, chat_id, userid)
            return [press] if press is not None else []
        return []

    async def _unsupported(self, chat_id: int, *, registered: bool) -> None:
        """One line saying what fudao reads; strangers hear the same as for anything else."""
        t = translator("zh")
        if registered:
            async with self.db.session() as session:
                staff = await staff_by_telegram(session, telegram_user_id=chat_id)
            t = translator(staff.language if staff is not None else "zh")
        text = t("wecom-unsupported") if registered else t("access-ask-admin")
        await self.application.bot.send_message(chat_id, text)

    def _user(self, chat_id: int, userid: str) -> dict[str, Any]:
        return {"id": chat_id, "is_bot": False, "first_name": userid, "language_code": "zh-hans"}

    def _message(self, chat_id: int, userid: str, text: str) -> dict[str, Any]:
        update_id = self.ids.next()
        return {
            "update_id": update_id,
            "message": {
                "message_id": update_id % 2**31,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private", "first_name": userid},
                "from": self._user(chat_id, userid),
                "text": text,
                "entities": command_entities(text),
            },
        }

    async def _press(
        self, fields: dict[str, Any], chat_id: int, userid: str
    ) -> dict[str, Any] | None:
        """A card press as a callback query on the message the card stands for."""
        key = str(fields.get("EventKey") or "")
        data = picked_option(fields) if key == SUBMIT else key
        if not data:
            return None
        task_id = str(fields.get("TaskId") or "")
        async with self.db.session() as session:
            query = select(WeComCard).where(col(WeComCard.task_id) == task_id)
            row = (await session.exec(query)).first() if task_id else None
            if row is not None and row.chat_id == chat_id:
                # The press brings a fresh response_code: the edit that follows updates in place.
                row.response_code = str(fields.get("ResponseCode") or "") or None
                row.created_at = utcnow()
                session.add(row)
                await session.commit()
            else:
                row = None
        message_id = row.id if row is not None else 0  # an unknown card: the step is gone
        return {
            "update_id": self.ids.next(),
            "callback_query": {
                "id": f"{QUERY_PREFIX}{chat_id}:{next(self._queries)}",
                "from": self._user(chat_id, userid),
                "chat_instance": str(chat_id),
                "data": data,
                "message": {
                    "message_id": message_id,
                    "date": int(time.time()),
                    "chat": {"id": chat_id, "type": "private", "first_name": userid},
                },
            },
        }
