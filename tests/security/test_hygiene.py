"""Hostile or odd input: control characters, over-long notes, formulas and zip bombs."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any, cast

from openpyxl import load_workbook
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.emulator import Emulator
from i18n import t
from models.db import Database
from reports.records_export import ExportRequest, make_export
from tests.e2e.conftest import World, app, clock, emulator, world
from tests.e2e.test_log_flows import records, registered
from tests.handlers.factories import make_campus, make_saved_record
from tests.reports.test_records_export import SHANGHAI, CountingPolicy

__all__ = ["app", "clock", "emulator", "world"]


async def test_it_removes_nul_and_control_characters_from_a_note_and_says_so(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await registered(emulator, world)
    done = await me.say("/talk 2024010201 今天 了解\x00学业\x0b情况\t近况")
    assert "已保存" in done.plain_text
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
