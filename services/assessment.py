"""The assessment's chat workflows: a counselor's self-evaluation, and a leader's 确认发布."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from i18n import esc, translator
from models.assessment import (
    PUBLISHED,
    CounselorAssessment,
    HeadTeacherAssessment,
    SelfEvaluation,
    college_leaders,
    round_of,
    self_evaluation,
)
from models.audit import audit
from models.org import Staff
from models.outbox import insert_new
from reports.assessment_data import (
    CollegeResults,
    Person,
    Places,
    gather_results,
    university_places,
)
from reports.assessment_workbook import own_result
from services.context import Services
from services.grading import grade_college


@dataclass(frozen=True)
class Published:
    """A 确认发布 press: `refusal` (a locale key, with `pending` names) or the people told."""

    refusal: str | None = None
    pending: tuple[str, ...] = ()
    college: str = ""
    told: int = 0
    # A03: the university's 优秀 places once this college's are final.
    places: Places | None = None


async def publish(svc: Services, session: AsyncSession, *, staff: Staff, year: str) -> Published:
    """Lock the college's results (audited) and queue each person's own result in the outbox."""
    assert staff.college_id is not None
    current = await round_of(session, college_id=staff.college_id, academic_year=year)
    if current is None or current.state == PUBLISHED:
        return Published(refusal="assess-already-published")
    (results,) = await gather_results(session, academic_year=year, college_ids=[staff.college_id])
    if results.pending:
        return Published(refusal="assess-publish-pending", pending=tuple(results.pending))
    current.state = PUBLISHED
    current.published_at = svc.now()
    current.published_by = staff.id
    session.add(current)
    audit(
        session,
        actor_id=staff.id,
        action="assessment.publish",
        target=f"college:{staff.college_id}",
        year=year,
        counselors=len(results.counselors),
        head_teachers=len(results.head_teachers),
    )
    leaders = await college_leaders(session, college_id=staff.college_id)
    messages = outbox_rows(results, leaders, year)
    # The decision and its messages commit together; the outbox never sends one twice.
    await insert_new(session, messages)
    await session.commit()
    told = len({m["recipient_id"] for m in messages if m["stage"] == "published"})
    places = await university_places(session, svc.policy, academic_year=year)
    return Published(college=results.college_name, told=told, places=places)


def outbox_rows(results: CollegeResults, leaders: list[Staff], year: str) -> list[dict[str, Any]]:
    """Each registered person's own result, and each leader's reminder talks to hold (A07)."""
    found: list[dict[str, Any]] = []
    rows: list[tuple[Person, CounselorAssessment | HeadTeacherAssessment, str]] = [
        *((p, r, "counselor") for p, r in results.counselors),
        *((p, r, "head_teacher") for p, r in results.head_teachers),
    ]
    for person, row, role in rows:
        if person.chat_id is None:
            continue
        them = translator(person.language)
        lines = [them("assess-notify", year=year), own_result(person.name, year, row, them)]
        if "reminder_talk" in row.consequences:
            lines.append(them("assess-notify-talk"))
        found.append({
            "recipient_id": person.staff_id, "rule": f"assessment:{role}", "period": year,
            "stage": "published", "batch": f"assessment:{year}:{role}",
            "body": {"text": "\n".join(lines)},
        })  # fmt: skip
    talks = [p for p, r in results.counselors if "reminder_talk" in r.consequences]
    for leader in leaders:
        assert leader.id is not None
        them = translator(leader.language)
        for person in talks:
            found.append({
                "recipient_id": leader.id, "rule": "A07", "period": f"{year}:{person.staff_id}",
                "stage": "talk", "batch": f"assessment-talk:{year}",
                "body": {"header": them("assess-talk-header", year=year),
                         "text": them("assess-talk-item", name=esc(person.name))},
            })  # fmt: skip
    return found


async def save_self_evaluation(
    svc: Services,
    session: AsyncSession,
    *,
    staff: Staff,
    year: str,
    score: Decimal,
    statement: str,
) -> bool:
    """Keep a counselor's 自评 and regrade a draft that waits for it; False once published."""
    assert staff.id is not None and staff.college_id is not None
    current = await round_of(session, college_id=staff.college_id, academic_year=year)
    if current is not None and current.state == PUBLISHED:
        return False
    own = await self_evaluation(session, staff_id=staff.id, academic_year=year)
    own = own or SelfEvaluation(staff_id=staff.id, academic_year=year, score=0)
    own.score, own.statement, own.submitted_at = float(score), statement, svc.now()
    session.add(own)
    audit(session, actor_id=staff.id, action="assessment.self", target=f"year:{year}")
    await session.flush()
    if current is not None:
        # The draft may be waiting for this score (an empty 自评 cell): regrade it now.
        await grade_college(
            session, svc.policy, college_id=staff.college_id, academic_year=year,
            now=svc.now(), evidence=False,
        )  # fmt: skip
    await session.commit()
    return True
