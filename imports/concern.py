"""The key-concern list (重点关注名单) sent by an administrator: opens or updates spells."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from imports.cells import duplicates, required
from imports.errors import RowError
from imports.lookup import check_student, students_by_no
from imports.runner import ListKind, Outcome, Request
from imports.tables import Table
from models.audit import audit
from models.concern import KeyConcern
from models.org import Student

REASON_WORDS = {
    "心理": "mental",
    "学业": "academic",
    "经济": "financial",
    "身体": "health",
    "家庭": "family",
    "纪律": "discipline",
    "其他": "other",
}
LEVEL_WORDS = {
    "一级": "high",
    "高": "high",
    "二级": "medium",
    "中": "medium",
    "三级": "low",
    "低": "low",
    "": "medium",
}


@dataclass(frozen=True)
class ConcernRow:
    """One checked line: a student, why, and how often to follow up."""

    student: Student
    reason: str
    level: str


async def check(
    session: AsyncSession, table: Table, request: Request
) -> tuple[list[ConcernRow], list[RowError]]:
    """Every line names a known student once, a reason category and a level."""
    if request.actor is None:
        return [], [RowError(1, "", "needs-sender")]
    known = await students_by_no(session, (cells.get("学号", "") for _, cells in table.rows))
    errors: list[RowError] = []
    rows: list[ConcernRow] = []
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        before = len(errors)
        required(cells, KIND.required, number, errors)
        student_no = cells.get("学号", "")
        found = check_student(known, student_no, number, request.actor, errors)
        if student_no:
            duplicates(student_no, number, "学号", seen, errors)
        reason = REASON_WORDS.get(cells.get("关注类别", ""))
        if cells.get("关注类别") and reason is None:
            args = {"words": "/".join(REASON_WORDS), "text": cells["关注类别"]}
            errors.append(RowError(number, "关注类别", "one-of", args))
        level = LEVEL_WORDS.get(cells.get("关注等级", ""))
        if level is None:
            args = {"words": "一级/二级/三级", "text": cells["关注等级"]}
            errors.append(RowError(number, "关注等级", "one-of", args))
        if len(errors) == before and found and reason and level:
            rows.append(ConcernRow(found[0], reason, level))
    return rows, errors


async def apply(session: AsyncSession, rows: list[ConcernRow], request: Request) -> Outcome:
    """Open a spell for each new student, update changed ones; every change audited."""
    # The spell is kept under the person who sent the list (the CLI names one with --by).
    actor, now = request.actor, request.now
    assert actor is not None and actor.id is not None
    ids = [r.student.id for r in rows]
    spells = {
        s.student_id: s
        for s in (
            await session.exec(
                select(KeyConcern).where(
                    col(KeyConcern.student_id).in_(ids), col(KeyConcern.ended_at).is_(None)
                )
            )
        ).all()
    }
    added = changed = 0
    for r in rows:
        assert r.student.id is not None
        spell = spells.get(r.student.id)
        before = None if spell is None else {"reason": spell.reason, "level": spell.level}
        if before == {"reason": r.reason, "level": r.level} and r.student.key_concern:
            continue
        if spell is None:
            spell = KeyConcern(
                student_id=r.student.id,
                reason=r.reason,
                level=r.level,
                marked_by=actor.id,
                started_at=now,
                updated_at=now,
            )
            added += 1
        else:
            spell.reason, spell.level, spell.updated_at = r.reason, r.level, now
            changed += 1
        r.student.key_concern = True
        session.add_all([spell, r.student])
        audit(
            session,
            actor_id=actor.id,
            action="concern.mark" if before is None else "concern.change",
            target=f"student:{r.student.id}",
            before=before,
            after={"reason": r.reason, "level": r.level},
            via="import",
        )
    await session.flush()
    return Outcome({"students": len(rows), "added": added, "changed": changed})


KIND = ListKind(
    code="concerns",
    required=("学号", "关注类别"),
    optional=("关注等级", "姓名"),
    example=("2024010101", "心理", "一级", "王小明"),
    check=check,
    apply=apply,
)
