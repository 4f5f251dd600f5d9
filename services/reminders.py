"""What a person tells the scheduler: snooze or mute a nudge, and the days they are away."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from models.audit import audit
from models.org import Staff
from models.outbox import AwaySpell, NudgeMute, clear_away_from, nudge_mute

MAX_AWAY_DAYS = 180
MAX_KEY = 40  # nudge_mutes.rule and .period


class AwayRefused(ValueError):
    """Away days that cannot be set; `reason` is a locale key."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


async def quiet_nudge(
    session: AsyncSession,
    *,
    staff: Staff,
    held: Collection[str],
    rule: str,
    period: str,
    today: date,
    snooze: bool,
) -> bool:
    """明天再提醒 (snooze: until tomorrow) or 本期不再提醒 (the rest of the period).

    False, and nothing stored, for a key no nudge could carry: a rule outside `held` (the ids of
    the rules this person is held to) or a key longer than the column, as a forged button sends.
    """
    assert staff.id is not None
    rule_id = rule.split("@")[0].split("#")[0]
    if rule_id not in held or len(rule) > MAX_KEY or not 0 < len(period) <= MAX_KEY:
        return False
    mute = await nudge_mute(session, staff_id=staff.id, rule=rule, period=period)
    mute = mute or NudgeMute(staff_id=staff.id, rule=rule, period=period)
    mute.until = today + timedelta(days=1) if snooze else None
    session.add(mute)
    await session.commit()
    return True


def check_away(start: date, end: date) -> None:
    """Away days run forwards and last under MAX_AWAY_DAYS; raises AwayRefused."""
    if end < start:
        raise AwayRefused("away-order")
    if (end - start).days >= MAX_AWAY_DAYS:
        raise AwayRefused("away-too-long")


async def set_away(session: AsyncSession, *, staff: Staff, start: date, end: date) -> None:
    """Record days away (请假 / 出差): no reminders then, and no escalation about them."""
    assert staff.id is not None
    check_away(start, end)
    session.add(AwaySpell(staff_id=staff.id, start=start, end=end))
    audit(
        session, actor_id=staff.id, action="away.set", start=start.isoformat(), end=end.isoformat()
    )
    await session.commit()


async def clear_away(session: AsyncSession, *, staff: Staff, today: date) -> None:
    """Drop the person's away days from today on (past ones stay: they explain past reports)."""
    assert staff.id is not None
    await clear_away_from(session, staff_id=staff.id, day=today)
    await session.commit()
