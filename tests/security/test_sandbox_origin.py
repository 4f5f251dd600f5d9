"""The sandbox page acts only for itself: no cross-origin POSTs, no forged Host, a strict CSP."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from bot.cli import main
from tests.bot.sandbox.conftest import Running, fresh_url, sandbox

__all__ = ["fresh_url", "sandbox"]


def post(url: str, body: dict[str, Any], **headers: str) -> tuple[int, dict[str, str]]:
    """POST as a browser would; the status and the response headers."""
    request = urllib.request.Request(url, json.dumps(body).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def people(url: str) -> list[dict[str, Any]]:
    """The demo people the page offers."""
    with urllib.request.urlopen(f"{url}/sandbox/people", timeout=10) as response:
        data: list[dict[str, Any]] = json.loads(response.read())
        return data


def test_it_refuses_a_cross_origin_or_non_json_post_and_a_forged_host(sandbox: Running) -> None:
    send = f"{sandbox.url}/sandbox/send"
    someone = people(sandbox.url)[0]
    body = {"user_id": someone.get("user_id", someone.get("id")), "text": "/me"}
    status, _ = post(
        send, body, **{"Content-Type": "application/json", "Origin": "https://evil.example"}
    )
    assert status == 403
    status, _ = post(send, body, **{"Content-Type": "text/plain", "Origin": sandbox.url})
    assert status == 415
    status, _ = post(send, body, **{"Content-Type": "application/json", "Host": "evil.example"})
    assert status == 421


def test_it_sends_a_strict_content_security_policy(sandbox: Running) -> None:
    with urllib.request.urlopen(f"{sandbox.url}/", timeout=10) as response:
        policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy


def test_it_needs_public_for_an_address_beyond_loopback(
    capsys: pytest.CaptureFixture[str], tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FUDAO_DATA_DIR", str(tmp_path))
    assert main(["sandbox", "--host", "0.0.0.0"]) == 2
    assert "--public" in capsys.readouterr().err
