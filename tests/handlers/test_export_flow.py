"""/export and `fudao export`: the workbook read back, its numbers checked against the records."""

from __future__ import annotations

import asyncio
import io
import xml.etree.ElementTree as ET
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook import Workbook
from sqlmodel import col, select

from bot.emulator import Emulator
from models.db import Database
from models.records import AuditEntry
from tests.e2e.conftest import Clock, World
from tests.e2e.people import Person, labels
from tests.factories import make_record
from tests.handlers.harness import app, cli_env, clock, emulator, fudao, join, records_app, world

__all__ = ["app", "cli_env", "clock", "emulator", "records_app", "world"]

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


async def seed_november(db: Database, world: World, clock: Clock) -> None:
    """Six counting records of the counselor in November, and some that must stay out."""
    a, b, c = world.students
    stamp = {"created_at": clock(), "updated_at": clock()}
    async with db.session() as session:
        counselor, head = world.counselor, world.head_teacher
        await make_record(
            session,
            counselor,
            "talk",
            date(2026, 11, 2),
            a,
            subtype="deep",
            note="谈了家庭情况",
            follow_up_on=date(2026, 11, 30),
            **stamp,
        )
        await make_record(
            session,
            counselor,
            "talk",
            date(2026, 11, 9),
            b,
            c,
            subtype="general",
            crisis=True,
            note="情绪低落",
            **stamp,
        )
        await make_record(session, counselor, "talk", date(2026, 11, 16), c, **stamp)
        for day in (5, 12):
            await make_record(
                session,
                counselor,
                "dorm_visit",
                date(2026, 11, day),
                dorm="7号楼 312",
                details={"findings": ["appliance"]},
                **stamp,
            )
        await make_record(
            session,
            counselor,
            "class_meeting",
            date(2026, 11, 11),
            class_id=world.class_a.id,
            subtype="theme_meeting",
            theme="诚信考试",
            attendance=28,
            hours=1.5,
            **stamp,
        )
        await make_record(session, counselor, "talk", date(2026, 10, 30), a, **stamp)
        await make_record(
            session, counselor, "talk", date(2026, 11, 3), a, deleted_at=clock(), **stamp
        )
        await make_record(session, head, "talk", date(2026, 11, 4), a, note="班主任的备注", **stamp)
        await session.commit()


def files_of(person: Person) -> list[Any]:
    """The messages with a file that the bot sent to this person."""
    return [m for m in person.emu.messages(person.chat_id) if m.document]


async def document_of(person: Person, after: int = 0) -> bytes:
    """The newest file the bot sent, once more than `after` files have arrived."""
    for _ in range(400):
        files = files_of(person)
        if len(files) > after:
            return bytes(files[-1].document.content)
        await asyncio.sleep(0.05)
    raise AssertionError("no document arrived")


def rows(book: Workbook, title: str) -> list[dict[str, Any]]:
    """A record sheet as dicts keyed by its header."""
    sheet = book[title]
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(map(str, values[0]), row, strict=True)) for row in values[1:]]


def summary_value(book: Workbook, label: str) -> Any:
    """The number next to a label on the summary sheet."""
    for row in book["完成情况"].iter_rows(values_only=True):
        if row[0] == label:
            return row[1]
    raise AssertionError(f"no {label!r} on the summary sheet")


async def exports(db: Database) -> list[AuditEntry]:
    """The audited exports, oldest first."""
    async with db.session() as session:
        query = select(AuditEntry).where(col(AuditEntry.action).startswith("export."))
        return list((await session.exec(query.order_by(col(AuditEntry.id)))).all())


async def test_it_exports_my_month_and_its_numbers_match_the_records(
    records_app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    await seed_november(db, world, clock)
    me = await join(emulator, world, "counselor", 5401)
    periods = await me.say("/export")
    assert {"本月", "上月", "本学期", "上学期", "本学年", "上学年"} == set(labels(periods))
    await me.tap("本月")
    book = load_workbook(io.BytesIO(await document_of(me)))
    assert book.sheetnames == ["完成情况", "谈心谈话", "走访宿舍", "主题班会 - 班级活动"]
    talks = rows(book, "谈心谈话")
    assert [t["日期"] for t in talks] == [datetime(2026, 11, d) for d in (2, 9, 16)]
    assert [t["学生"] for t in talks] == [
        "王小明（2024010101）",
        "王小红（2024010102）、李雷（2024010201）",
        "李雷（2024010201）",
    ]
    assert [t["备注"] for t in talks] == ["谈了家庭情况", "情绪低落", None]
    assert [t["危机情况"] for t in talks] == ["否", "是", "否"]
    assert talks[0]["具体类型"] == "深度谈话" and talks[0]["跟进日期"] == datetime(2026, 11, 30)
    assert talks[0]["班级"] == "机械2401班" and talks[1]["班级"] == "机械2401班、机械2402班"
    date_cell = book["谈心谈话"]["A2"]
    assert date_cell.is_date and date_cell.number_format == "yyyy-mm-dd"
    [meeting] = rows(book, "主题班会 - 班级活动")
    assert (meeting["学时"], meeting["出勤人数"], meeting["主题"]) == (1.5, 28, "诚信考试")
    assert isinstance(meeting["出勤人数"], int)
    dorms = rows(book, "走访宿舍")
    assert len(dorms) == 2 and dorms[0]["其他情况"] == "走访发现：违规电器"
    assert summary_value(book, "记录条数") == 6
    quotas = [r for r in book["完成情况"].iter_rows(values_only=True) if r[0] == "C15"]
    assert quotas == [
        (
            "C15",
            quotas[0][1],
            "月",
            datetime(2026, 11, 1),
            datetime(2026, 11, 30),
            None,
            2,
            2,
            "已完成",
        )
    ]
    [entry] = await exports(db)
    assert entry.action == "export.records" and entry.actor_staff_id == world.counselor.id
    assert entry.details["with_notes"] is True and entry.details["records"] == 6


async def test_it_exports_the_college_for_a_leader_and_notes_only_when_asked(
    records_app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    await seed_november(db, world, clock)
    leader = await join(emulator, world, "leader", 5402)
    await leader.say("/export")
    who = await leader.tap("本月")
    assert {"全院", "张老师", "刘老师", "赵老师"} <= set(labels(who))
    await leader.tap("全院")
    await leader.tap("不含备注")
    book = load_workbook(io.BytesIO(await document_of(leader)))
    talks = rows(book, "谈心谈话")
    assert "备注" not in talks[0] and {t["姓名"] for t in talks} == {"张老师", "刘老师"}
    assert len(talks) == 4 and not any("备注" in str(v) for t in talks for v in t.values())
    await leader.say("/export")
    await leader.tap("本月")
    await leader.tap("张老师")
    await leader.tap("包含备注")
    book = load_workbook(io.BytesIO(await document_of(leader, after=1)))
    notes = [t["备注"] for t in rows(book, "谈心谈话")]
    assert notes == ["谈了家庭情况", "情绪低落", None]
    first, second = await exports(db)
    assert (first.details["with_notes"], first.details["staff"]) == (False, "all")
    assert (second.details["with_notes"], second.details["staff"]) == (
        True,
        [world.counselor.id],
    )
    assert first.target == f"college:{world.counselor.college_id}"


async def test_it_exports_a_college_from_the_command_line(
    records_app: Any, cli_env: Path, world: World, db: Database, clock: Clock
) -> None:
    await seed_november(db, world, clock)
    out = cli_env / "学院记录.xlsx"
    span = ["--from", "2026-11-01", "--to", "2026-11-30", "--out", str(out)]
    assert await fudao("export", "--college", "机电工程学院", *span) == 0
    book = load_workbook(out)
    assert len(rows(book, "谈心谈话")) == 4 and summary_value(book, "记录条数") == 7
    [entry] = await exports(db)
    assert entry.actor_staff_id is None and entry.details["via"] == "cli"
    assert await fudao("export", "--college", "不存在学院", *span) == 2
    backwards = ["--from", "2026-11-30", "--to", "2026-10-01", "--out", str(out)]
    assert await fudao("export", "--college", "机电工程学院", *backwards) == 2


def q(tag: str) -> str:
    """A SpreadsheetML tag with its namespace."""
    return f"{{{MAIN}}}{tag}"


def sheet_xml(
    content: bytes, title: str
) -> tuple[list[dict[str, ET.Element]], list[str], list[str]]:
    """A sheet's rows of <c> elements by column letter, its shared strings and formats."""
    parts = zipfile.ZipFile(io.BytesIO(content))
    book = ET.fromstring(parts.read("xl/workbook.xml"))
    rels = ET.fromstring(parts.read("xl/_rels/workbook.xml.rels"))
    rel_id = next(s.get(f"{{{REL}}}id") for s in book.iter(q("sheet")) if s.get("name") == title)
    target = next(r.get("Target") or "" for r in rels if r.get("Id") == rel_id)
    sheet = ET.fromstring(parts.read("xl/" + target.removeprefix("/xl/")))
    strings: list[str] = []
    if "xl/sharedStrings.xml" in parts.namelist():
        shared = ET.fromstring(parts.read("xl/sharedStrings.xml"))
        strings = ["".join(t.text or "" for t in si.iter(q("t"))) for si in shared]
    styles = ET.fromstring(parts.read("xl/styles.xml"))
    custom = {f.get("numFmtId"): f.get("formatCode") or "" for f in styles.iter(q("numFmt"))}
    cell_xfs = styles.find(q("cellXfs"))
    assert cell_xfs is not None
    formats = [custom.get(xf.get("numFmtId"), xf.get("numFmtId") or "") for xf in cell_xfs]
    rows = [
        {(c.get("r") or "").rstrip("0123456789"): c for c in row.iter(q("c"))}
        for row in sheet.iter(q("row"))
    ]
    return rows, strings, formats


def cell_text(cell: ET.Element, strings: list[str]) -> str:
    """A text cell's characters, shared or inline."""
    if cell.get("t") == "s":
        return strings[int(cell.findtext(q("v")) or "")]
    return "".join(t.text or "" for t in cell.iter(q("t")))


async def test_it_writes_dates_numbers_and_chinese_as_excel_and_libreoffice_read_them(
    records_app: Any, cli_env: Path, world: World, db: Database, clock: Clock
) -> None:
    await seed_november(db, world, clock)
    out = cli_env / "records.xlsx"
    span = ["--from", "2026-11-01", "--to", "2026-11-30", "--out", str(out)]
    who = ["--college", "机电工程学院", "--staff-no", "T1001", "--with-notes"]
    assert await fudao("export", *who, *span) == 0
    content = out.read_bytes()
    talks, strings, formats = sheet_xml(content, "谈心谈话")
    header = {cell_text(c, strings): column for column, c in talks[0].items()}
    first = talks[1]
    # A date is a serial number (no t="s"/"str") shown through a date format, never a string.
    day = first[header["日期"]]
    assert day.get("t") in (None, "n") and day.findtext(q("v")) == str(
        (date(2026, 11, 2) - date(1899, 12, 30)).days
    )
    assert formats[int(day.get("s") or 0)] == "yyyy-mm-dd"
    assert cell_text(first[header["备注"]], strings) == "谈了家庭情况"
    assert cell_text(first[header["学生"]], strings) == "王小明（2024010101）"
    meetings, strings, _ = sheet_xml(content, "主题班会 - 班级活动")
    header = {cell_text(c, strings): column for column, c in meetings[0].items()}
    hours, attendance = (meetings[1][header[h]] for h in ("学时", "出勤人数"))
    assert hours.get("t") in (None, "n") and hours.findtext(q("v")) == "1.5"
    assert attendance.get("t") in (None, "n") and attendance.findtext(q("v")) == "28"
