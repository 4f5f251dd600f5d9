"""Issue 20: 任职起始日期, 专兼职 and 班主任起始日期, entered once (roster or staff list)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from i18n import translator
from imports.kinds import KINDS
from imports.runner import ListResult, Request, import_list
from models.org import SchoolClass, Staff
from models.spells import HeadTeacherSpell
from tests.factories import make_class, make_college, make_head_teacher, make_staff
from tests.imports.assessment_files import xlsx as assessment_xlsx
from tests.imports.sheets import xlsx_of

NOW = datetime(2026, 11, 2, 2, tzinfo=UTC)
ROSTER = ("学号", "姓名", "学院", "年级", "班级", "辅导员工号", "辅导员", "班主任工号", "班主任",
          "专兼职", "任职起始日期", "班主任起始日期")  # fmt: skip
STAFF = ("工号", "姓名", "在岗", "角色", "任职起始日期", "专兼职", "班主任起始日期", "离岗原因")


def roster_row(no: str, started: str, head_started: str, kind: str = "专职") -> list[str]:
    """A student of 材物2401 with counselor M01 and head teacher M11."""
    return [no, f"学生{no}", "材料学院", "2024", "材物2401", "M01", "孙老师", "M11", "钱老师",
            kind, started, head_started]  # fmt: skip


async def send(
    session: AsyncSession,
    header: tuple[str, ...],
    rows: list[list[str]],
    *,
    actor: Staff | None = None,
    dry_run: bool = False,
) -> ListResult:
    """Import a list as the CLI does (no sender) or as this admin, in a session of its own."""
    assert session.bind is not None
    async with AsyncSession(session.bind, expire_on_commit=False) as own:
        request = Request(actor, NOW)
        return await import_list(
            own, KINDS, xlsx_of(header, rows), "名单.xlsx", request, dry_run=dry_run
        )


async def person(session: AsyncSession, staff_no: str) -> Staff:
    """The stored staff member, fresh."""
    found = (await session.exec(select(Staff).where(Staff.staff_no == staff_no))).one()
    await session.refresh(found)
    return found


async def spells(session: AsyncSession, staff_no: str) -> list[tuple[date | None, date | None]]:
    """The head-teacher spells of someone, as (start, end)."""
    staff = await person(session, staff_no)
    query = select(HeadTeacherSpell).where(HeadTeacherSpell.staff_id == staff.id)
    return [(s.started_on, s.ended_on) for s in (await session.exec(query)).all()]


async def test_it_stores_the_roster_dates_and_says_in_the_preview_which_it_changes(
    session: AsyncSession,
) -> None:
    """Issue 20: 「An import that changes a date says so in its preview」."""
    result = await send(session, ROSTER, [roster_row("2024001", "2023-09-01", "2024-09-01")])
    assert not result.errors and result.outcome is not None and not result.outcome.changes
    counselor, head = await person(session, "M01"), await person(session, "M11")
    assert (counselor.started_on, counselor.full_time) == (date(2023, 9, 1), True)
    assert await spells(session, "M11") == [(date(2024, 9, 1), None)]
    assert head.started_on is None  # the head teacher's date is the spell's, not the person's

    changed = [roster_row("2024001", "2022-09-01", "2024-09-01"),
               roster_row("2024002", "2022-09-01", "2025-02-20")]  # fmt: skip
    # One value per person: two rows of one class with two head-teacher starts disagree.
    conflict = await send(session, ROSTER, changed, dry_run=True)
    assert [(e.row, e.column, e.code) for e in conflict.errors] == [
        (3, "班主任起始日期", "person-conflict")
    ]
    changed[1][11] = "2025-02-20"
    changed[0][11] = "2025-02-20"
    preview = await send(session, ROSTER, changed, dry_run=True)
    assert preview.outcome is not None
    text = preview.summary(translator("zh")).splitlines()
    assert text[-2:] == [
        "第 2 行，任职起始日期 列：孙老师（M01）的任职起始日期将由 2023-09-01 改为 2022-09-01",
        "第 2 行，班主任起始日期 列：钱老师（M11）的班主任起始日期将由 2024-09-01 改为 2025-02-20",
    ]
    assert (await person(session, "M01")).started_on == date(2023, 9, 1)  # a dry run writes none
    await send(session, ROSTER, changed)
    assert (await person(session, "M01")).started_on == date(2022, 9, 1)
    assert await spells(session, "M11") == [(date(2025, 2, 20), None)]


@pytest.mark.parametrize(
    ("cells", "column", "code"),
    [
        ({10: "2023-13-01"}, "任职起始日期", "not-date"),
        ({11: "九月"}, "班主任起始日期", "not-date"),
        ({9: "外聘"}, "专兼职", "full-time"),
    ],
)
async def test_it_refuses_a_roster_with_a_bad_date_or_type_and_changes_nothing(
    session: AsyncSession, cells: dict[int, str], column: str, code: str
) -> None:
    """Bad input gets a clear answer by row and column, and nothing is written."""
    row = roster_row("2024001", "2023-09-01", "2024-09-01")
    for index, text in cells.items():
        row[index] = text
    result = await send(session, ROSTER, [row])
    assert [(e.row, e.column, e.code) for e in result.errors] == [(2, column, code)]
    assert (await session.exec(select(Staff))).all() == []


async def test_it_stores_the_staff_list_facts_and_the_reason_a_counselor_left(
    session: AsyncSession,
) -> None:
    """U 第十九条 (S03 counts 转岗 only): 离岗原因 is kept with the day the post ended."""
    college = await make_college(session, name="材料学院")
    cls = await make_class(session, college)
    await make_staff(session, college, staff_no="M01", name="孙老师")
    await make_head_teacher(session, college, cls, staff_no="M11", name="钱老师")
    await make_staff(session, college, staff_no="M02", name="李老师")
    await session.commit()
    rows = [
        ["M01", "孙老师", "是", "", "2021-09-01", "兼职", "", ""],
        ["M11", "钱老师", "是", "", "", "", "2025-09-01", ""],
        ["M02", "李老师", "否", "辅导员", "2024-09-01", "专职", "", "转岗"],
    ]
    result = await send(session, STAFF, rows)
    assert not result.errors and result.outcome is not None
    assert result.outcome.counts == {"people": 3, "leavers": 1, "ended": 1}
    sun, li = await person(session, "M01"), await person(session, "M02")
    assert (sun.started_on, sun.full_time) == (date(2021, 9, 1), False)
    assert (li.is_counselor, li.left_post_on, li.left_reason) == (False, NOW.date(), "transfer")
    assert await spells(session, "M11") == [(date(2025, 9, 1), None)]
    again = await send(session, STAFF, [["M01", "孙老师", "是", "", "2020-09-01", "", "", ""]])
    assert again.outcome is not None
    assert [(c.row, c.args["old"], c.args["new"]) for c in again.outcome.changes] == [
        (2, "2021-09-01", "2020-09-01")
    ]
    assert (await person(session, "M01")).full_time is False  # an empty 专兼职 changes nothing
    assert cls.id is not None and await session.get(SchoolClass, cls.id) is not None


@pytest.mark.parametrize(
    ("cells", "column", "code"),
    [
        (["M01", "", "是", "", "2021/9/31", "", "", ""], "任职起始日期", "not-date"),
        (["M01", "", "是", "", "", "外聘", "", ""], "专兼职", "full-time"),
        (["M01", "", "否", "", "", "", "", "调走"], "离岗原因", "leave-reason"),
        (["M01", "", "是", "", "", "", "明年", ""], "班主任起始日期", "not-date"),
    ],
)
async def test_it_refuses_a_staff_list_with_a_bad_fact(
    session: AsyncSession, cells: list[str], column: str, code: str
) -> None:
    """Every bad cell is named by row and column; nothing is stored."""
    college = await make_college(session)
    await make_staff(session, college, staff_no="M01", started_on=date(2019, 9, 1))
    await session.commit()
    result = await send(session, STAFF, [cells])
    assert [(e.row, e.column, e.code) for e in result.errors] == [(2, column, code)]
    stored = await person(session, "M01")
    assert (stored.started_on, stored.is_counselor) == (date(2019, 9, 1), True)
    message = result.errors[0].render(translator("en"))
    assert message.startswith(f"Row 2, column {column}: ")


async def test_it_names_an_assessment_row_whose_start_date_differs_from_the_stored_one(
    session: AsyncSession,
) -> None:
    """Issue 20: 「The assessment list's 任职起始日期 is checked against the stored one; where
    the two differ, the import names the row and the two dates」."""
    college = await make_college(session, name="材料学院")
    await make_staff(session, college, staff_no="M01", name="孙老师", started_on=date(2021, 9, 1))
    await session.commit()
    row = ["M01", "孙老师", 90, 85.5, 2, 88, 92, 87, 91.3, "2020-09-01", 0, 0, "否", "否", 0, 0, ""]
    assert session.bind is not None
    async with AsyncSession(session.bind, expire_on_commit=False) as own:
        result = await import_list(
            own, KINDS, assessment_xlsx([row]), "考核.xlsx", Request(None, NOW, "2025-2026"),
            dry_run=True,
        )  # fmt: skip
    lines = [e.render(translator("zh")) for e in result.errors]
    assert lines == [
        "第 2 行，任职起始日期 列：M01 的任职起始日期此处为 2020-09-01，与已登记的 2021-09-01 "
        "不同；请改正此处，或先用 fudao staff set 更正登记的日期"
    ]
