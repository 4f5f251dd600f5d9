"""Issue 20, part 5: rules read closer to the text (E01, D01, D02, C35, C38b)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from policy.evaluation import Status
from policy.service import PolicyService
from tests.factories import make_record
from tests.policy.scenes import at, build_scene

MET, MISSED, ON_TRACK = Status.MET, Status.MISSED, Status.ON_TRACK
AUTUMN_2025 = date(2025, 9, 1)
SPRING_2026 = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("notice", "today", "term", "status"),
    [
        # 寒假: the grades are out, the notices go out — they count for the autumn term.
        (date(2026, 1, 20), date(2026, 1, 25), AUTUMN_2025, MET),
        # the spring term's 2nd teaching week (3-09 … 3-15) still counts for the autumn term
        (date(2026, 3, 10), date(2026, 3, 12), AUTUMN_2025, MET),
        # …and not for the spring term, whose own notices come at its end
        (date(2026, 3, 10), date(2026, 3, 12), SPRING_2026, ON_TRACK),
        # the 3rd week is too late for the autumn term: missed once its window closed
        (date(2026, 3, 20), date(2026, 3, 20), AUTUMN_2025, MISSED),
        # before the term's last 4 weeks (from 12-20) is not 学期末
        (date(2025, 12, 10), date(2026, 1, 25), AUTUMN_2025, ON_TRACK),
        # the term's last weeks count
        (date(2026, 1, 8), date(2026, 1, 9), AUTUMN_2025, MET),
        (None, date(2026, 3, 18), AUTUMN_2025, MISSED),
    ],
)
async def test_a_terms_warning_notice_may_be_dated_after_the_term(
    session: AsyncSession,
    svc: PolicyService,
    notice: date | None,
    today: date,
    term: date,
    status: Status,
) -> None:
    """C 第六条: 「将每学期末学业困难学生名单提交年级辅导员和班主任，下达学院学业预警通知书……」.

    The grades of a term come out in the vacation: a notice counts for the term from its
    last 4 weeks to the end of the next term's 2nd teaching week.
    """
    scene = await build_scene(session, svc, "E01")
    if notice is not None:
        await make_record(session, scene.staff, "warning_notice", notice)
        await session.commit()
    evaluation = await svc.evaluate(session, now=at(today))
    assert scene.staff.id is not None
    found = [
        s.status
        for s in evaluation.for_staff(scene.staff.id)
        if s.rule.id == "E01" and s.period.start == term
    ]
    assert found == [status]
