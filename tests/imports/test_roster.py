"""Roster import: every encoding Excel writes, every error by row and column, all or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

import pytest
from sqlmodel import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from imports.errors import TableError
from imports.roster import HEADER, KIND
from imports.runner import ListResult, Request, import_list
from imports.tables import read_table
from models.org import CounselorClass, HeadTeacherClass, SchoolClass, Staff, Student
from models.records import WorkRecord
from models.spells import HeadTeacherSpell
from tests.factories import make_record
from tests.imports.sheets import xlsx_of

ROWS = [
    [
        "2024001",
        "周一鸣",
        "材料学院",
        "材料物理",
        "2024级",
        "材物2401",
        "3号楼412",
        "M01",
        "孙老师",
        "M11",
        "钱老师",
        "是",
        "",
        "否",
        "",
    ],
    [
        "2024002",
        "吴二娘",
        "材料学院",
        "材料物理",
        "2024",
        "材物2401",
        "3-412",
        "M01",
        "孙老师",
        "M11",
        "钱老师",
        "",
        "是",
        "",
        "否",
    ],
    [
        "2024101",
        "郑三",
        "材料学院",
        "冶金工程",
        "2024",
        "冶金2401",
        "",
        "M02",
        "冯老师",
        "M12",
        "陈老师",
        "否",
        "否",
        "是",
        "是",
    ],
]


def xlsx(rows: Sequence[Sequence[object]], header: Sequence[str] = HEADER) -> bytes:
    """A workbook as Excel would save it."""
    return xlsx_of(header, rows)


def csv_bytes(rows: list[list[str]], encoding: str) -> bytes:
    """A CSV file in the given encoding."""
    lines = [",".join(HEADER)] + [",".join(r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


async def import_roster(
    session: AsyncSession, content: bytes, name: str, *, dry_run: bool
) -> ListResult:
    """Import a roster as `fudao import roster` does: no sender, all or nothing."""
    request = Request(None, datetime(2026, 11, 2, tzinfo=UTC))
    return await import_list(session, (KIND,), content, name, request, dry_run=dry_run)


async def count(session: AsyncSession, model: type) -> int:
    return int((await session.exec(select(func.count()).select_from(model))).one())


async def test_it_imports_a_workbook_with_classes_staff_and_flags(session: AsyncSession) -> None:
    result = await import_roster(session, xlsx(ROWS), "名单.xlsx", dry_run=False)
    assert result.errors == [] and result.applied
    assert result.outcome is not None
    assert (result.outcome.counts["new_students"], result.outcome.counts["updated_students"]) == (
        3,
        0,
    )
    zhou = (await session.exec(select(Student).where(Student.student_no == "2024001"))).one()
    assert (zhou.dorm, zhou.key_concern, zhou.cadre) == ("3号楼 412", True, False)
    cls = (await session.exec(select(SchoolClass).where(SchoolClass.name == "材物2401"))).one()
    assert cls.grade == 2024
    sun = (await session.exec(select(Staff).where(Staff.staff_no == "M01"))).one()
    assert sun.is_counselor and not sun.is_head_teacher
    assert await count(session, CounselorClass) == 2 and await count(session, HeadTeacherClass) == 2


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
async def test_it_reads_csv_in_every_encoding_excel_saves(
    session: AsyncSession, encoding: str
) -> None:
    rows = [[str(c) for c in r] for r in ROWS]
    result = await import_roster(session, csv_bytes(rows, encoding), "roster.csv", dry_run=False)
    assert result.errors == []
    names = set((await session.exec(select(Student.name))).all())
    assert names == {"周一鸣", "吴二娘", "郑三"}


async def test_it_lists_every_bad_row_and_writes_nothing(session: AsyncSession) -> None:
    bad = [
        ROWS[0],
        ["", "无学号", "材料学院", "", "2024", "材物2401", "", "", "", "", "", "", "", "", ""],
        ["2024001", "重复", "材料学院", "", "2024", "材物2401", "", "", "", "", "", "", "", "", ""],
        [
            "2024003",
            "甲",
            "材料学院",
            "",
            "2024",
            "材物2401",
            "",
            "",
            "",
            "M99",
            "另一位",
            "可能",
            "",
            "",
            "",
        ],
        [
            "2024004",
            "乙",
            "材料学院",
            "",
            "二四级",
            "材物2402",
            "火星",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
    ]
    result = await import_roster(session, xlsx(bad), "名单.xlsx", dry_run=False)
    assert [str(e) for e in result.errors] == [
        "第 3 行，学号 列：不能为空",
        "第 4 行，学号 列：与第 2 行重复",
        "第 5 行，重点关注 列：只能填“是”或“否”，而不是“可能”",
        "第 5 行，班主任工号 列：班级 材物2401 已在第 2 行指定班主任 M11，一个班只能有一位班主任",
        "第 6 行，年级 列：“二四级”不是有效的年级（如 2024）",
        "第 6 行，宿舍 列：无法识别“火星”，请写成“7号楼 312”",
    ]
    assert not result.applied
    assert await count(session, Student) == 0 and await count(session, Staff) == 0


async def test_it_names_missing_columns_and_ignores_extra_ones_in_any_order(
    session: AsyncSession,
) -> None:
    with pytest.raises(TableError) as refused:
        await import_roster(session, xlsx([], ["学号", "姓名"]), "x.xlsx", dry_run=False)
    assert "学生名单：学号、姓名、学院、年级、班级" in str(refused.value)
    header = ["备注", "班级", "年级", "姓名", "学号", "学院"]
    result = await import_roster(
        session,
        xlsx([["无关", "A1", 2023, "甲", 2023001.0, "X院"]], header),
        "x.xlsx",
        dry_run=False,
    )
    assert result.errors == []
    assert (await session.exec(select(Student.student_no))).one() == "2023001"


async def test_it_reports_a_dry_run_without_writing(session: AsyncSession) -> None:
    result = await import_roster(session, xlsx(ROWS), "名单.xlsx", dry_run=True)
    assert result.outcome is not None and result.outcome.counts["new_students"] == 3
    assert not result.applied and await count(session, Student) == 0


async def test_it_upserts_on_reimport_and_keeps_work_records(session: AsyncSession) -> None:
    await import_roster(session, xlsx(ROWS), "名单.xlsx", dry_run=False)
    sun = (await session.exec(select(Staff).where(Staff.staff_no == "M01"))).one()
    zhou = (await session.exec(select(Student).where(Student.student_no == "2024001"))).one()
    await make_record(session, sun, "talk", date(2026, 11, 2), zhou)
    await session.commit()
    changed = [list(r) for r in ROWS]
    changed[0][6], changed[0][11] = "5号楼 101", "否"
    changed[0][9], changed[0][10] = "M13", "林老师"
    changed[1][9], changed[1][10] = "M13", "林老师"
    result = await import_roster(session, xlsx(changed), "名单.xlsx", dry_run=False)
    assert result.outcome is not None
    counts = result.outcome.counts
    assert (counts["new_students"], counts["updated_students"]) == (0, 1)
    assert counts["head_teacher_changes"] == 1
    await session.refresh(zhou)
    assert (zhou.dorm, zhou.key_concern) == ("5号楼 101", False)
    assert await count(session, Student) == 3 and await count(session, WorkRecord) == 1
    lin = (await session.exec(select(Staff).where(Staff.staff_no == "M13"))).one()
    heads = (await session.exec(select(HeadTeacherClass.staff_id))).all()
    assert lin.id in heads and len(heads) == 2
    # S06: the replaced head teacher's spell ends, and 林老师's begins, on the import's day.
    spells = (await session.exec(select(HeadTeacherSpell))).all()
    today = date(2026, 11, 2)  # the import_roster helper's day
    assert sorted((s.staff_id == lin.id, s.ended_on) for s in spells) == [
        (False, today),
        (True, None),
    ]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"not a zip", "名单.xlsx", "无法打开这个 Excel 文件"),
        (b"", "名单.csv", "文件是空的"),
        (b"\xff\xfe\x00\xd8\x00", "名单.csv", "无法识别文件编码"),
        (b"%PDF-1.4", "名单.pdf", "只支持 Excel（.xlsx）和 CSV 文件"),
    ],
)
def test_it_explains_files_it_cannot_read(content: bytes, name: str, message: str) -> None:
    with pytest.raises(TableError, match=message):
        read_table(content, name)


@pytest.mark.parametrize(
    ("cells", "full_time", "errors"),
    [
        (("专职", "专职"), True, []),
        (("", ""), True, []),
        (("兼职", "兼职"), False, []),
        (
            ("兼任", "兼职"),
            None,
            ["第 2 行，专兼职 列：只能填“专职”或“兼职”（空白为专职），而不是“兼任”"],
        ),
        (("专职", "兼职"), None, ["第 3 行，专兼职 列：辅导员 M01 在第 2 行的专兼职与这里不同"]),
    ],
)
async def test_it_reads_whether_a_counselor_is_full_time(
    session: AsyncSession, cells: tuple[str, str], full_time: bool | None, errors: list[str]
) -> None:
    """U 考核 第三条: 「本办法适用于全体在岗专职辅导员。兼职辅导员工作参照本办法进行评议。」

    The roster's 专兼职 column says which; an empty cell is 专职.
    """
    rows = [[*ROWS[0], cells[0]], [*ROWS[1], cells[1]]]
    result = await import_roster(session, xlsx(rows), "名单.xlsx", dry_run=False)
    assert [str(e) for e in result.errors] == errors
    if full_time is not None:
        staff = (await session.exec(select(Staff).where(Staff.staff_no == "M01"))).one()
        assert staff.full_time is full_time


@pytest.mark.parametrize(
    ("cells", "flags", "errors"),
    [
        (("是", "否"), (True, False), []),
        (("", "是"), (False, True), []),
        (("否", "否"), (False, False), []),
        (("委员", ""), None, ["第 2 行，心理委员 列：只能填“是”或“否”，而不是“委员”"]),
    ],
)
async def test_it_reads_psych_committee_and_special_group_flags(
    session: AsyncSession,
    cells: tuple[str, str],
    flags: tuple[bool, bool] | None,
    errors: list[str],
) -> None:
    """U 11(六)2: 「与班级心理委员……经常性开展谈心谈话」 (C35); U 11(五)3: 「为每位特殊群体学生
    建立档案」 (C37). The roster's optional 心理委员 and 特殊群体 columns set the two sets."""
    rows = [[*ROWS[0], "", "是", *cells]]
    result = await import_roster(session, xlsx(rows), "名单.xlsx", dry_run=False)
    assert [str(e) for e in result.errors] == errors
    if flags is not None:
        student = (await session.exec(select(Student).where(Student.student_no == "2024001"))).one()
        assert (student.psych_committee, student.special_group) == flags
