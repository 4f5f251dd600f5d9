"""Signing in from WeCom (企业微信): the app's menu link goes through WeCom's web OAuth.

1. `/app/wecom` (the menu link) sends the browser to WeCom's authorize page with a `state`
   tied to a short-lived cookie of this browser (SameSite=Lax: it must survive the trip).
2. WeCom sends the browser back to `/app/auth/wecom?code=…&state=…`; the state must match.
3. The channel exchanges the code for a UserID (`auth/getuserinfo`) and maps it to the person,
   as the chat does: that part is the channel's (bot/wecom/), handed in as `WeComSignIn`.
4. The session cookie is SameSite=Strict, which a cross-site redirect would not carry: the
   last step is a page that moves on by itself (a same-site navigation).
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from aiohttp import web
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.web.pages import e, page
from bot.web.server import console_of, db, set_session, tr, visit
from bot.web.signin import home_of, open_person_session
from models.org import Staff

STATE_COOKIE = "fudao_wecom_state"
AUTHORIZE = "https://open.weixin.qq.com/connect/oauth2/authorize"


@dataclass(frozen=True)
class WeComSignIn:
    """The WeCom app's corp id, and the channel's code → person lookup (None: not a member)."""

    corp_id: str
    person_of_code: Callable[[AsyncSession, str], Awaitable[Staff | None]]


async def start(request: web.Request) -> web.StreamResponse:
    """GET /app/wecom: off to WeCom's authorize page, with a state bound to this browser."""
    console = console_of(request)
    if console.wecom is None or console.public is None:
        return page(request, tr(request)("web-sign-in-title"), "", status=404)
    nonce = secrets.token_urlsafe(24)
    query = urlencode({
        "appid": console.wecom.corp_id,
        "redirect_uri": f"{console.public}/app/auth/wecom",
        "response_type": "code",
        "scope": "snsapi_base",
        "state": console.signer.csrf(nonce),
    })  # fmt: skip
    response = web.Response(
        status=302, headers={"Location": f"{AUTHORIZE}?{query}#wechat_redirect"}
    )
    response.set_cookie(
        STATE_COOKIE, nonce, path="/app/auth/wecom", max_age=600, httponly=True, samesite="Lax",
        secure=console.secure,
    )  # fmt: skip
    return response


async def back(request: web.Request) -> web.StreamResponse:
    """GET /app/auth/wecom: check the state, map the code to a person, open a session."""
    console, t = console_of(request), tr(request)
    nonce = request.cookies.get(STATE_COOKIE, "")
    state = request.query.get("state", "")
    code = request.query.get("code", "")
    staff = None
    if console.wecom is not None and nonce and code and console.signer.csrf_ok(nonce, state):
        staff = await console.wecom.person_of_code(db(request), code)
    staff = await open_person_session(request, staff, "wecom")
    if staff is None:
        return page(
            request, t("web-sign-in-title"), f"<p>{e(t('web-sign-in-refused'))}</p>", status=403
        )
    target = home_of(staff)
    # A meta refresh is this page's own (same-site) navigation: the Strict cookie goes along.
    response = page(
        request, t("web-sign-in-title"),
        f'<p><a id="go-on" href="{target}">{e(t("web-sign-in-go-on"))}</a></p>',
        head=f'<meta http-equiv="refresh" content="0;url={target}">',
    )  # fmt: skip
    set_session(response, console, visit(request).new_session)
    response.del_cookie(STATE_COOKIE, path="/app/auth/wecom")
    return response
