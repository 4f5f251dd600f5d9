"""Issue 14, S03: the share of counselors leaving the post in an academic year, for admins."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from i18n import translator
from models.org import Staff
from policy.service import ConditionResult, PolicyService
from reports.digest_drawing import build_digests
from services.offboarding import ROLES, revoke_roles
from tests.factories import make_college, make_staff
from tests.policy.scenes import at

START = date(2026, 9, 1)  # the shipped calendar's academic year 2026–2027 starts here
TODAY = date(2027, 3, 10)


async def leave(
    session: AsyncSession, staff_ids: list[int], on: date, role: str, reason: str = "transfer"
) -> None:
    """`fudao staff revoke --role ROLE --reason 转岗` for these people on that local day."""
    now = datetime(on.year, on.month, on.day, 3, tzinfo=UTC)
    for sid in staff_ids:
        person = await session.get(Staff, sid)
        assert person is not None
        roles = list(ROLES) if role == "all" else [role]
        await revoke_roles(
            session, staff=person, roles=roles, actor_id=None, now=now, left_on=on, reason=reason
        )


async def s03(session: AsyncSession, svc: PolicyService) -> list[ConditionResult]:
    """The S03 results of an evaluation of everybody on TODAY."""
    evaluation = await svc.evaluate(session, now=at(TODAY))
    return [c for c in evaluation.conditions if c.condition_id == "S03"]


@pytest.mark.parametrize(
    ("in_post", "leavers", "left_on", "role", "expected"),
    [
        (10, 1, date(2026, 12, 1), "counselor", (False, 1, 10)),  # 10% is not above 10%
        (10, 2, date(2026, 12, 1), "counselor", (True, 2, 10)),
        (10, 2, date(2026, 9, 1), "counselor", (True, 2, 10)),  # the year's first day counts
        (10, 2, date(2026, 8, 31), "counselor", (False, 0, 8)),  # last year's leavers
        (10, 2, date(2026, 12, 1), "all", (True, 2, 10)),
        (10, 2, date(2026, 12, 1), "head_teacher", (False, 0, 10)),  # still a counselor
        (0, 0, date(2026, 12, 1), "counselor", None),  # nobody in post: no share to judge
    ],
)
async def test_it_flags_the_year_when_more_than_a_tenth_of_counselors_leave(
    session: AsyncSession,
    svc: PolicyService,
    in_post: int,
    leavers: int,
    left_on: date,
    role: str,
    expected: tuple[bool, int, int] | None,
) -> None:
    """U 第十九条: 「每年辅导员转岗人数不得超过辅导员总数的 10%」.

    每年 is the academic year so far; 辅导员总数 is every counselor (专职 and 兼职) in post on
    its first day; a counselor leaves the post the day their counselor role ends.
    """
    college = await make_college(session)
    people = [
        await make_staff(
            session, college, is_counselor=True, is_head_teacher=True,
            started_on=date(2020, 9, 1), full_time=n % 2 == 0,
        )
        for n in range(in_post)
    ]  # fmt: skip
    await session.commit()
    await leave(session, [p.id for p in people[:leavers] if p.id is not None], left_on, role)
    found = [(not c.ok, c.value, c.total) for c in await s03(session, svc)]
    assert found == ([] if expected is None else [expected])


async def test_it_counts_at_the_start_only_those_in_post_then(
    session: AsyncSession, svc: PolicyService
) -> None:
    """U 第十九条 「辅导员总数」: a counselor who began after the year started is not in the
    base, but one who left this year is (they were there on its first day)."""
    college = await make_college(session)
    for _ in range(9):
        await make_staff(session, college, started_on=date(2019, 9, 1))
    await make_staff(session, college, started_on=date(2026, 10, 1))  # joined this year
    await make_staff(session, college, started_on=None)  # start unknown: counted
    gone = await make_staff(session, college, started_on=date(2021, 9, 1))
    await session.commit()
    assert gone.id is not None
    await leave(session, [gone.id], date(2027, 1, 5), "counselor")
    ((result),) = await s03(session, svc)
    assert (result.ok, result.value, result.total, result.limit) == (True, 1, 11, 10)


async def test_it_tells_admins_not_college_leaders_in_the_digest(
    session: AsyncSession, svc: PolicyService
) -> None:
    """U 第十九条 counts 辅导员总数 across the university (学生工作部 manages the post): the
    line goes to admins once, under their first college's digest."""
    colleges = [await make_college(session, name=n) for n in ("甲学院", "乙学院")]
    counselors = [await make_staff(session, colleges[n % 2]) for n in range(6)]
    admin = await make_staff(session, colleges[0], is_admin=True, telegram_user_id=9001)
    leader = await make_staff(session, colleges[0], is_leader=True, telegram_user_id=9002)
    await session.commit()
    await leave(session, [c.id for c in counselors[:2] if c.id is not None], TODAY, "counselor")
    due = await build_digests(session, svc, now=at(TODAY), translator=translator)
    admin_text = "\n".join("\n".join(d.parts) for d in due if d.staff_id == admin.id)
    leader_text = "\n".join("\n".join(d.parts) for d in due if d.staff_id == leader.id)
    line = "本学年已有 2 名辅导员转岗，占学年初辅导员总数 6 名的 33.3%，超过 10% 的上限（S03）"
    assert admin_text.count(line) == 1
    assert leader_text and "S03" not in leader_text
