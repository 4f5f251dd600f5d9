"""What handlers and jobs need of the Application's bot beyond PTB's own methods."""

from __future__ import annotations

from typing import Any, Protocol


class JsonBotApi(Protocol):
    """A bot whose Bot API answers can stay JSON (`bot.json_bot.JsonBot` is the one)."""

    @property
    def id(self) -> int:
        """The bot's user id: a file_id is good for the bot that got it."""
        ...

    async def post_json(self, method: str, params: dict[str, Any]) -> Any:
        """A Bot API call the way PTB's methods make it; Telegram's result as JSON."""
        ...
