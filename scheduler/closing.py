"""After a month, quarter, term or year ends: what each person met and missed, and escalation.

Each person gets one summary per closed period; their college's leaders get the college's
tally. A rule missed in two consecutive periods by the same person is escalated to the
leaders at once (the earlier miss is known from its summary row in the outbox).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from i18n import esc
from models.outbox import OutboxMessage, insert_new
from policy.calendar import AcademicCalendar
from policy.evaluation import RuleStatus, Status
from policy.periods import Period, previous_period
from policy.service import PolicyService
from scheduler.decide import Recipient, away_today, period_key, recipients, rule_key

# Weeks close every Monday: their misses show in /me and the digest, not in a message each.
SUMMARISED = ("month", "quarter", "term", "spring_term", "year")


def _span(period: Period) -> str:
    return f"{period.start.isoformat()}～{period.end.isoformat()}"


def _person_row(who: Recipient, period: Period, statuses: list[RuleStatus]) -> dict[str, Any]:
    t = who.t
    met = [s for s in statuses if s.status == Status.MET]
    missed = [s for s in statuses if s.status == Status.MISSED]
    lines = [t("close-title", period=t(f"closed-{period.kind}"), span=_span(period))]
    lines.append(t("close-tally", met=len(met), missed=len(missed)))
    lines += [
        "❌ "
        + esc(
            t(
                "close-missed",
                rule=t(f"rule-{s.rule.id}"),
                id=s.rule.id,
                done=s.done,
                target=s.target,
            )
        )
        for s in missed
    ]
    return {
        "recipient_id": who.id,
        "rule": "period_close",
        "period": period_key(period),
        "stage": "closed",
        "batch": f"close:{period_key(period)}",
        # The per-rule misses ride along for the next period's escalation check.
        "body": {"text": "\n".join(lines), "missed": [rule_key(s) for s in missed]},
    }


async def _missed_before(
    session: AsyncSession, periods: set[str]
) -> dict[tuple[int, str], set[str]]:
    """The rules each person missed in earlier periods, from their summary rows, in one read."""
    if not periods:
        return {}
    query = select(OutboxMessage).where(
        OutboxMessage.rule == "period_close", col(OutboxMessage.period).in_(periods)
    )
    return {
        (row.recipient_id, row.period): set(row.body.get("missed", []))
        for row in (await session.exec(query)).all()
    }


Repeated = list[tuple[Recipient, Period, list[str], str]]
ByCollege = dict[tuple[int, Period], list[tuple[Recipient, list[RuleStatus]]]]


def _summaries(
    closed: dict[tuple[int, Period], list[RuleStatus]],
    people: dict[int, Recipient],
    away: set[int],
    calendar: AcademicCalendar,
) -> tuple[list[dict[str, Any]], Repeated, ByCollege]:
    """Each person's summary rows, the escalation candidates, and the closed periods by college."""
    rows: list[dict[str, Any]] = []
    # (person, closed period, rules missed in it, the period before): escalation candidates
    repeated: Repeated = []
    by_college: ByCollege = defaultdict(list)
    for (sid, period), statuses in sorted(
        closed.items(), key=lambda kv: (kv[0][1].start, kv[0][0])
    ):
        who = people[sid]
        row = _person_row(who, period, statuses)
        rows.append(row)
        if who.college_id is not None:
            by_college[(who.college_id, period)].append((who, statuses))
        earlier = previous_period(period, calendar)
        if earlier is not None and row["body"]["missed"] and sid not in away:
            repeated.append((who, period, row["body"]["missed"], period_key(earlier)))
    return rows, repeated, by_college


async def decide_period_close(session: AsyncSession, policy: PolicyService, now: datetime) -> int:
    """Summaries of every period that closed within the grace days, and escalations."""
    today = policy.today(now)
    people = await recipients(session)
    away = await away_today(session, today)
    evaluation = await policy.evaluate(session, now=now)
    closed: dict[tuple[int, Period], list[RuleStatus]] = defaultdict(list)
    for s in evaluation.statuses:
        ended = s.period.end < today and s.period.kind in SUMMARISED
        if ended and s.staff_id in people and s.status in (Status.MET, Status.MISSED):
            closed[(s.staff_id, s.period)].append(s)
    # One summary per person and closed period: thousands of lines, formatted off the loop.
    rows, repeated, by_college = await asyncio.to_thread(
        _summaries, closed, people, away, policy.calendar
    )
    before = await _missed_before(session, {key for *_, key in repeated})
    for who, period, missed, key in repeated:
        for rule in sorted(set(missed) & before.get((who.id, key), set())):
            rows += _escalations(people, who, rule, period)
    for (college_id, period), members in by_college.items():
        rows += _college_rows(people, college_id, period, members)
    added = await insert_new(session, rows)
    await session.commit()
    return added


def _leaders(people: dict[int, Recipient], college_id: int | None) -> list[Recipient]:
    return [p for p in people.values() if p.is_leader and p.college_id == college_id]


def _escalations(
    people: dict[int, Recipient], who: Recipient, rule: str, period: Period
) -> list[dict[str, Any]]:
    rule_id = rule.split("@")[0].split("#")[0]
    return [
        {
            "recipient_id": leader.id,
            "rule": rule,
            "period": f"{period_key(period)}/{who.id}"[:40],
            "stage": "escalate",
            "batch": f"escalate:{who.id}:{rule}:{period_key(period)}"[:64],
            "body": {
                "text": leader.t(
                    "escalate-text",
                    name=esc(who.name),
                    rule=esc(leader.t(f"rule-{rule_id}")),
                    id=rule_id,
                )
            },
        }
        for leader in _leaders(people, who.college_id)
    ]


def _college_rows(
    people: dict[int, Recipient],
    college_id: int,
    period: Period,
    members: list[tuple[Recipient, list[RuleStatus]]],
) -> list[dict[str, Any]]:
    rows = []
    for leader in _leaders(people, college_id):
        t = leader.t
        met = sum(1 for _, ss in members for s in ss if s.status == Status.MET)
        missed = sum(1 for _, ss in members for s in ss if s.status == Status.MISSED)
        lines = [t("close-college-title", period=t(f"closed-{period.kind}"), span=_span(period))]
        lines.append(t("close-tally", met=met, missed=missed))
        short = sorted(
            ((who.name, sum(1 for s in ss if s.status == Status.MISSED)) for who, ss in members),
            key=lambda x: (-x[1], x[0]),
        )
        lines += [t("close-college-person", name=esc(n), missed=m) for n, m in short if m]
        rows.append(
            {
                "recipient_id": leader.id,
                "rule": "period_close_college",
                "period": period_key(period),
                "stage": "closed",
                "batch": f"close-college:{period_key(period)}",
                "body": {"text": "\n".join(lines)},
            }
        )
    return rows
