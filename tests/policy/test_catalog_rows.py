"""Every catalog row, through the database: met, behind (or at risk), missed, not applicable."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from policy.evaluation import Status
from policy.service import PolicyService
from tests.policy.scenes import FOCUS, JIDIAN, add_records, at, build_scene

MET, AT_RISK, BEHIND = Status.MET, Status.AT_RISK, Status.BEHIND
MISSED, NA = Status.MISSED, Status.NOT_APPLICABLE

# How far behind a person with nothing done stands two days before the window closes: a
# one-off duty is only at risk (the nudge lead time has come); a duty of several units (or
# of several students) is behind, a whole unit short of an even pace, and so is a yearly
# one-off in late August, when every teaching day of the year is past.
# And the situation in which the row does not apply:
#   vacation      a week or month of the 2026 Spring Festival: not_applicable
#   no_term       winter vacation, no term open: no status at all
#   no_students   nobody of the rule's set among the person's students: not_applicable
#   condition     C22 without special-origin students: not_applicable
#   no_classes    C07 for a counselor without classes: no status
#   first_year    C30 for a counselor three years in: no status
#   other_college the 机电工程学院 rule for someone of another college: no status
#   role          the duty of another role: no status
#   no_courses    D02 with no course above 15% on the term before's list: not_applicable
ROWS: dict[str, tuple[Status, str]] = {
    "C01": (AT_RISK, "no_term"),
    **{f"C02{x}": (BEHIND, "role") for x in "abcdef"},
    **{f"C03{x}": (AT_RISK, "no_term") for x in "ab"},
    **{f"C04{x}": (BEHIND, "role") for x in "abc"},
    "C05": (BEHIND, "role"),
    "C06": (AT_RISK, "vacation"),
    "C07": (AT_RISK, "no_classes"),
    "C08": (BEHIND, "no_students"),
    "C09": (AT_RISK, "vacation"),
    **{f"C{n}": (AT_RISK, "no_term") for n in (10, 11, 12, 13, 19, 20, 24, 25)},
    "C14": (AT_RISK, "role"),  # applies in vacations too (see test_article_readings)
    "C15": (BEHIND, "vacation"),
    "C16": (AT_RISK, "role"),
    "C17": (BEHIND, "no_students"),
    "C18": (BEHIND, "no_students"),
    "C21": (BEHIND, "role"),
    "C22": (AT_RISK, "condition"),
    "C23": (AT_RISK, "no_students"),
    **{f"C{n}": (BEHIND, "role") for n in (26, 27, 28)},
    "C31": (AT_RISK, "role"),
    "C29": (BEHIND, "role"),
    "C30": (BEHIND, "first_year"),
    "C32": (BEHIND, "other_college"),
    "C33": (BEHIND, "other_college"),
    "C34": (AT_RISK, "other_college"),
    "C35": (BEHIND, "no_students"),
    "C36": (AT_RISK, "vacation"),
    "C37": (BEHIND, "no_students"),
    "C38a": (BEHIND, "condition"),
    "C38b": (BEHIND, "condition"),
    "C39": (BEHIND, "role"),
    "C40": (BEHIND, "condition"),
    "H01": (BEHIND, "no_term"),
    "H02": (BEHIND, "other_college"),
    "H03": (BEHIND, "other_college"),
    "H04": (BEHIND, "other_college"),
    "H05": (BEHIND, "other_college"),
    "H06": (BEHIND, "no_term"),
    "H07": (AT_RISK, "vacation"),
    "H08": (BEHIND, "role"),
    "H09": (AT_RISK, "vacation"),
    "H10": (AT_RISK, "no_term"),
    "H11": (AT_RISK, "other_college"),
    "E01": (AT_RISK, "other_college"),
    "E02": (AT_RISK, "other_college"),
    "E03": (AT_RISK, "other_college"),
    "L01": (AT_RISK, "other_college"),
    "L02": (AT_RISK, "other_college"),
    "L03": (AT_RISK, "other_college"),
    "L04": (AT_RISK, "no_term"),
    "L05": (AT_RISK, "other_college"),
    "D01": (AT_RISK, "other_college"),
    "D02": (NA, "no_courses"),
}
SPRING_FESTIVAL = date(2026, 2, 18)


def test_it_has_a_row_for_every_rule_of_the_shipped_policy(svc: PolicyService) -> None:
    assert sorted(ROWS) == sorted(r.id for r in svc.policy.rules_for_college(JIDIAN))


@pytest.mark.parametrize("rule_id", sorted(ROWS))
async def test_it_judges_each_catalog_row(
    session: AsyncSession, svc: PolicyService, rule_id: str
) -> None:
    late, _ = ROWS[rule_id]
    scene = await build_scene(session, svc, rule_id)
    idle_late = scene.statuses(await svc.evaluate(session, now=at(scene.late)))
    idle_after = scene.statuses(await svc.evaluate(session, now=at(scene.after)))
    await add_records(session, svc, scene)
    done_late = scene.statuses(await svc.evaluate(session, now=at(scene.late)))
    done_after = scene.statuses(await svc.evaluate(session, now=at(scene.after)))

    closed = NA if late == NA else MISSED
    met = NA if late == NA else MET
    assert [s.status for s in idle_late] == [late]
    assert [s.status for s in idle_after] == [closed]
    assert [s.status for s in done_late] == [met]
    assert [s.status for s in done_after] == [met]
    assert idle_late[0].done == 0 and done_late[0].done >= idle_late[0].target
    if scene.rule.scope == "each_student":
        assert set(idle_late[0].missing_student_ids) == {s.id for s in scene.students}
        assert done_late[0].missing_student_ids == ()


async def _no_shortfall(session: AsyncSession, svc: PolicyService, rule_id: str) -> list[Status]:
    """The statuses of the rule in the situation where ROWS says it does not apply."""
    case = ROWS[rule_id][1]
    situations: dict[str, dict[str, Any]] = {
        "no_students": {"flagged": False, "students": 0 if rule_id in ("C17", "C23") else 2},
        "condition": {"flagged": False},
        "no_classes": {"with_class": False},
        "first_year": {"started_on": date(2022, 9, 1)},
        "other_college": {"college": "材料与冶金学院"},
        "role": {"holder": "head_teacher" if rule_id.startswith("C") else "counselor"},
    }
    scene = await build_scene(session, svc, rule_id, **situations.get(case, {}))
    day = SPRING_FESTIVAL if case in ("vacation", "no_term") else scene.late
    if case == "first_year":
        day = FOCUS
    evaluation = await svc.evaluate(session, now=at(day))
    assert scene.staff.id is not None
    return [s.status for s in evaluation.for_staff(scene.staff.id) if s.rule.id == rule_id]


@pytest.mark.parametrize("rule_id", sorted(ROWS))
async def test_it_does_not_apply_each_catalog_row_where_the_catalog_says_so(
    session: AsyncSession, svc: PolicyService, rule_id: str
) -> None:
    case = ROWS[rule_id][1]
    statuses = await _no_shortfall(session, svc, rule_id)
    if case in ("vacation", "no_students", "condition", "no_courses"):
        assert statuses and set(statuses) == {NA}
    else:
        assert statuses == []
