"""Signing in to the console: Telegram init data, a one-time link, WeCom OAuth; and out."""

from __future__ import annotations

from aiohttp import web

from bot.web.pages import button, e, form, is_reader, page, see_other
from bot.web.server import COOKIE, console_of, db, person, set_session, tr, visit
from bot.web.signing import verify_init_data
from models.audit import audit
from models.org import Staff
from models.scope import staff_by_id, staff_by_telegram
from models.web import end_session, open_session, redeem_sign_in_link


def home_of(staff: Staff) -> str:
    """Where a person lands: leaders and admins on the college, the others on their page."""
    return "/app/college" if is_reader(staff) else "/app/me"


async def home(request: web.Request) -> web.StreamResponse:
    """/app: the person's page, or the sign-in page (which reads Telegram's init data)."""
    staff = person(request)
    if staff is not None:
        return see_other(home_of(staff))
    t = tr(request)
    return page(
        request,
        t("web-sign-in-title"),
        f'<p id="signin-status">{e(t("web-sign-in-how"))}</p>',
        f'<p class="hidden" id="signin-failed">{e(t("web-sign-in-refused"))}</p>',
    )


async def open_person_session(request: web.Request, staff: Staff | None, via: str) -> Staff | None:
    """Open a session for a person who still holds a role; audited."""
    if staff is None or staff.id is None or not staff.roles:
        return None
    console = console_of(request)
    token = await open_session(db(request), staff_id=staff.id, via=via, now=console.svc.now())
    audit(db(request), actor_id=staff.id, action="web.sign_in", target=f"staff:{staff.id}", via=via)
    await db(request).commit()
    visit(request).new_session = token
    return staff


async def telegram(request: web.Request) -> web.StreamResponse:
    """POST init_data from the Mini App: verified as Telegram documents, then a session."""
    console = console_of(request)
    form_data = await request.post()
    found = verify_init_data(
        str(form_data.get("init_data") or ""), console.bot_token, now=console.svc.now()
    )
    staff = None
    if found is not None:
        staff = await staff_by_telegram(db(request), telegram_user_id=found.user_id)
    staff = await open_person_session(request, staff, "telegram")
    if staff is None:
        return web.json_response(
            {"ok": False, "error": tr(request)("web-sign-in-refused")}, status=403
        )
    response = web.json_response({"ok": True, "next": home_of(staff)})
    set_session(response, console, visit(request).new_session)
    return response


async def link_page(request: web.Request) -> web.StreamResponse:
    """GET of a sign-in link: a button, so that a link preview cannot use the link up."""
    t = tr(request)
    token = request.query.get("token", "")
    inner = f'<input type="hidden" name="token" value="{e(token)}">' + button(t("web-sign-in"))
    return page(request, t("web-sign-in-title"), form(request, "/app/auth/link", inner))


async def link(request: web.Request) -> web.StreamResponse:
    """POST of a sign-in link: usable once, within ten minutes."""
    console = console_of(request)
    token = str((await request.post()).get("token") or "")
    staff_id = await redeem_sign_in_link(db(request), token=token, now=console.svc.now())
    staff = await staff_by_id(db(request), staff_id=staff_id) if staff_id is not None else None
    if staff is None:
        await db(request).rollback()
    staff = await open_person_session(request, staff, "link")
    if staff is None:
        t = tr(request)
        return page(
            request, t("web-sign-in-title"), f"<p>{e(t('web-link-refused'))}</p>", status=403
        )
    response = see_other(home_of(staff))
    set_session(response, console, visit(request).new_session)
    return response


async def sign_out(request: web.Request) -> web.StreamResponse:
    """End this session and forget the cookie."""
    token = visit(request).session_token
    if token:
        await end_session(db(request), token=token, now=console_of(request).svc.now())
        await db(request).commit()
    response = see_other("/app")
    response.del_cookie(COOKIE, path="/app")
    return response
