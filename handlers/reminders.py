"""What a person can say back to the scheduler: snooze or mute a nudge, set days away, 已知悉."""

from __future__ import annotations

from datetime import date

from telegram import Update

from handlers.access import Caller, for_staff
from handlers.common import Context, args_of, id_of, reply
from handlers.parsing import DateError, parse_date
from models.outbox import away_spells_from
from models.scope import college_name
from services.crisis import Acknowledged, acknowledge
from services.reminders import AwayRefused, clear_away, quiet_nudge, set_away


@for_staff()
async def nudge_button(update: Update, context: Context, caller: Caller) -> None:
    """明天再提醒 (`nz:s:…`) or 本期不再提醒 (`nz:m:…`) on a nudge."""
    query = update.callback_query
    assert query is not None and query.data is not None
    t = caller.t
    parts = query.data.split(":", 3)
    if len(parts) != 4 or parts[1] not in ("s", "m"):
        await query.answer(t("error-button-stale"))
        return
    _, action, rule, period = parts
    college = await college_name(caller.session, college_id=caller.staff.college_id)
    quieted = await quiet_nudge(
        caller.session,
        staff=caller.staff,
        held={r.id for r in caller.svc.policy.rules_for(caller.staff, college)},
        rule=rule,
        period=period,
        today=caller.svc.today(),
        snooze=action == "s",
    )
    if not quieted:
        await query.answer(t("error-button-stale"))
        return
    rule_id = rule.split("@")[0].split("#")[0]
    key = "nudge-snoozed" if action == "s" else "nudge-muted"
    await query.answer(t(key, rule=t(f"rule-{rule_id}")))


def _span(args: list[str], today: date) -> tuple[date, date]:
    """`/away 12-01 12-05` or `/away 12-03` (one day); raises DateError."""
    if not 1 <= len(args) <= 2:
        raise DateError("away-usage")
    start = parse_date(args[0], today)
    end = parse_date(args[1], today) if len(args) == 2 else start
    return start, end


@for_staff()
async def away(update: Update, context: Context, caller: Caller) -> None:
    """/away FROM [TO]: days away (请假 / 出差) without reminders; /away alone lists them."""
    t, today, args = caller.t, caller.svc.today(), args_of(context)
    if args == ["clear"] or args == ["取消"]:
        await clear_away(caller.session, staff=caller.staff, today=today)
        await reply(update, t("away-cleared"))
        return
    if not args:
        await reply(update, await _listing(caller, today))
        return
    try:
        start, end = _span(args, today)
        await set_away(caller.session, staff=caller.staff, start=start, end=end)
    except (DateError, AwayRefused) as error:
        reason = error.reason
        key = reason if reason.startswith("away-") else f"error-{reason}"
        await reply(update, t(key) + "\n" + t("away-usage"))
        return
    await reply(update, t("away-set", start=start.isoformat(), end=end.isoformat()))


async def _listing(caller: Caller, today: date) -> str:
    """The person's away days from today on."""
    t = caller.t
    spells = await away_spells_from(caller.session, staff_id=caller.id, day=today)
    if not spells:
        return t("away-none")
    lines = [t("away-title")]
    lines += [f"• {s.start.isoformat()} ～ {s.end.isoformat()}" for s in spells]
    return "\n".join(lines)


@for_staff()
async def crisis_ack(update: Update, context: Context, caller: Caller) -> None:
    """已知悉 on a crisis alert: the first press of a leader of its college stops the repeats."""
    query = update.callback_query
    assert query is not None and query.data is not None
    t, svc = caller.t, caller.svc
    record_id = id_of(query.data.rsplit(":", 1)[-1])
    done = (
        await acknowledge(caller.session, record_id=record_id, staff=caller.staff, now=svc.now())
        if record_id is not None
        else Acknowledged(found=False)
    )
    if not done.found:
        await query.answer(t("error-button-stale"))
        return
    await query.answer(t("crisis-ack-done" if done.first else "crisis-ack-already"))
    await query.edit_message_reply_markup(None)
    if done.first:
        await svc.send_pending()
