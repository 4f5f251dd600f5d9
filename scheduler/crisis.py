"""Crisis alerts (catalog S04): every leader of the student's college and every admin, at once.

An alert says who logged it, when and which class; the student's name only to leaders of that
college; never the note. Until someone presses 已知悉 it repeats every 30 minutes (each repeat
is its own outbox stage, so a job that runs every minute sends each repeat once).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.org import SchoolClass, Staff, Student
from models.outbox import CrisisAck, insert_new
from models.records import RecordStudent, WorkRecord
from policy.service import PolicyService
from reports.digest_text import esc
from scheduler.decide import Recipient, recipient, recipients

REPEAT = timedelta(minutes=30)
# An alert nobody acknowledged in a week has surely been dealt with off-line: stop repeating.
GIVE_UP = timedelta(days=7)


async def _college_class_names(
    session: AsyncSession, record: WorkRecord
) -> tuple[int | None, str, list[str]]:
    """The record's college, class name and students' names."""
    query = (
        select(Student.name, Student.class_id)
        .join(RecordStudent, col(RecordStudent.student_id) == Student.id)
        .where(RecordStudent.record_id == record.id)
    )
    found = (await session.exec(query)).all()
    class_id = record.class_id or (found[0][1] if found else None)
    cls = await session.get(SchoolClass, class_id) if class_id is not None else None
    if cls is None:
        staff = await session.get(Staff, record.staff_id)
        return (staff.college_id if staff else None), "", [n for n, _ in found]
    return cls.college_id, cls.name, [n for n, _ in found]


def _alert_row(
    who: Recipient,
    record: WorkRecord,
    logger: str,
    class_name: str,
    students: list[str],
    own: bool,
    stage: str,
    policy: PolicyService,
) -> dict[str, Any]:
    t = who.t
    when = record.created_at.astimezone(policy.tz).strftime("%Y-%m-%d %H:%M")
    lines = [t("crisis-title" if stage == "alert" else "crisis-repeat")]
    lines.append(t("crisis-who", name=esc(logger), time=when))
    if class_name:
        lines.append(t("crisis-class", cls=esc(class_name)))
    if own and students:
        lines.append(t("crisis-students", names=esc("、".join(students))))
    assert record.id is not None
    return {
        "recipient_id": who.id,
        "rule": "S04",
        "period": f"record:{record.id}",
        "stage": stage,
        "batch": f"crisis:{record.id}:{stage}",
        "priority": -1,
        "body": {
            "text": "\n".join(lines),
            "buttons": [[(t("crisis-ack"), f"cr:ack:{record.id}")]],
        },
    }


async def decide_crisis_alerts(session: AsyncSession, policy: PolicyService, now: datetime) -> int:
    """First alerts for new crises and the half-hourly repeats of unacknowledged ones."""
    acked = sa.select(CrisisAck.record_id)  # type: ignore[call-overload]
    query = select(WorkRecord).where(
        WorkRecord.crisis == True,  # noqa: E712
        col(WorkRecord.deleted_at).is_(None),
        col(WorkRecord.created_at) >= now - GIVE_UP,
        col(WorkRecord.created_at) <= now,
        col(WorkRecord.id).not_in(acked),
    )
    records = list((await session.exec(query)).all())
    if not records:
        return 0
    people = await recipients(session)
    rows = []
    for record in records:
        college_id, class_name, students = await _college_class_names(session, record)
        logger = people.get(record.staff_id)
        staff = await session.get(Staff, record.staff_id)
        name = staff.name if staff else ""
        repeats = int((now - record.created_at) / REPEAT)
        stage = "alert" if repeats == 0 else f"repeat-{repeats}"
        for who in people.values():
            own = who.is_leader and who.college_id == college_id
            if not (own or who.is_admin) or (logger is not None and who.id == logger.id):
                continue
            rows.append(_alert_row(who, record, name, class_name, students, own, stage, policy))
    added = await insert_new(session, rows)
    await session.commit()
    return added


async def acknowledge(
    session: AsyncSession, record_id: int, staff: Staff, now: datetime
) -> tuple[bool, WorkRecord | None]:
    """Record the first 已知悉; tell the person who logged it. (first?, the record)."""
    record = await session.get(WorkRecord, record_id)
    if record is None or not record.crisis or staff.id is None:
        return False, None
    if await session.get(CrisisAck, record_id) is not None:
        return False, record
    session.add(CrisisAck(record_id=record_id, staff_id=staff.id, acknowledged_at=now))
    found = await session.get(Staff, record.staff_id)
    if found is not None and found.telegram_user_id is not None:
        logger = recipient(found)
        await insert_new(
            session,
            [
                {
                    "recipient_id": logger.id,
                    "rule": "S04",
                    "period": f"record:{record_id}",
                    "stage": "acknowledged",
                    "batch": f"crisis:{record_id}:acknowledged",
                    "body": {"text": logger.t("crisis-acked", name=esc(staff.name))},
                }
            ],
        )
    await session.commit()
    return True, record
