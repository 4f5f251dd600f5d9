"""Bot API methods carried out in WeCom: the conversations call Telegram's API, this answers.

python-telegram-bot hands every call to a `BaseRequest`; this one turns sendMessage, editing,
answerCallbackQuery and files into WeCom's 发送应用消息, 更新模版卡片消息 and 上传临时素材, and
answers with the Bot API's JSON, so no handler knows which channel a person uses.

Each message fudao sends has a row in `wecom_cards`, whose id is the message_id the
conversations see. An edit updates the card in place with its response_code (usable once, for
72 hours); where that cannot be done, a new message is sent and the row points to it, so the
conversations' message_id never changes.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from collections import deque
from datetime import timedelta
from typing import Any

import httpx
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.request import BaseRequest, RequestData

from bot.wecom.api import WeComApi, WeComError
from bot.wecom.shapes import buttons_of, card_for, plain_text, split_text
from models.channels import WeComCard, member_userid
from models.db import Database
from models.types import utcnow

log = logging.getLogger(__name__)

# 发送应用消息: "每应用对同一个成员不可超过30次/分钟，超过部分会被丢弃不下发". Pace below it.
MEMBER_PER_MINUTE = 25
# 更新模版卡片消息: a response_code can be used within 72 hours.
RESPONSE_CODE_HOURS = 72
# How long a caller is told to wait after 45009/45033 before trying again.
SLOW_DOWN_SECONDS = 2
# Marks the callback_query ids this channel makes: wc:<chat_id>:<n>.
QUERY_PREFIX = "wc:"
DONE_LABEL = "已处理"


def method_of(url: str) -> str:
    """The Bot API method a request URL names (…/bot<token>/sendMessage)."""
    return url.rsplit("/", 1)[-1]


def ok(result: Any) -> tuple[int, bytes]:
    """A Bot API success answer."""
    return 200, json.dumps({"ok": True, "result": result}).encode()


class MemberPace:
    """Waits so that no member gets more than MEMBER_PER_MINUTE messages a minute."""

    def __init__(self, per_minute: int = MEMBER_PER_MINUTE) -> None:
        self.per_minute = per_minute
        self._sent: dict[int, deque[float]] = {}
        self._locks: dict[int, asyncio.Lock] = {}

    async def wait(self, chat_id: int) -> None:
        """Return when one more message may go to this member."""
        async with self._locks.setdefault(chat_id, asyncio.Lock()):
            sent = self._sent.setdefault(chat_id, deque())
            now = time.monotonic()
            while sent and sent[0] <= now - 60:
                sent.popleft()
            if len(sent) >= self.per_minute:
                await asyncio.sleep(sent[0] + 60 - now)
                sent.popleft()
            sent.append(time.monotonic())


class WeComRequest(BaseRequest):
    """Carries out the Bot API methods fudao uses, for chats of WeCom members."""

    def __init__(self, api: WeComApi, db: Database, bot_user: dict[str, Any]) -> None:
        self.api = api
        self.db = db
        self.bot_user = bot_user
        self.pace = MemberPace()

    async def initialize(self) -> None:
        """Nothing to open: the API client connects on first use."""

    async def shutdown(self) -> None:
        """Close the API client."""
        await self.api.close()

    @property
    def read_timeout(self) -> float | None:
        """The longest a call waits for WeCom's answer."""
        return 10.0

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """One Bot API call in WeCom's terms; WeCom's errors as the Bot API's exceptions."""
        name = method_of(url)
        params = dict(request_data.parameters) if request_data else {}
        files = request_data.multipart_data if request_data and request_data.contains_files else {}
        try:
            return await self._dispatch(name, params, files)
        except WeComError as error:
            raise _as_bot_error(error) from None
        except httpx.TimeoutException:
            raise TimedOut("WeCom did not answer in time") from None
        except httpx.HTTPStatusError as error:
            status = error.response.status_code
            if status >= 500:
                raise NetworkError(f"WeCom answered {status}") from None
            raise BadRequest(f"WeCom answered {status}") from None
        except httpx.HTTPError as error:
            raise NetworkError(f"cannot reach WeCom: {type(error).__name__}") from None

    async def _dispatch(
        self, name: str, params: dict[str, Any], files: dict[str, Any]
    ) -> tuple[int, bytes]:
        if name == "getMe":
            return ok(self.bot_user)
        if name == "sendMessage":
            return ok(await self._send_message(params))
        if name in ("editMessageText", "editMessageReplyMarkup", "editMessageCaption"):
            return ok(await self._edit(params))
        if name == "answerCallbackQuery":
            await self._answer(params)
            return ok(True)
        if name in ("sendPhoto", "sendDocument"):
            return ok(await self._send_file(name, params, files))
        # deleteMessage, setMyCommands, sendChatAction…: nothing in WeCom to do.
        return ok(True)

    # ── sending ─────────────────────────────────────────────────────────────
    async def _userid(self, chat_id: int) -> str:
        async with self.db.session() as session:
            userid = await member_userid(session, chat_id=chat_id)
        if userid is None:
            raise Forbidden("not a WeCom member known to fudao")
        return userid

    async def _post(self, chat_id: int, message: dict[str, Any]) -> dict[str, Any]:
        await self.pace.wait(chat_id)
        return await self.api.send({"touser": await self._userid(chat_id), **message})

    async def _send_texts(self, chat_id: int, text: str) -> None:
        for part in split_text(text):
            if part.strip():
                await self._post(chat_id, {"msgtype": "text", "text": {"content": part}})

    async def _new_row(self, chat_id: int) -> WeComCard:
        async with self.db.session() as session:
            row = WeComCard(chat_id=chat_id)
            session.add(row)
            await session.commit()
            await session.refresh(row)
        return row

    async def _send_card_or_text(self, row: WeComCard, text: str, markup: Any) -> None:
        """Send text, or a card when there are buttons; the row remembers the card."""
        buttons = buttons_of(markup)
        if not buttons:
            await self._send_texts(row.chat_id, text)
            return
        task_id = f"fudao-{row.id}-{secrets.token_hex(6)}"
        shaped = card_for(text, buttons, task_id)
        if shaped.text_before:
            await self._send_texts(row.chat_id, shaped.text_before)
        answer = await self._post(
            row.chat_id, {"msgtype": "template_card", "template_card": shaped.card}
        )
        await self._remember_card(row, task_id, answer.get("response_code"))

    async def _remember_card(self, row: WeComCard, task_id: str | None, code: Any) -> None:
        async with self.db.session() as session:
            stored = await session.get(WeComCard, row.id)
            assert stored is not None
            stored.task_id = task_id
            stored.response_code = str(code) if code else None
            stored.created_at = utcnow()
            session.add(stored)
            await session.commit()

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        text = plain_text(str(params.get("text", "")), params.get("parse_mode"))
        row = await self._new_row(chat_id)
        await self._send_card_or_text(row, text, params.get("reply_markup"))
        return self._message(row, text)

    async def _send_file(
        self, name: str, params: dict[str, Any], files: dict[str, Any]
    ) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        field, kind = ("photo", "image") if name == "sendPhoto" else ("document", "file")
        given = params.get(field)
        if field in files:
            filename, content, _ = files[field]
            if kind == "file" and params.get("filename"):
                filename = str(params["filename"])
            media_id = await self.api.upload(kind, str(filename), bytes(content))
        else:  # a media_id from an earlier upload, passed back as a file_id
            media_id = str(given)
        caption = plain_text(str(params.get("caption") or ""), params.get("parse_mode"))
        if caption:
            await self._send_texts(chat_id, caption)
        await self._post(chat_id, {"msgtype": kind, kind: {"media_id": media_id}})
        row = await self._new_row(chat_id)
        message = self._message(row, None)
        file = {"file_id": media_id, "file_unique_id": media_id[:32]}
        if field == "photo":
            message["photo"] = [{**file, "width": 0, "height": 0}]
        else:
            message["document"] = file
        return message

    # ── editing and answering ───────────────────────────────────────────────
    async def _edit(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        if "chat_id" not in params or "message_id" not in params:
            return True  # inline messages: fudao sends none
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        async with self.db.session() as session:
            row = await session.get(WeComCard, message_id)
        if row is None or row.chat_id != chat_id:
            raise BadRequest("Message to edit not found")
        markup = params.get("reply_markup")
        text = params.get("text") or params.get("caption")
        shown = plain_text(str(text), params.get("parse_mode")) if text is not None else None
        if await self._update_in_place(row, shown, markup):
            return self._message(row, shown)
        if shown is not None:
            await self._send_card_or_text(row, shown, markup)
        elif buttons_of(markup):
            await self._send_card_or_text(row, "…", markup)
        return self._message(row, shown)

    async def _update_in_place(self, row: WeComCard, text: str | None, markup: Any) -> bool:
        """Update the card with its response_code; False when there is none or it failed."""
        fresh = row.created_at > utcnow() - timedelta(hours=RESPONSE_CODE_HOURS)
        if row.task_id is None or row.response_code is None or not fresh:
            return False
        userid = await self._userid(row.chat_id)
        body: dict[str, Any] = {"userids": [userid], "response_code": row.response_code}
        buttons = buttons_of(markup)
        before: str | None = None
        if buttons:
            shaped = card_for(text or "…", buttons, row.task_id)
            body["template_card"], before = shaped.card, shaped.text_before
        else:
            # Buttons greyed out with a word; the new text follows as a message.
            body["button"] = {"replace_name": DONE_LABEL}
            before = text
        # The code is spent whatever the answer: never try it twice.
        await self._remember_card(row, row.task_id, None)
        try:
            await self.api.update_card(body)
        except WeComError as error:
            if error.kind in ("slow_down", "busy"):
                raise
            return False
        if before:
            await self._send_texts(row.chat_id, before)
        return True

    async def _answer(self, params: dict[str, Any]) -> None:
        """WeCom has no toast: a callback answer with words arrives as a short message."""
        query_id, text = str(params.get("callback_query_id", "")), params.get("text")
        if not text or not query_id.startswith(QUERY_PREFIX):
            return
        chat_id = int(query_id.split(":")[1])
        await self._send_texts(chat_id, str(text))

    def _message(self, row: WeComCard, text: str | None) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": row.id,
            "date": int(time.time()),
            "chat": {"id": row.chat_id, "type": "private"},
            "from": self.bot_user,
        }
        if text is not None:
            message["text"] = text
        return message


def _as_bot_error(error: WeComError) -> Exception:
    """WeCom's errcode as the exception python-telegram-bot and the outbox act on."""
    if error.kind == "slow_down":
        return RetryAfter(timedelta(seconds=SLOW_DOWN_SECONDS))
    if error.kind == "unreachable":
        return Forbidden(f"WeCom member unreachable (errcode {error.errcode})")
    if error.kind == "busy":
        return NetworkError("WeCom is busy (errcode -1)")
    return BadRequest(f"WeCom refused the message (errcode {error.errcode})")
