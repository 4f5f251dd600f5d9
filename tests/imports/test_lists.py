"""Each list kind from a file: good files, every error by row and column, all or nothing."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from openpyxl import Workbook
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from imports.kinds import KINDS
from imports.runner import ListResult, Request, import_list
from models.concern import KeyConcern
from models.indicators import ClassIndicator
from models.org import Staff, Student
from models.records import AuditEntry, WorkRecord
from models.warnings import AcademicWarning
from policy.service import PolicyService
from tests.e2e.conftest import World, seed
from tests.factories import make_college, make_staff
from tests.imports.sheets import (
    CONCERN_HEADER,
    FITNESS_HEADER,
    INDICATOR_HEADER,
    WARNING_HEADER,
    csv_of,
    xlsx_of,
)

NOW = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)


@pytest.fixture
async def world(session: AsyncSession) -> World:
    """The seeded college of the end-to-end tests."""
    return await seed(session, NOW)


async def admin(session: AsyncSession) -> Staff:
    """An administrator of no particular college."""
    staff = await make_staff(session, None, is_admin=True, name="管理员", staff_no="A001")
    await session.commit()
    return staff


async def send(
    session: AsyncSession, actor: Staff, content: bytes, name: str = "名单.xlsx", dry: bool = False
) -> ListResult:
    """Import a file as this person would by chat: in a session of its own."""
    assert session.bind is not None
    async with AsyncSession(session.bind, expire_on_commit=False) as own:
        return await import_list(own, KINDS, content, name, Request(actor, NOW), dry_run=dry)


def errors_of(result: ListResult) -> list[str]:
    """The errors as the bot shows them."""
    return [str(e) for e in result.errors]


async def student(session: AsyncSession, number: str) -> Student:
    """A student fetched afresh."""
    query = select(Student).where(Student.student_no == number)
    found = (await session.exec(query.execution_options(populate_existing=True))).one()
    return found


async def test_it_flags_academic_warnings_per_term_and_names_whom_to_tell(
    session: AsyncSession, world: World
) -> None:
    rows = [
        ["2024010102", "高等数学、大学物理", "2", "2026-2027学年第一学期"],
        ["2024010201", "工程制图", "1", "2026-2027-1"],
    ]
    dry = await send(session, world.leader, xlsx_of(WARNING_HEADER, rows), dry=True)
    assert dry.kind.code == "warnings" and dry.outcome is not None and not dry.applied
    assert dry.outcome.counts == {
        "students": 2,
        "flagged": 2,
        "terms": "2026-2027-1",
        "teachers": 2,
        "joined": 2,
        "joined_names": "李雷（2024010201）、王小红（2024010102）",
        "left": 0,
        "left_names": "",
    }
    assert not (await student(session, "2024010102")).academic_warning
    done = await send(session, world.leader, xlsx_of(WARNING_HEADER, rows))
    assert done.applied and (await student(session, "2024010102")).academic_warning
    kept = (await session.exec(select(AcademicWarning))).all()
    assert {(w.term, w.courses, w.failed_courses) for w in kept} == {
        ("2026-2027-1", "高等数学、大学物理", 2),
        ("2026-2027-1", "工程制图", 1),
    }
    assert done.outcome is not None
    told = {(n.staff.staff_no, n.role): n.lines for n in done.outcome.notices}
    assert told == {
        ("T1001", "counselor"): [
            "王小红（2024010102，机械2401班）：高等数学、大学物理",
            "李雷（2024010201，机械2402班）：工程制图",
        ],
        ("T1002", "head_teacher"): ["王小红（2024010102，机械2401班）：高等数学、大学物理"],
    }
    query = select(AuditEntry).where(AuditEntry.action == "warnings.import")
    [entry] = (await session.exec(query)).all()
    assert entry.actor_staff_id == world.leader.id and entry.details["students"] == 2


async def test_it_lists_every_bad_warning_row_and_changes_nothing(
    session: AsyncSession, world: World
) -> None:
    outsider = await make_staff(
        session, await make_college(session, name="外国语学院"), is_leader=True, staff_no="L9"
    )
    rows = [
        ["2024010102", "高等数学", "2", "2026-2027-1"],
        ["2099999999", "高等数学", "两", "2026-2028-1"],
        ["2024010102", "", "1", "2026-2027-1"],
    ]
    result = await send(session, world.leader, xlsx_of(WARNING_HEADER, rows))
    assert errors_of(result) == [
        "第 3 行，学号 列：名单中没有学号为 2099999999 的学生",
        "第 3 行，不及格门数 列：“两”不是 1 以上的整数",
        "第 3 行，学期 列：无法识别“2026-2028-1”，请写成“2026-2027-1”",
        "第 4 行，课程 列：不能为空",
        "第 4 行，学号 列：与第 2 行重复",
    ]
    foreign = await send(session, outsider, xlsx_of(WARNING_HEADER, rows[:1]))
    assert errors_of(foreign) == ["第 2 行，学号 列：2024010102 不是本学院的学生"]
    counselor = await send(session, world.counselor, xlsx_of(WARNING_HEADER, rows[:1]))
    assert counselor.refused
    assert not (await student(session, "2024010102")).academic_warning
    assert (await session.exec(select(AcademicWarning))).all() == []


async def test_it_puts_listed_students_on_the_key_concern_list_with_an_audit_line_each(
    session: AsyncSession, world: World
) -> None:
    boss = await admin(session)
    rows = [["2024010102", "经济", "二级"], ["2024010201", "心理", ""]]
    result = await send(session, boss, csv_of(CONCERN_HEADER, rows, "utf-8-sig"), "关注.csv")
    assert result.outcome is not None and result.outcome.counts == {
        "students": 2,
        "added": 2,
        "changed": 0,
    }
    spells = (await session.exec(select(KeyConcern).order_by(col(KeyConcern.id)))).all()
    assert [(s.reason, s.level, s.marked_by) for s in spells] == [
        ("financial", "medium", boss.id),
        ("mental", "medium", boss.id),
    ]
    assert (await student(session, "2024010201")).key_concern
    marks = (
        await session.exec(select(AuditEntry).where(AuditEntry.action == "concern.mark"))
    ).all()
    assert len(marks) == 2 and all(m.details["via"] == "import" for m in marks)
    again = await send(
        session, boss, csv_of(CONCERN_HEADER, [["2024010102", "学业", "一级"]], "gbk"), "关注.csv"
    )
    assert again.outcome is not None and again.outcome.counts["changed"] == 1
    bad = [["2024010102", "情绪", "四级"], ["2024010102", "心理", "一级"]]
    refused = await send(session, boss, xlsx_of(CONCERN_HEADER, bad))
    assert errors_of(refused) == [
        "第 2 行，关注类别 列：只能填 心理/学业/经济/身体/家庭/纪律/其他，而不是“情绪”",
        "第 2 行，关注等级 列：只能填 一级/二级/三级，而不是“四级”",
        "第 3 行，学号 列：与第 2 行重复",
    ]
    assert (await send(session, world.leader, xlsx_of(CONCERN_HEADER, rows))).refused


async def test_it_stores_class_indicators_per_class_and_year(
    session: AsyncSession, world: World
) -> None:
    boss = await admin(session)
    rows = [
        ["机械2401班", "2025-2026", "3.5", "12%", "96.5", "80", "75.2", "4"],
        ["机械2402班", "2025—2026学年", "", "", "90", "", "", ""],
    ]
    result = await send(session, boss, csv_of(INDICATOR_HEADER, rows, "gbk"), "指标.csv")
    assert result.kind.code == "indicators" and result.applied
    stored = {i.class_id: i for i in (await session.exec(select(ClassIndicator))).all()}
    first = stored[world.class_a.id or 0]
    assert (first.academic_year, first.fail_rate, first.postgraduate_rate, first.awards) == (
        "2025-2026",
        3.5,
        12.0,
        4,
    )
    assert stored[world.class_b.id or 0].employment_rate == 90.0
    assert stored[world.class_b.id or 0].cet_pass_rate is None
    bad = [
        ["机械9999班", "2025", "120", "x", "90", "80", "75", "-1"],
        ["机械2401班", "2025-2026", "1", "1", "1", "1", "1", "1"],
        ["机械2401班", "2025-2026", "1", "1", "1", "1", "1", "1"],
    ]
    refused = await send(session, boss, xlsx_of(INDICATOR_HEADER, bad))
    assert errors_of(refused) == [
        "第 2 行，班级 列：没有名为“机械9999班”的班级",
        "第 2 行，学年 列：无法识别“2025”，请写成“2025-2026”",
        "第 2 行，不及格率 列：“120”不是 0–100 之间的百分数",
        "第 2 行，考研录取率 列：“x”不是 0–100 之间的百分数",
        "第 2 行，校级以上获奖数 列：“-1”不是 0 以上的整数",
        "第 4 行，班级 列：与第 3 行重复",
    ]
    again = await send(session, boss, xlsx_of(INDICATOR_HEADER, bad[1:2]))
    assert again.outcome is not None and again.outcome.counts["changed"] == 1


async def test_it_records_fitness_turnout_so_that_c23_evaluates(
    session: AsyncSession, world: World
) -> None:
    boss = await admin(session)
    policy = PolicyService.load()

    counselor_id = world.counselor.id
    assert counselor_id is not None

    async def c23() -> tuple[str, float]:
        evaluation = await policy.evaluate(session, now=NOW, staff_ids=[counselor_id])
        [status] = [s for s in evaluation.for_staff(counselor_id) if s.rule.id == "C23"]
        return str(status.status), round(status.done, 1)

    # 张老师 looks after 3 students: 2 who took the test is 66.7%, below 90%.
    rows = [["T1001", "张老师", "2", "2026-10-20"]]
    await send(session, boss, xlsx_of(FITNESS_HEADER, rows))
    assert await c23() == ("behind", 66.7)
    fixed = await send(
        session, boss, xlsx_of(FITNESS_HEADER, [["T1001", "张老师", "3", "2026/10/20"]])
    )
    assert fixed.outcome is not None and fixed.outcome.counts == {
        "counselors": 1,
        "added": 0,
        "changed": 1,
    }
    assert await c23() == ("met", 100.0)
    [record] = (await session.exec(select(WorkRecord))).all()
    assert (record.staff_id, record.kind, record.attendance) == (
        world.counselor.id,
        "fitness_test",
        3,
    )
    bad = [
        ["T1002", "", "1", "2026-10-20"],
        ["T1001", "", "4", "20号"],
        ["T1001", "", "1", "2026-10-21"],
    ]
    refused = await send(session, boss, xlsx_of(FITNESS_HEADER, bad))
    assert errors_of(refused) == [
        "第 2 行，工号 列：没有工号为 T1002 的辅导员",
        "第 3 行，参测人数 列：4 超过该辅导员负责的学生数 3",
        "第 3 行，测试日期 列：无法识别“20号”，请写成“2026-11-02”",
        "第 4 行，工号 列：与第 3 行重复",
    ]


async def test_it_reads_percent_formatted_cells_as_the_percentages_excel_shows(
    session: AsyncSession, world: World
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(INDICATOR_HEADER))
    sheet.append(["机械2401班", "2025-2026", 0.035, 0.12, 0.965, 0.8, 0.752, 4])
    for cell in sheet[2][2:7]:
        cell.number_format = "0.0%"
    buffer = io.BytesIO()
    book.save(buffer)
    result = await send(session, await admin(session), buffer.getvalue())
    assert result.applied
    [row] = (await session.exec(select(ClassIndicator))).all()
    rates = (row.fail_rate, row.postgraduate_rate, row.employment_rate, row.cet_pass_rate)
    assert rates == (3.5, 12.0, 96.5, 75.2) and row.awards == 4
