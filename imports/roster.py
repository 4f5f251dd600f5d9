"""Roster import: students, classes and their staff from one spreadsheet, all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from imports.cells import day, duplicates, flag, required
from imports.errors import RowError
from imports.roster_write import RosterRow, apply_roster
from imports.runner import ListKind, Outcome, Request
from imports.tables import Table
from models.dorms import normalize_dorm

# The header of the roster template, in the order the template lists it.
HEADER = (
    "学号",
    "姓名",
    "学院",
    "专业",
    "年级",
    "班级",
    "宿舍",
    "辅导员工号",
    "辅导员",
    "班主任工号",
    "班主任",
    "重点关注",
    "学生干部",
    "学业预警",
    "特殊生源",
    "专兼职",
    "在校",
    "心理委员",
    "特殊群体",
    "任职起始日期",
    "班主任起始日期",
    "宿舍心理信息员",
    "系",
    "学制",
)
REQUIRED = ("学号", "姓名", "学院", "年级", "班级")
OPTIONAL = ("专业", "宿舍", "辅导员工号", "辅导员", "班主任工号", "班主任")
FLAGS = {
    "重点关注": "key_concern",
    "学生干部": "cadre",
    "学业预警": "academic_warning",
    "特殊生源": "special_origin",
    # 在校 = 否: the student left; they leave coverage, lists and buttons.
    "在校": "active",
    "心理委员": "psych_committee",
    "特殊群体": "special_group",
    # C35: 宿舍心理信息员 are talked with as 心理委员 are.
    "宿舍心理信息员": "dorm_psych_informant",
}
# 学制 (C38b): years of study; an empty cell (or no column) keeps 4, 本科's.
PROGRAM_YEARS = range(2, 9)


# 专兼职 of the row's counselor (C31, A04): an empty cell is 专职, the usual case.
FULL_TIME = {"专职": True, "兼职": False, "": True}


def _grade(value: str) -> int | None:
    """年级 as `2024`, `2024级` or `2024.0`."""
    word = value.removesuffix("级").strip()
    return int(word) if word.isdigit() and 2000 <= int(word) <= 2100 else None


def _person(
    cells: dict[str, str], no_col: str, name_col: str, row: int, errors: list[RowError]
) -> tuple[str, str] | None:
    """A (工号, 姓名) pair, both or neither."""
    number, name = cells.get(no_col, ""), cells.get(name_col, "")
    if number and not name:
        errors.append(
            RowError(row, name_col, "pair-missing", {"filled": no_col, "empty": name_col})
        )
    elif name and not number:
        errors.append(RowError(row, no_col, "pair-missing", {"filled": name_col, "empty": no_col}))
    return (number, name) if number and name else None


def validate_roster(table: Table) -> tuple[list[RosterRow], list[RowError]]:
    """Check every row; return the good rows and every error found."""
    errors: list[RowError] = []
    rows: list[RosterRow] = []
    seen_students: dict[str, int] = {}
    staff_names: dict[str, tuple[str, int]] = {}
    class_facts: dict[str, tuple[str, int, int]] = {}
    heads: dict[str, tuple[str, int]] = {}
    kinds_of: dict[str, tuple[bool, int]] = {}
    starts: dict[str, tuple[Any, int]] = {}
    heads_on: dict[str, tuple[Any, int]] = {}
    for number, cells in table.rows:
        before = len(errors)
        student_no = cells.get("学号", "")
        required(cells, REQUIRED, number, errors)
        if student_no:
            duplicates(student_no, number, "学号", seen_students, errors)
        grade = _grade(cells.get("年级", ""))
        if cells.get("年级") and grade is None:
            errors.append(RowError(number, "年级", "bad-grade", {"text": cells["年级"]}))
        dorm = None
        if cells.get("宿舍"):
            dorm = normalize_dorm(cells["宿舍"])
            if dorm is None:
                errors.append(RowError(number, "宿舍", "bad-dorm", {"text": cells["宿舍"]}))
        flags: dict[str, bool] = {}
        for column, attr in FLAGS.items():
            # An empty 在校 means still enrolled; an empty flag means no.
            if column in cells and (cells[column] or attr != "active"):
                value = flag(cells[column])
                if value is None:
                    errors.append(RowError(number, column, "yes-no", {"text": cells[column]}))
                else:
                    flags[attr] = value
        counselor = _person(cells, "辅导员工号", "辅导员", number, errors)
        head = _person(cells, "班主任工号", "班主任", number, errors)
        full_time = _full_time(cells, counselor, number, errors, kinds_of)
        started = _per_person(cells, "任职起始日期", counselor, number, errors, starts, _date)
        head_started = _per_person(cells, "班主任起始日期", head, number, errors, heads_on, _date)
        for person, column in ((counselor, "辅导员"), (head, "班主任")):
            if person is None:
                continue
            known = staff_names.setdefault(person[0], (person[1], number))
            if known[0] != person[1]:
                args = {"no": person[0], "first": known[1], "name": known[0], "here": person[1]}
                errors.append(RowError(number, column, "staff-name-conflict", args))
        class_name, college = cells.get("班级", ""), cells.get("学院", "")
        if class_name and grade is not None:
            facts = class_facts.setdefault(class_name, (college, grade, number))
            if facts[0] != college:
                args = {"name": class_name, "first": facts[2], "college": facts[0]}
                errors.append(RowError(number, "学院", "class-college-conflict", args))
            if facts[1] != grade:
                args = {"name": class_name, "first": facts[2], "grade": facts[1]}
                errors.append(RowError(number, "年级", "class-grade-conflict", args))
        if class_name and head is not None:
            first = heads.setdefault(class_name, (head[0], number))
            if first[0] != head[0]:
                args = {"name": class_name, "first": first[1], "no": first[0]}
                errors.append(RowError(number, "班主任工号", "one-head-teacher", args))
        years = _program_years(cells, number, errors)
        if len(errors) == before and grade is not None:
            rows.append(
                RosterRow(
                    number,
                    student_no,
                    cells["姓名"],
                    college,
                    cells.get("专业", ""),
                    grade,
                    class_name,
                    dorm,
                    counselor,
                    head,
                    flags,
                    full_time,
                    started,
                    head_started,
                    years,
                    cells.get("系", "").strip()[:100] or None,
                )
            )
    return rows, errors


def _program_years(cells: dict[str, str], row: int, errors: list[RowError]) -> int | None:
    """学制 as 4, 4年 or 4年制 (3 专科, 5 five-year majors); None when the cell is empty."""
    text = cells.get("学制", "").strip().removesuffix("年制").removesuffix("年")
    if not text:
        return None
    if not text.isdigit() or int(text) not in PROGRAM_YEARS:
        errors.append(RowError(row, "学制", "program-years", {"text": cells["学制"]}))
        return None
    return int(text)


def _full_time(
    cells: dict[str, str],
    counselor: tuple[str, str] | None,
    row: int,
    errors: list[RowError],
    seen: dict[str, tuple[bool, int]],
) -> bool | None:
    """The counselor's 专兼职, one value per counselor in the file; None without the column."""
    if "专兼职" not in cells:
        return None
    text = cells["专兼职"].strip()
    if text not in FULL_TIME:
        errors.append(RowError(row, "专兼职", "full-time", {"text": text}))
        return None
    if counselor is None:
        return None
    value = FULL_TIME[text]
    first = seen.setdefault(counselor[0], (value, row))
    if first[0] != value:
        errors.append(
            RowError(row, "专兼职", "full-time-conflict", {"no": counselor[0], "first": first[1]})
        )
    return value


def _date(text: str) -> tuple[date | None, str]:
    """A start date cell, or the error code that says why it is not one."""
    return day(text), "not-date"


def _per_person(
    cells: dict[str, str],
    column: str,
    person: tuple[str, str] | None,
    row: int,
    errors: list[RowError],
    seen: dict[str, tuple[Any, int]],
    read: Callable[[str], tuple[Any, str]],
) -> Any:
    """A fact about the row's counselor or head teacher (任职起始日期, 班主任起始日期): one value
    per person in the file; None when the cell is empty or the file has no such column."""
    text = cells.get(column, "").strip()
    if not text:
        return None
    value, code = read(text)
    if value is None:
        errors.append(RowError(row, column, code, {"text": text}))
        return None
    if person is None:
        return None
    first = seen.setdefault(person[0], (value, row))
    if first[0] != value:
        errors.append(
            RowError(row, column, "person-conflict", {"no": person[0], "first": first[1]})
        )
    return value


async def _check(
    session: AsyncSession, table: Table, request: Request
) -> tuple[list[RosterRow], list[RowError]]:
    """The roster's own checks (no database needed)."""
    return validate_roster(table)


async def _apply(session: AsyncSession, rows: list[RosterRow], request: Request) -> Outcome:
    """The roster's upsert, its summary as counts, the start dates it changes as notes."""
    # S06 counts years: a day's difference between UTC and local time is nothing.
    changes: list[RowError] = []
    summary = await apply_roster(session, rows, on=request.now.date(), changes=changes)
    return Outcome(asdict(summary), changes=changes)


KIND = ListKind(
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
        "专职",
        "是",
        "否",
        "否",
        "2024-09-01",
        "2024-09-01",
        "否",
        "机械工程系",
        "4",
    ),
    check=_check,
    apply=_apply,
)
