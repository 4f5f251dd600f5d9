"""Every kind of list fudao imports from a file, the roster among them."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from imports import concern, fitness, indicators, warnings
from imports.roster import HEADER, REQUIRED, RosterRow, RowError, apply_roster, validate_roster
from imports.runner import ListKind, Outcome
from imports.tables import Table
from models.org import Staff


async def _check_roster(
    session: AsyncSession, table: Table, actor: Staff | None
) -> tuple[list[RosterRow], list[RowError]]:
    """The roster's own checks (no database needed)."""
    return validate_roster(table)


async def _apply_roster(
    session: AsyncSession, rows: list[RosterRow], actor: Staff | None, now: datetime
) -> Outcome:
    """The roster's own upsert, its summary as counts."""
    return Outcome(asdict(await apply_roster(session, rows)))


ROSTER = ListKind(
    code="roster",
    required=REQUIRED,
    optional=tuple(c for c in HEADER if c not in REQUIRED),
    example=(
        "2024010101",
        "王小明",
        "机电工程学院",
        "2024",
        "机械2401班",
        "机械工程",
        "7号楼 312",
        "T1001",
        "张老师",
        "T1002",
        "刘老师",
        "否",
        "否",
        "否",
        "否",
    ),
    check=_check_roster,
    apply=_apply_roster,
)

KINDS: tuple[ListKind, ...] = (
    ROSTER,
    warnings.KIND,
    concern.KIND,
    indicators.KIND,
    fitness.KIND,
)
