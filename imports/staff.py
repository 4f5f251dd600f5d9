"""教职工名单: one row per staff member; 在岗 = 否 ends that person's roles (offboarding).

It also carries the dates entered once per person: 任职起始日期 and 专兼职 of a counselor
(C30, C31, S03, S08, A04) and 班主任起始日期 of a head teacher (the spells of S06, S07, S09);
离岗原因 says why a leaver left (S03 counts a 转岗 only).

在岗 lives here, not in the student roster, because the roster has one row per student and a
teacher appears on many of them (or none, for a leader or admin): "this person has left" is a
fact about one staff member, so it takes a list of staff. Granting roles stays with the roster
and invitations; a 是 row changes nothing, so the HR office's whole list can be sent as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlmodel.ext.asyncio.session import AsyncSession

from i18n import t as translate
from imports.cells import day, duplicates, flag, required
from imports.errors import RowError
from imports.lookup import by_key
from imports.roster_write import start_changed
from imports.runner import ListKind, Outcome, Request
from imports.tables import Table
from models.offboarding import ROLES, end_roles, may_offboard
from models.org import Staff
from models.posts import PostChange, store_post

ALL = "all"
SEPARATORS = re.compile(r"[、,，;；/\s]+")
FULL_TIME = {"专职": True, "兼职": False}
# 离岗原因 (S03: only a 转岗 counts against the 10%).
REASONS = {"转岗": "transfer", "辞职": "resigned", "退休": "retired", "其他": "other"}


def role_code(word: str | None) -> str | None:
    """A role by its code or its name in either language; `all` (全部, blank) for every role."""
    word = (word or "").strip()
    if not word or word.lower() in (ALL, translate("staff-role-all", "zh")):
        return ALL
    for code in ROLES:
        if word.lower() == code or word in (translate(f"role-{code}", loc) for loc in ("zh", "en")):
            return code
    return None


@dataclass(frozen=True)
class StaffRow:
    """One checked line: who, whether they are still on duty, and which roles a leaver ends."""

    staff: Staff
    on_duty: bool
    roles: tuple[str, ...]
    number: int = 0
    started_on: date | None = None
    full_time: bool | None = None
    head_started: date | None = None
    reason: str | None = None


def _roles(text: str, number: int, errors: list[RowError]) -> tuple[str, ...]:
    """The roles a 角色 cell names (every role when blank or 全部)."""
    codes = [role_code(word) for word in SEPARATORS.split(text.strip()) if word] or [ALL]
    if None in codes:
        errors.append(RowError(number, "角色", "unknown-role", {"text": text}))
        return ()
    return ROLES if ALL in codes else tuple(c for c in codes if c is not None)


def _day(cells: dict[str, str], column: str, number: int, errors: list[RowError]) -> date | None:
    """A start date cell (empty: nothing to change)."""
    text = cells.get(column, "").strip()
    found = day(text) if text else None
    if text and found is None:
        errors.append(RowError(number, column, "not-date", {"text": text}))
    return found


def _choice(
    cells: dict[str, str],
    column: str,
    words: dict[str, bool] | dict[str, str],
    code: str,
    number: int,
    errors: list[RowError],
) -> bool | str | None:
    """One of the column's words (empty: nothing to change)."""
    text = cells.get(column, "").strip()
    if text and text not in words:
        errors.append(RowError(number, column, code, {"text": text}))
    return words.get(text) if text else None


async def check(
    session: AsyncSession, table: Table, request: Request
) -> tuple[list[StaffRow], list[RowError]]:
    """Known 工号 within the sender's reach, once each, with 在岗 是 or 否 and known roles."""
    people = await by_key(
        session, Staff, Staff.staff_no, (c.get("工号", "") for _, c in table.rows)
    )
    errors: list[RowError] = []
    rows: list[StaffRow] = []
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        before = len(errors)
        required(cells, KIND.required, number, errors)
        staff_no = cells.get("工号", "")
        person = people.get(staff_no)
        # Another college's 工号 reads as an unknown one, so that 工号 cannot be probed.
        if staff_no and (person is None or not may_offboard(request.actor, person)):
            errors.append(RowError(number, "工号", "unknown-staff", {"no": staff_no}))
            person = None
        if staff_no:
            duplicates(staff_no, number, "工号", seen, errors)
        name = cells.get("姓名", "").strip()
        if person is not None and name and name != person.name:
            args = {"text": name, "no": staff_no, "name": person.name}
            errors.append(RowError(number, "姓名", "name-mismatch", args))
        on_duty = flag(cells.get("在岗", "")) if cells.get("在岗") else None
        if cells.get("在岗") and on_duty is None:
            errors.append(RowError(number, "在岗", "yes-no", {"text": cells["在岗"]}))
        roles = _roles(cells.get("角色", ""), number, errors)
        started, head_started = (
            _day(cells, "任职起始日期", number, errors),
            _day(cells, "班主任起始日期", number, errors),
        )
        full_time = _choice(cells, "专兼职", FULL_TIME, "full-time", number, errors)
        reason = _choice(cells, "离岗原因", REASONS, "leave-reason", number, errors)
        if len(errors) == before and person is not None and on_duty is not None:
            kind = full_time if isinstance(full_time, bool) else None
            why = reason if isinstance(reason, str) else None
            rows.append(StaffRow(person, on_duty, roles, number, started, kind, head_started, why))
    return rows, errors


async def apply(session: AsyncSession, rows: list[StaffRow], request: Request) -> Outcome:
    """Store each row's dates and 专兼职 (a changed date is said in the preview), then end the
    roles of every row with 在岗 = 否, each audited with its 离岗原因."""
    actor_id = request.actor.id if request.actor else None
    ended = 0
    changes: list[RowError] = []
    for row in rows:
        await _store_facts(session, row, changes)
        if not row.on_duty:
            done = await end_roles(
                session,
                staff=row.staff,
                roles=row.roles,
                actor_id=actor_id,
                # The UTC day: imports know no time zone (policy sits above them).
                left_on=request.now.date(),
                via="import",
                reason=row.reason,
            )
            ended += bool(done)
    await session.flush()
    leavers = sum(1 for r in rows if not r.on_duty)
    return Outcome({"people": len(rows), "leavers": leavers, "ended": ended}, changes=changes)


async def _store_facts(session: AsyncSession, row: StaffRow, changes: list[RowError]) -> None:
    """任职起始日期, 专兼职 and 班主任起始日期 (on every class the person leads now)."""
    person = row.staff
    change = PostChange(row.started_on, row.full_time, row.head_started)
    done = await store_post(session, staff=person, change=change)
    notes = [(row.started_on, "任职起始日期", done.started_before)]
    notes += [(row.head_started, "班主任起始日期", old) for old in done.head_before]
    for new, column, old in notes:
        note = start_changed(row.number, column, person, old, new) if new else None
        changes += [note] if note else []


KIND = ListKind(
    code="staff",
    required=("工号", "在岗"),
    optional=("姓名", "学院", "角色", "任职起始日期", "专兼职", "班主任起始日期", "离岗原因"),
    example=(
        "T1001",
        "否",
        "张老师",
        "机电工程学院",
        "全部",
        "2024-09-01",
        "专职",
        "2024-09-01",
        "转岗",
    ),
    check=check,
    apply=apply,
)
