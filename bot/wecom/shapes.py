"""Telegram-shaped replies in WeCom's shapes: plain text within 2048 bytes, template cards.

The limits are those of 发送应用消息 and 模板卡片类型: a text message carries at most 2048
bytes; a button_interaction card at most 6 buttons whose text is best kept to 10 characters;
a vote_interaction card at most 20 options; a card's title is best kept to 26 characters and
its sub-title to 112.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

TEXT_BYTES = 2048
MAX_BUTTONS = 6
BUTTON_CHARS = 10
MAX_OPTIONS = 20
OPTION_CHARS = 11
TITLE_CHARS = 26
SUBTITLE_CHARS = 112
# The question of a vote card; its options are the buttons' callback data.
PICK = "pick"
SUBMIT = "submit"

_LINK = re.compile(r'<a\s+href="([^"]*)"\s*>(.*?)</a>', re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")

Button = tuple[str, str]  # (label, callback data)


def plain_text(text: str, parse_mode: str | None) -> str:
    """Telegram HTML as plain text; a link keeps its address beside its words."""
    if not parse_mode or parse_mode.upper() != "HTML":
        return text

    def link(match: re.Match[str]) -> str:
        url, words = html.unescape(match.group(1)), _TAG.sub("", match.group(2))
        words = html.unescape(words)
        return url if words.strip() in ("", url) else f"{words} {url}"

    return html.unescape(_TAG.sub("", _LINK.sub(link, text)))


def split_text(text: str, limit: int = TEXT_BYTES) -> list[str]:
    """Parts of at most `limit` UTF-8 bytes, cut at line breaks (a line longer than that alone
    is cut between characters, as nothing else can carry it)."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate.encode()) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        current = ""
        while len(line.encode()) > limit:
            head = line.encode()[:limit].decode("utf-8", errors="ignore")
            parts.append(head)
            line = line[len(head) :]
        current = line
    if current or not parts:
        parts.append(current)
    return parts


def buttons_of(markup: dict[str, Any] | None) -> list[Button]:
    """The callback buttons of an inline keyboard, row by row (URL buttons become text)."""
    if not markup:
        return []
    return [
        (str(b.get("text", "")), str(b["callback_data"]))
        for row in markup.get("inline_keyboard", [])
        for b in row
        if b.get("callback_data")
    ]


@dataclass(frozen=True)
class Card:
    """A template card, and the text that had to go before it because the card cannot hold it."""

    card: dict[str, Any]
    text_before: str | None


def _title_and_rest(text: str) -> tuple[str, str]:
    first, _, rest = text.strip().partition("\n")
    return first.strip(), rest.strip()


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def card_for(text: str, buttons: Sequence[Button], task_id: str) -> Card:
    """The card that shows this text with these buttons: buttons, or a vote for longer lists."""
    # WeCom refuses a card whose keys repeat (a nudge of several rules offers /log of the same
    # kind more than once): the first button of each callback does the same as the others.
    firsts: dict[str, Button] = {}
    for label, data in buttons:
        firsts.setdefault(data, (label, data))
    buttons = list(firsts.values())
    title, rest = _title_and_rest(text)
    fits = len(title) <= TITLE_CHARS and len(rest) <= SUBTITLE_CHARS
    card: dict[str, Any] = {
        "task_id": task_id,
        "main_title": {"title": _shorten(title, TITLE_CHARS) or "…"},
    }
    if fits and rest:
        card["sub_title_text"] = rest
    if len(buttons) <= MAX_BUTTONS and all(len(label) <= BUTTON_CHARS for label, _ in buttons):
        card["card_type"] = "button_interaction"
        card["button_list"] = [
            {"text": label, "style": 1 if i == 0 else 2, "key": data}
            for i, (label, data) in enumerate(buttons)
        ]
    else:
        card["card_type"] = "vote_interaction"
        card["checkbox"] = {
            "question_key": PICK,
            "mode": 0,
            "option_list": [
                {"id": data, "text": _shorten(label, OPTION_CHARS)}
                for label, data in buttons[:MAX_OPTIONS]
            ],
        }
        card["submit_button"] = {"text": "确定", "key": SUBMIT}
    return Card(card, None if fits else text)
