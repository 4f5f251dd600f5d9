"""培训记录: an admin's list of training hours (C29, C30, C31, S07), dated before or after fudao.

岗前培训 happens before a counselor or head teacher first uses fudao, so such hours cannot be
logged in the chat as they happen; this list enters them later, as the training records the
rules count. A line already imported (same person, day, kind, level and name) is not added again.
类别 may be left empty when the person's 任职起始日期 is known: hours on or before it are
岗前培训, later ones 在岗培训.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from imports.cells import day, duplicates, required
from imports.errors import RowError
from imports.lookup import by_key
from imports.runner import ListKind, Outcome, Request
from imports.tables import Table
from models.org import Staff
from models.records import WorkRecord

KIND_CODE = "training"
LEVELS = {
    "校级": "school", "学校": "school", "院级": "school", "学院": "school",
    "省级": "provincial", "省": "provincial",
    "国家级": "national", "国家": "national",
}  # fmt: skip
CATEGORIES = {"岗前": "pre_service", "岗前培训": "pre_service",
              "在岗": "in_service", "在岗培训": "in_service"}  # fmt: skip
MAX_HOURS = 400


@dataclass(frozen=True)
class TrainingRow:
    """One checked line: whose training, on which day, how long, which kind and level."""

    staff: Staff
    on: date
    hours: float
    subtype: str
    name: str


def _hours(text: str) -> float | None:
    """学时 from 0.5 to 400."""
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if 0.5 <= value <= MAX_HOURS else None


def _category(cells: dict[str, str], staff: Staff | None, on: date | None) -> str | None:
    """岗前 or 在岗, as written or, empty, from the person's 任职起始日期."""
    text = cells.get("类别", "").strip()
    if text:
        return CATEGORIES.get(text)
    if staff is None or staff.started_on is None or on is None:
        return None
    return "pre_service" if on <= staff.started_on else "in_service"


async def check(
    session: AsyncSession, table: Table, request: Request
) -> tuple[list[TrainingRow], list[RowError]]:
    """Known counselors or head teachers (the sender's college), a day, hours, level, kind."""
    numbers = (cells.get("工号", "") for _, cells in table.rows)
    people = await by_key(session, Staff, Staff.staff_no, numbers)
    actor = request.actor
    errors: list[RowError] = []
    rows: list[TrainingRow] = []
    seen: dict[tuple[str, ...], int] = {}
    for number, cells in table.rows:
        before = len(errors)
        required(cells, KIND.required, number, errors)
        staff_no = cells.get("工号", "")
        person = people.get(staff_no)
        # Another college's 工号 reads as an unknown one, so that 工号 cannot be probed.
        foreign = (
            actor is not None
            and actor.college_id is not None
            and (person is None or person.college_id != actor.college_id)
        )
        trained = person is not None and (person.is_counselor or person.is_head_teacher)
        if staff_no and (not trained or foreign):
            errors.append(RowError(number, "工号", "unknown-trainee", {"no": staff_no}))
            person = None
        on = day(cells.get("日期", ""))
        if cells.get("日期") and on is None:
            errors.append(RowError(number, "日期", "not-date", {"text": cells["日期"]}))
        elif on is not None and on > request.now.date():
            errors.append(RowError(number, "日期", "future-date", {"text": cells["日期"]}))
        hours = _hours(cells.get("学时", ""))
        if cells.get("学时") and hours is None:
            errors.append(RowError(number, "学时", "bad-hours", {"text": cells["学时"]}))
        level = LEVELS.get(cells.get("级别", "").strip())
        if cells.get("级别") and level is None:
            errors.append(RowError(number, "级别", "bad-level", {"text": cells["级别"]}))
        category = _category(cells, person, on)
        if category is None and person is not None and on is not None:
            errors.append(RowError(number, "类别", "bad-category", {"text": cells.get("类别", "")}))
        name = cells.get("名称", "").strip()[:200]
        key = (staff_no, cells.get("日期", ""), name)
        if all(key):
            duplicates(key, number, "名称", seen, errors)
        if len(errors) == before and person and on and hours and level and category:
            rows.append(TrainingRow(person, on, hours, f"{category}_{level}", name))
    return rows, errors


async def apply(session: AsyncSession, rows: list[TrainingRow], request: Request) -> Outcome:
    """A training record per new line, kept under the person it is about."""
    ids = sorted({r.staff.id for r in rows if r.staff.id is not None})
    query = select(WorkRecord).where(
        WorkRecord.kind == KIND_CODE,
        col(WorkRecord.staff_id).in_(ids),
        col(WorkRecord.deleted_at).is_(None),
    )
    have = {
        (r.staff_id, r.occurred_on, r.subtype, r.theme or "")
        for r in (await session.exec(query)).all()
    }
    added = 0
    for r in rows:
        assert r.staff.id is not None
        if (r.staff.id, r.on, r.subtype, r.name) in have:
            continue
        source = {"source": "import", "imported_by": request.actor.id if request.actor else None}
        session.add(WorkRecord(
            staff_id=r.staff.id, kind=KIND_CODE, subtype=r.subtype, occurred_on=r.on,
            hours=r.hours, theme=r.name or None, details=source, created_at=request.now,
        ))  # fmt: skip
        added += 1
    await session.flush()
    people = len({r.staff.id for r in rows})
    return Outcome({"records": len(rows), "people": people, "added": added})


KIND = ListKind(
    code="training",
    required=("工号", "日期", "学时", "名称", "级别"),
    optional=("姓名", "类别"),
    example=("T1001", "2024-08-20", "40", "新任辅导员岗前培训班", "省级", "张老师", "岗前"),
    check=check,
    apply=apply,
    marks=("工号", "学时", "级别"),
)
