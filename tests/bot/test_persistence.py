"""Half-filled forms are kept in the database, and a value PTB hands over unchanged costs no
statement (PTB hands over everyone who sent an update, every few seconds)."""

from __future__ import annotations

from datetime import date

from bot.persistence import DatabasePersistence
from models.db import Database


async def test_it_writes_a_changed_form_and_nothing_for_an_unchanged_one(db: Database) -> None:
    persistence = DatabasePersistence(db)
    assert await persistence.get_user_data() == {}
    form = {"kind": "dorm", "day": date(2026, 12, 7)}
    with db.statements() as first:
        await persistence.update_user_data(7, form)
    with db.statements() as again:
        await persistence.update_user_data(7, dict(form))
    with db.statements() as changed:
        await persistence.update_user_data(7, {**form, "room": "312"})
    # One statement a write, the same upsert whether the row is new or replaced.
    assert len(first) == 1 and first[0].lstrip().upper().startswith("INSERT")
    assert again == []
    assert changed == first and "DO UPDATE" in changed[0].upper()
    # A fresh process (a restart) reads back the last value.
    assert await DatabasePersistence(db).get_user_data() == {7: {**form, "room": "312"}}


async def test_it_deletes_an_emptied_form_once_and_can_store_it_again(db: Database) -> None:
    persistence = DatabasePersistence(db)
    await persistence.get_user_data()
    with db.statements() as never_stored:
        await persistence.update_user_data(8, {})
    assert never_stored == []
    await persistence.update_user_data(8, {"kind": "talk"})
    await persistence.update_user_data(8, {})
    assert await DatabasePersistence(db).get_user_data() == {}
    await persistence.update_user_data(8, {"kind": "talk"})
    assert await DatabasePersistence(db).get_user_data() == {8: {"kind": "talk"}}


async def test_it_knows_what_an_earlier_run_left_and_what_a_drop_removed(db: Database) -> None:
    await DatabasePersistence(db).update_user_data(9, {"kind": "meeting"})
    await DatabasePersistence(db).update_conversation("log", (9, 9), 2)
    restarted = DatabasePersistence(db)
    assert await restarted.get_user_data() == {9: {"kind": "meeting"}}
    assert await restarted.get_conversations("log") == {(9, 9): 2}
    with db.statements() as unchanged:
        await restarted.update_user_data(9, {"kind": "meeting"})
        await restarted.update_conversation("log", (9, 9), 2)
    assert unchanged == []
    await restarted.drop_user_data(9)
    assert await DatabasePersistence(db).get_user_data() == {}
    # Dropped, then the same form again: it is stored, not taken for the row that was there.
    await restarted.update_user_data(9, {"kind": "meeting"})
    assert await DatabasePersistence(db).get_user_data() == {9: {"kind": "meeting"}}
    await restarted.update_conversation("log", (9, 9), None)
    assert await DatabasePersistence(db).get_conversations("log") == {}
