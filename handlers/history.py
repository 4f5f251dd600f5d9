"""/history: all my records, ten a page, by kind and month; undo the newest, edit, delete."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.i18n import Translate, has_message
from bot.i18n import t as translate
from handlers.common import (
    Buttons,
    Context,
    args_of,
    esc,
    html_kwargs,
    identify,
    keyboard,
    reply,
    services,
    tr,
)
from handlers.log_fields import rows_of, student_label
from handlers.parsing import DateError, parse_date
from models.corrections import (
    MAX_DAYS_BACK,
    NOTE_MAX_LENGTH,
    CorrectionRefused,
    Mode,
    audit_read,
    check_reason,
    correction_mode,
    delete_record,
    edit_record,
    kinds_used,
    may_read_records,
    months_used,
    page_of_records,
    people_of,
    staff_by_no,
)
from models.org import Staff, Student
from models.records import WorkRecord
from models.worklog import can_undo, recent_records, undo_record
from policy.kinds import load_kinds

TYPING = 1
END = ConversationHandler.END
MONTH_ARG = re.compile(r"^(\d{4})-(\d{1,2})$")
MONTH_BUTTONS = 12


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


def list_state(context: Context) -> dict[str, Any]:
    """Whose records, which filters and which page this chat is looking at."""
    assert context.user_data is not None
    state: dict[str, Any] = context.user_data.setdefault(
        "history", {"owner": None, "kind": None, "month": None, "page": 0}
    )
    return state


def month_label(t: Translate, month: str) -> str:
    """A month given as YYYYMM, as people write it."""
    return t("history-month", year=int(month[:4]), month=int(month[4:]))


async def owner_of(session: AsyncSession, viewer: Staff, state: dict[str, Any]) -> Staff:
    """The person whose records are shown (the viewer unless an admin or leader chose another)."""
    owner_id = state.get("owner")
    if owner_id and owner_id != viewer.id:
        owner = await session.get(Staff, owner_id)
        if owner is not None and may_read_records(viewer, owner):
            return owner
    state["owner"] = viewer.id
    return viewer


async def render_list(
    session: AsyncSession, viewer: Staff, state: dict[str, Any], now: Any, t: Translate
) -> tuple[str, Buttons]:
    """A page of records with its number buttons, paging, filters and undo."""
    owner = await owner_of(session, viewer, state)
    assert owner.id is not None
    page = await page_of_records(
        session, staff_id=owner.id, page=state["page"], kind=state["kind"], month=state["month"]
    )
    state["page"] = page.number
    await audit_read(session, viewer=viewer, owner=owner, what="history", page=page.number)
    mine = owner.id == viewer.id
    key = "history-page-title" if mine else "history-page-title-other"
    lines = [t(key, name=esc(owner.name), total=page.total, page=page.number + 1, pages=page.pages)]
    filters_shown = [
        t(f"kind-{state['kind']}") if state["kind"] else "",
        month_label(t, state["month"]) if state["month"] else "",
    ]
    if any(filters_shown):
        lines.append(t("history-filter", filters=" · ".join(f for f in filters_shown if f)))
    students, _names = await people_of(session, records=page.records)
    first = page.number * 10
    for i, record in enumerate(page.records, first + 1):
        lines.append(f"{i}. {describe(t, record, students.get(record.id or 0, []))}")
    if not page.records:
        if not any(filters_shown):
            return t("history-empty"), []
        lines.append(t("history-none-matching"))
    numbers = [(str(i), f"h:o:{r.id}") for i, r in enumerate(page.records, first + 1)]
    buttons: list[list[tuple[str, str]]] = list(map(list, rows_of(numbers, 5)))
    paging = []
    if page.number > 0:
        paging.append((t("history-prev"), f"h:p:{page.number - 1}"))
    if page.number + 1 < page.pages:
        paging.append((t("history-next"), f"h:p:{page.number + 1}"))
    if paging:
        buttons.append(paging)
    buttons.append([(t("history-by-kind"), "h:fk"), (t("history-by-month"), "h:fm")])
    newest = next(iter(await recent_records(session, staff_id=owner.id, limit=1)), None)
    if mine and page.number == 0 and newest is not None and can_undo(newest, newest, now):
        label = t(
            "history-undo-newest", day=newest.occurred_on.isoformat(), kind=t(f"kind-{newest.kind}")
        )
        buttons.append([(label, f"h:undo:{newest.id}")])
    return "\n".join(lines), buttons


def parse_args(words: list[str], state: dict[str, Any]) -> str | None:
    """Month (2026-11), kind and 工号 from /history's words; the 工号, if one was given."""
    staff_no = None
    labels = {
        translate(f"kind-{k.code}", loc): k.code for k in load_kinds().kinds for loc in ("zh", "en")
    }
    labels |= {k.code: k.code for k in load_kinds().kinds}
    for word in words:
        if m := MONTH_ARG.match(word):
            if 1 <= int(m[2]) <= 12:
                state["month"] = f"{int(m[1]):04d}{int(m[2]):02d}"
        elif word in labels:
            state["kind"] = labels[word]
        else:
            staff_no = word
    return staff_no


async def history(update: Update, context: Context) -> int:
    """/history [月份] [类型] [工号]: the first page of records, newest day first."""
    assert context.user_data is not None
    context.user_data.pop("edit", None)
    svc = services(context)
    async with svc.db.session() as session:
        viewer = await identify(update, session)
        if viewer is None or viewer.id is None:
            return END
        t = tr(viewer)
        state = {"owner": viewer.id, "kind": None, "month": None, "page": 0}
        staff_no = parse_args(args_of(context), state)
        if staff_no is not None:
            owner = await staff_by_no(session, staff_no=staff_no)
            if owner is None:
                await reply(update, t("history-unknown-staff", query=esc(staff_no)))
                return END
            if not may_read_records(viewer, owner):
                await reply(update, t("history-not-allowed"))
                return END
            state["owner"] = owner.id
        context.user_data["history"] = state
        text, buttons = await render_list(session, viewer, state, svc.now(), t)
    await reply(update, text, buttons)
    return END


async def filter_menu(
    session: AsyncSession, viewer: Staff, state: dict[str, Any], what: str, t: Translate
) -> tuple[str, Buttons]:
    """The kinds or months this person has records in, as buttons."""
    owner = await owner_of(session, viewer, state)
    assert owner.id is not None
    if what == "fk":
        codes = await kinds_used(session, staff_id=owner.id)
        options = [(t(f"kind-{c}"), f"h:k:{c}") for c in codes]
        options.append((t("history-filter-all-kinds"), "h:k:*"))
        return t("history-choose-kind"), rows_of(options, 2)
    months = (await months_used(session, staff_id=owner.id))[:MONTH_BUTTONS]
    options = [(month_label(t, m), f"h:m:{m}") for m in months]
    options.append((t("history-filter-all-months"), "h:m:*"))
    return t("history-choose-month"), rows_of(options, 3)


async def pressed(update: Update, context: Context) -> int:
    """Any /history button: paging, filters, undo, or a record and its corrections."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    _h, action, *args = query.data.split(":")
    svc = services(context)
    async with svc.db.session() as session:
        viewer = await identify(update, session)
        if viewer is None or viewer.id is None:
            return END
        t, state = tr(viewer), list_state(context)
        if action == "undo":
            return await _undo(update, session, viewer, args, svc.now(), t)
        if action in ACTIONS:
            return await act(update, context, session, viewer, action, args)
        if action in ("fk", "fm"):
            text, buttons = await filter_menu(session, viewer, state, action, t)
        else:
            if action == "p" and args and args[0].isdigit():
                state["page"] = int(args[0])
            elif action in ("k", "m") and args:
                state["kind" if action == "k" else "month"] = None if args[0] == "*" else args[0]
                state["page"] = 0
            text, buttons = await render_list(session, viewer, state, svc.now(), t)
    await show(update, text, buttons)
    return END


async def _undo(
    update: Update,
    session: AsyncSession,
    viewer: Staff,
    args: list[str],
    now: Any,
    t: Translate,
) -> int:
    """The undo button: withdraw the newest record if it is still allowed."""
    assert viewer.id is not None and update.callback_query is not None
    record = None
    if args and args[0].isdigit():
        record = await undo_record(session, staff_id=viewer.id, record_id=int(args[0]), now=now)
    if record is None:
        await update.callback_query.edit_message_reply_markup(None)
        await reply(update, t("history-undo-refused"))
        return END
    text = t("history-undone", kind=t(f"kind-{record.kind}"), day=record.occurred_on.isoformat())
    await show(update, text, [[(t("history-back"), "h:p:0")]])
    return END


async def undo(update: Update, context: Context) -> None:
    """The undo button when wired on its own (older wiring)."""
    await pressed(update, context)


async def timed_out(update: Update, context: Context) -> None:
    """Idle too long while a correction waited for text: drop it quietly."""
    if context.user_data is not None:
        context.user_data.pop("edit", None)


ACTIONS = frozenset({"o", "e", "d", "s", "n", "X"})


async def show(update: Update, text: str, buttons: Buttons | None) -> None:
    """Put new text and buttons in place of the message whose button was pressed."""
    query = update.callback_query
    assert query is not None
    markup = keyboard(buttons) if buttons else None
    await query.edit_message_text(text, reply_markup=markup, **html_kwargs())


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
    update: Update,
    context: Context,
    session: AsyncSession,
    viewer: Staff,
    action: str,
    args: list[str],
) -> int:
    """A record's buttons: open it, start a correction, or apply one."""
    svc, t, data = services(context), tr(viewer), _edit_state(context)
    now = svc.now()
    record = await session.get(WorkRecord, int(args[0])) if args and args[0].isdigit() else None
    owner = await session.get(Staff, record.staff_id) if record is not None else None
    if record is None or owner is None or not may_read_records(viewer, owner):
        await show(update, t("error-button-stale"), None)
        return END
    if record.deleted_at is not None:
        await show(update, t("record-gone"), [[(t("history-back"), "h:p:.")]])
        return END
    if action == "o":
        await show(update, *await render_record(session, viewer, record, now, t))
        return END
    what = args[1] if len(args) > 1 else ""
    if action == "e":
        mode = _mode(viewer, record, now)
        if mode is None:
            await show(update, *await render_record(session, viewer, record, now, t))
            return END
        if mode == "admin" and str(record.id) not in data.setdefault("reasons", {}):
            data["edit"] = {"record": record.id, "await": "reason", "next": what}
            await show(update, t("correct-ask-reason"), [[(t("record-back"), f"h:o:{record.id}")]])
            return TYPING
        text, buttons, waits = editor(t, record, what)
        data["edit"] = {"record": record.id, "await": what} if waits else None
        await show(update, text, buttons)
        return TYPING if waits else END
    today = now.astimezone(svc.settings.tz).date()
    changes: dict[str, Any] | None = None
    if action == "d" and what.isdigit():
        changes = {"occurred_on": date.fromordinal(today.toordinal() - int(what))}
    elif action == "s":
        changes = {"subtype": what}
    elif action == "n":
        changes = {"note": None}
    text, buttons, state = await apply(context, session, viewer, record, changes)
    await show(update, text, buttons)
    return state


async def apply(
    context: Context,
    session: AsyncSession,
    viewer: Staff,
    record: WorkRecord,
    changes: dict[str, Any] | None,
) -> tuple[str, Buttons, int]:
    """Make a correction (a deletion when `changes` is None), or say why it was refused."""
    svc, t, data = services(context), tr(viewer), _edit_state(context)
    now = svc.now()
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
                today=now.astimezone(svc.settings.tz).date(),
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


async def typed(update: Update, context: Context) -> int:
    """Text a correction waited for: an admin's reason, a new date or a new note."""
    data = _edit_state(context)
    waiting, message = data.get("edit"), update.effective_message
    if not waiting or message is None or message.text is None:
        return END
    svc = services(context)
    async with svc.db.session() as session:
        viewer = await identify(update, session)
        record = await session.get(WorkRecord, waiting["record"])
        if viewer is None or record is None:
            return END
        t, text = tr(viewer), message.text.strip()
        if waiting["await"] == "reason":
            try:
                data.setdefault("reasons", {})[str(record.id)] = check_reason("admin", text)
            except CorrectionRefused as refusal:
                await reply(update, "⚠️ " + t(f"correct-error-{refusal.reason}"))
                return TYPING
            question, buttons, waits = editor(t, record, waiting["next"])
            data["edit"] = {"record": record.id, "await": waiting["next"]} if waits else None
            await reply(update, question, buttons)
            return TYPING if waits else END
        changes: dict[str, Any] = {"note": text}
        if waiting["await"] == "date":
            today = svc.now().astimezone(svc.settings.tz).date()
            try:
                changes = {"occurred_on": parse_date(text, today)}
            except DateError as error:
                await reply(update, "⚠️ " + t(f"error-{error.reason}"))
                return TYPING
        answer, buttons, state = await apply(context, session, viewer, record, changes)
    await reply(update, answer, buttons)
    return state


async def cancel(update: Update, context: Context) -> int:
    """/cancel while a correction waits for text: drop it, change nothing."""
    _edit_state(context).pop("edit", None)
    async with services(context).db.session() as session:
        viewer = await identify(update, session)
    if viewer is not None:
        await reply(update, tr(viewer)("correct-cancelled"))
    return END


def build_history_conversation(timeout: float = 600.0) -> ConversationHandler[Any]:
    """/history and its buttons; a conversation only so typed corrections reach it."""
    buttons = r"^h:"
    return ConversationHandler(
        entry_points=[
            CommandHandler("history", history),
            CallbackQueryHandler(pressed, pattern=buttons),
        ],
        states={
            TYPING: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, typed),
                CallbackQueryHandler(pressed, pattern=buttons),
            ],
            ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)],
        },
        fallbacks=[
            CommandHandler("cancel", cancel),
            CallbackQueryHandler(pressed, pattern=buttons),
        ],
        conversation_timeout=timeout,
        allow_reentry=True,
        name="history",
    )


__all__ = ["build_history_conversation", "describe", "history", "pressed", "undo"]
