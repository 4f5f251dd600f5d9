"""Tables of the work that staff log, and of who read or changed what."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index
from sqlmodel import Field, SQLModel

from models.crypto import EncryptedText
from models.types import UTCDateTime, utcnow


class WorkRecord(SQLModel, table=True):
    """One piece of work a staff member logged: a talk, a dorm visit, a class meeting…"""

    __tablename__ = "work_records"
    __table_args__ = (
        # Evaluation counts by (staff, kind, day range): this index serves every aggregate.
        Index("ix_work_records_staff_kind_day", "staff_id", "kind", "occurred_on"),
        Index("ix_work_records_kind_day", "kind", "occurred_on"),
        # Covers every counting scan, so evaluation reads the index and not the table.
        Index("ix_work_records_count", "kind", "occurred_on", "staff_id", "subtype", "deleted_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id")
    kind: str = Field(max_length=40)
    subtype: str | None = Field(default=None, max_length=40)
    occurred_on: date
    class_id: int | None = Field(default=None, foreign_key="classes.id", index=True)
    dorm: str | None = Field(default=None, max_length=64)
    theme: str | None = Field(default=None, max_length=200)
    hours: float | None = None
    attendance: int | None = None
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # Free text about a student: encrypted at rest (models.crypto).
    note: str | None = Field(default=None, sa_column=Column(EncryptedText, nullable=True))
    crisis: bool = False
    follow_up_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # A deleted record stays for the audit trail but never counts.
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The same Telegram update delivered twice must create one record.
    telegram_update_id: int | None = Field(
        default=None, sa_column=Column(BigInteger, unique=True, nullable=True)
    )


class RecordStudent(SQLModel, table=True):
    """A student that a record concerns (the person talked to, for example)."""

    __tablename__ = "record_students"

    record_id: int = Field(foreign_key="work_records.id", primary_key=True)
    student_id: int = Field(foreign_key="students.id", primary_key=True, index=True)


class Invite(SQLModel, table=True):
    """A one-time registration link; only the token's hash is kept."""

    __tablename__ = "invites"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    used_by_telegram_id: int | None = Field(
        default=None, sa_column=Column(BigInteger, nullable=True)
    )


class AuditEntry(SQLModel, table=True):
    """An append-only line of who did, read or exported what."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    actor_staff_id: int | None = Field(default=None, foreign_key="staff.id", index=True)
    action: str = Field(max_length=40)
    target: str = Field(default="", max_length=100)
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
