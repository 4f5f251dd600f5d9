"""/history: my latest records, with undo for the newest within 24 hours."""

from __future__ import annotations

from telegram import Update

from bot.i18n import Translate
from handlers.common import Context, esc, html_kwargs, identify, reply, services, tr
from models.org import Student
from models.records import WorkRecord
from models.worklog import can_undo, recent_records, students_of_records, undo_record

HISTORY_SIZE = 10


def describe(t: Translate, record: WorkRecord, students: list[Student]) -> str:
    """One line for a record: day, kind, and whom or what it was about."""
    parts = [record.occurred_on.isoformat(), t(f"kind-{record.kind}")]
    if record.subtype:
        parts.append(t(f"option-{record.subtype}"))
    parts += [esc(s.name) for s in students]
    if record.dorm:
        parts.append(esc(record.dorm))
    if record.theme:
        parts.append(esc(record.theme))
    if record.crisis:
        parts.append("⚠️" + t("field-crisis"))
    return " · ".join(parts)


async def history(update: Update, context: Context) -> None:
    """/history: the last ten records, newest first."""
    svc = services(context)
    async with svc.db.session() as session:
        staff = await identify(update, session)
        if staff is None or staff.id is None:
            return
        t = tr(staff)
        records = await recent_records(session, staff_id=staff.id, limit=HISTORY_SIZE)
        if not records:
            await reply(update, t("history-empty"))
            return
        links = await students_of_records(session, record_ids=[r.id for r in records if r.id])
        lines = [t("history-title", count=len(records))]
        for i, record in enumerate(records, 1):
            students = [
                s
                for sid in links.get(record.id or 0, [])
                if (s := await session.get(Student, sid)) is not None
            ]
            lines.append(f"{i}. {describe(t, record, students)}")
        buttons = None
        if can_undo(records[0], records[0], svc.now()):
            buttons = [[(t("history-undo"), f"h:undo:{records[0].id}")]]
    await reply(update, "\n".join(lines), buttons)


async def undo(update: Update, context: Context) -> None:
    """The undo button: withdraw the newest record if it is still allowed."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    svc = services(context)
    async with svc.db.session() as session:
        staff = await identify(update, session)
        if staff is None or staff.id is None:
            return
        t = tr(staff)
        record_id = query.data.rsplit(":", 1)[-1]
        record = None
        if record_id.isdigit():
            record = await undo_record(
                session, staff_id=staff.id, record_id=int(record_id), now=svc.now()
            )
    if record is None:
        await query.edit_message_reply_markup(None)
        await reply(update, t("history-undo-refused"))
        return
    await query.edit_message_text(
        t("history-undone", kind=t(f"kind-{record.kind}"), day=record.occurred_on.isoformat()),
        **html_kwargs(),
    )
