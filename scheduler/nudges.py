"""The daily nudge: to each person, the quotas at risk or behind, most urgent first.

Each (person, rule, period) gets at most one early nudge and one final nudge (two days or
less before the end), because those are outbox stages; a snooze earns one more nudge on the
day it ends, a mute silences the rule for the period. Nothing goes out on a day without
teaching (holidays, vacations), in quiet hours, or to someone who is away.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from i18n import esc
from models.outbox import NudgeMute, insert_new
from models.scope import class_names
from policy.evaluation import RuleStatus, Status
from policy.service import PolicyService
from reports.progress import status_line
from scheduler.decide import (
    Recipient,
    away_today,
    in_quiet_hours,
    period_key,
    recipients,
    rule_key,
)

FINAL_DAYS = 2
_URGENCY = {Status.BEHIND: 0, Status.AT_RISK: 1}


def stage_of(status: RuleStatus) -> str | None:
    """early or final for an open quota that needs a push; None when it needs none."""
    if status.status not in _URGENCY or status.days_left <= 0:
        return None
    return "final" if status.days_left <= FINAL_DAYS else "early"


def _row(
    who: Recipient, status: RuleStatus, stage: str, today_key: str, names: dict[int, str]
) -> dict[str, Any]:
    t = who.t
    rule, period = rule_key(status), period_key(status.period)
    icon = "⏰" if stage == "final" else "⚠️"
    return {
        "recipient_id": who.id,
        "rule": rule,
        "period": period,
        "stage": stage,
        "batch": f"nudge:{today_key}",
        "priority": (0 if stage == "final" else 10) + _URGENCY[status.status],
        "body": {
            "header": t("nudge-header"),
            "text": f"{icon} {esc(status_line(t, status, names))}",
            "buttons": [
                [
                    (
                        t("nudge-log", rule=t(f"rule-{status.rule.id}")),
                        f"log:kind:{status.rule.kind}",
                    ),
                    (t("nudge-snooze"), f"nz:s:{rule}:{period}"),
                    (t("nudge-mute"), f"nz:m:{rule}:{period}"),
                ]
            ],
        },
    }


def _rows(
    statuses: list[RuleStatus],
    people: dict[int, Recipient],
    away: set[int],
    mutes: dict[tuple[int, str, str], NudgeMute],
    today: date,
    names: dict[int, str],
) -> list[dict[str, Any]]:
    """The outbox rows of the statuses that need a push, for the people not away or muted."""
    rows = []
    for status in statuses:
        who = people.get(status.staff_id)
        stage = stage_of(status)
        if who is None or stage is None or who.id in away:
            continue
        mute = mutes.get((who.id, rule_key(status), period_key(status.period)))
        if mute is not None:
            if mute.until is None or mute.until > today:
                continue
            stage = f"snooze:{mute.until.isoformat()}"  # one more nudge when a snooze ends
        rows.append(_row(who, status, stage, today.isoformat(), names))
    return rows


async def decide_nudges(session: AsyncSession, policy: PolicyService, now: datetime) -> int:
    """Write today's nudges to the outbox; return how many rows were new."""
    today = policy.today(now)
    if not policy.calendar.is_teaching_day(today) or in_quiet_hours(policy, now):
        return 0
    people = await recipients(session)
    away = await away_today(session, today)
    mutes = {
        (m.staff_id, m.rule, m.period): m for m in (await session.exec(select(NudgeMute))).all()
    }
    evaluation = await policy.evaluate(session, now=now)
    names = await class_names(session)
    # Thousands of lines formatted for a university: off the loop, so the chat stays answered.
    rows = await asyncio.to_thread(_rows, evaluation.statuses, people, away, mutes, today, names)
    added = await insert_new(session, rows)
    await session.commit()
    return added
