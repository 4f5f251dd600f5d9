"""Importing assessment lists, grading them from the database, and the workbook read back."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from sqlmodel.ext.asyncio.session import AsyncSession

from i18n import translator
from imports.assessment import HEAD_TEACHER_HEADER
from imports.runner import ListResult
from models.assessment import PUBLISHED, round_of
from models.db import Database
from models.indicators import ClassIndicator
from policy.service import PolicyService
from reports.assessment_data import gather_results
from reports.assessment_workbook import summary, workbook
from tests.e2e.conftest import World, clock, world
from tests.factories import make_record, pk
from tests.imports.assessment_files import LIU, ZHANG, ZHAO, csv_gbk, import_assessment, xlsx

__all__ = ["clock", "world"]
YEAR = "2025-2026"
NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
ZH = translator("zh")


@pytest.fixture(scope="module")
def policy() -> PolicyService:
    """The shipped policy."""
    return PolicyService.load()


async def load(
    session: AsyncSession, policy: PolicyService, content: bytes, name: str, dry: bool = False
) -> ListResult:
    """Import a file for 2025-2026 as of December 2026."""
    return await import_assessment(session, policy, content, name, year=YEAR, now=NOW, dry_run=dry)


async def test_it_grades_an_imported_college(
    db: Database, world: World, policy: PolicyService
) -> None:
    async with db.session() as session:
        result = await load(session, policy, xlsx([ZHANG, ZHAO]), "考核.xlsx")
        assert result.errors == []
        (college,) = await gather_results(session, academic_year=YEAR)
    rows = {p.name: r for p, r in college.counselors}
    assert rows["张老师"].total == 88.16
    assert rows["赵老师"].total == 80.0
    # 张老师 has 3 students and 2 took part (≥ 50%); two graded: 2 × 15% = 0.3 → no 优秀.
    assert (rows["张老师"].participants, rows["张老师"].roster_students) == (2, 3)
    assert {r.grade for r in rows.values()} == {"qualified"}
    assert rows["张老师"].decided_by == {
        "rule": "A03", "code": "over_cap",
        "args": {"cap": 0, "graded": 2, "line": "70", "scope": "university", "taken": 0},
    }  # fmt: skip
    assert college.state == "draft"
    # Ordered by total, highest first.
    assert [p.name for p, _ in college.counselors] == ["张老师", "赵老师"]


async def test_it_keeps_quota_evidence_beside_the_score(
    db: Database, world: World, policy: PolicyService
) -> None:
    async with db.session() as session:
        # Two dorm visits in October 2025 meet that month's C15 (twice a month).
        for day in (date(2025, 10, 9), date(2025, 10, 23)):
            await make_record(session, world.counselor, "dorm_visit", day, dorm="7号楼 312")
        await session.commit()
        await load(session, policy, xlsx([ZHANG]), "考核.xlsx")
        (college,) = await gather_results(session, academic_year=YEAR)
    (_, row) = college.counselors[0]
    assert row.total == 88.16  # the evidence never changes the score
    assert 0 < row.quota_met < row.quota_total
    missed = {(m["rule"], m["start"]) for m in row.quota_missed}
    # C15 (到学生宿舍, twice a month): October met, November missed.
    assert ("C15", "2025-10-01") not in missed
    assert ("C15", "2025-11-01") in missed
    assert len(row.quota_missed) == row.quota_total - row.quota_met


async def test_too_few_participants_leave_a_counselor_pending(
    db: Database, world: World, policy: PolicyService
) -> None:
    few = [*ZHANG[:4], 1, *ZHANG[5:]]  # 1 of 3 students is under half
    async with db.session() as session:
        await load(session, policy, xlsx([few, ZHAO]), "考核.xlsx")
        (college,) = await gather_results(session, academic_year=YEAR)
    rows = {p.name: r for p, r in college.counselors}
    assert rows["张老师"].grade == "pending" and rows["张老师"].total is None
    assert college.pending == ["张老师"]
    text = summary(college, ZH)
    assert "暂不能定等" in text and "张老师" in text


async def test_it_rejects_missing_columns(
    db: Database, world: World, policy: PolicyService
) -> None:
    header = ["工号", "姓名", "自评", "学生评价", "参评学生数"]
    async with db.session() as session:
        result = await load(session, policy, xlsx([ZHANG[:5]], header=header), "考核.xlsx")
    errors = [str(e) for e in result.errors]
    assert len(errors) == 1
    assert errors[0].startswith("第 1 行（表头）：缺少列：班主任评价、学院考核小组")
    assert "否决事项" in errors[0]


async def test_it_lists_every_bad_row_and_writes_nothing(
    db: Database, world: World, policy: PolicyService
) -> None:
    bad_score = [*ZHANG[:3], "八十五", *ZHANG[4:]]
    wrong_name = ["T1003", "赵某", *ZHAO[2:]]
    unknown = ["T9999", "钱老师", *ZHAO[2:]]
    finding = [*ZHAO[:16], "迟到"]
    async with db.session() as session:
        result = await load(
            session, policy, xlsx([bad_score, wrong_name, unknown, finding]), "考核.xlsx"
        )
        assert await gather_results(session, academic_year=YEAR) == []
    errors = [str(e) for e in result.errors]
    assert errors[0] == "第 2 行，学生评价 列：“八十五”不是数字"
    assert errors[1] == "第 3 行，姓名 列：“赵某”与工号 T1003 的 赵老师 不符"
    assert errors[2] == "第 4 行，工号 列：名单中没有工号 T9999"
    assert errors[3].startswith("第 5 行，否决事项 列：“迟到”应为空，或为：政治立场问题")


async def test_a_head_teacher_is_not_a_counselor(
    db: Database, world: World, policy: PolicyService
) -> None:
    row = ["T1002", "刘老师", *ZHAO[2:]]
    async with db.session() as session:
        result = await load(session, policy, xlsx([row]), "考核.xlsx")
    assert [str(e) for e in result.errors] == [
        "第 2 行，工号 列：刘老师（T1002）在名单中不是辅导员"
    ]


async def test_a_dry_run_writes_nothing(db: Database, world: World, policy: PolicyService) -> None:
    async with db.session() as session:
        result = await load(session, policy, xlsx([ZHANG]), "考核.xlsx", dry=True)
        assert result.outcome is not None and result.outcome.counts["created"] == 1
        assert await gather_results(session, academic_year=YEAR) == []


async def test_published_results_are_locked(
    db: Database, world: World, policy: PolicyService
) -> None:
    async with db.session() as session:
        await load(session, policy, xlsx([ZHANG]), "考核.xlsx")
        current = await round_of(session, college_id=world.counselor.college_id or 0,
                                 academic_year=YEAR)  # fmt: skip
        assert current is not None
        current.state = PUBLISHED
        session.add(current)
        await session.commit()
        better = [*ZHANG[:2], 100, *ZHANG[3:]]
        result = await load(session, policy, xlsx([better]), "考核.xlsx")
        (college,) = await gather_results(session, academic_year=YEAR)
    assert [str(e) for e in result.errors] == [
        "第 2 行，工号 列：2025-2026 学年的考核结果已发布，不能再导入"
    ]
    assert college.counselors[0][1].total == 88.16


async def test_head_teachers_from_a_gbk_csv_and_the_workbook_read_back(
    db: Database, world: World, policy: PolicyService
) -> None:
    async with db.session() as session:
        session.add(ClassIndicator(class_id=pk(world.class_a), academic_year=YEAR,
                                   fail_rate=3.5, employment_rate=96.0, awards=2))  # fmt: skip
        await session.commit()
        await load(session, policy, xlsx([ZHANG, ZHAO]), "考核.xlsx")
        result = await load(session, policy, csv_gbk([LIU], HEAD_TEACHER_HEADER), "班主任.csv")
        assert result.errors == []
        (college,) = await gather_results(session, academic_year=YEAR)
    ((person, head),) = college.head_teachers
    assert (person.name, head.score, head.grade) == ("刘老师", 82.5, "qualified")
    content = workbook(college, policy.policy.assessment, 70, ZH, fail_below=60)
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["辅导员", "班主任", "规则说明"]
    counselors = list(book["辅导员"].iter_rows(values_only=True))
    assert counselors[0][:3] == ("工号", "姓名", "自评")
    first = dict(zip(counselors[0], counselors[1], strict=True))
    assert (first["姓名"], first["总分"], first["等次"], first["依据"]) == (
        "张老师", 88.16, "合格", "A03",
    )  # fmt: skip
    assert "优秀名额 0 名" in str(first["说明"])
    assert str(first["定额完成率"]).startswith("0/") or "/" in str(first["定额完成率"])
    heads = list(book["班主任"].iter_rows(values_only=True))
    row = dict(zip(heads[0], heads[1], strict=True))
    assert (row["姓名"], row["学院考核得分"], row["等次"], row["班级"]) == (
        "刘老师", 82.5, "合格", "机械2401班",
    )  # fmt: skip
    assert (row["不及格率"], row["就业率"], row["校级以上获奖"]) == (3.5, 96.0, 2)
    rules = [r[0] for r in book["规则说明"].iter_rows(min_row=2, values_only=True)]
    assert rules[:9] == ["A01", "A02", "A03", "A04", "A05", "A06", "A07", "A08", "A09"]
