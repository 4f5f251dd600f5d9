"""A small client of WeCom's server API: the access token, and the calls fudao makes.

Errors come back as WeCom's errcode; `WeComError.kind` sorts them into what the caller does next.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

from bot.config import Settings
from bot.http_clients import http_client

# 获取access_token: a token lives `expires_in` seconds; renew a little before it ends.
TOKEN_MARGIN = 300.0
# 全局错误码: the token is invalid (40014), missing (41001) or expired (42001): fetch a new one.
TOKEN_ERRORS = frozenset({40014, 41001, 42001})
# Calls too frequent (45009), or too many at once (45033): wait and try again.
SLOW_DOWN_ERRORS = frozenset({45009, 45033})
# No member may receive it: left the company, not in the app's visible range, or unknown.
UNREACHABLE_ERRORS = frozenset({81013, 60111, 40003})
# -1: 系统繁忙, which WeCom asks to retry.
BUSY = -1


class WeComError(Exception):
    """An answer with a non-zero errcode (its errmsg is WeCom's, never ours)."""

    def __init__(self, errcode: int, errmsg: str) -> None:
        super().__init__(f"WeCom errcode {errcode}: {errmsg}")
        self.errcode = errcode
        self.errmsg = errmsg

    @property
    def kind(self) -> str:
        """`slow_down`, `unreachable`, `busy` or `refused`."""
        if self.errcode in SLOW_DOWN_ERRORS:
            return "slow_down"
        if self.errcode in UNREACHABLE_ERRORS:
            return "unreachable"
        return "busy" if self.errcode == BUSY else "refused"


@dataclass
class Credentials:
    """The app the client speaks for."""

    corp_id: str
    secret: str
    agent_id: int


class WeComApi:
    """Calls on behalf of one app; the token is fetched once and shared by every call."""

    def __init__(self, base_url: str, credentials: Credentials, *, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.credentials = credentials
        self._http = http_client(timeout)
        self._token: str | None = None
        self._token_until = 0.0
        self._token_lock = asyncio.Lock()

    async def close(self) -> None:
        """Close the HTTP connections."""
        await self._http.aclose()

    async def token(self, *, renew: bool = False) -> str:
        """A valid access token: cached until just before it expires."""
        async with self._token_lock:
            if renew or self._token is None or time.monotonic() >= self._token_until:
                answer = await self._call(
                    "GET",
                    "/cgi-bin/gettoken",
                    params={
                        "corpid": self.credentials.corp_id,
                        "corpsecret": self.credentials.secret,
                    },
                )
                self._token = str(answer["access_token"])
                lifetime = float(answer.get("expires_in", 7200))
                self._token_until = time.monotonic() + max(lifetime - TOKEN_MARGIN, lifetime / 2)
            return self._token

    async def call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | None = None,
        files: dict[str, tuple[str, bytes, str]] | None = None,
    ) -> dict[str, Any]:
        """Call with the token; on a token error, renew it and call once more."""
        for attempt in (0, 1):
            token = await self.token(renew=attempt == 1)
            try:
                return await self._call(
                    method, path, params={**(params or {}), "access_token": token},
                    json=json, files=files,
                )  # fmt: skip
            except WeComError as error:
                if error.errcode not in TOKEN_ERRORS or attempt == 1:
                    raise
        raise AssertionError("unreachable")

    async def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any],
        json: dict[str, Any] | None = None,
        files: dict[str, tuple[str, bytes, str]] | None = None,
    ) -> dict[str, Any]:
        """One HTTP call; raises WeComError for a non-zero errcode, httpx errors as they come."""
        response = await self._http.request(
            method, self.base_url + path, params=params, json=json, files=files
        )
        response.raise_for_status()
        answer: dict[str, Any] = response.json()
        errcode = int(answer.get("errcode", 0))
        if errcode != 0:
            raise WeComError(errcode, str(answer.get("errmsg", "")))
        return answer

    # ── the calls fudao makes ───────────────────────────────────────────────
    async def send(self, message: dict[str, Any]) -> dict[str, Any]:
        """发送应用消息: one message to one member (touser and msgtype are in `message`)."""
        body = {"agentid": self.credentials.agent_id, **message}
        answer = await self.call("POST", "/cgi-bin/message/send", json=body)
        if answer.get("invaliduser"):
            # The call succeeded but nobody received it: the member cannot be reached.
            raise WeComError(81013, "invaliduser")
        return answer

    async def update_card(self, body: dict[str, Any]) -> dict[str, Any]:
        """更新模版卡片消息, with a response_code that can be used once."""
        return await self.call(
            "POST",
            "/cgi-bin/message/update_template_card",
            json={"agentid": self.credentials.agent_id, **body},
        )

    async def upload(self, kind: str, filename: str, content: bytes) -> str:
        """上传临时素材: the media_id of an image or a file (valid three days)."""
        mime = "image/png" if kind == "image" else "application/octet-stream"
        answer = await self.call(
            "POST", "/cgi-bin/media/upload", params={"type": kind},
            files={"media": (filename, content, mime)},
        )  # fmt: skip
        return str(answer["media_id"])

    async def create_menu(self, menu: dict[str, Any]) -> None:
        """创建菜单 of the app."""
        await self.call(
            "POST", "/cgi-bin/menu/create", params={"agentid": self.credentials.agent_id}, json=menu
        )

    async def userid_of_code(self, code: str) -> str | None:
        """获取访问用户身份 (web OAuth): the UserID behind a code, None for a non-member."""
        answer = await self.call("GET", "/cgi-bin/auth/getuserinfo", params={"code": code})
        userid = answer.get("userid") or answer.get("UserId")
        return str(userid) if userid else None


def api_of(settings: Settings) -> WeComApi:
    """The API client of the configured app."""
    secret = settings.wecom_secret.get_secret_value() if settings.wecom_secret else ""
    credentials = Credentials(settings.wecom_corp_id or "", secret, settings.wecom_agent_id or 0)
    return WeComApi(settings.wecom_api_url, credentials)
