"""/history: all my records, ten a page, by kind and month; undo the newest, edit, delete."""

from __future__ import annotations

import re
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

from handlers import steps
from handlers.access import Caller, for_staff
from handlers.common import Buttons, Context, args_of, id_of, reply
from handlers.history_record import ACTIONS, END, FORM, TYPING, act, cancel, show, typed
from handlers.log_fields import rows_of
from i18n import Translate, esc
from i18n import t as translate
from models.corrections import (
    audit_read,
    kinds_used,
    may_read_records,
    months_used,
    page_of_records,
    people_of,
    staff_by_no,
)
from models.org import Staff, Student
from models.records import WorkRecord
from models.scope import staff_by_id
from models.worklog import can_undo, recent_records
from policy.kinds import load_kinds
from services import records

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
        owner = await staff_by_id(session, staff_id=owner_id)
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


@for_staff(refused=END)
async def history(update: Update, context: Context, caller: Caller) -> int:
    """/history [月份] [类型] [工号]: the first page of records, newest day first."""
    assert context.user_data is not None
    context.user_data.pop("edit", None)
    session, viewer, t = caller.session, caller.staff, caller.t
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
    text, buttons = await render_list(session, viewer, state, caller.svc.now(), t)
    await steps.ask(update, context, FORM, text, buttons)
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


@for_staff(refused=END)
async def pressed(update: Update, context: Context, caller: Caller) -> int:
    """Any /history button: paging, filters, undo, or a record and its corrections."""
    query = update.callback_query
    assert query is not None and query.data is not None
    _h, action, *args = query.data.split(":")
    session, viewer, t, state = caller.session, caller.staff, caller.t, list_state(context)
    if await steps.stale(update, context, FORM, t):
        # A correction that waits for text keeps waiting.
        return TYPING if context.user_data and context.user_data.get("edit") else END
    if action == "undo":
        return await _undo(update, context, caller, args)
    if action in ACTIONS:
        return await act(update, context, caller, action, args)
    if action in ("fk", "fm"):
        text, buttons = await filter_menu(session, viewer, state, action, t)
    else:
        if action == "p" and args and args[0].isdigit():
            state["page"] = int(args[0])
        elif action in ("k", "m") and args:
            state["kind" if action == "k" else "month"] = None if args[0] == "*" else args[0]
            state["page"] = 0
        text, buttons = await render_list(session, viewer, state, caller.svc.now(), t)
    await show(update, context, text, buttons)
    return END


async def _undo(update: Update, context: Context, caller: Caller, args: list[str]) -> int:
    """The undo button: withdraw the newest record if it is still allowed."""
    assert update.callback_query is not None
    t, record_id = caller.t, id_of(args[0]) if args else None
    record = None
    if record_id is not None:
        record = await records.undo(
            caller.svc, caller.session, staff=caller.staff, record_id=record_id
        )
    if record is None:
        await steps.ask(update, context, FORM, t("history-undo-refused"), None)
        return END
    text = t("history-undone", kind=t(f"kind-{record.kind}"), day=record.occurred_on.isoformat())
    await show(update, context, text, [[(t("history-back"), "h:p:0")]])
    return END


async def timed_out(update: Update, context: Context) -> None:
    """Idle too long while a correction waited for text: drop it quietly."""
    if context.user_data is not None:
        context.user_data.pop("edit", None)


def build_history_conversation(*, timeout: float) -> ConversationHandler[Any]:
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
        persistent=True,
    )


__all__ = ["build_history_conversation", "describe", "history", "pressed"]
