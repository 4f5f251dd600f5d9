"""Issue 20, part 5: the roster's 学制 (C38b), 系 (D01) and 宿舍心理信息员 (C35) columns."""

from __future__ import annotations

import pytest
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.org import Major, SchoolClass, Student
from tests.imports.test_roster import import_roster, xlsx

COLUMNS = ["学号", "姓名", "学院", "专业", "年级", "班级", "系", "学制", "宿舍心理信息员"]


@pytest.mark.parametrize(
    ("years", "department", "informant", "stored", "error"),
    [
        ("3", "机械工程系", "是", (3, "机械工程系", True), None),
        ("5年制", "", "否", (5, None, False), None),
        ("", "", "", (4, None, False), None),  # 学制 defaults to 本科's 4
        ("九", "", "", None, "学制"),
    ],
)
async def test_it_reads_program_years_departments_and_dorm_informants(
    session: AsyncSession,
    years: str,
    department: str,
    informant: str,
    stored: tuple[int, str | None, bool] | None,
    error: str | None,
) -> None:
    """U 11(五)2 「毕业生离校教育」 in the last year of the 学制; C 第三条 「全系」;
    U 11(六)2 「宿舍心理信息员」 — each read from its own roster column."""
    row = ["2024901", "钱八", "材料学院", "材料物理", "2024", "材物2409", department, years,
           informant]  # fmt: skip
    result = await import_roster(session, xlsx([row], COLUMNS), "名单.xlsx", dry_run=False)
    if error is not None:
        assert [e.column for e in result.errors] == [error]
        return
    assert result.errors == []
    cls = (await session.exec(select(SchoolClass))).one()
    major = (await session.exec(select(Major))).one()
    kid = (await session.exec(select(Student))).one()
    assert (cls.program_years, major.department, kid.dorm_psych_informant) == stored
