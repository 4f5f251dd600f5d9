"""Keys: values sealed at rest, rotated to the newest key, created once where none is set."""

from __future__ import annotations

import asyncio
import json
import os
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet

from bot.cli import main
from models import crypto
from models.db import Database
from models.migrate import alembic_config, upgrade
from models.outbox import OutboxMessage
from models.records import WorkRecord
from tests.factories import make_class, make_college, make_staff, pk
from tests.security.leaks import NOTE, found_in_database

OLD, NEW = crypto.new_key(), crypto.new_key()


@pytest.fixture
def keys_restored() -> Iterator[None]:
    """Whatever keys a test installs, the next test has the session's key again."""
    session_keys = os.environ[crypto.KEYS_ENV].split(",")
    yield
    crypto.use_keys(session_keys)


async def _plant(db: Database) -> int:
    """A record with the note and an outbox row with a body, a chart and a workbook."""
    async with db.session() as session:
        college = await make_college(session)
        await make_class(session, college)
        staff = await make_staff(session, college)
        record = WorkRecord(
            staff_id=pk(staff), kind="talk", occurred_on=date(2026, 11, 2), note=NOTE
        )
        message = OutboxMessage(
            recipient_id=pk(staff), rule="digest", period="2026-W45", stage="digest", batch="b",
            body={"text": NOTE}, photo=b"png " + NOTE.encode(), document=b"xlsx",
        )  # fmt: skip
        session.add_all([record, message])
        await session.commit()
        assert record.id is not None
        return record.id


async def _stored_note(db: Database, record_id: int) -> str:
    """The note column as it lies in the database."""
    async with db.engine.connect() as conn:
        query = sa.text("SELECT note FROM work_records WHERE id = :id")
        return str((await conn.execute(query, {"id": record_id})).scalar_one())


async def test_it_stores_notes_and_outbox_sealed_and_reads_them_back(
    db: Database, database_url: str
) -> None:
    record_id = await _plant(db)
    stored = await _stored_note(db, record_id)
    assert NOTE not in stored and stored.startswith("gAAAAA")
    async with db.session() as session:
        record = await session.get(WorkRecord, record_id)
        message = (await session.exec(sa.select(OutboxMessage))).one()[0]  # type: ignore[call-overload]
    assert record is not None and record.note == NOTE
    assert message.body == {"text": NOTE} and message.photo == b"png " + NOTE.encode()
    assert found_in_database(database_url, NOTE, "家里有人生病") == []


async def test_it_rotates_every_value_to_the_newest_key(
    db: Database, database_url: str, monkeypatch: pytest.MonkeyPatch, keys_restored: None,
    capsys: pytest.CaptureFixture[str], tmp_path: Path,
) -> None:  # fmt: skip
    crypto.use_keys([OLD])
    record_id = await _plant(db)
    monkeypatch.setenv(crypto.KEYS_ENV, f"{NEW},{OLD}")
    monkeypatch.setenv("FUDAO_DATABASE_URL", database_url)
    monkeypatch.setenv("FUDAO_DATA_DIR", str(tmp_path))
    assert await asyncio.to_thread(main, ["keys", "rotate"]) == 0
    assert "4" in capsys.readouterr().out  # the note, the body, the chart, the workbook
    assert await asyncio.to_thread(main, ["keys", "rotate"]) == 0
    assert "0" in capsys.readouterr().out.split("（")[0]
    # The old key can go now: everything opens with the new one alone.
    Fernet(NEW.encode()).decrypt((await _stored_note(db, record_id)).encode())
    crypto.use_keys([NEW])
    async with db.session() as session:
        record = await session.get(WorkRecord, record_id)
    assert record is not None and record.note == NOTE


def test_it_prints_a_new_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "new"]) == 0
    Fernet(capsys.readouterr().out.strip().encode())


def test_it_creates_the_key_file_once_in_a_private_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keys_restored: None,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    data = tmp_path / "data"
    monkeypatch.delenv(crypto.KEYS_ENV)
    monkeypatch.delenv("FUDAO_DATABASE_URL", raising=False)
    monkeypatch.setenv("FUDAO_DATA_DIR", str(data))
    assert main(["db", "upgrade"]) == 0
    main(["keys", "new"])
    key_file = data / "secret.key"
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE((data / "fudao.db").stat().st_mode) == 0o600
    first = key_file.read_text()
    assert main(["db", "upgrade"]) == 0
    assert crypto.key_count() == 1 and key_file.read_text() == first
    # The command's raw stderr says once where the key is, and what losing it means.
    warned = [line for line in capsys.readouterr().err.splitlines() if "WARNING" in line]
    assert len(warned) == 1 and "lost" in warned[0] and str(key_file.resolve()) in warned[0]


def test_it_encrypts_the_notes_an_older_version_stored_in_clear(
    database_url: str, keys_restored: None
) -> None:
    from alembic import command

    upgrade(database_url, "0006")
    engine = sa.create_engine(Database.sync_url_of(database_url))
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO colleges (id, name) VALUES (1, 'C')"))
            conn.execute(sa.text(
                "INSERT INTO staff (id, name, is_counselor, is_head_teacher, is_leader, is_admin,"
                " language, unreachable, created_at) VALUES (1, 'S', true, false, false, false,"
                " 'zh', false, '2026-01-01 00:00:00+00')"
            ))  # fmt: skip
            conn.execute(sa.text(
                "INSERT INTO work_records (id, staff_id, kind, occurred_on, details, note, crisis,"
                " created_at, updated_at) VALUES (1, 1, 'talk', '2026-01-01', '{}', :note, false,"
                " '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00')"
            ), {"note": NOTE})  # fmt: skip
            conn.execute(
                sa.text(
                    "INSERT INTO audit_log (at, action, target, details) VALUES"
                    " ('2026-01-02 00:00:00+00', 'record.delete', 'record:1', :details)"
                ),
                {"details": json.dumps({"before": {"note": NOTE, "kind": "talk"}})},
            )
        upgrade(database_url)
        with engine.connect() as conn:
            stored = conn.execute(sa.text("SELECT note FROM work_records")).scalar_one()
            details = conn.execute(sa.text("SELECT details FROM audit_log")).scalar_one()
        assert crypto.decrypt(stored.encode()).decode() == NOTE
        assert NOTE not in str(details) and str(len(NOTE)) in str(details)
        command.downgrade(alembic_config(database_url), "0006")
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT note FROM work_records")).scalar_one() == NOTE
    finally:
        engine.dispose()
