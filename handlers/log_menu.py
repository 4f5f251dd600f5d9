"""The /log conversation's way in: the menu of kinds, and the wiring of menu, form and save."""

from __future__ import annotations

import warnings
from typing import Any

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from handlers import steps
from handlers.access import Caller, for_staff
from handlers.common import Buttons, Context, keyboard, reply
from handlers.log_fields import rows_of
from handlers.log_form import END, FIELD, FORM, MENU, cancel, open_form, pressed, timed_out, typed
from i18n import Translate
from policy.evaluation import Status
from policy.kinds import ActivityKind, load_kinds

# Conversations are tracked per chat and user, not per message, on purpose: a person fills one
# form at a time, and typed answers must reach it. PTB warns about that choice; it is deliberate.
warnings.filterwarnings("ignore", message=".*per_message=False.*", category=PTBUserWarning)
# Beyond this many kinds the menu shows groups first, so any kind is two taps away.
FLAT_MENU_LIMIT = 8
# The kinds logged most days; they sit on the first screen after the ones behind schedule.
EVERYDAY = ("talk", "dorm_visit", "class_meeting")
URGENT = frozenset({Status.AT_RISK, Status.BEHIND})
FIRST_SCREEN = 6


@for_staff(refused=END)
async def start(update: Update, context: Context, caller: Caller) -> int:
    """/log: show the kinds this person may log, the urgent and everyday ones first."""
    svc, t = caller.svc, caller.t
    kinds = load_kinds().for_roles(caller.staff.roles)
    if not kinds:
        await reply(update, t("log-nothing-for-role"))
        return END
    evaluation = await svc.policy.evaluate(caller.session, now=svc.now(), staff_ids=[caller.id])
    if context.user_data is not None:
        context.user_data.pop("draft", None)
    statuses = sorted(evaluation.for_staff(caller.id), key=lambda s: s.days_left)
    behind = [s.rule.kind for s in statuses if s.status in URGENT and s.days_left >= 0]
    await steps.ask(
        update, context, FORM, t("log-choose-kind"), menu_buttons(t, kinds, urgent=behind)
    )
    return MENU


def menu_buttons(
    t: Translate,
    kinds: list[ActivityKind],
    group: str | None = None,
    urgent: list[str] | None = None,
) -> Buttons:
    """The first screen: urgent and everyday kinds, then groups; or one group's kinds."""
    if group is None and len(kinds) > FLAT_MENU_LIMIT:
        allowed = {k.code: k for k in kinds}
        codes = dict.fromkeys([*(urgent or []), *EVERYDAY])
        first = [allowed[c] for c in codes if c in allowed][:FIRST_SCREEN]
        groups = list(dict.fromkeys(k.menu for k in kinds if k not in first))
        rows = list(rows_of([(t(f"kind-{k.code}"), f"m:k:{k.code}") for k in first], 2))
        more = [(f"{t(f'menu-{g}')} ›", f"m:g:{g}") for g in groups]
        return [*rows, *rows_of(more, 2)]
    shown = [k for k in kinds if group is None or k.menu == group]
    rows = list(rows_of([(t(f"kind-{k.code}"), f"m:k:{k.code}") for k in shown], 2))
    if group is not None:
        rows.append([(t("button-back"), "m:top")])
    return rows


@for_staff(answer=True, refused=END)
async def menu_pick(update: Update, context: Context, caller: Caller) -> int:
    """A tap in the /log menu: open a group, or start a kind."""
    query = update.callback_query
    assert query is not None and query.data is not None
    _m, action, *rest = query.data.split(":")
    if action in ("g", "top"):
        kinds = load_kinds().for_roles(caller.staff.roles)
        group = rest[0] if rest else None
        await query.edit_message_text(
            caller.t("log-choose-kind"), reply_markup=keyboard(menu_buttons(caller.t, kinds, group))
        )
        return MENU
    return await open_form(update, context, caller, rest[0] if rest else "", edit=True)


@for_staff(answer=True, refused=END)
async def start_kind(update: Update, context: Context, caller: Caller) -> int:
    """A "log it now" button (from /todo or a reminder): open that kind's form directly."""
    assert update.callback_query is not None and update.callback_query.data is not None
    return await open_form(update, context, caller, update.callback_query.data.rsplit(":", 1)[-1])


def build_log_conversation(
    *, timeout: float, entry_points: list[Any] | None = None
) -> ConversationHandler[Any]:
    """The /log conversation; other modules may add entry points that open a prefilled form."""
    return ConversationHandler(
        entry_points=[
            CommandHandler("log", start),
            CallbackQueryHandler(start_kind, pattern=r"^log:kind:\w+$"),
            *(entry_points or []),
        ],
        states={
            MENU: [CallbackQueryHandler(menu_pick, pattern=r"^m:")],
            FIELD: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, typed),
                CallbackQueryHandler(pressed, pattern=r"^f:"),
            ],
            ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)],
        },
        fallbacks=[
            CommandHandler("cancel", cancel),
            CallbackQueryHandler(pressed, pattern=r"^f:"),
        ],
        conversation_timeout=timeout,
        allow_reentry=True,
        name="log",
        persistent=True,
    )
