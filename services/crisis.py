"""已知悉 on a crisis alert: who may acknowledge it, and what the first acknowledgement does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from i18n import esc, for_language
from models.audit import audit
from models.crises import crisis_place
from models.org import Staff
from models.outbox import CrisisAck, insert_new
from models.records import WorkRecord


@dataclass(frozen=True)
class Acknowledged:
    """The outcome of a press: found (and the caller's to acknowledge), and whether it was first."""

    found: bool
    first: bool = False


async def may_acknowledge(session: AsyncSession, *, staff: Staff, record: WorkRecord) -> bool:
    """Admins, and leaders of the college the crisis belongs to; nobody else."""
    if staff.is_admin:
        return True
    if not staff.is_leader or staff.college_id is None:
        return False
    college_id, _class_name, _students = await crisis_place(session, record=record)
    return college_id == staff.college_id


async def acknowledge(
    session: AsyncSession, *, record_id: int, staff: Staff, now: datetime
) -> Acknowledged:
    """Record the first 已知悉 and tell the person who logged it; refuse anyone out of scope.

    "Unknown" and "not yours" come back the same, so that record ids cannot be probed.
    """
    record = await session.get(WorkRecord, record_id)
    if record is None or not record.crisis or staff.id is None:
        return Acknowledged(found=False)
    if not await may_acknowledge(session, staff=staff, record=record):
        return Acknowledged(found=False)
    if await session.get(CrisisAck, record_id) is not None:
        return Acknowledged(found=True, first=False)
    session.add(CrisisAck(record_id=record_id, staff_id=staff.id, acknowledged_at=now))
    logger = await session.get(Staff, record.staff_id)
    if logger is not None and logger.id is not None and logger.chat_id is not None:
        text = for_language(logger.language)("crisis-acked", name=esc(staff.name))
        await insert_new(
            session,
            [
                {
                    "recipient_id": logger.id,
                    "rule": "S04",
                    "period": f"record:{record_id}",
                    "stage": "acknowledged",
                    "batch": f"crisis:{record_id}:acknowledged",
                    "body": {"text": text},
                }
            ],
        )
    audit(session, actor_id=staff.id, action="crisis.ack", target=f"record:{record_id}")
    await session.commit()
    return Acknowledged(found=True, first=True)
