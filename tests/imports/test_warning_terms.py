"""Academic-warning lists per term: a list replaces its term's, the flag follows the newest."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from imports.kinds import KINDS
from imports.runner import ListResult, Request, import_list
from models.org import Student
from models.warnings import AcademicWarning
from policy.service import PolicyService
from tests.e2e.conftest import World, seed
from tests.imports.sheets import WARNING_HEADER, xlsx_of

NOW = datetime(2026, 6, 20, 2, 0, tzinfo=UTC)
# 王小明, 王小红 (机械2401班) and 李雷 (机械2402班), all the counselor 张老师's.
A, B, C = "2024010101", "2024010102", "2024010201"
AUTUMN, SPRING = "2025-2026-1", "2025-2026-2"


@pytest.fixture
async def world(session: AsyncSession) -> World:
    """The seeded college of the end-to-end tests."""
    return await seed(session, NOW)


async def send(session: AsyncSession, world: World, term: str, numbers: list[str]) -> ListResult:
    """The college leader imports a term's list naming these students."""
    rows = [[n, "高等数学", "1", term] for n in numbers]
    request = Request(world.leader, NOW)
    result = await import_list(
        session, KINDS, xlsx_of(WARNING_HEADER, rows), "预警.xlsx", request, dry_run=False
    )
    await session.commit()
    return result


async def lists(session: AsyncSession) -> dict[str, set[str]]:
    """Each term's list as 学号."""
    query = select(AcademicWarning.term, Student.student_no).join(
        Student,
        Student.id == AcademicWarning.student_id,  # type: ignore[arg-type]
    )
    found: dict[str, set[str]] = {}
    for term, number in (await session.exec(query)).all():
        found.setdefault(term, set()).add(number)
    return found


async def flagged(session: AsyncSession) -> set[str]:
    """学号 of the students flagged 学业预警 on the roster."""
    query = select(Student.student_no).where(Student.academic_warning == True)  # noqa: E712
    return set((await session.exec(query.execution_options(populate_existing=True))).all())


@pytest.mark.parametrize(
    ("imports", "terms", "flags", "last"),
    [
        ([(SPRING, [A, B])], {SPRING: {A, B}}, {A, B}, (2, 0)),
        # The same term again: the list is replaced; 李雷 joins, 王小明 leaves.
        ([(SPRING, [A, B]), (SPRING, [B, C])], {SPRING: {B, C}}, {B, C}, (1, 1)),
        # A newer term: the flag follows it; the older term keeps its own list.
        ([(AUTUMN, [A]), (SPRING, [B])], {AUTUMN: {A}, SPRING: {B}}, {B}, (1, 0)),
        # An older term sent late: its list is kept, the flags stay with the newest term.
        ([(SPRING, [B]), (AUTUMN, [A, C])], {AUTUMN: {A, C}, SPRING: {B}}, {B}, (2, 0)),
    ],
)
async def test_it_keeps_one_list_per_term_and_flags_the_newest(
    session: AsyncSession,
    world: World,
    imports: list[tuple[str, list[str]]],
    terms: dict[str, set[str]],
    flags: set[str],
    last: tuple[int, int],
) -> None:
    """C 第六条: 「将每学期末学业困难学生名单提交年级辅导员和班主任」: a list per term.

    C 第四条 C33 「每学期期末主动与学业问题学生家长沟通」: the students of that term's list.
    """
    for term, numbers in imports:
        result = await send(session, world, term, numbers)
    assert result.outcome is not None
    counts = result.outcome.counts
    assert (counts["joined"], counts["left"]) == last
    assert await lists(session) == terms
    assert await flagged(session) == flags


async def test_the_preview_names_who_joined_and_who_left(
    session: AsyncSession, world: World
) -> None:
    """A list replaces its term's list, and the preview says who joined and who left."""
    await send(session, world, SPRING, [A, B])
    result = await send(session, world, SPRING, [B, C])
    assert result.outcome is not None
    assert result.outcome.counts["joined_names"] == "李雷（2024010201）"
    assert result.outcome.counts["left_names"] == "王小明（2024010101）"


@pytest.mark.parametrize(
    ("listed", "stale_flag", "wanted"),
    [
        # The spring list names 王小明 only; an old flag on 李雷 no longer counts.
        ([A], C, {A}),
        # No list for the term: the roster flag is the set.
        (None, C, {C}),
    ],
)
async def test_c33_contacts_the_parents_of_the_terms_list(
    session: AsyncSession, world: World, listed: list[str] | None, stale_flag: str,
    wanted: set[str],
) -> None:  # fmt: skip
    """C 第四条 (C33): 「每学期期末主动与学业问题学生家长沟通」: this term's students."""
    if listed is not None:
        await send(session, world, SPRING, listed)
    student = (await session.exec(select(Student).where(Student.student_no == stale_flag))).one()
    student.academic_warning = True
    session.add(student)
    await session.commit()
    policy = PolicyService.load()
    assert world.counselor.id is not None
    evaluation = await policy.evaluate(session, now=NOW, staff_ids=[world.counselor.id])
    (status,) = [s for s in evaluation.for_staff(world.counselor.id) if s.rule.id == "C33"]
    numbers = {s.id: s.student_no for s in world.students}
    assert status.target == len(wanted)
    assert {numbers[i] for i in status.missing_student_ids} == wanted
