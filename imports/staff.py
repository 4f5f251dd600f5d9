"""教职工名单: one row per staff member; 在岗 = 否 ends that person's roles (offboarding).

在岗 lives here, not in the student roster, because the roster has one row per student and a
teacher appears on many of them (or none, for a leader or admin): "this person has left" is a
fact about one staff member, so it takes a list of staff. Granting roles stays with the roster
and invitations; a 是 row changes nothing, so the HR office's whole list can be sent as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from i18n import t as translate
from imports.cells import duplicates, flag, required
from imports.errors import RowError
from imports.lookup import by_key
from imports.runner import ListKind, Outcome, Request
from imports.tables import Table
from models.offboarding import ROLES, end_roles, may_offboard
from models.org import Staff

ALL = "all"
SEPARATORS = re.compile(r"[、,，;；/\s]+")


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


def _roles(text: str, number: int, errors: list[RowError]) -> tuple[str, ...]:
    """The roles a 角色 cell names (every role when blank or 全部)."""
    codes = [role_code(word) for word in SEPARATORS.split(text.strip()) if word] or [ALL]
    if None in codes:
        errors.append(RowError(number, "角色", "unknown-role", {"text": text}))
        return ()
    return ROLES if ALL in codes else tuple(c for c in codes if c is not None)


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
        if len(errors) == before and person is not None and on_duty is not None:
            rows.append(StaffRow(person, on_duty, roles))
    return rows, errors


async def apply(session: AsyncSession, rows: list[StaffRow], request: Request) -> Outcome:
    """End the roles of every row with 在岗 = 否, each audited; 是 rows change nothing."""
    actor_id = request.actor.id if request.actor else None
    ended = 0
    for row in rows:
        if not row.on_duty:
            done = await end_roles(
                session,
                staff=row.staff,
                roles=row.roles,
                actor_id=actor_id,
                # The UTC day: imports know no time zone (policy sits above them).
                left_on=request.now.date(),
                via="import",
            )
            ended += bool(done)
    await session.flush()
    leavers = sum(1 for r in rows if not r.on_duty)
    return Outcome({"people": len(rows), "leavers": leavers, "ended": ended})


KIND = ListKind(
    code="staff",
    required=("工号", "在岗"),
    optional=("姓名", "学院", "角色"),
    example=("T1001", "否", "张老师", "机电工程学院", "全部"),
    check=check,
    apply=apply,
)
