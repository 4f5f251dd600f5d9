"""`fudao staff export`: every staff member's post facts and head-teacher years (S09).

For the personnel office: 「凡晋升、聘任高一级职称，原则上在现职称任期内必须具备 1 年以上班主任
工作经历」 (U 班主任 第八条). fudao does not know when anyone's current title began, so it judges
nothing: it lists each person's head-teacher years counted from the spells (a spell with no
known start is left out: enter 班主任起始日期 to count it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from i18n import Translate, role_names
from models.audit import audit
from models.org import College, Staff
from models.spells import head_teacher_days
from reports.xlsx import Cell, Table, tables_xlsx

COLUMNS = ("staff-no", "name", "college", "roles", "started", "type", "head-years")
DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class StaffLine:
    """One person as the export shows them."""

    staff: Staff
    college: str
    head_days: int

    @property
    def head_years(self) -> float:
        """Head-teacher years, to one decimal."""
        return round(self.head_days / DAYS_PER_YEAR, 1)


async def staff_lines(
    session: AsyncSession, *, today: date, college_id: int | None = None
) -> list[StaffLine]:
    """Every staff member (of one college, when given), by 工号, with their head-teacher days."""
    query = select(Staff).order_by(col(Staff.staff_no), col(Staff.id))
    if college_id is not None:
        query = query.where(Staff.college_id == college_id)
    people = (await session.exec(query)).all()
    colleges = {c.id: c.name for c in (await session.exec(select(College))).all()}
    days = await head_teacher_days(await session.connection(), today=today)
    return [
        StaffLine(p, colleges.get(p.college_id or 0, ""), days.get(p.id or 0, 0)) for p in people
    ]


def render_staff(lines: list[StaffLine], t: Translate) -> bytes:
    """One sheet, a row per person."""
    rows: list[list[Cell]] = [
        [
            line.staff.staff_no, line.staff.name, line.college,
            role_names(t, line.staff.roles), line.staff.started_on,
            t(f"staff-type-{line.staff.full_time}") if line.staff.is_counselor else None,
            line.head_years,
        ]
        for line in lines
    ]  # fmt: skip
    header = [t(f"staff-export-{c}") for c in COLUMNS]
    return tables_xlsx([Table(t("staff-export-sheet"), header, rows)])


async def export_staff(
    session: AsyncSession,
    *,
    t: Translate,
    today: date,
    college_id: int | None,
    actor_id: int | None,
) -> tuple[bytes, int]:
    """The workbook and how many people it lists; the export is audited (it names people)."""
    lines = await staff_lines(session, today=today, college_id=college_id)
    audit(
        session, actor_id=actor_id, action="staff.export", target=f"college:{college_id or 'all'}",
        people=len(lines),
    )  # fmt: skip
    await session.commit()
    return render_staff(lines, t), len(lines)
