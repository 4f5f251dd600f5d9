"""Correcting records: who may edit or delete which record, with the old values kept in audit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlmodel.ext.asyncio.session import AsyncSession

from models.audit import audit
from models.crypto import fingerprint
from models.org import Staff
from models.records import WorkRecord
from policy.kinds import MAX_DAYS_BACK, NOTE_MAX_LENGTH

EDIT_WINDOW = timedelta(days=7)
REASON_MAX_LENGTH = 200
EDITABLE = ("occurred_on", "note", "subtype")

Mode = Literal["own", "admin"]


class CorrectionRefused(Exception):
    """A correction that is not allowed; `reason` is a locale key suffix."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def correction_mode(actor: Staff, record: WorkRecord, now: datetime) -> Mode:
    """How the actor may change a record: its owner within 7 days, else only an admin."""
    if record.deleted_at is not None:
        raise CorrectionRefused("deleted")
    if record.staff_id == actor.id and now - record.created_at <= EDIT_WINDOW:
        return "own"
    if actor.is_admin:
        return "admin"
    if record.staff_id == actor.id:
        raise CorrectionRefused("too-old")
    raise CorrectionRefused("leader" if actor.is_leader else "not-yours")


def check_reason(mode: Mode, reason: str | None) -> str | None:
    """An admin's correction needs a reason; an owner's does not."""
    text = (reason or "").strip()
    if mode == "admin" and not text:
        raise CorrectionRefused("reason-needed")
    if len(text) > REASON_MAX_LENGTH:
        raise CorrectionRefused("reason-too-long")
    return text or None


def check_change(
    mode: Mode, field: str, value: Any, *, today: date, subtypes: Sequence[str]
) -> Any:
    """Validate one new value with the rules of /log (an admin may reach past 30 days)."""
    if field == "occurred_on":
        if not isinstance(value, date) or value > today:
            raise CorrectionRefused("date-future")
        if mode == "own" and (today - value).days > MAX_DAYS_BACK:
            raise CorrectionRefused("date-too-old")
        return value
    if field == "note":
        text = (value or "").strip()
        if len(text.encode("utf-16-le")) // 2 > NOTE_MAX_LENGTH:  # as Telegram counts
            raise CorrectionRefused("note-too-long")
        return text or None
    if field == "subtype":
        if value not in subtypes:
            raise CorrectionRefused("subtype-invalid")
        return value
    raise CorrectionRefused("field-invalid")


def snapshot(record: WorkRecord, fields: Sequence[str]) -> dict[str, Any]:
    """Values of a record as the audit log keeps them: dates as ISO text, a note as a hash."""
    values = {f: getattr(record, f) for f in fields}
    kept = {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
    if "note" in kept:
        # The audit log is not encrypted and never erased: it keeps no note text.
        kept["note"] = fingerprint(kept["note"])
    return kept


async def _editable(
    session: AsyncSession, actor: Staff, record_id: int, now: datetime
) -> tuple[WorkRecord, Mode]:
    """The record and the actor's right over it, or a refusal."""
    record = await session.get(WorkRecord, record_id)
    if record is None:
        raise CorrectionRefused("not-found")
    return record, correction_mode(actor, record, now)


async def edit_record(
    session: AsyncSession,
    *,
    actor: Staff,
    record_id: int,
    changes: dict[str, Any],
    now: datetime,
    today: date,
    subtypes: Sequence[str],
    reason: str | None = None,
) -> WorkRecord:
    """Change the date, note or subtype of a record; the old values stay in the audit log."""
    record, mode = await _editable(session, actor, record_id, now)
    why = check_reason(mode, reason)
    clean = {
        f: check_change(mode, f, v, today=today, subtypes=subtypes) for f, v in changes.items()
    }
    before = snapshot(record, list(clean))
    for field_name, value in clean.items():
        setattr(record, field_name, value)
    record.updated_at = now
    session.add(record)
    audit(
        session,
        actor_id=actor.id,
        action="record.edit",
        target=f"record:{record.id}",
        owner=record.staff_id,
        before=before,
        after=snapshot(record, list(clean)),
        reason=why,
    )
    await session.commit()
    return record


async def delete_record(
    session: AsyncSession,
    *,
    actor: Staff,
    record_id: int,
    now: datetime,
    reason: str | None = None,
) -> WorkRecord:
    """Withdraw a record so it no longer counts; it stays for the audit trail."""
    record, mode = await _editable(session, actor, record_id, now)
    why = check_reason(mode, reason)
    record.deleted_at = now
    record.updated_at = now
    session.add(record)
    fields = [
        "kind",
        "subtype",
        "occurred_on",
        "class_id",
        "dorm",
        "theme",
        "hours",
        "note",
        "crisis",
        "follow_up_on",
    ]
    audit(
        session,
        actor_id=actor.id,
        action="record.delete",
        target=f"record:{record.id}",
        owner=record.staff_id,
        before=snapshot(record, fields),
        reason=why,
    )
    await session.commit()
    return record
