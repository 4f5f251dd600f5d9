"""The export workbook read back with openpyxl: sheets, cells and quota outcomes."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any, cast
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from i18n import t
from models.records import AuditEntry, WorkRecord
from policy.periods import Period
from reports.records_export import ExportRequest, checkpoints, make_export, notes_allowed
from tests.handlers.factories import make_campus, make_saved_record

SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Rule:
    """Just enough of a rule for the export."""

    id: str


@dataclass(frozen=True)
class Status:
    """Just enough of a RuleStatus for the export."""

    staff_id: int
    rule: Rule
    period: Period
    class_id: int | None
    target: float
    done: float
    status: str
    unit: str | None = None

    @property
    def window(self) -> Period:
        """The whole period counts."""
        return self.period


class CountingPolicy:
    """A stand-in evaluation: C15 counts dorm visits in the month, C09 is never done."""

    def __init__(self) -> None:
        self.calls: list[datetime] = []

    async def evaluate(self, session: AsyncSession, *, now: datetime, staff_ids: list[int]) -> Any:
        """Statuses of the month and week that contain `now`."""
        self.calls.append(now)
        day = now.astimezone(SHANGHAI).date()
        first = day.replace(day=1)
        month = Period("month", first, (first + timedelta(days=32)).replace(day=1) - timedelta(1))
        monday = day - timedelta(days=day.weekday())
        week = Period("week", monday, monday + timedelta(days=6))
        statuses = []
        for staff_id in staff_ids:
            query = select(func.count()).where(
                WorkRecord.staff_id == staff_id,
                WorkRecord.kind == "dorm_visit",
                col(WorkRecord.deleted_at).is_(None),
                col(WorkRecord.occurred_on) >= first,
                col(WorkRecord.occurred_on) <= day,
            )
            done = int((await session.exec(query)).one())
            statuses.append(
                Status(
                    staff_id, Rule("C15"), month, None, 2, done, "met" if done >= 2 else "behind"
                )
            )
            statuses.append(Status(staff_id, Rule("C09"), week, None, 1, 0, "behind"))
        return SimpleNamespace(statuses=statuses)


def test_it_evaluates_on_every_sunday_and_month_end_and_the_last_day() -> None:
    days = checkpoints(date(2026, 11, 1), date(2026, 11, 18))
    assert days == [date(2026, 11, d) for d in (1, 8, 15, 18)]
    assert date(2026, 10, 31) in checkpoints(date(2026, 10, 20), date(2026, 11, 2))


async def test_it_writes_real_dates_and_numbers_and_judges_each_quota(
    session: AsyncSession,
) -> None:
    campus = await make_campus(session)
    for day in (3, 17):
        await make_saved_record(
            session,
            campus.counselor,
            "dorm_visit",
            date(2026, 11, day),
            dorm="7号楼 312",
            note="私密",
        )
    await make_saved_record(
        session,
        campus.counselor,
        "class_meeting",
        date(2026, 11, 11),
        class_id=campus.class_a.id,
        attendance=30,
        hours=2.0,
    )
    policy = CountingPolicy()
    now = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)
    request = ExportRequest(
        actor=campus.counselor,
        staff=[campus.counselor],
        college=None,
        start=date(2026, 11, 1),
        end=date(2026, 11, 30),
        with_notes=True,
        via="test",
    )
    content, _data, name = await make_export(
        session, cast(Any, policy), request, now=now, tz=SHANGHAI, t=t
    )
    assert name == "工作记录_20261101-20261130.xlsx"
    book = load_workbook(io.BytesIO(content))
    visits = list(book["走访宿舍"].iter_rows(values_only=True))
    assert visits[0][:2] == ("日期", "工作类型") and "备注" in visits[0]
    assert [row[0] for row in visits[1:]] == [datetime(2026, 11, 3), datetime(2026, 11, 17)]
    meeting = list(book["主题班会 - 班级活动"].iter_rows(values_only=True))[1]
    assert meeting[7] == 2 and isinstance(meeting[7], int) and meeting[8] == 30
    summary = list(book["完成情况"].iter_rows(values_only=True))
    judged: dict[tuple[Any, Any], tuple[Any, ...]] = {
        (r[0], r[3]): (r[6], r[7], r[8]) for r in summary if r[0] in ("C15", "C09")
    }
    assert judged[("C15", datetime(2026, 11, 1))] == (2, 2, "已完成")
    weeks = sorted(day for rule, day in judged if rule == "C09")
    assert weeks == [datetime(2026, 11, d) for d in (2, 9, 16, 23)]
    assert {judged[("C09", d)][2] for d in weeks} == {"未完成"}
    assert ("记录条数", 3) in [r[:2] for r in summary]
    assert ("未完成", 4) in [r[:2] for r in summary]
    assert max(policy.calls) == datetime(2026, 11, 30, 15, 59, 59, tzinfo=UTC)
    [entry] = (await session.exec(select(AuditEntry))).all()
    assert entry.action == "export.records" and entry.details["records"] == 3


async def test_it_leaves_quotas_of_periods_still_running_open(session: AsyncSession) -> None:
    campus = await make_campus(session)
    await make_saved_record(session, campus.counselor, "dorm_visit", date(2026, 11, 3))
    request = ExportRequest(
        actor=campus.counselor,
        staff=[campus.counselor],
        college=None,
        start=date(2026, 11, 1),
        end=date(2026, 11, 30),
        with_notes=True,
        via="test",
    )
    now = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)
    content, data, _ = await make_export(
        session, cast(Any, CountingPolicy()), request, now=now, tz=SHANGHAI, t=t
    )
    month = [q for q in data.quotas if q.status.rule.id == "C15"]
    assert [(q.outcome, q.status.done) for q in month] == [("open", 1)]
    assert load_workbook(io.BytesIO(content))["完成情况"]["A1"].value.startswith(
        "张老师 的工作记录"
    )


async def test_it_leaves_notes_out_unless_a_leader_of_that_college_asks(
    session: AsyncSession,
) -> None:
    campus = await make_campus(session)
    people = [campus.counselor, campus.head_teacher]

    def ask(actor: Any, college: int | None, with_notes: bool) -> bool:
        return notes_allowed(
            ExportRequest(
                actor, people, college, date(2026, 11, 1), date(2026, 11, 30), with_notes, "test"
            )
        )

    own = campus.college.id
    assert ask(campus.leader, own, True) and not ask(campus.leader, own, False)
    assert not ask(campus.other_leader, own, True)
    assert not ask(campus.counselor, own, True)
    assert ask(None, own, True)
