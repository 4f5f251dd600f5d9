"""The console's cryptography: Telegram init data, signed cookies and CSRF tokens."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import parse_qsl, urlencode

# Telegram's init data is refused once it is older than this.
INIT_DATA_MAX_AGE = timedelta(hours=1)


@dataclass(frozen=True)
class InitData:
    """What verified init data says: the Telegram user and when Telegram signed it."""

    user_id: int
    auth_date: datetime


def _mac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode(), hashlib.sha256).digest()


def sign_init_data(fields: dict[str, str], bot_token: str) -> str:
    """Init data as Telegram signs it (tests and the sandbox play Telegram's part)."""
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    digest = hmac.new(_mac(b"WebAppData", bot_token), check.encode(), hashlib.sha256).hexdigest()
    return urlencode({**fields, "hash": digest})


def verify_init_data(raw: str, bot_token: str, *, now: datetime) -> InitData | None:
    """Telegram's check of Mini App init data; None when forged, malformed or over an hour old.

    1. The data-check string is every field but `hash`, as key=value, sorted, joined by "\\n".
    2. The secret key is HMAC-SHA256 of the bot token under the key "WebAppData".
    3. `hash` must be the hex HMAC-SHA256 of the data-check string under the secret key.
    """
    if not bot_token or not raw or len(raw) > 4096:
        return None
    try:
        pairs = dict(parse_qsl(raw, keep_blank_values=True, strict_parsing=True))
    except ValueError:
        return None
    given = pairs.pop("hash", "")
    check = "\n".join(f"{k}={v}" for k, v in sorted(pairs.items()))
    secret = _mac(b"WebAppData", bot_token)
    expected = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, given):
        return None
    try:
        signed = datetime.fromtimestamp(int(pairs["auth_date"]), tz=now.tzinfo)
        user = json.loads(pairs["user"])
        user_id = int(user["id"])
    except (KeyError, ValueError, TypeError):
        return None
    if not now - INIT_DATA_MAX_AGE <= signed <= now + timedelta(minutes=5):
        return None
    return InitData(user_id, signed)


@dataclass(frozen=True)
class Signer:
    """HMAC signatures with the console's key: cookie values and per-session CSRF tokens."""

    key: bytes

    @classmethod
    def derive(cls, secret: str, bot_token: str) -> Signer:
        """The configured secret, else one derived from the bot token (never used as is)."""
        material = secret or f"fudao-web-console:{bot_token}"
        return cls(hashlib.sha256(material.encode()).digest())

    def _tag(self, purpose: str, value: str) -> str:
        return hmac.new(self.key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()[:32]

    def cookie(self, token: str) -> str:
        """A session token with its signature."""
        return f"{token}.{self._tag('cookie', token)}"

    def unsign(self, value: str) -> str | None:
        """The session token of a cookie whose signature holds; None otherwise."""
        token, _, tag = value.rpartition(".")
        ok = token and hmac.compare_digest(tag, self._tag("cookie", token))
        return token if ok else None

    def csrf(self, token: str) -> str:
        """The CSRF token of a session: forms carry it, and it is checked on every POST."""
        return self._tag("csrf", token)

    def csrf_ok(self, token: str, given: str) -> bool:
        """Whether a form's CSRF token belongs to this session."""
        return bool(given) and hmac.compare_digest(self.csrf(token), given)
