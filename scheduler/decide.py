"""What the jobs share: who can be messaged, in which language, and the keys of a rule-period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from i18n import Translate, for_language
from models.channels import bound_on_any_channel
from models.org import Staff
from models.outbox import AwaySpell
from policy.evaluation import RuleStatus
from policy.periods import Period
from policy.service import PolicyService


@dataclass(frozen=True)
class Recipient:
    """A registered member of staff as the jobs need them."""

    id: int
    name: str
    college_id: int | None
    is_leader: bool
    is_admin: bool
    t: Translate


def recipient(staff: Staff) -> Recipient:
    """One member of staff as the jobs need them, with their language."""
    assert staff.id is not None
    return Recipient(
        staff.id,
        staff.name,
        staff.college_id,
        staff.is_leader,
        staff.is_admin,
        for_language(staff.language),
    )


async def recipients(session: AsyncSession) -> dict[int, Recipient]:
    """Everybody who has a chat with the bot, by staff id."""
    query = select(Staff).where(bound_on_any_channel())
    return {r.id: r for r in map(recipient, (await session.exec(query)).all())}


async def away_today(session: AsyncSession, today: date) -> set[int]:
    """Staff who said they are away (请假 / 出差) today."""
    query = select(AwaySpell.staff_id).where(AwaySpell.start <= today, AwaySpell.end >= today)
    return set((await session.exec(query)).all())


def rule_key(status: RuleStatus) -> str:
    """The rule, and the class or unit when the rule is judged per class or unit."""
    key = status.rule.id
    if status.class_id is not None:
        key += f"@{status.class_id}"
    if status.unit:
        key += f"#{status.unit}"[:12]
    return key[:40]


def period_key(period: Period) -> str:
    """A period as a short stable string: its kind and first day."""
    return f"{period.kind}:{period.start.isoformat()}"


def in_quiet_hours(policy: PolicyService, now: datetime) -> bool:
    """Between the policy's quiet-hours start and end (a span that may cross midnight)."""
    quiet = policy.policy.settings.quiet_hours
    local = now.astimezone(policy.tz).time()
    start, end = quiet.start, quiet.end
    if start <= end:
        return start <= local < end
    return local >= start or local < end
