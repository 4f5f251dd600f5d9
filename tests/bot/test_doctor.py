"""`fudao doctor` as an administrator runs it: one line per check, non-zero on any ✗."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine

from bot.cli import main
from bot.emulator import Emulator
from models.db import Database
from models.outbox import OutboxMessage
from tests.factories import make_college, make_staff

# Term time, with the calendar and the holiday data good for months.
SPRING = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
# Four weeks before chinese_calendar's data ends (2026-12-31).
DECEMBER = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)


def doctor(capsys: pytest.CaptureFixture[str], at: datetime) -> tuple[int, list[str]]:
    """Run `fudao doctor` at a moment; its exit status and lines."""
    with time_machine.travel(at, tick=True):
        code = main(["doctor"])
    return code, capsys.readouterr().out.strip().splitlines()


def line(lines: list[str], words: str) -> str:
    """The one line that mentions these words."""
    [found] = [x for x in lines if words in x]
    return found


def test_it_passes_a_healthy_installation(
    cli_emulator: Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    code, lines = doctor(capsys, SPRING)
    assert code == 0, lines
    assert line(lines, "bot @").startswith("✓ bot @fudao_cli_bot answers at http://127.0.0.1")
    assert " is migrated (revision " in line(lines, "database (")
    # Notes are encrypted at rest: the test session's FUDAO_SECRET_KEYS is the key.
    assert line(lines, "secret key").startswith("✓ secret key is configured")
    assert line(lines, "time zone").startswith("✓ time zone Asia/Shanghai: it is 2026-03-10 10:")
    assert line(lines, "academic calendar").startswith("✓")
    assert line(lines, "job nudges") == "– job nudges: no message decided yet"
    assert lines[-1] == "all checks passed"


def test_it_says_what_to_do_on_a_fresh_laptop_in_december(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = doctor(capsys, DECEMBER)
    assert code == 1
    assert line(lines, "bot:").startswith("✗ bot: FUDAO_TELEGRAM_TOKEN is not set")
    assert line(lines, "database (").endswith("is not migrated: run fudao db upgrade")
    holidays = line(lines, "holiday data")
    assert holidays.startswith("✗") and "2026-12-31" in holidays
    assert "fudao calendar import" in holidays
    assert line(lines, "academic calendar").startswith("✓")
    assert lines[-1] == "3 problem(s) to fix"


def test_it_warns_of_stuck_messages_and_people_who_blocked_the_bot(
    cli_emulator: Emulator, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade"]) == 0

    async def seed() -> None:
        db = Database(database_url)
        async with db.session() as session:
            college = await make_college(session)
            gone = await make_staff(session, college, name="王芳", staff_no="T9", unreachable=True)
            assert gone.id is not None
            session.add(
                OutboxMessage(
                    recipient_id=gone.id,
                    rule="C01",
                    period="2026-03",
                    stage="early",
                    batch="nudge:2026-03-09",
                    created_at=SPRING - timedelta(hours=3),
                )
            )
            await session.commit()
        await db.dispose()

    asyncio.run(seed())
    capsys.readouterr()
    code, lines = doctor(capsys, SPRING)
    assert code == 1
    assert line(lines, "job nudges") == "✓ job nudges: last message decided 2026-03-09 23:00 UTC"
    assert line(lines, "wait unsent").startswith("✗ 1 message(s) wait unsent for over an hour")
    assert (
        line(lines, "blocked the bot")
        == "! 1 people blocked the bot: 王芳（T9）; ask them to /start it"
    )
    # Issue 20: a counselor with no 任职起始日期 is listed, so the gap is seen.
    assert line(lines, "no start date") == (
        "! 1 counselor(s) have no start date (任职起始日期): 王芳（T9）; enter it with the staff "
        "list (教职工名单) or fudao staff set --staff-no X --started DAY"
    )
