"""Encryption at rest: column types that store free text about students as Fernet tokens.

Keys come from `FUDAO_SECRET_KEYS` (comma-separated, newest first) or from a loader the
command line installs (the key file in the data directory). The newest key encrypts; every
key decrypts, so a rotated-out key keeps working until `fudao keys rotate` has rewritten
every value under the newest one.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Sequence
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import LargeBinary, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

KEYS_ENV = "FUDAO_SECRET_KEYS"

KeyLoader = Callable[[], list[str]]


class MissingKeyError(RuntimeError):
    """No key is configured, so nothing encrypted can be written or read."""


class UnreadableValueError(RuntimeError):
    """A stored value that no configured key opens (a lost or removed key)."""


class _Keys:
    """The process's key ring, loaded at first use."""

    def __init__(self) -> None:
        self.loader: KeyLoader | None = None
        self.ring: MultiFernet | None = None
        self.primary: Fernet | None = None
        self.count = 0

    def use(self, keys: Sequence[str]) -> None:
        """Use these keys (newest first) from now on."""
        if not keys:
            raise MissingKeyError("no key given")
        fernets = [Fernet(k.strip().encode()) for k in keys]
        self.ring, self.primary, self.count = MultiFernet(fernets), fernets[0], len(fernets)

    def get(self) -> tuple[MultiFernet, Fernet]:
        """The ring and its newest key, loading them on first use."""
        if self.ring is None:
            env = [k for k in os.environ.get(KEYS_ENV, "").split(",") if k.strip()]
            keys = env or (self.loader() if self.loader else [])
            if not keys:
                raise MissingKeyError(f"{KEYS_ENV} is not set and no key file was found")
            self.use(keys)
        assert self.ring is not None and self.primary is not None
        return self.ring, self.primary


_KEYS = _Keys()


def use_keys(keys: Sequence[str]) -> None:
    """Encrypt with the first key and decrypt with any of them (tests and the CLI)."""
    _KEYS.use(keys)


def load_keys_with(loader: KeyLoader) -> None:
    """Where keys come from when `FUDAO_SECRET_KEYS` is unset; read at first use."""
    _KEYS.loader, _KEYS.ring, _KEYS.primary = loader, None, None


def key_count() -> int:
    """How many keys are configured (loading them, or creating the key file, now)."""
    _KEYS.get()
    return _KEYS.count


def new_key() -> str:
    """A fresh random key, as text."""
    return Fernet.generate_key().decode()


def encrypt(data: bytes) -> bytes:
    """A Fernet token of the data under the newest key."""
    return _KEYS.get()[0].encrypt(data)


def decrypt(token: bytes) -> bytes:
    """The data of a token that any configured key opens."""
    try:
        return _KEYS.get()[0].decrypt(token)
    except InvalidToken:
        # Never show the token or the data: only that no key fits.
        raise UnreadableValueError("no configured key opens a stored value") from None


def needs_rotation(token: bytes) -> bool:
    """Whether the token is sealed by a key other than the newest one."""
    primary = _KEYS.get()[1]
    try:
        primary.decrypt(token)
    except InvalidToken:
        return True
    return False


def rotate(token: bytes) -> bytes:
    """The same data sealed again under the newest key."""
    try:
        return _KEYS.get()[0].rotate(token)
    except InvalidToken:
        raise UnreadableValueError("no configured key opens a stored value") from None


def fingerprint(text: str | None) -> dict[str, Any] | None:
    """What the audit log keeps of a note: its SHA-256 and length, never the text."""
    if text is None:
        return None
    return {"sha256": hashlib.sha256(text.encode()).hexdigest(), "length": len(text)}


class EncryptedText(TypeDecorator[str]):
    """Text stored as a Fernet token; reads and writes see plain text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        """Seal the text on its way in."""
        if value is None:
            return None
        return encrypt(str(value).encode()).decode("ascii")

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        """Open the token on its way out."""
        if value is None:
            return None
        return decrypt(str(value).encode("ascii")).decode()


class EncryptedJSON(TypeDecorator[Any]):
    """A JSON document stored as one Fernet token (outbox bodies name students)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        """Serialize, then seal."""
        if value is None:
            return None
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
        return encrypt(data).decode("ascii")

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        """Open, then parse."""
        if value is None:
            return None
        return json.loads(decrypt(str(value).encode("ascii")))


class EncryptedBytes(TypeDecorator[bytes]):
    """A file (a digest workbook, a chart) stored as a Fernet token."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> bytes | None:
        """Seal the bytes on their way in."""
        if value is None:
            return None
        return encrypt(bytes(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> bytes | None:
        """Open the token on its way out."""
        if value is None:
            return None
        return decrypt(bytes(value))


# Every encrypted column, for rotation and the migration: (table, primary key, column, kind).
ENCRYPTED_COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    ("work_records", "id", "note", "text"),
    ("chat_state", "id", "data", "text"),
    ("outbox", "id", "body", "text"),
    ("outbox", "id", "photo", "bytes"),
    ("outbox", "id", "document", "bytes"),
)
# Encrypted columns of tables added after migration 0010 (which seals ENCRYPTED_COLUMNS as it
# stood): key rotation covers both.
LATER_ENCRYPTED_COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    ("outbox_files", "sha256", "content", "bytes"),
)
