"""What a person can say back to the scheduler: snooze or mute a nudge, set days away, 已知悉."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update

from handlers.common import Context, args_of, identify, reply, services, tr
from handlers.parsing import DateError, parse_date
from models.audit import audit
from models.org import Staff
from models.outbox import AwaySpell, NudgeMute
from services.crisis import Acknowledged, acknowledge

MAX_AWAY_DAYS = 180


async def nudge_button(update: Update, context: Context) -> None:
    """明天再提醒 (`nz:s:…`) or 本期不再提醒 (`nz:m:…`) on a nudge."""
    query = update.callback_query
    assert query is not None and query.data is not None
    svc = services(context)
    async with svc.db.session() as session:
        staff = await identify(update, session)
        if staff is None or staff.id is None:
            return
        t = tr(staff)
        parts = query.data.split(":", 3)
        if len(parts) != 4 or parts[1] not in ("s", "m"):
            await query.answer(t("error-button-stale"))
            return
        _, action, rule, period = parts
        today = svc.policy.today(svc.now())
        until = today + timedelta(days=1) if action == "s" else None
        found = (
            await session.exec(
                select(NudgeMute).where(
                    NudgeMute.staff_id == staff.id,
                    NudgeMute.rule == rule,
                    NudgeMute.period == period,
                )
            )
        ).first()
        mute = found or NudgeMute(staff_id=staff.id, rule=rule, period=period)
        mute.until = until
        session.add(mute)
        await session.commit()
    rule_id = rule.split("@")[0].split("#")[0]
    key = "nudge-snoozed" if action == "s" else "nudge-muted"
    await query.answer(t(key, rule=t(f"rule-{rule_id}")))


def _span(args: list[str], today: date) -> tuple[date, date]:
    """`/away 12-01 12-05` or `/away 12-03` (one day); raises DateError."""
    if not 1 <= len(args) <= 2:
        raise DateError("away-usage")
    start = parse_date(args[0], today)
    end = parse_date(args[1], today) if len(args) == 2 else start
    if end < start:
        raise DateError("away-order")
    if (end - start).days >= MAX_AWAY_DAYS:
        raise DateError("away-too-long")
    return start, end


async def away(update: Update, context: Context) -> None:
    """/away FROM [TO]: days away (请假 / 出差) without reminders; /away alone lists them."""
    svc = services(context)
    async with svc.db.session() as session:
        staff = await identify(update, session)
        if staff is None or staff.id is None:
            return
        t = tr(staff)
        today = svc.policy.today(svc.now())
        args = args_of(context)
        if args == ["clear"] or args == ["取消"]:
            await session.exec(
                delete(AwaySpell).where(
                    col(AwaySpell.staff_id) == staff.id, col(AwaySpell.end) >= today
                )
            )
            await session.commit()
            await reply(update, t("away-cleared"))
            return
        if not args:
            await reply(update, await _listing(session, staff, today))
            return
        try:
            start, end = _span(args, today)
        except DateError as error:
            reason = error.reason
            key = reason if reason.startswith("away-") else f"error-{reason}"
            await reply(update, t(key) + "\n" + t("away-usage"))
            return
        session.add(AwaySpell(staff_id=staff.id, start=start, end=end))
        audit(
            session,
            actor_id=staff.id,
            action="away.set",
            start=start.isoformat(),
            end=end.isoformat(),
        )
        await session.commit()
    await reply(update, t("away-set", start=start.isoformat(), end=end.isoformat()))


async def _listing(session: AsyncSession, staff: Staff, today: date) -> str:
    """The person's away days from today on."""
    t = tr(staff)
    spells = (
        await session.exec(
            select(AwaySpell)
            .where(AwaySpell.staff_id == staff.id, AwaySpell.end >= today)
            .order_by(col(AwaySpell.start))
        )
    ).all()
    if not spells:
        return t("away-none")
    lines = [t("away-title")]
    lines += [f"• {s.start.isoformat()} ～ {s.end.isoformat()}" for s in spells]
    return "\n".join(lines)


async def crisis_ack(update: Update, context: Context) -> None:
    """已知悉 on a crisis alert: the first press of a leader of its college stops the repeats."""
    query = update.callback_query
    assert query is not None and query.data is not None
    svc = services(context)
    async with svc.db.session() as session:
        staff = await identify(update, session)
        if staff is None or staff.id is None:
            return
        t = tr(staff)
        record_id = query.data.rsplit(":", 1)[-1]
        done = (
            await acknowledge(session, record_id=int(record_id), staff=staff, now=svc.now())
            if record_id.isdigit()
            else Acknowledged(found=False)
        )
    if not done.found:
        await query.answer(t("error-button-stale"))
        return
    await query.answer(t("crisis-ack-done" if done.first else "crisis-ack-already"))
    await query.edit_message_reply_markup(None)
    if done.first:
        await svc.send_pending()
