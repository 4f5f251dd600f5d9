"""Standing conditions read from who is in post: S02 (专职 counselors to students), S03
(转岗 in a year, and 专职 counselors who transfer within their service period), S07 (新聘 head
teachers trained first) and S08 (兼职 counselors' appointments of at least a year).

Each takes facts already read (the organisation, or the year's leavers) and returns results;
none reads the database, so the number of statements stays the evaluation's own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from models.counts import Org
from models.turnover import TRANSFER, Staffing, Turnover
from policy.periods import add_years
from policy.rules import ConditionRule


@dataclass(frozen=True)
class ConditionResult:
    """A standing condition checked for one class (S01), one person (S05, S07, S08), one
    college (S02) or the university (S02, S03: `value` of `total`, against `limit`).

    `info` marks a result shown for information only, never a failure (S02: a counselor with
    more than 200 students, since the article sets an overall ratio, not a cap per person).
    """

    condition_id: str
    ok: bool
    college_id: int | None
    class_id: int | None = None
    staff_id: int | None = None
    value: int | None = None
    limit: int | None = None
    total: int | None = None
    info: bool = False


def staffing_ratio(cond: ConditionRule, org: Org) -> Iterator[ConditionResult]:
    """S02 per college: its students against `limit` per 专职 counselor of the college; and, for
    information, each counselor looking after more than `limit` students."""
    assert cond.limit is not None
    students: dict[int, int] = defaultdict(int)
    posts: dict[int, int] = defaultdict(int)
    for cls in org.classes.values():
        students[cls.college_id] += len(org.students.get(cls.id, ()))
    for staff in org.staff.values():
        if "counselor" not in staff.roles:
            continue
        if staff.full_time and staff.college_id is not None:
            posts[staff.college_id] += 1
        n = sum(len(org.students.get(c, ())) for c in staff.counselor_classes)
        if n > cond.limit:
            yield ConditionResult(
                cond.id, True, staff.college_id, staff_id=staff.id, value=n, limit=cond.limit,
                info=True,
            )  # fmt: skip
    for college_id in sorted(students.keys() | posts.keys()):
        n, ft = students[college_id], posts[college_id]
        if n or ft:
            ok = n <= cond.limit * ft
            yield ConditionResult(cond.id, ok, college_id, value=n, limit=cond.limit, total=ft)


def staffing_of(org: Org) -> Staffing:
    """S02's two numbers from an organisation read whole: no statement of its own."""
    students = sum(len(found) for found in org.students.values())
    posts = sum(1 for s in org.staff.values() if "counselor" in s.roles and s.full_time)
    return Staffing(students, posts)


def university_ratio(cond: ConditionRule, found: Staffing) -> list[ConditionResult]:
    """S02 university-wide: every active student against `limit` per 专职 counselor."""
    if cond.limit is None or not (found.students or found.full_time):
        return []
    ok = found.students <= cond.limit * found.full_time
    return [
        ConditionResult(
            cond.id, ok, None, value=found.students, limit=cond.limit, total=found.full_time
        )
    ]


def check_turnover(cond: ConditionRule, turnover: Turnover) -> list[ConditionResult]:
    """S03: 转岗 this year over the counselors at its start, failing above `limit` percent (with
    nobody at the start there is no share); and each 专职 counselor who transferred before
    serving `years` years from 任职起始日期 (a leaver with no known start is not judged)."""
    found: list[ConditionResult] = []
    if cond.limit is not None and turnover.at_start:
        ok = turnover.transfers * 100 <= cond.limit * turnover.at_start
        found.append(ConditionResult(
            cond.id, ok, None, value=turnover.transfers, limit=cond.limit,
            total=turnover.at_start,
        ))  # fmt: skip
    if cond.years is not None:
        for leaver in turnover.leavers:
            start = leaver.started_on
            if leaver.reason != TRANSFER or not leaver.full_time or start is None:
                continue
            if add_years(start, cond.years) > leaver.left_on:
                found.append(
                    _early(cond, leaver.staff_id, leaver.college_id, start, leaver.left_on)
                )
    return found


def check_part_time_terms(cond: ConditionRule, turnover: Turnover) -> list[ConditionResult]:
    """S08: a 兼职 counselor who left this year before `years` years from 任职起始日期."""
    assert cond.years is not None
    return [
        _early(cond, leaver.staff_id, leaver.college_id, leaver.started_on, leaver.left_on)
        for leaver in turnover.leavers
        if not leaver.full_time
        and leaver.started_on is not None
        and add_years(leaver.started_on, cond.years) > leaver.left_on
    ]


def _early(
    cond: ConditionRule, staff_id: int, college_id: int | None, start: date, left: date
) -> ConditionResult:
    """A person who left before serving `years`: `value` is the whole months served."""
    months = (left.year - start.year) * 12 + left.month - start.month - (left.day < start.day)
    return ConditionResult(
        cond.id, False, college_id, staff_id=staff_id, value=max(0, months), limit=cond.years
    )


def trained_before_post(
    cond: ConditionRule, org: Org, year_start: date, today: date
) -> Iterator[ConditionResult]:
    """S07: each 新聘 head teacher (班主任起始日期 in this academic year, by today) with no
    岗前培训 on or before that day is flagged; a head teacher with no known start is not judged."""
    for staff in org.staff.values():
        start = org.head_starts.get(staff.id)
        if "head_teacher" not in staff.roles or start is None:
            continue
        if not year_start <= start <= today:
            continue
        first = org.first_training.get(staff.id)
        ok = first is not None and first <= start
        yield ConditionResult(cond.id, ok, staff.college_id, staff_id=staff.id)
