"""One Application, two channels: each Bot API call goes to the channel of its chat.

Telegram's calls go over HTTP as python-telegram-bot makes them; a WeCom member's chat id
(models.channels) sends the call to the WeCom request instead. Calls that name no chat (getMe,
setMyCommands) go to Telegram when it is configured.
"""

from __future__ import annotations

from typing import Any

from telegram.error import Forbidden
from telegram.request import BaseRequest, RequestData

from bot.wecom.request import QUERY_PREFIX, method_of
from models.channels import is_wecom_chat


class ChannelRequest(BaseRequest):
    """Routes each Bot API call to Telegram or to WeCom by the chat it names."""

    def __init__(self, telegram: BaseRequest | None, wecom: BaseRequest | None) -> None:
        if telegram is None and wecom is None:
            raise ValueError("no channel is configured")
        self.telegram = telegram
        self.wecom = wecom

    def _channels(self) -> list[BaseRequest]:
        return [r for r in (self.telegram, self.wecom) if r is not None]

    async def initialize(self) -> None:
        """Open every channel."""
        for channel in self._channels():
            await channel.initialize()

    async def shutdown(self) -> None:
        """Close every channel."""
        for channel in self._channels():
            await channel.shutdown()

    @property
    def read_timeout(self) -> float | None:
        """The read timeout of the first channel."""
        return self._channels()[0].read_timeout

    def channel_for(self, url: str, request_data: RequestData | None) -> BaseRequest:
        """The channel that carries this call."""
        params = request_data.parameters if request_data is not None else {}
        chat_id = params.get("chat_id")
        query_id = str(params.get("callback_query_id", ""))
        wecom = query_id.startswith(QUERY_PREFIX) or (
            isinstance(chat_id, int) and is_wecom_chat(chat_id)
        )
        if wecom or self.telegram is None:
            if self.wecom is None:
                raise Forbidden("this chat's channel (WeCom) is not configured")
            if chat_id is not None and not wecom:
                raise Forbidden("this chat's channel (Telegram) is not configured")
            return self.wecom
        if method_of(url) == "getUpdates" and self.telegram is None:
            raise Forbidden("Telegram is not configured")
        return self.telegram

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
        """Hand the call to its channel."""
        return await self.channel_for(url, request_data).do_request(
            url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
        )
