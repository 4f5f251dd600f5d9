"""Figures imported per class and year that the head teachers' assessment reads (catalog A09)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime, utcnow


class ClassIndicator(SQLModel, table=True):
    """One class's outcome figures for one academic year; rates are percentages 0–100."""

    __tablename__ = "class_indicators"
    __table_args__ = (UniqueConstraint("class_id", "academic_year"),)

    id: int | None = Field(default=None, primary_key=True)
    class_id: int = Field(foreign_key="classes.id", index=True)
    # "2025-2026", as the calendar file names academic years.
    academic_year: str = Field(max_length=9)
    fail_rate: float | None = None
    postgraduate_rate: float | None = None
    employment_rate: float | None = None
    dual_certificate_rate: float | None = None
    cet_pass_rate: float | None = None
    awards: int | None = None
    imported_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
