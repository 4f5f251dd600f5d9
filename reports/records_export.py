"""Work records and quota results as an .xlsx a 述职 report can be built from.

Over 300 lines: the export's sheets share one row model; one module per sheet is the next
step.
"""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from i18n import Translate
from models.audit import audit
from models.corrections import people_of
from models.org import College, Staff
from models.records import WorkRecord
from models.scope import class_names
from policy.kinds import load_kinds
from reports.workbook import fill_sheet, number, workbook_bytes
from reports.xlsx import DATE_FORMAT, sheet_title

if TYPE_CHECKING:
    from policy.evaluation import RuleStatus
    from policy.service import PolicyService

Cell = str | int | float | date | None
MAX_SPAN_DAYS = 366
SUNDAY = 6
OUTCOMES = ("met", "missed", "open")
RECORD_COLUMNS = ["date", "kind", "subtype", "students", "class", "dorm", "theme", "hours"]
RECORD_COLUMNS += ["attendance", "details"]
QUOTA_COLUMNS = ["rule-id", "rule", "period", "start", "end", "class", "target", "done"]
QUOTA_COLUMNS += ["status"]
QUOTA_WIDTHS = (10, 40, 10, 12, 12, 14, 8, 8, 10)


@dataclass(frozen=True)
class RecordRow:
    """A record with whose it is, and the students and class it concerns, as names."""

    staff: Staff
    record: WorkRecord
    students: str
    class_name: str


@dataclass(frozen=True)
class QuotaRow:
    """One quota of one person in one period: met, missed (ended unmet), or still open."""

    staff: Staff
    status: RuleStatus
    class_name: str
    outcome: str


@dataclass(frozen=True)
class ExportData:
    """Everything one export holds; notes are written only when `with_notes`."""

    title: str
    start: date
    end: date
    generated_at: datetime
    with_notes: bool
    per_person: bool  # columns for whose record it is (college exports)
    records: list[RecordRow]
    quotas: list[QuotaRow]


@dataclass(frozen=True)
class ExportRequest:
    """Who exports whose records for which days; `actor` is None from the command line."""

    actor: Staff | None
    staff: list[Staff]
    college: int | None  # None: a person's export of their own records
    start: date
    end: date
    with_notes: bool
    via: str
    everyone: bool = False


def _label(t: Translate, key: str, fallback: object) -> str:
    """A label, or the raw value when the locale files have none (the translator echoes keys)."""
    text = t(key)
    return str(fallback) if text == key else text


def _details(t: Translate, details: dict[str, object]) -> str | None:
    """Fields kept outside the columns (dorm findings, say), as `label：value` pairs."""
    parts = []
    for key, value in details.items():
        if value not in (None, "", []):
            items = value if isinstance(value, list) else [value]
            shown = "、".join(_label(t, f"option-{v}", v) for v in items)
            parts.append(f"{_label(t, f'field-{key}', key)}：{shown}")
    return "；".join(parts) or None


def _person(data: ExportData, staff: Staff) -> list[Cell]:
    """Name and 工号 cells in a college export; nothing in a person's own."""
    return [staff.name, staff.staff_no] if data.per_person else []


def _record_cells(t: Translate, data: ExportData, row: RecordRow) -> list[Cell]:
    """One record as cells: dates stay dates and numbers stay numbers."""
    r = row.record
    cells = [*_person(data, row.staff), r.occurred_on, t(f"kind-{r.kind}")]
    cells += [_label(t, f"option-{r.subtype}", r.subtype) if r.subtype else None]
    cells += [row.students or None, row.class_name or None, r.dorm, r.theme]
    cells += [number(r.hours) if r.hours is not None else None, r.attendance]
    cells += [_details(t, r.details)] + ([r.note] if data.with_notes else [])
    return [*cells, t("answer-yes") if r.crisis else t("answer-no"), r.follow_up_on]


def _summary(sheet: Worksheet, data: ExportData, t: Translate) -> None:
    """One page: what the export covers, records and hours by kind, quotas met and missed."""
    span = {"from": data.start.isoformat(), "to": data.end.isoformat()}
    sheet.append([t("export-summary-heading", title=data.title, **span)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([t("export-summary-generated", at=f"{data.generated_at:%Y-%m-%d %H:%M}")])
    notes = t("export-notes-included" if data.with_notes else "export-notes-left-out")
    sheet.append([t("export-summary-notes", included=notes)])
    outcomes = Counter(q.outcome for q in data.quotas)
    sheet.append([])
    sheet.append([t("export-summary-records"), len(data.records)])
    for outcome in OUTCOMES:
        sheet.append([t(f"export-summary-{outcome}"), outcomes[outcome]])
    sheet.append([])
    sheet.append([t("export-col-kind"), t("export-summary-records"), t("export-col-hours")])
    for kind, rows in _by_kind(data.records):
        hours = sum(r.record.hours or 0 for r in rows)
        sheet.append([t(f"kind-{kind}"), len(rows), number(hours) if hours else None])
    sheet.append([])
    columns = (["staff", "staff-no"] if data.per_person else []) + QUOTA_COLUMNS
    sheet.append([t(f"export-col-{c}") for c in columns])
    header = sheet.max_row
    for cell in sheet[header]:
        cell.font = Font(bold=True)
    for q in data.quotas:
        s = q.status
        sheet.append(
            [
                *_person(data, q.staff),
                s.rule.id,
                t(f"rule-{s.rule.id}"),
                t(f"export-period-{s.period.kind}"),
                s.period.start,
                s.period.end,
                q.class_name or None,
                number(s.target),
                number(s.done),
                t(f"export-summary-{q.outcome}"),
            ]
        )
    for row in sheet.iter_rows(min_row=header + 1):
        for cell in row:
            if isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
    widths = ((12, 10) if data.per_person else ()) + QUOTA_WIDTHS
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    # One page wide in landscape, so it prints as the appendix of a 述职 report.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _by_kind(rows: Sequence[RecordRow]) -> list[tuple[str, list[RecordRow]]]:
    """Records grouped by kind, in the order of the /log menu."""
    groups: dict[str, list[RecordRow]] = defaultdict(list)
    for row in rows:
        groups[row.record.kind].append(row)
    menu = [k.code for k in load_kinds().kinds]
    order = [k for k in menu if k in groups] + sorted(set(groups) - set(menu))
    return [(kind, groups[kind]) for kind in order]


def render_export(data: ExportData, t: Translate) -> bytes:
    """The .xlsx bytes: the summary first, then one sheet per kind of record."""
    book = Workbook()
    taken: set[str] = set()
    summary = book.active
    assert summary is not None
    summary.title = sheet_title(t("export-sheet-summary"), taken)
    _summary(summary, data, t)
    columns = (["staff", "staff-no"] if data.per_person else []) + RECORD_COLUMNS
    columns += (["note"] if data.with_notes else []) + ["crisis", "follow-up"]
    for kind, rows in _by_kind(data.records):
        sheet = book.create_sheet(sheet_title(t(f"kind-{kind}"), taken))
        fill_sheet(
            sheet,
            [t(f"export-col-{c}") for c in columns],
            [_record_cells(t, data, r) for r in rows],
        )
    return workbook_bytes(book)


def valid_range(start: date, end: date) -> bool:
    """A range that starts before it ends and spans at most a year (a leap year's 366 days)."""
    return start <= end and (end - start).days <= MAX_SPAN_DAYS


def checkpoints(start: date, last: date) -> list[date]:
    """Days to evaluate on: every Sunday and month end in the range, and its last day."""
    days = (start + timedelta(days=n) for n in range((last - start).days + 1))
    ends = {d for d in days if d.weekday() == SUNDAY or (d + timedelta(days=1)).day == 1}
    return sorted(ends | {last})


async def quota_rows(
    session: AsyncSession,
    policy: PolicyService,
    people: Sequence[Staff],
    start: date,
    end: date,
    now: datetime,
    tz: tzinfo,
) -> list[QuotaRow]:
    """Each quota whose period lies in the range, judged at the period's end or as of now.

    1. Evaluate everybody at once on each Sunday and month end, and on the range's last day.
    2. Periods that end on another day (terms) are evaluated again on their last day.
    3. A period is met, missed (it ended unmet), or open (it has not ended yet).
    """
    by_id = {p.id: p for p in people if p.id is not None}
    last = min(end, now.astimezone(tz).date())
    judged: dict[tuple[object, ...], tuple[RuleStatus, date]] = {}

    async def judge(day: date) -> None:
        moment = datetime.combine(day, time(23, 59, 59), tzinfo=tz).astimezone(UTC)
        evaluation = await policy.evaluate(session, now=min(now, moment), staff_ids=list(by_id))
        for s in evaluation.statuses:
            if s.status != "not_applicable" and start <= s.period.start and s.period.end <= end:
                judged[(s.staff_id, s.rule.id, s.period, s.class_id, s.unit)] = (s, day)

    if by_id and start <= last:
        for day in checkpoints(start, last):
            await judge(day)
        for day in sorted({s.period.end for s, on in judged.values() if on < s.period.end <= last}):
            await judge(day)
    names = await class_names(session, ids={s.class_id for s, _ in judged.values()})
    rows = [
        QuotaRow(
            by_id[s.staff_id],
            s,
            names.get(s.class_id or 0, s.unit or ""),
            "met" if s.status == "met" else "missed" if s.window.end <= on else "open",
        )
        for s, on in judged.values()
    ]
    return sorted(rows, key=_quota_order)


def _quota_order(q: QuotaRow) -> tuple[str, date, str, str]:
    """By person (工号), then period, rule and class."""
    return (q.staff.staff_no or q.staff.name, q.status.period.start, q.status.rule.id, q.class_name)


async def record_rows(
    session: AsyncSession, people: Sequence[Staff], start: date, end: date
) -> list[RecordRow]:
    """The counting records of these people in the range, oldest first."""
    by_id = {p.id: p for p in people if p.id is not None}
    query = (
        select(WorkRecord)
        .where(col(WorkRecord.staff_id).in_(list(by_id)), col(WorkRecord.deleted_at).is_(None))
        .where(col(WorkRecord.occurred_on) >= start, col(WorkRecord.occurred_on) <= end)
        .order_by(col(WorkRecord.occurred_on), col(WorkRecord.id))
    )
    records = list((await session.exec(query)).all())
    students, names = await people_of(session, records=records)
    rows = []
    for r in records:
        group = students.get(r.id or 0, [])
        class_ids = [r.class_id] if r.class_id else sorted({s.class_id for s in group})
        who = "、".join(f"{s.name}（{s.student_no}）" for s in group)
        rows.append(RecordRow(by_id[r.staff_id], r, who, "、".join(names[c] for c in class_ids)))
    return rows


def notes_allowed(request: ExportRequest) -> bool:
    """Notes only when asked for: a person's own, a leader of that college's, or the CLI's."""
    actor = request.actor
    if not request.with_notes or actor is None:
        return request.with_notes
    if all(p.id == actor.id for p in request.staff):
        return True
    return actor.is_leader and actor.college_id is not None and actor.college_id == request.college


async def make_export(
    session: AsyncSession,
    policy: PolicyService,
    request: ExportRequest,
    *,
    now: datetime,
    tz: tzinfo,
    t: Translate,
) -> tuple[bytes, ExportData, str]:
    """Gather, render and audit one export; the bytes, what they hold, and a file name."""
    notes, own = notes_allowed(request), request.college is None
    college = await session.get(College, request.college) if request.college else None
    place, name = (college.name if college else ""), request.staff[0].name
    if own:
        title, prefix = t("export-title-mine", name=name), t("export-file-mine")
    else:
        key = "export-title-college" if request.everyone else "export-title-person"
        title, prefix = t(key, college=place, name=name), t("export-file-college")
    records = await record_rows(session, request.staff, request.start, request.end)
    quotas = await quota_rows(session, policy, request.staff, request.start, request.end, now, tz)
    data = ExportData(
        title, request.start, request.end, now.astimezone(tz), notes, not own, records, quotas
    )
    # openpyxl over a college's year of records: off the loop, so the chat stays answered.
    content = await asyncio.to_thread(render_export, data, t)
    actor_id = request.actor.id if request.actor else None
    audit(
        session,
        actor_id=actor_id,
        action="export.records" if own else "export.college",
        target=f"staff:{actor_id}" if own else f"college:{request.college}",
        start=request.start.isoformat(),
        end=request.end.isoformat(),
        with_notes=notes,
        staff="all" if request.everyone else [p.id for p in request.staff],
        records=len(records),
        via=request.via,
    )
    await session.commit()
    return content, data, f"{prefix}_{request.start:%Y%m%d}-{request.end:%Y%m%d}.xlsx"
