"""Lists sent as files, the assessment too: recognised, previewed, imported only on 确认导入."""

from __future__ import annotations

import logging

from telegram import Bot, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError

from handlers import steps
from handlers.common import Context, html_kwargs, identify, reply, services, tr
from i18n import Translate, esc
from imports.cells import year_in
from imports.errors import TableError
from imports.kinds import KINDS
from imports.runner import ListKind, ListResult, Notice, Request, import_list
from imports.tables import MAX_BYTES
from models.org import Staff
from reports.list_templates import template_name, template_xlsx
from services.grading import regrading

log = logging.getLogger(__name__)
MAX_ERRORS_SHOWN = 30
MAX_NOTICE_LINES = 60
FORM = "upload"


def may_send_lists(staff: Staff) -> bool:
    """Administrators send every list; leaders (academic staff) the academic-warning list."""
    return any(kind.allowed(staff) for kind in KINDS)


def kind_name(t: Translate, kind: ListKind) -> str:
    """The list's name in the reader's language."""
    return t(f"import-kind-{kind.code}")


def summary(t: Translate, result: ListResult) -> str:
    """What the import changes (or changed), in the reader's language."""
    return esc(result.summary(t))


def error_text(t: Translate, result: ListResult, name: str) -> str:
    """Why nothing was imported: refused, a year wanted, or every error (the first ones in full)."""
    if result.refused:
        return t("import-kind-not-allowed", kind=kind_name(t, result.kind))
    if result.needs_year:
        return t("import-needs-year")
    lines = [t("import-rejected", count=len(result.errors), name=esc(name))]
    lines += [esc(e.render(t)) for e in result.errors[:MAX_ERRORS_SHOWN]]
    if len(result.errors) > MAX_ERRORS_SHOWN:
        lines.append(t("upload-more-errors", count=len(result.errors) - MAX_ERRORS_SHOWN))
    return "\n".join(lines)


def unreadable(t: Translate, error: TableError) -> str:
    """Why the file cannot be read at all."""
    return f"⚠️ {esc(error.render(t))}"


async def document(update: Update, context: Context) -> None:
    """A list arrives: check it all, show what would change, keep it until 确认导入."""
    message = update.effective_message
    svc = services(context)
    async with svc.db.turn_session() as session:
        staff = await identify(update, context, session)
    if staff is None or message is None or message.document is None:
        return
    t = tr(staff)
    if not may_send_lists(staff):
        await reply(update, t("import-not-allowed"))
        return
    doc = message.document
    name = doc.file_name or "upload"
    if (doc.file_size or 0) > MAX_BYTES:
        await reply(update, t("upload-too-big"))
        return
    content = bytes(await (await doc.get_file()).download_as_bytearray())
    # The assessment is for the academic year the file name (or the caption) names.
    year = year_in(name, message.caption)
    async with svc.db.turn_session() as session:
        try:
            result = await import_list(
                session, KINDS, content, name, Request(staff, svc.now(), year), dry_run=True
            )
        except TableError as error:
            await reply(update, unreadable(t, error))
            return
    if result.outcome is None:
        await reply(update, error_text(t, result, name))
        return
    assert context.user_data is not None
    context.user_data["upload"] = {"name": name, "content": content, "year": year}
    preview = t("import-preview", name=esc(name), kind=kind_name(t, result.kind))
    text = "\n".join([preview, summary(t, result)])
    buttons = [[(t("upload-confirm"), "up:ok"), (t("button-cancel"), "up:no")]]
    await steps.ask(update, context, FORM, text, buttons)


async def decide(update: Update, context: Context) -> None:
    """确认导入 writes the kept file at once and tells whom it concerns; 取消 drops it."""
    query = update.callback_query
    assert query is not None
    svc = services(context)
    async with svc.db.turn_session() as session:
        staff = await identify(update, context, session)
    if staff is None:
        return
    t = tr(staff)
    if await steps.stale(update, context, FORM, t):
        return
    pending = (context.user_data or {}).pop("upload", None)
    if pending is None or not may_send_lists(staff):
        await _close(update, context, t("error-button-stale"))
        return
    if query.data != "up:ok":
        await _close(update, context, t("upload-cancelled"))
        return
    name, now = pending["name"], svc.now()
    request = Request(staff, now, pending.get("year"))
    async with svc.db.turn_session() as session:
        try:
            result = await import_list(
                session, KINDS, pending["content"], name, request, dry_run=False,
                after=regrading(svc.policy, now),
            )  # fmt: skip
        except TableError as error:
            await _close(update, context, unreadable(t, error))
            return
    if result.outcome is None:
        # The data changed between preview and confirm (another import): show why.
        await _close(update, context, error_text(t, result, name))
        return
    told = 0
    for notice in result.outcome.notices:
        told += await tell(context.bot, notice)
    lines = [t("import-done", name=esc(name)), summary(t, result)]
    if result.outcome.notices:
        lines.append(t("import-told", count=told))
    await _close(update, context, "\n".join(lines))


async def _close(update: Update, context: Context, text: str) -> None:
    """The preview's last word, in its place: its buttons go."""
    await steps.edit(update, context, FORM, text, None, **html_kwargs())


async def tell(bot: Bot, notice: Notice) -> int:
    """Send one person the students of theirs a list concerns; 1 when it arrived."""
    if notice.staff.chat_id is None or notice.staff.unreachable:
        return 0
    t = tr(notice.staff)
    lines = [t("import-warning-notice", role=notice.role, count=len(notice.lines))]
    lines += [f"· {esc(line)}" for line in notice.lines[:MAX_NOTICE_LINES]]
    if len(notice.lines) > MAX_NOTICE_LINES:
        lines.append(t("import-notice-more", count=len(notice.lines) - MAX_NOTICE_LINES))
    lines.append(t("import-warning-notice-duties", role=notice.role))
    try:
        await bot.send_message(notice.staff.chat_id, "\n".join(lines), parse_mode=ParseMode.HTML)
    except TelegramError as error:
        log.warning("import notice not delivered: %s", type(error).__name__)
        return 0
    return 1


async def template(update: Update, context: Context) -> None:
    """/template: a blank .xlsx of each list this person may send, header and example row."""
    async with services(context).db.turn_session() as session:
        staff = await identify(update, context, session)
    if staff is None:
        return
    t = tr(staff)
    kinds = [k for k in KINDS if k.allowed(staff)]
    chat = update.effective_chat
    if not kinds or chat is None:
        await reply(update, t("import-not-allowed"))
        return
    await reply(update, t("template-intro", count=len(kinds)))
    for kind in kinds:
        caption = t("template-caption", kind=kind_name(t, kind), required="、".join(kind.required))
        await chat.send_document(
            document=template_xlsx(t, kind), filename=template_name(t, kind), caption=caption
        )
