"""Bot API calls over aiohttp: PTB's `BaseRequest` on a lighter HTTP client than httpx.

httpx is pure Python from the socket up: a `sendMessage` of a line of Chinese through PTB's
Bot to the emulator cost 1.65 ms of CPU with PTB's HTTPXRequest and 0.42 ms with this one
(`benchmarks/http_client.py`: aiohttp's HTTP parser is C; 1.2–1.5 ms here while bodies went as
%-escaped forms and aiohttp's `trust_env` read the proxy settings and ~/.netrc in a thread on
every call). A digest makes 1,320 calls and every chat answer at least one, all on the chat's
event loop. Behaviour follows PTB's `HTTPXRequest`: the same multipart bodies for files (other
calls go as JSON, which the Bot API takes too), the same per-call timeouts, the environment's
proxy, and its errors become PTB's `TimedOut` (a timeout of any kind) and `NetworkError`
(anything else the connection does).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import getproxies, proxy_bypass

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# PTB's own defaults (HTTPXRequest): 5 s to connect, read and write, 1 s to wait for a
# connection from the pool, 20 s to write a file.
DEFAULT_TIMEOUT = 5.0
DEFAULT_POOL_TIMEOUT = 1.0
MEDIA_WRITE_TIMEOUT = 20.0
_JSON = {"Content-Type": "application/json"}


def _given(value: Any, default: float | None) -> float | None:
    """A per-call timeout, or the request's own where the call left it at PTB's default."""
    return default if isinstance(value, type(BaseRequest.DEFAULT_NONE)) else value


def _body(request_data: RequestData | None) -> aiohttp.FormData | bytes | None:
    """A JSON body, or a multipart one when files go with the fields."""
    if request_data is None:
        return None
    if not request_data.contains_files:
        # JSON, one of the Bot API's four documented ways to pass parameters: json.dumps is
        # C, where a form's %-escaping runs a Python step per byte of UTF-8 (a digest's
        # Chinese text is thousands of them).
        return json.dumps(request_data.parameters, ensure_ascii=False).encode()
    fields = request_data.json_parameters
    # Names go as UTF-8, as httpx sends them (aiohttp would %-escape them: Telegram would show
    # "%E6%B1%87…" for 汇总.xlsx).
    form = aiohttp.FormData(fields, quote_fields=False)
    for name, part in request_data.multipart_data.items():
        if isinstance(part, tuple):
            filename, content, *mime = part
            content_type = mime[0] if mime else None
            form.add_field(name, content, filename=filename, content_type=content_type)
        else:
            form.add_field(name, part)
    return form


Proxy = tuple[str | None, dict[str, str] | None]  # the proxy, and headers for it


def _proxy_from_env(scheme: str, host: str) -> Proxy:
    """The proxy HTTP_PROXY or HTTPS_PROXY names for a host NO_PROXY does not exempt."""
    named = getproxies().get(scheme)
    if not named or proxy_bypass(host):
        return None, None
    parts = urlsplit(named)
    if parts.username is None:
        return named, None
    auth = aiohttp.encode_basic_auth(unquote(parts.username), unquote(parts.password or ""))
    bare = parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
    return bare, {"Proxy-Authorization": auth}


class AiohttpRequest(BaseRequest):
    """A pool of `connection_pool_size` keep-alive connections to the Bot API."""

    def __init__(
        self,
        connection_pool_size: int = 1,
        *,
        read_timeout: float | None = DEFAULT_TIMEOUT,
        write_timeout: float | None = DEFAULT_TIMEOUT,
        connect_timeout: float | None = DEFAULT_TIMEOUT,
        pool_timeout: float | None = DEFAULT_POOL_TIMEOUT,
        media_write_timeout: float | None = MEDIA_WRITE_TIMEOUT,
        ssl: Any = True,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read, self._write = read_timeout, write_timeout
        self._connect, self._pool = connect_timeout, pool_timeout
        self._media_write = media_write_timeout
        self._ssl = ssl
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[tuple[str, str], Proxy] = {}

    @property
    def read_timeout(self) -> float | None:
        """The read timeout of calls that set none."""
        return self._read

    async def initialize(self) -> None:
        """Open the pool (inside the running loop: aiohttp binds a session to it)."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, ssl=self._ssl)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}
            )

    async def shutdown(self) -> None:
        """Close the pool."""
        if self._session is not None and not self._session.closed:
            await self._session.close()

    def _proxy(self, url: str) -> Proxy:
        """The proxy the environment names for a URL's host, read once per host.

        HTTPS_PROXY, HTTP_PROXY and NO_PROXY, as httpx (PTB's default client) reads them once:
        a server that reaches Telegram through a proxy keeps doing so. Not aiohttp's
        `trust_env`, which reads them, and ~/.netrc, in a thread on every call.
        """
        parts = urlsplit(url)
        key = (parts.scheme, parts.hostname or "")
        if key not in self._proxies:
            self._proxies[key] = _proxy_from_env(*key)
        return self._proxies[key]

    def _timeout(
        self, files: bool, read: Any, write: Any, connect: Any, pool: Any
    ) -> aiohttp.ClientTimeout:
        read = _given(read, self._read)
        write = _given(write, self._media_write if files else self._write)
        connect, pool = _given(connect, self._connect), _given(pool, self._pool)
        parts = (read, write, connect, pool)
        # aiohttp has no write timeout of its own: the sum bounds the whole call, as the
        # four of httpx together would.
        total = None if None in parts else sum(p for p in parts if p is not None)
        acquire = None if connect is None or pool is None else connect + pool
        return aiohttp.ClientTimeout(
            total=total, connect=acquire, sock_connect=connect, sock_read=read
        )

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
        """Make one call; its HTTP status and body."""
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data is not None and request_data.contains_files
        timeout = self._timeout(files, read_timeout, write_timeout, connect_timeout, pool_timeout)
        body = _body(request_data)
        proxy, proxy_headers = self._proxy(url)
        try:
            async with self._session.request(
                method,
                url,
                data=body,
                headers=_JSON if isinstance(body, bytes) else None,
                timeout=timeout,
                proxy=proxy,
                proxy_headers=proxy_headers,
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            # The class name says what broke when the message is empty (as PTB's HTTPX does).
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error
