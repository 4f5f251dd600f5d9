"""Hostile or odd input: control characters, over-long notes, formulas and zip bombs."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime
from typing import Any, cast

from openpyxl import load_workbook
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.emulator import Emulator
from i18n import t
from imports.errors import TableError
from imports.roster import HEADER
from imports.tables import read_table
from models.db import Database
from reports.records_export import ExportRequest, make_export
from tests.e2e.conftest import Clock, World, app, clock, emulator, world
from tests.e2e.test_log_flows import records, registered
from tests.e2e.test_upload import admin_of, students, upload
from tests.handlers.factories import make_campus, make_saved_record
from tests.imports.test_roster import ROWS, xlsx
from tests.reports.test_records_export import SHANGHAI, CountingPolicy

__all__ = ["app", "clock", "emulator", "world"]


async def test_it_removes_nul_and_control_characters_from_a_note_and_says_so(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await registered(emulator, world)
    await emulator.send_text(me.user, "/talk 2024010201 今天 了解\x00学业\x0b情况\t近况")
    await emulator.wait_for(lambda: "已保存" in me.last().plain_text)
    texts = [m.plain_text for m in emulator.messages(me.chat_id)]
    assert any("控制字符" in text for text in texts)
    assert [r.note for r in await records(db)] == ["了解学业情况\t近况"]


async def test_it_refuses_a_note_too_long_for_telegram_with_its_length(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await registered(emulator, world)
    # 1,500 emoji are 1,500 characters but 3,000 UTF-16 units, as Telegram counts them.
    answer = await me.say("/talk 2024010201 今天 " + "😀" * 1500)
    assert "您输入了 3000 字" in answer.plain_text
    assert await records(db) == []


async def test_it_exports_formula_like_notes_as_plain_text(session: AsyncSession) -> None:
    campus = await make_campus(session)
    notes = ['=HYPERLINK("http://x.example","点我")', "+1+1", "-2", "@SUM(A1)"]
    for day, note in enumerate(notes, start=2):
        await make_saved_record(
            session, campus.counselor, "dorm_visit", date(2026, 11, day), dorm="7-312", note=note
        )
    request = ExportRequest(
        actor=campus.counselor,
        staff=[campus.counselor],
        college=None,
        start=date(2026, 11, 1),
        end=date(2026, 11, 30),
        with_notes=True,
        via="test",
    )
    content, _data, _name = await make_export(
        session, cast(Any, CountingPolicy()), request, now=datetime(2026, 12, 5, tzinfo=UTC),
        tz=SHANGHAI, t=t,
    )  # fmt: skip
    book = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert set(notes) <= {cell.value for cell in cells}


def zip_bomb() -> bytes:
    """A valid roster workbook whose sheet XML inflates from a few KB to 100 MB."""
    source = zipfile.ZipFile(io.BytesIO(xlsx(ROWS)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * 100_000_000, 1)
            bomb.writestr(info.filename, data, compresslevel=9)
    return out.getvalue()


async def test_it_refuses_a_zip_bomb_before_parsing_it(
    app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    admin = await admin_of(emulator, db, clock)
    before = await students(db)
    bomb = zip_bomb()
    assert len(bomb) < 300_000
    answer = await upload(admin, "名单.xlsx", bomb)
    assert "解压后超过 24 MB" in answer.plain_text
    assert await students(db) == before


def test_it_refuses_formulas_in_a_csv_as_in_a_workbook() -> None:
    row = ["2024990001", '=HYPERLINK("http://x")', *[""] * (len(HEADER) - 2)]
    content = "\n".join([",".join(HEADER), ",".join(row)]).encode()
    try:
        read_table(content, "名单.csv")
    except TableError as error:
        assert "B2 单元格是公式" in str(error)
    else:
        raise AssertionError("a CSV formula was accepted")


def test_it_removes_control_characters_from_imported_cells() -> None:
    row = ["2024990001", "王\x00小\x0b明", *[""] * (len(HEADER) - 2)]
    table = read_table("\n".join([",".join(HEADER), ",".join(row)]).encode(), "名单.csv")
    assert table.rows[0][1][HEADER[1]] == "王小明"
