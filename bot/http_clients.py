"""The HTTP clients that carry Bot API and WeCom calls, sharing one TLS context."""

from __future__ import annotations

import functools
import ssl
from typing import Any

import certifi
import httpx

from bot.aiohttp_request import AiohttpRequest


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The process's verifying TLS context (certifi's CAs, as httpx's own default)."""
    # Made once: httpx builds a new one per client, and each reads the whole CA bundle (~40 ms
    # of a core); an Application has three clients, and a test run starts hundreds.
    return ssl.create_default_context(cafile=certifi.where())


def bot_api_request(pool_size: int, **options: Any) -> AiohttpRequest:
    """Bot API calls over `pool_size` aiohttp connections, on the shared TLS context."""
    return AiohttpRequest(pool_size, ssl=tls_context(), **options)


def http_client(timeout: float) -> httpx.AsyncClient:
    """An httpx client on the shared TLS context."""
    return httpx.AsyncClient(timeout=timeout, verify=tls_context())
