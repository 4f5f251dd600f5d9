"""Lists sent as files: recognised by their header, previewed, and imported only on 确认."""

from __future__ import annotations

from telegram import Update

from handlers.common import Context, esc, identify, reply, services, tr
from models.roster import import_roster
from models.tabular import MAX_BYTES, TableError

MAX_ERRORS_SHOWN = 30


async def document(update: Update, context: Context) -> None:
    """An admin sends a roster: check it all, show what would change, keep it until 确认."""
    message = update.effective_message
    svc = services(context)
    async with svc.db.session() as session:
        staff = await identify(update, session)
    if staff is None or message is None or message.document is None:
        return
    t = tr(staff)
    if not staff.is_admin:
        await reply(update, t("upload-admins-only"))
        return
    doc = message.document
    name = doc.file_name or "upload"
    if (doc.file_size or 0) > MAX_BYTES:
        await reply(update, t("upload-too-big"))
        return
    content = bytes(await (await doc.get_file()).download_as_bytearray())
    async with svc.db.session() as session:
        try:
            result = await import_roster(session, content, name, dry_run=True, actor_id=staff.id)
        except TableError as error:
            await reply(update, f"⚠️ {esc(error)}")
            return
    if result.errors:
        lines = [t("upload-rejected", count=len(result.errors), name=esc(name))]
        lines += [esc(e) for e in result.errors[:MAX_ERRORS_SHOWN]]
        if len(result.errors) > MAX_ERRORS_SHOWN:
            lines.append(t("upload-more-errors", count=len(result.errors) - MAX_ERRORS_SHOWN))
        await reply(update, "\n".join(lines))
        return
    assert result.summary is not None and context.user_data is not None
    context.user_data["upload"] = {"name": name, "content": content}
    text = "\n".join([t("upload-preview", name=esc(name)), *result.summary.lines()])
    await reply(update, text, [[(t("upload-confirm"), "up:ok"), (t("button-cancel"), "up:no")]])


async def decide(update: Update, context: Context) -> None:
    """确认导入 writes the kept file in one transaction; 取消 drops it."""
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
        if not staff.is_admin or pending is None:
            await query.edit_message_text(t("error-button-stale"))
            return
        if query.data != "up:ok":
            await query.edit_message_text(t("upload-cancelled"))
            return
        result = await import_roster(
            session, pending["content"], pending["name"], dry_run=False, actor_id=staff.id
        )
    if result.errors or result.summary is None:
        # The data changed between preview and confirm (another import): show why.
        await query.edit_message_text("\n".join(esc(e) for e in result.errors[:MAX_ERRORS_SHOWN]))
        return
    done = "\n".join([t("upload-done", name=esc(pending["name"])), *result.summary.lines()])
    await query.edit_message_text(done)
