"""Files that cannot be imported each get a clear answer; CSV comes in GBK or UTF-8 with BOM."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pytest
from openpyxl import Workbook
from sqlmodel.ext.asyncio.session import AsyncSession

from imports.errors import TableError
from imports.kinds import KINDS
from imports.roster import HEADER
from imports.runner import Request, import_list
from models.org import Staff
from tests.e2e.conftest import World
from tests.imports.sheets import (
    CONCERN_HEADER,
    FITNESS_HEADER,
    INDICATOR_HEADER,
    WARNING_HEADER,
    csv_of,
    xlsx_of,
)
from tests.imports.test_lists import NOW, admin, world

__all__ = ["world"]

GOOD: dict[str, tuple[Sequence[str], list[str]]] = {
    "roster": (
        HEADER,
        ["2024099901", "新同学", "机电工程学院", "", "2024", "机械2401班"] + [""] * 9,
    ),
    "warnings": (WARNING_HEADER, ["2024010102", "高等数学", "1", "2026-2027-1"]),
    "concerns": (CONCERN_HEADER, ["2024010102", "家庭", "三级"]),
    "indicators": (INDICATOR_HEADER, ["机械2401班", "2025-2026", "1", "2", "3", "4", "5", "6"]),
    "fitness": (FITNESS_HEADER, ["T1001", "张老师", "3", "2026-10-20"]),
}


async def attempt(session: AsyncSession, actor: Staff, content: bytes, name: str) -> str:
    """The answer to a file that cannot be imported."""
    with pytest.raises(TableError) as refused:
        await import_list(session, KINDS, content, name, Request(actor, NOW), dry_run=True)
    return str(refused.value)


def workbook_bytes(book: Workbook) -> bytes:
    """A workbook saved as Excel would."""
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
@pytest.mark.parametrize("code", list(GOOD))
async def test_it_reads_every_list_as_csv_in_gbk_and_utf8_with_bom(
    session: AsyncSession, world: World, code: str, encoding: str
) -> None:
    boss = await admin(session)
    header, row = GOOD[code]
    content = csv_of(header, [row], encoding)
    result = await import_list(
        session, KINDS, content, f"{code}.csv", Request(boss, NOW), dry_run=True
    )
    assert result.kind.code == code and result.errors == [] and result.outcome is not None


async def test_it_refuses_files_over_5_mb(session: AsyncSession, world: World) -> None:
    boss = await admin(session)
    big = csv_of(
        WARNING_HEADER, [["2024010102", "高等数学" * 100, "1", "2026-2027-1"]] * 7000, "gbk"
    )
    assert len(big) > 5 * 1024 * 1024
    assert await attempt(session, boss, big, "预警.csv") == "文件超过 5 MB，请拆分后分批发送。"


@pytest.mark.parametrize(
    ("name", "content", "answer"),
    [
        ("预警.xls", b"\xd0\xcf\x11\xe0 old excel", "请在 Excel 或 WPS 中“另存为” .xlsx 后再发送"),
        ("预警.pdf", b"%PDF-1.4", "只支持 Excel（.xlsx）和 CSV 文件"),
        ("预警.docx.xlsx", b"PK\x03\x04 broken", "无法打开这个 Excel 文件"),
    ],
)
async def test_it_names_the_formats_it_reads(
    session: AsyncSession, world: World, name: str, content: bytes, answer: str
) -> None:
    assert answer in await attempt(session, await admin(session), content, name)


async def test_it_says_which_headers_it_knows_when_none_fits(
    session: AsyncSession, world: World
) -> None:
    content = xlsx_of(["序号", "学生姓名", "成绩"], [["1", "王小明", "90"]])
    answer = await attempt(session, await admin(session), content, "成绩.xlsx")
    assert answer.startswith("无法识别这是哪种名单")
    assert "学业预警名单：学号、课程、不及格门数、学期" in answer
    assert "班级指标：班级、学年、不及格率" in answer and "/template" in answer


async def test_it_refuses_formulas_and_merged_header_cells(
    session: AsyncSession, world: World
) -> None:
    boss = await admin(session)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(WARNING_HEADER))
    sheet.append(["2024010102", "高等数学", "=1+1", "2026-2027-1"])
    formula = await attempt(session, boss, workbook_bytes(book), "预警.xlsx")
    assert formula == "C2 单元格是公式，请先复制并“粘贴为数值”后再发送。"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["学号", "课程", "", "学期"])
    sheet.merge_cells("B1:C1")
    merged = await attempt(session, boss, workbook_bytes(book), "预警.xlsx")
    assert merged == "表头（第 1 行）有合并单元格，请取消合并后再发送。"


@pytest.mark.parametrize(
    ("code", "answer"),
    [
        ("roster", "第 3 行，学号 列：与第 2 行重复"),
        ("warnings", "第 3 行，学号 列：与第 2 行重复"),
        ("concerns", "第 3 行，学号 列：与第 2 行重复"),
        ("indicators", "第 3 行，班级 列：与第 2 行重复"),
        ("fitness", "第 3 行，工号 列：与第 2 行重复"),
    ],
)
async def test_it_refuses_duplicate_keys_in_every_list(
    session: AsyncSession, world: World, code: str, answer: str
) -> None:
    header, row = GOOD[code]
    result = await import_list(
        session,
        KINDS,
        xlsx_of(header, [row, row]),
        "名单.xlsx",
        Request(await admin(session), NOW),
        dry_run=True,
    )
    assert answer in [str(e) for e in result.errors]
