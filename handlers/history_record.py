"""One record from /history: shown in full, and corrected or deleted by whoever may."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import ConversationHandler

from handlers import steps
from handlers.access import Caller, for_staff
from handlers.common import Buttons, Context, html_kwargs, id_of, reply
from handlers.log_fields import rows_of, student_label
from handlers.parsing import DateError, parse_date
from i18n import Translate, esc, has_message
from models.corrections import audit_read, may_read_records, people_of
from models.org import Staff, Student
from models.records import WorkRecord
from models.scope import staff_by_id
from models.worklog import record_by_id
from policy.kinds import MAX_DAYS_BACK, NOTE_MAX_LENGTH, load_kinds
from services.corrections import (
    CorrectionRefused,
    Mode,
    check_reason,
    correction_mode,
    delete_record,
    edit_record,
)

TYPING = 1
END = ConversationHandler.END
FORM = "history"
# A record's buttons: open, edit a field, day N back, subtype, clear the note, delete.
ACTIONS = frozenset({"o", "e", "d", "s", "n", "X"})


async def show(update: Update, context: Context, text: str, buttons: Buttons | None) -> None:
    """Put new text and buttons in place of the message whose button was pressed."""
    await steps.edit(update, context, FORM, text, buttons, **html_kwargs())


def _mode(viewer: Staff, record: WorkRecord, now: Any) -> Mode | None:
    """How the viewer may correct the record, or None when they may not."""
    try:
        return correction_mode(viewer, record, now)
    except CorrectionRefused:
        return None


def _shown(value: object) -> str:
    """A column's value as text: ISO dates, numbers without a needless `.0`, typed text escaped."""
    if isinstance(value, date):
        return value.isoformat()
    return f"{value:g}" if isinstance(value, float) else esc(value)


def _label(t: Translate, value: object) -> str:
    """An option code's label, or the value itself made safe."""
    return t(f"option-{value}") if has_message(f"option-{value}") else esc(value)


def detail_lines(
    t: Translate,
    viewer: Staff,
    record: WorkRecord,
    students: list[Student],
    names: dict[int, str],
) -> list[str]:
    """Every field of a record; the note only for the person who wrote it."""
    lines = [f"<b>{t(f'kind-{record.kind}')}</b> #{record.id}"]

    def add(key: str, value: object) -> None:
        lines.append(f"{t(f'field-{key}')}：{value}")

    add("occurred_on", record.occurred_on.isoformat())
    if record.subtype:
        add("subtype", t(f"option-{record.subtype}"))
    if students:
        add("student", "、".join(esc(student_label(s)) for s in students))
    class_ids = [record.class_id] if record.class_id else sorted({s.class_id for s in students})
    if class_ids:
        add("class", "、".join(esc(names.get(c, "")) for c in class_ids))
    for key in ("dorm", "theme", "attendance", "hours", "follow_up_on"):
        if (value := getattr(record, key)) is not None:
            add(key, _shown(value))
    for key, value in record.details.items():
        if value not in (None, "", []):
            items = value if isinstance(value, list) else [value]
            add(key, "、".join(_label(t, v) for v in items))
    if record.crisis:
        add("crisis", t("answer-yes"))
    if record.note:
        add("note", esc(record.note) if record.staff_id == viewer.id else t("record-note-hidden"))
    return lines


async def render_record(
    session: AsyncSession,
    viewer: Staff,
    record: WorkRecord,
    now: Any,
    t: Translate,
    prefix: str = "",
) -> tuple[str, Buttons]:
    """A record in full, with the corrections this viewer may make."""
    students, names = await people_of(session, records=[record])
    lines = detail_lines(t, viewer, record, students.get(record.id or 0, []), names)
    back = [(t("history-back"), "h:p:.")]
    mode = _mode(viewer, record, now)
    if mode is None:
        lines.append(t("record-too-old") if record.staff_id == viewer.id else t("record-read-only"))
        return prefix + "\n".join(lines), [back]
    if mode == "admin":
        lines.append(t("record-admin-mode"))
    rid = record.id
    row = [(t("record-edit-date"), f"h:e:{rid}:date"), (t("record-edit-note"), f"h:e:{rid}:note")]
    kind = load_kinds().get(record.kind)
    if kind is not None and kind.subtypes:
        row.append((t("record-edit-subtype"), f"h:e:{rid}:sub"))
    return prefix + "\n".join(lines), [row, [(t("record-delete"), f"h:e:{rid}:del")], back]


def editor(t: Translate, record: WorkRecord, what: str) -> tuple[str, Buttons, bool]:
    """The question for one correction, its buttons, and whether it waits for typed text."""
    rid = record.id
    back = [(t("record-back"), f"h:o:{rid}")]
    if what == "date":
        days = [
            (t(k), f"h:d:{rid}:{n}")
            for n, k in enumerate(("date-today", "date-yesterday", "date-before"))
        ]
        return t("correct-ask-date"), [days, back], True
    if what == "note":
        return t("correct-ask-note"), [[(t("correct-clear-note"), f"h:n:{rid}")], back], True
    if what == "sub":
        kind = load_kinds().get(record.kind)
        codes = kind.subtypes if kind else ()
        options = [(t(f"option-{c}"), f"h:s:{rid}:{c}") for c in codes]
        return t("correct-ask-subtype"), [*rows_of(options, 2), back], False
    return t("correct-confirm-delete"), [[(t("correct-delete-yes"), f"h:X:{rid}")], back], False


def _edit_state(context: Context) -> dict[str, Any]:
    """The chat's data, where a correction waiting for text is kept."""
    assert context.user_data is not None
    return context.user_data


async def act(
    update: Update, context: Context, caller: Caller, action: str, args: list[str]
) -> int:
    """A record's buttons: open it, start a correction, or apply one."""
    session, viewer, t, data = caller.session, caller.staff, caller.t, _edit_state(context)
    now = caller.svc.now()
    record = await record_by_id(session, record_id=id_of(args[0]) if args else None)
    owner = await staff_by_id(session, staff_id=record.staff_id if record else None)
    if record is None or owner is None or not may_read_records(viewer, owner):
        await show(update, context, t("error-button-stale"), None)
        return END
    if record.deleted_at is not None:
        await show(update, context, t("record-gone"), [[(t("history-back"), "h:p:.")]])
        return END
    if action == "o":
        await audit_read(session, viewer=viewer, owner=owner, what="record", record=record.id)
        await show(update, context, *await render_record(session, viewer, record, now, t))
        return END
    what = args[1] if len(args) > 1 else ""
    if action == "e":
        mode = _mode(viewer, record, now)
        if mode is None:
            await show(update, context, *await render_record(session, viewer, record, now, t))
            return END
        if mode == "admin" and str(record.id) not in data.setdefault("reasons", {}):
            data["edit"] = {"record": record.id, "await": "reason", "next": what}
            back = [[(t("record-back"), f"h:o:{record.id}")]]
            await show(update, context, t("correct-ask-reason"), back)
            return TYPING
        text, buttons, waits = editor(t, record, what)
        data["edit"] = {"record": record.id, "await": what} if waits else None
        await show(update, context, text, buttons)
        return TYPING if waits else END
    today = caller.svc.today()
    changes: dict[str, Any] | None = None
    if action == "d" and what.isdigit():
        changes = {"occurred_on": date.fromordinal(today.toordinal() - int(what))}
    elif action == "s":
        changes = {"subtype": what}
    elif action == "n":
        changes = {"note": None}
    text, buttons, state = await apply(context, caller, record, changes)
    await show(update, context, text, buttons)
    return state


async def apply(
    context: Context, caller: Caller, record: WorkRecord, changes: dict[str, Any] | None
) -> tuple[str, Buttons, int]:
    """Make a correction (a deletion when `changes` is None), or say why it was refused."""
    session, viewer, t, data = caller.session, caller.staff, caller.t, _edit_state(context)
    now = caller.svc.now()
    reason = data.get("reasons", {}).get(str(record.id))
    kind = load_kinds().get(record.kind)
    try:
        if changes is None:
            await delete_record(
                session, actor=viewer, record_id=record.id or 0, now=now, reason=reason
            )
            text = t(
                "correct-deleted", kind=t(f"kind-{record.kind}"), day=record.occurred_on.isoformat()
            )
            result: tuple[str, Buttons] = (text, [[(t("history-back"), "h:p:.")]])
        else:
            record = await edit_record(
                session,
                actor=viewer,
                record_id=record.id or 0,
                changes=changes,
                now=now,
                today=caller.svc.today(),
                subtypes=kind.subtypes if kind else (),
                reason=reason,
            )
            result = await render_record(
                session, viewer, record, now, t, prefix=t("correct-done") + "\n\n"
            )
    except CorrectionRefused as refusal:
        text = "⚠️ " + t(
            f"correct-error-{refusal.reason}", limit=NOTE_MAX_LENGTH, days=MAX_DAYS_BACK
        )
        waiting = data.get("edit")
        if waiting and refusal.reason in ("date-future", "date-too-old", "note-too-long"):
            return text, [[(t("record-back"), f"h:o:{record.id}")]], TYPING
        return text, [[(t("record-back"), f"h:o:{record.id}")]], END
    data.pop("edit", None)
    data.get("reasons", {}).pop(str(record.id), None)
    return (*result, END)


@for_staff(refused=END)
async def typed(update: Update, context: Context, caller: Caller) -> int:
    """Text a correction waited for: an admin's reason, a new date or a new note."""
    data = _edit_state(context)
    waiting, message = data.get("edit"), update.effective_message
    if not waiting or message is None or message.text is None:
        return END
    record = await record_by_id(caller.session, record_id=waiting["record"])
    if record is None:
        return END
    t, text = caller.t, message.text.strip()
    if waiting["await"] == "reason":
        try:
            data.setdefault("reasons", {})[str(record.id)] = check_reason("admin", text)
        except CorrectionRefused as refusal:
            await reply(update, "⚠️ " + t(f"correct-error-{refusal.reason}"))
            return TYPING
        question, buttons, waits = editor(t, record, waiting["next"])
        data["edit"] = {"record": record.id, "await": waiting["next"]} if waits else None
        await steps.ask(update, context, FORM, question, buttons)
        return TYPING if waits else END
    changes: dict[str, Any] = {"note": text}
    if waiting["await"] == "date":
        try:
            changes = {"occurred_on": parse_date(text, caller.svc.today())}
        except DateError as error:
            await reply(update, "⚠️ " + t(f"error-{error.reason}"))
            return TYPING
    answer, buttons, state = await apply(context, caller, record, changes)
    await steps.ask(update, context, FORM, answer, buttons)
    return state


@for_staff(refused=END)
async def cancel(update: Update, context: Context, caller: Caller) -> int:
    """/cancel while a correction waits for text: drop it, change nothing."""
    _edit_state(context).pop("edit", None)
    await steps.ask(update, context, FORM, caller.t("correct-cancelled"), None)
    return END
