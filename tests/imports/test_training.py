"""Issue 20: `fudao import training`: training hours dated before anyone used fudao (C30, C31)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from i18n import translator
from imports.kinds import KINDS
from imports.runner import ListResult, Request, import_list
from models.org import Staff
from models.records import WorkRecord
from policy.evaluation import Status
from policy.service import PolicyService
from tests.factories import make_class, make_college, make_staff
from tests.imports.sheets import xlsx_of
from tests.policy.scenes import at

NOW = datetime(2025, 11, 2, 2, tzinfo=UTC)
HEADER = ("工号", "日期", "学时", "名称", "级别", "类别")


async def send(
    session: AsyncSession, rows: list[list[str]], *, actor: Staff | None = None, dry: bool = False
) -> ListResult:
    """Import a training list as this sender would, in a session of its own."""
    assert session.bind is not None
    async with AsyncSession(session.bind, expire_on_commit=False) as own:
        return await import_list(
            own, KINDS, xlsx_of(HEADER, rows), "培训.xlsx", Request(actor, NOW), dry_run=dry
        )


async def test_it_counts_imported_pre_service_hours_toward_c30_and_adds_them_once(
    session: AsyncSession,
) -> None:
    """U 第十五条: 「新任辅导员上岗前，应当参加不少于 40 个学时的岗前培训」: the hours come
    before the first day, so before anyone logs them; the list enters them afterwards."""
    college = await make_college(session)
    await make_class(session, college)
    me = await make_staff(session, college, staff_no="M01", started_on=date(2025, 9, 1))
    await session.commit()
    rows = [
        ["M01", "2025-08-18", "24", "新任辅导员岗前培训（一）", "省级", ""],  # 岗前: before start
        ["M01", "2025-08-25", "16", "新任辅导员岗前培训（二）", "校级", "岗前"],
        ["M01", "2025-10-10", "8", "心理健康教育培训", "国家级", ""],  # 在岗: after start
    ]
    preview = await send(session, rows, dry=True)
    assert preview.outcome is not None
    assert preview.summary(translator("zh")) == "培训记录 3 条（1 人）：新增 3 条，其余已导入过"
    result = await send(session, rows)
    assert result.outcome is not None and result.outcome.counts["added"] == 3
    again = await send(session, rows)
    assert again.outcome is not None and again.outcome.counts["added"] == 0
    found = (await session.exec(select(WorkRecord).order_by(col(WorkRecord.occurred_on)))).all()
    assert [(r.subtype, r.hours, r.details["source"]) for r in found] == [
        ("pre_service_provincial", 24, "import"),
        ("pre_service_school", 16, "import"),
        ("in_service_national", 8, "import"),
    ]
    evaluation = await PolicyService.load().evaluate(session, now=at(date(2025, 11, 3)))
    (c30,) = [s for s in evaluation.for_staff(me.id or 0) if s.rule.id == "C30"]
    assert (c30.status, c30.done) == (Status.MET, 40)
    (c31,) = [s for s in evaluation.for_staff(me.id or 0) if s.rule.id == "C31"]
    # C31's five years run from the counselor's own start, not from 2022.
    assert (c31.period.start, c31.status) == (date(2025, 9, 1), Status.MET)


@pytest.mark.parametrize(
    ("row", "column", "code"),
    [
        (["M99", "2025-08-18", "8", "培训", "校级", "岗前"], "工号", "unknown-trainee"),
        (["L01", "2025-08-18", "8", "培训", "校级", "岗前"], "工号", "unknown-trainee"),
        (["M01", "2025-08-32", "8", "培训", "校级", "岗前"], "日期", "not-date"),
        (["M01", "2026-01-05", "8", "培训", "校级", "岗前"], "日期", "future-date"),
        (["M01", "2025-08-18", "0", "培训", "校级", "岗前"], "学时", "bad-hours"),
        (["M01", "2025-08-18", "8", "培训", "市级", "岗前"], "级别", "bad-level"),
        (["M01", "2025-08-18", "8", "培训", "校级", "进修"], "类别", "bad-category"),
        # No 任职起始日期 on record: fudao cannot tell 岗前 from 在岗 by itself.
        (["M02", "2025-08-18", "8", "培训", "校级", ""], "类别", "bad-category"),
    ],
)
async def test_it_refuses_a_bad_training_row_by_row_and_column(
    session: AsyncSession, row: list[str], column: str, code: str
) -> None:
    """Bad input gets a clear answer in the reader's language, and nothing is written."""
    college = await make_college(session)
    await make_staff(session, college, staff_no="M01", started_on=date(2025, 9, 1))
    await make_staff(session, college, staff_no="M02")
    await make_staff(session, college, staff_no="L01", is_leader=True)
    await session.commit()
    result = await send(session, [row])
    assert [(e.row, e.column, e.code) for e in result.errors] == [(2, column, code)]
    assert result.errors[0].render(translator("en")).startswith(f"Row 2, column {column}: ")
    assert (await session.exec(select(WorkRecord))).all() == []


async def test_it_keeps_an_admin_to_the_people_of_their_college(session: AsyncSession) -> None:
    """An admin's list reaches their own college only; another's 工号 reads as unknown."""
    ours, theirs = await make_college(session, name="甲学院"), await make_college(session)
    admin = await make_staff(session, ours, is_admin=True, staff_no="A01")
    await make_staff(session, theirs, staff_no="M05", started_on=date(2025, 9, 1))
    await session.commit()
    result = await send(session, [["M05", "2025-08-18", "8", "培训", "校级", ""]], actor=admin)
    assert [e.code for e in result.errors] == ["unknown-trainee"]
