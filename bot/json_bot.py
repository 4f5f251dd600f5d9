"""The Application's bot: PTB's ExtBot, and Bot API calls whose answer stays JSON."""

from __future__ import annotations

from typing import Any

from telegram.ext import ExtBot


class JsonBot(ExtBot[int]):
    """ExtBot plus `post_json`, for senders that read a field or two of Telegram's answer.

    PTB builds a `Message` of every answer, with its user, chat and photo sizes: a tenth of
    the loop's time while a digest goes out (1,320 messages, of which the outbox reads a
    file_id), and of every chat answer (`handlers.common.reply` reads its message id).
    """

    async def post_json(self, method: str, params: dict[str, Any]) -> Any:
        """Call a Bot API method the way PTB's own methods do; its result as Telegram's JSON.

        The same way means the same defaults, the rate limiter (AIORateLimiter's `int` is
        its retry count), the request's retries and PTB's errors for Telegram's refusals.
        Files go as `telegram.InputFile` values.
        """
        return await self._post(method, params)
