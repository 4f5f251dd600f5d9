"""Assessment lists: counselors' component scores and facts, head teachers' college scores.

A file is recognised by its header row. Every row is checked before anything is written; a
file with any bad row changes nothing and lists each problem as `第 N 行，X 列：…`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from imports.roster import NO, YES, RowError
from imports.tables import Table
from models.assessment import (
    DRAFT,
    AssessmentRound,
    CounselorAssessment,
    HeadTeacherAssessment,
    counselor_rows,
    head_teacher_rows,
    published_colleges,
    round_of,
    self_evaluations,
)
from models.audit import audit
from models.org import Staff

Kind = Literal["counselors", "head_teachers"]
Model = type[CounselorAssessment] | type[HeadTeacherAssessment]
SCORES = ("自评", "学生评价", "班主任评价", "学院考核小组", "辅导员互评", "部门考核")
FACTS = (
    "任职起始日期",
    "借调离岗月数",
    "请假月数",
    "无故缺席培训或会议",
    "无故缺勤值班",
    "离岗天数",
    "受记过及以上处分学生数",
    "否决事项",
)
COUNSELOR_HEADER = ("工号", "姓名", *SCORES[:2], "参评学生数", *SCORES[2:], *FACTS)
HEAD_TEACHER_HEADER = ("工号", "姓名", "学院考核得分", "资助工作重大失误")
# A06 (U 考核 第七条(三)) items 1, 2 and 4–7; item 3 (student score below 60) is computed.
FINDINGS = (
    "政治立场问题",
    "工作懈怠",
    "重大安全责任事故",
    "评奖资助不公",
    "党纪政纪或治安刑事处罚",
    "师德师风考核不合格",
)
YEAR = re.compile(r"^(\d{4})-(\d{4})$")
TWO_DECIMALS = Decimal("0.01")


def valid_year(text: str) -> bool:
    """An academic year written as 2025-2026."""
    match = YEAR.match(text)
    return bool(match) and int(match.group(2)) == int(match.group(1)) + 1  # type: ignore[union-attr]


def kind_of(header: Sequence[str]) -> Kind | None:
    """Which assessment list a header row belongs to, if any (missing columns come later)."""
    names = set(header)
    if "工号" not in names:
        return None
    if "学院考核得分" in names:
        return "head_teachers"
    if names & {"学生评价", "参评学生数", "部门考核", "辅导员互评"}:
        return "counselors"
    return None


@dataclass
class AssessmentImport:
    """The outcome: errors (and nothing written), or what was written per college."""

    kind: Kind
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    college_ids: set[int] = field(default_factory=set)
    applied: bool = False


class _Row:
    """One line being checked: reads typed cells and collects its problems."""

    def __init__(self, number: int, cells: dict[str, str], errors: list[RowError]) -> None:
        self.number, self.cells, self.errors = number, cells, errors

    def fail(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))

    def score(self, column: str, *, optional: bool = False) -> Decimal | None:
        """A score from 0 to 100 with at most two decimals."""
        text = self.cells.get(column, "")
        if not text:
            if not optional:
                self.fail(column, "不能为空")
            return None
        value = self._decimal(column, text)
        if value is not None and not (0 <= value <= 100 and value == value.quantize(TWO_DECIMALS)):
            self.fail(column, f"“{text}”应为 0–100 的分数（最多两位小数）")
            return None
        return value

    def count(self, column: str, *, required: bool = False) -> int:
        """A whole number ≥ 0 (an empty cell is 0 unless required)."""
        text = self.cells.get(column, "")
        if not text:
            if required:
                self.fail(column, "不能为空")
            return 0
        if not text.isdigit():
            self.fail(column, f"“{text}”应为不小于 0 的整数")
            return 0
        return int(text)

    def amount(self, column: str, most: int) -> Decimal:
        """Months or days: a number from 0 to `most` (an empty cell is 0)."""
        text = self.cells.get(column, "")
        value = self._decimal(column, text) if text else Decimal(0)
        if value is None or not 0 <= value <= most:
            self.fail(column, f"“{text}”应为 0–{most} 之间的数")
            return Decimal(0)
        return value

    def flag(self, column: str) -> bool:
        """是/否 (an empty cell is 否)."""
        word = self.cells.get(column, "").strip().lower()
        if word in YES:
            return True
        if word not in NO:
            self.fail(column, f"“{word}”应为 是 或 否")
        return False

    def day(self, column: str) -> date | None:
        """A date like 2023-09-01 (an empty cell is None)."""
        text = self.cells.get(column, "").replace("/", "-").replace(".", "-")
        if not text:
            return None
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            self.fail(column, f"“{text}”不是日期，请写成 2023-09-01")
            return None

    def _decimal(self, column: str, text: str) -> Decimal | None:
        try:
            value = Decimal(text)
        except InvalidOperation:
            self.fail(column, f"“{text}”不是数字")
            return None
        return value if value.is_finite() else None


def _header_errors(table: Table, wanted: Sequence[str]) -> list[RowError]:
    missing = [h for h in wanted if h not in table.header]
    if not missing:
        return []
    return [RowError(1, "", f"缺少列：{'、'.join(missing)}（表头应为：{'，'.join(wanted)}）")]


async def _staff_by_no(session: AsyncSession, numbers: list[str]) -> dict[str, Staff]:
    query = select(Staff).where(col(Staff.staff_no).in_(numbers))
    return {s.staff_no or "": s for s in (await session.exec(query)).all()} if numbers else {}


async def _people(
    session: AsyncSession, table: Table, role: str, errors: list[RowError]
) -> list[tuple[_Row, Staff]]:
    """Each row with its staff member: known 工号, matching 姓名, the role, once per file."""
    known = await _staff_by_no(session, [cells.get("工号", "") for _, cells in table.rows])
    seen: dict[str, int] = {}
    found = []
    for number, cells in table.rows:
        row = _Row(number, cells, errors)
        staff_no = cells.get("工号", "")
        staff = known.get(staff_no)
        if not staff_no:
            row.fail("工号", "不能为空")
        elif staff_no in seen:
            row.fail("工号", f"{staff_no} 与第 {seen[staff_no]} 行重复")
        elif staff is None:
            row.fail("工号", f"名单中没有工号 {staff_no}")
        elif cells.get("姓名", "") != staff.name:
            row.fail("姓名", f"“{cells.get('姓名', '')}”与工号 {staff_no} 的 {staff.name} 不符")
        elif not getattr(staff, f"is_{role}") or staff.college_id is None:
            label = "辅导员" if role == "counselor" else "班主任"
            row.fail("工号", f"{staff.name}（{staff_no}）在名单中不是{label}")
        else:
            seen[staff_no] = number
            found.append((row, staff))
    return found


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


async def _counselor_values(
    session: AsyncSession, table: Table, year: str, errors: list[RowError]
) -> list[tuple[Staff, dict[str, Any]]]:
    """The checked values of each counselor row."""
    people = await _people(session, table, "counselor", errors)
    ids = [s.id for _, s in people if s.id is not None]
    selves = await self_evaluations(session, staff_ids=ids, academic_year=year)
    found = []
    for row, staff in people:
        own = row.score("自评", optional=staff.id in selves)
        started = row.day("任职起始日期") or staff.started_on
        if started is None:
            row.fail("任职起始日期", "不能为空（名单中也没有该教师的任职日期）")
        finding = row.cells.get("否决事项", "") or None
        if finding is not None and finding not in FINDINGS:
            row.fail("否决事项", f"“{finding}”应为空，或为：{'、'.join(FINDINGS)}")
        values = {
            "self_score": _float(own),
            "student_score": _float(row.score("学生评价")),
            "participants": row.count("参评学生数", required=True),
            "head_teacher_score": _float(row.score("班主任评价")),
            "panel_score": _float(row.score("学院考核小组")),
            "peer_score": _float(row.score("辅导员互评")),
            "department_score": _float(row.score("部门考核")),
            "started_on": started,
            "seconded_months": float(row.amount("借调离岗月数", 12)),
            "leave_months": float(row.amount("请假月数", 12)),
            "missed_training": row.flag("无故缺席培训或会议"),
            "missed_duty": row.flag("无故缺勤值班"),
            "days_away": float(row.amount("离岗天数", 366)),
            "punished_students": row.count("受记过及以上处分学生数"),
            "finding": finding,
        }
        found.append((staff, values))
    return found


async def _head_teacher_values(
    session: AsyncSession, table: Table, errors: list[RowError]
) -> list[tuple[Staff, dict[str, Any]]]:
    """The checked values of each head-teacher row."""
    found = []
    for row, staff in await _people(session, table, "head_teacher", errors):
        score = row.score("学院考核得分")
        values = {"score": _float(score), "aid_error": row.flag("资助工作重大失误")}
        found.append((staff, values))
    return found


async def _existing(
    session: AsyncSession, kind: Kind, ids: list[int], year: str
) -> dict[int, CounselorAssessment | HeadTeacherAssessment]:
    """The rows these people already have for the year, by staff id."""
    found: dict[int, CounselorAssessment | HeadTeacherAssessment] = {}
    if kind == "counselors":
        for row in await counselor_rows(session, academic_year=year, staff_ids=ids):
            found[row.staff_id] = row
    else:
        for other in await head_teacher_rows(session, academic_year=year, staff_ids=ids):
            found[other.staff_id] = other
    return found


async def import_assessment(
    session: AsyncSession,
    table: Table,
    *,
    academic_year: str,
    dry_run: bool,
    actor_id: int | None = None,
) -> AssessmentImport:
    """Check an assessment list and, unless `dry_run`, write it in one transaction.

    A college whose results of the year are published is locked: its rows are refused.
    """
    kind = kind_of(table.header)
    if kind is None:
        result = AssessmentImport("counselors")
        result.errors = _header_errors(table, COUNSELOR_HEADER)
        return result
    result = AssessmentImport(kind)
    wanted = COUNSELOR_HEADER if kind == "counselors" else HEAD_TEACHER_HEADER
    result.errors = _header_errors(table, wanted)
    if result.errors:
        return result
    if kind == "counselors":
        values = await _counselor_values(session, table, academic_year, result.errors)
        model: Model = CounselorAssessment
    else:
        values = await _head_teacher_values(session, table, result.errors)
        model = HeadTeacherAssessment
    locked = await published_colleges(session, academic_year=academic_year)
    rows = dict(table.rows)
    numbers = {cells.get("工号", ""): n for n, cells in rows.items()}
    for staff, _ in values:
        if staff.college_id in locked:
            message = f"{academic_year} 学年的考核结果已发布，不能再导入"
            result.errors.append(RowError(numbers[staff.staff_no or ""], "工号", message))
    result.errors.sort(key=lambda e: e.row)
    if result.errors:
        return result
    ids = [s.id for s, _ in values if s.id is not None]
    existing = await _existing(session, kind, ids, academic_year)
    for staff, fields in values:
        assert staff.id is not None and staff.college_id is not None
        result.college_ids.add(staff.college_id)
        row = existing.get(staff.id)
        if row is None:
            result.created += 1
            row = model(
                staff_id=staff.id,
                college_id=staff.college_id,
                academic_year=academic_year,
                **fields,
            )
        else:
            result.updated += 1
            for key, value in {**fields, "college_id": staff.college_id}.items():
                setattr(row, key, value)
        if not dry_run:
            session.add(row)
    if dry_run:
        await session.rollback()
        return result
    for college_id in result.college_ids:
        if await round_of(session, college_id=college_id, academic_year=academic_year) is None:
            session.add(
                AssessmentRound(college_id=college_id, academic_year=academic_year, state=DRAFT)
            )
    audit(
        session,
        actor_id=actor_id,
        action="assessment.import",
        target=f"year:{academic_year}",
        kind=kind,
        created=result.created,
        updated=result.updated,
    )
    await session.flush()
    result.applied = True
    return result
