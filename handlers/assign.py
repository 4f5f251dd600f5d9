"""/assign: an admin hands classes from one counselor or head teacher to another."""

from __future__ import annotations

import logging
import secrets
from datetime import date, datetime

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Bot, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError

from handlers.access import Caller, for_staff
from handlers.common import Context, args_of, reply, tr
from handlers.concern import entry_line
from handlers.log_fields import student_label
from i18n import Translate, esc, role_names
from models.assignments import AssignRefused, Plan, apply_handover, handover_of, plan_handover
from models.org import Staff
from models.scope import class_names
from policy.evaluation import Status
from policy.service import PolicyService
from reports.progress import status_line

log = logging.getLogger(__name__)
# Each part of the handover message is capped so the whole stays within one Telegram message.
MAX_LINES = 20


def refusal_text(t: Translate, refusal: AssignRefused) -> str:
    """Why a handover cannot be made."""
    return t(f"assign-error-{refusal.reason}", value=esc(refusal.value))


def preview_text(t: Translate, plan: Plan) -> str:
    """What the handover will change, for the admin to confirm."""
    lines = [t("assign-preview", old=_who(plan.old), new=_who(plan.new))]
    lines += [t("assign-move", cls=esc(m.class_name), role=t(f"role-{m.role}")) for m in plan.moves]
    if plan.granted:
        roles = role_names(t, plan.granted)
        lines.append(t("assign-grant", new=_who(plan.new), roles=roles))
    return "\n".join(lines)


def _who(staff: Staff) -> str:
    """A person as an admin recognises them: name and 工号."""
    return esc(f"{staff.name}（{staff.staff_no or '-'}）")


def _capped(t: Translate, lines: list[str]) -> list[str]:
    """At most MAX_LINES lines, then how many more there are."""
    if not lines:
        return [t("handover-none")]
    more = len(lines) - MAX_LINES
    return lines[:MAX_LINES] + ([t("handover-more", count=more)] if more > 0 else [])


async def handover_text(
    session: AsyncSession, policy: PolicyService, plan: Plan, now: datetime, today: date
) -> str:
    """The message the new person receives: classes, key-concern students, follow-ups, quotas."""
    t = tr(plan.new)
    handover = await handover_of(session, plan=plan, today=today)
    lines = [t("handover-title", old=esc(plan.old.name)), "", t("handover-classes")]
    lines += [
        t("assign-move", cls=esc(m.class_name), role=t(f"role-{m.role}")) for m in handover.moves
    ]
    lines += ["", t("handover-concerns", count=len(handover.concerns))]
    lines += _capped(t, [entry_line(t, e, today) for e in handover.concerns])
    lines += ["", t("handover-follow-ups", count=len(handover.follow_ups))]
    lines += _capped(
        t,
        [
            t("handover-follow-up", day=f.due.isoformat(), student=esc(student_label(f.student)))
            for f in handover.follow_ups
        ],
    )
    assert plan.new.id is not None
    evaluation = await policy.evaluate(session, now=now, staff_ids=[plan.new.id])
    statuses = [
        s
        for s in evaluation.for_staff(plan.new.id)
        if s.days_left >= 0 and s.status != Status.NOT_APPLICABLE
    ]
    names = await class_names(session, ids=(s.class_id for s in statuses))
    lines += ["", t("handover-quotas")]
    lines += _capped(t, [esc(status_line(t, s, names)) for s in statuses])
    return "\n".join(lines)


async def deliver(bot: Bot, staff: Staff, text: str) -> bool:
    """Send the handover; False when the person has not registered or cannot be reached."""
    if staff.chat_id is None:
        return False
    try:
        await bot.send_message(staff.chat_id, text, parse_mode=ParseMode.HTML)
    except TelegramError as error:
        log.warning("handover message not delivered: %s", type(error).__name__)
        return False
    return True


@for_staff(roles=("admin",), refusal="assign-not-admin")
async def assign(update: Update, context: Context, caller: Caller) -> None:
    """/assign 原工号 新工号 [班级…]: show what would change, with confirm and cancel."""
    t, words = caller.t, args_of(context)
    if len(words) < 2:
        await reply(update, t("assign-usage"))
        return
    try:
        plan = await plan_handover(
            caller.session,
            old_no=words[0],
            new_no=words[1],
            class_names=words[2:],
            college_id=caller.staff.college_id,
        )
    except AssignRefused as refusal:
        await reply(update, refusal_text(t, refusal))
        return
    assert context.user_data is not None
    # Each preview has its own key, so confirming an older preview never applies a newer plan.
    key = secrets.token_hex(4)
    context.user_data.setdefault("assign", {})[key] = words
    buttons = [[(t("assign-confirm"), f"as:ok:{key}"), (t("assign-cancel"), f"as:no:{key}")]]
    await reply(update, preview_text(t, plan), buttons)


@for_staff(answer=True)
async def pressed(update: Update, context: Context, caller: Caller) -> None:
    """Confirm or cancel: the plan is worked out again, so a stale preview changes nothing."""
    query = update.callback_query
    assert query is not None and query.data is not None and context.user_data is not None
    _as, action, key = [*query.data.split(":"), "", ""][:3]
    words = context.user_data.get("assign", {}).pop(key, None)
    svc, session, staff, t = caller.svc, caller.session, caller.staff, caller.t
    if action != "ok" or not words or not staff.is_admin:
        said = "assign-cancelled" if action == "no" else "error-button-stale"
        await query.edit_message_text(t(said))
        return
    now = svc.now()
    try:
        plan = await plan_handover(
            session,
            old_no=words[0],
            new_no=words[1],
            class_names=words[2:],
            college_id=staff.college_id,
        )
        await apply_handover(session, plan=plan, actor_id=staff.id, now=now, via="chat")
    except AssignRefused as refusal:
        await query.edit_message_text(refusal_text(t, refusal))
        return
    text = await handover_text(session, svc.policy, plan, now, svc.today())
    delivered = await deliver(context.bot, plan.new, text)
    done = t("assign-done", old=_who(plan.old), new=_who(plan.new), count=len(plan.moves))
    note = t("assign-delivered" if delivered else "assign-not-delivered", new=_who(plan.new))
    await query.edit_message_text(f"{done}\n{note}", parse_mode=ParseMode.HTML)
