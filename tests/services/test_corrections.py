"""Who may edit or delete which record, how the old values are kept, and paging my records."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.corrections import kinds_used, months_used, page_of_records
from models.crypto import fingerprint
from models.records import AuditEntry, WorkRecord
from services.corrections import CorrectionRefused, delete_record, edit_record
from tests.handlers.factories import NOW, TODAY, make_campus, make_saved_record

TALK_SUBTYPES = ("general", "deep", "academic_help", "key_concern_deep", "cadre_talk")


async def audit_of(session: AsyncSession, action: str) -> list[AuditEntry]:
    """Audit lines of one action, oldest first."""
    query = select(AuditEntry).where(AuditEntry.action == action).order_by(col(AuditEntry.id))
    return list((await session.exec(query)).all())


async def test_it_lets_a_counselor_edit_their_own_record_within_seven_days(
    session: AsyncSession,
) -> None:
    campus = await make_campus(session)
    record = await make_saved_record(
        session,
        campus.counselor,
        "talk",
        date(2026, 11, 17),
        campus.student,
        subtype="general",
        note="初次谈话",
    )
    assert record.id is not None
    later = NOW + timedelta(days=6, hours=23)
    edited = await edit_record(
        session,
        actor=campus.counselor,
        record_id=record.id,
        now=later,
        today=TODAY,
        subtypes=TALK_SUBTYPES,
        changes={"occurred_on": date(2026, 11, 16), "note": "补充：已联系家长", "subtype": "deep"},
    )
    assert (edited.occurred_on, edited.note, edited.subtype) == (
        date(2026, 11, 16),
        "补充：已联系家长",
        "deep",
    )
    [entry] = await audit_of(session, "record.edit")
    assert entry.actor_staff_id == campus.counselor.id
    assert entry.details["before"] == {
        "occurred_on": "2026-11-17",
        "note": fingerprint("初次谈话"),
        "subtype": "general",
    }
    # The audit log keeps a hash and a length, never the note itself.
    assert entry.details["after"]["note"] == fingerprint("补充：已联系家长")
    assert "补充" not in str(entry.details)
    assert entry.details["reason"] is None


async def test_it_lets_a_counselor_delete_their_own_record_within_seven_days(
    session: AsyncSession,
) -> None:
    campus = await make_campus(session)
    record = await make_saved_record(
        session, campus.counselor, "dorm_visit", TODAY, dorm="7号楼 312", note="卫生较差"
    )
    assert record.id is not None
    deleted = await delete_record(
        session, actor=campus.counselor, record_id=record.id, now=NOW + timedelta(days=3)
    )
    assert deleted.deleted_at == NOW + timedelta(days=3)
    [entry] = await audit_of(session, "record.delete")
    assert entry.details["before"]["dorm"] == "7号楼 312"
    assert entry.details["before"]["note"] == {"sha256": sha256_of("卫生较差"), "length": 4}
    with pytest.raises(CorrectionRefused, match="deleted"):
        await delete_record(session, actor=campus.counselor, record_id=record.id, now=NOW)


async def test_it_refuses_the_owner_after_seven_days(session: AsyncSession) -> None:
    campus = await make_campus(session)
    record = await make_saved_record(session, campus.counselor, "talk", TODAY, campus.student)
    assert record.id is not None
    too_late = NOW + timedelta(days=7, minutes=1)
    with pytest.raises(CorrectionRefused, match="too-old"):
        await edit_record(
            session,
            actor=campus.counselor,
            record_id=record.id,
            now=too_late,
            today=TODAY + timedelta(days=7),
            subtypes=TALK_SUBTYPES,
            changes={"note": "改"},
        )
    with pytest.raises(CorrectionRefused, match="too-old"):
        await delete_record(session, actor=campus.counselor, record_id=record.id, now=too_late)
    assert await audit_of(session, "record.edit") == []


async def test_it_lets_an_admin_correct_an_old_record_only_with_a_reason(
    session: AsyncSession,
) -> None:
    campus = await make_campus(session)
    record = await make_saved_record(
        session,
        campus.counselor,
        "talk",
        date(2026, 10, 1),
        campus.student,
        subtype="general",
        created_at=NOW - timedelta(days=48),
    )
    assert record.id is not None
    with pytest.raises(CorrectionRefused, match="reason-needed"):
        await edit_record(
            session,
            actor=campus.admin,
            record_id=record.id,
            now=NOW,
            today=TODAY,
            subtypes=TALK_SUBTYPES,
            changes={"subtype": "deep"},
        )
    # An admin may reach past the 30 days that bind the owner, but never into the future.
    await edit_record(
        session,
        actor=campus.admin,
        record_id=record.id,
        now=NOW,
        today=TODAY,
        subtypes=TALK_SUBTYPES,
        reason="学院核对后更正",
        changes={"occurred_on": date(2026, 9, 30)},
    )
    with pytest.raises(CorrectionRefused, match="date-future"):
        await edit_record(
            session,
            actor=campus.admin,
            record_id=record.id,
            now=NOW,
            today=TODAY,
            subtypes=TALK_SUBTYPES,
            reason="x",
            changes={"occurred_on": TODAY + timedelta(days=1)},
        )
    await delete_record(
        session, actor=campus.admin, record_id=record.id, now=NOW, reason="重复录入"
    )
    [edit] = await audit_of(session, "record.edit")
    [removal] = await audit_of(session, "record.delete")
    assert edit.actor_staff_id == campus.admin.id and edit.details["owner"] == campus.counselor.id
    assert edit.details["before"] == {"occurred_on": "2026-10-01"}
    assert edit.details["reason"] == "学院核对后更正"
    assert removal.details["reason"] == "重复录入"


async def test_it_refuses_leaders_and_other_staff(session: AsyncSession) -> None:
    campus = await make_campus(session)
    record = await make_saved_record(session, campus.counselor, "talk", TODAY, campus.student)
    assert record.id is not None
    for actor, why in (
        (campus.leader, "leader"),
        (campus.other_counselor, "not-yours"),
        (campus.head_teacher, "not-yours"),
    ):
        with pytest.raises(CorrectionRefused, match=why):
            await edit_record(
                session,
                actor=actor,
                record_id=record.id,
                now=NOW,
                today=TODAY,
                subtypes=TALK_SUBTYPES,
                reason="想改",
                changes={"note": "x"},
            )
        with pytest.raises(CorrectionRefused, match=why):
            await delete_record(session, actor=actor, record_id=record.id, now=NOW, reason="x")
    fresh = await session.get(WorkRecord, record.id)
    assert fresh is not None and fresh.deleted_at is None and fresh.note is None


async def test_it_revalidates_dates_notes_and_subtypes_like_log(session: AsyncSession) -> None:
    campus = await make_campus(session)
    record = await make_saved_record(session, campus.counselor, "talk", TODAY, campus.student)
    assert record.id is not None
    bad: list[tuple[dict[str, Any], str]] = [
        ({"occurred_on": TODAY + timedelta(days=1)}, "date-future"),
        ({"occurred_on": TODAY - timedelta(days=31)}, "date-too-old"),
        ({"note": "长" * 2001}, "note-too-long"),
        ({"subtype": "theme_meeting"}, "subtype-invalid"),
        ({"kind": "dorm_visit"}, "field-invalid"),
    ]
    for changes, why in bad:
        with pytest.raises(CorrectionRefused, match=why):
            await edit_record(
                session,
                actor=campus.counselor,
                record_id=record.id,
                now=NOW,
                today=TODAY,
                subtypes=TALK_SUBTYPES,
                changes=changes,
            )
    edited = await edit_record(
        session,
        actor=campus.counselor,
        record_id=record.id,
        now=NOW,
        today=TODAY,
        subtypes=TALK_SUBTYPES,
        changes={"occurred_on": TODAY - timedelta(days=30), "note": "长" * 2000},
    )
    assert edited.occurred_on == TODAY - timedelta(days=30) and len(edited.note or "") == 2000


async def test_it_pages_through_records_by_kind_and_month(session: AsyncSession) -> None:
    campus = await make_campus(session)
    for n in range(12):
        await make_saved_record(
            session, campus.counselor, "talk", date(2026, 11, 1 + n), campus.student
        )
    for n in range(3):
        await make_saved_record(
            session, campus.counselor, "dorm_visit", date(2026, 10, 20 + n), dorm="7号楼 312"
        )
    gone = await make_saved_record(
        session, campus.counselor, "talk", TODAY, campus.student, deleted_at=NOW
    )
    await make_saved_record(session, campus.other_counselor, "talk", TODAY)
    assert campus.counselor.id is not None
    first = await page_of_records(session, staff_id=campus.counselor.id, page=0)
    assert (first.total, first.pages, len(first.records)) == (15, 2, 10)
    assert first.records[0].occurred_on == date(2026, 11, 12) and gone not in first.records
    second = await page_of_records(session, staff_id=campus.counselor.id, page=1)
    assert [r.kind for r in second.records] == [
        "talk",
        "talk",
        "dorm_visit",
        "dorm_visit",
        "dorm_visit",
    ]
    beyond = await page_of_records(session, staff_id=campus.counselor.id, page=9)
    assert beyond.number == 1
    october = await page_of_records(session, staff_id=campus.counselor.id, page=0, month="202610")
    assert october.total == 3 and {r.kind for r in october.records} == {"dorm_visit"}
    talks = await page_of_records(
        session, staff_id=campus.counselor.id, page=0, kind="talk", month="202611"
    )
    assert talks.total == 12
    assert await kinds_used(session, staff_id=campus.counselor.id) == ["dorm_visit", "talk"]
    assert await months_used(session, staff_id=campus.counselor.id) == ["202611", "202610"]


def sha256_of(text: str) -> str:
    """The hex SHA-256 of a text, as an auditor holding the note would compute it."""
    return hashlib.sha256(text.encode()).hexdigest()
