"""C30 at registration: a new counselor's pre-service training hours against the 40 required."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from policy.evaluation import Status
from policy.service import PolicyService

PRE_SERVICE = "C30"


@dataclass(frozen=True)
class Shortfall:
    """Hours of pre-service training logged so far, and how many the article requires."""

    done: float
    target: float
    article: str


async def pre_service_shortfall(
    session: AsyncSession, policy: PolicyService, *, staff_id: int, now: datetime
) -> Shortfall | None:
    """C30 (U 第十五条): the new counselor's shortfall in pre-service hours, or None.

    Only a counselor C30 applies to (in the first year after 任职起始日期) is told, and only
    while fewer hours than required are logged on or before that day.
    """
    evaluation = await policy.evaluate(session, now=now, staff_ids=[staff_id])
    for status in evaluation.for_staff(staff_id):
        if status.rule.id == PRE_SERVICE and status.status not in (
            Status.MET,
            Status.NOT_APPLICABLE,
        ):
            return Shortfall(status.done, status.target, status.rule.article)
    return None
