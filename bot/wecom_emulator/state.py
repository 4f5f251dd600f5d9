"""What the emulated WeCom remembers: members, tokens, media, cards, and everything sent."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Token:
    """An access_token and when it stops working."""

    value: str
    expires_at: float
    revoked: bool = False


@dataclass
class Media:
    """A file uploaded through media/upload."""

    media_id: str
    type: str
    filename: str
    content: bytes
    content_type: str
    created_at: float


@dataclass
class Task:
    """A card message, by its task_id: who got it and what each of them sees now."""

    task_id: str
    msgid: str
    recipients: list[str]
    # userid -> the card as that member sees it now (updates are per member).
    views: dict[str, dict[str, Any]] = field(default_factory=dict)
    # userid -> the replace_name of its buttons once the app greyed them out.
    greyed: dict[str, str] = field(default_factory=dict)


@dataclass
class ResponseCode:
    """A response_code: one update of one card, within its time to live."""

    code: str
    task_id: str
    created_at: float
    used: bool = False


@dataclass
class CallbackTry:
    """One POST of a callback to the app, and how it went."""

    kind: str
    userid: str
    attempt: int
    status: int | None
    duration: float
    error: str | None = None
    xml: str = ""


@dataclass
class OAuthCode:
    """A web-login code, exchanged once for who logged in."""

    userid: str
    expires_at: float
    used: bool = False


@dataclass
class WeComState:
    """Everything the emulator holds."""

    members: dict[str, str] = field(default_factory=dict)  # userid -> name
    tokens: dict[str, Token] = field(default_factory=dict)
    media: dict[str, Media] = field(default_factory=dict)
    tasks: dict[str, Task] = field(default_factory=dict)
    response_codes: dict[str, ResponseCode] = field(default_factory=dict)
    oauth_codes: dict[str, OAuthCode] = field(default_factory=dict)
    menu: dict[str, Any] | None = None
    sent: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    dropped: list[dict[str, Any]] = field(default_factory=list)
    callback_tries: list[CallbackTry] = field(default_factory=list)
    # Every API call: its path and the errcode it was answered with.
    calls: list[dict[str, Any]] = field(default_factory=list)
    # Request JSON -> when it was last delivered, for enable_duplicate_check.
    recent: dict[str, float] = field(default_factory=dict)
    next_msgid: int = 1

    def member(self, userid: str) -> str | None:
        """The member's userid as stored; WeCom matches userids without case."""
        lowered = userid.lower()
        return next((u for u in self.members if u.lower() == lowered), None)

    def msgid(self) -> str:
        """A new msgid for what the app sends."""
        self.next_msgid += 1
        return f"msg{self.next_msgid - 1:08d}"

    def new_response_code(self, task_id: str, now: float) -> str:
        """A fresh response_code for a card."""
        code = secrets.token_urlsafe(24)
        self.response_codes[code] = ResponseCode(code, task_id, now)
        return code
