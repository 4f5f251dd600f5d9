"""Lists sent as files: recognised by their header, previewed, and imported only on 确认."""

from __future__ import annotations

import logging

from telegram import Bot, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError

from handlers import assess_upload
from handlers.common import Context, identify, reply, services, tr
from i18n import Translate, esc
from imports.kinds import KINDS
from imports.runner import ListKind, ListResult, Notice, import_list
from imports.tables import MAX_BYTES, TableError
from models.org import Staff
from reports.list_templates import template_name, template_xlsx

log = logging.getLogger(__name__)
MAX_ERRORS_SHOWN = 30
MAX_NOTICE_LINES = 60


def may_send_lists(staff: Staff) -> bool:
    """Administrators send every list; leaders (academic staff) the academic-warning list."""
    return any(kind.allowed(staff) for kind in KINDS)


def kind_name(t: Translate, kind: ListKind) -> str:
    """The list's name in the reader's language."""
    return t(f"import-kind-{kind.code}")


def summary(t: Translate, result: ListResult) -> str:
    """What the import changes (or changed), in the reader's language."""
    assert result.outcome is not None
    return t(f"import-summary-{result.kind.code}", **result.outcome.counts)


def error_text(t: Translate, result: ListResult, name: str) -> str:
    """Every error as `第 N 行，X 列：…`, the first ones in full and a count of the rest."""
    lines = [t("import-rejected", count=len(result.errors), name=esc(name))]
    lines += [esc(e) for e in result.errors[:MAX_ERRORS_SHOWN]]
    if len(result.errors) > MAX_ERRORS_SHOWN:
        lines.append(t("upload-more-errors", count=len(result.errors) - MAX_ERRORS_SHOWN))
    return "\n".join(lines)


async def document(update: Update, context: Context) -> None:
    """A list arrives: check it all, show what would change, keep it until 确认."""
    message = update.effective_message
    svc = services(context)
    async with svc.db.session() as session:
        staff = await identify(update, session)
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
    if await assess_upload.offer_import(update, context, content, name):
        return
    async with svc.db.session() as session:
        try:
            result = await import_list(
                session, KINDS, content, name, actor=staff, now=svc.now(), dry_run=True
            )
        except TableError as error:
            await reply(update, f"⚠️ {esc(error)}")
            return
    kind = kind_name(t, result.kind)
    if result.refused:
        await reply(update, t("import-kind-not-allowed", kind=kind))
        return
    if result.errors:
        await reply(update, error_text(t, result, name))
        return
    assert context.user_data is not None
    context.user_data["upload"] = {"name": name, "content": content}
    text = "\n".join([t("import-preview", name=esc(name), kind=kind), summary(t, result)])
    await reply(update, text, [[(t("upload-confirm"), "up:ok"), (t("button-cancel"), "up:no")]])


async def decide(update: Update, context: Context) -> None:
    """确认导入 writes the kept file at once and tells whom it concerns; 取消 drops it."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    svc = services(context)
    async with svc.db.session() as session:
        staff = await identify(update, session)
    if staff is None:
        return
    t = tr(staff)
    pending = (context.user_data or {}).pop("upload", None)
    if pending is None or not may_send_lists(staff):
        await query.edit_message_text(t("error-button-stale"))
        return
    if query.data != "up:ok":
        await query.edit_message_text(t("upload-cancelled"))
        return
    async with svc.db.session() as session:
        try:
            result = await import_list(
                session,
                KINDS,
                pending["content"],
                pending["name"],
                actor=staff,
                now=svc.now(),
                dry_run=False,
            )
        except TableError as error:
            await query.edit_message_text(f"⚠️ {esc(error)}", parse_mode=ParseMode.HTML)
            return
    if result.refused or result.errors or result.outcome is None:
        # The data changed between preview and confirm (another import): show why.
        text = error_text(t, result, pending["name"])
        await query.edit_message_text(text, parse_mode=ParseMode.HTML)
        return
    told = 0
    for notice in result.outcome.notices:
        told += await tell(context.bot, notice)
    lines = [t("import-done", name=esc(pending["name"])), summary(t, result)]
    if result.outcome.notices:
        lines.append(t("import-told", count=told))
    await query.edit_message_text("\n".join(lines), parse_mode=ParseMode.HTML)


async def tell(bot: Bot, notice: Notice) -> int:
    """Send one person the students of theirs a list concerns; 1 when it arrived."""
    if notice.staff.telegram_user_id is None or notice.staff.unreachable:
        return 0
    t = tr(notice.staff)
    lines = [t("import-warning-notice", role=notice.role, count=len(notice.lines))]
    lines += [f"· {esc(line)}" for line in notice.lines[:MAX_NOTICE_LINES]]
    if len(notice.lines) > MAX_NOTICE_LINES:
        lines.append(t("import-notice-more", count=len(notice.lines) - MAX_NOTICE_LINES))
    lines.append(t("import-warning-notice-duties", role=notice.role))
    try:
        await bot.send_message(
            notice.staff.telegram_user_id, "\n".join(lines), parse_mode=ParseMode.HTML
        )
    except TelegramError as error:
        log.warning("import notice not delivered: %s", type(error).__name__)
        return 0
    return 1


async def template(update: Update, context: Context) -> None:
    """/template: a blank .xlsx of each list this person may send, header and example row."""
    async with services(context).db.session() as session:
        staff = await identify(update, session)
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
            document=template_xlsx(kind), filename=template_name(kind), caption=caption
        )
