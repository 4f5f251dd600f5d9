"""Telegram's limits: message sizes, button data, HTML that parses, and flood control."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from html.parser import HTMLParser

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
ALLOWED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "span",
    "tg-spoiler",
    "blockquote",
    "tg-emoji",
}


@dataclass(frozen=True)
class EmulatorLimits:
    """Flood limits: token buckets overall and per chat (None turns one off)."""

    global_per_second: float | None = 30.0
    global_burst: int = 30
    chat_per_second: float | None = 1.0
    chat_burst: int = 8
    retry_after: int = 1


@dataclass
class Bucket:
    """A token bucket that refills continuously."""

    rate: float
    capacity: float
    tokens: float = -1.0
    stamp: float = field(default_factory=time.monotonic)

    def take(self) -> bool:
        """Take one token if there is one."""
        now = time.monotonic()
        if self.tokens < 0:
            self.tokens = self.capacity
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class FloodControl:
    """Decides whether a sending call is within the limits."""

    def __init__(self, limits: EmulatorLimits) -> None:
        self.limits = limits
        self.overall = (
            Bucket(limits.global_per_second, max(limits.global_burst, 1))
            if limits.global_per_second
            else None
        )
        self.chats: dict[int, Bucket] = {}
        self.refused = 0  # how many 429s were answered, for tests and benchmarks

    def allow(self, chat_id: int) -> bool:
        """True when one more message to this chat is allowed now."""
        limits = self.limits
        if limits.chat_per_second:
            bucket = self.chats.setdefault(
                chat_id, Bucket(limits.chat_per_second, max(limits.chat_burst, 1))
            )
            if not bucket.take():
                self.refused += 1
                return False
        if self.overall is None or self.overall.take():
            return True
        self.refused += 1
        return False


class _TagChecker(HTMLParser):
    """Finds what Telegram's HTML parser would refuse."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.error: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.error = self.error or f'unsupported start tag "{tag}"'
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.error = self.error or f'unexpected end tag "{tag}"'
            return
        self.stack.pop()


def html_error(text: str) -> str | None:
    """Why Telegram would refuse this HTML text, or None when it parses."""
    # A bare `<` or `&` that is not an entity is refused by Telegram. (`find` scans in C: a
    # digest is thousands of characters, and the emulator shares the bench's process.)
    i = text.find("<")
    while i != -1:
        rest = text[i + 1 : i + 2]
        if not (rest.isalpha() or rest == "/"):
            return "unescaped '<' character"
        i = text.find("<", i + 1)
    checker = _TagChecker()
    checker.feed(text)
    checker.close()
    if checker.error:
        return checker.error
    if checker.stack:
        return f'can\'t find end tag corresponding to start tag "{checker.stack[-1]}"'
    return None
