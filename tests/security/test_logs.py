"""A planted token and a planted note never reach a log line, whatever fails."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.emulator import Emulator
from models.db import Database
from models.org import Student
from policy.service import PolicyService
from scheduler import runner
from tests.e2e.conftest import TOKEN, World
from tests.handlers.harness import join
from tests.imports.test_roster import ROWS, xlsx
from tests.security.leaks import NOTE, found_in_database, log_text


async def _write_a_duplicate_named_after_the_note(update: Update, context: Any) -> None:
    """A handler whose database write fails: the statement's parameters hold the note."""
    db: Database = context.bot_data["services"].db
    async with db.session() as session:
        existing = (await session.exec(sa.select(Student).limit(1))).first()  # type: ignore[call-overload]
        assert existing is not None
        session.add(
            Student(student_no=existing[0].student_no, name=NOTE, class_id=existing[0].class_id)
        )
        await session.commit()


async def _raise_with_the_note(update: Update, context: Any) -> None:
    """A handler that fails with the note in its exception's message."""
    raise RuntimeError(f"cannot handle {NOTE}")


async def _until(condition: Any) -> None:
    """Wait for something the application does in the background."""
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("it never happened")


def _failures(records: list[logging.LogRecord]) -> list[str]:
    """The ERROR lines of handlers that failed."""
    return [
        r.getMessage()
        for r in records
        if r.levelno >= logging.ERROR and "handler failed" in r.getMessage()
    ]


async def test_it_keeps_the_note_and_the_token_out_of_the_logs_when_handlers_fail(
    app: Any, emulator: Emulator, world: World, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    app.add_handler(MessageHandler(filters.Regex("^boom"), _raise_with_the_note), group=-1)
    app.add_handler(
        MessageHandler(filters.Regex("^dup"), _write_a_duplicate_named_after_the_note), group=-2
    )
    me = await join(emulator, world, "counselor", 501)
    saved = await me.say(f"/talk 2024010101 今天 {NOTE}")
    assert "2024010101" in saved.text or "王小明" in saved.text
    failed = await me.say(f"boom {NOTE}")
    assert NOTE not in failed.text
    await me.say(f"dup {NOTE}")
    # Each failure logs an ERROR line and a DEBUG traceback; wait for both ERROR lines.
    await _until(lambda: len(_failures(caplog.records)) >= 2)
    text = log_text(caplog.records)
    assert NOTE not in text
    assert TOKEN not in text and TOKEN.split(":")[1] not in text
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("RuntimeError in _raise_with_the_note update=" in e for e in errors)
    assert any("IntegrityError in _write_a_duplicate_named_after_the_note" in e for e in errors)
    # The note is in the database, sealed: never as plain text, in no file of it.
    assert found_in_database(database_url, NOTE, "家里有人生病") == []


async def test_it_hides_statement_parameters_from_database_errors(db: Database) -> None:
    async with db.session() as session:
        session.add_all([Student(student_no="S1", name="甲", class_id=1)])
        with pytest.raises(IntegrityError) as caught:
            await session.commit()
    # The class does not exist; the failing statement carried a name that must not show.
    assert "甲" not in str(caught.value)
    assert "hidden" in str(caught.value)


async def _decide_and_fail(session: AsyncSession, policy: PolicyService, now: datetime) -> int:
    """A job that fails with the note in its exception's message."""
    raise ValueError(NOTE)


async def test_it_logs_a_failed_job_by_name_and_type_only(
    app: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    monkeypatch.setitem(runner.JOBS, "boom", _decide_and_fail)
    runner.kick(app, "boom")
    await _until(lambda: any("job boom failed" in r.getMessage() for r in caplog.records))
    text = log_text(caplog.records)
    assert "job boom failed: ValueError in" in text
    assert NOTE not in text and TOKEN not in text


async def test_it_never_prints_the_token_on_a_commands_stderr(cli_env: Path) -> None:
    roster = cli_env / "名单.xlsx"
    roster.write_bytes(xlsx(ROWS))
    commands = [
        ["import", "roster", str(roster)],
        ["invite", "--staff-no", "M01"],
        ["jobs", "run", "nudges", "--at", "2026-11-20T08:00+08:00"],
        ["jobs", "run", "retention"],
    ]
    for argv in commands:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", *argv,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=dict(os.environ),
        )  # fmt: skip
        out, err = await process.communicate()
        assert process.returncode == 0, err.decode()
        assert TOKEN.split(":")[1].encode() not in out + err, argv
