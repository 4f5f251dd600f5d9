"""Assessment lists sent as files by an administrator: previewed, then imported on 确认导入."""

from __future__ import annotations

import re

from telegram import Update

from handlers.common import Context, identify, reply, services, tr
from i18n import esc
from imports.assessment import kind_of, valid_year
from imports.tables import TableError, read_table
from reports.assessment_data import import_and_grade

MAX_ERRORS_SHOWN = 30
YEAR_IN_TEXT = re.compile(r"(\d{4})\s*-\s*(\d{4})")


def year_of(*texts: str | None) -> str | None:
    """An academic year named in a file name or caption, like 考核-2025-2026.xlsx."""
    for text in texts:
        match = YEAR_IN_TEXT.search(text or "")
        if match and valid_year(f"{match.group(1)}-{match.group(2)}"):
            return f"{match.group(1)}-{match.group(2)}"
    return None


async def offer_import(update: Update, context: Context, content: bytes, name: str) -> bool:
    """An admin's upload that is an assessment list: preview it; False for other lists."""
    try:
        table = read_table(content, name)
    except TableError:
        return False
    kind = kind_of(table.header)
    if kind is None:
        return False
    message = update.effective_message
    svc = services(context)
    async with svc.db.session() as session:
        staff = await identify(update, session)
        if staff is None or message is None:
            return True
        t = tr(staff)
        if not staff.is_admin:
            await reply(update, t("assess-import-admins-only"))
            return True
        year = year_of(name, message.caption)
        if year is None:
            await reply(update, t("assess-import-year"))
            return True
        result = await import_and_grade(
            session, svc.policy, table, academic_year=year, dry_run=True, now=svc.now(),
            actor_id=staff.id,
        )  # fmt: skip
    if result.errors:
        lines = [t("upload-rejected", count=len(result.errors), name=esc(name))]
        lines += [esc(e) for e in result.errors[:MAX_ERRORS_SHOWN]]
        await reply(update, "\n".join(lines))
        return True
    assert context.user_data is not None
    context.user_data["assess_upload"] = {"name": name, "content": content, "year": year}
    text = t("assess-import-preview", name=esc(name), kind=t(f"assess-import-kind-{kind}"),
             year=year, created=result.created, updated=result.updated)  # fmt: skip
    await reply(
        update, text, [[(t("upload-confirm"), "ae:up:ok"), (t("button-cancel"), "ae:up:no")]]
    )
    return True


async def decide_upload(update: Update, context: Context) -> None:
    """确认导入 writes the kept assessment list and regrades; 取消 drops it."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    svc = services(context)
    async with svc.db.session() as session:
        staff = await identify(update, session)
        if staff is None:
            return
        t = tr(staff)
        pending = (context.user_data or {}).pop("assess_upload", None)
        if not staff.is_admin or pending is None:
            await query.edit_message_text(t("error-button-stale"))
            return
        if query.data != "ae:up:ok":
            await query.edit_message_text(t("upload-cancelled"))
            return
        table = read_table(pending["content"], pending["name"])
        result = await import_and_grade(
            session, svc.policy, table, academic_year=pending["year"], dry_run=False,
            now=svc.now(), actor_id=staff.id,
        )  # fmt: skip
    if result.errors:
        await query.edit_message_text("\n".join(esc(e) for e in result.errors[:MAX_ERRORS_SHOWN]))
        return
    await query.edit_message_text(
        t("assess-import-done", name=esc(pending["name"]), year=pending["year"])
    )
