"""The records commands are in the production menu, in both languages."""

from __future__ import annotations

from typing import Any

from bot.emulator import Emulator
from tests.handlers.harness import app, clock, emulator, records_app

__all__ = ["app", "clock", "emulator", "records_app"]


async def test_it_offers_the_records_commands_in_the_menu_in_both_languages(
    records_app: Any, emulator: Emulator
) -> None:
    # run_polling() calls post_init; the fixture starts the parts by hand, so call it here.
    await records_app.post_init(records_app)
    chinese = {c["command"]: c["description"] for c in emulator.state.commands[""]}
    english = {c["command"]: c["description"] for c in emulator.state.commands["en"]}
    assert chinese["export"] == "导出工作记录（Excel）" and chinese["concern"] == "重点关注学生"
    assert english["export"] == "Export my records (Excel)"
    assert {"history", "export", "concern", "assign"} <= english.keys()
