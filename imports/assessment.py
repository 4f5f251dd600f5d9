"""Assessment lists: counselors' component scores and facts, head teachers' college scores.

Two list kinds for one year, given by the sender (`--year`, or the file name in the chat).
A college whose results of the year are published is locked: its rows are refused.
Longer than most modules: both lists share the typed-cell checks of `_Row`, kept with them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from imports.cells import NO, YES
from imports.errors import RowError
from imports.runner import ListKind, Outcome, Request
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
TWO_DECIMALS = Decimal("0.01")


class _Row:
    """One line being checked: reads typed cells and collects its problems."""

    def __init__(self, number: int, cells: dict[str, str], errors: list[RowError]) -> None:
        self.number, self.cells, self.errors = number, cells, errors

    def fail(self, column: str, code: str, **args: Any) -> None:
        self.errors.append(RowError(self.number, column, code, args))

    def score(self, column: str, *, optional: bool = False) -> Decimal | None:
        """A score from 0 to 100 with at most two decimals."""
        text = self.cells.get(column, "")
        if not text:
            if not optional:
                self.fail(column, "empty")
            return None
        value = self._decimal(column, text)
        if value is not None and not (0 <= value <= 100 and value == value.quantize(TWO_DECIMALS)):
            self.fail(column, "bad-score", text=text)
            return None
        return value

    def count(self, column: str, *, required: bool = False) -> int:
        """A whole number ≥ 0 (an empty cell is 0 unless required)."""
        text = self.cells.get(column, "")
        if not text:
            if required:
                self.fail(column, "empty")
            return 0
        if not text.isdigit():
            self.fail(column, "not-nonnegative-integer", text=text)
            return 0
        return int(text)

    def amount(self, column: str, most: int) -> Decimal:
        """Months or days: a number from 0 to `most` (an empty cell is 0)."""
        text = self.cells.get(column, "")
        value = self._decimal(column, text) if text else Decimal(0)
        if value is None or not 0 <= value <= most:
            self.fail(column, "out-of-range", text=text, most=most)
            return Decimal(0)
        return value

    def flag(self, column: str) -> bool:
        """是/否 (an empty cell is 否)."""
        word = self.cells.get(column, "").strip().lower()
        if word in YES:
            return True
        if word not in NO:
            self.fail(column, "yes-or-no", text=word)
        return False

    def day(self, column: str) -> date | None:
        """A date like 2023-09-01 (an empty cell is None)."""
        text = self.cells.get(column, "").replace("/", "-").replace(".", "-")
        if not text:
            return None
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            self.fail(column, "not-date", text=text)
            return None

    def _decimal(self, column: str, text: str) -> Decimal | None:
        try:
            value = Decimal(text)
        except InvalidOperation:
            self.fail(column, "not-number", text=text)
            return None
        return value if value.is_finite() else None


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
            row.fail("工号", "empty")
        elif staff_no in seen:
            row.fail("工号", "duplicate-staff", no=staff_no, first=seen[staff_no])
        elif staff is None:
            row.fail("工号", "unknown-staff", no=staff_no)
        elif cells.get("姓名", "") != staff.name:
            row.fail("姓名", "name-mismatch", text=cells.get("姓名", ""), no=staff_no,
                     name=staff.name)  # fmt: skip
        elif not getattr(staff, f"is_{role}") or staff.college_id is None:
            row.fail("工号", "not-role", name=staff.name, no=staff_no, role=role)
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
        # The date stored on the person stands (entered once: roster, staff list, CLI); a
        # different one here is named with both dates, so the sender sees which to mend.
        written, started = row.day("任职起始日期"), staff.started_on
        if written is not None and started is not None and written != started:
            row.fail(
                "任职起始日期", "start-differs", no=staff.staff_no,
                written=written.isoformat(), stored=started.isoformat(),
            )  # fmt: skip
        started = started or written
        if started is None:
            row.fail("任职起始日期", "no-start-date")
        finding = row.cells.get("否决事项", "") or None
        if finding is not None and finding not in FINDINGS:
            row.fail("否决事项", "bad-finding", text=finding, findings="、".join(FINDINGS))
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


Values = list[tuple[Staff, dict[str, Any]]]


async def _locked(
    session: AsyncSession, table: Table, values: Values, year: str, errors: list[RowError]
) -> None:
    """An error for each row of a college whose results of the year are published."""
    locked = await published_colleges(session, academic_year=year)
    rows = {cells.get("工号", ""): n for n, cells in table.rows}
    for staff, _ in values:
        if staff.college_id in locked:
            errors.append(RowError(rows[staff.staff_no or ""], "工号", "published", {"year": year}))


def _checker(
    kind: Kind,
) -> Callable[[AsyncSession, Table, Request], Awaitable[tuple[Values, list[RowError]]]]:
    """The check of one assessment list: every row, then the colleges already published."""

    async def check(
        session: AsyncSession, table: Table, request: Request
    ) -> tuple[Values, list[RowError]]:
        assert request.year is not None
        errors: list[RowError] = []
        if kind == "counselors":
            values = await _counselor_values(session, table, request.year, errors)
        else:
            values = await _head_teacher_values(session, table, errors)
        await _locked(session, table, values, request.year, errors)
        return values, errors

    return check


def _applier(kind: Kind) -> Callable[[AsyncSession, Values, Request], Awaitable[Outcome]]:
    """The write of one assessment list: each person's row of the year, and a draft round."""
    model: Model = CounselorAssessment if kind == "counselors" else HeadTeacherAssessment

    async def apply(session: AsyncSession, values: Values, request: Request) -> Outcome:
        year = request.year
        assert year is not None
        ids = [s.id for s, _ in values if s.id is not None]
        existing = await _existing(session, kind, ids, year)
        outcome = Outcome({"year": year, "created": 0, "updated": 0})
        for staff, fields in values:
            assert staff.id is not None and staff.college_id is not None
            outcome.colleges.add(staff.college_id)
            row = existing.get(staff.id)
            if row is None:
                outcome.counts["created"] += 1
                row = model(
                    staff_id=staff.id, college_id=staff.college_id, academic_year=year, **fields
                )
            else:
                outcome.counts["updated"] += 1
                for key, value in {**fields, "college_id": staff.college_id}.items():
                    setattr(row, key, value)
            session.add(row)
        for college_id in outcome.colleges:
            if await round_of(session, college_id=college_id, academic_year=year) is None:
                session.add(AssessmentRound(college_id=college_id, academic_year=year, state=DRAFT))
        await session.flush()
        return outcome

    return apply


COUNSELORS = ListKind(
    code="assessment_counselors",
    required=COUNSELOR_HEADER,
    optional=(),
    example=(
        "T1001",
        "张老师",
        "90",
        "85.5",
        "30",
        "88",
        "92",
        "87",
        "91.3",
        "2020-09-01",
        "0",
        "0",
        "否",
        "否",
        "0",
        "0",
        "",
    ),
    check=_checker("counselors"),
    apply=_applier("counselors"),
    marks=("工号", "学生评价"),
    needs_year=True,
    family="assessment",
)
HEAD_TEACHERS = ListKind(
    code="assessment_head_teachers",
    required=HEAD_TEACHER_HEADER,
    optional=(),
    example=("T1002", "刘老师", "82.5", "否"),
    check=_checker("head_teachers"),
    apply=_applier("head_teachers"),
    marks=("工号", "学院考核得分"),
    needs_year=True,
    family="assessment",
)
