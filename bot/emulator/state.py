"""What the emulated Telegram remembers: users, chats, messages, pending updates and files."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

_TAG = re.compile(r"<[^>]*>")


@dataclass
class EmuUser:
    """A scripted Telegram user."""

    id: int
    first_name: str
    username: str | None = None
    language_code: str | None = None
    blocked_bot: bool = False

    def as_json(self) -> dict[str, Any]:
        """The Bot API User object."""
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass
class EmuChat:
    """A private chat (id = the user's id) or a group."""

    id: int
    type: str
    title: str | None = None
    first_name: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The Bot API Chat object."""
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.title:
            data["title"] = self.title
        if self.first_name:
            data["first_name"] = self.first_name
        return data


@dataclass
class EmuFile:
    """A file a user uploaded or the bot sent."""

    file_id: str
    file_unique_id: str
    file_name: str
    content: bytes
    mime_type: str | None = None

    @property
    def path(self) -> str:
        """Where getFile says the bytes are served."""
        return f"documents/{self.file_unique_id}/{self.file_name}"


@dataclass
class BotMessage:
    """A message the bot sent, as it stands now (edits applied)."""

    message_id: int
    chat_id: int
    date: int
    text: str | None = None
    parse_mode: str | None = None
    reply_markup: list[list[dict[str, Any]]] | None = None
    document: EmuFile | None = None
    photo: EmuFile | None = None
    caption: str | None = None
    edits: int = 0
    deleted: bool = False
    raw_markup: dict[str, Any] | None = None

    @property
    def plain_text(self) -> str:
        """The text or caption with HTML tags removed and entities decoded."""
        body = self.text if self.text is not None else (self.caption or "")
        if self.parse_mode and self.parse_mode.upper() == "HTML":
            return html.unescape(_TAG.sub("", body))
        return body

    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback data) of every inline button."""
        rows = self.reply_markup or []
        return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]

    def callback_data(self, label: str) -> str:
        """The callback data of the first button whose label contains `label`."""
        for text, data in self.buttons():
            if label in text:
                return data
        raise KeyError(label)

    def as_json(self, bot: dict[str, Any], chat: EmuChat) -> dict[str, Any]:
        """The Bot API Message object."""
        data: dict[str, Any] = {
            "message_id": self.message_id,
            "date": self.date,
            "chat": chat.as_json(),
            "from": bot,
        }
        if self.text is not None:
            data["text"] = self.text
        if self.caption is not None:
            data["caption"] = self.caption
        if self.raw_markup and "inline_keyboard" in self.raw_markup:
            data["reply_markup"] = {"inline_keyboard": self.reply_markup or []}
        if self.edits:
            data["edit_date"] = self.date
        if self.document is not None:
            data["document"] = file_json(self.document)
        if self.photo is not None:
            data["photo"] = [{**file_json(self.photo), "width": 1, "height": 1}]
        return data


def file_json(f: EmuFile) -> dict[str, Any]:
    """The Bot API Document object of a file."""
    data: dict[str, Any] = {
        "file_id": f.file_id,
        "file_unique_id": f.file_unique_id,
        "file_name": f.file_name,
        "file_size": len(f.content),
    }
    if f.mime_type:
        data["mime_type"] = f.mime_type
    return data


@dataclass
class Webhook:
    """Where updates are pushed instead of waiting for getUpdates."""

    url: str
    secret_token: str | None = None


@dataclass
class EmuState:
    """Everything the emulator holds."""

    users: dict[int, EmuUser] = field(default_factory=dict)
    chats: dict[int, EmuChat] = field(default_factory=dict)
    messages: dict[int, list[BotMessage]] = field(default_factory=dict)
    user_messages: dict[int, dict[int, dict[str, Any]]] = field(default_factory=dict)
    pending: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, EmuFile] = field(default_factory=dict)
    webhook: Webhook | None = None
    # What the bot asked for in getUpdates or setWebhook; other kinds are dropped, as Telegram does.
    allowed_updates: list[str] | None = None
    commands: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # setChatMenuButton without a chat: the bot's default menu button (a web_app one opens /app).
    menu_button: dict[str, Any] | None = None
    next_update_id: int = 1
    next_message_id: int = 1
    next_file: int = 1
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    answered_callbacks: list[dict[str, Any]] = field(default_factory=list)

    def message_id(self) -> int:
        """A new message id (shared by users' and the bot's messages, as in a private chat)."""
        self.next_message_id += 1
        return self.next_message_id - 1

    def update_id(self) -> int:
        """A new update id."""
        self.next_update_id += 1
        return self.next_update_id - 1

    def new_file(self, name: str, content: bytes, mime: str | None) -> EmuFile:
        """Store a file and give it ids."""
        n = self.next_file
        self.next_file += 1
        f = EmuFile(f"FILE{n:06d}", f"U{n:06d}", name, content, mime)
        self.files[f.file_id] = f
        return f
