"""Follow-up dates set on talks: on the day, a reminder to the person who set it."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from i18n import esc
from models.org import Student
from models.outbox import insert_new
from models.records import RecordStudent, WorkRecord
from policy.service import PolicyService
from scheduler.decide import recipients


async def decide_followups(session: AsyncSession, policy: PolicyService, now: datetime) -> int:
    """One reminder per record whose follow-up date is today."""
    today = policy.today(now)
    query = select(WorkRecord).where(
        WorkRecord.follow_up_on == today, col(WorkRecord.deleted_at).is_(None)
    )
    people = await recipients(session)
    rows = []
    for record in (await session.exec(query)).all():
        who = people.get(record.staff_id)
        if who is None or record.id is None:
            continue
        students = (
            await session.exec(
                select(Student.id, Student.name)
                .join(RecordStudent, col(RecordStudent.student_id) == Student.id)
                .where(RecordStudent.record_id == record.id)
            )
        ).all()
        names = "、".join(name for _, name in students)
        t = who.t
        buttons = [[(t("followup-talk", name=name), f"log:stu:{sid}")] for sid, name in students]
        rows.append(
            {
                "recipient_id": who.id,
                "rule": "followup",
                "period": f"record:{record.id}",
                "stage": today.isoformat(),
                "batch": f"followup:{today.isoformat()}",
                "body": {
                    "header": t("followup-header"),
                    "text": t(
                        "followup-line",
                        kind=t(f"kind-{record.kind}"),
                        day=record.occurred_on.isoformat(),
                        names=esc(names) or "—",
                    ),
                    "buttons": buttons[:3],
                },
            }
        )
    added = await insert_new(session, rows)
    await session.commit()
    return added
