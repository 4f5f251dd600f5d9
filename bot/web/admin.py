"""Admins in the console: lists through the chat's import runner, the staff list, invites.

Every action goes through the same services as the chat and the CLI, with the same checks
(may_send_lists, may_offboard) and the same audit lines, marked via="web".
"""

from __future__ import annotations

import secrets
import time

from aiohttp import web

from bot.identity import bot_username
from bot.web.pages import button, e, form, not_found, page, section, see_other, table
from bot.web.server import console_of, db, person, tr
from handlers.staff import preview
from handlers.upload import error_text, kind_name, may_send_lists, summary, tell, unreadable
from i18n import esc, role_names
from imports.cells import year_in
from imports.errors import TableError
from imports.kinds import KINDS
from imports.runner import Request, import_list
from imports.staff import ALL
from models.invites import create_invite, revoke_invites
from models.org import Staff
from models.scope import staff_by_id
from services.grading import regrading
from services.offboarding import ROLES, may_offboard, revoke_roles, unbind

PENDING_SECONDS = 600.0


def _chat_html(text: str) -> str:
    """A chat message (Telegram HTML, already escaped) as page HTML."""
    return "<p>" + text.replace("\n", "<br>") + "</p>"


def _uploader(request: web.Request) -> Staff | None:
    staff = person(request)
    return staff if staff is not None and may_send_lists(staff) else None


async def upload_page(request: web.Request) -> web.StreamResponse:
    """GET /app/admin/upload: choose a list (any kind the chat takes)."""
    if _uploader(request) is None:
        return not_found(request)
    t = tr(request)
    inner = (
        f'<label>{e(t("web-upload-file"))} <input type="file" name="file" required '
        'accept=".xlsx,.csv"></label>'
        f'<label>{e(t("web-upload-year"))} <input type="text" name="year" '
        'placeholder="2025-2026"></label>' + button(t("web-upload-check"))
    )
    return page(
        request, t("web-nav-upload"), form(request, "/app/admin/upload", inner, multipart=True)
    )


async def upload(request: web.Request) -> web.StreamResponse:
    """POST a list: checked in full and shown as in chat, kept until 确认导入."""
    staff = _uploader(request)
    if staff is None:
        return not_found(request)
    console, t = console_of(request), tr(request)
    posted = await request.post()
    field = posted.get("file")
    if not isinstance(field, web.FileField):
        return see_other("/app/admin/upload")
    name = field.filename or "upload"
    content = field.file.read()
    # The assessment is for the academic year the file name (or the year field) names.
    year = year_in(name, str(posted.get("year") or ""))
    # A session of its own, as in chat: the dry run rolls back, and the visit's rows stay.
    try:
        async with console.svc.db.session() as session:
            result = await import_list(
                session, KINDS, content, name, Request(staff, console.svc.now(), year), dry_run=True
            )
    except TableError as error:
        return page(request, t("web-nav-upload"), _chat_html(unreadable(t, error)), status=422)
    if result.outcome is None:
        return page(
            request, t("web-nav-upload"), _chat_html(error_text(t, result, name)), status=422
        )
    now = time.monotonic()
    console.pending = {k: v for k, v in console.pending.items() if now - v["at"] < PENDING_SECONDS}
    key = secrets.token_urlsafe(12)
    console.pending[key] = {
        "staff": staff.id,
        "name": name,
        "content": content,
        "year": year,
        "at": now,
    }
    text = "\n".join([t("import-preview", name=esc(name), kind=kind_name(t, result.kind)),
                      summary(t, result)])  # fmt: skip
    buttons = (
        f'<input type="hidden" name="key" value="{e(key)}">'
        + button(t("upload-confirm"), "choice", "ok")
        + button(t("button-cancel"), "choice", "no", "quiet")
    )
    return page(
        request,
        t("web-nav-upload"),
        _chat_html(text),
        form(request, "/app/admin/upload/decide", buttons),
    )


async def decide(request: web.Request) -> web.StreamResponse:
    """POST 确认导入 or 取消 for a previewed list; only its sender can decide it."""
    staff = _uploader(request)
    if staff is None:
        return not_found(request)
    console, t = console_of(request), tr(request)
    posted = await request.post()
    pending = console.pending.get(str(posted.get("key") or ""))
    if pending is None or pending["staff"] != staff.id:
        return page(request, t("web-nav-upload"), _chat_html(t("error-button-stale")), status=410)
    del console.pending[str(posted.get("key"))]
    if posted.get("choice") != "ok":
        return page(request, t("web-nav-upload"), _chat_html(t("upload-cancelled")))
    now = console.svc.now()
    try:
        async with console.svc.db.session() as session:
            result = await import_list(
                session, KINDS, pending["content"], pending["name"],
                Request(staff, now, pending["year"]), dry_run=False,
                after=regrading(console.svc.policy, now),
            )  # fmt: skip
    except TableError as error:
        return page(request, t("web-nav-upload"), _chat_html(unreadable(t, error)), status=422)
    if result.outcome is None:
        return page(
            request,
            t("web-nav-upload"),
            _chat_html(error_text(t, result, pending["name"])),
            status=422,
        )
    told = 0
    if console.bot is not None:
        for notice in result.outcome.notices:
            told += await tell(console.bot, notice)
    lines = [t("import-done", name=esc(pending["name"])), summary(t, result)]
    if result.outcome.notices:
        lines.append(t("import-told", count=told))
    return page(request, t("web-nav-upload"), _chat_html("\n".join(lines)))


def _admin(request: web.Request) -> Staff | None:
    staff = person(request)
    return staff if staff is not None and staff.is_admin else None


async def _people_in_reach(request: web.Request, admin: Staff) -> list[Staff]:
    """Everyone this admin may offboard: their college's (anyone for a university admin)."""
    from sqlmodel import select

    from models.scope import staff_of_college

    if admin.college_id is not None:
        found = await staff_of_college(db(request), college_id=admin.college_id)
    else:
        found = list((await db(request).exec(select(Staff))).all())
    return sorted((p for p in found if may_offboard(admin, p)), key=lambda p: (p.name, p.id or 0))


async def staff_page(request: web.Request) -> web.StreamResponse:
    """GET /app/admin/staff: the staff list, each with revoke and unbind."""
    admin = _admin(request)
    if admin is None:
        return not_found(request)
    t = tr(request)
    rows = []
    for p in await _people_in_reach(request, admin):
        actions = form(request, f"/app/admin/staff/{p.id}",
                       button(t("web-revoke"), "action", "revoke", "danger")
                       + button(t("web-unbind"), "action", "unbind", "quiet"))  # fmt: skip
        bound = t("web-bound") if p.telegram_user_id is not None else t("web-not-bound")
        rows.append([e(p.name), e(p.staff_no or "-"), e(role_names(t, p.roles)), e(bound), actions])
    read_line = table([t("web-col-name"), t("web-col-staff-no"), t("web-col-roles"),
                       t("web-col-bound"), ""], rows, "staff")  # fmt: skip
    return page(request, t("web-nav-staff"), read_line)


async def offboard(request: web.Request) -> web.StreamResponse:
    """POST /app/admin/staff/{id}: preview first (as the chat's confirm step), then act."""
    admin = _admin(request)
    if admin is None:
        return not_found(request)
    t, console = tr(request), console_of(request)
    try:
        target = await staff_by_id(db(request), staff_id=int(request.match_info["staff_id"]))
    except ValueError:
        target = None
    posted = await request.post()
    action = str(posted.get("action") or "")
    if target is None or not may_offboard(admin, target) or action not in ("revoke", "unbind"):
        return not_found(request)
    if posted.get("confirm") != "yes":
        inner = f'<input type="hidden" name="action" value="{e(action)}">' + button(
            t("staff-confirm"), "confirm", "yes", "danger"
        )
        text = preview(t, action, target, ALL)
        return page(
            request, t("web-nav-staff"), _chat_html(text), form(request, request.path, inner)
        )
    now = console.svc.now()
    if action == "unbind":
        await unbind(db(request), staff=target, actor_id=admin.id, now=now, via="web")
    else:
        await revoke_roles(db(request), staff=target, roles=list(ROLES), actor_id=admin.id, now=now,
                           left_on=console.svc.today(), via="web")  # fmt: skip
    return see_other("/app/admin/staff")


async def invites_page(request: web.Request, shown: str = "") -> web.StreamResponse:
    """GET /app/admin/invites: create an invite for a 工号, or revoke its open ones."""
    if _admin(request) is None:
        return not_found(request)
    t = tr(request)
    inner = (
        f'<label>{e(t("web-col-staff-no"))} <input type="text" name="staff_no" required></label>'
        + button(t("web-invite-create"), "action", "create")
        + button(t("web-invite-revoke"), "action", "revoke", "quiet")
    )
    return page(request, t("web-nav-invites"), shown, form(request, "/app/admin/invites", inner))


async def invite(request: web.Request) -> web.StreamResponse:
    """POST /app/admin/invites: create (the code and link shown once) or revoke."""
    admin = _admin(request)
    if admin is None:
        return not_found(request)
    t, console = tr(request), console_of(request)
    posted = await request.post()
    from models.corrections import staff_by_no

    target = await staff_by_no(db(request), staff_no=str(posted.get("staff_no") or ""))
    if target is None or target.id is None or not may_offboard(admin, target):
        return await invites_page(request, f'<p class="error">{e(t("web-invite-unknown"))}</p>')
    if posted.get("action") == "revoke":
        n = await revoke_invites(db(request), staff_id=target.id)
        await db(request).commit()
        return await invites_page(
            request, f"<p>{e(t('web-invite-revoked', count=n, name=target.name))}</p>"
        )
    token = await create_invite(db(request), staff=target, now=console.svc.now())
    username, _why = await bot_username(console.settings, console.svc.db)
    link = f"https://t.me/{username}?start={token}" if username else ""
    shown = section(
        t("web-invite-created", name=target.name),
        f'<p>{e(t("web-invite-code"))} <code id="invite-code">{e(token)}</code></p>',
        f'<p>{e(t("web-invite-link"))} <code id="invite-link">'
        f"{e(link or '/start ' + token)}</code></p>",
    )
    return await invites_page(request, shown)
