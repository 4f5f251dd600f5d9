"""Lists sent as files: recognise the kind by its header row, check every row, apply all or none.

Each kind of list (roster, academic warnings, key concerns, class indicators, fitness-test
turnout) lives in its own module and describes itself with a `ListKind`; this module holds
what they share: recognising the header, the cell parsers, and the all-or-nothing run.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from imports.roster import CHUNK, RowError
from imports.tables import Table, TableError, read_table
from models.audit import audit
from models.org import SchoolClass, Staff, Student


@dataclass(frozen=True)
class Notice:
    """Someone to tell about an import: which of their students it concerns, and as what."""

    staff: Staff
    role: str
    lines: list[str]


@dataclass
class Outcome:
    """What applying a list changed (or, dry, would change), and whom to tell."""

    counts: dict[str, Any]
    notices: list[Notice] = field(default_factory=list)


Check = Callable[[AsyncSession, Table, Staff | None], Awaitable[tuple[Any, list[RowError]]]]
Apply = Callable[[AsyncSession, Any, Staff | None, datetime], Awaitable[Outcome]]


@dataclass(frozen=True)
class ListKind:
    """One kind of list: its columns, an example row, who may send it, and how it is applied."""

    code: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    example: tuple[str, ...]
    check: Check
    apply: Apply
    # Who may import it; academic warnings also come from the college's leaders.
    allowed: Callable[[Staff], bool] = lambda staff: staff.is_admin

    @property
    def header(self) -> tuple[str, ...]:
        """The template's header row."""
        return self.required + self.optional


@dataclass
class ListResult:
    """The outcome of one file: its kind, and errors (nothing written) or what changed."""

    kind: ListKind
    errors: list[RowError] = field(default_factory=list)
    outcome: Outcome | None = None
    refused: bool = False
    applied: bool = False


def recognise(header: Sequence[str], kinds: Iterable[ListKind]) -> ListKind | None:
    """The kind whose required columns the header has; the most specific when several do."""
    present = set(header)
    fitting = [k for k in kinds if set(k.required) <= present]
    return max(fitting, key=lambda k: len(k.required), default=None)


def no_header_message(kinds: Iterable[ListKind]) -> str:
    """Why a sheet was not recognised, with the header of every list it could be."""
    lines = ["无法识别这是哪种名单：第一行应是表头，并包含下列某种名单的全部必需列。"]
    lines += [f"· {LIST_NAMES[k.code]}：{'、'.join(k.required)}" for k in kinds]
    lines.append("发送 /template 可下载各名单的空白模板。")
    return "\n".join(lines)


LIST_NAMES = {
    "roster": "学生名单",
    "warnings": "学业预警名单",
    "concerns": "重点关注名单",
    "indicators": "班级指标",
    "fitness": "体质测试参测情况",
}


def duplicates(
    key: Any, row: int, column: str, seen: dict[Any, int], errors: list[RowError]
) -> None:
    """Record the first row of each key, and an error for every repeat of it."""
    if key in seen:
        errors.append(RowError(row, column, f"与第 {seen[key]} 行重复"))
    else:
        seen[key] = row


def required(
    cells: dict[str, str], columns: Iterable[str], row: int, errors: list[RowError]
) -> bool:
    """Whether every required cell is filled; an error for each empty one."""
    before = len(errors)
    for column in columns:
        if not cells.get(column):
            errors.append(RowError(row, column, "不能为空"))
    return len(errors) == before


def whole_number(text: str, low: int, high: int) -> int | None:
    """`3`, `3.0` or `３` as 3, within [low, high]; None otherwise."""
    word = text.strip().removesuffix(".0")
    return int(word) if word.isdigit() and low <= int(word) <= high else None


def percentage(text: str) -> float | None:
    """`12.5` or `12.5%` as 12.5, within 0–100; None otherwise."""
    word = text.strip().removesuffix("%").strip()
    try:
        value = float(word)
    except ValueError:
        return None
    return value if 0 <= value <= 100 else None


YEAR = re.compile(r"^(\d{4})\s*[-—–~至/]\s*(\d{4})\s*(?:学年)?$")
TERM = re.compile(
    r"^(\d{4})\s*[-—–~至/]\s*(\d{4})\s*(?:学年)?\s*(?:[-—–/]|第)?\s*([12一二])\s*(?:学期)?$"
)


def academic_year(text: str) -> str | None:
    """`2025-2026` (or `2025—2026学年`) as the calendar names the year; None otherwise."""
    match = YEAR.match(text.strip())
    if match is None or int(match[2]) != int(match[1]) + 1:
        return None
    return f"{match[1]}-{match[2]}"


def term_code(text: str) -> str | None:
    """`2026-2027-1` or `2026-2027学年第一学期` as `2026-2027-1`; None otherwise."""
    match = TERM.match(text.strip())
    if match is None or int(match[2]) != int(match[1]) + 1:
        return None
    number = {"一": "1", "二": "2"}.get(match[3], match[3])
    return f"{match[1]}-{match[2]}-{number}"


def day(text: str) -> date | None:
    """A date as the sheet writes it: `2026-11-02`, `2026/11/2` or `2026.11.2`."""
    parts = re.split(r"[-/.年月日]", text.strip().removesuffix("日"))
    try:
        year, month, dom = (int(p) for p in parts[:3]) if len(parts) >= 3 else (0, 0, 0)
        return date(year, month, dom)
    except ValueError:
        return None


async def students_by_no(
    session: AsyncSession, numbers: Iterable[str]
) -> dict[str, tuple[Student, SchoolClass]]:
    """Students by 学号, each with their class."""
    found: dict[str, tuple[Student, SchoolClass]] = {}
    wanted = sorted(set(numbers))
    for i in range(0, len(wanted), CHUNK):
        query = (
            select(Student, SchoolClass)
            .join(SchoolClass, col(SchoolClass.id) == col(Student.class_id))
            .where(col(Student.student_no).in_(wanted[i : i + CHUNK]))
        )
        for student, cls in (await session.exec(query)).all():
            found[student.student_no] = (student, cls)
    return found


def in_scope(actor: Staff | None, cls: SchoolClass) -> bool:
    """Whether the sender may change this class's data: admins anything, leaders their college."""
    return actor is None or actor.is_admin or cls.college_id == actor.college_id


async def import_list(
    session: AsyncSession,
    kinds: Sequence[ListKind],
    content: bytes,
    filename: str,
    *,
    actor: Staff | None,
    now: datetime,
    dry_run: bool,
) -> ListResult:
    """Read, recognise, check every row, then apply all of it in one transaction (dry: none)."""
    if filename.lower().endswith((".xls", ".et", ".numbers", ".ods")):
        raise TableError("这种表格格式无法读取：请在 Excel 或 WPS 中“另存为” .xlsx 后再发送。")
    actor_id = actor.id if actor else None
    table = read_table(content, filename)
    kind = recognise(table.header, kinds)
    if kind is None:
        raise TableError(no_header_message(kinds))
    if actor is not None and not kind.allowed(actor):
        return ListResult(kind, refused=True)
    payload, errors = await kind.check(session, table, actor)
    if not errors and not table.rows:
        errors = [RowError(2, kind.required[0], "文件中没有数据行")]
    if errors:
        return ListResult(kind, errors=errors)
    outcome = await kind.apply(session, payload, actor, now)
    if dry_run:
        await session.rollback()
        return ListResult(kind, outcome=outcome)
    audit(
        session,
        actor_id=actor_id,
        action=f"{kind.code}.import",
        target=filename[:100],
        rows=len(table.rows),
        **{k: v for k, v in outcome.counts.items() if isinstance(v, int)},
    )
    await session.commit()
    return ListResult(kind, outcome=outcome, applied=True)
