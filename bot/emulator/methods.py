"""The Bot API methods the emulator serves, each returning a result or raising ApiError.

Over 300 lines on purpose: it mirrors the Bot API methods fudao calls, one function each.
"""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from bot.emulator.limits import MAX_CALLBACK_DATA, MAX_CAPTION, MAX_TEXT, html_error
from bot.emulator.state import BotMessage, EmuFile, file_json

if TYPE_CHECKING:
    from bot.emulator.server import Emulator

Method = Callable[["Emulator", dict[str, Any]], Awaitable[Any]]
METHODS: dict[str, Method] = {}


class ApiError(Exception):
    """A refusal in Telegram's error shape."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def body(self) -> dict[str, Any]:
        """The JSON body Telegram answers with."""
        data: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after is not None:
            data["parameters"] = {"retry_after": self.retry_after}
        return data


def method(name: str) -> Callable[[Method], Method]:
    """Register a Bot API method under its lower-cased name."""

    def register(fn: Method) -> Method:
        METHODS[name.lower()] = fn
        return fn

    return register


def _int(params: dict[str, Any], key: str) -> int:
    """An integer parameter, or 400 like Telegram."""
    try:
        return int(params[key])
    except (KeyError, TypeError, ValueError):
        raise ApiError(400, f"Bad Request: {key} is required") from None


def _markup(params: dict[str, Any]) -> dict[str, Any] | None:
    """The reply_markup parameter, decoded and checked."""
    markup = params.get("reply_markup")
    if isinstance(markup, str):
        markup = json.loads(markup)
    if not markup:
        return None
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and len(str(data).encode()) > MAX_CALLBACK_DATA:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    assert isinstance(markup, dict)
    return markup


def _check_text(text: str | None, parse_mode: str | None, limit: int, what: str) -> None:
    """Refuse empty, over-long and unparsable texts as Telegram does."""
    if what == "message" and not (text or "").strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if text is not None and utf16_length(text, parse_mode) > limit:
        reason = "message is too long" if what == "message" else "message caption is too long"
        raise ApiError(400, f"Bad Request: {reason}")
    if text and parse_mode and parse_mode.upper() == "HTML":
        error = html_error(text)
        if error:
            raise ApiError(400, f"Bad Request: can't parse entities: {error}")


def utf16_length(text: str, parse_mode: str | None = None) -> int:
    """The length Telegram limits: UTF-16 code units of the text as shown (tags removed)."""
    shown = text
    if parse_mode and parse_mode.upper() == "HTML":
        shown = html.unescape(re.sub(r"<[^>]*>", "", text))
    return len(shown.encode("utf-16-le")) // 2


@method("getMe")
async def get_me(emu: Emulator, params: dict[str, Any]) -> Any:
    """The bot's own user."""
    return {
        **emu.bot_user,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
    }


@method("getUpdates")
async def get_updates(emu: Emulator, params: dict[str, Any]) -> Any:
    """Long polling: confirm up to `offset`, then wait up to `timeout` for updates."""
    if emu.state.webhook is not None:
        raise ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
        )
    if params.get("allowed_updates") is not None:
        emu.state.allowed_updates = list(params["allowed_updates"]) or None
    return await emu.take_updates(
        int(params.get("offset") or 0),
        float(params.get("timeout") or 0),
        int(params.get("limit") or 100),
    )


@method("setWebhook")
async def set_webhook(emu: Emulator, params: dict[str, Any]) -> Any:
    """Push updates to a URL from now on."""
    if params.get("allowed_updates") is not None:
        emu.state.allowed_updates = list(params["allowed_updates"]) or None
    await emu.set_webhook(
        str(params.get("url") or ""),
        params.get("secret_token"),
        str(params.get("drop_pending_updates")).lower() == "true",
    )
    return True


@method("deleteWebhook")
async def delete_webhook(emu: Emulator, params: dict[str, Any]) -> Any:
    """Back to getUpdates."""
    await emu.set_webhook("", None, str(params.get("drop_pending_updates")).lower() == "true")
    return True


@method("getWebhookInfo")
async def get_webhook_info(emu: Emulator, params: dict[str, Any]) -> Any:
    """The current webhook."""
    hook = emu.state.webhook
    return {
        "url": hook.url if hook else "",
        "has_custom_certificate": False,
        "pending_update_count": len(emu.state.pending),
    }


@method("setMyCommands")
async def set_my_commands(emu: Emulator, params: dict[str, Any]) -> Any:
    """Remember the command menu per language."""
    commands = params.get("commands") or []
    emu.state.commands[str(params.get("language_code") or "")] = (
        json.loads(commands) if isinstance(commands, str) else commands
    )
    return True


@method("getMyCommands")
async def get_my_commands(emu: Emulator, params: dict[str, Any]) -> Any:
    """The command menu of a language."""
    return emu.state.commands.get(str(params.get("language_code") or ""), [])


@method("deleteMyCommands")
async def delete_my_commands(emu: Emulator, params: dict[str, Any]) -> Any:
    """Forget a command menu."""
    emu.state.commands.pop(str(params.get("language_code") or ""), None)
    return True


@method("setChatMenuButton")
async def set_chat_menu_button(emu: Emulator, params: dict[str, Any]) -> Any:
    """Remember the bot's default menu button."""
    button = params.get("menu_button")
    emu.state.menu_button = json.loads(button) if isinstance(button, str) else button
    return True


@method("sendChatAction")
async def send_chat_action(emu: Emulator, params: dict[str, Any]) -> Any:
    """Typing indicators change nothing here."""
    emu.chat_for_sending(_int(params, "chat_id"))
    return True


def _new_message(emu: Emulator, params: dict[str, Any], chat_id: int, **content: Any) -> BotMessage:
    """Check the keyboard and the flood limits, then keep a new bot message."""
    markup = _markup(params)
    emu.flood_check(chat_id)
    msg = BotMessage(
        emu.state.message_id(),
        chat_id,
        int(time.time()),
        parse_mode=params.get("parse_mode"),
        raw_markup=markup,
        reply_markup=(markup or {}).get("inline_keyboard"),
        **content,
    )
    emu.record(msg)
    return msg


@method("sendMessage")
async def send_message(emu: Emulator, params: dict[str, Any]) -> Any:
    """A new bot message in a chat."""
    chat_id = _int(params, "chat_id")
    chat = emu.chat_for_sending(chat_id)
    text = str(params.get("text") or "")
    _check_text(text, params.get("parse_mode"), MAX_TEXT, "message")
    msg = _new_message(emu, params, chat_id, text=text)
    return msg.as_json(emu.bot_user, chat)


def _find(emu: Emulator, params: dict[str, Any]) -> BotMessage:
    """The bot message named by chat_id and message_id."""
    chat_id, message_id = _int(params, "chat_id"), _int(params, "message_id")
    emu.chat_for_sending(chat_id)
    for msg in emu.state.messages.get(chat_id, []):
        if msg.message_id == message_id and not msg.deleted:
            return msg
    raise ApiError(400, "Bad Request: message to edit not found")


@method("editMessageText")
async def edit_message_text(emu: Emulator, params: dict[str, Any]) -> Any:
    """Replace a message's text (and keyboard)."""
    msg = _find(emu, params)
    text = str(params.get("text") or "")
    _check_text(text, params.get("parse_mode"), MAX_TEXT, "message")
    markup = _markup(params)
    keyboard = (markup or {}).get("inline_keyboard")
    if text == msg.text and keyboard == msg.reply_markup:
        raise ApiError(
            400,
            "Bad Request: message is not modified: specified new message "
            "content and reply markup are exactly the same as a current content "
            "and reply markup of the message",
        )
    msg.text, msg.parse_mode, msg.raw_markup, msg.reply_markup = (
        text,
        params.get("parse_mode"),
        markup,
        keyboard,
    )
    msg.edits += 1
    emu.changed(msg)
    return msg.as_json(emu.bot_user, emu.state.chats[msg.chat_id])


@method("editMessageReplyMarkup")
async def edit_message_reply_markup(emu: Emulator, params: dict[str, Any]) -> Any:
    """Replace or remove a message's keyboard."""
    msg = _find(emu, params)
    markup = _markup(params)
    keyboard = (markup or {}).get("inline_keyboard")
    if keyboard == msg.reply_markup:
        raise ApiError(
            400,
            "Bad Request: message is not modified: specified new message "
            "content and reply markup are exactly the same as a current content "
            "and reply markup of the message",
        )
    msg.raw_markup, msg.reply_markup = markup, keyboard
    msg.edits += 1
    emu.changed(msg)
    return msg.as_json(emu.bot_user, emu.state.chats[msg.chat_id])


@method("deleteMessage")
async def delete_message(emu: Emulator, params: dict[str, Any]) -> Any:
    """Mark a message deleted."""
    msg = _find(emu, params)
    msg.deleted = True
    emu.changed(msg)
    return True


@method("answerCallbackQuery")
async def answer_callback_query(emu: Emulator, params: dict[str, Any]) -> Any:
    """Record the answer to a button press."""
    emu.state.answered_callbacks.append(dict(params))
    emu.changed(None)
    return True


async def _send_file(emu: Emulator, params: dict[str, Any], field: str) -> Any:
    """sendDocument and sendPhoto: an upload, or a file_id seen before."""
    chat_id = _int(params, "chat_id")
    chat = emu.chat_for_sending(chat_id)
    caption = params.get("caption")
    _check_text(caption, params.get("parse_mode"), MAX_CAPTION, "caption")
    value = params.get(field)
    if isinstance(value, EmuFile):
        stored = emu.state.new_file(value.file_name, value.content, value.mime_type)
    elif isinstance(value, str) and value in emu.state.files:
        stored = emu.state.files[value]
    else:
        raise ApiError(400, f"Bad Request: there is no {field} in the request")
    msg = _new_message(emu, params, chat_id, caption=caption, **{field: stored})
    return msg.as_json(emu.bot_user, chat)


@method("sendDocument")
async def send_document(emu: Emulator, params: dict[str, Any]) -> Any:
    """A document from the bot."""
    return await _send_file(emu, params, "document")


@method("sendPhoto")
async def send_photo(emu: Emulator, params: dict[str, Any]) -> Any:
    """A photo from the bot."""
    return await _send_file(emu, params, "photo")


@method("getFile")
async def get_file(emu: Emulator, params: dict[str, Any]) -> Any:
    """Where a file's bytes can be downloaded."""
    stored = emu.state.files.get(str(params.get("file_id")))
    if stored is None:
        raise ApiError(400, "Bad Request: invalid file_id")
    return {**file_json(stored), "file_path": stored.path}


@method("close")
async def close(emu: Emulator, params: dict[str, Any]) -> Any:
    """Nothing to close."""
    return True


@method("logOut")
async def log_out(emu: Emulator, params: dict[str, Any]) -> Any:
    """Nothing to log out of."""
    return True
