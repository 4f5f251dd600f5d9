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

from i18n import esc
from models.crises import crisis_place
from models.org import Staff
from models.outbox import CrisisAck, insert_new
from models.records import WorkRecord
from policy.service import PolicyService
from scheduler.decide import Recipient, recipients

REPEAT = timedelta(minutes=30)
# An alert nobody acknowledged in a week has surely been dealt with off-line: stop repeating.
GIVE_UP = timedelta(days=7)


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
        college_id, class_name, students = await crisis_place(session, record=record)
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
